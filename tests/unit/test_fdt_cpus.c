/*
 * tests/unit/test_fdt_cpus.c - the CPUs of a device tree's /cpus
 * (plat/common/fdt_cpus.c): QEMU virt's shape with 1- and 2-cell ids,
 * the boot CPU first wherever it is listed, the configured maximum,
 * skipped CPUs (disabled, not started by PSCI, repeated), and every
 * error: no /cpus, the boot CPU missing, bad reg, #size-cells, max 0.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"

/* ---- a tiny blob builder: structure block, strings block ---- */

static uint8_t sb[4096], blob[8192];
static char strb[512];
static uint32_t sl, strl;

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void tok(uint32_t t)
{
	put32(sb + sl, t);
	sl += 4;
}

static void pad(void)
{
	while (sl & 3)
		sb[sl++] = 0;
}

static void begin(const char *name)
{
	tok(1);
	memcpy(sb + sl, name, strlen(name) + 1);
	sl += (uint32_t)strlen(name) + 1;
	pad();
}

static void end(void)
{
	tok(2);
}

static void prop(const char *name, const void *val, uint32_t len)
{
	uint32_t off = 0;

	while (off < strl && strcmp(strb + off, name))
		off += (uint32_t)strlen(strb + off) + 1;
	if (off == strl) {
		memcpy(strb + strl, name, strlen(name) + 1);
		strl += (uint32_t)strlen(name) + 1;
	}
	tok(3);
	put32(sb + sl, len);
	put32(sb + sl + 4, off);
	sl += 8;
	memcpy(sb + sl, val, len);
	sl += len;
	pad();
}

static void u32(const char *name, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	prop(name, b, 4);
}

static void str(const char *name, const char *s)
{
	prop(name, s, (uint32_t)strlen(s) + 1);
}

static void reset(void)
{
	sl = strl = 0;
	begin("");
	u32("#address-cells", 2);
	u32("#size-cells", 2);
}

/* A cpu node: id in 'cells' cells, method NULL for none. */
static void cpu(uint64_t id, unsigned int cells, const char *method,
		const char *status)
{
	char name[32];
	uint8_t r[8];

	snprintf(name, sizeof(name), "cpu@%llx", (unsigned long long)id);
	begin(name);
	str("device_type", "cpu");
	str("compatible", "arm,cortex-a72");
	put32(r, (uint32_t)(id >> 32));
	put32(r + 4, (uint32_t)id);
	prop("reg", cells == 2 ? r : r + 4, 4 * cells);
	if (method)
		str("enable-method", method);
	if (status)
		str("status", status);
	end();
}

static void cpus_begin(unsigned int cells)
{
	begin("cpus");
	u32("#address-cells", cells);
	u32("#size-cells", 0);
}

static struct ukplat_fdt fdt;
static struct ukplat_fdt_cpus info;
static uint64_t ids[8];
static const char *why;

/* Close the root, lay out the blob and read it. */
static void finish(void)
{
	uint32_t st = 56, str_off, len;

	end();
	tok(9);
	str_off = st + sl;
	len = str_off + strl;
	memset(blob, 0, sizeof(blob));
	put32(blob, 0xd00dfeed);
	put32(blob + 4, len);
	put32(blob + 8, st);
	put32(blob + 12, str_off);
	put32(blob + 16, 40);   /* an empty reservation map */
	put32(blob + 20, 17);
	put32(blob + 24, 16);
	put32(blob + 32, strl);
	put32(blob + 36, sl);
	memcpy(blob + st, sb, sl);
	memcpy(blob + str_off, strb, strl);
	ck_assert_int_eq(ukplat_fdt_init(&fdt, blob, len, NULL), 0);
	memset(ids, 0xa5, sizeof(ids));
	memset(&info, 0xa5, sizeof(info));
	why = NULL;
}

static int cpus(uint64_t boot, unsigned int max)
{
	return ukplat_fdt_cpus(&fdt, boot, ids, max, &info, &why);
}

/* QEMU -M virt -smp 4: cpu@0..3, psci, one address cell, a cpu-map. */
START_TEST(t_virt)
{
	for (unsigned int cells = 1; cells <= 2; cells++) {
		reset();
		cpus_begin(cells);
		for (unsigned int i = 0; i < 4; i++)
			cpu(i, cells, "psci", NULL);
		begin("cpu-map");
		begin("socket0");
		end();
		end();
		end();
		finish();
		/* MPIDR_EL1 as read: bit 31 is RES1, it must not count. */
		ck_assert_int_eq(cpus(0x80000000ULL, 8), 0);
		ck_assert_ptr_null(why);
		ck_assert_uint_eq(info.count, 4);
		ck_assert_uint_eq(info.dropped, 0);
		ck_assert_uint_eq(info.skipped, 0);
		for (unsigned int i = 0; i < 4; i++)
			ck_assert_uint_eq(ids[i], i);
	}
}
END_TEST

