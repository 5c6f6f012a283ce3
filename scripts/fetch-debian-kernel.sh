#!/bin/bash
# Debian's own kernel binary of the pinned version, the kernel operators
# run: apt-get download linux-image-<version>+deb12-amd64-unsigned (apt
# checks it against the archive's signed index) and unpack its vmlinuz to
# build/debian/vmlinuz, its config to build/debian/config (the package is
# kept for make test-distro). Scenarios with a
# "debian" key boot it beside our vanilla build and the series.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need apt-get dpkg-deb
ver=${KVER_PIN%%-*}			# 6.12.118
pkg=linux-image-$ver+deb12-amd64-unsigned
out=$BUILD/debian
if [ -f "$out/vmlinuz" ] && [ -f "$out/$pkg.deb" ] &&
   [ "$(cat "$out/version" 2>/dev/null)" = "$pkg=$KVER_PIN" ]; then
	echo "== debian: $pkg $KVER_PIN present"
	exit 0
fi
rm -rf "$out" && mkdir -p "$out/dl"
say "debian: apt-get download $pkg=$KVER_PIN"
(cd "$out/dl" && apt-get download "$pkg=$KVER_PIN" >/dev/null 2>&1) ||
	die "cannot download $pkg=$KVER_PIN (apt-get update? gone from the archive?)"
dpkg-deb -x "$out"/dl/*.deb "$out/x"
cp "$out"/x/boot/vmlinuz-* "$out/vmlinuz"
cp "$out"/x/boot/config-* "$out/config"
# The package itself: make test-distro installs it with dpkg -i.
mv "$out"/dl/*.deb "$out/$pkg.deb"
rm -rf "$out/x" "$out/dl"
echo "$pkg=$KVER_PIN" >"$out/version"
say "debian: $(basename "$(ls "$out/config")") and vmlinuz ($(stat -c %s "$out/vmlinuz") bytes) in $out"
