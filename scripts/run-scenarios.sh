#!/bin/bash
# Boot every scenario of scenarios/scenarios.conf on the vanilla and the
# series kernel, and those with a "debian" key on Debian's own kernel binary
# of the pinned version too; check each against its expectations and print
# KTAP. Env: SCENARIOS (shell globs on names, space separated, default *),
# KERNELS (default "vanilla series debian"; debian only where
# scenarios.conf has expectations for it). Writes build/results/<scenario>/<kernel>/ and
# build/results/scenarios.md (the README table); last line "#counts P F".
# For other kernels (make test-debug): SERIES_IMAGE (the series bzImage),
# RESULTS (instead of build/results), VANILLA_REF (where the vanilla runs
# for "@vanilla" are), TIMEOUT_SCALE (multiplies time limits), SPLATS=1
# (a debug kernel: a console splat fails the boot; MemTotal checks and
# "@vanilla" checks other than zones and logorder are skipped, because
# KASAN's shadow takes 1/8 of each node and pins blocks), MAX_MEM_MB
# (skip guests with more RAM); a scenario's "debug" key gives its own
# expectations for such a kernel, or "skip: REASON".
# Exit status: 0 all checks passed, 1 a check failed, 2 setup error.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
conf=$TOP/scenarios/scenarios.conf
res=${RESULTS:-$BUILD/results}
ref_res=${VANILLA_REF:-$res}
scale=${TIMEOUT_SCALE:-1}
# Console lines that mean the kernel found a bug in itself.
splat='(BUG:|WARNING:|KASAN:|UBSAN:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|Bad page (state|map)|list_(add|del) corruption|kernel BUG at)'
kernels=${KERNELS:-vanilla series debian}
pattern=${SCENARIOS:-*}
table=$(awk -f "$TOP/scripts/scenarios.awk" "$conf") || exit 2
mapfile -t rows < <(set -f; printf '%s\n' "$table" | while IFS= read -r l; do
	for p in $pattern; do	# globs, space separated; no file name expansion
		[[ ${l%%$'\037'*} == $p ]] && printf '%s\n' "$l" && break
	done; done)
[ ${#rows[@]} -gt 0 ] || die "no scenario matches SCENARIOS='$pattern'"

declare -A img
for k in $kernels; do
	case $k in
	vanilla) tree=$VANILLA ;;
	series) tree=$LINUX ;;
	debian) img[$k]=$BUILD/debian/vmlinuz
		[ -f "${img[$k]}" ] || {
			warn "no Debian kernel (scripts/fetch-debian-kernel.sh): its column is not run"
			kernels=${kernels//debian/}
		}
		continue ;;
	*) die "unknown kernel '$k' (vanilla, series or debian)" ;;
	esac
	img[$k]=$tree/arch/x86/boot/bzImage
	[ "$k" = series ] && [ -n "${SERIES_IMAGE:-}" ] && img[$k]=$SERIES_IMAGE
	[ -f "${img[$k]}" ] || die "no $k kernel: run 'make kernels'"
done
initrd=$BUILD/initramfs.cpio.gz
[ -f "$initrd" ] || die "no $initrd: run 'make initramfs'"

mkdir -p "$res"
nruns=0
for row in "${rows[@]}"; do
	for k in $kernels; do
		[ "$k" = debian ] && [ -z "$(cut -d$'\037' -f11 <<<"$row")" ] && continue
		nruns=$((nruns + 1))
	done
