#!/bin/bash
# make bench-load (also run by make bench): a loaded high-ratio node. A
# process binds to the hot-pluggable node and faults in anonymous memory
# 512 MiB at a time until its node is full or the OOM killer stops it;
# after each step node 0's page tables, slab and free memory are read.
# What cannot live in ZONE_MOVABLE (page tables above all) is what limits
# the ratio once the memory map has left node 0. Writes
# build/results/bench-load.md and README's load section.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
res=$BUILD/results/bench-load
mkdir -p "$res"
initrd=$BUILD/initramfs.cpio.gz
declare -A img=([vanilla]=$VANILLA/arch/x86/boot/bzImage [series]=$LINUX/arch/x86/boot/bzImage)
declare -A opt=([vanilla]="movable_node swiotlb=noforce" [series]="movablecore=acpi swiotlb=noforce")
fact() { awk -F= -v k="$2" '$1==k{print substr($0,length(k)+2); exit}' "$1/facts" 2>/dev/null; }
mib() { [ -n "$1" ] && [ "$1" -ge 0 ] 2>/dev/null && echo "$(($1 / 1024)) MiB" || echo "?"; }
{
echo "_Measured by \`make bench-load\` on $(date -u +%Y-%m-%d), QEMU TCG, no THP (4 KiB page tables): vanilla \`movable_node\`, series \`movablecore=acpi\`, both \`swiotlb=noforce\`._"
echo
echo "| machine | kernel | node 0 MemTotal | filled on node 1 | how it ended | node 0 page tables | node 0 slab | node 0 free | node 1 free |"
echo "|---|---|---|---|---|---|---|---|---|"
for mk in "r32 vanilla" "r32 series" "r256 series"; do
	set -- $mk
	out=$res/$1-$2
	"$TOP/scripts/boot.sh" "${img[$2]}" "$initrd" "$1" "${opt[$2]}" "facts:b,load:1:16384" "$out" 1800 >/dev/null
	if [ "$(cat "$out/status")" != ok ]; then
		echo "| $1 | $2 | | | $(cat "$out/status") | | | | |"
		continue
	fi
	mb=$(fact "$out" load.node1.mb)
	# the last step measured (a killed child's last step was not)
	at=$(awk -F'[.=]' '/^load\.node1\.at[0-9]+\.node0_pagetables_kb=/{sub(/^at/,"",$3); a=$3} END{print a}' "$out/facts")
	echo "| $1 | $2 | $(mib "$(fact "$out" b.node0.memtotal_kb)") | $mb MiB | $(fact "$out" load.node1.end)$(grep -q 'oom-kill:.*nodemask=1' "$out/console.log" && echo ' (node 1 full)') | $(mib "$(fact "$out" load.node1.at$at.node0_pagetables_kb)") | $(mib "$(fact "$out" load.node1.at$at.node0_slab_kb)") | $(mib "$(fact "$out" load.node1.at$at.node0_memfree_kb)") | $(mib "$(fact "$out" load.node1.at$at.node1_memfree_kb)") |"
done
echo
echo "Node 0 figures after the last step measured. Node 0 page tables grow 2 MiB per GiB mapped"
echo "with 4 KiB pages (1 MiB per 512 MiB step), wherever the data is. Once the memory map has left"
echo "node 0, they are what limits a loaded ratio: at 256:1 the movable node still fills up (the OOM"
echo "killer stops the process because node 1 is full) with a few MiB left on the 49 MiB kernel node,"
echo "so beyond that ratio a full node would exhaust the kernel's node instead, unless the data is"
echo "mapped with huge pages. This is the hotplug guide's ratio advice, for page tables instead of"
echo "the memory map."
} | tee "$BUILD/results/bench-load.md"
"$TOP/scripts/update-readme.sh" "$BUILD/results/bench-load.md" load
