#!/bin/bash
# Make build/linux HEAD = base + patches/series (git am), unless it already is.
# Refuses to throw away commits in build/linux that are not in patches/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LINUX"
series=$TOP/patches/series
[ -f "$series" ] || die "no $series"

patch_ids() {	# stable patch-ids of the commits base..HEAD
	git log --reverse --format=%H base..HEAD | while read -r c; do
		git show "$c" | git patch-id --stable | cut -d' ' -f1
	done
}
series_files() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series"; }
want=$(series_files | while read -r p; do
	[ -f "$TOP/patches/$p" ] || die "patches/series names missing $p"
	git patch-id --stable <"$TOP/patches/$p" | cut -d' ' -f1
done)
have=$(patch_ids)
if [ "$want" = "$have" ]; then
	echo "== series: build/linux already at base + $(echo -n "$want" | grep -c .) patches"
else
	if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
		die "build/linux has uncommitted changes; commit and 'make export', or 'make reset-tree'"
	fi
	for id in $have; do
		echo "$want" | grep -qx "$id" ||
			[ "${FORCE:-0}" = 1 ] ||
			die "build/linux has commits not in patches/ (run 'make export' first, or FORCE=1 to drop them)"
	done
	git am --abort >/dev/null 2>&1 || true
	git checkout -q -B series base
	n=0
	while read -r p; do
		git am -q --keep-cr "$TOP/patches/$p" || die "patch $p does not apply (git -C $LINUX am --abort)"
		n=$((n + 1))
	done < <(series_files)
	say "series: applied $n patches on base"
fi
if [ ! -e "$VANILLA/.git" ]; then
	git worktree prune
	git worktree add -q --detach "$VANILLA" base
	say "series: vanilla worktree at base in $VANILLA"
fi
