#!/bin/bash
# Install the Debian packages the workbench needs (only the missing ones).
# Usage: deps.sh [PKG...]  (default: what make test needs; targets outside
# it, such as make deb, name their own)
set -euo pipefail
PKGS=(
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils ccache
	git perl python3              # kernel build, checkpatch, series export
	qemu-system-x86               # the test machine (TCG)
	acpica-tools                  # iasl: compiles the generated SSDTs
	busybox-static bash-static    # guest userland; bash for kselftests
	util-linux                    # lsmem/chmem for the guest
	liburcu-dev                   # tools/testing/memblock
)
[ $# -gt 0 ] && PKGS=("$@")
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "== deps: all ${#PKGS[@]} packages present"
	exit 0
fi
echo "== deps: installing ${missing[*]}"
[ "$(id -u)" = 0 ] || { echo "error: need root to apt-get install ${missing[*]}" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "== deps: done"
