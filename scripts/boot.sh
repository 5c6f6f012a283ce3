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
#
# A machine that says "hotadd slots=N" (tools/mkfw.c) boots with QEMU -numa
# (one memory backend per node, the node's CPUs, -m RAM,slots=N,maxmem=...),
# so that pc-dimms can be added to a node; QEMU then writes an SRAT of its
# own, and the machine's SRAT replaces it through the kernel's initrd table
# upgrade: an uncompressed cpio holding kernel/firmware/acpi/srat.aml goes
# before INITRD (log "ACPI: Table Upgrade: override [SRAT-BOCHS -BXPC    ]").
# Other machines boot exactly as before.
#
# Host requests (hotadd machines): QEMU listens for QMP on OUTDIR/qmp.sock
# (a /tmp path if that is too long; BUILD/fw/MACHINE/qmp.sock for "-",
# where nothing serves requests: drive it with tools/qmp.py). The guest asks
# for something by writing one fact line to ttyS1 (the facts port, which
# only the guest's init writes to, so no kernel line can split it):
#   host.req<N>=dimm-add ID NODE SIZE   object-add memory-backend-ram
#                                       id=mem-ID size=SIZE (<n>M|<n>G),
#                                       device_add pc-dimm id=ID node=NODE
#   host.req<N>=dimm-del ID             device_del ID, wait for
#                                       DEVICE_DELETED, object-del mem-ID
# ID is [A-Za-z0-9_-]+. The host checks the facts once a second and serves
# complete lines in order, one at a time (tools/qmp.py), logging each
# request, the QMP exchange and "ok ..."/"error ..." to OUTDIR/qmp.log. It
# sends no answer: the guest watches sysfs for the memory blocks to appear
# or go, with a time limit of its own (guest/init, step readd).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -ge 6 ] || { echo "usage: boot.sh BZIMAGE INITRD MACHINE CMDLINE STEPS OUTDIR [TIMEOUT]" >&2; exit 2; }
kernel=$1 initrd=$2 machine=$3 cmdline=$4 steps=$5 out=$6 limit=${7:-240}
need qemu-system-x86_64 timeout
[ -f "$kernel" ] || die "no kernel image $kernel"
"$TOP/scripts/mkfw.sh" "$machine" || exit 2
fw=$BUILD/fw/$machine
. "$fw/machine.env"

