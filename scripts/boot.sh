#!/bin/bash
# Boot one kernel on one machine under QEMU (TCG) and collect what happened.
# Usage: boot.sh BZIMAGE INITRD MACHINE "CMDLINE" STEPS OUTDIR [TIMEOUT_S]
# Writes OUTDIR/console.log (ttyS0: kernel log and narration), OUTDIR/facts
# (ttyS1: key=value from the guest) and OUTDIR/status, one word:
#   ok       the guest ran all steps and powered off
#   panic    the kernel panicked ("Kernel panic" or, before it can,
#            "PANIC: early exception" on the console)
#   timeout  the guest did not finish within TIMEOUT_S seconds
#   died     QEMU ended without the guest finishing
# Exit status: 0 when status is ok, 1 otherwise, 2 bad usage.
# OUTDIR "-" boots interactively instead: the console on this terminal
# (Ctrl-A X quits), facts discarded, no time limit (make shell).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -ge 6 ] || { echo "usage: boot.sh BZIMAGE INITRD MACHINE CMDLINE STEPS OUTDIR [TIMEOUT]" >&2; exit 2; }
kernel=$1 initrd=$2 machine=$3 cmdline=$4 steps=$5 out=$6 limit=${7:-240}
need qemu-system-x86_64 timeout
[ -f "$kernel" ] || die "no kernel image $kernel"
"$TOP/scripts/mkfw.sh" "$machine" || exit 2
fw=$BUILD/fw/$machine
. "$fw/machine.env"

# No -numa: QEMU would build an SRAT of its own first (see README).
# CPU: the machine's (default "max": 1 GiB pages and 5-level paging, as on
# current servers); CPU=... overrides it for one run.
qemu=(qemu-system-x86_64
	-machine "q35,max-ram-below-4g=${WB_LOW_MB}M" -accel tcg -cpu "${CPU:-$WB_CPU}"
	-smp "$WB_CPUS,sockets=$WB_CPUS,cores=1,threads=1" -m "${WB_MEM_MB}M"
	-kernel "$kernel" -initrd "$initrd"
	-append "earlyprintk=serial,ttyS0,115200 console=ttyS0 panic=-1 oops=panic $cmdline wb.steps=$steps"
	-nodefaults -display none -no-reboot)
# Guests larger than the host: only what the guest touches (the memory map,
# 1.6%) is backed, and the allocation does not count against overcommit.
[ "$WB_MEM_MB" -gt 16640 ] && qemu+=(
	-object "memory-backend-ram,id=ram0,size=${WB_MEM_MB}M,reserve=off"
	-machine memory-backend=ram0)
for t in "$fw/srat.aml" "$fw"/ssdt-node*.aml; do
	[ -e "$t" ] && qemu+=(-acpitable "file=$t")
done
[ "$out" = - ] && exec "${qemu[@]}" -serial mon:stdio -serial null

mkdir -p "$out"
rm -f "$out"/{console.log,facts,status}
: >"$out/facts"
timeout -k 5 "$limit" "${qemu[@]}" \
	-serial "file:$out/console.log" -serial "file:$out/facts" \
	>"$out/qemu.log" 2>&1 &
qpid=$!
# An exception before the kernel can panic halts the CPU for good: stop
# waiting for the time limit once the console says so.
while kill -0 $qpid 2>/dev/null; do
	grep -q 'PANIC: early exception' "$out/console.log" 2>/dev/null &&
		{ kill $qpid; break; }
	sleep 1
done
wait $qpid
rc=$?
sed -i 's/\r$//' "$out/console.log" "$out/facts" 2>/dev/null
if grep -qx 'done=ok' "$out/facts"; then
	status=ok
elif grep -qE 'Kernel panic|PANIC: early exception' "$out/console.log" 2>/dev/null; then
	status=panic
elif [ $rc = 124 ] || [ $rc = 137 ]; then
	status=timeout
else
	status=died
fi
echo "$status" >"$out/status"
[ $status = ok ]
