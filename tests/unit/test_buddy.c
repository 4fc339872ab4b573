/*
 * tests/unit/test_buddy.c - host tests of the buddy allocator
 * (lib/ukalloc/buddy.c), using aligned_alloc'd host memory as "physical"
 * memory. uk_panic is replaced by a longjmp so that every rejected free is
 * asserted together with its message.
 */
#include <check.h>
#include "unit_run.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>
#include <uk/essentials.h>
#include "ukalloc.h"

#define PG UK_PAGE_SIZE
#define ARENA_PAGES 1024 /* one order-10 block */
#define ARENA_SIZE (ARENA_PAGES * PG)

#include "panic_stub.h"

/* The text a panic about freeing (addr, order) must contain. */
static const char *free_id(void *addr, unsigned int order)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%p, order %u", addr, order);
	return buf;
}

static struct uk_buddy bd;
static void *arena_mem;
static uintptr_t A; /* arena base, aligned to ARENA_SIZE */
static uint64_t *bitmap;

static void setup(void)
{
	size_t bsz = uk_buddy_bitmap_size(0, ARENA_SIZE);

	arena_mem = aligned_alloc(ARENA_SIZE, ARENA_SIZE);
	ck_assert_ptr_nonnull(arena_mem);
	A = (uintptr_t)arena_mem;
	bitmap = malloc(bsz);
	ck_assert_ptr_nonnull(bitmap);
	ck_assert_int_eq(uk_buddy_init(&bd, A, A + ARENA_SIZE, bitmap, bsz), 0);
}

static void teardown(void)
{
	free(bitmap);
	free(arena_mem);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

struct blk {
	uintptr_t addr;
	unsigned int order;
};

static void shuffle(struct blk *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rng() % i;
		struct blk t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static int cmp_blk(const void *a, const void *b)
{
	const struct blk *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Every block aligned to its size, inside [lo, hi), no two overlapping. */
static void check_blocks(struct blk *v, size_t n, uintptr_t lo, uintptr_t hi)
{
	qsort(v, n, sizeof(*v), cmp_blk);
	for (size_t i = 0; i < n; i++) {
		uintptr_t sz = PG << v[i].order;

		ck_assert_msg(v[i].addr % sz == 0, "%#lx not aligned to order %u",
			      (unsigned long)v[i].addr, v[i].order);
		ck_assert(v[i].addr >= lo && v[i].addr + sz <= hi);
		if (i > 0)
			ck_assert_msg(v[i - 1].addr + (PG << v[i - 1].order) <=
					      v[i].addr,
				      "blocks overlap at %#lx",
				      (unsigned long)v[i].addr);
	}
}

START_TEST(init_rejects_bad_arguments)
{
	struct uk_buddy b;
	uint64_t bm[4];

	ck_assert_int_eq(uk_buddy_init(&b, 0x1000, 0x1000, bm, sizeof(bm)),
			 -EINVAL);
	ck_assert_int_eq(uk_buddy_init(&b, 0x1001, 0x9000, bm, sizeof(bm)),
			 -EINVAL);
	ck_assert_int_eq(uk_buddy_init(&b, 0x1000, 0x9001, bm, sizeof(bm)),
			 -EINVAL);
	ck_assert_int_eq(uk_buddy_init(&b, 0x1000, 0x9000, NULL, 8), -EINVAL);
	ck_assert_int_eq(uk_buddy_init(&b, 0x1000, 0x9000,
				       (char *)bm + 4, 16), -EINVAL);
	/* 65 pages need two words */
	ck_assert_uint_eq(uk_buddy_bitmap_size(0, 65 * PG), 16);
	ck_assert_int_eq(uk_buddy_init(&b, 0, 65 * PG, bm, 8), -EINVAL);
	ck_assert_int_eq(uk_buddy_init(&b, 0, 65 * PG, bm, 16), 0);
	ck_assert_uint_eq(uk_buddy_free_count(&b), 0);
	ck_assert_uint_eq(uk_buddy_total_count(&b), 0);
	ck_assert_ptr_null(uk_buddy_alloc(&b, 0));
	/* nothing added yet: no free can be valid */
	ASSERT_PANICS(uk_buddy_free(&b, (void *)0, 0), "order 0");
	ASSERT_PANICS(uk_buddy_free(&bd, (void *)A, 0), free_id((void *)A, 0));
}
END_TEST

START_TEST(whole_arena_is_one_block)
{
	void *p;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE), 0);
	ck_assert_uint_eq(uk_buddy_total_count(&bd), ARENA_PAGES);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), ARENA_PAGES);
	p = uk_buddy_alloc(&bd, 10);
	ck_assert_ptr_eq(p, (void *)A);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 0);
	ck_assert_ptr_null(uk_buddy_alloc(&bd, 0));
	uk_buddy_free(&bd, p, 10);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), ARENA_PAGES);
	ck_assert_uint_eq(uk_buddy_total_count(&bd), ARENA_PAGES);
}
END_TEST

