// SPDX-License-Identifier: GPL-2.0
/*
 * wbprobe hwpoison: a failing DIMM on a node. Poison pages of anonymous,
 * tmpfs and HugeTLB memory on the node (madvise(MADV_HWPOISON)), a free
 * page and a page of a memory map that a block carries itself (debugfs
 * corrupt-pfn), and check that only the poisoned data is lost. The steps
 * that follow (offline, online, eject) show whether the node can still go.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wbprobe.h"

#define PG		4096UL
#define HUGE_PG		(2UL << 20)
#define CORRUPT_PFN	"/sys/kernel/debug/hwpoison/corrupt-pfn"
#define HWCORRUPTED_KB	file_long("/proc/meminfo", "HardwareCorrupted: %ld kB", -1)

/* One fact: hwpoison.node<N>.<key>=<value> */
#define fact(node, fmt, ...) printf("hwpoison.node%d." fmt "\n", node, ##__VA_ARGS__)

/* SIGBUS [while poisoning, while touching][BUS_MCEERR_AO, _AR, other] */
static volatile sig_atomic_t sigs[2][3], touching, injecting;
static sigjmp_buf touch_jmp;

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	static const char msg[] = "wbprobe: SIGBUS on its own memory, outside the test buffers\n";

	(void)sig;
	(void)ctx;
	sigs[touching][si->si_code == BUS_MCEERR_AO ? 0 : si->si_code == BUS_MCEERR_AR ? 1 : 2]++;
	if (touching)
		siglongjmp(touch_jmp, 1);
	/*
	 * In madvise(MADV_HWPOISON) the kernel kills us, and the signal comes
	 * on its return to user space, so returning is safe. Any other
	 * SIGBUS is a fault that would come again forever: say so and end.
	 */
	if (!injecting ||
	    (si->si_code != BUS_MCEERR_AO && si->si_code != BUS_MCEERR_AR)) {
		write(2, msg, sizeof(msg) - 1);
		_exit(1);
	}
}


/* Read one page: 1 if that raised SIGBUS, else add its wrong bytes to @bad */
static int touch_page(const unsigned char *p, size_t salt, size_t *bad)
{
	if (sigsetjmp(touch_jmp, 1)) {
		touching = 0;
		return 1;
	}
	touching = 1;
	*bad += verify(p, PG, salt);
	touching = 0;
	return 0;
}

static const char *rc_name(int ret)
{
	return ret ? strerrorname_np(-ret) ?: "?" : "0";
}

/*
 * Keep this process's own memory (stack, stdio buffers, anything not a
 * test buffer) and init's off @node: poisoning an ordinary pfn of @node by
 * number (stage_memmap() on a kernel that keeps the memory map elsewhere)
 * must not hit a page the test itself runs on. Test buffers are bound to
 * @node with mbind(), which wins over the task policy.
 */
static void keep_own_memory_off(int node)
{
	unsigned long from = 1UL << node, to = 0, max = sizeof(to) * 8 + 1;
	char buf[256], *p = buf;
	int lo, hi, n;

	/* The other nodes with memory ("0-1,3"); memoryless ones cannot take it */
	if (read_file(NODEDIR "/has_memory", buf, sizeof(buf)))
		return;
	while (sscanf(p, "%d%n", &lo, &n) == 1) {
		p += n;
		hi = lo;
		if (*p == '-' && sscanf(p + 1, "%d%n", &hi, &n) == 1)
			p += n + 1;
		for (; lo <= hi && lo < 64; lo++)
			if (lo != node)
				to |= 1UL << lo;
		if (*p != ',')
			break;
		p++;
	}
	if (!to) {
		fact(node, "own_memory=no-other-node");
		return;
	}
	fact(node, "own_memory_policy=%s",
	     rc_name(syscall(SYS_set_mempolicy, 2, &to, max) ? -errno : 0));
	fact(node, "own_memory_migrate=%s",
	     rc_name(syscall(SYS_migrate_pages, 0, max, &from, &to) < 0 ? -errno : 0));
	fact(node, "init_memory_migrate=%s",
	     rc_name(syscall(SYS_migrate_pages, 1, max, &from, &to) < 0 ? -errno : 0));
}

/* MPOL_BIND (2) @len bytes at @p to @node before they are faulted in */
static int bind_node(void *p, size_t len, int node)
{
	unsigned long mask = 1UL << node;

	return syscall(SYS_mbind, p, len, 2, &mask, sizeof(mask) * 8, 0) ? -errno : 0;
}

/* Entry @i of a /proc file of 64-bit entries (pagemap, kpageflags); 0 if none */
static unsigned long long entry_of(const char *path, unsigned long i)
{
	int fd = open(path, O_RDONLY);
	uint64_t e = 0;

	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), i * sizeof(e)) != sizeof(e))
		e = 0;
	close(fd);
	return e;
}

