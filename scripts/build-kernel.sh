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
# EXTRA_CONFIG: more fragments (make test-configs); BASE_CONFIG: a full
# .config to start from instead of tinyconfig + minimal.config.
for f in ${EXTRA_CONFIG:-}; do frags+=("$f"); done
cd "$tree"

stamp=$(cat "${frags[@]}" ${BASE_CONFIG:-} | sha256sum | cut -c1-16)
if [ ! -f .config ] || [ "$(cat .wb-config-stamp 2>/dev/null)" != "$stamp" ]; then
	if [ -n "${BASE_CONFIG:-}" ]; then
		say "kernel: configuring $(basename "$tree") (${BASE_CONFIG##*/} + ${frags[*]:1})"
		cp "$BASE_CONFIG" .config
		make -s CC="$cc" olddefconfig >/dev/null
		make -s CC="$cc" mod2noconfig >/dev/null
		frags=("${frags[@]:1}")
		[ ${#frags[@]} = 0 ] ||
			scripts/kconfig/merge_config.sh -m .config "${frags[@]}" >/dev/null
	else
		say "kernel: configuring $(basename "$tree") (tinyconfig + ${frags[*]##*/})"
		make -s CC="$cc" tinyconfig >/dev/null
		scripts/kconfig/merge_config.sh -m .config "${frags[@]}" >/dev/null
	fi
	make -s CC="$cc" olddefconfig >/dev/null
	# What the fragments ask for (a later fragment wins) must be what we got.
	declare -A want=()
	for f in "${frags[@]}"; do
		while read -r c v; do want[$c]=$v; done < <(sed -n \
			-e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1 \2/p' \
			-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1 n/p' "$f")
	done
	for c in "${!want[@]}"; do
		got=$(sed -n "s/^$c=//p" .config); got=${got:-n}
		[ "$got" = "${want[$c]}" ] ||
			die "$(basename "$tree"): Kconfig gave $c=$got, not ${want[$c]} (dependency?)"
	done
	echo "$stamp" >.wb-config-stamp
fi
say "kernel: building $(basename "$tree") bzImage"
# A cold build takes minutes: progress.sh says how far it is (steps of
# the previous full build of this tree, kept in $BUILD, time left).
name=$(basename "$tree")
"$TOP/scripts/progress.sh" "kernel: $name" .wb-build.log \
	"$BUILD/.wb-build-$name${FLAVOR:+-$FLAVOR}.count" \
	make -j"$(nproc)" CC="$cc" bzImage ||
	die "kernel build failed in $tree (full log: $tree/.wb-build.log)"
ls -l arch/x86/boot/bzImage | awk '{print "== kernel: " $NF " (" $5 " bytes)"}'
