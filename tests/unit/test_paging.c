/*
 * tests/unit/test_paging.c - the page-table walker (lib/ukpaging/paging.c)
 * on fake physical memory: an aligned host buffer whose page i has physical
 * address PHYS_BASE + i * 4 KiB, handed out by a counting allocator that
 * can be told to fail. Built twice (tests/unit/paging.am): the include path
 * selects lib/ukpaging/x86_64/pte.h or lib/ukpaging/arm64/pte.h, and the
 * descriptor checks expect each architecture's own bits (Intel SDM vol. 3
 * 4.5; Arm ARM D8.3), written out as literals so that they check pte.h
 * rather than repeat it.
 *
 * Covered: map/translate round trips at every level boundary, 2 MiB blocks
 * and their fallback to 4 KiB pages, splitting blocks (2 MiB and 1 GiB) by
 * protect and unmap, which table pages unmap frees, -EEXIST, -ENOENT,
 * -EINVAL (alignment, canonical form, prot/flags, W^X), -ENOMEM leaving the
 * tables unchanged, PROT_NONE, TLB flush calls and arm64 break-before-make,
 * and a random sequence of operations checked page by page against a model.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uk/paging.h>

#include "pte.h"

#define PG		0x1000ULL
#define MB2		0x200000ULL
#define GB1		0x40000000ULL
#define ARENA_PAGES	2048
#define PHYS_BASE	0x80000000ULL
#define RW		(UK_PROT_READ | UK_PROT_WRITE)
#define RO		UK_PROT_READ
#define RX		(UK_PROT_READ | UK_PROT_EXEC)
#define RWX		(UK_PROT_READ | UK_PROT_WRITE | UK_PROT_EXEC)

#if defined(UKPTE_ARCH_X86_64)
#define HIGH_VA		0xffff800000000000ULL /* first upper-half address */
#define TOP_VA		0xfffffffffffff000ULL /* last page */
#else
#define HIGH_VA		0x0000800000000000ULL /* bit 47 set, still TTBR0 */
#define TOP_VA		0x0000fffffffff000ULL
#endif

static uint8_t *arena;
static bool used[ARENA_PAGES];
static int outstanding; /* table pages allocated and not freed */
static int fail_after;	/* allocations left before failing; -1: never */
static struct uk_pagetable pt;

static int nflush;
static uint64_t *watch; /* entry whose value each flush records */
static bool watch_saw_zero;

static void *fake_p2v(struct uk_pagetable *p, uint64_t pa)
{
	/* hot path: ck_assert reports every check to the runner, so test
	 * by hand and only call into check on failure */
	if (p != &pt || pa < PHYS_BASE || pa >= PHYS_BASE + ARENA_PAGES * PG)
		ck_abort_msg("walker touched pa %#llx outside the table arena",
			     (unsigned long long)pa);
	return arena + (pa - PHYS_BASE);
}

static uint64_t fake_alloc(struct uk_pagetable *p)
{
	size_t i;

	(void)p;
	if (fail_after == 0)
		return 0;
	if (fail_after > 0)
		fail_after--;
	for (i = 0; i < ARENA_PAGES; i++) {
		if (!used[i]) {
			used[i] = true;
			memset(arena + i * PG, 0, PG);
			outstanding++;
			return PHYS_BASE + i * PG;
		}
	}
	return 0;
}

static void fake_free(struct uk_pagetable *p, uint64_t pa)
{
	size_t i;

	(void)p;
	ck_assert_uint_eq(pa & (PG - 1), 0);
	ck_assert(pa >= PHYS_BASE && pa < PHYS_BASE + ARENA_PAGES * PG);
	i = (pa - PHYS_BASE) / PG;
	ck_assert_msg(used[i], "double free of table %#llx",
		      (unsigned long long)pa);
	ck_assert_uint_ne(pa, pt.root_pa);
	used[i] = false;
	outstanding--;
	/* poison: a walker still reading a freed table sees garbage */
	memset(arena + i * PG, 0xa5, PG);
}

static void fake_flush(struct uk_pagetable *p, uint64_t va, uint64_t len)
{
	(void)p;
	(void)va;
	ck_assert_uint_ne(len, 0);
	nflush++;
	if (watch && *watch == 0)
		watch_saw_zero = true;
}

static void setup(void)
{
	arena = aligned_alloc(PG, ARENA_PAGES * PG);
	ck_assert_ptr_nonnull(arena);
	memset(arena, 0, ARENA_PAGES * PG);
	memset(used, 0, sizeof(used));
	outstanding = 0;
	fail_after = -1;
	nflush = 0;
	watch = NULL;
	watch_saw_zero = false;
	memset(&pt, 0, sizeof(pt));
	pt.phys_to_virt = fake_p2v;
	pt.table_alloc = fake_alloc;
	pt.table_free = fake_free;
	pt.tlb_flush = fake_flush;
	pt.wx_enforce = true;
	pt.root_pa = fake_alloc(&pt);
	ck_assert_uint_ne(pt.root_pa, 0);
}

static void teardown(void)
{
	free(arena);
	arena = NULL;
}

static uint64_t *table_of(uint64_t pa)
{
	return (uint64_t *)(void *)(arena + (pa - PHYS_BASE));
}

static unsigned int idx(uint64_t va, unsigned int level)
{
	return (va >> (39 - 9 * level)) & 511;
}

/* The raw entry for va at 'level'; NULL when a table above is missing. */
static uint64_t *entry_at(uint64_t va, unsigned int level)
{
	uint64_t *t = table_of(pt.root_pa);
	unsigned int l;

	for (l = 0; l < level; l++) {
		uint64_t e = t[idx(va, l)];

		if (!ukpte_is_table(e, l))
			return NULL;
		t = table_of(ukpte_table_pa(e));
	}
	return &t[idx(va, level)];
}

