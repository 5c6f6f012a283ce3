#!/bin/bash
# make bench-remove (also run by make bench): removing a node that holds
# live data, on every kernel the workbench has, in the same run. The demo
# machine (1 GiB + 1 GiB hot-pluggable), 512 MiB filled on node 1 with a
# pattern, every block of node 1 offlined (timed on the guest clock), data
# verified, the memory device ejected. RUNS interleaved boots per kernel
# (default 3), the median shown:
#   vanilla         our minimal build, movable_node
#   series          our minimal build, movablecore=acpi
#   debian          Debian's own binary of the pinned version, movable_node
#   series-debconf  the series on Debian's config (make deb), movablecore=acpi
# The kernels whose image is missing are left out, with a line saying so.
# Writes build/results/bench-remove.md and README's bench-remove block.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
runs=${RUNS:-3}
res=$BUILD/results/bench-remove
mkdir -p "$res"
initrd=$BUILD/initramfs.cpio.gz
[ -f "$initrd" ] || die "no $initrd: run 'make initramfs'"
declare -A img=(
	[vanilla]=$VANILLA/arch/x86/boot/bzImage
	[series]=$LINUX/arch/x86/boot/bzImage
	[debian]=$BUILD/debian/vmlinuz
	[series-debconf]=$BUILD/deb/arch/x86/boot/bzImage
)
declare -A opt=([vanilla]=movable_node [series]=movablecore=acpi
	[debian]=movable_node [series-debconf]=movablecore=acpi)
order=(vanilla series debian series-debconf)
declare -A times=() verify=() eject=()
have=()
for k in "${order[@]}"; do
	if [ -f "${img[$k]}" ]; then have+=("$k"); else echo "# $k: no ${img[$k]}, left out" >&2; fi
done
[ ${#have[@]} -gt 0 ] || die "no kernel to measure (make kernels)"
for r in $(seq "$runs"); do
	for k in "${have[@]}"; do
		out=$res/$k-$r
		"$TOP/scripts/boot.sh" "${img[$k]}" "$initrd" demo "${opt[$k]} wb.run=$r" \
			fill:1:512,eject:1 "$out" 600 >/dev/null
		ms=$(sed -n 's/^fill.node1.offline_ms=//p' "$out/facts")
		times[$k]+=" ${ms:-?}"
		verify[$k]+=" $(sed -n 's/^fill.node1.verify=//p' "$out/facts")"
		eject[$k]+=" $(sed -n 's/^eject.node1=//p' "$out/facts")"
		say "bench-remove: run $r $k: ${ms:-?} ms"
	done
done
median() { tr ' ' '\n' | grep -E '^[0-9]+$' | sort -n | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]; else print "?"}'; }
ref=$(echo "${times[debian]:-}" | median)
{
	echo "_Measured by \`make bench-remove\` on $(date -u +%Y-%m-%d), QEMU TCG, demo machine: 512 MiB of live data on node 1, every block offlined (guest clock), data verified, node 1 ejected; $runs interleaved boots per kernel, median._"
	echo
	echo "| kernel | config | option | offline node 1 (median) | runs (ms) | vs Debian's binary | data | eject |"
	echo "|---|---|---|---|---|---|---|---|"
	for k in "${have[@]}"; do
		m=$(echo "${times[$k]}" | median)
		case $k in
		vanilla|series) cfg="minimal (kconfig/minimal.config)" ;;
		debian) cfg="Debian's (its own binary)" ;;
		*) cfg="Debian's (make deb)" ;;
		esac
		vs=$(awk -v m="$m" -v r="$ref" 'BEGIN {if (m + 0 > 0 && r + 0 > 0) printf "%.2f×", m / r; else print "?"}')
		v=$(echo ${verify[$k]} | tr ' ' '\n' | sort -u | tr '\n' ' ')
		e=$(echo ${eject[$k]} | tr ' ' '\n' | sort -u | tr '\n' ' ')
		echo "| $k | $cfg | \`${opt[$k]}\` | $m ms | ${times[$k]# } | $vs | ${v% } | ${e% } |"
	done
} | tee "$BUILD/results/bench-remove.md"
"$TOP/scripts/update-readme.sh" "$BUILD/results/bench-remove.md" bench-remove
