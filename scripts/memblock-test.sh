#!/bin/bash
# Upstream memblock simulator (tools/testing/memblock) on the series tree,
# with NUMA, in both normal and movable_node (-m) modes.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$LINUX/tools/testing/memblock" || die "no series tree"
make -s NUMA=1 >/dev/null 2>"$BUILD/memblock-build.log" ||
	{ cat "$BUILD/memblock-build.log" | tail -20; echo "#counts 0 1"; exit 1; }
echo "KTAP version 1"
echo "1..2"
pass=0 fail=0 i=0
for mode in "" "-m"; do
	i=$((i + 1))
	out=$(./main -v $mode 2>&1); rc=$?
	okc=$(grep -c '^ok ' <<<"$out"); nok=$(grep -c '^not ok ' <<<"$out")
	if [ $rc = 0 ] && [ "$nok" = 0 ] && [ "$okc" -gt 0 ]; then
		echo "ok $i memblock simulator ${mode:-(default)}: $okc tests passed"; pass=$((pass + 1))
	else
		echo "not ok $i memblock simulator ${mode:-(default)}: rc=$rc, $okc ok, $nok not ok"
		grep -v '^ok ' <<<"$out" | tail -20 | sed 's/^/# /'
		fail=$((fail + 1))
	fi
done
echo "#counts $pass $fail"
[ $fail = 0 ]