/* The leaf mapping va and its level, or 0. */
static uint64_t leaf_of(uint64_t va, unsigned int *level)
{
	unsigned int l;

	for (l = 0; l < 4; l++) {
		uint64_t *p = entry_at(va, l);

		if (!p)
			return 0;
		if (ukpte_is_leaf(*p, l)) {
			if (level)
				*level = l;
			return *p;
		}
	}
	return 0;
}

/* Every reachable (table, index, entry) with a non-zero entry. */
struct snap {
	size_t n;
	uint64_t v[3 * 8192];
	int tables;
};

static void snap_table(struct snap *s, uint64_t pa, unsigned int level)
{
	uint64_t *t = table_of(pa);
	unsigned int i;

	s->tables++;
	for (i = 0; i < 512; i++) {
		if (!t[i])
			continue;
		if (s->n + 3 > sizeof(s->v) / sizeof(s->v[0]))
			ck_abort_msg("snapshot buffer too small");
		s->v[s->n++] = pa;
		s->v[s->n++] = i;
		s->v[s->n++] = t[i];
		if (ukpte_is_table(t[i], level))
			snap_table(s, ukpte_table_pa(t[i]), level + 1);
	}
}

static struct snap *snapshot(void)
{
	struct snap *s = calloc(1, sizeof(*s));

	ck_assert_ptr_nonnull(s);
	snap_table(s, pt.root_pa, 0);
	return s;
}

static void assert_unchanged(struct snap *before)
{
	struct snap *now = snapshot();

	ck_assert_uint_eq(now->n, before->n);
	ck_assert_int_eq(now->tables, before->tables);
	ck_assert(memcmp(now->v, before->v, now->n * sizeof(now->v[0])) == 0);
	free(now);
	free(before);
}

static void assert_tr(uint64_t va, uint64_t pa, unsigned int prot)
{
	uint64_t got_pa = 0;
	unsigned int got_prot = 99;

	ck_assert_msg(uk_paging_translate(&pt, va, &got_pa, &got_prot) == 0,
		      "va %#llx not mapped", (unsigned long long)va);
	ck_assert_msg(got_pa == pa, "va %#llx -> %#llx, expected %#llx",
		      (unsigned long long)va, (unsigned long long)got_pa,
		      (unsigned long long)pa);
	ck_assert_uint_eq(got_prot, prot);
}

static void assert_unmapped(uint64_t va)
{
	uint64_t pa;
	unsigned int prot;

	ck_assert_int_eq(uk_paging_translate(&pt, va, &pa, &prot), -ENOENT);
}

/* ---- round trips ---------------------------------------------------- */

START_TEST(roundtrip_level_boundaries)
{
	static const uint64_t vas[] = {
		0x0,		     /* first page */
		0x1ff000,	     /* last page of the first L3 table */
		0x200000,	     /* L2 boundary */
		0x3ffff000,	     /* L1 boundary, below */
		0x40000000,	     /* L1 boundary, above */
		0x7ffffffff000ULL,   /* below the L0 boundary (512 GiB) */
		0x8000000000ULL,     /* above it */
		0x7fffffff000ULL,    /* 8 TiB - 4 KiB */
		HIGH_VA, TOP_VA,
	};
	uint64_t pa = 0x10000000;
	size_t i;

	for (i = 0; i < sizeof(vas) / sizeof(vas[0]); i++) {
		ck_assert_int_eq(
			uk_paging_map(&pt, vas[i], pa + i * PG, PG, RW, 0), 0);
	}
	for (i = 0; i < sizeof(vas) / sizeof(vas[0]); i++) {
		assert_tr(vas[i], pa + i * PG, RW);
		assert_tr(vas[i] + 0xfff, pa + i * PG + 0xfff, RW);
		assert_tr(vas[i] + 0x123, pa + i * PG + 0x123, RW);
	}
	assert_unmapped(0x1000);
	assert_unmapped(0x1fe000);
	assert_unmapped(0x201000);
	assert_unmapped(HIGH_VA + PG);
	assert_unmapped(TOP_VA - PG);

	/* a multi-page range across a 1 GiB boundary */
	ck_assert_int_eq(uk_paging_map(&pt, 0xbfffc000, 0x5000000, 0x8000 - PG,
				       RO, 0), 0);
	for (i = 0; i < 7; i++)
		assert_tr(0xbfffc000 + i * PG, 0x5000000 + i * PG, RO);
	/* its last page is mapped already */
	ck_assert_int_eq(uk_paging_map(&pt, 0x7fffffffe000ULL, 0x6000000,
				       2 * PG, RX, 0), -EEXIST);
	assert_unmapped(0x7fffffffe000ULL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x7ffffffd0000ULL, 0x6000000,
				       0x2f000, RX, 0), 0);
	assert_tr(0x7ffffffd0000ULL, 0x6000000, RX);
	assert_tr(0x7fffffffe000ULL, 0x602e000, RX);
}
END_TEST

START_TEST(one_page_takes_three_tables)
{
	ck_assert_int_eq(outstanding, 1);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1234000, 0x5000, PG, RW, 0), 0);
	ck_assert_int_eq(outstanding, 4);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1235000, 0x6000, PG, RW, 0), 0);
	ck_assert_int_eq(outstanding, 4);
	/* fresh mappings change no valid entry: no TLB flush */
	ck_assert_int_eq(nflush, 0);
}
END_TEST

START_TEST(translate_null_outputs)
{
	ck_assert_int_eq(uk_paging_map(&pt, 0x5000, 0x9000, PG, RW, 0), 0);
	ck_assert_int_eq(uk_paging_translate(&pt, 0x5010, NULL, NULL), 0);
	ck_assert_int_eq(uk_paging_translate(&pt, 0x6010, NULL, NULL),
			 -ENOENT);
}
END_TEST

/* ---- large pages ----------------------------------------------------- */

