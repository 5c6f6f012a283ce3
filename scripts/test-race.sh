#!/bin/bash
# The node-with-CPU race (scenario demo-movable_node-race) RUNS times on
# each kernel: the series must pass every run, vanilla's crashes are
# counted (6.12.117 can read a NULL preferred zone in the allocator's fast
# path while node 1 empties). KTAP, one line per series run; the last line
# is "N passed, N failed" for the series, vanilla's crash count beside it.
# Env: RUNS (default 20), VANILLA_RUNS (how many of them boot vanilla too,
# default all), SCENARIO (default demo-movable_node-race).
# Exit status: 0 every series run passed, 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
runs=${RUNS:-20}
vruns=${VANILLA_RUNS:-$runs}
scen=${SCENARIO:-demo-movable_node-race}
echo "KTAP version 1"
echo "1..$runs"
pass=0 fail=0 crashes=0
rm -rf "$BUILD/results-race"
for i in $(seq "$runs"); do
	res=$BUILD/results-race/$i
	kernels="series"
	[ "$i" -le "$vruns" ] && kernels="vanilla series"
	out=$(RESULTS=$res SCENARIOS=$scen KERNELS=$kernels "$TOP/scripts/run-scenarios.sh" 2>&1)
	vst=$(cat "$res/$scen/vanilla/status" 2>/dev/null || echo not-run)
	[ "$vst" = ok ] || [ "$vst" = not-run ] || crashes=$((crashes + 1))
	if grep -q "^ok [0-9]* $scen/series$" <<<"$out"; then
		echo "ok $i $scen/series # vanilla: $vst"; pass=$((pass + 1))
	else
		echo "not ok $i $scen/series # vanilla: $vst"
		grep -A3 '^    not ok\|last 30 console' <<<"$out" | head -20 | sed 's/^/# /'
		fail=$((fail + 1))
	fi
done
vst=$(cat "$BUILD"/results-race/*/"$scen"/vanilla/status 2>/dev/null | sort | uniq -c |
	sed 's/^ *\([0-9]*\) \(.*\)/\1 \2/' | paste -sd, - | sed 's/,/, /g')
echo "# vanilla: $crashes of $vruns runs did not finish ($vst)"
{
	echo "_\`make test-race\` on $(date -u +%Y-%m-%d), $scen:_"
	echo
	echo "| kernel | runs | passed | outcomes |"
	echo "|---|---|---|---|"
	echo "| series | $runs | $pass | $pass ok, $fail failed |"
	echo "| vanilla 6.12 | $vruns | $((vruns - crashes)) | $vst |"
} >"$BUILD/results-race/race.md"
[ "${SCENARIO:-}" ] || "$TOP/scripts/update-readme.sh" "$BUILD/results-race/race.md" race
echo "$pass passed, $fail failed"
[ $fail = 0 ]
