/*
 * tests/unit/test_early.c - host tests of the early region allocator
 * (lib/ukalloc/early.c) on top of the real boot memory map code. The
 * allocator only does address arithmetic, so the "physical" addresses here
 * are never dereferenced.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ukalloc.h"

#define KiB 0x400ULL
#define MiB 0x100000ULL
#define GiB 0x40000000ULL

#define FREE UK_MEMREGION_FREE
#define RSVD UK_MEMREGION_RESERVED
#define ALOC UK_MEMREGION_ALLOCATED

#include "panic_stub.h"

static struct uk_bootinfo bi;

static void setup(void)
{
	memset(&bi, 0, sizeof(bi));
}

static void add(uint64_t base, uint64_t end, uint32_t type)
{
	ck_assert_int_eq(uk_bootinfo_add_region(&bi, base, end - base, type), 0);
}

static uint64_t alloc(size_t size, size_t align)
{
	return (uint64_t)(uintptr_t)uk_early_alloc(&bi, size, align);
}

static void expect_region(uint32_t i, uint64_t base, uint64_t end,
			  uint32_t type)
{
	ck_assert_uint_gt(bi.nr_regions, i);
	ck_assert_msg(bi.regions[i].base == base &&
			      bi.regions[i].len == end - base &&
			      bi.regions[i].type == type,
		      "region %u is [%#llx, %#llx) type %u", i,
		      (unsigned long long)bi.regions[i].base,
		      (unsigned long long)(bi.regions[i].base +
					   bi.regions[i].len),
		      bi.regions[i].type);
}

START_TEST(takes_the_top_below_4g)
{
	add(1 * MiB, 64 * MiB, FREE);
	add(4 * GiB, 8 * GiB, FREE);
	ck_assert_uint_eq(alloc(4 * KiB, 4 * KiB), 64 * MiB - 4 * KiB);
	ck_assert_uint_eq(bi.nr_regions, 3);
	expect_region(0, 1 * MiB, 64 * MiB - 4 * KiB, FREE);
	expect_region(1, 64 * MiB - 4 * KiB, 64 * MiB, ALOC);
	expect_region(2, 4 * GiB, 8 * GiB, FREE);
}
END_TEST

START_TEST(region_across_4g_is_clipped)
{
	add(3 * GiB, 5 * GiB, FREE);
	ck_assert_uint_eq(alloc(8 * KiB, 4 * KiB), 4 * GiB - 8 * KiB);
	ck_assert_uint_eq(bi.nr_regions, 3);
	expect_region(0, 3 * GiB, 4 * GiB - 8 * KiB, FREE);
	expect_region(1, 4 * GiB - 8 * KiB, 4 * GiB, ALOC);
	expect_region(2, 4 * GiB, 5 * GiB, FREE);
}
END_TEST

START_TEST(nothing_above_4g_is_used)
{
	add(4 * GiB, 8 * GiB, FREE);
	ck_assert_uint_eq(alloc(1, 1), 0);
	ck_assert_uint_eq(bi.nr_regions, 1);
}
END_TEST

START_TEST(nothing_below_1m_is_used)
{
	add(0, 0x9f000, FREE);
	ck_assert_uint_eq(alloc(1, 1), 0);
	add(0x80000, 0x180000, FREE); /* straddles 1 MiB */
	ck_assert_uint_eq(alloc(0x80001, 1), 0);
	ck_assert_uint_eq(alloc(0x80000, 1), 1 * MiB);
	ck_assert_uint_eq(alloc(1, 1), 0);
	ck_assert_uint_eq(bi.nr_regions, 2);
	expect_region(0, 0, 1 * MiB, FREE);
	expect_region(1, 1 * MiB, 0x180000, ALOC);
}
END_TEST

START_TEST(only_free_regions_are_used)
{
	add(1 * MiB, 16 * MiB, FREE);
	add(16 * MiB, 32 * MiB, RSVD);
	add(32 * MiB, 48 * MiB, UK_MEMREGION_KERNEL);
	add(48 * MiB, 64 * MiB, UK_MEMREGION_ACPI);
	ck_assert_uint_eq(alloc(4 * KiB, 4 * KiB), 16 * MiB - 4 * KiB);
	/* too big for the FREE memory, however much else there is */
	ck_assert_uint_eq(alloc(16 * MiB, 1), 0);
}
END_TEST

