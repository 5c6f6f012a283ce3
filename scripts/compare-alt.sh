#!/bin/bash
# make compare-alt: the series' self-hosted boot memory map against the
# obvious alternative, measured in one run on the same machines (issue 16.2).
#   series: movablecore=acpi (patches/, memory map placed at sparse_init())
#   alt:    movablecore=acpi memory_hotplug.memmap_on_memory=1
#           memhp_default_state=online_movable on build/alt (patches 1-10 +
#           patches-alt/: unused hot-pluggable boot memory is left out of
#           e820/memblock and the ACPI memory driver hot-adds it at boot)
# Both with swiotlb=noforce (see bench.sh). Not part of make test.
# Writes build/results/compare-alt.md and README's compare-alt section.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
res=$BUILD/results/compare-alt
mkdir -p "$res"
initrd=$BUILD/initramfs.cpio.gz
declare -A img=([series]=$LINUX/arch/x86/boot/bzImage [alt]=$BUILD/alt/arch/x86/boot/bzImage)
declare -A opt=([series]="movablecore=acpi swiotlb=noforce"
	[alt]="movablecore=acpi memory_hotplug.memmap_on_memory=1 memhp_default_state=online_movable swiotlb=noforce")
for k in series alt; do [ -f "${img[$k]}" ] || die "no $k kernel: run 'make series' and scripts/build-alt.sh"; done
[ -f "$initrd" ] || die "no $initrd: run 'make initramfs'"

