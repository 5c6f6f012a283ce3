// SPDX-License-Identifier: GPL-2.0
/*
 * wbprobe facts and sysfsread: what the firmware and the kernel say about
 * the memory, and what reading it through sysfs costs.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbprobe.h"

/* Zones of @node with present pages, as "Normal,Movable"; "-" if none. */
static void node_zones(int node, char *out, size_t len)
{
	char line[256], zone[32] = "";
	long present;
	int nid = -1;
	FILE *f = fopen("/proc/zoneinfo", "r");

	snprintf(out, len, "-");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone %31s", &nid, zone) == 2)
			continue;
		if (nid == node && sscanf(line, " present %ld", &present) == 1 &&
		    present > 0) {
			size_t used = strcmp(out, "-") ? strlen(out) : 0;

			snprintf(out + used, len - used, "%s%s", used ? "," : "", zone);
		}
	}
	fclose(f);
}

/* Hot-pluggable memory ranges in the SRAT the firmware gave the kernel. */
static void srat_facts(const char *tag)
{
	unsigned char buf[65536];
	int fd = open("/sys/firmware/acpi/tables/SRAT", O_RDONLY);
	ssize_t len, off = 48;
	int hp = 0;

	if (fd < 0) {
		printf("%s.srat=missing\n", tag);
		return;
	}
	len = read(fd, buf, sizeof(buf));
	close(fd);
	while (off + 2 <= len && buf[off + 1]) {
		if (buf[off] == 1 && buf[off + 1] >= 40) {
			unsigned int pxm, flags;
			unsigned long long base, size;

			memcpy(&pxm, buf + off + 2, 4);
			memcpy(&base, buf + off + 8, 8);
			memcpy(&size, buf + off + 16, 8);
			memcpy(&flags, buf + off + 28, 4);
			if ((flags & 3) == 3) {
				printf("%s.srat.hp%d=pxm%u:%#llx-%#llx\n", tag, hp,
				       pxm, base, base + size - 1);
				hp++;
			}
		}
		off += buf[off + 1];
	}
	printf("%s.srat.hp_ranges=%d\n", tag, hp);
}

int cmd_facts(const char *tag)
{
	static int blocks[MAX_BLOCKS];
	char buf[256], zones[128], elsewhere[512], id[16];
	int node, n, i, self;

	srat_facts(tag);
	n = node_blocks(-1, blocks);
	if (read_file(MEMDIR "/block_size_bytes", buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "0");
	printf("%s.block_size=%#lx\n", tag, strtoul(buf, NULL, 16));
	printf("%s.blocks=%d\n", tag, n);
	/* Poisoned memory still in the system (failing DIMMs) */
	printf("%s.hwcorrupted_kb=%ld\n", tag, file_long("/proc/meminfo", "HardwareCorrupted: %ld kB", 0));
	/* Which page sizes the kernel's direct map uses (1 GiB needs pdpe1gb) */
	printf("%s.directmap1g_kb=%ld\n", tag, file_long("/proc/meminfo", "DirectMap1G: %ld kB", 0));
	printf("%s.directmap2m_kb=%ld\n", tag, file_long("/proc/meminfo", "DirectMap2M: %ld kB", 0));
	for (node = 0; node < MAX_NODES; node++) {
		int online = 0, movable = 0;

		snprintf(buf, sizeof(buf), NODEDIR "/node%d", node);
		if (access(buf, F_OK))
			continue;
		n = node_blocks(node, blocks);
		self = 0;
		elsewhere[0] = '\0';
		for (i = 0; i < n; i++) {
			/* Where this block's memory map lives (series kernels). */
			block_attr(blocks[i], "memmap_host", buf, sizeof(buf));
			snprintf(id, sizeof(id), "%d", blocks[i]);
			if (!strcmp(buf, id))
				self++;
			else if (strcmp(buf, "?") && !strstr(elsewhere, buf) &&
				 strlen(elsewhere) < sizeof(elsewhere) - 16)
				snprintf(elsewhere + strlen(elsewhere),
					 sizeof(elsewhere) - strlen(elsewhere),
					 "%smemory%s", *elsewhere ? "," : "", buf);
			block_attr(blocks[i], "state", buf, sizeof(buf));
			if (strcmp(buf, "online"))
				continue;
			online++;
			block_attr(blocks[i], "valid_zones", buf, sizeof(buf));
			if (!strcmp(buf, "Movable"))
				movable++;
		}
		node_zones(node, zones, sizeof(zones));
		printf("%s.node%d.memtotal_kb=%ld\n", tag, node, node_memtotal_kb(node));
		printf("%s.node%d.zones=%s\n", tag, node, zones);
		printf("%s.node%d.blocks=%d\n", tag, node, n);
		printf("%s.node%d.online=%d\n", tag, node, online);
		printf("%s.node%d.movable=%d\n", tag, node, movable);
		printf("%s.node%d.memmap_self=%d\n", tag, node, self);
		printf("%s.node%d.memmap_elsewhere=%s\n", tag, node,
		       *elsewhere ? elsewhere : "-");
	}
	return 0;
}

/*
 * Time reading one attribute of every memory block, @rounds times, for each
 * of the attributes a tool like lsmem reads (make bench: memmap_host and
 * memmap_hosted must cost about what state costs).
 */
int cmd_sysfsread(int rounds)
{
	static const char * const attrs[] = {
		"state", "valid_zones", "memmap_host", "memmap_hosted",
	};
	static int blocks[MAX_BLOCKS];
	int n = node_blocks(-1, blocks), a, r, i;
	char buf[4096];
	double t0;

	for (a = 0; a < 4; a++) {
		t0 = now_ms();
		for (r = 0; r < rounds; r++)
			for (i = 0; i < n; i++)
				block_attr(blocks[i], attrs[a], buf, sizeof(buf));
		printf("sysfsread.%s_us=%.0f\n", attrs[a],
		       (now_ms() - t0) * 1000 / rounds);
	}
	printf("sysfsread.blocks=%d\n", n);
	return 0;
}
