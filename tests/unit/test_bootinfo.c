/*
 * tests/unit/test_bootinfo.c - host tests of the boot memory map arithmetic
 * and command line copy (lib/ukboot/bootinfo.c).
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/bootinfo.h>

#define FREE UK_MEMREGION_FREE
#define RSVD UK_MEMREGION_RESERVED
#define KERN UK_MEMREGION_KERNEL
#define ALOC UK_MEMREGION_ALLOCATED
#define ACPI UK_MEMREGION_ACPI

static struct uk_bootinfo bi;

static void setup(void)
{
	memset(&bi, 0, sizeof(bi));
}

struct want {
	uint64_t base, end;
	uint32_t type;
};

#define EXPECT(...)                                                         \
	do {                                                                \
		static const struct want w_[] = { __VA_ARGS__ };            \
		expect_regions(w_, sizeof(w_) / sizeof(w_[0]), __LINE__);   \
	} while (0)

static void dump(void)
{
	for (uint32_t i = 0; i < bi.nr_regions; i++)
		fprintf(stderr, "  [%#llx, %#llx) type %u\n",
			(unsigned long long)bi.regions[i].base,
			(unsigned long long)(bi.regions[i].base +
					     bi.regions[i].len),
			bi.regions[i].type);
}

static void expect_regions(const struct want *w, uint32_t n, int line)
{
	int ok = bi.nr_regions == n;

	for (uint32_t i = 0; ok && i < n; i++) {
		const struct uk_memregion *r = &bi.regions[i];

		ok = r->base == w[i].base && r->base + r->len == w[i].end &&
		     r->type == w[i].type;
	}
	if (!ok)
		dump();
	ck_assert_msg(ok, "region list differs from line %d", line);
}

/* Only the first regions, for tables too long to spell out. */
#define EXPECT_PREFIX(...)                                                  \
	do {                                                                \
		static const struct want w_[] = { __VA_ARGS__ };            \
		expect_prefix(w_, sizeof(w_) / sizeof(w_[0]), __LINE__);    \
	} while (0)

static void expect_prefix(const struct want *w, uint32_t n, int line)
{
	int ok = bi.nr_regions >= n;

	for (uint32_t i = 0; ok && i < n; i++) {
		const struct uk_memregion *r = &bi.regions[i];

		ok = r->base == w[i].base && r->base + r->len == w[i].end &&
		     r->type == w[i].type;
	}
	ck_assert_msg(ok, "region list differs from line %d", line);
}

static void add(uint64_t base, uint64_t end, uint32_t type)
{
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, base, end - base, type), 0);
}

START_TEST(sorted_by_base)
{
	add(0x9000, 0xa000, RSVD);
	add(0x1000, 0x2000, FREE);
	add(0x5000, 0x6000, KERN);
	add(0x3000, 0x4000, FREE);
	EXPECT({ 0x1000, 0x2000, FREE }, { 0x3000, 0x4000, FREE },
	       { 0x5000, 0x6000, KERN }, { 0x9000, 0xa000, RSVD });
}
END_TEST

START_TEST(adjacent_free_merges)
{
	add(0x2000, 0x3000, FREE);
	add(0x1000, 0x2000, FREE);
	add(0x3000, 0x4000, FREE);
	EXPECT({ 0x1000, 0x4000, FREE });
	/* a range bridging two FREE regions joins them */
	add(0x6000, 0x7000, FREE);
	add(0x4000, 0x6000, FREE);
	EXPECT({ 0x1000, 0x7000, FREE });
	/* overlapping FREE becomes the union */
	add(0x500, 0x1800, FREE);
	add(0x6800, 0x9000, FREE);
	EXPECT({ 0x500, 0x9000, FREE });
	/* FREE inside FREE changes nothing */
	add(0x2000, 0x3000, FREE);
	EXPECT({ 0x500, 0x9000, FREE });
}
END_TEST

START_TEST(nonfree_splits_free)
{
	add(0x0, 0x10000, FREE);
	add(0x4000, 0x5000, KERN);
	EXPECT({ 0x0, 0x4000, FREE }, { 0x4000, 0x5000, KERN },
	       { 0x5000, 0x10000, FREE });
}
END_TEST

