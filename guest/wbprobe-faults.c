// SPDX-License-Identifier: GPL-2.0
/*
 * wbprobe faults and race: offline, online and eject while allocations
 * fail on purpose, and while other processes read and write the same
 * blocks' sysfs files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wbprobe.h"

/* How often a race writer flips the node's last block per cycle */
#define RACE_FLIPS	5

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

int cmd_faults(int node, int rounds, long mb)
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

/* Run the calling process on @cpu only (-1: leave it) */
static void pin_to(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* The first CPU of @node, or -1 if it has none (memory-only node) */
static int node_first_cpu(int node)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), NODEDIR "/node%d/cpulist", node);
	if (read_file(path, buf, sizeof(buf)) || buf[0] < '0' || buf[0] > '9')
		return -1;
	return atoi(buf);
}

/*
 * Loader, on the node's CPU: kernel allocations that cannot come from
 * ZONE_MOVABLE (pipe buffers, page tables and task structs of a child,
 * path names), so their preferred zone is an entry of the node's zonelist
 * that build_all_zonelists() rewrites when the node loses or regains its
 * only zone.
 */
static void race_loader(void)
{
	static char buf[65536];
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		_exit(1);
	for (;;) {
		if (write(fds[1], buf, sizeof(buf)) > 0 &&
		    read(fds[0], buf, sizeof(buf)) < 0)
			_exit(1);
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		access("/sys/devices/system/memory/block_size_bytes", R_OK);
	}
}

/*
 * Writer: @cycles times, offline every block of the node, flip the last
 * one online and offline again a few times (each flip empties or refills
 * the node, which rebuilds every zonelist), then online them all (as
 * movable). Another writer does the same at the same time, so "already in
 * that state" (EINVAL) and "busy" (EBUSY) are expected; any other errno is
 * counted as an error.
 */
static void race_writer(int *blocks, int n, int cycles, volatile long *counts)
{
	static const char * const want[] = { "offline", "online_movable" };
	char path[600];
	int c, w, i, ret;

	for (c = 0; c < cycles; c++) {
		for (w = 0; w < 2 + 2 * RACE_FLIPS; w++) {
			for (i = 0; i < n; i++) {
				/* the flips touch the last block only */
				if (w > 0 && w <= 2 * RACE_FLIPS && i != n - 1)
					continue;
				snprintf(path, sizeof(path), MEMDIR "/memory%d/state",
					 blocks[i]);
				ret = write_file(path, want[w == 2 * RACE_FLIPS + 1 ? 1 : w % 2]);
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
 * With every other block of the node offline, offline and online its last
 * block @nr times from @cpu: each time the node loses its only zone and
 * gets it back, and every zonelist is rebuilt, while the readers and the
 * loader keep allocating on the node's CPU. Returns the flips that worked.
 */
static int race_flip(int *blocks, int n, int nr, int cpu)
{
	char path[600];
	int i, ok = 0;

	pin_to(cpu);
	for (i = 0; i < n - 1; i++) {
		snprintf(path, sizeof(path), MEMDIR "/memory%d/state", blocks[i]);
		write_file(path, "offline");
	}
	snprintf(path, sizeof(path), MEMDIR "/memory%d/state", blocks[n - 1]);
	write_file(path, "online_movable");
	for (i = 0; i < nr; i++)
		if (!write_file(path, "offline") &&
		    !write_file(path, "online_movable"))
			ok++;
	return ok;
}

/*
 * race NODE CYCLES: two sysfs readers (state, valid_zones, memmap_host,
 * memmap_hosted of every block) and a loader of kernel allocations run on
 * NODE's CPU while two writers on another CPU each offline and online
 * every block of NODE CYCLES times, emptying and refilling the node; then
 * one of them flips the node's last block CYCLES * 20 times with the other
 * blocks offline. Afterwards every block must be back online and NODE's
 * MemTotal what it was: nothing lost.
 */
int cmd_race(int node, int cycles)
{
	static int blocks[MAX_BLOCKS], all[MAX_BLOCKS];
	int n = node_blocks(node, blocks), na = node_blocks(-1, all), i;
	int cpu = node_first_cpu(node), flips;
	long before = node_memtotal_kb(node), after;
	volatile long *counts;
	pid_t pid[5];
	char buf[64];

	counts = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counts == MAP_FAILED || !n)
		return 1;
	for (i = 0; i < 5; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			if (i == 4) {
				pin_to(cpu);
				race_loader();
			}
			if (i < 2) {
				pin_to(cpu);
				race_reader(all, na, counts);
			}
			/* writers elsewhere, so the node's CPU keeps allocating */
			pin_to(cpu == 0 ? 1 : 0);
			race_writer(blocks, n, cycles, counts);
		}
	}
	waitpid(pid[2], NULL, 0);
	waitpid(pid[3], NULL, 0);
	flips = race_flip(blocks, n, cycles * RACE_FLIPS * 4, cpu == 0 ? 1 : 0);
	for (i = 0; i < 5; i++) {
		if (i == 2 || i == 3)
			continue;
		kill(pid[i], SIGKILL);
		waitpid(pid[i], NULL, 0);
	}
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
	printf("race.node%d.flips=%d\n", node, flips);
	printf("race.node%d.online=%d/%d\n", node, node_online_blocks(node), n);
	printf("race.node%d.memtotal=%s\n", node, after == before ? "same" : "changed");
	return 0;
}
