// SPDX-License-Identifier: GPL-2.0
/*
 * mkfw - turn a machine description into the firmware tables a real
 * server would give it: an ACPI SRAT (processor and memory affinity, with
 * the Enabled and Hot Pluggable flags) and, per hot-pluggable node, the
 * ASL of an SSDT holding an ACPI memory device (PNP0C80) whose _CRS is
 * exactly that node's RAM, so the guest can eject it.
 *
 * Usage: mkfw MACHINE OUTDIR
 *
 * MACHINE is a text file, one node a line (see machines/README):
 *	node <id> <size>[M|G] [hotplug] [cpus=<n>]
 * Node 0 is placed at 0 and must fit below 4 GiB (QEMU's
 * max-ram-below-4g); the other nodes follow each other from 4 GiB up.
 *
 * Writes OUTDIR/srat.aml, OUTDIR/ssdt-node<N>.dsl for each hot-pluggable
 * node, and OUTDIR/machine.env (shell variables for the QEMU command line).
 * Exit status: 0 done, 1 bad input (one line on stderr says what).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES	8
#define MAX_CPUS	8
#define MiB		(1ULL << 20)
#define GiB		(1ULL << 30)
#define LOW_MAX_MB	2816		/* q35 keeps lowmem below 0xb0000000 */

struct node {
	unsigned long long base, size;	/* bytes */
	int hotplug;
	int cpus;
};

static struct node nodes[MAX_NODES];
static int nr_nodes;
static const char *fname;
static int lineno;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkfw: ");
	if (lineno)
		fprintf(stderr, "%s:%d: ", fname, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned long long parse_size(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || v == 0)
		die("malformed size '%s' (want <n>M or <n>G)", s);
	if (!strcmp(end, "M"))
		return v * MiB;
	if (!strcmp(end, "G"))
		return v * GiB;
	die("malformed size '%s' (want <n>M or <n>G)", s);
	return 0;
}

static void parse_line(char *line)
{
	char *tok, *save;
	struct node *n;
	char *end;
	long id;

	line[strcspn(line, "#\n")] = '\0';
	tok = strtok_r(line, " \t", &save);
	if (!tok)
		return;
	if (strcmp(tok, "node"))
		die("unknown keyword '%s' (want 'node')", tok);
	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		die("node without id");
	id = strtol(tok, &end, 10);
	if (*end || id != nr_nodes)
		die("node id '%s' out of order (want %d)", tok, nr_nodes);
	if (nr_nodes == MAX_NODES)
		die("more than %d nodes", MAX_NODES);
	n = &nodes[nr_nodes++];
	n->cpus = 1;
	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		die("node %ld without size", id);
	n->size = parse_size(tok);
	while ((tok = strtok_r(NULL, " \t", &save))) {
		if (!strcmp(tok, "hotplug")) {
			n->hotplug = 1;
		} else if (!strncmp(tok, "cpus=", 5)) {
			n->cpus = strtol(tok + 5, &end, 10);
			if (*end || end == tok + 5 || n->cpus < 0)
				die("malformed '%s'", tok);
		} else {
			die("unknown node attribute '%s'", tok);
		}
	}
}