START_TEST(bad_arguments)
{
	add(1 * MiB, 16 * MiB, FREE);
	ck_assert_uint_eq(alloc(0, 8), 0);
	ck_assert_uint_eq(alloc(8, 3), 0);
	ck_assert_uint_eq(alloc(8, 24), 0);
	ck_assert_uint_eq(bi.nr_regions, 1);
	/* align 0 means no constraint */
	ck_assert_uint_eq(alloc(3, 0), 16 * MiB - 3);
	ck_assert_uint_eq(alloc(5, 1), 16 * MiB - 8);
	/* an alignment nothing can satisfy */
	ck_assert_uint_eq(alloc(1, (size_t)1 << 40), 0);
}
END_TEST

START_TEST(large_alignment)
{
	add(1 * MiB, 3 * GiB + 512 * MiB, FREE);
	ck_assert_uint_eq(alloc(4 * KiB, 1 * GiB), 3 * GiB);
	ck_assert_uint_eq(alloc(4 * KiB, 1 * GiB), 2 * GiB);
	expect_region(0, 1 * MiB, 2 * GiB, FREE);
	expect_region(1, 2 * GiB, 2 * GiB + 4 * KiB, ALOC);
	expect_region(2, 2 * GiB + 4 * KiB, 3 * GiB, FREE);
	expect_region(3, 3 * GiB, 3 * GiB + 4 * KiB, ALOC);
	expect_region(4, 3 * GiB + 4 * KiB, 3 * GiB + 512 * MiB, FREE);
}
END_TEST

START_TEST(consecutive_allocations_share_a_region)
{
	add(1 * MiB, 16 * MiB, FREE);
	for (int i = 1; i <= 10; i++)
		ck_assert_uint_eq(alloc(4 * KiB, 4 * KiB),
				  16 * MiB - (uint64_t)i * 4 * KiB);
	ck_assert_uint_eq(bi.nr_regions, 2);
	expect_region(1, 16 * MiB - 40 * KiB, 16 * MiB, ALOC);
}
END_TEST

START_TEST(exhaustion)
{
	uint64_t got[512];
	int n = 0;

	add(1 * MiB, 2 * MiB, FREE);
	add(3 * MiB, 3 * MiB + 64 * KiB, FREE);
	for (;;) {
		uint64_t a = alloc(4 * KiB, 4 * KiB);

		if (!a)
			break;
		ck_assert_int_lt(n, 512);
		got[n++] = a;
	}
	ck_assert_int_eq(n, 256 + 16);
	/* highest first, each one page below the previous within a region */
	ck_assert_uint_eq(got[0], 3 * MiB + 60 * KiB);
	ck_assert_uint_eq(got[16], 2 * MiB - 4 * KiB);
	ck_assert_uint_eq(got[n - 1], 1 * MiB);
	ck_assert_uint_eq(bi.nr_regions, 2);
	expect_region(0, 1 * MiB, 2 * MiB, ALOC);
	expect_region(1, 3 * MiB, 3 * MiB + 64 * KiB, ALOC);
}
END_TEST

START_TEST(full_table_returns_null)
{
	struct uk_bootinfo copy;

	for (uint32_t i = 0; i < UK_BOOTINFO_MAX_REGIONS - 1; i++)
		add(i * 2 * MiB, i * 2 * MiB + MiB, RSVD);
	add(200 * MiB, 300 * MiB, FREE);
	ck_assert_uint_eq(bi.nr_regions, UK_BOOTINFO_MAX_REGIONS);
	memcpy(&copy, &bi, sizeof(bi));
	ck_assert_uint_eq(alloc(4 * KiB, 4 * KiB), 0);
	ck_assert_mem_eq(&copy, &bi, sizeof(bi));
	/* taking the whole region needs no new slot */
	ck_assert_uint_eq(alloc(100 * MiB, 4 * KiB), 200 * MiB);
	expect_region(UK_BOOTINFO_MAX_REGIONS - 1, 200 * MiB, 300 * MiB, ALOC);
}
END_TEST

