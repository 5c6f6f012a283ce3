#!/bin/bash
# Build the series with kconfig/debug.config (DEBUG_VM, KASAN, PROVE_LOCKING)
# in a worktree build/debug at build/linux's HEAD.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
wt=$BUILD/debug
[ -e "$wt/.git" ] || git -C "$LINUX" worktree add -q --detach "$wt" HEAD
git -C "$wt" checkout -q --detach "$(git -C "$LINUX" rev-parse HEAD)"
FLAVOR=debug exec "$TOP/scripts/build-kernel.sh" "$wt"