/* The boot CPU comes first wherever it is; Aff3 and Aff1 kept. */
START_TEST(t_boot_first)
{
	reset();
	cpus_begin(2);
	cpu(0x100000000ULL, 2, "psci", NULL);
	cpu(0x102ULL, 2, "psci", NULL);
	cpu(0x101ULL, 2, "psci", NULL);
	end();
	finish();
	ck_assert_int_eq(cpus(0x80000102ULL, 8), 0);
	ck_assert_uint_eq(info.count, 3);
	ck_assert_uint_eq(ids[0], 0x102);
	ck_assert_uint_eq(ids[1], 0x100000000ULL);
	ck_assert_uint_eq(ids[2], 0x101);
}
END_TEST

/* Disabled, spin-table, no method, repeated: skipped; max: dropped. */
START_TEST(t_skip_and_drop)
{
	reset();
	cpus_begin(1);
	cpu(0, 1, "psci", NULL);
	cpu(1, 1, "psci", "disabled");
	cpu(2, 1, "spin-table", NULL);
	cpu(3, 1, NULL, NULL);
	cpu(4, 1, "psci", "okay");
	cpu(4, 1, "psci", NULL);
	cpu(0, 1, "psci", NULL);
	cpu(5, 1, "psci", NULL);
	cpu(6, 1, "psci", NULL);
	end();
	finish();
	ck_assert_int_eq(cpus(0, 3), 0);
	ck_assert_uint_eq(info.count, 3);
	ck_assert_uint_eq(ids[0], 0);
	ck_assert_uint_eq(ids[1], 4);
	ck_assert_uint_eq(ids[2], 5);
	ck_assert_uint_eq(info.skipped, 5);
	ck_assert_uint_eq(info.dropped, 1);
	/* The boot CPU needs no PSCI method of its own. */
	ck_assert_int_eq(cpus(2, 8), 0);
	ck_assert_uint_eq(ids[0], 2);
	ck_assert_uint_eq(info.count, 5);
	/* max 1: only the boot CPU. */
	ck_assert_int_eq(cpus(0, 1), 0);
	ck_assert_uint_eq(info.count, 1);
	ck_assert_uint_eq(info.dropped, 3);
}
END_TEST

#define ck_fail_with(expr, err, reason)                                     \
	do {                                                                 \
		ck_assert_int_eq((expr), (err));                             \
		ck_assert_ptr_nonnull(why);                                  \
		ck_assert_str_eq(why, (reason));                             \
	} while (0)

START_TEST(t_errors)
{
	uint8_t three[12] = { 0 };

	reset();
	begin("cpuz");
	end();
	finish();
	ck_fail_with(cpus(0, 4), -ENOENT, "no /cpus node");

	reset();
	cpus_begin(1);
	cpu(1, 1, "psci", NULL);
	end();
	finish();
	ck_fail_with(cpus(0, 4), -ENOENT,
		     "the boot CPU's MPIDR is not under /cpus");
	ck_fail_with(cpus(1, 0), -EINVAL, "no room for a CPU");

	reset();
	begin("cpus");
	u32("#address-cells", 1);
	u32("#size-cells", 1);
	cpu(0, 1, "psci", NULL);
	end();
	finish();
	/* reg <0> read with one size cell is malformed before it is odd. */
	ck_assert_int_eq(cpus(0, 4), -EINVAL);
	ck_assert_ptr_nonnull(why);

	reset();
	begin("cpus");
	u32("#address-cells", 1);
	u32("#size-cells", 1);
	begin("cpu@0");
	str("device_type", "cpu");
	prop("reg", three, 8);
	end();
	end();
	finish();
	ck_fail_with(cpus(0, 4), -EINVAL, "/cpus has #size-cells other than 0");

	reset();
	cpus_begin(1);
	begin("cpu@0");
	str("device_type", "cpu");
	end();
	end();
	finish();
	ck_fail_with(cpus(0, 4), -EINVAL,
		     "a cpu node without a single valid reg entry");

	reset();
	cpus_begin(1);
	begin("cpu@0");
	str("device_type", "cpu");
	prop("reg", three, 8); /* two ids in one node */
	end();
	end();
	finish();
	ck_fail_with(cpus(0, 4), -EINVAL,
		     "a cpu node without a single valid reg entry");

	reset();
	cpus_begin(1);
	cpu(0x80000000ULL, 1, "psci", NULL);
	end();
	finish();
	ck_fail_with(cpus(0, 4), -EINVAL,
		     "a cpu reg with bits outside MPIDR's affinity fields");
}
END_TEST

static Suite *fdt_cpus_suite(void)
{
	Suite *s = suite_create("fdt_cpus");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, t_virt);
	tcase_add_test(tc, t_boot_first);
	tcase_add_test(tc, t_skip_and_drop);
	tcase_add_test(tc, t_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fdt_cpus_suite());

	return unit_run(sr, false);
}
