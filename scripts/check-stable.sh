#!/bin/bash
# make check-stable: is there a newer linux-source-6.12 in Debian's archive
# than the pin (scripts/lib.sh), and does the series apply to it? Unpacks
# the newest package into build/stable-check (a throwaway git tree) and
# runs git am over patches/series there. The pin and build/linux are left
# alone; moving the pin is then the one-line change this prints.
# Exit status: 0 the pin is the newest or the series applies to the
# newest, 1 it does not apply, 2 the archive cannot be asked.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
need apt-cache apt-get dpkg-deb git xz tar
newest=$(apt-cache madison "$KVER_PKG" 2>/dev/null | awk '{print $3}' | sort -V | tail -1)
[ -n "$newest" ] || { echo "error: apt-cache knows no $KVER_PKG (apt-get update?)" >&2; exit 2; }
echo "== check-stable: pinned $KVER_PIN, newest in the archive $newest"
if [ "$newest" = "$KVER_PIN" ]; then
	echo "== check-stable: the pin is the newest"
	exit 0
fi
dir=$BUILD/stable-check
rm -rf "$dir" && mkdir -p "$dir/dl" "$dir/linux"
(cd "$dir/dl" && apt-get download "$KVER_PKG=$newest" >/dev/null 2>&1) ||
	{ echo "error: cannot download $KVER_PKG=$newest" >&2; exit 2; }
deb=$(ls "$dir"/dl/*.deb)
dpkg-deb -x "$deb" "$dir/x"
tarball=$(ls "$dir"/x/usr/src/${KVER_PKG}.tar.xz)
sha=$(sha256sum "$tarball" | cut -d' ' -f1)
tar -C "$dir/linux" --strip-components=1 -xJf "$tarball"
rm -rf "$dir/x"
cd "$dir/linux"
git init -q && git add -A -f . >/dev/null &&
	git -c user.name=wb -c user.email=wb@invalid commit -q -m "base $newest"
n=0 total=$(grep -vc '^#' "$TOP/patches/series")
while read -r p; do
	[ -z "$p" ] && continue
	if ! git -c user.name=wb -c user.email=wb@invalid am -q --keep-cr "$TOP/patches/$p" 2>/dev/null; then
		git am --abort >/dev/null 2>&1
		echo "not ok: $p does not apply to $newest ($n of $total applied)"
		exit 1
	fi
	n=$((n + 1))
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/patches/series")
echo "ok: all $n patches apply to $newest ($(make -s kernelversion))"
echo "== check-stable: to move the pin, set in scripts/lib.sh:"
echo "   KVER_PIN=$newest"
echo "   KTAR_SHA256=$sha"
