#!/bin/bash
# make bench: figures for the series against vanilla 6.12 with movable_node,
# measured in the same run on the same machines. Not part of make test.
#   1. node-0 memory used per GiB of hot-pluggable memory
#   2. largest hot-pluggable:kernel ratio that boots and offlines all blocks,
#      and how boot and offline time grow with hot-pluggable size (to 512 GiB)
#   3. boot time (guest clock at "Run /init")
#   4. offlining node 1 while a workload holds 512 MiB on it, data verified
# Writes build/results/bench.md.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
res=$BUILD/results/bench
mkdir -p "$res"
initrd=$BUILD/initramfs.cpio.gz
declare -A img=([vanilla]=$VANILLA/arch/x86/boot/bzImage [series]=$LINUX/arch/x86/boot/bzImage)
# swiotlb=noforce: RAM above 4 GiB makes both kernels put a 64 MiB bounce
# buffer on node 0; keep it out so that the figures show the memory map.
declare -A best=() best_ms=() all=()
run=0
declare -A opt=([vanilla]="movable_node swiotlb=noforce" [series]="movablecore=acpi swiotlb=noforce")
for k in vanilla series; do [ -f "${img[$k]}" ] || die "no $k kernel: run 'make kernels'"; done
[ -f "$initrd" ] || die "no $initrd: run 'make initramfs'"

# boot KERNEL MACHINE STEPS [TIMEOUT [OPTIONS]] -> $res/MACHINE-KERNEL-HASH
boot() {
	local k=$1 m=$2 steps=$3 o=${5:-${opt[$1]}} out
	out=$res/$m-$k-$(echo "$steps $o" | md5sum | cut -c1-6)
	"$TOP/scripts/boot.sh" "${img[$k]}" "$initrd" "$m" "$o" "$steps" "$out" "${4:-600}" >/dev/null
	echo "$out"
}
fact() { awk -F= -v k="$2" '$1==k{print substr($0,length(k)+2); exit}' "$1/facts"; }

{
echo "_Measured by \`make bench\` on $(date -u +%Y-%m-%d), QEMU TCG: vanilla 6.12 \`movable_node\` vs series \`movablecore=acpi\`, both with \`swiotlb=noforce\`._"
echo
echo "### Node-0 memory used per GiB of hot-pluggable memory"
echo
echo "| machine | vanilla: node 0 MemTotal, cost/GiB | series: node 0 MemTotal, cost/GiB |"
echo "|---|---|---|"
for pair in "demo one-node 1" "small-8g small 8"; do
	set -- $pair
	row="| $1 (alone: $2) |"
	for k in vanilla series; do
		alone=$(fact "$(boot $k "$2" facts:b)" b.node0.memtotal_kb)
		with=$(fact "$(boot $k "$1" facts:b)" b.node0.memtotal_kb)
		if [ -n "$alone" ] && [ -n "$with" ]; then
			row+=" $((with / 1024)) MiB of $((alone / 1024)) MiB, $(awk -v a="$alone" -v w="$with" -v g="$3" 'BEGIN{printf "%.2f MiB", (a-w)/1024/g}') |"
		else
			row+=" did not boot |"
		fi
	done
	echo "$row"
done
echo
echo "Cost = (node 0 MemTotal alone - node 0 MemTotal with the hot-pluggable node) / GiB hot-pluggable."
echo "The one-node reference allocates its boot hash tables (about 1.5 MiB) from memblock, a NUMA"
echo "machine from vmalloc, so a cost slightly below 0 means node 0 pays nothing."
echo
echo "### Largest hot-pluggable:kernel ratio that boots and offlines every block"
echo
echo "| ratio | machine | vanilla | series |"
echo "|---|---|---|---|"
# One boot per ratio and kernel; the scale table below reuses them.
declare -A rout=()
for r in 32 64 128 256 1024 2048 4096 8192; do
	case $r in
	32|64|128|256) what="$((16384 / r))M + 16G hp" ;;
	*) what="64M + $((r / 16))G hp, 2 GiB blocks" ;;
	esac
	row="| $r:1 | r$r: $what |"
	for k in vanilla series; do
		out=$(boot $k r$r facts:b,offline:1,eject:1 1800)
		rout[$r.$k]=$out
		st=$(cat "$out/status")
		if [ "$st" = ok ]; then
			row+=" boots, node 0 $(( $(fact "$out" b.node0.memtotal_kb) / 1024 )) MiB, offline $(fact "$out" offline.node1), eject $(fact "$out" eject.node1) |"
		else
			row+=" $st |"
		fi
	done
	echo "$row"
done
echo
echo "### Scale: a 64 MiB kernel node and growing hot-pluggable memory (series, movablecore=acpi)"
echo
echo "Boot: guest clock at \"Run /init\". Offline: all blocks of node 1, guest clock. Vanilla"
echo "\`movable_node\` on the same machines in the same run. Host memory touched: the memory map,"
echo "1.6% of the guest's RAM (overcommitted guests, see boot.sh)."
echo
echo "| hot-pluggable | block size | vanilla | series: boot | node 0 MemTotal | offline node 1 | per GiB | eject |"
echo "|---|---|---|---|---|---|---|---|"
for r in 256 1024 2048 4096 8192; do
	gib=$((r / 16))
	out=${rout[$r.series]}
	vst=$(cat "${rout[$r.vanilla]}/status")
	if [ "$(cat "$out/status")" != ok ]; then
		echo "| $gib GiB | | $vst | $(cat "$out/status") | | | | |"
		continue
	fi
	t=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$out/console.log" | head -1)
	ms=$(fact "$out" offline.node1.ms)
	bs=$(( $(fact "$out" b.block_size) / 1048576 ))
	echo "| $gib GiB | $bs MiB | $vst | ${t:-?} s | $(( $(fact "$out" b.node0.memtotal_kb) / 1024 )) MiB | $(fact "$out" offline.node1) in ${ms:-?} ms | $(awk -v m="${ms:-0}" -v g=$gib 'BEGIN{if (m>0) printf "%.0f ms", m/g; else print "?"}') | $(fact "$out" eject.node1) |"
