// SPDX-License-Identifier: GPL-2.0
/*
 * mkfw - turn a machine description into the firmware tables a real
 * server would give it: an ACPI SRAT (processor and memory affinity, with
 * the Enabled and Hot Pluggable flags) and, per node with hot-pluggable
 * memory, the ASL of an SSDT holding an ACPI memory device (PNP0C80) whose
 * _CRS is exactly that node's RAM, so the guest can eject it.
 *
 * Usage: mkfw MACHINE OUTDIR
 *
 * MACHINE is a text file, one line a memory range (see machines/README):
 *	node <id> <size>[M|G] [hotplug] [cpus=<n>] [pxm=<n>]
 * The first range belongs to node 0, starts at 0 and must fit below 4 GiB
 * (QEMU's max-ram-below-4g); the others follow each other from 4 GiB up.
 * A node id seen before adds a range to that node; "low" puts a range
 * below 4 GiB right after the previous one (node 0's first or another low
 * one); crs=<size> makes the node's memory device _CRS one range of that
 * size at the node's start, whatever the SRAT says. Firmware can also
 * describe memory that has no RAM of its own in the layout:
 *	entry <id> <size> at=<addr> [hotplug] [disabled]
 * adds an SRAT memory affinity entry for node <id> (size may be 0).
 *
 * A machine of node lines may also say
 *	hotadd slots=<n> [max=<size>]
 * QEMU then boots it with -numa (one memory backend per node, the node's
 * CPUs), -m <RAM>,slots=<n>,maxmem=<RAM + max> (max: default 1G a slot),
 * so pc-dimms can be hot-added to a node over QMP. QEMU writes an SRAT of
 * its own then, which the kernel uses first: the SRAT generated here
 * replaces it through the initrd table upgrade, so it carries QEMU's OEM
 * ID and OEM table ID and a higher OEM revision. Each node has one range,
 * in id order, with PXM = id (QEMU's node ids are its PXMs).
 *
 * Or the machine takes a firmware SRAT as it is, from a file:
 *	srat <file>		relative to the current directory
 *	ram <size>[M|G] [low=<size>]	guest RAM, and how much lies below 4 GiB
 *	cpus <n>
 * The file is checked (signature, length, checksum, subtable lengths) and
 * copied; no memory device is generated.
 *
 * Writes OUTDIR/srat.aml, OUTDIR/ssdt-node<N>.dsl for each node
 * with hot-pluggable memory, and OUTDIR/machine.env (shell variables for the QEMU command line).
 * Exit status: 0 done, 1 bad input (one line on stderr says what).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES	8
#define MAX_RANGES	16
#define MAX_CPUS	8
#define MAX_SRAT	65536
#define MiB		(1ULL << 20)
#define GiB		(1ULL << 30)
#define LOW_MAX_MB	2816		/* q35 keeps lowmem below 0xb0000000 */
#define LOW_DEFAULT	(2 * GiB)	/* q35's lowmem when RAM does not fit */

struct node {
	int pxm;
	int cpus;
	int hotplug;	/* has a hot-pluggable range */
	int linux_id;	/* the node id Linux will give it */
	unsigned long long crs_size;	/* memory device _CRS: 0 = the node */
};

struct range {
	unsigned long long base, size;	/* bytes */
	int node;
	int hotplug;
	int low;	/* below 4 GiB, right after the previous one */
	int extra;	/* an SRAT entry only ("entry"): no RAM of its own */
	int disabled;
};

static struct node nodes[MAX_NODES];
static int nr_nodes;
static struct range ranges[MAX_RANGES];
static int nr_ranges;

/* A machine with a firmware SRAT from a file */
static unsigned char srat[MAX_SRAT];
static size_t srat_len;
static unsigned long long ram, low;
static int srat_cpus = 1;
/*
 * QEMU's CPU model. "max" (every feature TCG emulates) has what current
 * servers have and qemu64 lacks: 1 GiB pages (pdpe1gb), so the kernel maps
 * RAM with them, and 5-level paging (la57).
 */