START_TEST(large_blocks)
{
	unsigned int level;

	/* 4 MiB at aligned va/pa: two L2 blocks, tables for L1 and L2 only */
	ck_assert_int_eq(uk_paging_map(&pt, 0x400000, 0x10000000, 2 * MB2, RW,
				       UK_PAGING_LARGE), 0);
	ck_assert_int_eq(outstanding, 3);
	ck_assert(leaf_of(0x400000, &level) != 0);
	ck_assert_uint_eq(level, 2);
	ck_assert(leaf_of(0x7ff000, &level) != 0);
	ck_assert_uint_eq(level, 2);
	assert_tr(0x400000, 0x10000000, RW);
	assert_tr(0x5abcde, 0x101abcde, RW);
	assert_tr(0x7fffff, 0x103fffff, RW);
	assert_unmapped(0x800000);

	/* pa not 2 MiB-aligned: falls back to 4 KiB pages */
	ck_assert_int_eq(uk_paging_map(&pt, 0x800000, 0x10401000, MB2, RW,
				       UK_PAGING_LARGE), 0);
	ck_assert(leaf_of(0x800000, &level) != 0);
	ck_assert_uint_eq(level, 3);
	assert_tr(0x9ff000, 0x10600000, RW);
	ck_assert_int_eq(outstanding, 4);

	/* range with unaligned ends: pages, one block, pages */
	ck_assert_int_eq(uk_paging_map(&pt, 0x1001ff000ULL, 0x201ff000, 0x202000,
				       RO, UK_PAGING_LARGE), 0);
	ck_assert(leaf_of(0x1001ff000ULL, &level) != 0);
	ck_assert_uint_eq(level, 3);
	ck_assert(leaf_of(0x100200000ULL, &level) != 0);
	ck_assert_uint_eq(level, 2);
	ck_assert(leaf_of(0x1003ff000ULL, &level) != 0);
	ck_assert_uint_eq(level, 2);
	ck_assert(leaf_of(0x100400000ULL, &level) != 0);
	ck_assert_uint_eq(level, 3);
	assert_tr(0x1001ff000ULL, 0x201ff000, RO);
	assert_tr(0x1003fffffULL, 0x203fffff, RO);
	assert_tr(0x100400fffULL, 0x20400fff, RO);
	assert_unmapped(0x100401000ULL);

	/* without UK_PAGING_LARGE: pages even when aligned */
	ck_assert_int_eq(uk_paging_map(&pt, 0x40000000, 0x0, MB2, RW, 0), 0);
	ck_assert(leaf_of(0x40000000, &level) != 0);
	ck_assert_uint_eq(level, 3);
}
END_TEST

START_TEST(protect_splits_block)
{
	uint64_t *l2;
	unsigned int level;
	uint64_t va;

	ck_assert_int_eq(uk_paging_map(&pt, 0x600000, 0x30000000, MB2, RW,
				       UK_PAGING_LARGE), 0);
	ck_assert_int_eq(outstanding, 3);
	/* same protection over part of the block: nothing to split */
	ck_assert_int_eq(uk_paging_protect(&pt, 0x601000, PG, RW), 0);
	ck_assert_int_eq(outstanding, 3);
	ck_assert(leaf_of(0x601000, &level) != 0);
	ck_assert_uint_eq(level, 2);

	ck_assert_int_eq(uk_paging_protect(&pt, 0x601000, 2 * PG, RO), 0);
	ck_assert_int_eq(outstanding, 4);
	l2 = entry_at(0x600000, 2);
	ck_assert(ukpte_is_table(*l2, 2));
	for (va = 0x600000; va < 0x800000; va += PG)
		assert_tr(va, 0x30000000 + (va - 0x600000),
			  (va == 0x601000 || va == 0x602000) ? RO : RW);
	/* protect the whole 2 MiB back: the table stays, all pages RW */
	ck_assert_int_eq(uk_paging_protect(&pt, 0x600000, MB2, RX), 0);
	for (va = 0x600000; va < 0x800000; va += PG)
		assert_tr(va, 0x30000000 + (va - 0x600000), RX);
	ck_assert_int_eq(outstanding, 4);
}
END_TEST

START_TEST(unmap_splits_block)
{
	uint64_t va;

	ck_assert_int_eq(uk_paging_map(&pt, 0x600000, 0x30000000, MB2, RW,
				       UK_PAGING_LARGE), 0);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x7ff000, PG), 0);
	ck_assert_int_eq(outstanding, 4);
	for (va = 0x600000; va < 0x7ff000; va += PG)
		assert_tr(va, 0x30000000 + (va - 0x600000), RW);
	assert_unmapped(0x7ff000);
	/* unmapping the rest frees the split table and the tables above */
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x600000, MB2 - PG), 0);
	ck_assert_int_eq(outstanding, 1);
	assert_unmapped(0x600000);
	ck_assert_uint_eq(*entry_at(0x600000, 0), 0);
}
END_TEST

START_TEST(split_1g_block)
{
	uint64_t *l1;
	uint64_t l1pa;
	unsigned int level;

	/* a 1 GiB block as the boot tables might hold: RW, not executable */
	l1pa = fake_alloc(&pt);
	table_of(pt.root_pa)[0] = ukpte_make_table(l1pa);
	l1 = table_of(l1pa);
	l1[1] = ukpte_make_leaf(0x100000000ULL, 1, RW, false);
	assert_tr(0x40000000, 0x100000000ULL, RW);
	assert_tr(0x7fffffff, 0x13fffffffULL, RW);
	ck_assert_int_eq(outstanding, 2);

	ck_assert_int_eq(uk_paging_protect(&pt, 0x40201000, PG, RO), 0);
	ck_assert_int_eq(outstanding, 4); /* one L2, one L3 table */
	ck_assert(leaf_of(0x40000000, &level) != 0);
	ck_assert_uint_eq(level, 2);
	ck_assert(leaf_of(0x40201000, &level) != 0);
	ck_assert_uint_eq(level, 3);
	assert_tr(0x40000000, 0x100000000ULL, RW);
	assert_tr(0x40200fff, 0x100200fffULL, RW);
	assert_tr(0x40201000, 0x100201000ULL, RO);
	assert_tr(0x40202000, 0x100202000ULL, RW);
	assert_tr(0x7fffffff, 0x13fffffffULL, RW);
	/* the pieces keep the block's encoding */
	ck_assert_uint_eq(leaf_of(0x40400000, NULL),
			  ukpte_make_leaf(0x100400000ULL, 2, RW, false));
	ck_assert_uint_eq(leaf_of(0x40202000, NULL),
			  ukpte_make_leaf(0x100202000ULL, 3, RW, false));
}
END_TEST