/* Random sizes and alignments: aligned, inside FREE memory, disjoint. */
START_TEST(random_allocations)
{
	struct { uint64_t a, len; } got[4096];
	struct uk_bootinfo orig;
	uint64_t rng = 88172645463325252ULL, total_before = 0, total_after = 0;
	uint64_t allocated = 0, aloc_len = 0;
	int n = 0;

	add(0, 0x9fc00, FREE);
	add(0xf0000, 0x100000, RSVD);
	add(1 * MiB, 1 * MiB + 0x123456, UK_MEMREGION_KERNEL);
	add(1 * MiB + 0x123456, 200 * MiB - 0x456, FREE);
	add(200 * MiB, 201 * MiB, RSVD);
	add(201 * MiB + 0x10, 3 * GiB - 0x10, FREE);
	add(4 * GiB, 6 * GiB, FREE);
	memcpy(&orig, &bi, sizeof(bi));
	for (uint32_t i = 0; i < bi.nr_regions; i++)
		total_before += bi.regions[i].len;

	while (n < 4096) {
		size_t size, align;
		uint64_t a;
		uint32_t i;

		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
		size = 1 + rng % (64 * MiB);
		align = (size_t)1 << (rng >> 40) % 24;
		a = alloc(size, align);
		if (!a)
			break;
		ck_assert_uint_eq(a % align, 0);
		ck_assert(a >= 1 * MiB && a + size <= 4 * GiB);
		for (i = 0; i < orig.nr_regions; i++) {
			const struct uk_memregion *r = &orig.regions[i];

			if (r->type == FREE && a >= r->base &&
			    a + size <= r->base + r->len)
				break;
		}
		ck_assert_msg(i < orig.nr_regions, "%#llx not in FREE memory",
			      (unsigned long long)a);
		for (int j = 0; j < n; j++)
			ck_assert(a + size <= got[j].a ||
				  got[j].a + got[j].len <= a);
		got[n].a = a;
		got[n++].len = size;
		allocated += size;
	}
	ck_assert_int_gt(n, 10);
	/* the map still covers the same bytes; ALLOCATED is what was handed out */
	for (uint32_t i = 0; i < bi.nr_regions; i++) {
		total_after += bi.regions[i].len;
		if (bi.regions[i].type == ALOC)
			aloc_len += bi.regions[i].len;
	}
	ck_assert_uint_eq(total_after, total_before);
	ck_assert_uint_eq(aloc_len, allocated);
}
END_TEST

START_TEST(sealed_allocator_panics)
{
	add(1 * MiB, 16 * MiB, FREE);
	ck_assert_uint_ne(alloc(4 * KiB, 4 * KiB), 0);
	uk_early_alloc_seal();
	panic_armed = 1;
	if (setjmp(panic_env) == 0) {
		alloc(4 * KiB, 4 * KiB);
		ck_abort_msg("uk_early_alloc after seal did not panic");
	}
	ck_assert_ptr_nonnull(strstr(panic_msg, "uk_early_alloc"));
	ck_assert_uint_eq(bi.nr_regions, 2);
}
END_TEST

static Suite *early_suite(void)
{
	Suite *s = suite_create("early");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, takes_the_top_below_4g);
	tcase_add_test(tc, region_across_4g_is_clipped);
	tcase_add_test(tc, nothing_above_4g_is_used);
	tcase_add_test(tc, nothing_below_1m_is_used);
	tcase_add_test(tc, only_free_regions_are_used);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, large_alignment);
	tcase_add_test(tc, consecutive_allocations_share_a_region);
	tcase_add_test(tc, exhaustion);
	tcase_add_test(tc, full_table_returns_null);
	tcase_add_test(tc, random_allocations);
	/* last: sealing is global state */
	tcase_add_test(tc, sealed_allocator_panics);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(early_suite());

	return unit_run(sr, false);
}
