#!/bin/bash
# make deb: the series as a Debian package an operator installs next to the
# stock kernel. Debian's own config of the pinned version (build/debian/config,
# from the linux-image package the debian stage downloads; the same file as
# linux-config-6.12's config.amd64_none_amd64), its modules cut down to
# kconfig/deb-modules (VMs and common servers, localmodconfig), no debug
# info, Debian's signing certificates replaced by a key made for the build.
# Built with the kernel's own "make bindeb-pkg" in a git worktree of
# build/linux (build/deb, out of the minimal build's way); the packages land
# in build/deb-pkg/. FULL=1 keeps all of Debian's modules (several times
# longer).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need git make gcc dpkg-buildpackage
# What bindeb-pkg's debian/ needs: dh_listpackages (debhelper), depmod
# (kmod), rsync.
"$TOP/scripts/deps.sh" debhelper kmod rsync
[ -f "$BUILD/debian/config" ] || die "no Debian config (run 'make debian')"
git -C "$LINUX" rev-parse -q --verify base >/dev/null || die "no $LINUX (run 'make fetch')"
tree=$BUILD/deb
out=$BUILD/deb-pkg
suffix=-movable-acpi

# A worktree of an earlier build/linux (the pin moved) is made again.
if ! git -C "$tree" rev-parse -q --verify base >/dev/null 2>&1 ||
   [ "$(git -C "$tree" rev-parse base)" != "$(git -C "$LINUX" rev-parse base)" ]; then
	say "deb: worktree $tree"
	rm -rf "$tree"
	git -C "$LINUX" worktree prune
	git -C "$LINUX" worktree add -q --detach "$tree" HEAD
else
	git -C "$tree" checkout -q --detach "$(git -C "$LINUX" rev-parse HEAD)"
fi
head=$(git -C "$tree" rev-parse --short HEAD)
say "deb: series at $head ($(git -C "$LINUX" rev-list --count base..HEAD) patches on base)"
cd "$tree"
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

stamp=$(cat "$BUILD/debian/config" "$TOP/kconfig/deb-modules" | sha256sum | cut -c1-16)${FULL:+-full}
if [ "$(cat .wb-config-stamp 2>/dev/null)" != "$stamp" ]; then
	say "deb: configuring (Debian's config$([ -n "${FULL:-}" ] || echo ", modules of kconfig/deb-modules"))"
	cp "$BUILD/debian/config" .config
	scripts/config --set-str LOCALVERSION "$suffix" \
		--disable LOCALVERSION_AUTO \
		--set-str SYSTEM_TRUSTED_KEYS "" \
		--set-str SYSTEM_REVOCATION_KEYS "" \
		--disable DEBUG_INFO_DWARF5 --disable DEBUG_INFO_DWARF4 \
		--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
		--disable DEBUG_INFO_BTF --enable DEBUG_INFO_NONE
	make -s CC="$cc" olddefconfig >/dev/null
	if [ -z "${FULL:-}" ]; then
		sed 's/#.*//' "$TOP/kconfig/deb-modules" | awk '{for (i = 1; i <= NF; i++) print $i, 0, 0}' >.wb-lsmod
		make -s CC="$cc" LSMOD="$PWD/.wb-lsmod" localmodconfig >/dev/null 2>&1
	fi
	grep -q '^CONFIG_MHP_BOOT_MEMMAP_ON_MEMORY=y' .config ||
		die "Debian's config did not give MHP_BOOT_MEMMAP_ON_MEMORY=y"
	echo "$stamp" >.wb-config-stamp
fi
mods=$(grep -c '=m$' .config || true)
say "deb: $(make -s LOCALVERSION= kernelrelease), $mods modules, building (make bindeb-pkg)"
t0=$(date +%s)
# Profiles: no linux-headers package (external modules: FULL build).
DEB_BUILD_PROFILES=pkg.linux-upstream.nokernelheaders \
	"$TOP/scripts/progress.sh" "deb" .wb-build.log "$BUILD/.wb-build-deb${FULL:+-full}.count" \
	make -j"$(nproc)" CC="$cc" LOCALVERSION= KDEB_PKGVERSION="$(make -s kernelversion)-1+movableacpi.$head" \
	bindeb-pkg
el=$(( $(date +%s) - t0 ))
mkdir -p "$out"
rm -f "$out"/*.deb
mv ../linux-image-*"$suffix"*.deb ../linux-libc-dev_*.deb "$out"/ 2>/dev/null || true
rm -f ../linux-upstream_* ../*.buildinfo ../*.changes
ls "$out"/linux-image-*.deb >/dev/null 2>&1 || die "no linux-image package in $out"
for d in "$out"/*.deb; do
	say "deb: $(basename "$d") ($(( $(stat -c %s "$d") / 1048576 )) MiB)"
done
say "deb: built in $((el / 60))m$((el % 60))s; install with: dpkg -i $out/linux-image-*.deb"
