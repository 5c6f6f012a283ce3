#!/bin/bash
# checkpatch.pl --strict on every patch of the series; KTAP, one line each.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
mapfile -t list < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/patches/series")
echo "KTAP version 1"
echo "1..${#list[@]}"
[ ${#list[@]} -gt 0 ] || echo "# SKIP: the series has no patches yet"
pass=0 fail=0 i=0
for p in "${list[@]}"; do
	i=$((i + 1))
	if out=$(cd "$LINUX" && ./scripts/checkpatch.pl --strict --terse --no-tree \
		"$TOP/patches/$p" 2>&1) && ! grep -qE 'ERROR|WARNING|CHECK' <<<"$out"; then
		echo "ok $i $p"; pass=$((pass + 1))
	else
		echo "not ok $i $p"; sed 's/^/# /' <<<"$out" | head -20; fail=$((fail + 1))
	fi
done
echo "#counts $pass $fail"
[ $fail = 0 ]
