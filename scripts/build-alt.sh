#!/bin/bash
# Build the "hot-add at boot" alternative in build/alt (make compare-alt):
# base + the first N patches of patches/ ("base N" in patches-alt/series) +
# the patches of patches-alt/. A git worktree of build/linux; rebuilt from
# the patch files whenever they change.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ALT=$BUILD/alt
list=$TOP/patches-alt/series
[ -e "$LINUX/.git" ] || die "no $LINUX (run 'make fetch')"
n=$(awk '$1 == "base" {print $2}' "$list")
mapfile -t own < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e '/^base /d' "$list")
mapfile -t first < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/patches/series" | head -n "$n")
stamp=$(cd "$TOP" && cat "${first[@]/#/patches/}" "${own[@]/#/patches-alt/}" | sha256sum | cut -c1-16)
if [ "$(cat "$ALT/.wb-alt-stamp" 2>/dev/null)" != "$stamp" ]; then
	git -C "$LINUX" worktree prune
	[ -e "$ALT/.git" ] || git -C "$LINUX" worktree add -q --detach "$ALT" base
	cd "$ALT"
	git am --abort >/dev/null 2>&1 || true
	git checkout -q -B alt base
	for p in "${first[@]/#/$TOP/patches/}" "${own[@]/#/$TOP/patches-alt/}"; do
		git am -q --keep-cr "$p" || die "$(basename "$p") does not apply to build/alt"
	done
	echo "$stamp" >.wb-alt-stamp
	say "alt: base + $n series patches + ${#own[@]} of patches-alt/"
fi
exec "$TOP/scripts/build-kernel.sh" "$ALT"
