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
 *
 * Exit status: 0 the step ran (its outcome is in the facts), 1 it could
 * not run (bad argument, missing sysfs), 2 usage.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MEMDIR	"/sys/devices/system/memory"
#define NODEDIR	"/sys/devices/system/node"
#define ACPIDIR	"/sys/bus/acpi/devices"
#define MAX_BLOCKS 4096
#define MAX_NODES 64

static int read_file(const char *path, char *buf, size_t len)
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

static int write_file(const char *path, const char *val)
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
static int node_blocks(int node, int *blocks)
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

static void block_attr(int block, const char *attr, char *buf, size_t len)
{
	char path[600];

	snprintf(path, sizeof(path), MEMDIR "/memory%d/%s", block, attr);
	if (read_file(path, buf, len))
		snprintf(buf, len, "?");
}

/* Blocks of @node in @state ("online", "going-offline", ...) */
static int node_blocks_in(int node, const char *state)
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

static int node_online_blocks(int node)
{
	return node_blocks_in(node, "online");
}

/* The number @fmt finds first in the file @path (e.g. "MemFree: %ld"); @dflt if none */
static long file_long(const char *path, const char *fmt, long dflt)
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

static long node_memtotal_kb(int node)
{
	char path[600];

	snprintf(path, sizeof(path), NODEDIR "/node%d/meminfo", node);
	return file_long(path, "Node %*d MemTotal: %ld kB", 0);
}

/* The nodes other than @node that exist (migrate_pages() refuses others) */
static unsigned long other_nodes(int node)
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

static int cmd_facts(const char *tag)
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

static int cmd_state(int node, const char *state)
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
static int node_acpi_devices(int node, char devs[][64], int max)
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
static void eject_wait(int node, char devs[][64], int n, int before)
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

static int cmd_eject(int node)
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

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 2654435761u >> 13);
}

static int cmd_fill(int node, long mb)
{
	unsigned long mask = 1UL << node;
	size_t len = (size_t)mb << 20, i, bad = 0;
	unsigned char *p;
	double t0, t1;

	/* MPOL_BIND (2) to NODE while faulting the memory in. */
	if (syscall(SYS_set_mempolicy, 2, &mask, sizeof(mask) * 8)) {
		printf("fill.node%d=set_mempolicy-failed\n", node);
		return 0;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("fill.node%d=mmap-failed\n", node);
		return 0;
	}
	for (i = 0; i < len; i++)
		p[i] = pattern(i);
	syscall(SYS_set_mempolicy, 0, NULL, 0);	/* MPOL_DEFAULT */
	printf("fill.node%d.memtotal_kb=%ld\n", node, node_memtotal_kb(node));

	t0 = now_ms();
	cmd_state(node, "offline");
	t1 = now_ms();
	for (i = 0; i < len; i++)
		bad += p[i] != pattern(i);
	printf("fill.node%d.mb=%ld\n", node, mb);
	printf("fill.node%d.offline_ms=%.0f\n", node, t1 - t0);
	printf("fill.node%d.verify=%s\n", node, bad ? "corrupt" : "ok");
	munmap(p, len);
	return 0;
}

/* Offline (or online as movable) every block of @node; blocks that fail */
static int node_set_state(int node, const char *want)
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

static size_t verify(const unsigned char *p, size_t len, size_t salt)
{
	size_t i, bad = 0;

	for (i = 0; i < len; i++)
		bad += p[i] != pattern(i + salt);
	return bad;
}

/*
 * cycles NODE N MB: put MB of live data on NODE (half anonymous, a quarter
 * tmpfs, a quarter HugeTLB), then N times: offline NODE (the data migrates
 * away), check every byte, online NODE as movable and migrate the data back
 * to it. Reports offline failures and whether any byte changed.
 */