START_TEST(impossible_orders_return_null)
{
	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE), 0);
	ck_assert_ptr_null(uk_buddy_alloc(&bd, 11));
	ck_assert_ptr_null(uk_buddy_alloc(&bd, UK_PAGES_MAX_ORDER));
	ck_assert_ptr_null(uk_buddy_alloc(&bd, UK_PAGES_MAX_ORDER + 1));
	ck_assert_ptr_null(uk_buddy_alloc(&bd, ~0u));
	ck_assert_uint_eq(uk_buddy_free_count(&bd), ARENA_PAGES);
}
END_TEST

START_TEST(every_order_is_aligned)
{
	struct blk v[11];

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE), 0);
	/* ascending orders force splits of every size */
	for (unsigned int o = 0; o < 10; o++) {
		v[o].addr = (uintptr_t)uk_buddy_alloc(&bd, o);
		v[o].order = o;
		ck_assert(v[o].addr != 0);
	}
	check_blocks(v, 10, A, A + ARENA_SIZE);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 1);
	for (unsigned int o = 0; o < 10; o++)
		uk_buddy_free(&bd, (void *)v[o].addr, v[o].order);
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 10), (void *)A);
}
END_TEST

/* Allocate everything in random orders, then free it shuffled. */
START_TEST(mixed_orders_shuffled_free)
{
	static struct blk v[ARENA_PAGES];
	size_t n = 0, pages = 0, start;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE), 0);
	start = uk_buddy_free_count(&bd);
	for (int round = 0; round < 20; round++) {
		n = pages = 0;
		for (;;) {
			unsigned int o = rng() % 6;
			void *p = uk_buddy_alloc(&bd, o);

			while (!p && o > 0)
				p = uk_buddy_alloc(&bd, --o);
			if (!p)
				break;
			memset(p, 0xa5, PG << o);
			v[n].addr = (uintptr_t)p;
			v[n++].order = o;
			pages += (size_t)1 << o;
			ck_assert_uint_eq(uk_buddy_free_count(&bd),
					  start - pages);
		}
		ck_assert_uint_eq(pages, ARENA_PAGES);
		check_blocks(v, n, A, A + ARENA_SIZE);
		shuffle(v, n);
		for (size_t i = 0; i < n; i++)
			uk_buddy_free(&bd, (void *)v[i].addr, v[i].order);
		ck_assert_uint_eq(uk_buddy_free_count(&bd), start);
		/* coalesced back into the one maximal block */
		ck_assert_ptr_eq(uk_buddy_alloc(&bd, 10), (void *)A);
		uk_buddy_free(&bd, (void *)A, 10);
	}
}
END_TEST

/* Random alloc/free with a page-owner model: live blocks stay untouched. */
START_TEST(random_alloc_free_keeps_contents)
{
	static struct blk live[ARENA_PAGES];
	size_t n = 0, used = 0;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 3 * PG, A + 1000 * PG), 0);
	for (int step = 0; step < 20000; step++) {
		if (n > 0 && (rng() % 3 == 0 || used > 900)) {
			size_t i = rng() % n;
			unsigned char *p = (unsigned char *)live[i].addr;
			size_t sz = PG << live[i].order;

			for (size_t k = 0; k < sz; k += 512)
				ck_assert_uint_eq(p[k], (unsigned char)(live[i].addr >> 12));
			uk_buddy_free(&bd, p, live[i].order);
			used -= (size_t)1 << live[i].order;
			live[i] = live[--n];
		} else {
			unsigned int o = rng() % 5;
			unsigned char *p = uk_buddy_alloc(&bd, o);

			if (!p)
				continue;
			memset(p, (unsigned char)((uintptr_t)p >> 12), PG << o);
			live[n].addr = (uintptr_t)p;
			live[n++].order = o;
			used += (size_t)1 << o;
		}
		ck_assert_uint_eq(uk_buddy_free_count(&bd), 997 - used);
	}
	check_blocks(live, n, A + 3 * PG, A + 1000 * PG);
	while (n > 0) {
		n--;
		uk_buddy_free(&bd, (void *)live[n].addr, live[n].order);
	}
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 997);
}
END_TEST

