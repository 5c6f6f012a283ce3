/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wbprobe: what its files share. Each step lives in the file named after
 * its job (see wbprobe.c); the helpers more than one of them needs are in
 * wbprobe-util.c.
 */
#ifndef WBPROBE_H
#define WBPROBE_H

#include <stddef.h>

#define MEMDIR	"/sys/devices/system/memory"
#define NODEDIR	"/sys/devices/system/node"
#define ACPIDIR	"/sys/bus/acpi/devices"
#define MAX_BLOCKS 4096
#define MAX_NODES 64

/* wbprobe-util.c */
int read_file(const char *path, char *buf, size_t len);
int write_file(const char *path, const char *val);
int node_blocks(int node, int *blocks);
void block_attr(int block, const char *attr, char *buf, size_t len);
int node_blocks_in(int node, const char *state);
int node_online_blocks(int node);
long file_long(const char *path, const char *fmt, long dflt);
long node_memtotal_kb(int node);
unsigned long other_nodes(int node);
double now_ms(void);
unsigned char pattern(size_t i);
int node_set_state(int node, const char *want);
size_t verify(const unsigned char *p, size_t len, size_t salt);

/* wbprobe-facts.c */
int cmd_facts(const char *tag);
int cmd_sysfsread(int rounds);

/* wbprobe-state.c; faults ejects with the same lookup and wait */
int cmd_state(int node, const char *state);
int node_acpi_devices(int node, char devs[][64], int max);
void eject_wait(int node, char devs[][64], int n, int before);
int cmd_eject(int node);

/* wbprobe-data.c */
int cmd_fill(int node, long mb);
int cmd_load(int node, long mb);
int cmd_cycles(int node, int cycles, long mb);
int cmd_ejectload(int node, long mb);

/* wbprobe-faults.c */
int cmd_faults(int node, int rounds, long mb);
int cmd_race(int node, int cycles);

/* wbprobe-hwpoison.c */
int cmd_hwpoison(int node);

#endif /* WBPROBE_H */