static int cmd_cycles(int node, int cycles, long mb)
{
	size_t len[3] = { (size_t)mb << 19, (size_t)mb << 18, (size_t)mb << 18 };
	unsigned long mask = 1UL << node, others = 0;
	static const char * const kind[] = { "anon", "tmpfs", "hugetlb" };
	unsigned char *p[3];
	char path[600], val[32];
	size_t bad = 0, i, k;
	int fd, c, failed = 0, back = 0, merr = 0;
	double t0;

	others = other_nodes(node);
	snprintf(path, sizeof(path), NODEDIR "/node%d/hugepages/hugepages-2048kB/nr_hugepages", node);
	snprintf(val, sizeof(val), "%zu", len[2] >> 21);
	if (write_file(path, val)) {
		printf("cycles.node%d=no-hugetlb\n", node);
		return 0;
	}
	if (syscall(SYS_set_mempolicy, 2, &mask, sizeof(mask) * 8)) {
		printf("cycles.node%d=set_mempolicy-failed\n", node);
		return 0;
	}
	fd = open("/tmp/wb-cycles", O_RDWR | O_CREAT | O_TRUNC, 0600);
	p[0] = mmap(NULL, len[0], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[1] = fd < 0 || ftruncate(fd, len[1]) ? MAP_FAILED :
		mmap(NULL, len[1], PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[2] = mmap(NULL, len[2], PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	for (k = 0; k < 3; k++) {
		if (p[k] == MAP_FAILED) {
			printf("cycles.node%d=%s-mmap-failed\n", node, kind[k]);
			return 0;
		}
		for (i = 0; i < len[k]; i++)
			p[k][i] = pattern(i + k);
	}
	syscall(SYS_set_mempolicy, 0, NULL, 0);
	printf("cycles.node%d.data=anon:%zuM,tmpfs:%zuM,hugetlb:%zuM\n", node,
	       len[0] >> 20, len[1] >> 20, len[2] >> 20);

	t0 = now_ms();
	for (c = 0; c < cycles; c++) {
		failed += node_set_state(node, "offline");
		for (k = 0; k < 3; k++)
			bad += verify(p[k], len[k], k);
		node_set_state(node, "online_movable");
		/* migrate_pages(2): everything of ours on other nodes to @node */
		if (syscall(SYS_migrate_pages, 0, sizeof(mask) * 8, &others, &mask) >= 0)
			back++;
		else if (!merr)
			merr = errno;
	}
	failed += node_set_state(node, "offline");
	for (k = 0; k < 3; k++)
		bad += verify(p[k], len[k], k);
	printf("cycles.node%d.cycles=%d\n", node, cycles);
	printf("cycles.node%d.ms=%.0f\n", node, now_ms() - t0);
	printf("cycles.node%d.offline_failures=%d\n", node, failed);
	printf("cycles.node%d.migrated_back=%d\n", node, back);
	printf("cycles.node%d.migrate_error=%s\n", node, merr ? strerrorname_np(merr) : "-");
	printf("cycles.node%d.verify=%s\n", node, bad ? "corrupt" : "ok");
	for (k = 0; k < 3; k++)
		munmap(p[k], len[k]);
	close(fd);
	unlink("/tmp/wb-cycles");
	return 0;
}

/*
 * Arm fail_page_alloc and failslab (debugfs) to fail @prob percent of all
 * allocations, sleeping ones and order 0 included, at most @times times
 * (-1: no limit), only in tasks with make-it-fail set if @task_filter;
 * @prob 0 disarms. Each failure is logged with its stack (rate limited).
 * The probabilities are written last and retried: once one is armed, the
 * writes themselves may fail. Returns 0, or -errno.
 */
static int fault_arm(int prob, int times, int task_filter)
{
	static const char * const dirs[] = { "fail_page_alloc", "failslab" };
	char path[600], p[16], t[16];
	const char *knobs[][2] = {
		{ "task-filter", task_filter ? "Y" : "N" },
		{ "ignore-gfp-wait", "N" }, { "verbose", "2" }, { "interval", "1" },
		{ "times", t }, { "min-order", "0" }, { "ignore-gfp-highmem", "N" },
	};
	int d, k, try, ret = 0;

	snprintf(p, sizeof(p), "%d", prob);
	snprintf(t, sizeof(t), "%d", times);
	for (d = 0; d < 2; d++) {	/* disarm first, or it stays disarmed */
		snprintf(path, sizeof(path), "/sys/kernel/debug/%s/probability", dirs[d]);
		for (try = 0; try < 1000 && (ret = write_file(path, "0")); try++)
			;
		if (ret)
			return ret;
	}
	if (!prob)
		return 0;
	for (d = 0; d < 2; d++) {
		for (k = 0; k < (int)(sizeof(knobs) / sizeof(knobs[0])); k++) {
			snprintf(path, sizeof(path), "/sys/kernel/debug/%s/%s",
				 dirs[d], knobs[k][0]);
			ret = write_file(path, knobs[k][1]);
			/* failslab has no min-order or ignore-gfp-highmem */
			if (ret && (d == 0 || k < 5))
				return ret;
		}
	}
	for (d = 0; d < 2; d++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/%s/probability", dirs[d]);
		for (try = 0; try < 1000 && (ret = write_file(path, p)); try++)
			;
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Write @want to every block's state file (@fds, opened before arming: only
 * the write runs with faults), counting errnos; EINVAL is "already so".
 */
static void faults_round(const int *fds, int n, const char *want, int *ok,
			 int *already, int *err, char *errnos, size_t len)
{
	const char *name;
	int i;

	for (i = 0; i < n; i++) {
		if (pwrite(fds[i], want, strlen(want), 0) >= 0) {
			(*ok)++;
			continue;
		}
		if (errno == EINVAL) {
			(*already)++;
			continue;
		}
		(*err)++;
		name = strerrorname_np(errno) ?: "?";
		if (!strstr(errnos, name) && strlen(errnos) + strlen(name) + 2 < len)
			snprintf(errnos + strlen(errnos), len - strlen(errnos),
				 "%s%s", *errnos ? "," : "", name);
	}
}

static int cmd_faults(int node, int rounds, long mb)
{
	unsigned long mask = 1UL << node, others = 0;
	size_t len = (size_t)mb << 20, i;
	long before = node_memtotal_kb(node), memmap, memmap_boot, memfree;
	int ok = 0, already = 0, err = 0, r, fd, n, nd, nf = 0, ret = 1;
	static int blocks[MAX_BLOCKS], fds[MAX_BLOCKS];
	char errnos[256] = "", path[600], devs[8][64];
	unsigned char *p = MAP_FAILED;
	int efd[8];

	others = other_nodes(node);
	n = node_blocks(node, blocks);
	if (!n) {
		printf("faults.node%d=no-blocks\n", node);
		return 0;
	}
	fd = open("/proc/self/make-it-fail", O_WRONLY);
	if (fd < 0 || fault_arm(0, -1, 1)) {
		printf("faults.node%d=no-fault-injection\n", node);
		return 0;
	}
	for (nf = 0; nf < n; nf++) {
		snprintf(path, sizeof(path), MEMDIR "/memory%d/state", blocks[nf]);
		fds[nf] = open(path, O_WRONLY);
		if (fds[nf] < 0)
			goto out;
	}
	/* Live data on the node, so that offlining has to migrate */
	if (syscall(SYS_set_mempolicy, 2, &mask, sizeof(mask) * 8))
		goto out;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	syscall(SYS_set_mempolicy, 0, NULL, 0);
	if (p == MAP_FAILED)
		goto out;
	for (i = 0; i < len; i++)
		p[i] = pattern(i);
	memmap = file_long("/proc/vmstat", "nr_memmap_pages %ld", -1);
	memmap_boot = file_long("/proc/vmstat", "nr_memmap_boot_pages %ld", -1);
	memfree = file_long("/proc/meminfo", "MemFree: %ld kB", -1);

	/* Only the state writes run with make-it-fail set */
	for (r = 0; r < rounds; r++) {
		/*
		 * At most 20 failures a round: offline_pages() retries
		 * migration until it succeeds, and would never end at 90%.
		 */
		if (fault_arm(10 + 40 * (r % 3), 20, 1) ||
		    pwrite(fd, "1", 1, 0) != 1)
			goto out;
		faults_round(fds, n, "offline", &ok, &already, &err, errnos, sizeof(errnos));
		faults_round(fds, n, "online_movable", &ok, &already, &err, errnos,
			     sizeof(errnos));
		if (pwrite(fd, "0", 1, 0) != 1)
			goto out;
		/* the data back on the node, for the next round to migrate */
		syscall(SYS_migrate_pages, 0, sizeof(mask) * 8, &others, &mask);
	}
	fault_arm(0, -1, 1);
	printf("faults.node%d.rounds=%d\n", node, rounds);
	printf("faults.node%d.state_writes=%d\n", node, ok + already + err);
	printf("faults.node%d.state_changes=%d\n", node, ok);
	printf("faults.node%d.state_errors=%d\n", node, err);
	printf("faults.node%d.errnos=%s\n", node, *errnos ? errnos : "-");

	/* Disarmed: the blocks must all be usable again */
	r = node_set_state(node, "online_movable");
	printf("faults.node%d.online_after=%d/%d\n", node, n - r, n);
	printf("faults.node%d.memtotal=%s\n", node,
	       node_memtotal_kb(node) == before ? "same" : "changed");
	printf("faults.node%d.memmap_pages=%s\n", node,
	       file_long("/proc/vmstat", "nr_memmap_pages %ld", -1) == memmap ? "same" : "changed");
	printf("faults.node%d.memmap_boot_pages=%s\n", node,
	       file_long("/proc/vmstat", "nr_memmap_boot_pages %ld", -1) == memmap_boot ? "same" : "changed");
	/* what the failed attempts may have leaked (pcp and slab caches vary) */
	printf("faults.node%d.memfree_delta_kb=%ld\n", node, file_long("/proc/meminfo", "MemFree: %ld kB", -1) - memfree);
	r = node_set_state(node, "offline");
	printf("faults.node%d.offline_after=%d/%d\n", node, n - r, n);
	printf("faults.node%d.verify=%s\n", node, verify(p, len, 0) ? "corrupt" : "ok");

	/*
	 * Remove with faults anywhere in the system: the eject runs in the
	 * ACPI hotplug workqueue. Found before, judged after the faults.
	 */
	nd = node_acpi_devices(node, devs, 8);
	for (r = 0; r < nd; r++) {
		snprintf(path, sizeof(path), ACPIDIR "/%s/eject", devs[r]);
		efd[r] = open(path, O_WRONLY);
	}
	printf("faults.node%d.eject_armed=%s\n", node, fault_arm(10, 30, 0) ? "no" : "yes");
	for (r = 0; r < nd; r++)	/* the write may fail too: retry */
		for (i = 0; i < 100 && efd[r] >= 0 && write(efd[r], "1", 1) != 1; i++)
			usleep(1000);
	sleep(2);
	fault_arm(0, -1, 1);
	for (r = 0; r < nd; r++)
		if (efd[r] >= 0)
			close(efd[r]);
	printf("faults.node%d.eject_devices=%d\n", node, nd);
	eject_wait(node, devs, nd, n);
	r = node_blocks(node, blocks);
	printf("faults.node%d.eject_retry=%s\n", node, r ? "yes" : "no");
	if (r)
		cmd_eject(node);
	ret = 0;
out:
	fault_arm(0, -1, 1);
	if (ret)
		printf("faults.node%d=could-not-run\n", node);
	if (p != MAP_FAILED)
		munmap(p, len);
	while (nf-- > 0)
		close(fds[nf]);
	close(fd);
	return ret;
}

/* Pages of process @pid on @node, from /proc/PID/numa_maps; -1 if unknown */
static long numa_pages(pid_t pid, int node)
{
	char path[64], line[4096], key[16], *at;
	long pages = 0, v;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/numa_maps", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	snprintf(key, sizeof(key), " N%d=", node);
	while (fgets(line, sizeof(line), f))
		if ((at = strstr(line, key)) && sscanf(at + strlen(key), "%ld", &v) == 1)
			pages += v;
	fclose(f);
	return pages;
}

/*
 * ejectload NODE MB: a child writes MB of anonymous memory, preferring
 * NODE, in 1 MiB steps and then over and over, each pass checking what
 * the last one wrote; meanwhile NODE's memory device is ejected. Then the
 * child checks every byte once more. Nothing may be lost either way.
 */
static int cmd_ejectload(int node, long mb)
{
	unsigned long mask = 1UL << node;
	size_t len = (size_t)mb << 20, i;
	volatile long *st;
	unsigned char *p;
	pid_t pid;
	int status;

	/* st[0] stop, st[1] MiB written, st[2] passes, st[3] bad bytes */
	st = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (st == MAP_FAILED)
		return 1;
	pid = fork();
	if (pid == 0) {
		long pass = 0;

		/* MPOL_PREFERRED (1): NODE while it has memory, then others */
		syscall(SYS_set_mempolicy, 1, &mask, sizeof(mask) * 8);
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		for (; !st[0] || pass < 1; pass++) {
			for (i = 0; i < len; i++) {
				if (pass && p[i] != pattern(i + pass - 1))
					st[3]++;
				p[i] = pattern(i + pass);
				if (!pass && !(i & ((1 << 20) - 1)))
					st[1]++;
			}
			st[2] = pass + 1;
		}
		st[3] += verify(p, len, pass - 1);
		_exit(0);
	}
	while (st[1] < mb / 4) {	/* a quarter written: the node is in use */
		if (waitpid(pid, &status, WNOHANG) == pid) {
			printf("ejectload.node%d.child=died\n", node);
			return 0;
		}
		usleep(10000);
	}
	printf("ejectload.node%d.mb_at_eject=%ld\n", node, st[1]);
	printf("ejectload.node%d.child_pages_on_node=%ld\n", node, numa_pages(pid, node));
	printf("ejectload.node%d.memtotal_kb=%ld\n", node, node_memtotal_kb(node));
	cmd_eject(node);
	st[0] = 1;
	waitpid(pid, &status, 0);
	printf("ejectload.node%d.child=%s\n", node,
	       WIFEXITED(status) && !WEXITSTATUS(status) ? "ok" : "died");
	printf("ejectload.node%d.passes=%ld\n", node, st[2]);
	printf("ejectload.node%d.verify=%s\n", node,
	       !WIFEXITED(status) || WEXITSTATUS(status) ? "unknown" :
	       st[3] ? "corrupt" : "ok");
	return 0;
}

/*
 * Time reading one attribute of every memory block, @rounds times, for each
 * of the attributes a tool like lsmem reads (make bench: memmap_host and
 * memmap_hosted must cost about what state costs).
 */
static int cmd_sysfsread(int rounds)
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

/* Reader: every listed attribute of every block, until killed; counts */
static void race_reader(int *blocks, int n, volatile long *counts)
{
	static const char * const attrs[] = {
		"state", "valid_zones", "memmap_host", "memmap_hosted",
	};
	char path[600], buf[4096];
	int a, i, ret;

	for (;;) {
		for (i = 0; i < n; i++) {
			for (a = 0; a < 4; a++) {
				snprintf(path, sizeof(path), MEMDIR "/memory%d/%s",
					 blocks[i], attrs[a]);
				ret = read_file(path, buf, sizeof(buf));
				/* a block may be gone; vanilla has no memmap_* */
				if (ret && ret != -ENOENT)
					__sync_fetch_and_add(&counts[1], 1);
				else
					__sync_fetch_and_add(&counts[0], 1);
			}
		}
	}
}

/*
 * Writer: @cycles times, offline every block of the node, then online
 * them (as movable). Another writer does the same at the same time, so
 * "already in that state" (EINVAL) and "busy" (EBUSY) are expected; any
 * other errno is counted as an error.
 */
static void race_writer(int *blocks, int n, int cycles, volatile long *counts)
{
	static const char * const want[] = { "offline", "online_movable" };
	char path[600];
	int c, w, i, ret;

	for (c = 0; c < cycles; c++) {
		for (w = 0; w < 2; w++) {
			for (i = 0; i < n; i++) {
				snprintf(path, sizeof(path), MEMDIR "/memory%d/state",
					 blocks[i]);
				ret = write_file(path, want[w]);
				if (ret && ret != -EINVAL && ret != -EBUSY)
					__sync_fetch_and_add(&counts[3], 1);
				else
					__sync_fetch_and_add(&counts[2], 1);
			}
		}
	}
	_exit(0);
}

/*
 * race NODE CYCLES: two sysfs readers (state, valid_zones, memmap_host,
 * memmap_hosted of every block) run while two writers each offline and
 * online every block of NODE CYCLES times. Afterwards every block must be
 * back online and NODE's MemTotal what it was: nothing lost.
 */
static int cmd_race(int node, int cycles)
{
	static int blocks[MAX_BLOCKS], all[MAX_BLOCKS];
	int n = node_blocks(node, blocks), na = node_blocks(-1, all), i;
	long before = node_memtotal_kb(node), after;
	volatile long *counts;
	pid_t pid[4];
	char buf[64];

	counts = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counts == MAP_FAILED || !n)
		return 1;
	for (i = 0; i < 4; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			if (i < 2)
				race_reader(all, na, counts);
			race_writer(blocks, n, cycles, counts);
		}
	}
	waitpid(pid[2], NULL, 0);
	waitpid(pid[3], NULL, 0);
	kill(pid[0], SIGKILL);
	kill(pid[1], SIGKILL);
	waitpid(pid[0], NULL, 0);
	waitpid(pid[1], NULL, 0);
	/* A writer may have left blocks offline the other could not online */
	for (i = 0; i < n; i++) {
		char path[600];

		block_attr(blocks[i], "state", buf, sizeof(buf));
		snprintf(path, sizeof(path), MEMDIR "/memory%d/state", blocks[i]);
		if (strcmp(buf, "online"))
			write_file(path, "online_movable");
	}
	after = node_memtotal_kb(node);
	printf("race.node%d.cycles=%d\n", node, cycles);
	printf("race.node%d.reads=%ld\n", node, counts[0]);
	printf("race.node%d.read_errors=%ld\n", node, counts[1]);
	printf("race.node%d.writes=%ld\n", node, counts[2]);
	printf("race.node%d.write_errors=%ld\n", node, counts[3]);
	printf("race.node%d.online=%d/%d\n", node, node_online_blocks(node), n);
	printf("race.node%d.memtotal=%s\n", node, after == before ? "same" : "changed");
	return 0;
}

int main(int argc, char **argv)
{
	double t0;
	int node, ret;

	if (argc == 4 && !strcmp(argv[1], "fill")) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		return cmd_fill(atoi(argv[2]), atol(argv[3]));
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
usage:
	fprintf(stderr, "usage: wbprobe facts TAG | offline NODE | online NODE | eject NODE | fill NODE MB | sysfsread ROUNDS | race NODE CYCLES | cycles NODE N MB | faults NODE N MB | ejectload NODE MB\n");
	return 2;
}