/* Grab blocks greedily from the largest order down; count them per order. */
static void count_by_order(size_t counts[11], struct blk *v, size_t *n)
{
	*n = 0;
	for (int o = 10; o >= 0; o--) {
		void *p;

		counts[o] = 0;
		while ((p = uk_buddy_alloc(&bd, (unsigned int)o)) != NULL) {
			v[*n].addr = (uintptr_t)p;
			v[(*n)++].order = (unsigned int)o;
			counts[o]++;
		}
	}
}

START_TEST(unaligned_range_splits_into_maximal_blocks)
{
	/* [3 pages + 100 bytes, 999 pages + 4091 bytes): pages 4..998 */
	static const size_t want[11] = { 1, 1, 2, 1, 1, 2, 2, 2, 2, 0, 0 };
	static struct blk v[ARENA_PAGES];
	size_t counts[11], n;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 3 * PG + 100,
					    A + 1000 * PG - 5), 0);
	ck_assert_uint_eq(uk_buddy_total_count(&bd), 995);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 995);
	count_by_order(counts, v, &n);
	for (int o = 0; o <= 10; o++)
		ck_assert_msg(counts[o] == want[o], "order %d: %zu blocks, want %zu",
			      o, counts[o], want[o]);
	check_blocks(v, n, A + 4 * PG, A + 999 * PG);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 0);
	shuffle(v, n);
	for (size_t i = 0; i < n; i++)
		uk_buddy_free(&bd, (void *)v[i].addr, v[i].order);
	/* the same decomposition again: nothing merged past the edges */
	count_by_order(counts, v, &n);
	for (int o = 0; o <= 10; o++)
		ck_assert_uint_eq(counts[o], want[o]);
}
END_TEST

START_TEST(range_errors)
{
	ck_assert_int_eq(uk_buddy_add_range(&bd, A - PG, A + PG), -EINVAL);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE + PG),
			 -EINVAL);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 2 * PG, A + PG), -EINVAL);
	/* no whole page: nothing added, no range recorded */
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 10, A + PG - 1), 0);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + PG + 1, A + 2 * PG + 5), 0);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 5, A + 5), 0);
	ck_assert_uint_eq(bd.nr_ranges, 0);
	ck_assert_ptr_null(uk_buddy_alloc(&bd, 0));
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 8 * PG, A + 16 * PG), 0);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 15 * PG, A + 17 * PG),
			 -EEXIST);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + 9 * PG), -EEXIST);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 10 * PG, A + 11 * PG),
			 -EEXIST);
	ck_assert_uint_eq(uk_buddy_total_count(&bd), 8);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 8);
}
END_TEST

START_TEST(range_table_full)
{
	unsigned int i;

	/* every other page: no two ranges adjacent */
	for (i = 0; i < UK_BUDDY_MAX_RANGES; i++)
		ck_assert_int_eq(uk_buddy_add_range(&bd, A + 2 * i * PG,
						    A + (2 * i + 1) * PG), 0);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 2 * i * PG,
					    A + (2 * i + 1) * PG), -ENOSPC);
	ck_assert_uint_eq(uk_buddy_total_count(&bd), UK_BUDDY_MAX_RANGES);
	/* an adjacent range merges and needs no slot */
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + (2 * i - 1) * PG,
					    A + 2 * i * PG), 0);
	/* one that bridges two ranges frees a slot */
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + PG, A + 2 * PG), 0);
	ck_assert_uint_eq(bd.nr_ranges, UK_BUDDY_MAX_RANGES - 1);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 500 * PG, A + 501 * PG), 0);
	ck_assert_uint_eq(uk_buddy_total_count(&bd), UK_BUDDY_MAX_RANGES + 3);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), UK_BUDDY_MAX_RANGES + 3);
	/* pages 0-1 and 126-127 merged into the only order-1 blocks */
	{
		uintptr_t x = (uintptr_t)uk_buddy_alloc(&bd, 1);
		uintptr_t y = (uintptr_t)uk_buddy_alloc(&bd, 1);

		ck_assert(UK_MIN(x, y) == A && UK_MAX(x, y) == A + 126 * PG);
		ck_assert_ptr_null(uk_buddy_alloc(&bd, 1));
	}
}
END_TEST