/* The pfn behind @p: pagemap bits 0-54 if bit 63 (present) is set; 0 if not */
static unsigned long pfn_of(const void *p)
{
	unsigned long long e = entry_of("/proc/self/pagemap", (uintptr_t)p / PG);

	return e >> 63 ? e & ((1ULL << 55) - 1) : 0;
}

static int corrupt_pfn(unsigned long pfn)
{
	char val[32];

	snprintf(val, sizeof(val), "0x%lx", pfn);
	return write_file(CORRUPT_PFN, val);
}

/*
 * Map @len bytes (anonymous with @flags, or shared of the tmpfs file @fd),
 * bound to @node, fill them, poison the pages at @off[0..n), then check
 * every page: read through the mapping, or with pread() from @fd (shmem
 * keeps a poisoned page in the file and read() of it fails with EIO).
 * Pages in the same @unit (a page, or a huge page, which memory_failure()
 * unmaps whole) as a poisoned one must fail, every other byte must be
 * intact. Returns 0 if all was so.
 */
static int poison_check(int node, const char *kind, size_t len, int flags,
			int fd, const size_t *off, int n, size_t unit)
{
	int k, ret, err = 0, poisoned = 0, failed = 0, wrong = 0, want;
	static unsigned char page[PG];
	size_t i, bad = 0, hit[8];
	unsigned char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, 0);
	if (p == MAP_FAILED) {
		fact(node, "%s=mmap-%s", kind, rc_name(-errno));
		return 1;
	}
	ret = bind_node(p, len, node);
	if (ret)
		fact(node, "%s_mbind=%s", kind, rc_name(ret));
	for (k = 0; k < 6; k++)
		sigs[k / 3][k % 3] = 0;
	for (i = 0; i < len; i++)
		p[i] = pattern(i);
	for (k = 0; k < n && k < 8; k++) {
		injecting = 1;
		ret = madvise(p + off[k], PG, MADV_HWPOISON) ? -errno : 0;
		injecting = 0;
		if (ret)
			err = ret;
		else
			hit[poisoned++] = off[k] / unit;
	}
	for (i = 0; i < len; i += PG) {
		for (k = 0, want = 0; k < poisoned; k++)
			want |= hit[k] == i / unit;
		if (fd < 0) {
			ret = touch_page(p + i, i, &bad);
		} else {
			ssize_t got = pread(fd, page, PG, i);

			ret = got < 0 && errno == EIO;
			if (!ret)
				bad += got == (ssize_t)PG ? verify(page, PG, i) : PG;
		}
		failed += ret;
		wrong += ret != want;
	}
	munmap(p, len);
	fact(node, "%s_poisoned=%d", kind, poisoned);
	fact(node, "%s_madvise=%s", kind, rc_name(err));
	fact(node, "%s_signals=madvise_ao:%d,madvise_ar:%d,touch_ao:%d,touch_ar:%d,other:%d",
	     kind, sigs[0][0], sigs[0][1], sigs[1][0], sigs[1][1], sigs[0][2] + sigs[1][2]);
	fact(node, "%s_%s=%d", kind, fd < 0 ? "sigbus" : "eio", failed);
	if (wrong || bad)
		fact(node, "%s_mismatch=pages:%d,bytes:%zu", kind, wrong, bad);
	ret = poisoned == n && !wrong && !bad;
	fact(node, "%s_verify=%s", kind, ret ? "ok" : "bad");
	return !ret;
}

/* 16 MiB anonymous, 4 pages poisoned, spread over it */
static int stage_anon(int node)
{
	size_t len = 16UL << 20, off[4], k;

	for (k = 0; k < 4; k++)
		off[k] = len / 8 + k * len / 4 + k * 3 * PG;
	return poison_check(node, "anon", len, MAP_PRIVATE | MAP_ANONYMOUS, -1, off, 4, PG);
}

/* A 4 MiB tmpfs file, 2 pages poisoned; mbind() gives the file the policy */
static int stage_tmpfs(int node)
{
	size_t len = 4UL << 20, off[2] = { len / 4 + PG, len * 3 / 4 + 5 * PG };
	int fd, ret;

	fd = open("/tmp/wb-hwpoison", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, len)) {
		fact(node, "tmpfs=%s", rc_name(-errno));
		return 1;
	}
	ret = poison_check(node, "tmpfs", len, MAP_SHARED, fd, off, 2, PG);
	close(fd);
	unlink("/tmp/wb-hwpoison");
	return ret;
}