START_TEST(nonfree_trims_free)
{
	add(0x1000, 0x9000, FREE);
	add(0x0, 0x2000, RSVD);        /* over the head */
	add(0x8000, 0xa000, ACPI);     /* over the tail */
	EXPECT({ 0x0, 0x2000, RSVD }, { 0x2000, 0x8000, FREE },
	       { 0x8000, 0xa000, ACPI });
	add(0x2000, 0x3000, ALOC);     /* exactly at the start */
	add(0x7000, 0x8000, ALOC);     /* exactly at the end */
	EXPECT({ 0x0, 0x2000, RSVD }, { 0x2000, 0x3000, ALOC },
	       { 0x3000, 0x7000, FREE }, { 0x7000, 0x8000, ALOC },
	       { 0x8000, 0xa000, ACPI });
	add(0x3000, 0x7000, KERN);     /* exactly the whole FREE region */
	EXPECT({ 0x0, 0x2000, RSVD }, { 0x2000, 0x3000, ALOC },
	       { 0x3000, 0x7000, KERN }, { 0x7000, 0x8000, ALOC },
	       { 0x8000, 0xa000, ACPI });
}
END_TEST

START_TEST(nonfree_over_several_regions)
{
	add(0x1000, 0x2000, FREE);
	add(0x3000, 0x4000, FREE);
	add(0x5000, 0x6000, FREE);
	add(0x1800, 0x5800, RSVD);
	EXPECT({ 0x1000, 0x1800, FREE }, { 0x1800, 0x5800, RSVD },
	       { 0x5800, 0x6000, FREE });
}
END_TEST

START_TEST(free_fills_only_gaps)
{
	add(0x1000, 0x2000, RSVD);
	add(0x5000, 0x6000, KERN);
	add(0x0, 0x10000, FREE);
	EXPECT({ 0x0, 0x1000, FREE }, { 0x1000, 0x2000, RSVD },
	       { 0x2000, 0x5000, FREE }, { 0x5000, 0x6000, KERN },
	       { 0x6000, 0x10000, FREE });
	/* FREE entirely inside a non-FREE region adds nothing */
	add(0x5100, 0x5200, FREE);
	EXPECT({ 0x0, 0x1000, FREE }, { 0x1000, 0x2000, RSVD },
	       { 0x2000, 0x5000, FREE }, { 0x5000, 0x6000, KERN },
	       { 0x6000, 0x10000, FREE });
}
END_TEST

START_TEST(free_partly_over_nonfree)
{
	add(0x4000, 0x8000, KERN);
	add(0x2000, 0x5000, FREE);
	add(0x7000, 0x9000, FREE);
	EXPECT({ 0x2000, 0x4000, FREE }, { 0x4000, 0x8000, KERN },
	       { 0x8000, 0x9000, FREE });
}
END_TEST

START_TEST(newest_nonfree_wins)
{
	add(0x1000, 0x5000, RSVD);
	add(0x2000, 0x3000, KERN);
	EXPECT({ 0x1000, 0x2000, RSVD }, { 0x2000, 0x3000, KERN },
	       { 0x3000, 0x5000, RSVD });
	add(0x0, 0x6000, ACPI);
	EXPECT({ 0x0, 0x6000, ACPI });
}
END_TEST

START_TEST(adjacent_same_type_merges_others_do_not)
{
	add(0x0, 0x10000, FREE);
	add(0x8000, 0x9000, ALOC);
	add(0x7000, 0x8000, ALOC);
	add(0x9000, 0xa000, KERN);
	EXPECT({ 0x0, 0x7000, FREE }, { 0x7000, 0x9000, ALOC },
	       { 0x9000, 0xa000, KERN }, { 0xa000, 0x10000, FREE });
}
END_TEST