START_TEST(holes_never_merge)
{
	static struct blk v[ARENA_PAGES];
	size_t n = 0;
	void *p;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + 100 * PG), 0);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 200 * PG, A + ARENA_SIZE), 0);
	ck_assert_uint_eq(uk_buddy_total_count(&bd), 924);
	ck_assert_ptr_null(uk_buddy_alloc(&bd, 10));

	while ((p = uk_buddy_alloc(&bd, 0)) != NULL) {
		uintptr_t a = (uintptr_t)p;

		ck_assert_msg(a < A + 100 * PG || a >= A + 200 * PG,
			      "page %#lx in the hole", (unsigned long)a);
		v[n].addr = a;
		v[n++].order = 0;
	}
	ck_assert_uint_eq(n, 924);
	check_blocks(v, n, A, A + ARENA_SIZE);
	shuffle(v, n);
	for (size_t i = 0; i < n; i++)
		uk_buddy_free(&bd, (void *)v[i].addr, 0);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 924);
	ck_assert_ptr_null(uk_buddy_alloc(&bd, 10));

	/* freeing a hole page must not slip memory in */
	ASSERT_PANICS(uk_buddy_free(&bd, (void *)(A + 150 * PG), 0),
		      free_id((void *)(A + 150 * PG), 0));
	ASSERT_PANICS(uk_buddy_free(&bd, (void *)(A + 96 * PG), 3),
		      free_id((void *)(A + 96 * PG), 3));
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 924);

	/* filling the hole joins both sides into one maximal block */
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 100 * PG, A + 200 * PG), 0);
	ck_assert_uint_eq(bd.nr_ranges, 1);
	ck_assert_uint_eq(uk_buddy_total_count(&bd), ARENA_PAGES);
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 10), (void *)A);
}
END_TEST

START_TEST(invalid_frees_panic)
{
	void *p, *q, *big;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE), 0);
	p = uk_buddy_alloc(&bd, 0);        /* page 0; page 1 stays free */
	big = uk_buddy_alloc(&bd, 2);      /* pages 4..7 */
	ck_assert_ptr_eq(p, (void *)A);
	ck_assert_ptr_eq(big, (void *)(A + 4 * PG));

	q = (char *)p + 8;
	ASSERT_PANICS(uk_buddy_free(&bd, q, 0), free_id(q, 0));
	q = (char *)big + PG;
	ASSERT_PANICS(uk_buddy_free(&bd, q, 1), free_id(q, 1));
	q = (char *)big;
	ASSERT_PANICS(uk_buddy_free(&bd, q, 3), free_id(q, 3));
	/* order 1 at page 0 covers the free page 1 */
	ASSERT_PANICS(uk_buddy_free(&bd, p, 1), free_id(p, 1));
	/* never allocated, part of a free block */
	q = (void *)(A + 512 * PG);
	ASSERT_PANICS(uk_buddy_free(&bd, q, 0), free_id(q, 0));
	/* outside [base, end) */
	q = (void *)(A - PG);
	ASSERT_PANICS(uk_buddy_free(&bd, q, 0), free_id(q, 0));
	q = (void *)(A + ARENA_SIZE);
	ASSERT_PANICS(uk_buddy_free(&bd, q, 0), free_id(q, 0));
	ASSERT_PANICS(uk_buddy_free(&bd, (void *)A, 11), free_id((void *)A, 11));
	ASSERT_PANICS(uk_buddy_free(&bd, NULL, 0), "order 0");
	ASSERT_PANICS(uk_buddy_free(&bd, p, UK_PAGES_MAX_ORDER + 1),
		      free_id(p, UK_PAGES_MAX_ORDER + 1));

	/* nothing changed: valid frees still work and coalesce fully */
	ck_assert_uint_eq(uk_buddy_free_count(&bd), ARENA_PAGES - 5);
	uk_buddy_free(&bd, p, 0);
	ASSERT_PANICS(uk_buddy_free(&bd, p, 0), free_id(p, 0)); /* double */
	uk_buddy_free(&bd, big, 2);
	ASSERT_PANICS(uk_buddy_free(&bd, big, 2), free_id(big, 2));
	ck_assert_uint_eq(uk_buddy_free_count(&bd), ARENA_PAGES);
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 10), (void *)A);
}
END_TEST