/* ---- which tables unmap frees ---------------------------------------- */

START_TEST(unmap_frees_only_empty_tables)
{
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0x1000, PG, RW, 0), 0);
	ck_assert_int_eq(uk_paging_map(&pt, 0x2000, 0x2000, PG, RW, 0), 0);
	ck_assert_int_eq(uk_paging_map(&pt, 0x200000, 0x3000, PG, RW, 0), 0);
	ck_assert_int_eq(outstanding, 5); /* root, L1, L2, two L3 */

	/* L3 still holds 0x2000: nothing freed */
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x1000, PG), 0);
	ck_assert_int_eq(outstanding, 5);
	assert_tr(0x2000, 0x2000, RW);

	/* holes are fine and free nothing */
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x100000, 0x10000), 0);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x4000000000ULL, GB1), 0);
	ck_assert_int_eq(outstanding, 5);

	/* first L3 now empty: freed; L2 still holds the second */
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x2000, PG), 0);
	ck_assert_int_eq(outstanding, 4);
	assert_tr(0x200000, 0x3000, RW);

	/* a range covering whole tables frees them, never the root */
	ck_assert_int_eq(uk_paging_map(&pt, 0x8000000000ULL, 0, PG, RW, 0), 0);
	ck_assert_int_eq(outstanding, 7);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0, 0x10000000000ULL), 0);
	ck_assert_int_eq(outstanding, 1);
	assert_unmapped(0x200000);
	assert_unmapped(0x8000000000ULL);
}
END_TEST

/* ---- errors ---------------------------------------------------------- */

START_TEST(eexist)
{
	struct snap *s;
	uint64_t *l2;

	ck_assert_int_eq(uk_paging_map(&pt, 0x10000, 0x1000, PG, RW, 0), 0);
	s = snapshot();
	ck_assert_int_eq(uk_paging_map(&pt, 0x10000, 0x9000, PG, RW, 0),
			 -EEXIST);
	/* overlap on the last page only: the first ones stay unmapped */
	ck_assert_int_eq(uk_paging_map(&pt, 0x8000, 0x9000, 9 * PG, RW, 0),
			 -EEXIST);
	/* overlap in a range that would need new tables too */
	ck_assert_int_eq(uk_paging_map(&pt, 0x10000, 0x9000, 8 * GB1, RW, 0),
			 -EEXIST);
	assert_unchanged(s);
	assert_unmapped(0x8000);
	assert_tr(0x10000, 0x1000, RW);

	ck_assert_int_eq(uk_paging_map(&pt, 0x10000, 0x9000, PG, RO,
				       UK_PAGING_REPLACE), 0);
	assert_tr(0x10000, 0x9000, RO);

	/* a 2 MiB block over a table holding a page */
	ck_assert_int_eq(uk_paging_map(&pt, 0, 0x400000, MB2, RW,
				       UK_PAGING_LARGE), -EEXIST);
	ck_assert_int_eq(outstanding, 4);
	ck_assert_int_eq(uk_paging_map(&pt, 0, 0x400000, MB2, RW,
				       UK_PAGING_LARGE | UK_PAGING_REPLACE), 0);
	ck_assert_int_eq(outstanding, 3); /* the L3 table went */
	l2 = entry_at(0, 2);
	ck_assert(ukpte_is_leaf(*l2, 2));
	assert_tr(0x10000, 0x410000, RW);

	/* a page inside the block: EEXIST, or a split with REPLACE */
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0x7000, PG, RO, 0),
			 -EEXIST);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0x7000, PG, RO,
				       UK_PAGING_REPLACE), 0);
	ck_assert_int_eq(outstanding, 4);
	assert_tr(0x0, 0x400000, RW);
	assert_tr(0x1000, 0x7000, RO);
	assert_tr(0x2000, 0x402000, RW);

	/* a 2 MiB block over an emptied table needs no REPLACE */
	ck_assert_int_eq(uk_paging_map(&pt, 0x200000, 0x0, PG, RW, 0), 0);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x200000, PG), 0);
	ck_assert_int_eq(uk_paging_map(&pt, 0x200000, 0x0, MB2, RW,
				       UK_PAGING_LARGE), 0);
}
END_TEST

START_TEST(enoent)
{
	struct snap *s;

	ck_assert_int_eq(uk_paging_protect(&pt, 0x5000, PG, RO), -ENOENT);
	assert_unmapped(0x5000);
	assert_unmapped(HIGH_VA);
	ck_assert_int_eq(uk_paging_map(&pt, 0x5000, 0x5000, 3 * PG, RW, 0), 0);
	s = snapshot();
	/* a hole at the end: nothing changes, not even the first pages */
	ck_assert_int_eq(uk_paging_protect(&pt, 0x5000, 4 * PG, RO), -ENOENT);
	ck_assert_int_eq(uk_paging_protect(&pt, 0x4000, 4 * PG, RO), -ENOENT);
	assert_unchanged(s);
	assert_tr(0x5000, 0x5000, RW);
	ck_assert_int_eq(uk_paging_protect(&pt, 0x5000, 3 * PG, RO), 0);
	assert_tr(0x7000, 0x7000, RO);
}
END_TEST

