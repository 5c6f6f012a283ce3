#!/bin/bash
# The series on other configurations (make test-configs, not in CI): build
# build/linux's HEAD with kconfig/minimal.config plus each fragment of
# kconfig/variants/, boot the demo machine (1G + 1G hot-pluggable) with
# movablecore=acpi, offline node 1 and eject it, and check the outcome the
# table below expects; "debian" starts from Debian's config.amd64_none_amd64
# (package linux-config-6.12, modules turned off with mod2noconfig);
# "arm64" only has to build: allnoconfig plus kconfig/variants/arm64.config
# (NUMA from ACPI, hot(un)plug, vmemmap, memmap_on_memory), cross compiler
# gcc-aarch64-linux-gnu.
# Env: CONFIGS (names, default all). Each build lives in build/configs/NAME.
# Prints a table; the last line is "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"
steps=facts:before,offline:1,eject:1,facts:after
self="before.node1.memmap_self=8 offline.node1=8/8 eject.node1=removed log!~WARNING"
usual="before.node1.memmap_self=0 offline.node1=8/8 eject.node1=removed log!~WARNING"
declare -A expect=(
	[no-vmemmap]="status=ok before.node1.zones=Movable $usual log~movablecore=acpi:.the.memory.map.of.hot-pluggable.memory.stays"
	[no-hotremove]="status=ok before.node1.zones=Movable before.node1.memmap_self=0 offline.node1=0/8 log~movablecore=acpi:.the.memory.map.of.hot-pluggable.memory.stays"
	[no-hotplug]="status=ok log~movablecore=acpi:.ignored,.needs.CONFIG_MEMORY_HOTPLUG"
	[no-numa]="status=ok before.srat.hp_ranges=1 before.blocks=16 log!~sparse:.node"
	[no-hugetlb]="status=ok before.node1.zones=Movable $usual log~stays.on.the.kernel's.nodes:.512.pages.do.not.fit"
	[deferred]="status=ok before.node1.zones=Movable $self log~sparse:.node.1:.memory.map.of.8.of.8"
	[debian]="status=ok before.node1.zones=Movable $self log~sparse:.node.1:.memory.map.of.8.of.8"
	[arm64]="build"
)
order=(no-vmemmap no-hotremove no-hotplug no-numa no-hugetlb deferred debian arm64)
configs=${CONFIGS:-${order[*]}}
[ -e "$LINUX/.git" ] || die "no $LINUX (run 'make fetch')"
[ -f "$BUILD/initramfs.cpio.gz" ] || die "no initramfs (run 'make initramfs')"
head=$(git -C "$LINUX" rev-parse HEAD)
mkdir -p "$BUILD/configs"

worktree() {	# NAME -> path of a worktree at build/linux's HEAD
	local wt=$BUILD/configs/$1
	[ -e "$wt/.git" ] || git -C "$LINUX" worktree add -q --detach "$wt" "$head" || return 1
	git -C "$wt" checkout -q --detach "$head" && echo "$wt"
}

build_arm64() {
	local wt=$1 cc=aarch64-linux-gnu-gcc
	command -v $cc >/dev/null || apt-get install -y -qq gcc-aarch64-linux-gnu >/dev/null || return 1
	command -v ccache >/dev/null && cc="ccache $cc"
	(cd "$wt" &&
	 make -s ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- CC="$cc" allnoconfig &&
	 scripts/kconfig/merge_config.sh -m .config "$TOP/kconfig/variants/arm64.config" >/dev/null &&
	 make -s ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- CC="$cc" olddefconfig &&
	 for c in $(sed -n 's/^CONFIG_\(.*\)=y$/\1/p' "$TOP/kconfig/variants/arm64.config"); do
		grep -q "^CONFIG_$c=y" .config || { echo "arm64: CONFIG_$c did not stick"; exit 1; }
	 done &&
	 make -j"$(nproc)" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- CC="$cc" Image >.wb-build.log 2>&1)
}

pass=0 fail=0
rows=()
for name in $configs; do
	[ -n "${expect[$name]:-}" ] || die "unknown config '$name' (${order[*]})"
	t0=$(date +%s)
	log=$BUILD/configs/$name.log
	wt=$(worktree "$name") || die "cannot make worktree for $name"
	say "configs: $name: building"
	if [ "$name" = arm64 ]; then
		build_arm64 "$wt" >"$log" 2>&1
	elif [ "$name" = debian ]; then
		dc=/usr/src/linux-config-6.12/config.amd64_none_amd64.xz
		[ -f "$dc" ] || apt-get install -y -qq linux-config-6.12 >/dev/null 2>&1
		xz -dc "$dc" >"$BUILD/configs/debian.base" 2>/dev/null &&
			BASE_CONFIG=$BUILD/configs/debian.base "$TOP/scripts/build-kernel.sh" "$wt" >"$log" 2>&1
	else
		EXTRA_CONFIG=$TOP/kconfig/variants/$name.config \
			"$TOP/scripts/build-kernel.sh" "$wt" >"$log" 2>&1
	fi
	built=$?
	got="" ok=0
	if [ $built != 0 ]; then
		got="build failed: $(grep -m1 -E 'error|Error' "$wt/.wb-build.log" "$log" 2>/dev/null | cut -c1-120)"
	elif [ "${expect[$name]}" = build ]; then
		ok=1 got="builds"
	else
		out=$BUILD/configs/$name.run
		"$TOP/scripts/boot.sh" "$wt/arch/x86/boot/bzImage" "$BUILD/initramfs.cpio.gz" \
			demo movablecore=acpi "$steps" "$out" 300 >/dev/null
		checks=$(awk -v want="${expect[$name]}" -v console="$out/console.log" \
			-v status="$(cat "$out/status")" -f "$TOP/scripts/check.awk" "$out/facts")
		grep -q '^not ok' <<<"$checks" || ok=1
		got=$(awk -F= '$1~/^(before.node1.zones|before.node1.memmap_self|offline.node1|eject.node1)$/{printf "%s=%s ", $1, $2}' "$out/facts")
		got="$(cat "$out/status") ${got}$(grep '^not ok' <<<"$checks" | sed 's/^not ok [0-9]* /FAILED /' | tr '\n' ' ')"
	fi
	[ $ok = 1 ] && pass=$((pass + 1)) || fail=$((fail + 1))
	rows+=("| $name | $([ $ok = 1 ] && echo ok || echo '**FAIL**') | $got | $(( $(date +%s) - t0 ))s |")
	say "configs: $name: $([ $ok = 1 ] && echo ok || echo FAIL): $got"
done
echo
echo "| config | result | facts (1G + 1G hp, movablecore=acpi) | time |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