START_TEST(use_after_free_is_caught)
{
	void *p, *q;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + 2 * PG), 0);
	p = uk_buddy_alloc(&bd, 0);
	q = uk_buddy_alloc(&bd, 0);
	uk_buddy_free(&bd, q, 0);
	memset(q, 0, 64); /* scribble over the free block's node */
	ASSERT_PANICS(uk_buddy_free(&bd, p, 0), "overwritten");
}
END_TEST

/* Merging stops at UK_PAGES_MAX_ORDER: 8 GiB of address space is two blocks. */
START_TEST(merging_stops_at_max_order)
{
	const uintptr_t max_sz = PG << UK_PAGES_MAX_ORDER;
	size_t len = 3 * max_sz, bsz;
	struct uk_buddy b;
	uint64_t *bm;
	void *map, *p1, *p2;
	uintptr_t base;

	map = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "no 12 GiB of address space, test skipped\n");
		return;
	}
	base = UK_ALIGN_UP((uintptr_t)map, max_sz);
	bsz = uk_buddy_bitmap_size(base, base + 2 * max_sz);
	bm = malloc(bsz);
	ck_assert_int_eq(uk_buddy_init(&b, base, base + 2 * max_sz, bm, bsz), 0);
	ck_assert_int_eq(uk_buddy_add_range(&b, base, base + 2 * max_sz), 0);
	ck_assert_uint_eq(uk_buddy_free_count(&b), (size_t)2 << UK_PAGES_MAX_ORDER);
	ck_assert_ptr_null(uk_buddy_alloc(&b, UK_PAGES_MAX_ORDER + 1));
	p1 = uk_buddy_alloc(&b, UK_PAGES_MAX_ORDER);
	p2 = uk_buddy_alloc(&b, UK_PAGES_MAX_ORDER);
	ck_assert_ptr_nonnull(p1);
	ck_assert_ptr_nonnull(p2);
	ck_assert_ptr_null(uk_buddy_alloc(&b, 0));
	uk_buddy_free(&b, p1, UK_PAGES_MAX_ORDER);
	uk_buddy_free(&b, p2, UK_PAGES_MAX_ORDER);
	/* a small allocation splits one max block; freeing it restores it */
	p1 = uk_buddy_alloc(&b, 0);
	uk_buddy_free(&b, p1, 0);
	ck_assert_ptr_nonnull(uk_buddy_alloc(&b, UK_PAGES_MAX_ORDER));
	ck_assert_ptr_nonnull(uk_buddy_alloc(&b, UK_PAGES_MAX_ORDER));
	free(bm);
	munmap(map, len);
}
END_TEST

/* Page runs: uk_buddy_alloc_n, uk_buddy_alloc_at, uk_buddy_free_n. */

START_TEST(alloc_n_takes_exactly_n_pages)
{
	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE), 0);
	ck_assert_ptr_null(uk_buddy_alloc_n(&bd, 0));
	ck_assert_ptr_null(uk_buddy_alloc_n(&bd, ARENA_PAGES + 1));
	ck_assert_ptr_null(uk_buddy_alloc_n(&bd, SIZE_MAX));
	for (size_t n = 1; n <= 300; n += 7) {
		void *p = uk_buddy_alloc_n(&bd, n);

		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq((uintptr_t)p % PG, 0);
		ck_assert_uint_eq(uk_buddy_free_count(&bd), ARENA_PAGES - n);
		/* the rest of the block went back: the next page is free */
		ck_assert_int_eq(uk_buddy_alloc_at(&bd, (char *)p + n * PG, 1), 0);
		uk_buddy_free_n(&bd, p, n);
		uk_buddy_free_n(&bd, (char *)p + n * PG, 1);
		ck_assert_uint_eq(uk_buddy_free_count(&bd), ARENA_PAGES);
	}
	/* everything merged back */
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 10), (void *)A);
}
END_TEST

