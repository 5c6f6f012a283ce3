#!/bin/bash
# tools/mkfw on machine files it must refuse: each bad machine (a missing,
# truncated, foreign or corrupt SRAT file, or a contradictory description)
# must give exit status 1 and exactly one line on stderr naming the
# problem; a good one must give 0. KTAP; last line "#counts P F".
set -uo pipefail
. "$(dirname "$0")/lib.sh"
mkfw=$("$TOP/scripts/mkfw.sh" --tool) || exit 1
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
good=$TOP/firmware/realfw/qemu-q35-memhp.srat.dat
[ -f "$good" ] || die "no $good"

# srat FILE [checksum-fix]: write a variant of the good SRAT
mk() { cp "$good" "$tmp/$1.dat"; }
poke() {	# FILE OFFSET BYTE: set one byte
	printf "$(printf '\\x%02x' "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
fixsum() {	# FILE: make the bytes sum to 0 again
	local sum
	poke "$1" 9 0
	sum=$(od -An -v -tu1 "$1" | tr -s ' ' '\n' | awk '{ s += $1 } END { print s % 256 }')
	poke "$1" 9 $(( (256 - sum) % 256 ))
}

mk truncated; truncate -s 100 "$tmp/truncated.dat"
mk foreign; poke "$tmp/foreign.dat" 0 0x44; fixsum "$tmp/foreign.dat"
mk badsum; poke "$tmp/badsum.dat" 60 0x7f
mk overrun; poke "$tmp/overrun.dat" 49 200; fixsum "$tmp/overrun.dat"
mk memlen; poke "$tmp/memlen.dat" 65 24; fixsum "$tmp/memlen.dat"
: >"$tmp/empty.dat"

# name | machine file lines | expected exit | stderr regex
cases=(
	"missing file|srat $tmp/nonexistent.dat;ram 1G|1|cannot read SRAT file .*nonexistent.dat.: No such file"
	"empty file|srat $tmp/empty.dat;ram 1G|1|is not an SRAT"
	"foreign table|srat $tmp/foreign.dat;ram 1G|1|is not an SRAT"
	"truncated|srat $tmp/truncated.dat;ram 1G|1|header says 264 bytes, file has 100"
	"bad checksum|srat $tmp/badsum.dat;ram 1G|1|bad checksum"
	"subtable overrun|srat $tmp/overrun.dat;ram 1G|1|subtable at offset [0-9]+ overruns"
	"memory entry length|srat $tmp/memlen.dat;ram 1G|1|memory affinity at offset 64 has length 24"
	"no ram|srat $good|1|srat machine without 'ram <size>'"
	"srat and nodes|node 0 1G;srat $good;ram 1G|1|either node lines or an srat file"
	"srat without file|srat|1|srat without a file"
	"low above ram|srat $good;ram 1G low=2G|1|low=2048 MiB"
	"good srat|srat $good;ram 128M|0|"
	"good nodes|node 0 1G;node 1 1G hotplug|0|"
)
echo "KTAP version 1"
echo "1..${#cases[@]}"
pass=0 fail=0 i=0
for c in "${cases[@]}"; do
	IFS='|' read -r name lines want re <<<"$c"
	i=$((i + 1))
	tr ';' '\n' <<<"$lines" >"$tmp/m.machine"
	mkdir -p "$tmp/out"
	"$mkfw" "$tmp/m.machine" "$tmp/out" >/dev/null 2>"$tmp/err"
	rc=$?
	nl=$(wc -l <"$tmp/err")
	if [ $rc = "$want" ] && if [ "$want" = 0 ]; then [ "$nl" = 0 ]; else
		[ "$nl" = 1 ] && grep -Eq "$re" "$tmp/err"; fi; then
		echo "ok $i $name: exit $rc $(sed "s|$tmp/||g" "$tmp/err")"
		pass=$((pass + 1))
	else
		echo "not ok $i $name: exit $rc (want $want), $nl stderr lines (want $([ "$want" = 0 ] && echo none || echo "1 matching '$re'"))"
		sed 's/^/# /' "$tmp/err"
		fail=$((fail + 1))
	fi
done
echo "#counts $pass $fail"
[ $fail = 0 ]
