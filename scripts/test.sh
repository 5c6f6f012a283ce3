#!/bin/bash
# make test: every stage, its duration, and one closing line
# "N passed, N failed" (checks, summed over stages). Exit 1 on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
mkdir -p "$BUILD/results"
pass=0 fail=0
declare -a timing=()

# stage NAME COMMAND...: run it, print its output, take its "#counts P F";
# a stage that prints no counts is one check (its exit status).
stage() {
	local name=$1 t0 rc counts p f
	shift
	echo "== stage $name"
	t0=$(date +%s)
	"$@" 2>&1 | tee "$BUILD/results/$name.log" | grep -v '^#counts'
	rc=${PIPESTATUS[0]}
	counts=$(grep '^#counts' "$BUILD/results/$name.log" | tail -1)
	if [ -n "$counts" ]; then
		read -r _ p f <<<"$counts"
	else
		p=$((rc == 0)); f=$((rc != 0))
	fi
	[ $rc != 0 ] && [ "$f" = 0 ] && f=1
	pass=$((pass + p)); fail=$((fail + f))
	timing+=("$(printf '%-12s %5ss  %s' "$name" $(( $(date +%s) - t0 )) \
		"$([ $rc = 0 ] && echo ok || echo FAILED)")")
	echo "== stage $name: $(( $(date +%s) - t0 ))s, rc=$rc"
	return $rc
}

finish() {
	echo "== durations"
	printf '   %s\n' "${timing[@]}"
	echo "$pass passed, $fail failed"
	[ $fail = 0 ]
	exit
}

stage deps "$TOP/scripts/deps.sh" || finish
stage fetch "$TOP/scripts/fetch-kernel.sh" || finish
stage kernels make -s -C "$TOP" kernels || finish
stage initramfs make -s -C "$TOP" initramfs || finish
stage debian "$TOP/scripts/fetch-debian-kernel.sh" || finish
stage checkpatch "$TOP/scripts/checkpatch.sh"
stage memblock "$TOP/scripts/memblock-test.sh"
stage mkfw "$TOP/scripts/mkfw-test.sh"
stage scenarios "$TOP/scripts/run-scenarios.sh"
if [ -z "${SCENARIOS:-}" ] && [ -f "$BUILD/results/scenarios.md" ]; then
	"$TOP/scripts/update-readme.sh" "$BUILD/results/scenarios.md"
fi
finish
