#!/bin/bash
# Put the measured scenario table (from the last full run) into README.md,
# between the scenarios:begin/end markers.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
table=${1:?usage: update-readme.sh TABLE.md}
readme=$TOP/README.md
grep -q '<!-- scenarios:begin -->' "$readme" || die "README.md has no scenarios:begin marker"
{
	sed '/<!-- scenarios:begin -->/q' "$readme"
	echo "_Measured by \`make test\` on $(date -u +%Y-%m-%d), QEMU $(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p') TCG; vanilla = pristine $(make -s -C "$LINUX" kernelversion 2>/dev/null), series = vanilla + patches/._"
	echo
	cat "$table"
	sed -n '/<!-- scenarios:end -->/,$p' "$readme"
} >"$readme.tmp"
mv "$readme.tmp" "$readme"
echo "== readme: scenario table updated"
