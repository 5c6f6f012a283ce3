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
	--no-renames --cover-letter -o "$tmp" base..HEAD
# The cover letter keeps its subject and text; shortlog and diffstat are new.
cover=$TOP/patches/0000-cover-letter.patch
if [ -f "$cover" ]; then
	awk -v old="$cover" '
		BEGIN {
			while ((getline l < old) > 0) {
				if (l ~ /^Subject: /) { subj = l; inbody = 1; skip = 1; continue }
				if (inbody && l ~ /^Movable ACPI series \([0-9]+\):$/) break
				if (inbody && skip && l ~ /^ /) { subj = subj "\n" l; continue }
				skip = 0
				if (inbody) body = body l "\n"
			}
		}
		/^Subject: / { print subj; hdr = 1; next }
		hdr && /^ / { next }
		{ hdr = 0 }
		/^\*\*\* BLURB HERE \*\*\*$/ { sub(/\n+$/, "\n", body); sub(/^\n+/, "", body); printf "%s", body; next }
		{ print }' "$tmp/0000-cover-letter.patch" >"$tmp/cover" &&
		mv "$tmp/cover" "$tmp/0000-cover-letter.patch"
fi
rm -f "$TOP"/patches/*.patch
{
	echo "# Movable ACPI series, in order; applied with git am on pristine 6.12."
	echo "# 0000-cover-letter.patch is the design document, not applied."
	for p in "$tmp"/*.patch; do
		[ -e "$p" ] || continue
		mv "$p" "$TOP/patches/"
		[[ $p == */0000-cover-letter.patch ]] || basename "$p"
	done
} >"$TOP/patches/series"
rmdir "$tmp"
say "export: $(grep -vc '^#' "$TOP/patches/series") patches in patches/ (commit them)"