static char cpu_model[64] = "max";
/*
 * QEMU's -accel. "tcg" runs each vCPU on a host thread of its own;
 * "tcg,thread=single" runs them all on one, switching every few
 * milliseconds, which stretches a vCPU's short window into a whole time
 * slice of the others (races).
 */
static char accel[64] = "tcg";

/* hotadd: pc-dimm slots and how much memory they may add (0: no hotadd) */
static int hotadd_slots;
static unsigned long long hotadd_max;

/* QEMU 7.2's SRAT header (build_srat(): x86ms->oem_id, oem_table_id, 1) */
#define QEMU_OEM_ID		"BOCHS "
#define QEMU_OEM_TABLE_ID	"BXPC    "
#define QEMU_OEM_REVISION	1

static const char *fname;
static int lineno;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkfw: ");
	if (lineno)
		fprintf(stderr, "%s:%d: ", fname, lineno);
	else if (fname)
		fprintf(stderr, "%s: ", fname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned long long parse_size_or_0(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		die("malformed size '%s' (want <n>M or <n>G)", s);
	if (!strcmp(end, "M"))
		return v * MiB;
	if (!strcmp(end, "G"))
		return v * GiB;
	die("malformed size '%s' (want <n>M or <n>G)", s);
	return 0;
}

static unsigned long long parse_size(const char *s)
{
	unsigned long long v = parse_size_or_0(s);

	if (!v)
		die("size '%s' is zero", s);
	return v;
}

static int parse_int(const char *tok, const char *s, int max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > max)
		die("malformed '%s' (want 0..%d)", tok, max);
	return v;
}

static void parse_node(char *save)
{
	struct range *r;
	struct node *n;
	char *tok;
	int id;

	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		die("node without id");
	id = parse_int(tok, tok, MAX_NODES - 1);
	if (id > nr_nodes)
		die("node id '%s' out of order (want %d or less)", tok, nr_nodes);
	if (nr_ranges == MAX_RANGES)
		die("more than %d memory ranges", MAX_RANGES);
	if (!nr_ranges && id)
		die("the first range belongs to node 0");
	n = &nodes[id];
	if (id == nr_nodes) {
		nr_nodes++;
		n->pxm = id;
		n->cpus = 1;
	}
	r = &ranges[nr_ranges++];
	r->node = id;
	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		die("node %d without size", id);
	r->size = parse_size(tok);
	while ((tok = strtok_r(NULL, " \t", &save))) {
		if (!strcmp(tok, "hotplug"))
			r->hotplug = n->hotplug = 1;
		else if (!strncmp(tok, "cpus=", 5))
			n->cpus = parse_int(tok, tok + 5, MAX_CPUS);
		else if (!strncmp(tok, "pxm=", 4))
			n->pxm = parse_int(tok, tok + 4, 255);
		else if (!strcmp(tok, "low"))
			r->low = 1;
		else if (!strncmp(tok, "crs=", 4))
			n->crs_size = parse_size(tok + 4);
		else
			die("unknown node attribute '%s'", tok);
	}
	if (r->low && (nr_ranges < 2 || (nr_ranges > 2 && !ranges[nr_ranges - 2].low)))
		die("a low range must follow node 0's first range or another low range");
}

/* entry <node> <size> at=<addr> [hotplug] [disabled]: an SRAT entry only */
static void parse_entry(char *save)
{
	struct range *r;
	char *tok;
	int at = 0;

	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		die("entry without node id");
	if (nr_ranges == MAX_RANGES)
		die("more than %d memory ranges", MAX_RANGES);
	r = &ranges[nr_ranges];
	r->node = parse_int(tok, tok, MAX_NODES - 1);
	if (r->node >= nr_nodes)
		die("entry for node %d, which has no range yet", r->node);
	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		die("entry without size");
	r->size = parse_size_or_0(tok);
	r->extra = 1;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		if (!strcmp(tok, "hotplug"))
			r->hotplug = 1;
		else if (!strcmp(tok, "disabled"))
			r->disabled = 1;
		else if (!strncmp(tok, "at=", 3) && (at = 1))
			r->base = parse_size_or_0(tok + 3);
		else
			die("unknown entry attribute '%s'", tok);
	}
	if (!at)
		die("entry without at=<address>");
	nr_ranges++;
}

