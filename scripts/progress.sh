#!/bin/bash
# Run a long build and say how far it is, every 30 s, until it ends.
# Usage: progress.sh NAME LOG COUNTFILE COMMAND...
# A step is one kbuild action line of LOG ("  CC", "  LD", "  HOSTCC",
# ccache hits included), counted against COUNTFILE, the number of steps of
# the previous full build; the line names the step it is at and the time
# left at the rate so far. COMMAND's output goes to LOG; the exit status is
# COMMAND's (its first errors are printed on failure).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
name=$1 log=$2 countf=$3
shift 3
t0=$(date +%s)
prev=$(cat "$countf" 2>/dev/null || true)
"$@" >"$log" 2>&1 &
pid=$!
steps() { grep -cE '^  [A-Z][A-Z0-9_]* ' "$log" || true; }
while kill -0 $pid 2>/dev/null; do
	for _ in $(seq 30); do kill -0 $pid 2>/dev/null && sleep 1; done
	kill -0 $pid 2>/dev/null || break
	el=$(( $(date +%s) - t0 ))
	n=$(steps)
	at=$(grep -E '^  [A-Z][A-Z0-9_]* ' "$log" | tail -1 | awk '{print $1, ($2 == "[M]" ? $3 : $2)}')
	if [ -n "$prev" ] && [ "$n" -gt 0 ] && [ "$n" -lt "$prev" ]; then
		left=$(( el * (prev - n) / n ))
		eta="about $((left / 60))m$((left % 60))s left"
		of="$n of ~$prev steps"
	elif [ -n "$prev" ]; then
		eta="past the previous build's $prev steps"
		of="$n steps"
	else
		eta="no earlier build to estimate from"
		of="$n steps"
	fi
	say "$name: $of (now ${at:-preparing}), $((el / 60))m$((el % 60))s, $eta"
done
wait $pid
rc=$?
n=$(steps)
el=$(( $(date +%s) - t0 ))
if [ $rc != 0 ]; then
	grep -E 'error|Error' "$log" | head -20
	echo "error: $name failed after $n steps (full log: $log)" >&2
	exit $rc
fi
# Only a build from scratch (or all ccache hits) sets the reference.
if [ "$n" -gt 100 ] && { [ -z "$prev" ] || [ "$n" -gt $((prev / 2)) ]; }; then
	echo "$n" >"$countf"
fi
say "$name: $n steps in $((el / 60))m$((el % 60))s"
