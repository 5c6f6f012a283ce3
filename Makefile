# Movable ACPI workbench: build the series on pinned Linux 6.12, boot it on
# machines whose firmware marks memory hot-pluggable, and check it against
# the vanilla kernel. "make help" lists the targets.
SHELL := /bin/bash
S := scripts
BUILD := build
MACHINE ?= demo
# The option the demo boots with: the series' firmware-driven ZONE_MOVABLE.
CMDLINE ?= movablecore=acpi
KERNEL ?= series
ifeq ($(filter $(KERNEL),vanilla series),)
$(error KERNEL must be vanilla or series, not '$(KERNEL)')
endif

.PHONY: all help deps fetch kernels vanilla series debian initramfs run shell test \
	scenarios checkpatch memblock export reset-tree test-bisect test-race check-stable test-configs debug test-debug bench bench-load bench-remove compare-alt alt deb test-distro clean

all: kernels initramfs
	@echo "== ready: 'make run' boots the demo machine, 'make test' checks everything"

help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## make            build both kernels and the guest initramfs
## make debian     Debian's own kernel binary of the pinned version (third column)
## make run        boot the demo machine (MACHINE=, CMDLINE=, KERNEL=vanilla|series)
## make test       every check; ends with "N passed, N failed" (SCENARIOS=glob)
## make shell      boot MACHINE with a shell on the console
## make export     build/linux base..HEAD -> patches/ (then commit patches/)
## make reset-tree recreate build/linux from base + patches/ (drops local commits)
## make bench     figures: series vs vanilla movable_node (node-0 cost, ratios, boot, offline)
## make bench-load a loaded high-ratio node: node 0 page tables, slab, OOM point
## make bench-remove removing a node with live data: our kernels, Debian's binary, the series on Debian's config
## make compare-alt the series vs the hot-add-at-boot alternative (patches-alt/), same machines
## make test-bisect build the kernel at every patch of the series
## make test-race  the node-with-CPU race 20 times per kernel (RUNS=)
## make config-diff mm options where the test kernels' config differs from Debian's
## make check-stable newest linux-source-6.12 in the archive; does the series apply?
## make deb       the series as a Debian package (Debian's config, fewer modules; FULL=1: all)
## make test-distro Debian 12 userspace (systemd, udev): the package vs Debian's kernel
## make test-configs build + boot the series on other configs (CONFIGS=...)
## make debug      build the series with DEBUG_VM, KASAN, PROVE_LOCKING
## make test-debug every scenario on that kernel, splats fail (not in CI)
## make clean      remove build/ (keeps the downloaded source package)

deps:
	@$(S)/deps.sh

fetch: deps
	@$(S)/fetch-kernel.sh

kernels: vanilla series

debian: deps
	@$(S)/fetch-debian-kernel.sh

vanilla series: fetch
	@$(S)/build-kernel.sh $(BUILD)/$(subst series,linux,$@)

GUEST := guest/init $(wildcard guest/wbprobe*.c) guest/wbprobe.h $(S)/mkinitramfs.sh
initramfs: $(BUILD)/initramfs.cpio.gz
$(BUILD)/initramfs.cpio.gz: $(GUEST) $(wildcard $(BUILD)/linux/tools/testing/selftests/memory-hotplug/*) | fetch
	@$(S)/mkinitramfs.sh $(BUILD)/linux $@

run: $(KERNEL) initramfs
	@$(S)/run-demo.sh "$(MACHINE)" "$(CMDLINE)" "$(KERNEL)"

shell: $(KERNEL) initramfs
	@$(S)/run-demo.sh "$(MACHINE)" "$(CMDLINE)" "$(KERNEL)" shell

test:
	@$(S)/test.sh

scenarios: kernels initramfs debian
	@$(S)/run-scenarios.sh

checkpatch: fetch
	@$(S)/checkpatch.sh

memblock: fetch
	@$(S)/memblock-test.sh

export:
	@$(S)/export-series.sh

reset-tree:
	@FORCE=1 $(S)/apply-series.sh

bench: kernels initramfs
	@$(S)/bench.sh

bench-load: kernels initramfs
	@$(S)/bench-load.sh

bench-remove: kernels initramfs debian
	@$(S)/bench-remove.sh

alt: fetch
	@$(S)/build-alt.sh

compare-alt: series alt initramfs
	@$(S)/compare-alt.sh

test-bisect: fetch
	@$(S)/test-bisect.sh

test-race: kernels initramfs
	@$(S)/test-race.sh

check-stable: deps
	@$(S)/check-stable.sh

deb: fetch debian
	@$(S)/build-deb.sh

test-distro: deb
	@$(S)/test-distro.sh

config-diff: debian
	@$(S)/config-diff.sh

test-configs: fetch initramfs
	@$(S)/test-configs.sh

debug: fetch
	@$(S)/build-debug.sh

test-debug: fetch
	@$(S)/test-debug.sh

clean:
	rm -rf $(BUILD)/linux $(BUILD)/vanilla $(BUILD)/debug $(BUILD)/results $(BUILD)/results-debug \
		$(BUILD)/fw $(BUILD)/tools $(BUILD)/initramfs.cpio.gz $(BUILD)/configs \
		$(BUILD)/deb $(BUILD)/deb-pkg $(BUILD)/distro