static void layout(void)
{
	unsigned long long next = 4 * GiB;
	int i, cpus = 0;

	if (!nr_nodes)
		die("no nodes");
	lineno = 0;
	if (nodes[0].size > LOW_MAX_MB * MiB)
		die("node 0 is larger than %d MiB: it must fit below 4 GiB", LOW_MAX_MB);
	if (nodes[0].size % MiB)
		die("node 0 size must be a whole number of MiB");
	for (i = 0; i < nr_nodes; i++) {
		cpus += nodes[i].cpus;
		if (!i)
			continue;
		nodes[i].base = next;
		next += nodes[i].size;
	}
	if (cpus < 1 || cpus > MAX_CPUS)
		die("%d CPUs in all: want 1..%d", cpus, MAX_CPUS);
	if (!nodes[0].cpus)
		die("node 0 needs a CPU (the boot CPU lives there)");
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

static void write_srat(const char *dir)
{
	unsigned char buf[4096] = { 0 };
	struct acpi_header *h = (void *)buf;
	size_t len = sizeof(*h) + 12;	/* 4 reserved (=1) + 8 reserved */
	uint8_t sum = 0;
	int i, c, apic = 0;
	FILE *f;

	memcpy(h->signature, "SRAT", 4);
	h->revision = 3;
	memcpy(h->oem_id, "MVACPI", 6);
	memcpy(h->oem_table_id, "WBSRAT  ", 8);
	h->oem_revision = 1;
	memcpy(h->creator_id, "MKFW", 4);
	h->creator_revision = 1;
	buf[sizeof(*h)] = 1;

	for (i = 0; i < nr_nodes; i++) {
		for (c = 0; c < nodes[i].cpus; c++) {
			struct srat_cpu *p = (void *)(buf + len);

			p->type = 0;
			p->length = sizeof(*p);
			p->proximity_lo = i;
			p->apic_id = apic++;
			p->flags = 1;
			len += sizeof(*p);
		}
	}
	for (i = 0; i < nr_nodes; i++) {
		struct srat_mem *m = (void *)(buf + len);

		m->type = 1;
		m->length = sizeof(*m);
		m->proximity = i;
		m->base = nodes[i].base;
		m->size = nodes[i].size;
		m->flags = SRAT_MEM_ENABLED;
		if (nodes[i].hotplug)
			m->flags |= SRAT_MEM_HOTPLUGGABLE;
		len += sizeof(*m);
	}
	h->length = len;
	for (i = 0; i < (int)len; i++)
		sum += buf[i];
	h->checksum = -sum;

	f = open_out(dir, "srat.aml");
	if (fwrite(buf, 1, len, f) != len || fclose(f))
		die("cannot write srat.aml");
}

static void write_ssdt(const char *dir, int i)
{
	const struct node *n = &nodes[i];
	char name[32];
	FILE *f;

	snprintf(name, sizeof(name), "ssdt-node%d.dsl", i);
	f = open_out(dir, name);
	fprintf(f,
		"/* Memory device of hot-pluggable node %d, generated by mkfw */\n"
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
		"            {\n"
		"                QWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed,\n"
		"                    Cacheable, ReadWrite, 0x0,\n"
		"                    0x%016llX, 0x%016llX, 0x0, 0x%016llX,\n"
		"                    ,, , AddressRangeMemory, TypeStatic)\n"
		"            })\n"
		"            /* The slot is powered off: report the device gone. */\n"
		"            Method (_EJ0, 1, NotSerialized)\n"
		"            {\n"
		"                STAV = Zero\n"
		"            }\n"
		"        }\n"
		"    }\n"
		"}\n",
		i, i, i, i, i, n->base, n->base + n->size - 1, n->size);
	if (fclose(f))
		die("cannot write %s", name);
}

static void write_env(const char *dir)
{
	unsigned long long total = 0;
	const char *sep;
	int i, cpus = 0;
	FILE *f;

	f = open_out(dir, "machine.env");
	for (i = 0; i < nr_nodes; i++) {
		total += nodes[i].size;
		cpus += nodes[i].cpus;
	}
	fprintf(f, "WB_NODES=%d\nWB_CPUS=%d\nWB_MEM_MB=%llu\nWB_LOW_MB=%llu\n",
		nr_nodes, cpus, total / MiB, nodes[0].size / MiB);
	fprintf(f, "WB_HP_NODES=\"");
	for (i = 0, sep = ""; i < nr_nodes; i++) {
		if (nodes[i].hotplug) {
			fprintf(f, "%s%d", sep, i);
			sep = " ";
		}
	}
	fprintf(f, "\"\n");
	if (fclose(f))
		die("cannot write machine.env");
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

	write_srat(argv[2]);
	for (i = 0; i < nr_nodes; i++)
		if (nodes[i].hotplug)
			write_ssdt(argv[2], i);
	write_env(argv[2]);

	for (i = 0; i < nr_nodes; i++)
		printf("   node %d: [mem %#012llx-%#012llx] %5llu MiB%s, %d cpu%s\n",
		       i, nodes[i].base, nodes[i].base + nodes[i].size - 1,
		       nodes[i].size / MiB, nodes[i].hotplug ? " hot-pluggable" : "",
		       nodes[i].cpus, nodes[i].cpus == 1 ? "" : "s");
	return 0;
}