START_TEST(einval)
{
	struct snap *s = snapshot();
	uint64_t pa;

	/* alignment and length */
	ck_assert_int_eq(uk_paging_map(&pt, 0x1001, 0, PG, RW, 0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0x10, PG, RW, 0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0, 0x800, RW, 0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0, 0, RW, 0), -EINVAL);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x1800, PG), -EINVAL);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x1000, 0), -EINVAL);
	ck_assert_int_eq(uk_paging_protect(&pt, 0x1000, 0x1001, RO), -EINVAL);
	/* wrapping past 2^64 */
	ck_assert_int_eq(uk_paging_unmap(&pt, 0xfffffffffffff000ULL, 2 * PG),
			 -EINVAL);
	/* prot and flag bits */
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0, PG, 0x8, 0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0, PG, RW, 0x80), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0, PG, RX,
				       UK_PAGING_MEM_DEVICE), -EINVAL);
	/* physical addresses beyond the architecture's limit */
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, UKPTE_PA_LIMIT, PG, RW, 0),
			 -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, UKPTE_PA_LIMIT - PG,
				       2 * PG, RW, 0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, UKPTE_PA_LIMIT - PG, PG,
				       RW, 0), 0);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x1000, PG), 0);
	/* a table without its callbacks */
	{
		struct uk_pagetable bad = pt;

		bad.phys_to_virt = NULL;
		ck_assert_int_eq(uk_paging_map(&bad, 0x1000, 0, PG, RW, 0),
				 -EINVAL);
		ck_assert_int_eq(uk_paging_map(NULL, 0x1000, 0, PG, RW, 0),
				 -EINVAL);
		ck_assert_int_eq(uk_paging_translate(NULL, 0, NULL, NULL),
				 -EINVAL);
	}

#if defined(UKPTE_ARCH_X86_64)
	/* bits 63:48 must equal bit 47 */
	ck_assert_int_eq(uk_paging_map(&pt, 0x0000800000000000ULL, 0, PG, RW,
				       0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0xffff7ffffffff000ULL, 0, PG, RW,
				       0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x0001000000000000ULL, 0, PG, RW,
				       0), -EINVAL);
	/* a range across the non-canonical hole */
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x00007ffffffff000ULL, 2 * PG),
			 -EINVAL);
	ck_assert_int_eq(uk_paging_translate(&pt, 0x0000800000000000ULL, &pa,
					     NULL), -EINVAL);
	ck_assert_int_eq(uk_paging_translate(&pt, 0xffff800000000000ULL, &pa,
					     NULL), -ENOENT);
#else
	/* TTBR0 only: any of bits 63:48 set is invalid */
	ck_assert_int_eq(uk_paging_map(&pt, 0xffff800000000000ULL, 0, PG, RW,
				       0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0xfffffffffffff000ULL, 0, PG, RW,
				       0), -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x0001000000000000ULL, 0, PG, RW,
				       0), -EINVAL);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x0000fffffffff000ULL, 2 * PG),
			 -EINVAL);
	ck_assert_int_eq(uk_paging_translate(&pt, 0xffff000000000000ULL, &pa,
					     NULL), -EINVAL);
	ck_assert_int_eq(uk_paging_translate(&pt, 0x0000800000000000ULL, &pa,
					     NULL), -ENOENT);
#endif
	assert_unchanged(s);
	ck_assert_int_eq(outstanding, 1);
}
END_TEST

START_TEST(wx_enforced)
{
	struct snap *s;

	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0x1000, PG, RWX, 0),
			 -EINVAL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0x1000, PG,
				       UK_PROT_WRITE | UK_PROT_EXEC, 0),
			 -EINVAL);
	ck_assert_int_eq(outstanding, 1);
	ck_assert_int_eq(uk_paging_map(&pt, 0x1000, 0x1000, PG, RW, 0), 0);
	s = snapshot();
	ck_assert_int_eq(uk_paging_protect(&pt, 0x1000, PG, RWX), -EINVAL);
	assert_unchanged(s);
	/* W then X, never both: the usual JIT sequence */
	ck_assert_int_eq(uk_paging_protect(&pt, 0x1000, PG, RX), 0);
	assert_tr(0x1000, 0x1000, RX);

	pt.wx_enforce = false;
	ck_assert_int_eq(uk_paging_protect(&pt, 0x1000, PG, RWX), 0);
	assert_tr(0x1000, 0x1000, RWX);
	ck_assert_int_eq(uk_paging_map(&pt, 0x2000, 0x1000, PG, RWX, 0), 0);
	assert_tr(0x2000, 0x1000, RWX);
}
END_TEST

START_TEST(enomem_leaves_tables_unchanged)
{
	struct snap *s;
	int k;

	ck_assert_int_eq(uk_paging_map(&pt, 0x0, 0x0, PG, RW, 0), 0);
	ck_assert_int_eq(uk_paging_map(&pt, 0x400000, 0x40000000, MB2, RW,
				       UK_PAGING_LARGE), 0);

	/* a map needing three new tables, with 0, 1 and 2 available */
	for (k = 0; k < 3; k++) {
		s = snapshot();
		fail_after = k;
		ck_assert_int_eq(uk_paging_map(&pt, 0x8000000000ULL, 0x5000,
					       PG, RW, 0), -ENOMEM);
		ck_assert_int_eq(outstanding, 4);
		assert_unchanged(s);
	}
	/* 1 GiB of pages: 514 tables, the allocator runs dry half way */
	s = snapshot();
	fail_after = 300;
	ck_assert_int_eq(uk_paging_map(&pt, 0x10000000000ULL, 0, GB1, RW, 0),
			 -ENOMEM);
	assert_unchanged(s);
	ck_assert_int_eq(outstanding, 4);

	/* splitting by protect and by unmap */
	s = snapshot();
	fail_after = 0;
	ck_assert_int_eq(uk_paging_protect(&pt, 0x401000, PG, RO), -ENOMEM);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x401000, PG), -ENOMEM);
	/* with REPLACE over part of a block */
	ck_assert_int_eq(uk_paging_map(&pt, 0x401000, 0, PG, RO,
				       UK_PAGING_REPLACE), -ENOMEM);
	assert_unchanged(s);
	assert_tr(0x401000, 0x40001000, RW);
	ck_assert_int_eq(nflush, 0);

	/* and it works once memory is back */
	fail_after = -1;
	ck_assert_int_eq(uk_paging_map(&pt, 0x10000000000ULL, 0, GB1, RW, 0),
			 0);
	ck_assert_int_eq(outstanding, 4 + 514);
	assert_tr(0x10000000000ULL + GB1 - 1, GB1 - 1, RW);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x10000000000ULL, GB1), 0);
	ck_assert_int_eq(outstanding, 4);
}
END_TEST

