#!/bin/bash
# Put a generated table into README.md between the <!-- NAME:begin/end -->
# markers: the scenario table of the last full make test, or make bench's.
# Usage: update-readme.sh TABLE.md [NAME]   (NAME defaults to scenarios)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
table=${1:?usage: update-readme.sh TABLE.md [NAME]}
name=${2:-scenarios}
readme=$TOP/README.md
grep -q "<!-- $name:begin -->" "$readme" || die "README.md has no $name:begin marker"
{
	sed "/<!-- $name:begin -->/q" "$readme"
	if [ "$name" = scenarios ]; then
		echo "_Measured by \`make test\` on $(date -u +%Y-%m-%d), QEMU $(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p') TCG; vanilla = pristine $(make -s -C "$LINUX" kernelversion 2>/dev/null), series = vanilla + patches/._"
		echo
	fi
	cat "$table"
	sed -n "/<!-- $name:end -->/,\$p" "$readme"
} >"$readme.tmp"
mv "$readme.tmp" "$readme"
echo "== readme: $name table updated"
