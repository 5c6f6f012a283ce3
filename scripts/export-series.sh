#!/bin/bash
# Export base..HEAD of build/linux to patches/ (one file per commit, stable
# names, no tool-version noise) and rewrite patches/series.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LINUX"
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes: commit them first"
tmp=$(mktemp -d)
git format-patch -q --no-signature --zero-commit --no-numbered --full-index \
	--no-renames -o "$tmp" base..HEAD
rm -f "$TOP"/patches/*.patch
{
	echo "# Movable ACPI series, in order; applied with git am on pristine 6.12."
	for p in "$tmp"/*.patch; do
		[ -e "$p" ] || continue
		mv "$p" "$TOP/patches/"
		basename "$p"
	done
} >"$TOP/patches/series"
rmdir "$tmp"
say "export: $(grep -vc '^#' "$TOP/patches/series") patches in patches/ (commit them)"
