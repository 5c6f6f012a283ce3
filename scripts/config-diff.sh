#!/bin/bash
# The mm-relevant options where the test kernels' config (build/linux/.config,
# tinyconfig + kconfig/minimal.config) differs from Debian's own config of the
# pinned version (build/debian/config, from its kernel package), one line
# each: option, ours, Debian's (n: not set). The list of options is below; README's
# "Test kernels and Debian's kernel" explains what each difference changes.
# Exit status: 0 printed, 2 a config is missing (make kernels, make debian).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
ours=$LINUX/.config theirs=$BUILD/debian/config
for f in "$ours" "$theirs"; do
	[ -r "$f" ] || { echo "error: no $f (make kernels; make debian)" >&2; exit 2; }
done
opts="TRANSPARENT_HUGEPAGE TRANSPARENT_HUGEPAGE_ALWAYS SWAP ZSWAP MEMCG
COMPACTION MIGRATION KSM NUMA_BALANCING LRU_GEN LRU_GEN_ENABLED SLUB_TINY
DEFERRED_STRUCT_PAGE_INIT PREEMPT_NONE PREEMPT_VOLUNTARY PREEMPT_DYNAMIC
INIT_ON_ALLOC_DEFAULT_ON INIT_ON_FREE_DEFAULT_ON PAGE_POISONING
SHUFFLE_PAGE_ALLOCATOR PAGE_REPORTING MEMORY_FAILURE HUGETLB_PAGE
HUGETLB_PAGE_OPTIMIZE_VMEMMAP HUGETLB_PAGE_OPTIMIZE_VMEMMAP_DEFAULT_ON
MHP_DEFAULT_ONLINE_TYPE_OFFLINE MHP_DEFAULT_ONLINE_TYPE_ONLINE_AUTO
MEMORY_HOTPLUG MEMORY_HOTREMOVE ACPI_HOTPLUG_MEMORY VIRTIO_MEM ZONE_DMA
ZONE_DMA32 SPARSEMEM_VMEMMAP X86_5LEVEL RANDOMIZE_BASE RANDOMIZE_MEMORY
NR_CPUS NODES_SHIFT KASAN DEBUG_VM"
# The kernel's own scripts/diffconfig lists every difference ("-OPT v": only
# ours, "+OPT v": only Debian's, " OPT a -> b"); keep the options above.
need python3
"$LINUX/scripts/diffconfig" "$ours" "$theirs" | awk -v opts="$opts" '
BEGIN {
	n = split(opts, o, /[ \n]+/)
	for (i = 1; i <= n; i++)
		if (o[i] != "") { want[o[i]] = 1; total++ }
	printf "%-40s %-10s %s\n", "option", "ours", "debian"
}
{
	c = substr($0, 1, 1); opt = substr($1, c == " " ? 1 : 2)
	if (!(opt in want))
		next
	if (c == "-")      { a = $2; b = "n" }
	else if (c == "+") { a = "n"; b = $2 }
	else               { a = $2; b = $4 }
	printf "%-40s %-10s %s\n", opt, a, b
	diff++
}
END { printf "# %d of %d options differ\n", diff, total }'