/* ---- encodings --------------------------------------------------------- */

static uint64_t map_one(uint64_t va, uint64_t pa, unsigned int prot,
			unsigned int flags)
{
	uint64_t e;

	ck_assert_int_eq(uk_paging_map(&pt, va, pa, PG, prot, flags), 0);
	e = *entry_at(va, 3);
	return e;
}

START_TEST(descriptor_bits)
{
	uint64_t *l2, *l1, *l0;

	pt.wx_enforce = false;
#if defined(UKPTE_ARCH_X86_64)
	/* P|RW|A|D + NX: data */
	ck_assert_uint_eq(map_one(0x400000, 0x123000, RW, 0),
			  0x8000000000123063ULL);
	/* P|A + NX: read-only data */
	ck_assert_uint_eq(map_one(0x401000, 0x123000, RO, 0),
			  0x8000000000123021ULL);
	/* P|A: text */
	ck_assert_uint_eq(map_one(0x402000, 0x123000, RX, 0),
			  0x0000000000123021ULL);
	ck_assert_uint_eq(map_one(0x403000, 0x123000, RWX, 0),
			  0x0000000000123063ULL);
	/* device: P|RW|PWT|PCD|A|D + NX */
	ck_assert_uint_eq(map_one(0x404000, 0xfee00000, RW,
				  UK_PAGING_MEM_DEVICE),
			  0x80000000fee0007bULL);
	/* PROT_NONE: not present, software bit 9, address kept */
	ck_assert_uint_eq(map_one(0x405000, 0x123000, UK_PROT_NONE, 0),
			  0x8000000000123220ULL);
	/* tables: P|RW, no U/S, no NX */
	l2 = entry_at(0x400000, 2);
	l1 = entry_at(0x400000, 1);
	l0 = entry_at(0x400000, 0);
	ck_assert_uint_eq(*l2 & ~0x000ffffffffff000ULL, 0x3);
	ck_assert_uint_eq(*l1 & ~0x000ffffffffff000ULL, 0x3);
	ck_assert_uint_eq(*l0 & ~0x000ffffffffff000ULL, 0x3);
	/* 2 MiB page: PS */
	ck_assert_int_eq(uk_paging_map(&pt, 0x600000, 0x40000000, MB2, RW,
				       UK_PAGING_LARGE), 0);
	ck_assert_uint_eq(*entry_at(0x600000, 2), 0x80000000400000e3ULL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x800000, 0x40200000, MB2, RX,
				       UK_PAGING_LARGE), 0);
	ck_assert_uint_eq(*entry_at(0x800000, 2), 0x00000000402000a1ULL);
	/* split of a large page whose PAT bit (12) is set: PAT moves to 7 */
	*entry_at(0xa00000, 2) = 0x80000000c00010e3ULL;
	assert_tr(0xa01000, 0xc0001000, RW);
	ck_assert_int_eq(uk_paging_protect(&pt, 0xa00000, PG, RO), 0);
	ck_assert_uint_eq(*entry_at(0xa00000, 3), 0x80000000c00000a1ULL);
	ck_assert_uint_eq(*entry_at(0xa01000, 3), 0x80000000c00010e3ULL);
	ck_assert_uint_eq(*entry_at(0xbff000, 3), 0x80000000c01ff0e3ULL);
#else
	/* page|AF|SH inner|AttrIndx 0, UXN|PXN: data */
	ck_assert_uint_eq(map_one(0x400000, 0x123000, RW, 0),
			  0x0060000000123703ULL);
	/* + AP[2]: read-only data */
	ck_assert_uint_eq(map_one(0x401000, 0x123000, RO, 0),
			  0x0060000000123783ULL);
	/* AP[2], UXN only: text */
	ck_assert_uint_eq(map_one(0x402000, 0x123000, RX, 0),
			  0x0040000000123783ULL);
	ck_assert_uint_eq(map_one(0x403000, 0x123000, RWX, 0),
			  0x0040000000123703ULL);
	/* device: AttrIndx 1, SH 0, never executable */
	ck_assert_uint_eq(map_one(0x404000, 0x09000000, RW,
				  UK_PAGING_MEM_DEVICE),
			  0x0060000009000407ULL);
	ck_assert_uint_eq(map_one(0x405000, 0x09000000, RO,
				  UK_PAGING_MEM_DEVICE),
			  0x0060000009000487ULL);
	/* PROT_NONE: invalid (bit 0 clear), software bit 55 */
	ck_assert_uint_eq(map_one(0x406000, 0x123000, UK_PROT_NONE, 0),
			  0x00e0000000123782ULL);
	/* tables: 0b11, no APTable/XNTable */
	l2 = entry_at(0x400000, 2);
	l1 = entry_at(0x400000, 1);
	l0 = entry_at(0x400000, 0);
	ck_assert_uint_eq(*l2 & ~0x0000fffffffff000ULL, 0x3);
	ck_assert_uint_eq(*l1 & ~0x0000fffffffff000ULL, 0x3);
	ck_assert_uint_eq(*l0 & ~0x0000fffffffff000ULL, 0x3);
	/* 2 MiB block: 0b01 */
	ck_assert_int_eq(uk_paging_map(&pt, 0x600000, 0x40000000, MB2, RW,
				       UK_PAGING_LARGE), 0);
	ck_assert_uint_eq(*entry_at(0x600000, 2), 0x0060000040000701ULL);
	ck_assert_int_eq(uk_paging_map(&pt, 0x800000, 0x40200000, MB2, RX,
				       UK_PAGING_LARGE), 0);
	ck_assert_uint_eq(*entry_at(0x800000, 2), 0x0040000040200781ULL);
	/* a device block split: pages keep AttrIndx 1 and nG */
	*entry_at(0xa00000, 2) = 0x0060000009000c05ULL;
	ck_assert_int_eq(uk_paging_protect(&pt, 0xa00000, PG, RO), 0);
	ck_assert_uint_eq(*entry_at(0xa00000, 3), 0x0060000009000c87ULL);
	ck_assert_uint_eq(*entry_at(0xa01000, 3), 0x0060000009001c07ULL);
	ck_assert_int_eq(uk_paging_protect(&pt, 0xa01000, PG, RX), -EINVAL);
	ck_assert_uint_eq(UKPTE_ARM64_MAIR, 0x04ff);
