#!/bin/bash
# Generate a machine's firmware tables: build/fw/MACHINE/{srat.aml,
# ssdt-node<N>.aml, machine.env}, from machines/MACHINE.machine.
# Usage: mkfw.sh MACHINE; "mkfw.sh --tool" only builds mkfw and prints its path.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
m=${1:?usage: mkfw.sh MACHINE | --tool}

# build/tools/mkfw from tools/mkfw.c, when it is older
mkfw=$BUILD/tools/mkfw
if [ ! -x "$mkfw" ] || [ "$TOP/tools/mkfw.c" -nt "$mkfw" ]; then
	need gcc
	mkdir -p "$BUILD/tools"
	gcc -O2 -Wall -Wextra -Werror -o "$mkfw" "$TOP/tools/mkfw.c"
fi
[ "$m" = --tool ] && { echo "$mkfw"; exit 0; }

cd "$TOP"	# srat files are named relative to the project root
src=$TOP/machines/$m.machine
[ -f "$src" ] || die "unknown machine '$m' (have: $(cd "$TOP/machines" && ls *.machine | sed 's/\.machine$//' | tr '\n' ' '))"
need iasl
out=$BUILD/fw/$m
# Up to date (same machine file, SRAT file and mkfw): leave it alone, so
# that boots of the same machine can run side by side.
stamp=$(cat "$src" $(awk '$1 == "srat" {print $2}' "$src") "$mkfw" | sha256sum | cut -c1-16)
[ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ] && exit 0
rm -rf "$out" && mkdir -p "$out"
"$mkfw" "$src" "$out" >"$out/layout.txt" || exit 1
for dsl in "$out"/ssdt-node*.dsl; do
	[ -e "$dsl" ] || continue
	iasl -p "${dsl%.dsl}" "$dsl" >"$dsl.log" 2>&1 ||
		die "iasl failed on $dsl: $(grep -m1 -i error "$dsl.log")"
done
echo "$stamp" >"$out/.stamp"
