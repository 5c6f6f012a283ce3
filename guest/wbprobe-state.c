// SPDX-License-Identifier: GPL-2.0
/*
 * wbprobe offline, online and eject: change the state of a node's memory
 * blocks, and find and eject the ACPI memory devices behind them.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbprobe.h"

int cmd_state(int node, const char *state)
{
	static int blocks[MAX_BLOCKS];
	const char *verb = strcmp(state, "offline") ? "online" : "offline";
	const char *want = strcmp(state, "offline") ? "online_movable" : "offline";
	char path[600], buf[64], fails[1024] = "";
	int n, i, ok = 0, ret;

	n = node_blocks(node, blocks);
	for (i = 0; i < n; i++) {
		block_attr(blocks[i], "state", buf, sizeof(buf));
		if (!strcmp(buf, verb)) {
			ok++;
			continue;
		}
		snprintf(path, sizeof(path), MEMDIR "/memory%d/state", blocks[i]);
		ret = write_file(path, want);
		if (!ret) {
			ok++;
			continue;
		}
		if (strlen(fails) < sizeof(fails) - 64)
			snprintf(fails + strlen(fails), sizeof(fails) - strlen(fails),
				 "%smemory%d:%s", *fails ? "," : "", blocks[i],
				 strerrorname_np(-ret) ?: "?");
	}
	printf("%s.node%d=%d/%d\n", verb, node, ok, n);
	printf("%s.node%d.failed=%s\n", verb, node, *fails ? fails : "-");
	return 0;
}

/* The ACPI memory devices bound to blocks of @node. */
int node_acpi_devices(int node, char devs[][64], int max)
{
	char path[600], link[600];
	struct dirent *d, *e;
	int n = 0, b;
	DIR *dir, *sub;

	dir = opendir(ACPIDIR);
	if (!dir)
		return 0;
	while ((d = readdir(dir)) && n < max) {
		if (strncmp(d->d_name, "PNP0C80:", 8))
			continue;
		snprintf(path, sizeof(path), ACPIDIR "/%s", d->d_name);
		sub = opendir(path);
		if (!sub)
			continue;
		while ((e = readdir(sub))) {
			ssize_t l;

			if (strncmp(e->d_name, "physical_node", 13))
				continue;
			snprintf(path, sizeof(path), ACPIDIR "/%s/%s", d->d_name, e->d_name);
			l = readlink(path, link, sizeof(link) - 1);
			if (l < 0)
				continue;
			link[l] = '\0';
			if (sscanf(strrchr(link, '/') ?: link, "/memory%d", &b) != 1)
				continue;
			snprintf(path, sizeof(path), NODEDIR "/node%d/memory%d", node, b);
			if (!access(path, F_OK)) {
				snprintf(devs[n++], 64, "%.60s", d->d_name);
				break;
			}
		}
		closedir(sub);
	}
	closedir(dir);
	return n;
}

/* Ask the kernel to eject @n ACPI memory devices; returns failed writes */
static int eject_write(int node, char devs[][64], int n)
{
	char path[600];
	int i, ret, failed = 0;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), ACPIDIR "/%s/eject", devs[i]);
		ret = write_file(path, "1");
		if (ret) {
			printf("eject.node%d.%s=%s\n", node, devs[i], strerrorname_np(-ret));
			failed++;
		}
	}
	return failed;
}

/*
 * Ejection runs in the kernel's ACPI hotplug workqueue and leaves no
 * result in sysfs: it is done when _STA says the device is gone, or has
 * failed when the node's blocks stop changing for a while and none is
 * going offline.
 */
void eject_wait(int node, char devs[][64], int n, int before)
{
	static int blocks[MAX_BLOCKS];
	char path[600];
	int i, t, after, last, idle;

	for (t = 0, last = -1, idle = 0; n && t < 600 && idle < 50; t++) {
		int state = node_online_blocks(node) * MAX_BLOCKS + node_blocks(node, blocks);

		for (i = 0; i < n; i++) {
			char sta[16];

			snprintf(path, sizeof(path), ACPIDIR "/%s/status", devs[i]);
			if (read_file(path, sta, sizeof(sta)) || atoi(sta))
				break;
		}
		if (i == n && !node_blocks(node, blocks))
			break;
		/* a block going offline is progress, however slow */
		idle = state == last && !node_blocks_in(node, "going-offline") ?
		       idle + 1 : 0;
		last = state;
		usleep(100000);
	}
	after = node_blocks(node, blocks);
	printf("eject.node%d.blocks_removed=%d/%d\n", node, before - after, before);
	printf("eject.node%d=%s\n", node, !n ? "no-device" :
	       after == 0 && before ? "removed" : "failed");
}

int cmd_eject(int node)
{
	static int blocks[MAX_BLOCKS];
	char devs[8][64];
	int n, before;

	before = node_blocks(node, blocks);
	n = node_acpi_devices(node, devs, 8);
	printf("eject.node%d.devices=%d\n", node, n);
	eject_write(node, devs, n);
	eject_wait(node, devs, n, before);
	return 0;
}