hotadd=${WB_HOTADD_SLOTS:-0}
mem=(-m "${WB_MEM_MB}M") qinitrd=$initrd sock=
if [ "$hotadd" -gt 0 ]; then
	need cpio python3
	mem=(-m "${WB_MEM_MB}M,slots=$hotadd,maxmem=${WB_MAXMEM_MB}M")
	# The table upgrade: uncompressed newc cpio first, then INITRD.
	up=$(mktemp -d)
	mkdir -p "$up/kernel/firmware/acpi"
	cp "$fw/srat.aml" "$up/kernel/firmware/acpi/srat.aml"
	(cd "$up" && find kernel | cpio -o -H newc --quiet) >"$fw/srat-upgrade.cpio"
	rm -rf "$up"
	if [ "$out" = - ]; then
		qinitrd=$fw/initrd-upgrade.img sock=$fw/qmp.sock
	else
		mkdir -p "$out"
		qinitrd=$out/initrd-upgrade.img sock=$out/qmp.sock
		[ ${#sock} -le 100 ] || sock=/tmp/wb-qmp.$$.sock	# sun_path: 108
	fi
	cat "$fw/srat-upgrade.cpio" "$initrd" >"$qinitrd"
	rm -f "$sock"
	# A KASLR kernel (Debian's) picks its physical place in the
	# decompressor, by the SRAT of the firmware (QEMU's, no Hot Pluggable
	# on boot memory), not by the upgraded one: it landed in the
	# hot-pluggable node 2 of 4 boots, and movable_node then keeps that
	# node. Real firmware's SRAT is the one the decompressor reads, so
	# this is the rig's artefact: boot such kernels where firmware would
	# have let them. Our own builds have no RANDOMIZE_BASE.
	cmdline="nokaslr $cmdline"
fi

# No -numa unless the machine hot-adds: QEMU would build an SRAT of its own
# first (see README; hotadd machines replace it, above).
# CPU: the machine's (default "max": 1 GiB pages and 5-level paging, as on
# current servers); CPU=... overrides it for one run.
qemu=(qemu-system-x86_64
	-machine "q35,max-ram-below-4g=${WB_LOW_MB}M" -accel "${WB_ACCEL:-tcg}" -cpu "${CPU:-$WB_CPU}"
	-smp "$WB_CPUS,sockets=$WB_CPUS,cores=1,threads=1" "${mem[@]}"
	-kernel "$kernel" -initrd "$qinitrd"
	-append "earlyprintk=serial,ttyS0,115200 console=ttyS0 panic=-1 oops=panic $cmdline wb.steps=$steps"
	-nodefaults -display none -no-reboot)
# Guests larger than the host: only what the guest touches (the memory map,
# 1.6%) is backed, and the allocation does not count against overcommit.
reserve=
[ "$WB_MEM_MB" -gt 16640 ] && reserve=,reserve=off
[ "$hotadd" = 0 ] && [ -n "$reserve" ] && qemu+=(
	-object "memory-backend-ram,id=ram0,size=${WB_MEM_MB}M$reserve"
	-machine memory-backend=ram0)
if [ "$hotadd" -gt 0 ]; then
	# QEMU -numa: node ids are PXMs; memory backends in node order (node 0
	# below 4 GiB, the others from 4 GiB up, as mkfw lays them out); CPU
	# sockets in node order, as the SRAT numbers APIC ids.
	socket=0
	for n in $WB_NUMA; do	# id:MiB:cpus
		IFS=: read -r id mb cpus <<<"$n"
		qemu+=(-object "memory-backend-ram,id=wbnode$id,size=${mb}M$reserve"
			-numa "node,nodeid=$id,memdev=wbnode$id")
		for ((c = 0; c < cpus; c++, socket++)); do
			qemu+=(-numa "cpu,node-id=$id,socket-id=$socket")
		done
	done
	qemu+=(-qmp "unix:$sock,server=on,wait=off")
fi
for t in "$fw/srat.aml" "$fw"/ssdt-node*.aml; do
	[ "$hotadd" -gt 0 ] && [ "$t" = "$fw/srat.aml" ] && continue	# in the initrd
	[ -e "$t" ] && qemu+=(-acpitable "file=$t")
done
# WB_DRIVE: a root file system image (make test-distro), changes discarded.
[ -n "${WB_DRIVE:-}" ] && qemu+=(-drive "file=$WB_DRIVE,if=virtio,format=raw,snapshot=on")
[ "$out" = - ] && exec "${qemu[@]}" -serial mon:stdio -serial null

mkdir -p "$out"
rm -f "$out"/{console.log,facts,status,qmp.log}
: >"$out/facts"
timeout -k 5 "$limit" "${qemu[@]}" \
	-serial "file:$out/console.log" -serial "file:$out/facts" \
	>"$out/qemu.log" 2>&1 &
qpid=$!

# Serve the guest's host.req<N>= lines (see the header), complete lines
# only, in order, one helper at a time.
served=0 helper=
serve() {
	local buf line req n=0
	[ -n "$helper" ] && kill -0 "$helper" 2>/dev/null && return
	buf=$(cat "$out/facts"; echo .) buf=${buf%.}
	buf=${buf%"${buf##*$'\n'}"}	# drop a line still being written
	while IFS= read -r line; do
		line=${line%$'\r'}
		[[ $line == host.req*=* ]] || continue
		n=$((n + 1))
		[ $n -le $served ] && continue
		served=$n req=${line#*=}
		echo "== $(date +%T) request $n: $req" >>"$out/qmp.log"
		if [ "$hotadd" = 0 ]; then
			echo "error: machine $machine has no hotadd (no QMP)" >>"$out/qmp.log"
		elif ! [[ $req =~ ^(dimm-add\ [A-Za-z0-9_-]+\ [0-9]+\ [0-9]+[MG]|dimm-del\ [A-Za-z0-9_-]+)$ ]]; then
			echo "error: malformed request" >>"$out/qmp.log"
		else
			# shellcheck disable=SC2086 # checked words, split on purpose
			python3 "$TOP/tools/qmp.py" "$sock" $req >>"$out/qmp.log" 2>&1 &
			helper=$!
			return
		fi
	done <<<"$buf"
}
# An exception before the kernel can panic halts the CPU for good: stop
# waiting for the time limit once the console says so.
while kill -0 $qpid 2>/dev/null; do
	grep -q 'PANIC: early exception' "$out/console.log" 2>/dev/null &&
		{ kill $qpid; break; }
	grep -q '^host\.req' "$out/facts" 2>/dev/null && serve
	sleep 1
done
wait $qpid
rc=$?
if [ -n "$helper" ] && kill -0 "$helper" 2>/dev/null; then
	kill "$helper" 2>/dev/null
	echo "error: QEMU ended during the last request" >>"$out/qmp.log"
fi
[ -n "$helper" ] && wait "$helper" 2>/dev/null
[ "$hotadd" -gt 0 ] && rm -f "$sock" "$qinitrd"
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
