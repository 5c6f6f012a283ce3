// SPDX-License-Identifier: GPL-2.0
/*
 * wbprobe fill, cycles and ejectload: live data on a node while its
 * memory is offlined or ejected, checked byte for byte afterwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wbprobe.h"

int cmd_fill(int node, long mb)
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

/* Node @node's meminfo field @key (e.g. "PageTables"), kB */
static long node_kb(int node, const char *key)
{
	char path[600], fmt[64];

	snprintf(path, sizeof(path), NODEDIR "/node%d/meminfo", node);
	snprintf(fmt, sizeof(fmt), "Node %%*d %s: %%ld kB", key);
	return file_long(path, fmt, -1);
}

/*
 * load NODE MB: a child binds to NODE and faults in anonymous memory,
 * 512 MiB at a time, up to MB, reporting after each step what node 0 pays
 * for it (page tables and slab cannot live in ZONE_MOVABLE). Stops at MB,
 * or when the child dies (the OOM killer): the last step it completed is
 * the most the kernel's node can carry.
 */
int cmd_load(int node, long mb)
{
	unsigned long mask = 1UL << node;
	long step = 512, done = 0;
	int fds[2], status;
	char line[64];
	pid_t pid;
	FILE *f;

	if (pipe(fds))
		return 1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (syscall(SYS_set_mempolicy, 2, &mask, sizeof(mask) * 8))
			_exit(2);
		for (done = 0; done < mb; done += step) {
			unsigned char *p = mmap(NULL, (size_t)step << 20,
						PROT_READ | PROT_WRITE,
						MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				_exit(3);
			memset(p, 0x5a, (size_t)step << 20);
			dprintf(fds[1], "%ld\n", done + step);
		}
		pause();	/* hold it until the parent has measured */
		_exit(0);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		done = atol(line);
		printf("load.node%d.at%ld.node0_pagetables_kb=%ld\n", node, done,
		       node_kb(0, "PageTables"));
		printf("load.node%d.at%ld.node0_slab_kb=%ld\n", node, done,
		       node_kb(0, "Slab"));
		printf("load.node%d.at%ld.node0_memfree_kb=%ld\n", node, done,
		       node_kb(0, "MemFree"));
		printf("load.node%d.at%ld.node%d_memfree_kb=%ld\n", node, done,
		       node, node_kb(node, "MemFree"));
		if (done >= mb)
			break;
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	printf("load.node%d.mb=%ld\n", node, done);
	printf("load.node%d.end=%s\n", node, done >= mb ? "all" :
	       WIFSIGNALED(status) ? "killed" : "failed");
	return 0;
}

/*
 * cycles NODE N MB: put MB of live data on NODE (half anonymous, a quarter
 * tmpfs, a quarter HugeTLB), then N times: offline NODE (the data migrates
 * away), check every byte, online NODE as movable and migrate the data back
 * to it. Reports offline failures and whether any byte changed.
 */
int cmd_cycles(int node, int cycles, long mb)
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
int cmd_ejectload(int node, long mb)
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
