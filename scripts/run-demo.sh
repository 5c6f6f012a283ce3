#!/bin/bash
# make run: boot a machine, offline and eject its hot-pluggable nodes, and
# tell what happened in plain words. With "shell" as 4th argument, boot to
# an interactive shell on the console instead.
# Usage: run-demo.sh MACHINE "CMDLINE" vanilla|series [shell]
set -uo pipefail
. "$(dirname "$0")/lib.sh"
machine=$1 cmdline=$2 kernel=$3
case $kernel in
vanilla) img=$VANILLA/arch/x86/boot/bzImage ;;
series) img=$LINUX/arch/x86/boot/bzImage ;;
*) die "KERNEL must be vanilla or series, not '$kernel'" ;;
esac
"$TOP/scripts/mkfw.sh" "$machine" || exit 1
. "$BUILD/fw/$machine/machine.env"
initrd=$BUILD/initramfs.cpio.gz

if [ "${4:-}" = shell ]; then
	exec "$TOP/scripts/boot.sh" "$img" "$initrd" "$machine" "$cmdline" facts:boot,shell -
fi

steps=facts:before,lsmem
for n in $WB_HP_NODES; do steps+=",offline:$n"; done
for n in $WB_HP_NODES; do steps+=",eject:$n"; done
steps+=",facts:after"
out=$BUILD/results/run-$machine-$kernel

echo "== machine '$machine' as its firmware describes it (SRAT + SSDT memory devices):"
cat "$BUILD/fw/$machine/layout.txt"
echo "== booting the $kernel kernel with '${cmdline:-no option}' (QEMU TCG, ~10 s)"
"$TOP/scripts/boot.sh" "$img" "$initrd" "$machine" "$cmdline" "$steps" "$out"
status=$(cat "$out/status")
if [ "$status" != ok ]; then
	echo "== the guest did not finish: $status; last 30 console lines:"
	tail -n 30 "$out/console.log" | sed 's/^/   | /'
	exit 1
fi
fact() { awk -F= -v k="$1" '$1==k{print substr($0,length(k)+2); exit}' "$out/facts"; }

echo "== what the kernel saw in SRAT:"
grep -E 'SRAT: Node [0-9]+ PXM' "$out/console.log" | sed 's/^\[[^]]*\] */   /'
echo "== memory per node after boot:"
for n in $(seq 0 $((WB_NODES - 1))); do
	printf '   node %d: %6d MiB, zones %-18s %d memory blocks, %d online, %d in ZONE_MOVABLE\n' \
		"$n" $(( $(fact before.node$n.memtotal_kb) / 1024 )) "$(fact before.node$n.zones)" \
		"$(fact before.node$n.blocks)" "$(fact before.node$n.online)" "$(fact before.node$n.movable)"
	printf '           memory map: %d blocks hold their own, the others in: %s\n' \
		"$(fact before.node$n.memmap_self)" "$(fact before.node$n.memmap_elsewhere)"
done
for n in $WB_HP_NODES; do
	echo "== offlining every memory block of node $n (echo offline > /sys/devices/system/memory/memoryN/state):"
	echo "   $(fact offline.node$n) offline; failed: $(fact offline.node$n.failed)"
	echo "== ejecting node $n's ACPI memory device (echo 1 > /sys/bus/acpi/devices/PNP0C80:XX/eject):"
	echo "   $(fact eject.node$n): $(fact eject.node$n.blocks_removed) blocks removed"
done
echo "== memory per node afterwards:"
for n in $(seq 0 $((WB_NODES - 1))); do
	b=$(fact before.node$n.memtotal_kb) a=$(fact after.node$n.memtotal_kb)
	printf '   node %d: %6d MiB (%+d KiB)\n' "$n" $(( ${a:-0} / 1024 )) $(( ${a:-0} - b ))
done
echo "== full console log: $out/console.log"