START_TEST(einval)
{
	add(0x1000, 0x2000, FREE);
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0x1000, 0, FREE), -EINVAL);
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0, 0, RSVD), -EINVAL);
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, UINT64_MAX, 2, RSVD),
			 -EINVAL);
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0xfffffffffffff000ULL,
						0x2000, FREE), -EINVAL);
	/* ends exactly at 2^64: the end is not representable */
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0xfffffffffffff000ULL,
						0x1000, RSVD), -EINVAL);
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0x3000, 0x1000, 0),
			 -EINVAL);
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0x3000, 0x1000,
						(enum uk_memregion_type)99),
			 -EINVAL);
	EXPECT({ 0x1000, 0x2000, FREE });
	/* the last representable byte is fine */
	add(0xfffffffffffff000ULL, 0xffffffffffffffffULL, RSVD);
	EXPECT({ 0x1000, 0x2000, FREE },
	       { 0xfffffffffffff000ULL, 0xffffffffffffffffULL, RSVD });
}
END_TEST

START_TEST(enospc_leaves_table_unchanged)
{
	struct uk_bootinfo copy;
	uint32_t i;

	for (i = 0; i < UK_BOOTINFO_MAX_REGIONS; i++)
		add(i * 0x10000, i * 0x10000 + 0x8000, i % 2 ? RSVD : FREE);
	ck_assert_uint_eq(bi.nr_regions, UK_BOOTINFO_MAX_REGIONS);
	memcpy(&copy, &bi, sizeof(bi));

	/* a new separate region */
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0x10000000, 0x1000, FREE),
			 -ENOSPC);
	/* splitting a FREE region in three */
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0x1000, 0x1000, KERN),
			 -ENOSPC);
	/* FREE filling a gap between two non-FREE regions */
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0x18000, 0x4000, FREE),
			 -ENOSPC);
	ck_assert_mem_eq(&copy, &bi, sizeof(bi));

	/* growing a region in place needs no slot */
	add(0x8000, 0x9000, FREE);
	add(0xc000, 0x10000, RSVD);
	EXPECT_PREFIX({ 0x0, 0x9000, FREE }, { 0xc000, 0x18000, RSVD });
	/* carving the tail of FREE into an adjacent region of its type */
	add(0x8000, 0xc000, RSVD);
	EXPECT_PREFIX({ 0x0, 0x8000, FREE }, { 0x8000, 0x18000, RSVD });
	ck_assert_uint_eq(bi.nr_regions, UK_BOOTINFO_MAX_REGIONS);
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, 0x4000, 0x1000, ALOC),
			 -ENOSPC);
	/* swallowing the FREE region between two RSVD ones frees two slots */
	add(0x18000, 0x30000, RSVD);
	ck_assert_uint_eq(bi.nr_regions, UK_BOOTINFO_MAX_REGIONS - 2);
	EXPECT_PREFIX({ 0x0, 0x8000, FREE }, { 0x8000, 0x38000, RSVD });
	add(0x4000, 0x5000, ALOC);
	ck_assert_uint_eq(bi.nr_regions, UK_BOOTINFO_MAX_REGIONS);
}
END_TEST

/*
 * Random adds compared with a model holding one type per byte: the
 * table must always be the canonical form of the model (runs of equal,
 * non-zero types).
 */
#define MODEL_SIZE 512

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint32_t model_to_table(const uint8_t *m, struct uk_memregion *t)
{
	uint32_t n = 0;

	for (uint32_t u = 0; u < MODEL_SIZE;) {
		uint32_t v = u;

		if (!m[u]) {
			u++;
			continue;
		}
		while (v < MODEL_SIZE && m[v] == m[u])
			v++;
		if (n < UK_BOOTINFO_MAX_REGIONS + 1) {
			t[n].base = u;
			t[n].len = v - u;
			t[n].type = m[u];
		}
		n++;
		u = v;
	}
	return n;
}

