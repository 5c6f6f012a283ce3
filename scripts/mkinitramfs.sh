#!/bin/bash
# Build the guest initramfs: busybox, bash (for kselftests), lsmem/chmem with
# their libraries, the workbench's own static programs and the memory-hotplug
# kselftests of a kernel tree.
# Usage: mkinitramfs.sh KERNEL_TREE OUT.cpio.gz
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=${1:?usage: mkinitramfs.sh KERNEL_TREE OUT}; out=${2:?}
need busybox bash-static cpio gzip gcc
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib64,kselftest}
cp "$(command -v busybox)" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$(command -v bash-static)" "$root/bin/bash"
for t in /usr/bin/lsmem /usr/sbin/chmem; do
	cp "$t" "$root$t"
	ldd "$t" | awk '/=> \//{print $3} /^[ \t]*\/lib64\//{print $1}' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done
gcc -static -O2 -Wall -Wextra -Werror -o "$root/bin/wbprobe" "$TOP"/guest/wbprobe*.c
kst=$tree/tools/testing/selftests/memory-hotplug
cp -r "$kst" "$root/kselftest/"
for c in "$kst"/*.c; do	# C kselftests, built static like the rest
	[ -e "$c" ] || continue
	gcc -static -O2 -Wall -I"$tree/tools/testing/selftests" \
		-o "$root/kselftest/memory-hotplug/$(basename "$c" .c)" "$c"
done
install -m 755 "$TOP/guest/init" "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
echo "== initramfs: $out ($(stat -c %s "$out") bytes)"
