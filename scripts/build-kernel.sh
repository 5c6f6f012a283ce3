#!/bin/bash
# Build a bzImage in a kernel tree: tinyconfig + kconfig/minimal.config
# (+ kconfig/debug.config with FLAVOR=debug). In-tree, incremental, ccache.
# Usage: build-kernel.sh TREE
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=${1:?usage: build-kernel.sh TREE}
[ -f "$tree/Makefile" ] || die "no kernel tree at $tree (run 'make fetch')"
need gcc make flex bison bc
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
frags=("$TOP/kconfig/minimal.config")
[ "${FLAVOR:-}" = debug ] && frags+=("$TOP/kconfig/debug.config")
cd "$tree"

stamp=$(cat "${frags[@]}" | sha256sum | cut -c1-16)
if [ ! -f .config ] || [ "$(cat .wb-config-stamp 2>/dev/null)" != "$stamp" ]; then
	say "kernel: configuring $(basename "$tree") (tinyconfig + ${frags[*]##*/})"
	make -s CC="$cc" tinyconfig >/dev/null
	scripts/kconfig/merge_config.sh -m .config "${frags[@]}" >/dev/null
	make -s CC="$cc" olddefconfig >/dev/null
	for f in "${frags[@]}"; do
		grep '^CONFIG_' "$f" | while read -r l; do
			grep -qx "$l" .config || die "$(basename "$tree"): Kconfig dropped $l (dependency missing?)"
		done
	done
	echo "$stamp" >.wb-config-stamp
fi
say "kernel: building $(basename "$tree") bzImage"
make -j"$(nproc)" CC="$cc" bzImage >.wb-build.log 2>&1 || {
	grep -E 'error|Error' .wb-build.log | head -20
	die "kernel build failed in $tree (full log: $tree/.wb-build.log)"
}
ls -l arch/x86/boot/bzImage | awk '{print "== kernel: " $NF " (" $5 " bytes)"}'