#endif
	/* decoding round trip */
	assert_tr(0x400000, 0x123000, RW);
	assert_tr(0x401000, 0x123000, RO);
	assert_tr(0x402000, 0x123000, RX);
	assert_tr(0x403000, 0x123000, RWX);
	assert_tr(0x6abcde, 0x400abcde, RW);
	assert_tr(0x8abcde, 0x402abcde, RX);
	/* write-only and execute-only requests read as readable */
	ck_assert_int_eq(uk_paging_map(&pt, 0x3000, 0x0, PG, UK_PROT_WRITE, 0),
			 0);
	assert_tr(0x3000, 0, RW);
	ck_assert_int_eq(uk_paging_map(&pt, 0x4000, 0x0, PG, UK_PROT_EXEC, 0),
			 0);
	assert_tr(0x4000, 0, RX);
}
END_TEST

START_TEST(prot_none)
{
	uint64_t pa;
	unsigned int prot;

	ck_assert_int_eq(uk_paging_map(&pt, 0x7000, 0x9000, 2 * PG,
				       UK_PROT_NONE, 0), 0);
	ck_assert_int_eq(uk_paging_translate(&pt, 0x7008, &pa, &prot), 0);
	ck_assert_uint_eq(pa, 0x9008);
	ck_assert_uint_eq(prot, UK_PROT_NONE);
	ck_assert(!ukpte_hw_valid(*entry_at(0x7000, 3)));
	/* still mapped: EEXIST, and protect finds it */
	ck_assert_int_eq(uk_paging_map(&pt, 0x7000, 0x9000, PG, RW, 0),
			 -EEXIST);
	ck_assert_int_eq(uk_paging_protect(&pt, 0x7000, PG, RW), 0);
	assert_tr(0x7000, 0x9000, RW);
	assert_tr(0x8000, 0xa000, UK_PROT_NONE);
	ck_assert_int_eq(uk_paging_protect(&pt, 0x7000, 2 * PG, UK_PROT_NONE),
			 0);
	assert_tr(0x7000, 0x9000, UK_PROT_NONE);
	/* a PROT_NONE block splits into PROT_NONE pages */
	ck_assert_int_eq(uk_paging_map(&pt, 0x200000, 0x200000, MB2,
				       UK_PROT_NONE, UK_PAGING_LARGE), 0);
	ck_assert_int_eq(uk_paging_protect(&pt, 0x201000, PG, RO), 0);
	assert_tr(0x200000, 0x200000, UK_PROT_NONE);
	assert_tr(0x201000, 0x201000, RO);
	assert_tr(0x3ff000, 0x3ff000, UK_PROT_NONE);
	ck_assert_int_eq(uk_paging_unmap(&pt, 0, 0x400000), 0);
	ck_assert_int_eq(outstanding, 1);
}
END_TEST

/* ---- TLB maintenance -------------------------------------------------- */

START_TEST(flush_and_break_before_make)
{
	ck_assert_int_eq(uk_paging_map(&pt, 0x200000, 0x40000000, MB2, RW,
				       UK_PAGING_LARGE), 0);
	ck_assert_int_eq(nflush, 0);
	watch = entry_at(0x200000, 2);
	ck_assert_int_eq(uk_paging_protect(&pt, 0x201000, PG, RO), 0);
	ck_assert_int_ge(nflush, 1);
#if defined(UKPTE_ARCH_ARM64)
	/* the block was made invalid and flushed before the table went in */
	ck_assert(watch_saw_zero);
#else
	ck_assert(!watch_saw_zero);
#endif
	ck_assert(ukpte_is_table(*watch, 2));

	/* replacing a valid page's output address: BBM on arm64 only */
	nflush = 0;
	watch_saw_zero = false;
	watch = entry_at(0x202000, 3);
	ck_assert_int_eq(uk_paging_map(&pt, 0x202000, 0x5000, PG, RW,
				       UK_PAGING_REPLACE), 0);
	ck_assert_int_ge(nflush, 1);
#if defined(UKPTE_ARCH_ARM64)
	ck_assert(watch_saw_zero);
#else
	ck_assert(!watch_saw_zero);
#endif
	/* permission changes need no BBM anywhere */
	nflush = 0;
	watch_saw_zero = false;
	ck_assert_int_eq(uk_paging_protect(&pt, 0x202000, PG, RO), 0);
	ck_assert_int_eq(nflush, 1);
	ck_assert(!watch_saw_zero);
	/* unmap flushes */
	nflush = 0;
	watch = NULL;
	ck_assert_int_eq(uk_paging_unmap(&pt, 0x200000, MB2), 0);
	ck_assert_int_ge(nflush, 1);
	ck_assert_int_eq(outstanding, 1);
}
END_TEST

/* ---- random operations against a model -------------------------------- */

#define WIN_PAGES 2048			  /* 8 MiB */
#define WIN_BASE  (GB1 - 2 * MB2)	  /* across a 1 GiB boundary */

struct mpage {
	bool mapped, device;
	uint64_t pa;
	unsigned int prot;
};

static struct mpage model[WIN_PAGES];
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static unsigned int model_prot(unsigned int prot)
{
	return prot ? prot | UK_PROT_READ : UK_PROT_NONE;
}

