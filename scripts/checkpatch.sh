#!/bin/bash
# checkpatch.pl --strict on every patch of the series; KTAP, one line each.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
mapfile -t list < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/patches/series")
echo "KTAP version 1"
echo "1..${#list[@]}"
[ ${#list[@]} -gt 0 ] || echo "# SKIP: the series has no patches yet"
pass=0 fail=0 i=0
for p in "${list[@]}"; do
	i=$((i + 1))
	# FILE_PATH_CHANGES fires on every added file, whether or not
	# MAINTAINERS covers it; check the coverage itself instead.
	# UNKNOWN_COMMIT_ID: the tree is Debian's tarball, with no history
	# to look a Fixes: id up in (the ids are upstream's, checked by hand).
	out=$(cd "$LINUX" && ./scripts/checkpatch.pl --strict --terse --no-tree \
		--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$TOP/patches/$p" 2>&1 | grep -E 'ERROR|WARNING|CHECK')
	for f in $(awk '/^diff --git /{f=substr($4,3)} /^new file mode/{print f}' "$TOP/patches/$p"); do
		sections=$(cd "$LINUX" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
			--sections -f "$f" 2>&1 | grep -v '^[[:space:]]' | grep -v '^[A-Z]:' | grep -v '^THE REST$')
		[ -n "$sections" ] || out+=$'\n'"$f: new file not covered by MAINTAINERS"
	done
	if [ -z "$out" ]; then
		echo "ok $i $p"; pass=$((pass + 1))
	else
		echo "not ok $i $p"; sed 's/^/# /' <<<"$out" | head -20; fail=$((fail + 1))
	fi
done
echo "#counts $pass $fail"
[ $fail = 0 ]