START_TEST(alloc_n_falls_back_to_runs)
{
	void *p, *q;

	/* pages 1..1023: no order-10 block, and the order-9 one is too small */
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + PG, A + ARENA_SIZE), 0);
	p = uk_buddy_alloc_n(&bd, 700);
	ck_assert_ptr_eq(p, (void *)(A + PG));
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 1023 - 700);
	q = uk_buddy_alloc_n(&bd, 323);
	ck_assert_ptr_eq(q, (void *)(A + 701 * PG));
	ck_assert_ptr_null(uk_buddy_alloc_n(&bd, 1));
	/* give back the middle, then ask for more than the hole */
	uk_buddy_free_n(&bd, (char *)p + 100 * PG, 50);
	ck_assert_ptr_null(uk_buddy_alloc_n(&bd, 51));
	ck_assert_ptr_eq(uk_buddy_alloc_n(&bd, 50), (char *)p + 100 * PG);
	uk_buddy_free_n(&bd, p, 700);
	uk_buddy_free_n(&bd, q, 323);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 1023);
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 9), (void *)(A + 512 * PG));
}
END_TEST

START_TEST(alloc_at_takes_free_runs_only)
{
	void *p;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + 200 * PG), 0);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A + 300 * PG, A + ARENA_SIZE), 0);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 5 * PG + 1), 1), -EINVAL);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 5 * PG), 0), -EINVAL);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A - PG), 2), -EINVAL);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 1020 * PG), 5), -EINVAL);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 1020 * PG), SIZE_MAX),
			 -EINVAL);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 199 * PG), 2), -EINVAL);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 250 * PG), 1), -EINVAL);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 924);

	/* a run across several blocks, not aligned to anything */
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 3 * PG), 190), 0);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 924 - 190);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 192 * PG), 2), -EBUSY);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)A, 4), -EBUSY);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 924 - 190);
	/* what is left around it is still allocatable, page by page */
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + i * PG), 1), 0);
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(A + 193 * PG), 7), 0);
	ck_assert_ptr_null(uk_buddy_alloc_n(&bd, 725)); /* 724 left, above the hole */
	p = uk_buddy_alloc_n(&bd, 724);
	ck_assert_ptr_eq(p, (void *)(A + 300 * PG));
	/* free it all in pieces that cut across the original calls */
	uk_buddy_free_n(&bd, (void *)A, 100);
	uk_buddy_free_n(&bd, (void *)(A + 100 * PG), 100);
	uk_buddy_free_n(&bd, p, 724);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 924);
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 9), (void *)(A + 512 * PG));
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 7), (void *)(A + 384 * PG));
}
END_TEST

START_TEST(free_n_of_block_pieces)
{
	void *p;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + 8 * PG), 0);
	p = uk_buddy_alloc(&bd, 3);
	ck_assert_ptr_eq(p, (void *)A);
	uk_buddy_free_n(&bd, (char *)p + 5 * PG, 1);
	uk_buddy_free_n(&bd, (char *)p + 6 * PG, 2);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 3);
	ck_assert_ptr_null(uk_buddy_alloc(&bd, 2)); /* 5..7 do not make a block */
	uk_buddy_free_n(&bd, (char *)p + 4 * PG, 1);
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 2), (char *)p + 4 * PG);
	uk_buddy_free(&bd, (char *)p + 4 * PG, 2);
	uk_buddy_free_n(&bd, p, 4);
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 3), (void *)A);
}
END_TEST