START_TEST(random_against_model)
{
	static struct uk_memregion t[UK_BOOTINFO_MAX_REGIONS + 1];
	uint8_t model[MODEL_SIZE], next[MODEL_SIZE];
	int rejected = 0;

	memset(model, 0, sizeof(model));
	for (int step = 0; step < 20000; step++) {
		uint32_t a = rng() % MODEL_SIZE, len = 1 + rng() % 24;
		uint32_t type = rng() % 3 ? FREE : 1 + rng() % 7;
		uint32_t n;
		int rc, ok;

		if (step % 2000 == 0) {
			memset(model, 0, sizeof(model));
			setup();
		}
		if (a + len > MODEL_SIZE)
			len = MODEL_SIZE - a;
		memcpy(next, model, sizeof(next));
		for (uint32_t u = a; u < a + len; u++) {
			if (type != FREE || next[u] == 0)
				next[u] = (uint8_t)type;
		}
		n = model_to_table(next, t);
		rc = uk_bootinfo_add_region(&bi, a, len, type);
		if (n > UK_BOOTINFO_MAX_REGIONS) {
			ck_assert_msg(rc == -ENOSPC, "step %d: %d", step, rc);
			rejected++;
		} else {
			ck_assert_msg(rc == 0, "step %d: %d", step, rc);
			memcpy(model, next, sizeof(model));
		}
		n = model_to_table(model, t);
		ok = bi.nr_regions == n;
		for (uint32_t i = 0; ok && i < n; i++)
			ok = bi.regions[i].base == t[i].base &&
			     bi.regions[i].len == t[i].len &&
			     bi.regions[i].type == t[i].type;
		if (!ok)
			dump();
		ck_assert_msg(ok, "step %d: table differs from the model", step);
	}
	ck_assert_int_gt(rejected, 0); /* the full-table path was exercised */
}
END_TEST

START_TEST(cmdline)
{
	static char big[UK_BOOTINFO_CMDLINE_MAX + 10];

	ck_assert_int_eq(uk_bootinfo_set_cmdline(&bi, "uk.loglevel=info -- a",
						 100), 0);
	ck_assert_str_eq(bi.cmdline, "uk.loglevel=info -- a");
	/* stops at len */
	ck_assert_int_eq(uk_bootinfo_set_cmdline(&bi, "abcdef", 3), 0);
	ck_assert_str_eq(bi.cmdline, "abc");
	/* stops at NUL */
	ck_assert_int_eq(uk_bootinfo_set_cmdline(&bi, "ab\0cd", 5), 0);
	ck_assert_str_eq(bi.cmdline, "ab");
	ck_assert_int_eq(uk_bootinfo_set_cmdline(&bi, "xyz", 0), 0);
	ck_assert_str_eq(bi.cmdline, "");
	ck_assert_int_eq(uk_bootinfo_set_cmdline(&bi, NULL, 0), 0);
	ck_assert_str_eq(bi.cmdline, "");

	/* the longest that fits */
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(uk_bootinfo_set_cmdline(&bi, big,
						 UK_BOOTINFO_CMDLINE_MAX - 1), 0);
	ck_assert_uint_eq(strlen(bi.cmdline), UK_BOOTINFO_CMDLINE_MAX - 1);
	/* one more: truncated, terminated, -E2BIG */
	big[5] = 'y';
	ck_assert_int_eq(uk_bootinfo_set_cmdline(&bi, big,
						 UK_BOOTINFO_CMDLINE_MAX), -E2BIG);
	ck_assert_uint_eq(strlen(bi.cmdline), UK_BOOTINFO_CMDLINE_MAX - 1);
	ck_assert_int_eq(bi.cmdline[5], 'y');
	ck_assert_int_eq(uk_bootinfo_set_cmdline(&bi, big, sizeof(big)),
			 -E2BIG);
	ck_assert_uint_eq(strlen(bi.cmdline), UK_BOOTINFO_CMDLINE_MAX - 1);
}
END_TEST

static Suite *bootinfo_suite(void)
{
	Suite *s = suite_create("bootinfo");
	TCase *tc = tcase_create("regions");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sorted_by_base);
	tcase_add_test(tc, adjacent_free_merges);
	tcase_add_test(tc, nonfree_splits_free);
	tcase_add_test(tc, nonfree_trims_free);
	tcase_add_test(tc, nonfree_over_several_regions);
	tcase_add_test(tc, free_fills_only_gaps);
	tcase_add_test(tc, free_partly_over_nonfree);
	tcase_add_test(tc, newest_nonfree_wins);
	tcase_add_test(tc, adjacent_same_type_merges_others_do_not);
	tcase_add_test(tc, einval);
	tcase_add_test(tc, enospc_leaves_table_unchanged);
	tcase_add_test(tc, random_against_model);
	tcase_add_test(tc, cmdline);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(bootinfo_suite());

	return unit_run(sr, false);
}
