#!/bin/bash
# A Debian 12 root file system for make test-distro, from the archive with
# mmdebstrap: minbase plus systemd, udev, util-linux (lsmem, chmem), numactl,
# kmod, initramfs-tools, cached as build/distro/base.tar (made again when
# the package list below changes). Then, per run: unpack it, install the
# kernel packages given (dpkg -i inside the root, as an operator would: the
# postinst makes the initramfs), add the operator's script and its systemd
# unit (guest/distro/), and make an ext4 image of it.
# Usage: mkrootfs.sh IMAGE DEB...  (no DEB: only the cached base.tar)
# Writes IMAGE and, next to it, IMAGE.boot/ with each kernel's vmlinuz-* and
# initrd.img-* (QEMU boots them with -kernel/-initrd, root=/dev/vda).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
img=${1:?usage: mkrootfs.sh IMAGE DEB...}
shift
"$TOP/scripts/deps.sh" mmdebstrap e2fsprogs
pkgs=systemd,systemd-sysv,udev,util-linux,numactl,kmod,initramfs-tools,linux-base,procps,e2fsprogs
dir=$BUILD/distro
mkdir -p "$dir"
base=$dir/base.tar
if [ "$(cat "$base.pkgs" 2>/dev/null)" != "$pkgs" ] || [ ! -s "$base" ]; then
	say "distro: mmdebstrap bookworm minbase + $pkgs (once, cached in $base)"
	rm -f "$base" "$base.pkgs"
	mmdebstrap --quiet --mode=root --format=tar --variant=minbase --include="$pkgs" \
		--customize-hook='echo wb-distro >"$1/etc/hostname"' \
		--customize-hook='echo "root:root" | chroot "$1" chpasswd' \
		bookworm "$base.tmp" >"$dir/mmdebstrap.log" 2>&1 ||
		{ tail -20 "$dir/mmdebstrap.log"; die "mmdebstrap failed (log: $dir/mmdebstrap.log)"; }
	mv "$base.tmp" "$base"
	echo "$pkgs" >"$base.pkgs"
fi

# Without packages: only make sure the cached base is there.
[ $# -gt 0 ] || exit 0
[ "$(id -u)" = 0 ] || die "need root (chroot, dpkg -i inside the root file system)"
root=$dir/root.$$
rm -rf "$root" && mkdir -p "$root"
trap 'umount -l "$root/proc" 2>/dev/null || true; rm -rf --one-file-system "$root"' EXIT
tar -C "$root" -xf "$base"
mkdir -p "$root/tmp/debs"
cp "$@" "$root/tmp/debs/"
mount -t proc proc "$root/proc"
for d in "$@"; do
	say "distro: dpkg -i $(basename "$d")"
	chroot "$root" dpkg -i "/tmp/debs/$(basename "$d")" >"$dir/dpkg.log" 2>&1 ||
		{ tail -20 "$dir/dpkg.log"; die "dpkg -i $(basename "$d") failed"; }
done
umount "$root/proc"
rm -rf "$root/tmp/debs"
install -m 755 "$TOP/guest/distro/wb-operator" "$root/usr/local/sbin/wb-operator"
install -m 644 "$TOP/guest/distro/wb-operator.service" "$root/etc/systemd/system/"
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf /etc/systemd/system/wb-operator.service \
	"$root/etc/systemd/system/multi-user.target.wants/wb-operator.service"
# No getty on the console the operator's script reports on.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS1.service"
echo "/dev/vda / ext4 defaults 0 1" >"$root/etc/fstab"
rm -rf "$img.boot" && mkdir -p "$img.boot"
cp "$root"/boot/vmlinuz-* "$root"/boot/initrd.img-* "$img.boot/"
rm -f "$img"
mkfs.ext4 -q -F -L wbroot -d "$root" "$img" 3G
say "distro: $img ($(du -sm "$root" | cut -f1) MiB used), kernels: $(cd "$img.boot" && ls vmlinuz-* | sed 's/vmlinuz-//' | tr '\n' ' ')"