START_TEST(free_n_rejects_bad_runs)
{
	void *p;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + 100 * PG), 0);
	p = uk_buddy_alloc_n(&bd, 10);
	ASSERT_PANICS(uk_buddy_free_n(&bd, (char *)p + 1, 1), "not a run");
	ASSERT_PANICS(uk_buddy_free_n(&bd, p, 0), "not a run");
	ASSERT_PANICS(uk_buddy_free_n(&bd, (void *)(A + 99 * PG), 2), "not a run");
	ASSERT_PANICS(uk_buddy_free_n(&bd, (void *)(A - PG), 1), "not a run");
	ASSERT_PANICS(uk_buddy_free_n(&bd, p, SIZE_MAX), "not a run");
	/* one free page in the run: nothing is freed */
	ASSERT_PANICS(uk_buddy_free_n(&bd, p, 11), "free already");
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 90);
	uk_buddy_free_n(&bd, p, 10);
	ASSERT_PANICS(uk_buddy_free_n(&bd, p, 1), "free already");
	ck_assert_uint_eq(uk_buddy_free_count(&bd), 100);
}
END_TEST

/* Random runs against a page map; at the end everything merges back. */
START_TEST(random_runs_keep_the_bitmap_exact)
{
	static bool used[ARENA_PAGES];
	size_t nused = 0;

	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE), 0);
	for (int step = 0; step < 20000; step++) {
		size_t n = 1 + rng() % 40, first = rng() % (ARENA_PAGES - n), i;
		bool all_free = true, all_used = true;

		for (i = first; i < first + n; i++) {
			all_free &= !used[i];
			all_used &= used[i];
		}
		switch (rng() % 3) {
		case 0: {
			void *p = uk_buddy_alloc_n(&bd, n);

			if (!p)
				break;
			first = ((uintptr_t)p - A) / PG;
			for (i = first; i < first + n; i++) {
				if (used[i])
					ck_abort_msg("page %zu handed out twice", i);
				used[i] = true;
			}
			nused += n;
			break;
		}
		case 1:
			if (uk_buddy_alloc_at(&bd, (void *)(A + first * PG), n) !=
			    (all_free ? 0 : -EBUSY))
				ck_abort_msg("alloc_at %zu+%zu", first, n);
			if (!all_free)
				break;
			for (i = first; i < first + n; i++)
				used[i] = true;
			nused += n;
			break;
		default:
			if (!all_used)
				break;
			uk_buddy_free_n(&bd, (void *)(A + first * PG), n);
			for (i = first; i < first + n; i++)
				used[i] = false;
			nused -= n;
			break;
		}
		if (uk_buddy_free_count(&bd) != ARENA_PAGES - nused)
			ck_abort_msg("step %d: free count %zu, want %zu", step,
				     uk_buddy_free_count(&bd), ARENA_PAGES - nused);
	}
	for (size_t i = 0; i < ARENA_PAGES; i++)
		if (used[i])
			uk_buddy_free_n(&bd, (void *)(A + i * PG), 1);
	ck_assert_ptr_eq(uk_buddy_alloc(&bd, 10), (void *)A);
}
END_TEST

static Suite *buddy_suite(void)
{
	Suite *s = suite_create("buddy");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, init_rejects_bad_arguments);
	tcase_add_test(tc, whole_arena_is_one_block);
	tcase_add_test(tc, impossible_orders_return_null);
	tcase_add_test(tc, every_order_is_aligned);
	tcase_add_test(tc, mixed_orders_shuffled_free);
	tcase_add_test(tc, random_alloc_free_keeps_contents);
	tcase_add_test(tc, unaligned_range_splits_into_maximal_blocks);
	tcase_add_test(tc, range_errors);
	tcase_add_test(tc, range_table_full);
	tcase_add_test(tc, holes_never_merge);
	tcase_add_test(tc, invalid_frees_panic);
	tcase_add_test(tc, use_after_free_is_caught);
	tcase_add_test(tc, merging_stops_at_max_order);
	tcase_add_test(tc, alloc_n_takes_exactly_n_pages);
	tcase_add_test(tc, alloc_n_falls_back_to_runs);
	tcase_add_test(tc, alloc_at_takes_free_runs_only);
	tcase_add_test(tc, free_n_of_block_pieces);
	tcase_add_test(tc, free_n_rejects_bad_runs);
	tcase_add_test(tc, random_runs_keep_the_bitmap_exact);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(buddy_suite());

	return unit_run(sr, false);
}
