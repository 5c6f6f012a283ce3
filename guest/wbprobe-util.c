// SPDX-License-Identifier: GPL-2.0
/*
 * wbprobe's small helpers, shared by the steps: sysfs and procfs reads and
 * writes, the memory blocks of a node and their state, and the test
 * pattern the data steps write and verify.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wbprobe.h"

int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Memory blocks of @node (all nodes if @node < 0), sorted; returns count. */
int node_blocks(int node, int *blocks)
{
	char path[600];
	struct dirent *d;
	int n = 0, b;
	DIR *dir;

	if (node >= 0)
		snprintf(path, sizeof(path), NODEDIR "/node%d", node);
	else
		snprintf(path, sizeof(path), MEMDIR);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((d = readdir(dir)) && n < MAX_BLOCKS)
		if (sscanf(d->d_name, "memory%d", &b) == 1)
			blocks[n++] = b;
	closedir(dir);
	qsort(blocks, n, sizeof(*blocks), cmp_int);
	return n;
}

void block_attr(int block, const char *attr, char *buf, size_t len)
{
	char path[600];

	snprintf(path, sizeof(path), MEMDIR "/memory%d/%s", block, attr);
	if (read_file(path, buf, len))
		snprintf(buf, len, "?");
}

/* Blocks of @node in @state ("online", "going-offline", ...) */
int node_blocks_in(int node, const char *state)
{
	static int blocks[MAX_BLOCKS];
	int n = node_blocks(node, blocks), i, count = 0;
	char buf[32];

	for (i = 0; i < n; i++) {
		block_attr(blocks[i], "state", buf, sizeof(buf));
		count += !strcmp(buf, state);
	}
	return count;
}

int node_online_blocks(int node)
{
	return node_blocks_in(node, "online");
}

/* The number @fmt finds first in the file @path (e.g. "MemFree: %ld"); @dflt if none */
long file_long(const char *path, const char *fmt, long dflt)
{
	char line[256];
	long val = dflt, v;
	FILE *f = fopen(path, "r");

	if (!f)
		return dflt;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, fmt, &v) == 1) {
			val = v;
			break;
		}
	fclose(f);
	return val;
}

long node_memtotal_kb(int node)
{
	char path[600];

	snprintf(path, sizeof(path), NODEDIR "/node%d/meminfo", node);
	return file_long(path, "Node %*d MemTotal: %ld kB", 0);
}

/* The nodes other than @node that exist (migrate_pages() refuses others) */
unsigned long other_nodes(int node)
{
	unsigned long others = 0;
	char path[600];
	int c;

	for (c = 0; c < (int)sizeof(others) * 8; c++) {
		snprintf(path, sizeof(path), NODEDIR "/node%d", c);
		if (c != node && !access(path, F_OK))
			others |= 1UL << c;
	}
	return others;
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 2654435761u >> 13);
}

/* Offline (or online as movable) every block of @node; blocks that fail */
int node_set_state(int node, const char *want)
{
	static int blocks[MAX_BLOCKS];
	int n = node_blocks(node, blocks), i, failed = 0;
	char path[600], buf[64];

	for (i = 0; i < n; i++) {
		block_attr(blocks[i], "state", buf, sizeof(buf));
		if (!strncmp(buf, want, strlen(buf)))
			continue;
		snprintf(path, sizeof(path), MEMDIR "/memory%d/state", blocks[i]);
		failed += !!write_file(path, want);
	}
	return failed;
}

size_t verify(const unsigned char *p, size_t len, size_t salt)
{
	size_t i, bad = 0;

	for (i = 0; i < len; i++)
		bad += p[i] != pattern(i + salt);
	return bad;
}
