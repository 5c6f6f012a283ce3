#!/bin/bash
# make test-distro: the operator's workflow on a real Debian 12 userspace.
# One root file system (scripts/mkrootfs.sh) with two kernels installed by
# dpkg -i: the series' package from make deb and Debian's stock
# linux-image of the pinned version. Each boots the demo machine and
# cxl-like under QEMU, systemd runs guest/distro/wb-operator (lsmem,
# numactl -H, chmem -d of a hot-pluggable node, ACPI eject through sysfs,
# journalctl -k, udev events), and its facts are checked:
#   series  movablecore=acpi  node offline, ejected, no kernel splat
#   stock   movable_node      reported beside it (what Debian's kernel does)
# KTAP, one line per boot; results in build/distro/results.md and README.
# Not in make test (a root file system and two Debian-config kernels).
# Exit status: 0 every series boot passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
dir=$BUILD/distro
ser=$(ls "$BUILD"/deb-pkg/linux-image-*movable-acpi*.deb 2>/dev/null | head -1)
stock=$(ls "$BUILD"/debian/linux-image-*.deb 2>/dev/null | head -1)
[ -n "$ser" ] || die "no series package in $BUILD/deb-pkg (run 'make deb')"
[ -n "$stock" ] || die "no Debian kernel package in $BUILD/debian (run 'make debian')"
mkdir -p "$dir"
img=$dir/rootfs.img
stamp=$(cat "$ser" "$stock" "$TOP"/guest/distro/* "$TOP/scripts/mkrootfs.sh" | sha256sum | cut -c1-16)
if [ "$(cat "$img.stamp" 2>/dev/null)" != "$stamp" ]; then
	"$TOP/scripts/mkrootfs.sh" "$img" "$stock" "$ser" || exit 1
	echo "$stamp" >"$img.stamp"
fi
kver_of() { dpkg-deb -f "$1" Package | sed 's/^linux-image-//; s/-unsigned$//'; }
kser=$(kver_of "$ser") kstock=$(kver_of "$stock")

# machine node(removed) kernel-name cmdline
runs=(
	"demo 1 series movablecore=acpi"
	"demo 1 stock movable_node"
	"cxl-like 3 series movablecore=acpi"
	"cxl-like 3 stock movable_node"
)
echo "KTAP version 1"
echo "1..${#runs[@]}"
pass=0 fail=0 i=0
res=$dir/results
rm -rf "$res" && mkdir -p "$res"
{
	echo "_\`make test-distro\` on $(date -u +%Y-%m-%d): Debian 12 userspace (systemd $(tar -xOf "$dir/base.tar" ./var/lib/dpkg/status 2>/dev/null | awk '/^Package: systemd$/ {p = 1} p && /^Version:/ {print $2; exit}')), kernels installed with dpkg -i: series \`$kser\` (make deb), Debian's \`$kstock\`._"
	echo
	echo "| machine | kernel | command line | zones | offline (chmem -d) | eject | udev remove events | journal warnings / splats | failed units |"
	echo "|---|---|---|---|---|---|---|---|---|"
} >"$dir/results.md"
for r in "${runs[@]}"; do
	read -r machine node which cmd <<<"$r"
	i=$((i + 1))
	kv=$kser; [ "$which" = stock ] && kv=$kstock
	out=$res/$machine-$which
	WB_DRIVE=$img "$TOP/scripts/boot.sh" "$img.boot/vmlinuz-$kv" "$img.boot/initrd.img-$kv" \
		"$machine" "root=/dev/vda ro quiet systemd.show_status=1 wb.node=$node $cmd" - "$out" 900 >/dev/null 2>&1
	st=$(cat "$out/status" 2>/dev/null || echo died)
	f() { sed -n "s/^$1=//p" "$out/facts" | tail -1; }
	row="| $machine | $which | \`$cmd\` | $(f "distro.node$node.zones") | $(f "distro.offline.node$node") | $(f "distro.eject.node$node") | $(f distro.udev.remove) | $(f distro.journal.warnings) / $(f distro.journal.splats) | $(f distro.failed_units) |"
	[ "$st" = ok ] || row="| $machine | $which | \`$cmd\` | status $st | | | | | |"
	echo "$row" >>"$dir/results.md"
	if [ "$which" = stock ]; then
		echo "ok $i $machine/stock # reported: status $st, $(f "distro.node$node.zones"), offline $(f "distro.offline.node$node"), eject $(f "distro.eject.node$node")"
		continue
	fi
	n=$(f "distro.node$node.blocks")
	why=
	[ "$st" = ok ] || why="status $st"
	[ -z "$why" ] && [ "$(f "distro.node$node.zones")" != Movable ] && why="zones $(f "distro.node$node.zones")"
	[ -z "$why" ] && [ "$(f "distro.offline.node$node")" != "$n/$n" ] && why="offline $(f "distro.offline.node$node")"
	[ -z "$why" ] && [ "$(f "distro.eject.node$node")" != removed ] && why="eject $(f "distro.eject.node$node")"
	[ -z "$why" ] && [ "$(f distro.journal.splats)" != 0 ] && why="kernel splats in the journal ($(f distro.journal.splats))"
	u=$(f distro.udev.remove)
	[ -z "$why" ] && [ "${u:-0}" -lt "${n:-1}" ] && why="udev saw ${u:-no} of $n removals"
	if [ -z "$why" ]; then
		echo "ok $i $machine/series"; pass=$((pass + 1))
	else
		echo "not ok $i $machine/series # $why (console: $out/console.log)"; fail=$((fail + 1))
	fi
done
cat "$dir/results.md" | sed 's/^/# /'
"$TOP/scripts/update-readme.sh" "$dir/results.md" distro
echo "# $pass passed, $fail failed"
[ $fail = 0 ]