static uint32_t get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Read and check a firmware SRAT: header, checksum, subtable lengths */
static void read_srat(const char *path)
{
	unsigned char sum = 0;
	size_t i, len;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		die("cannot read SRAT file '%s': %s", path, strerror(errno));
	srat_len = fread(srat, 1, sizeof(srat), f);
	if (ferror(f) || !feof(f))
		die("SRAT file '%s': unreadable or larger than %d bytes", path, MAX_SRAT);
	fclose(f);
	if (srat_len < 48 || memcmp(srat, "SRAT", 4))
		die("SRAT file '%s' is not an SRAT (no 'SRAT' signature and 48-byte header)", path);
	len = get32(srat + 4);
	if (len != srat_len)
		die("SRAT file '%s': header says %zu bytes, file has %zu", path, len, srat_len);
	for (i = 0; i < len; i++)
		sum += srat[i];
	if (sum)
		die("SRAT file '%s': bad checksum (bytes sum to %#x, not 0)", path, sum);
	for (i = 48; i < len; i += srat[i + 1]) {
		if (i + 2 > len || srat[i + 1] < 2 || i + srat[i + 1] > len)
			die("SRAT file '%s': subtable at offset %zu overruns the table", path, i);
		if (srat[i] == 1 && srat[i + 1] != 40)
			die("SRAT file '%s': memory affinity at offset %zu has length %d, not 40",
			    path, i, srat[i + 1]);
	}
}

