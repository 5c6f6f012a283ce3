#!/bin/bash
# Generate a machine's firmware tables: build/fw/MACHINE/{srat.aml,
# ssdt-node<N>.aml, machine.env}, from machines/MACHINE.machine.
# Usage: mkfw.sh MACHINE
set -euo pipefail
. "$(dirname "$0")/lib.sh"
m=${1:?usage: mkfw.sh MACHINE}
src=$TOP/machines/$m.machine
[ -f "$src" ] || die "unknown machine '$m' (have: $(cd "$TOP/machines" && ls *.machine | sed 's/\.machine$//' | tr '\n' ' '))"
need gcc iasl
mkdir -p "$BUILD/tools"
mkfw=$BUILD/tools/mkfw
if [ ! -x "$mkfw" ] || [ "$TOP/tools/mkfw.c" -nt "$mkfw" ]; then
	gcc -O2 -Wall -Wextra -Werror -o "$mkfw" "$TOP/tools/mkfw.c"
fi
out=$BUILD/fw/$m
rm -rf "$out" && mkdir -p "$out"
"$mkfw" "$src" "$out" >"$out/layout.txt" || exit 1
for dsl in "$out"/ssdt-node*.dsl; do
	[ -e "$dsl" ] || continue
	iasl -p "${dsl%.dsl}" "$dsl" >"$dsl.log" 2>&1 ||
		die "iasl failed on $dsl: $(grep -m1 -i error "$dsl.log")"
done