done
echo "KTAP version 1"
echo "1..$nruns"
pass=0 fail=0 run=0 retries=0
{
	echo "| scenario | machine | command line | vanilla 6.12 | series | Debian's $(cat "$BUILD/debian/version" 2>/dev/null | sed 's/.*=//') |"
	echo "|---|---|---|---|---|---|"
} >"$res/scenarios.md.tmp"
for row in "${rows[@]}"; do
	IFS=$'\037' read -r name about machine cmdline steps tmo exp_vanilla exp_series show exp_debug exp_debian <<<"$row"
	if [ "${SPLATS:-}" = 1 ] && [[ $exp_debug == skip:* ]]; then
		for k in $kernels; do
			[ "$k" = debian ] && [ -z "$exp_debian" ] && continue
			run=$((run + 1))
			echo "ok $run $name/$k # SKIP ${exp_debug#skip:}"
		done
		continue
	fi
	if [ -n "${MAX_MEM_MB:-}" ]; then
		"$TOP/scripts/mkfw.sh" "$machine" || exit 2
		mem=$(. "$BUILD/fw/$machine/machine.env" && echo "$WB_MEM_MB")
		if [ "$mem" -gt "$MAX_MEM_MB" ]; then
			for k in $kernels; do
				[ "$k" = debian ] && [ -z "$exp_debian" ] && continue
				run=$((run + 1))
				echo "ok $run $name/$k # SKIP $mem MiB guest, more than MAX_MEM_MB=$MAX_MEM_MB"
			done
			continue
		fi
	fi
	declare -A cell=()
	for k in $kernels; do
		[ "$k" = debian ] && [ -z "$exp_debian" ] && continue
		run=$((run + 1))
		out=$res/$name/$k
		exp=exp_$k; exp=${!exp}
		# A debug kernel: a splat fails the boot; MemTotal checks do
		# not apply (KASAN shadow takes 1/8 of the memory).
		# Against the non-debug vanilla, only zones and the log order
		# compare: KASAN's shadow sits on each node and pins blocks.
		# A scenario's own "debug" expectations replace all that.
		[ "${SPLATS:-}" = 1 ] && [ -n "$exp_debug" ] && exp="$exp_debug log!~${splat// /.}"
		[ "${SPLATS:-}" = 1 ] && [ -z "$exp_debug" ] && exp="$(tr ' ' '\n' <<<"$exp" |
			grep -v 'memtotal_kb[=<>@!]' |
			awk '!/=@vanilla$/ || /(\.zones|^logorder)=@vanilla$/' |
			tr '\n' ' ') log!~${splat// /.}"
		t0=$(date +%s)
		"$TOP/scripts/boot.sh" "${img[$k]}" "$initrd" "$machine" "$cmdline" "$steps" "$out" "$((tmo * scale))"
		[ $? = 2 ] && exit 2
		status=$(cat "$out/status")
		# A panic before the guest's init ran, which the scenario does
		# not expect, has so far always been 6.12's early IRQ setup
		# (io_apic_modify_irq() on an interrupt during setup_IO_APIC(),
		# about 1 boot in 150 with -cpu max): boot once more, and say so.
		if [ "$status" = panic ] && ! grep -qx boot=ok "$out/facts" &&
		   [[ " $exp " != *" status=panic "* ]] && [[ " $exp " != *" status~"* ]]; then
			echo "    # retry: panic before init, not expected here: $(grep -m1 -E 'RIP:|Kernel panic' "$out/console.log" | sed 's/^\[[^]]*\] *//')"
			rm -rf "$out.first-boot" && mv "$out" "$out.first-boot"
			retries=$((retries + 1))
			"$TOP/scripts/boot.sh" "${img[$k]}" "$initrd" "$machine" "$cmdline" "$steps" "$out" "$((tmo * scale))"
			[ $? = 2 ] && exit 2
			status=$(cat "$out/status")
		fi
		secs=$(( $(date +%s) - t0 ))
		echo "    KTAP version 1"
		echo "    # Subtest: $name/$k"
		echo "    # $about; ran ${secs}s, status $status"
		[ "$status" = ok ] || [[ " $exp " == *" status=$status "* ]] || {
			echo "    # last 30 console lines:"
			tail -n 30 "$out/console.log" | sed 's/^/    # | /'
		}
		checks=$(awk -v want="$exp" -v console="$out/console.log" -v status="$status" \
			-v ref="$([ "$k" != vanilla ] && echo "$ref_res/$name/vanilla")" \
			-v indent="    " -f "$TOP/scripts/check.awk" "$out/facts")
		grep -v '^#counts' <<<"$checks"
		read -r _ p f < <(grep '^#counts' <<<"$checks")
		pass=$((pass + p)); fail=$((fail + f))
		echo "$([ "$f" = 0 ] && echo ok || echo 'not ok') $run $name/$k"
		# README cell: the shown facts, as measured.
		c=$(for key in $show; do
			if [ "$key" = status ]; then v=$status
			elif [[ $key == log~* ]]; then
				v=$(grep -m1 -E -- "${key#log~}" "$out/console.log" | sed 's/^\[[^]]*\] *//; s/|/\\|/g')
				v=${v:-(no such line)}; key=log
			else v=$(awk -F= -v k="$key" '$1==k{v=substr($0,length(k)+2)} END{print v}' "$out/facts")	# last wins, as in check.awk
			fi
			[ -z "$v" ] && [[ $key == delta.* ]] && v=$(awk -F= -v k="${key#delta.}" '
				$1=="before."k{b=$2} $1=="after."k{a=$2} END{if (a!="" && b!="") print a-b}' "$out/facts")
			printf '%s=%s<br>' "${key#before.}" "${v:-?}"
		done)
		cell[$k]="${c%<br>}$([ "$f" = 0 ] || echo ' **(unexpected)**')"
	done
	printf '| %s: %s | %s | `%s` | %s | %s | %s |\n' "$name" "$about" "$machine" "${cmdline:-(none)}" \
		"${cell[vanilla]:-not run}" "${cell[series]:-not run}" "${cell[debian]:-not run}" >>"$res/scenarios.md.tmp"
	unset cell
done
mv "$res/scenarios.md.tmp" "$res/scenarios.md"
[ $retries = 0 ] || echo "# scenarios: $retries boots retried after a panic before init (their first console: */*.first-boot/)"
echo "# scenarios: $pass checks passed, $fail failed"
echo "#counts $pass $fail"
[ $fail = 0 ]
