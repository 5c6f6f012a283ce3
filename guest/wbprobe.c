// SPDX-License-Identifier: GPL-2.0
/*
 * wbprobe - the guest's eyes and hands. It reports what the kernel did as
 * "key=value" facts, one a line, for the host to check, and performs the
 * steps of a scenario on memory blocks and ACPI memory devices.
 *
 *   wbprobe facts TAG      SRAT hot-pluggable ranges; per node: MemTotal,
 *                          populated zones, memory blocks (all, online,
 *                          online movable, hosting their own memory map)
 *                          and the other blocks hosting its memory map
 *   wbprobe offline NODE   offline every memory block of NODE, in order
 *   wbprobe online NODE    online every offline block of NODE (as movable)
 *   wbprobe eject NODE     eject the ACPI memory device(s) of NODE and wait
 *                          until the kernel has finished with them
 *   wbprobe fill NODE MB   fill MB of memory on NODE with a pattern, offline
 *                          every block of NODE (migrating it), time that,
 *                          and verify the data byte for byte
 *   wbprobe race NODE N    two sysfs readers of every block while two
 *                          writers offline and online NODE's blocks N
 *                          times each; then all back online, nothing lost
 *   wbprobe cycles NODE N MB  MB of anonymous, tmpfs and HugeTLB data on
 *                          NODE; N times offline (data migrates), verify,
 *                          online, migrate back; last, offline and verify
 *   wbprobe faults NODE N MB  MB of anonymous data on NODE; N rounds of
 *                          offline/online of NODE with fail_page_alloc and
 *                          failslab armed for this process only; then
 *                          disarmed: every block must online and offline,
 *                          data, MemTotal and memory map counters intact;
 *                          last, eject NODE with both armed system-wide,
 *                          and again without if that failed
 *   wbprobe ejectload NODE MB  a child keeps writing MB (preferring NODE)
 *                          while NODE's memory device is ejected; then
 *                          it verifies every byte
 *   wbprobe hwpoison NODE  poison pages of NODE: anonymous, tmpfs and
 *                          HugeTLB data (madvise), a free page and a page
 *                          of a self-hosted memory map (corrupt-pfn); only
 *                          the poisoned pages may be lost
 *
 * Where each step is: facts and sysfsread in wbprobe-facts.c; offline,
 * online and eject in wbprobe-state.c; fill, cycles and ejectload in
 * wbprobe-data.c; faults and race in wbprobe-faults.c; hwpoison in
 * wbprobe-hwpoison.c; the helpers they share in wbprobe-util.c, declared
 * with the steps in wbprobe.h.
 *
 * Exit status: 0 the step ran (its outcome is in the facts), 1 it could
 * not run (bad argument, missing sysfs), 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbprobe.h"

int main(int argc, char **argv)
{
	double t0;
	int node, ret;

	if (argc == 4 && !strcmp(argv[1], "fill")) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		return cmd_fill(atoi(argv[2]), atol(argv[3]));
	}
	if (argc == 4 && !strcmp(argv[1], "load")) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		return cmd_load(atoi(argv[2]), atol(argv[3]));
	}
	if (argc == 5 && !strcmp(argv[1], "cycles")) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		return cmd_cycles(atoi(argv[2]), atoi(argv[3]), atol(argv[4]));
	}
	if (argc == 5 && !strcmp(argv[1], "faults")) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		return cmd_faults(atoi(argv[2]), atoi(argv[3]), atol(argv[4]));
	}
	if (argc == 4 && !strcmp(argv[1], "ejectload")) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		return cmd_ejectload(atoi(argv[2]), atol(argv[3]));
	}
	if (argc == 4 && !strcmp(argv[1], "race")) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		return cmd_race(atoi(argv[2]), atoi(argv[3]));
	}

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 3)
		goto usage;
	if (!strcmp(argv[1], "facts"))
		return cmd_facts(argv[2]);
	node = atoi(argv[2]);
	if (!strcmp(argv[1], "offline")) {
		t0 = now_ms();
		ret = cmd_state(node, "offline");
		printf("offline.node%d.ms=%.0f\n", node, now_ms() - t0);
		return ret;
	}
	if (!strcmp(argv[1], "sysfsread"))
		return cmd_sysfsread(node);
	if (!strcmp(argv[1], "online"))
		return cmd_state(node, "online");
	if (!strcmp(argv[1], "eject"))
		return cmd_eject(node);
	if (!strcmp(argv[1], "hwpoison"))
		return cmd_hwpoison(node);
usage:
	fprintf(stderr, "usage: wbprobe facts TAG | offline NODE | online NODE | eject NODE | fill NODE MB | sysfsread ROUNDS | race NODE CYCLES | cycles NODE N MB | faults NODE N MB | ejectload NODE MB | hwpoison NODE\n");
	return 2;
}