/* Two 2 MiB HugeTLB pages on @node, one 4 KiB subpage of the first poisoned */
static int stage_hugetlb(int node)
{
	size_t off = 5 * PG;
	char path[600], buf[32];
	int ret = 1;

	snprintf(path, sizeof(path),
		 NODEDIR "/node%d/hugepages/hugepages-2048kB/nr_hugepages", node);
	if (write_file(path, "2") || read_file(path, buf, sizeof(buf)) || atoi(buf) < 2)
		fact(node, "hugetlb=no-pages");
	else
		ret = poison_check(node, "hugetlb", 2 * HUGE_PG,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, &off, 1, HUGE_PG);
	/* the poisoned huge page cannot go back to the pool: what stays */
	write_file(path, "0");
	read_file(path, buf, sizeof(buf));
	fact(node, "hugetlb_nr_after=%s", buf);
	return ret;
}

/* A page of @node that was just freed, poisoned by pfn */
static void stage_free(int node)
{
	unsigned char *p;
	unsigned long pfn = 0;

	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		bind_node(p, PG, node);
		p[0] = 1;
		pfn = pfn_of(p);
		munmap(p, PG);
	}
	if (!pfn) {
		fact(node, "free_pfn=none");
		return;
	}
	fact(node, "free_pfn=0x%lx", pfn);
	fact(node, "free_rc=%s", rc_name(corrupt_pfn(pfn)));
}

/*
 * A page in the middle of the memory map of the second self-hosting block
 * of @node: it holds struct pages of ordinary memory of that block, which
 * offlining walks (with 64-byte struct pages, 1/128 of the block into it).
 * The kernel must not advise offlining; it cannot tell the difference if
 * the memory map lives elsewhere, so nothing is poisoned then.
 */
static void stage_memmap_data(int node, const int *blocks, int n,
			      unsigned long bs)
{
	char buf[64], id[16];
	int i, self = 0;
	unsigned long pfn;

	for (i = 0; i < n; i++) {
		block_attr(blocks[i], "memmap_host", buf, sizeof(buf));
		snprintf(id, sizeof(id), "%d", blocks[i]);
		if (strcmp(buf, id) || ++self < 2)
			continue;
		pfn = blocks[i] * (bs / PG) + bs / PG / 128;
		fact(node, "memmap_data_block=%d", blocks[i]);
		fact(node, "memmap_data_pfn=0x%lx", pfn);
		fact(node, "memmap_data_rc=%s", rc_name(corrupt_pfn(pfn)));
		return;
	}
	fact(node, "memmap_data_pfn=none");
}

/*
 * The second pfn of the first block of @node that hosts its own memory
 * map: a page holding struct pages of that memory map itself, which
 * offlining skips. Where no block does (vanilla has no
 * memmap_host file, movable_node keeps the memory map elsewhere), the same
 * pfn of the node's first block, an ordinary page there, makes the
 * kernels' outcomes comparable.
 */
static void stage_memmap(int node)
{
	static int blocks[MAX_BLOCKS];
	int n = node_blocks(node, blocks), i, b = -1;
	char buf[64], id[16];
	unsigned long bs, pfn;

	read_file(MEMDIR "/block_size_bytes", buf, sizeof(buf));
	bs = strtoul(buf, NULL, 16);
	for (i = 0; i < n && b < 0; i++) {
		block_attr(blocks[i], "memmap_host", buf, sizeof(buf));
		snprintf(id, sizeof(id), "%d", blocks[i]);
		if (!strcmp(buf, id))
			b = blocks[i];
	}
	fact(node, "memmap_self=%s", b < 0 ? "no" : "yes");
	/* No block hosts its memory map: the same pfn is an ordinary page */
	if (b < 0 && n)
		b = blocks[0];
	if (b < 0 || !bs) {
		fact(node, "memmap_pfn=none");
		return;
	}
	pfn = b * (bs / PG) + 1;
	fact(node, "memmap_block=%d", b);
	fact(node, "memmap_pfn=0x%lx", pfn);
	/* what the page was (reserved, LRU...), and whether it is marked now */
	fact(node, "memmap_kpageflags=0x%llx", entry_of("/proc/kpageflags", pfn));
	fact(node, "memmap_rc=%s", rc_name(corrupt_pfn(pfn)));
	fact(node, "memmap_kpageflags_after=0x%llx", entry_of("/proc/kpageflags", pfn));
	stage_memmap_data(node, blocks, n, bs);
}

int cmd_hwpoison(int node)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	char path[600];
	int bad = 0;

	snprintf(path, sizeof(path), NODEDIR "/node%d", node);
	if (access(path, F_OK) || sigaction(SIGBUS, &sa, NULL)) {
		printf("hwpoison.node%d=no-node\n", node);
		return 1;
	}
	fact(node, "hwcorrupted_kb_before=%ld", HWCORRUPTED_KB);
	bad += stage_anon(node);
	bad += stage_tmpfs(node);
	bad += stage_hugetlb(node);
	stage_free(node);
	/* After the HugeTLB stage: its reservation follows the task policy */
	keep_own_memory_off(node);
	stage_memmap(node);
	fact(node, "hwcorrupted_kb_after=%ld", HWCORRUPTED_KB);
	fact(node, "verify=%s", bad ? "bad" : "ok");
	return 0;
}