# boot KERNEL MACHINE STEPS [TIMEOUT [EXTRA OPTIONS]] -> result directory
boot() {
	local k=$1 m=$2 steps=$3 o="${opt[$1]} ${5:-}" out
	out=$res/$m-$k-$(echo "$steps $o" | md5sum | cut -c1-6)
	"$TOP/scripts/boot.sh" "${img[$k]}" "$initrd" "$m" "$o" "$steps" "$out" "${4:-600}" >/dev/null
	echo "$out"
}
fact() { awk -F= -v k="$2" '$1==k{print substr($0,length(k)+2); exit}' "$1/facts" 2>/dev/null; }
mib() { [ -n "$1" ] && echo "$(($1 / 1024)) MiB" || echo "?"; }
t_init() { sed -n 's/^\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$1/console.log" | head -1; }
splats() { grep -cE 'WARNING:|BUG:|Bad page state|Oops' "$1/console.log"; }
outcome() {	# status, node 1 zone, offline, eject, splats
	local o=$1 st
	st=$(cat "$o/status")
	[ "$st" = ok ] || { echo "$st"; return; }
	echo "node 1 $(fact "$o" b.node1.zones), offline $(fact "$o" offline.node1), eject $(fact "$o" eject.node1)$( [ "$(splats "$o")" = 0 ] || echo ", $(splats "$o") splats")"
}

{
echo "_Measured by \`make compare-alt\` on $(date -u +%Y-%m-%d), QEMU 7.2 TCG, -cpu max (1 GiB pages), same run: series \`${opt[series]}\` vs alt \`${opt[alt]}\`._"
echo
echo "| what | machine | series (memory map placed at boot) | alt (hot-added at boot) |"
echo "|---|---|---|---|"
for m in demo small-8g; do
	row="| node 0 MemTotal, eject with 1 GiB pages | $m |"
	for k in series alt; do
		o=$(boot $k $m facts:b,offline:1,eject:1)
		row+=" $(mib "$(fact "$o" b.node0.memtotal_kb)"), node 1 $(mib "$(fact "$o" b.node1.memtotal_kb)"); $(outcome "$o") |"
	done
	echo "$row"
done
for m in r64 r256 r1024; do
	row="| ratio: boot (guest clock at Run /init), offline, eject | $m |"
	for k in series alt; do
		o=$(boot $k $m facts:b,offline:1,eject:1 1800)
		row+=" $(t_init "$o") s, node 0 $(mib "$(fact "$o" b.node0.memtotal_kb)"); $(outcome "$o"), offline in $(fact "$o" offline.node1.ms) ms |"
	done
	echo "$row"
done
# Boot time at 256 GiB: three interleaved boots each, all shown (TCG noise).
declare -A runs=()
for r in 1 2 3; do
	for k in series alt; do
		o=$(boot $k r4096 facts:b,offline:1,eject:1 1800 "wb.run=$r")
		runs[$k]+="${runs[$k]:+, }$(t_init "$o") s"
		[ "$(cat "$o/status")" = ok ] || runs[$k]+=" ($(cat "$o/status"))"
		[ $r = 1 ] && runs[$k.1]=$o
	done
done
row="| 256 GiB hot-pluggable, 2 GiB blocks: boot (Run /init, 3 interleaved boots), first boot's offline and eject | r4096 |"
for k in series alt; do
	o=${runs[$k.1]}
	row+=" ${runs[$k]}; node 0 $(mib "$(fact "$o" b.node0.memtotal_kb)"); $(outcome "$o") |"
done
echo "$row"
row="| memory-only nodes between CPU nodes | cxl-like |"
for k in series alt; do
	o=$(boot $k cxl-like facts:b)
	z=$(awk -F= '/^b\.node[0-9]+\.zones=/{sub(/^b\./,""); sub(/\.zones/,""); printf "%s%s:%s", s, $1, $2; s=" "}' "$o/facts")
	row+=" $(cat "$o/status"): $z |"
done
echo "$row"
row="| memory error in node 1's memory map page (hwpoison-inject), then eject | demo |"
for k in series alt; do
	o=$(boot $k demo hwpoison:1,offline:1,eject:1)
	p=$(fact "$o" hwpoison.node1.memmap_pfn)
	row+=" pfn $p: $(fact "$o" hwpoison.node1.memmap_rc), \"$(grep -o "Memory failure: $p: .*" "$o/console.log" | grep -v 'recovery action' | tail -1 | sed 's/^Memory failure: [^:]*: //' | cut -c1-80)\"; eject $(fact "$o" eject.node1) |"
done
echo "$row"
row="| HVO: 64 HugeTLB pages on node 1 allocated and freed (hugetlb_free_vmemmap=on init_on_alloc=1) | demo |"
for k in series alt; do
	o=$(boot $k demo facts:b,hugetlb:1:64,offline:1,eject:1 600 "hugetlb_free_vmemmap=on init_on_alloc=1")
	row+=" $(fact "$o" hugetlb.node1.allocated) allocated, $(fact "$o" hugetlb.node1.freed) freed, $(fact "$o" hugetlb.node1.hvo_freed_pages) memmap pages freed by HVO (self-hosted: none); $(outcome "$o") |"
done
echo "$row"
row="| re-add: eject node 1, hot-add 1 GiB twice (pc-dimm) | readd |"
for k in series alt; do
	o=$(boot $k readd facts:b,offline:1,eject:1,readd:1:1G,readd:1:1G,facts:end 900)
	row+=" $(cat "$o/status"):"
	for r in 1 2; do
		row+=" round $r: added $(fact "$o" readd$r.node1.added) $(fact "$o" readd$r.node1.zones), +$(mib "$(fact "$o" readd$r.node1.memtotal_delta_kb)"), offline $(fact "$o" readd$r.node1.offline), removed $(fact "$o" readd$r.node1.removed);"
	done
	row+="$( [ "$(splats "$o")" = 0 ] || echo " $(splats "$o") splats") |"
done
echo "$row"
row="| initrd in hot-pluggable memory | bad-initrd |"
for k in series alt; do
	o=$(boot $k bad-initrd facts:b,offline:1,eject:1)
	row+=" $(outcome "$o") |"
done
echo "$row"
echo
echo "Code (lines added by the patches that place the memory map, without Documentation/ and tools/):"
echo
s=$(cd "$LINUX" && git diff --shortstat "$(git rev-list --reverse base..HEAD | sed -n 10p)" \
	"$(git log --format=%H --grep='^mm/sparse: place the memory map' base..HEAD)" -- . ':!Documentation' ':!tools')
a=$(cd "$BUILD/alt" && git diff --shortstat HEAD~1 HEAD -- . ':!Documentation' ':!tools')
echo "- series, patches 11-18:$s"
echo "- alt:$a"
} | tee "$BUILD/results/compare-alt.md"
"$TOP/scripts/update-readme.sh" "$BUILD/results/compare-alt.md" compare-alt
