#!/bin/bash
# make test-debug: every scenario of make test on the series built with
# kconfig/debug.config (KASAN, DEBUG_VM, DEBUG_VM_PGFLAGS, PROVE_LOCKING,
# DEBUG_LIST; make debug), series only, with 4x the time limits. A boot
# fails when its console shows a splat (BUG, WARNING, KASAN report, lockdep,
# bad page, list corruption), besides its usual checks; "@vanilla" checks
# compare with the vanilla runs of the last make test; MemTotal checks are
# skipped (KASAN shadow). Guests above 16 GiB are skipped: KASAN's shadow
# (1/8 of guest RAM) is touched and would not fit this 24 GiB host, and
# 256M + 16G already panics in kasan_init on vanilla too (issue 9).
# Not in CI (slow).
# Env: SCENARIOS (glob). Writes build/results-debug/ and its scenarios.md;
# last line "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/build-debug.sh" || die "debug kernel build failed"
make -s -C "$TOP" initramfs || exit 1
[ -d "$BUILD/results" ] || warn "no vanilla runs in build/results: @vanilla checks will fail (run make test first)"
out=$(SERIES_IMAGE=$BUILD/debug/arch/x86/boot/bzImage RESULTS=$BUILD/results-debug \
	VANILLA_REF=$BUILD/results TIMEOUT_SCALE=4 SPLATS=1 KERNELS=series MAX_MEM_MB=16640 \
	"$TOP/scripts/run-scenarios.sh" | tee /dev/stderr | grep '^#counts')
read -r _ p f <<<"$out"
echo "${p:-0} passed, ${f:-1} failed"
[ "${f:-1}" = 0 ]