done
echo
echo "Boot time grows linearly with hot-pluggable memory (initialising its struct pages), and so"
echo "does offlining (every page of every block is scanned). Node 0 pays about 2 MiB per 512 GiB"
echo "(direct-map page tables with 2 MiB pages on QEMU's CPU model, usemaps, node 1's pg_data_t),"
echo "so the kernel's node is not what stops the next size. What does: QEMU TCG's 40-bit guest"
echo "physical address space (1 TiB) and this host, whose 24 GiB must back the touched memory"
echo "map (16 GiB at 1 TiB). On a real machine the next limits are the direct-map and vmemmap page"
echo "tables of hot-pluggable memory (4 KiB per GiB with 2 MiB pages, more without) and, with"
echo "KASAN, its shadow (1/8 of the memory), which still come from the kernel's nodes."
echo
echo "### 2 GiB + 64 GiB hot-pluggable (2 GiB memory blocks): offlining the empty node, reading sysfs"
echo
echo "Time to offline all 32 blocks of node 1 (guest clock, fastest of 3 interleaved boots), and"
echo "to read one attribute of all 33 memory blocks (mean of 20 passes, in that boot)."
echo
echo "| kernel, option | offline node 1 | vs vanilla | state | valid_zones | memmap_host | memmap_hosted |"
echo "|---|---|---|---|---|---|---|"
vms=""
# Three runs each, interleaved; the fastest run of each is shown (TCG noise).
declare -A bout=() bms=() ball=()
for r in 1 2 3; do
	for ko in "vanilla movable_node" "series movable_node" "series movablecore=acpi"; do
		set -- $ko
		out=$(boot "$1" big-64g sysfsread:20,offline:1 900 "$2 wb.run=$r")
		ms=$(fact "$out" offline.node1.ms)
		ball[$ko]+="${ball[$ko]:+, }${ms:-?}"
		if [ -z "${bout[$ko]:-}" ] || [ "${ms:-999999}" -lt "${bms[$ko]}" ]; then
			bout[$ko]=$out bms[$ko]=${ms:-999999}
		fi
	done
done
for ko in "vanilla movable_node" "series movable_node" "series movablecore=acpi"; do
	set -- $ko
	out=${bout[$ko]}
	ms=$(fact "$out" offline.node1.ms)
	[ "$1" = vanilla ] && vms=$ms
	ratio=$(awk -v a="${ms:-0}" -v b="${vms:-0}" 'BEGIN{if (a>0 && b>0) printf "%.2fx", a/b; else print "?"}')
	row="| $1 \`$2\` | $(fact "$out" offline.node1) in ${ms:-?} ms (runs: ${ball[$ko]}) | $ratio |"
	for a in state valid_zones memmap_host memmap_hosted; do
		us=$(fact "$out" "sysfsread.${a}_us")
		[ "$1" = vanilla ] && [[ $a == memmap* ]] && us=""
		row+=" ${us:-n/a}${us:+ us} |"
	done
	echo "$row"
done
echo
echo "TCG timings are noisy: one kernel's runs spread as far as the kernels differ. Without"
echo "movablecore=acpi the series runs vanilla's offline path (the reason line is printed only"
echo "after offline_pages() has failed)."
echo
echo "### Boot time and offlining under load (1 GiB + 1 GiB hot-pluggable, 512 MiB filled on node 1)"
echo
echo "| kernel | boot: guest clock at Run /init | offline node 1 | MiB/s | data |"
echo "|---|---|---|---|---|"
# Two runs each, alternating, the faster one shown: TCG timings are noisy.
for k in vanilla series vanilla series; do
	run=$((run + 1))
	out=$(boot $k demo fill:1:512 600 "${opt[$k]} wb.run=$run")
	ms=$(fact "$out" fill.node1.offline_ms)
	if [ -z "${best[$k]:-}" ] || [ "${ms:-999999}" -lt "${best_ms[$k]}" ]; then
		best[$k]=$out best_ms[$k]=${ms:-999999}
	fi
	all[$k]+="${all[$k]:+, }${ms:-?}"
done
for k in vanilla series; do
	out=${best[$k]}
	t=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$out/console.log" | head -1)
	ms=$(fact "$out" fill.node1.offline_ms)
	echo "| $k | ${t:-?} s | $(fact "$out" offline.node1) in ${ms:-?} ms (runs: ${all[$k]}) | $(awk -v m="${ms:-0}" 'BEGIN{if (m>0) printf "%.0f", 1024*1000/m; else print "?"}') | $(fact "$out" fill.node1.verify) |"
done
} | tee "$BUILD/results/bench.md"
"$TOP/scripts/update-readme.sh" "$BUILD/results/bench.md" bench
"$TOP/scripts/bench-load.sh"
"$TOP/scripts/bench-remove.sh"