static void check_model(void)
{
	static const unsigned int nope = 99;
	struct snap *s;
	size_t i;

	for (i = 0; i < WIN_PAGES; i++) {
		uint64_t va = WIN_BASE + i * PG;
		uint64_t pa = 0;
		unsigned int prot = nope;
		int rc = uk_paging_translate(&pt, va + 8, &pa, &prot);

		if (!model[i].mapped) {
			if (rc != -ENOENT)
				ck_abort_msg("page %zu mapped", i);
			continue;
		}
		if (rc != 0 || pa != model[i].pa + 8 ||
		    prot != model[i].prot ||
		    ukpte_leaf_device(leaf_of(va, NULL)) != model[i].device)
			ck_abort_msg("page %zu: rc %d pa %#llx prot %u, model "
				     "pa %#llx prot %u device %d", i, rc,
				     (unsigned long long)pa, prot,
				     (unsigned long long)model[i].pa + 8,
				     model[i].prot, model[i].device);
	}
	/* no table leaked or lost */
	s = snapshot();
	ck_assert_int_eq(s->tables, outstanding);
	free(s);
}

START_TEST(random_against_model)
{
	static const unsigned int prots[] = { UK_PROT_NONE, RO, RW, RX };
	int iter;

	memset(model, 0, sizeof(model));
	for (iter = 0; iter < 3000; iter++) {
		size_t first, n, i;
		uint64_t va, pa;
		unsigned int prot, flags = 0;
		int op = (int)"00122"[rnd(5)] - '0', expect = 0, rc;
		bool inject = rnd(6) == 0;
		struct snap *before = snapshot();

		switch (rnd(3)) {
		case 0: /* single pages */
			first = rnd(WIN_PAGES);
			n = 1;
			break;
		case 1: /* block-aligned runs of blocks */
			first = rnd(WIN_PAGES / 512) * 512;
			n = (rnd((WIN_PAGES - first) / 512) + 1) * 512;
			break;
		default:
			first = rnd(WIN_PAGES);
			n = rnd(WIN_PAGES - first) + 1;
			if (n > 1100)
				n = rnd(40) + 1;
			break;
		}
		va = WIN_BASE + first * PG;
		prot = prots[rnd(4)];
		if (inject)
			fail_after = (int)rnd(3);

		if (op == 0) {
			if (rnd(2))
				flags |= UK_PAGING_LARGE;
			if (rnd(3) == 0)
				flags |= UK_PAGING_REPLACE;
			if (rnd(5) == 0 && !(prot & UK_PROT_EXEC))
				flags |= UK_PAGING_MEM_DEVICE;
			pa = rnd(64) * MB2;
			if (rnd(4) == 0)
				pa += rnd(512) * PG;
			else
				pa += va & (MB2 - 1);
			for (i = first; i < first + n && !expect; i++)
				if (model[i].mapped &&
				    !(flags & UK_PAGING_REPLACE))
					expect = -EEXIST;
			rc = uk_paging_map(&pt, va, pa, n * PG, prot, flags);
			if (rc == 0 && !expect)
				for (i = first; i < first + n; i++) {
					model[i].mapped = true;
					model[i].device =
						flags & UK_PAGING_MEM_DEVICE;
					model[i].pa = pa + (i - first) * PG;
					model[i].prot = model_prot(prot);
				}
		} else if (op == 1) {
			rc = uk_paging_unmap(&pt, va, n * PG);
			if (rc == 0)
				for (i = first; i < first + n; i++)
					model[i].mapped = false;
		} else {
			/* mostly over mapped runs, or ENOENT would dominate */
			if (rnd(4) != 0 && model[first].mapped)
				for (i = first; i < first + n; i++)
					if (!model[i].mapped) {
						n = i - first;
						break;
					}
			for (i = first; i < first + n && !expect; i++) {
				if (!model[i].mapped)
					expect = -ENOENT;
				else if (model[i].device &&
					 (prot & UK_PROT_EXEC))
					expect = -EINVAL;
			}
			rc = uk_paging_protect(&pt, va, n * PG, prot);
			if (rc == 0 && !expect)
				for (i = first; i < first + n; i++)
					model[i].prot = model_prot(prot);
		}

		if (!(rc == -ENOMEM && inject && !expect))
			ck_assert_msg(rc == expect,
				      "iter %d op %d first %zu n %zu: %d, "
				      "expected %d", iter, op, first, n, rc,
				      expect);
		/* every failure, whatever its cause, changed nothing */
		if (rc)
			assert_unchanged(before);
		else
			free(before);
		fail_after = -1;
		check_model();
	}
	ck_assert_int_eq(uk_paging_unmap(&pt, WIN_BASE, WIN_PAGES * PG), 0);
	ck_assert_int_eq(outstanding, 1);
}
END_TEST

static Suite *paging_suite(void)
{
	Suite *s = suite_create(
#if defined(UKPTE_ARCH_X86_64)
		"paging-x86_64"
#else
		"paging-arm64"
#endif
	);
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, roundtrip_level_boundaries);
	tcase_add_test(tc, one_page_takes_three_tables);
	tcase_add_test(tc, translate_null_outputs);
	tcase_add_test(tc, large_blocks);
	tcase_add_test(tc, protect_splits_block);
	tcase_add_test(tc, unmap_splits_block);
	tcase_add_test(tc, split_1g_block);
	tcase_add_test(tc, unmap_frees_only_empty_tables);
	tcase_add_test(tc, eexist);
	tcase_add_test(tc, enoent);
	tcase_add_test(tc, einval);
	tcase_add_test(tc, wx_enforced);
	tcase_add_test(tc, enomem_leaves_tables_unchanged);
	tcase_add_test(tc, descriptor_bits);
	tcase_add_test(tc, prot_none);
	tcase_add_test(tc, flush_and_break_before_make);
	tcase_add_test(tc, random_against_model);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(paging_suite());

	return unit_run(sr, false);
}
