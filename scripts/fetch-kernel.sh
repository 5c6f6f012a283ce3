#!/bin/bash
# Create the kernel trees from the pinned source plus patches/series:
#   build/linux    git repo; first commit = pristine tree (tag "base"),
#                  then one commit per patch in patches/series (git am)
#   build/vanilla  git worktree of build/linux at "base"
# KERNEL_SRC=/path takes the pristine tree from a user's v6.12.y tree instead
# of the Debian package. Re-running it with the trees present only re-applies
# the series if patches/ changed (see scripts/apply-series.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need git xz tar

if [ -d "$LINUX/.git" ] && git -C "$LINUX" rev-parse -q --verify base >/dev/null; then
	echo "== fetch: $LINUX exists (base $(git -C "$LINUX" describe --always base))"
	# The trees are disposable, but may hold work not yet in patches/.
	[ -n "${KERNEL_SRC:-}" ] || git -C "$LINUX" log -1 --format=%s base | grep -qF "$KVER_PIN" ||
		die "build/linux is based on $(git -C "$LINUX" log -1 --format=%s base | sed 's/.*_\(6[^_]*\)_all.*/\1/'), the pin is $KVER_PIN: 'make export' anything new, then rm -rf build/linux build/vanilla"
else
	rm -rf "$LINUX" "$VANILLA"
	mkdir -p "$BUILD/dl" "$LINUX"
	if [ -n "${KERNEL_SRC:-}" ]; then
		[ -f "$KERNEL_SRC/Makefile" ] && grep -q '^VERSION = 6' "$KERNEL_SRC/Makefile" ||
			die "KERNEL_SRC=$KERNEL_SRC is not a Linux 6.x source tree"
		say "fetch: copying pristine tree from KERNEL_SRC=$KERNEL_SRC"
		tar -C "$KERNEL_SRC" --exclude=.git -cf - . | tar -C "$LINUX" -xf -
		origin="KERNEL_SRC $KERNEL_SRC"
	else
		cd "$BUILD/dl"
		pin=1
		if ! ls ${KVER_PKG}_"$KVER_PIN"_all.deb >/dev/null 2>&1; then
			say "fetch: apt-get download $KVER_PKG=$KVER_PIN"
			if ! apt-get download "$KVER_PKG=$KVER_PIN" >/dev/null 2>&1; then
				warn "pinned $KVER_PKG $KVER_PIN is gone from the archive; falling back to the newest $KVER_PKG (unverified)"
				apt-get download "$KVER_PKG" >/dev/null 2>&1 ||
					die "cannot download $KVER_PKG (apt-get update? network?)"
				pin=0
			fi
		fi
		deb=$(ls -t ${KVER_PKG}_*_all.deb | head -1)
		rm -rf x && dpkg-deb -x "$deb" x
		tarball=$(ls x/usr/src/${KVER_PKG}.tar.xz)
		if [ $pin = 1 ]; then
			echo "$KTAR_SHA256  $tarball" | sha256sum -c --quiet - ||
				die "sha256 of $tarball does not match the pinned $KTAR_SHA256"
		fi
		say "fetch: unpacking $deb"
		tar -C "$LINUX" --strip-components=1 -xJf "$tarball"
		rm -rf x
		origin="Debian $deb"
	fi
	cd "$LINUX"
	git init -q
	git config user.name "Movable ACPI series"
	git config user.email "movable-acpi@invalid"
	git config gc.auto 0
	git add -A -f . >/dev/null
	git commit -q -m "base: pristine $(make -s kernelversion) from $origin"
	git tag base
	say "fetch: pristine tree committed, tagged base"
fi
exec "$TOP/scripts/apply-series.sh"
