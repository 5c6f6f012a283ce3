#!/bin/bash
# Build the kernel at every patch of the series (bisectability), in a
# separate worktree build/bisect so build/linux is left alone.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
wt=$BUILD/bisect
[ -e "$wt/.git" ] || git -C "$LINUX" worktree add -q --detach "$wt" base || exit 1
mapfile -t commits < <(git -C "$LINUX" rev-list --reverse base..HEAD)
echo "KTAP version 1"
echo "1..${#commits[@]}"
pass=0 fail=0 i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	git -C "$wt" checkout -q --detach "$c"
	subj=$(git -C "$wt" log -1 --format=%s)
	if "$TOP/scripts/build-kernel.sh" "$wt" >/dev/null 2>"$BUILD/bisect-$i.log"; then
		echo "ok $i $subj"; pass=$((pass + 1))
	else
		echo "not ok $i $subj"; tail -5 "$BUILD/bisect-$i.log" | sed 's/^/# /'; fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