static void parse_line(char *line)
{
	char *tok, *save;

	line[strcspn(line, "#\n")] = '\0';
	tok = strtok_r(line, " \t", &save);
	if (!tok)
		return;
	if (!strcmp(tok, "node")) {
		parse_node(save);
		return;
	}
	if (!strcmp(tok, "entry")) {
		parse_entry(save);
		return;
	}
	if (!strcmp(tok, "srat")) {
		tok = strtok_r(NULL, " \t", &save);
		if (!tok)
			die("srat without a file");
		read_srat(tok);
	} else if (!strcmp(tok, "ram")) {
		tok = strtok_r(NULL, " \t", &save);
		if (!tok)
			die("ram without size");
		ram = parse_size(tok);
		tok = strtok_r(NULL, " \t", &save);
		if (tok && strncmp(tok, "low=", 4))
			die("unknown ram attribute '%s'", tok);
		if (tok)
			low = parse_size(tok + 4);
	} else if (!strcmp(tok, "cpu") || !strcmp(tok, "accel")) {
		char *dst = tok[0] == 'c' ? cpu_model : accel;
		const char *what = tok[0] == 'c' ? "cpu" : "accel";

		tok = strtok_r(NULL, " \t", &save);
		if (!tok || strlen(tok) >= sizeof(cpu_model) ||
		    tok[strspn(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,=+")])
			die("%s wants one QEMU value (e.g. cpu max, cpu qemu64,+pdpe1gb, accel tcg,thread=single)", what);
		strcpy(dst, tok);
	} else if (!strcmp(tok, "hotadd")) {
		if (hotadd_slots)
			die("hotadd given twice");
		while ((tok = strtok_r(NULL, " \t", &save))) {
			if (!strncmp(tok, "slots=", 6))
				hotadd_slots = parse_int(tok, tok + 6, 32);
			else if (!strncmp(tok, "max=", 4))
				hotadd_max = parse_size(tok + 4);
			else
				die("unknown hotadd attribute '%s' (want slots=<n> [max=<size>])", tok);
		}
		if (!hotadd_slots)
			die("hotadd wants slots=<n>, 1..32");
		return;
	} else if (!strcmp(tok, "cpus")) {
		tok = strtok_r(NULL, " \t", &save);
		if (!tok)
			die("cpus without a number");
		srat_cpus = parse_int(tok, tok, MAX_CPUS);
	} else {
		die("unknown keyword '%s' (want node, entry, srat, ram, cpus, cpu, accel or hotadd)", tok);
	}
	if (strtok_r(NULL, " \t", &save))
		die("trailing words after '%s'", tok);
}

static void layout_srat(void)
{
	if (nr_ranges)
		die("a machine has either node lines or an srat file, not both");
	if (!ram)
		die("srat machine without 'ram <size>'");
	if (!low)
		low = ram > LOW_MAX_MB * MiB ? LOW_DEFAULT : ram;
	if (low > ram || low > LOW_MAX_MB * MiB || low % MiB)
		die("low=%llu MiB: want whole MiB, at most %d MiB and at most ram",
		    low / MiB, LOW_MAX_MB);
	if (srat_cpus < 1)
		die("cpus 0: the boot CPU needs to exist");
	if (hotadd_slots)
		die("hotadd needs node lines, not an srat file");
}

/* End of the RAM below 4 GiB: node 0's first range and the low ones */
static unsigned long long low_end(void)
{
	int i = 1;

	while (i < nr_ranges && ranges[i].low)
		i++;
	return ranges[i - 1].base + ranges[i - 1].size;
}

/*
 * Linux (x86 acpi_numa_init()) numbers nodes as it first meets their PXM:
 * processor affinity entries first, then memory affinity, in table order.
 */
static void number_nodes(void)
{
	int i, j, next = 0;

	for (i = 0; i < nr_nodes; i++)
		nodes[i].linux_id = -1;
	for (i = 0; i < nr_nodes + nr_ranges; i++) {
		struct node *n = i < nr_nodes ? &nodes[i] : &nodes[ranges[i - nr_nodes].node];

		if (n->linux_id >= 0 || (i < nr_nodes && !n->cpus))
			continue;
		for (j = 0; j < nr_nodes; j++)
			if (nodes[j].pxm == n->pxm && nodes[j].linux_id >= 0)
				die("two nodes with PXM %d", n->pxm);
		n->linux_id = next++;
	}
}

/*
 * QEMU -numa lays the nodes' memory backends out one after the other, in
 * node order, node 0 below 4 GiB and the rest from 4 GiB up: the layout
 * of one range per node in id order. Its ACPI memory slots give a hot-added
 * DIMM the QEMU node id as _PXM.
 */
static void check_hotadd(void)
{
	int i, n = 0;

	for (i = 0; i < nr_ranges; i++) {
		const struct range *r = &ranges[i];

		if (r->extra)
			continue;
		if (r->low || r->node != n++)
			die("hotadd: want one range per node, in node order (QEMU -numa layout)");
		if (nodes[r->node].pxm != r->node || nodes[r->node].linux_id != r->node)
			die("hotadd: node %d: want pxm = id and CPU nodes first (QEMU node ids are PXMs)",
			    r->node);
	}
	if (!hotadd_max)
		hotadd_max = hotadd_slots * GiB;
}

static void layout(void)
{
	unsigned long long next = 4 * GiB;
	int i, cpus = 0;

	lineno = 0;
	if (srat_len) {
		layout_srat();
		return;
	}
	if (ram || low || srat_cpus != 1)
		die("ram and cpus lines need an srat file");
	if (!nr_ranges)
		die("no nodes");
	for (i = 1; i < nr_ranges; i++) {
		if (ranges[i].extra)
			continue;
		if (ranges[i].low) {
			ranges[i].base = ranges[i - 1].base + ranges[i - 1].size;
			continue;
		}
		ranges[i].base = next;
		next += ranges[i].size;
	}
	if (low_end() > LOW_MAX_MB * MiB)
		die("the ranges below 4 GiB are larger than %d MiB", LOW_MAX_MB);
	if (low_end() % MiB)
		die("the ranges below 4 GiB must be a whole number of MiB");
	for (i = 0; i < nr_nodes; i++)
		cpus += nodes[i].cpus;
	if (cpus < 1 || cpus > MAX_CPUS)
		die("%d CPUs in all: want 1..%d", cpus, MAX_CPUS);
	if (!nodes[0].cpus)
		die("node 0 needs a CPU (the boot CPU lives there)");
	number_nodes();
	if (hotadd_slots)
		check_hotadd();
}

/* ACPI table header and SRAT structures (ACPI 6.5, 5.2.16) */
struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
} __attribute__((packed));

struct srat_cpu {
	uint8_t type;			/* 0: processor local APIC affinity */
	uint8_t length;			/* 16 */
	uint8_t proximity_lo;
	uint8_t apic_id;
	uint32_t flags;			/* bit 0: enabled */
	uint8_t local_sapic_eid;
	uint8_t proximity_hi[3];
	uint32_t clock_domain;
} __attribute__((packed));

struct srat_mem {
	uint8_t type;			/* 1: memory affinity */
	uint8_t length;			/* 40 */
	uint32_t proximity;
	uint16_t reserved1;
	uint64_t base;
	uint64_t size;
	uint32_t reserved2;
	uint32_t flags;
	uint64_t reserved3;
} __attribute__((packed));

#define SRAT_MEM_ENABLED	(1 << 0)
#define SRAT_MEM_HOTPLUGGABLE	(1 << 1)

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		die("cannot write %s: %s", path, strerror(errno));
	return f;
}

static void write_file(const char *dir, const char *name,
		       const void *buf, size_t len)
{
	FILE *f = open_out(dir, name);

	if (fwrite(buf, 1, len, f) != len || fclose(f))
		die("cannot write %s", name);
}

static void write_srat(const char *dir)
{
	unsigned char buf[4096] = { 0 };
	struct acpi_header *h = (void *)buf;
	size_t len = sizeof(*h) + 12;	/* 4 reserved (=1) + 8 reserved */
	uint8_t sum = 0;
	int i, c, apic = 0;

	memcpy(h->signature, "SRAT", 4);
	h->revision = 3;
	memcpy(h->oem_id, "MVACPI", 6);
	memcpy(h->oem_table_id, "WBSRAT  ", 8);
	h->oem_revision = 1;
	if (hotadd_slots) {	/* replaces QEMU's through the table upgrade */
		memcpy(h->oem_id, QEMU_OEM_ID, 6);
		memcpy(h->oem_table_id, QEMU_OEM_TABLE_ID, 8);
		h->oem_revision = QEMU_OEM_REVISION + 1;
	}
	memcpy(h->creator_id, "MKFW", 4);
	h->creator_revision = 1;
	buf[sizeof(*h)] = 1;

	for (i = 0; i < nr_nodes; i++) {
		for (c = 0; c < nodes[i].cpus; c++) {
			struct srat_cpu *p = (void *)(buf + len);

			p->type = 0;
			p->length = sizeof(*p);
			p->proximity_lo = nodes[i].pxm;
			p->apic_id = apic++;
			p->flags = 1;
			len += sizeof(*p);
		}
	}
	for (i = 0; i < nr_ranges; i++) {
		struct srat_mem *m = (void *)(buf + len);

		m->type = 1;
		m->length = sizeof(*m);
		m->proximity = nodes[ranges[i].node].pxm;
		m->base = ranges[i].base;
		m->size = ranges[i].size;
		m->flags = ranges[i].disabled ? 0 : SRAT_MEM_ENABLED;
		if (ranges[i].hotplug)
			m->flags |= SRAT_MEM_HOTPLUGGABLE;
		len += sizeof(*m);
	}
	h->length = len;
	for (i = 0; i < (int)len; i++)
		sum += buf[i];
	h->checksum = -sum;
	write_file(dir, "srat.aml", buf, len);
}

/*
 * The ACPI memory device of a node with hot-pluggable memory: its _CRS
 * lists every range of the node, which Linux merges when they touch, so a
 * node whose hot-pluggable part starts past a block boundary still forms
 * one block-aligned device, as on a real server.
 */
static void write_ssdt(const char *dir, int id)
{
	const struct node *n = &nodes[id];
	char name[32];
	FILE *f;
	int i;

	snprintf(name, sizeof(name), "ssdt-node%d.dsl", n->linux_id);
	f = open_out(dir, name);
	fprintf(f,
		"/* Memory device of hot-pluggable node %d (PXM %d), generated by mkfw */\n"
		"DefinitionBlock (\"\", \"SSDT\", 2, \"MVACPI\", \"WBMEM%03d\", 1)\n"
		"{\n"
		"    Scope (\\_SB)\n"
		"    {\n"
		"        Device (MD%02X)\n"
		"        {\n"
		"            Name (_HID, EisaId (\"PNP0C80\"))\n"
		"            Name (_UID, %d)\n"
		"            Name (_PXM, %d)\n"
		"            Name (STAV, 0x0F)\n"
		"            Method (_STA, 0, NotSerialized)\n"
		"            {\n"
		"                Return (STAV)\n"
		"            }\n"
		"            Name (_CRS, ResourceTemplate ()\n"
		"            {\n",
		n->linux_id, n->pxm, n->linux_id, n->linux_id, n->linux_id, n->pxm);
	for (i = 0; i < nr_ranges; i++) {
		const struct range *r = &ranges[i];
		unsigned long long size = n->crs_size ?: r->size;

		if (r->node != id || r->extra)
			continue;
		fprintf(f,
			"                QWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed,\n"
			"                    Cacheable, ReadWrite, 0x0,\n"
			"                    0x%016llX, 0x%016llX, 0x0, 0x%016llX,\n"
			"                    ,, , AddressRangeMemory, TypeStatic)\n",
			r->base, r->base + size - 1, size);
		if (n->crs_size)	/* one range of the given size */
			break;
	}
	fprintf(f,
		"            })\n"
		"            /* The slot is powered off: report the device gone. */\n"
		"            Method (_EJ0, 1, NotSerialized)\n"
		"            {\n"
		"                STAV = Zero\n"
		"            }\n"
		"        }\n"
		"    }\n"
		"}\n");
	if (fclose(f))
		die("cannot write %s", name);
}

static void write_env(const char *dir)
{
	unsigned long long total = 0;
	int i, j, cpus = 0;
	const char *sep;
	FILE *f;

	f = open_out(dir, "machine.env");
	for (i = 0; i < nr_ranges; i++)
		if (!ranges[i].extra)
			total += ranges[i].size;
	for (i = 0; i < nr_nodes; i++)
		cpus += nodes[i].cpus;
	if (srat_len) {
		total = ram;
		cpus = srat_cpus;
	}
	fprintf(f, "WB_CPU=%s\nWB_ACCEL=%s\n", cpu_model, accel);
	fprintf(f, "WB_NODES=%d\nWB_CPUS=%d\nWB_MEM_MB=%llu\nWB_LOW_MB=%llu\n",
		srat_len ? 1 : nr_nodes, cpus, total / MiB,
		(srat_len ? low : low_end()) / MiB);
	/* Linux node ids, in their order */
	fprintf(f, "WB_HP_NODES=\"");
	for (j = 0, sep = ""; j < nr_nodes; j++) {
		for (i = 0; i < nr_nodes; i++) {
			if (nodes[i].linux_id == j && nodes[i].hotplug) {
				fprintf(f, "%s%d", sep, j);
				sep = " ";
			}
		}
	}
	fprintf(f, "\"\n");
	if (hotadd_slots) {
		/* QEMU -numa: "id:MiB:cpus" per node, in node order */
		fprintf(f, "WB_HOTADD_SLOTS=%d\nWB_MAXMEM_MB=%llu\nWB_NUMA=\"",
			hotadd_slots, (total + hotadd_max) / MiB);
		for (i = 0, sep = ""; i < nr_ranges; i++) {
			if (ranges[i].extra)
				continue;
			fprintf(f, "%s%d:%llu:%d", sep, ranges[i].node,
				ranges[i].size / MiB, nodes[ranges[i].node].cpus);
			sep = " ";
		}
		fprintf(f, "\"\n");
	}
	if (fclose(f))
		die("cannot write machine.env");
}

/* What the firmware SRAT describes, for layout.txt */
static void print_srat(void)
{
	size_t i;

	printf("   srat: %zu bytes, RAM %llu MiB (%llu MiB below 4 GiB), %d cpu%s\n",
	       srat_len, ram / MiB, low / MiB, srat_cpus, srat_cpus == 1 ? "" : "s");
	for (i = 48; i < srat_len; i += srat[i + 1]) {
		const unsigned char *e = srat + i;
		uint64_t base = get64(e + 8), size = get64(e + 16);
		uint32_t flags = get32(e + 28);

		if (e[0] != 1)
			continue;
		if (!size) {
			printf("   PXM %u: empty entry at %#llx%s\n", get32(e + 2),
			       (unsigned long long)base,
			       flags & SRAT_MEM_ENABLED ? "" : ", disabled");
			continue;
		}
		printf("   PXM %u: [mem 0x%016llx-0x%016llx]%s%s%s\n", get32(e + 2),
		       (unsigned long long)base,
		       (unsigned long long)(base + size - 1),
		       flags & SRAT_MEM_ENABLED ? "" : " disabled",
		       flags & SRAT_MEM_HOTPLUGGABLE ? " hot-pluggable" : "",
		       flags & 4 ? " non-volatile" : "");
	}
}

int main(int argc, char **argv)
{
	char line[512];
	FILE *f;
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: mkfw MACHINE OUTDIR\n");
		return 2;
	}
	fname = argv[1];
	f = fopen(fname, "r");
	if (!f) {
		fprintf(stderr, "mkfw: cannot read machine '%s': %s\n", fname, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		parse_line(line);
	}
	fclose(f);
	layout();

	if (srat_len) {
		write_file(argv[2], "srat.aml", srat, srat_len);
		write_env(argv[2]);
		print_srat();
		return 0;
	}
	write_srat(argv[2]);
	for (i = 0; i < nr_nodes; i++)
		if (nodes[i].hotplug)
			write_ssdt(argv[2], i);
	write_env(argv[2]);

	for (i = 0; i < nr_ranges; i++) {
		const struct range *r = &ranges[i];
		const struct node *n = &nodes[r->node];

		printf("   node %d (PXM %d): [mem 0x%010llx-0x%010llx] %5llu MiB%s%s%s",
		       n->linux_id, n->pxm, r->base, r->base + r->size - !!r->size,
		       r->size / MiB, r->hotplug ? " hot-pluggable" : "",
		       r->disabled ? " disabled" : "",
		       r->extra ? " (SRAT entry only, no RAM)" : "");
		if (!r->extra && (i == 0 || ranges[i - 1].node != r->node))
			printf(", %d cpu%s", n->cpus, n->cpus == 1 ? "" : "s");
		if (!r->extra && n->crs_size && n->hotplug &&
		    (i == 0 || ranges[i - 1].node != r->node))
			printf(", memory device _CRS %llu MiB", n->crs_size / MiB);
		printf("\n");
	}
	if (hotadd_slots)
		printf("   hotadd: %d pc-dimm slot%s, up to %llu MiB (QEMU -numa; this SRAT replaces QEMU's"
		       " by the initrd table upgrade: OEM %s/%s, revision %d)\n",
		       hotadd_slots, hotadd_slots == 1 ? "" : "s", hotadd_max / MiB,
		       QEMU_OEM_ID, QEMU_OEM_TABLE_ID, QEMU_OEM_REVISION + 1);
	return 0;
}
