/*
 * tests/unit/test_malloc.c - host tests of the kernel's small-object
 * allocator (lib/ukalloc/malloc.c, uk/alloc.h) over a fake page allocator:
 * - every size 1..5000 and large ones (64 KiB, 1 MiB) are 16-byte aligned
 *   and usable for their whole size; thousands of live blocks of random
 *   sizes never overlap and keep their contents through random frees;
 * - once everything is freed and the spare pages trimmed, exactly one
 *   page per size class used stays cached (a class's last page with free
 *   slots is kept) and every large block's pages are back;
 * - empty pages are kept as spares, at most 64, reused by any class
 *   without a page-allocator call, and all given back by uk_malloc_trim;
 * - uk_calloc zeroes and refuses n * size overflow; uk_realloc grows
 *   keeping the contents, shrinks in place, NULL -> malloc, 0 -> free, and
 *   leaves the block intact when it fails; uk_strdup; uk_free(NULL);
 * - frees of pointers uk_malloc did not return panic where block_size()
 *   can tell (see bad_frees for what it cannot);
 * - a failing page allocator gives NULL and leaves the allocator usable.
 * The fake page allocator hands out aligned_alloc'd pages filled with
 * garbage, checks every free against what it handed out, and can fail
 * its Nth call. uk_panic longjmps back to the test (panic_stub.h).
 */
#include <check.h>
#include "unit_run.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/pages.h>

/* A panic leaves the interrupt nesting "disabled": start it over. */
#define PANIC_STUB_AFTER irq_depth = 0
#include "panic_stub.h"

#define PG UK_PAGE_SIZE
#define NR_CLASSES 8 /* 16 .. 1024-byte slots, and 2016 (two a page) */
#define TOP_SLOT 2016

struct run {
	char *addr;
	size_t npages;
	int order;     /* -1 for uk_pages_alloc_n */
	int live;
};

static struct run runs[32768];
static int nruns;
static long pages_out;       /* pages handed out and not yet freed */
static long alloc_calls;     /* calls of uk_pages_alloc(_n) */
static long fail_call;       /* that call fails (0: none) */
static int fail_all;         /* every call fails */
static int keep_freed;       /* freed pages stay readable (double frees) */

static void *fake_alloc(size_t npages, int order)
{
	char *p;

	if (++alloc_calls == fail_call || fail_all)
		return NULL;
	p = aligned_alloc(PG, npages * PG);
	ck_assert_ptr_nonnull(p);
	memset(p, 0xa5, npages * PG); /* pages are not cleared */
	ck_assert_int_lt(nruns, 32768);
	runs[nruns++] = (struct run){ p, npages, order, 1 };
	pages_out += (long)npages;
	return p;
}

static void fake_free(void *addr, size_t npages, int order)
{
	for (int i = nruns - 1; i >= 0; i--) {
		struct run *r = &runs[i];

		if (r->addr != addr)
			continue;
		if (!r->live) /* what uk/pages.h promises for a free run */
			uk_panic("fake page allocator: %p is already free", addr);
		ck_assert_uint_eq(r->npages, npages);
		ck_assert_int_eq(r->order, order);
		r->live = 0;
		pages_out -= (long)npages;
		if (!keep_freed) {
			free(addr);
			runs[i] = runs[--nruns];
		}
		return;
	}
	ck_abort_msg("fake page allocator: %p was never handed out", addr);
}

void *uk_pages_alloc(unsigned int order)
{
	return fake_alloc((size_t)1 << order, (int)order);
}

void *uk_pages_alloc_n(size_t npages)
{
	return npages ? fake_alloc(npages, -1) : NULL;
}

void uk_pages_free(void *addr, unsigned int order)
{
	fake_free(addr, (size_t)1 << order, (int)order);
}

void uk_pages_free_n(void *addr, size_t npages)
{
	fake_free(addr, npages, -1);
}

/* Interrupts: every save must be undone before the call returns. */
static int irq_depth;

unsigned long ukplat_irq_save(void)
{
	return (unsigned long)irq_depth++;
}

void ukplat_irq_restore(unsigned long flags)
{
	ck_assert_int_eq(--irq_depth, (int)flags);
}


/* Pages held, once the allocator's spare empty pages are given back. */
static long held(void)
{
	uk_malloc_trim();
	return pages_out;
}

#define NOT_OURS "which uk_malloc did not return"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Write (check = 0) or check a pattern of 'seed' over n bytes at p. */
static int pattern(void *p, size_t n, unsigned int seed, int check)
{
	unsigned char *c = p;

	for (size_t i = 0; i < n; i++) {
		unsigned char v = (unsigned char)(seed + i * 7 + (i >> 8));

		if (!check)
			c[i] = v;
		else if (c[i] != v)
			return 0;
	}
	return 1;
}
#define fill(p, n, seed) pattern(p, n, seed, 0)
#define intact(p, n, seed) pattern(p, n, seed, 1)

/* The size classes (a bit each) that blocks were allocated from. */
static unsigned int classes;

static void note_class(size_t n)
{
	for (int c = 0; c < NR_CLASSES; c++) {
		if (n <= (c == NR_CLASSES - 1 ? TOP_SLOT : (size_t)16 << c)) {
			classes |= 1u << c;
			return;
		}
	}
}

/* uk_malloc(n), 16-byte aligned, its n bytes filled with 'seed'. */
static char *get(size_t n, unsigned int seed)
{
	char *p = uk_malloc(n);

	ck_assert_msg(p != NULL, "uk_malloc(%zu)", n);
	ck_assert_msg(((uintptr_t)p & 15) == 0, "uk_malloc(%zu): %p", n, (void *)p);
	fill(p, n, seed);
	note_class(n);
	return p;
}

struct blk {
	char *p;
	size_t n;
};

static int by_addr(const void *a, const void *b)
{
	const struct blk *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

/* Sort 'b' by address and check that no two blocks overlap. */
static void disjoint(struct blk *b, int n)
{
	qsort(b, (size_t)n, sizeof(*b), by_addr);
	for (int i = 1; i < n; i++)
		ck_assert_msg(b[i - 1].p + b[i - 1].n <= b[i].p,
			      "%p+%zu overlaps %p", (void *)b[i - 1].p,
			      b[i - 1].n, (void *)b[i].p);
}

static struct blk blks[6000];

static void setup(void)
{
	pages_out = alloc_calls = fail_call = 0;
	fail_all = keep_freed = irq_depth = 0;
	classes = 0;
}

static void teardown(void)
{
	ck_assert_int_eq(irq_depth, 0);
}

START_TEST(every_size)
{
	static const size_t large[] = { 2049, 4080, 4081, 8192, 65536, 1 << 20,
					(1 << 20) + 1 };
	int n = 0;

	for (size_t s = 1; s <= 5000 + 7; s++) {
		size_t sz = s <= 5000 ? s : large[s - 5001];

		blks[n++] = (struct blk){ get(sz, (unsigned int)s), sz };
	}
	for (int i = 0; i < n; i++)
		ck_assert_msg(intact(blks[i].p, blks[i].n, (unsigned int)i + 1),
			      "block of %zu bytes", blks[i].n);
	disjoint(blks, n);
	for (int i = 0; i < n; i++)
		uk_free(blks[i].p);
	ck_assert_uint_eq(classes, (1u << NR_CLASSES) - 1);
	ck_assert_int_eq(held(), NR_CLASSES);
}
END_TEST

/* A random size, mostly small. */
static size_t rnd_size(void)
{
	switch (rnd() % 16) {
	case 0: return 2049 + rnd() % 20000;
	case 1: return 1 + rnd() % 70000;
	case 2: case 3: return 1 + rnd() % 16;
	default: return 1 + rnd() % 2048;
	}
}

START_TEST(random_churn)
{
	static unsigned int seed[4000];
	int n = 4000;

	for (int i = 0; i < n; i++) {
		size_t sz = rnd_size();

		seed[i] = rnd();
		blks[i] = (struct blk){ get(sz, seed[i]), sz };
	}
	/* Free a random one and allocate another in its place, 20000 times. */
	for (int k = 0; k < 20000; k++) {
		int i = (int)(rnd() % (unsigned int)n);
		size_t sz = rnd_size();

		ck_assert_msg(intact(blks[i].p, blks[i].n, seed[i]), "round %d", k);
		uk_free(blks[i].p);
		seed[i] = rnd();
		blks[i] = (struct blk){ get(sz, seed[i]), sz };
	}
	for (int i = 0; i < n; i++)
		ck_assert(intact(blks[i].p, blks[i].n, seed[i]));
	/* Free all in random order (after the overlap check's sort). */
	disjoint(blks, n);
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(rnd() % (unsigned int)(i + 1));
		struct blk t = blks[i];

		blks[i] = blks[j];
		blks[j] = t;
	}
	for (int i = 0; i < n; i++)
		uk_free(blks[i].p);
	/* One cached page per class used; all large blocks back. */
	ck_assert_int_eq(held(), __builtin_popcount(classes));
}
END_TEST

START_TEST(zero_and_huge)
{
	ck_assert_ptr_null(uk_malloc(0));
	ck_assert_ptr_null(uk_malloc(((size_t)1 << 40) + 1));
	ck_assert_ptr_null(uk_malloc(SIZE_MAX));
	ck_assert_int_eq(alloc_calls, 0);
	uk_free(NULL);
	ck_assert_int_eq(held(), 0);
}
END_TEST

START_TEST(calloc_zeroes)
{
	/* A slot dirtied, freed and handed back by calloc. */
	char *p = uk_malloc(100), *q;
	memset(p, 0xff, 128);
	uk_free(p);
	q = uk_calloc(10, 10);
	ck_assert_ptr_eq(q, p); /* the slot just freed */
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(q[i], 0);
	uk_free(q);
	/* Fresh garbage pages, small and large. */
	note_class(100);
	for (size_t n = 1; n < 70000; n = n * 3 + 1) {
		p = uk_calloc(n, 1);
		ck_assert_ptr_nonnull(p);
		for (size_t i = 0; i < n; i++)
			ck_assert_int_eq(p[i], 0);
		uk_free(p);
		note_class(n);
	}
	/* Overflow of n * size, and size 0. */
	ck_assert_ptr_null(uk_calloc(SIZE_MAX / 2 + 1, 2));
	ck_assert_ptr_null(uk_calloc(2, SIZE_MAX / 2 + 1));
	ck_assert_ptr_null(uk_calloc((size_t)1 << 33, (size_t)1 << 31)); /* 0 mod 2^64 */
	ck_assert_ptr_null(uk_calloc(SIZE_MAX, SIZE_MAX));
	ck_assert_ptr_null(uk_calloc(0, 16));
	ck_assert_ptr_null(uk_calloc(16, 0));
	ck_assert_int_eq(held(), __builtin_popcount(classes));
}
END_TEST

START_TEST(realloc_semantics)
{
	char *p, *q, *r, *t;
	long before;

	/* NULL -> malloc, within the slot: in place, growing: copied. */
	p = uk_realloc(NULL, 10);
	ck_assert_ptr_nonnull(p);
	fill(p, 10, 1);
	ck_assert_ptr_eq(uk_realloc(p, 16), p);
	q = uk_realloc(p, 100);
	ck_assert_ptr_nonnull(q);
	ck_assert(intact(q, 10, 1));
	fill(q, 100, 2);
	p = uk_realloc(q, 3000); /* small -> large */
	ck_assert(intact(p, 100, 2));
	fill(p, 3000, 3);
	q = uk_realloc(p, 200000); /* large -> larger */
	ck_assert(intact(q, 3000, 3));
	fill(q, 200000, 4);
	/* Shrinking keeps the block. */
	ck_assert_ptr_eq(uk_realloc(q, 100), q);
	ck_assert(intact(q, 200000, 4));
	/* One byte past the slot moves, without touching the next slot. */
	r = uk_malloc(32);
	t = uk_malloc(32);
	fill(t, 32, 6);
	ck_assert_ptr_eq(t, r + 32);
	r = uk_realloc(r, 33);
	ck_assert_ptr_ne(r, t - 32);
	fill(r, 33, 7);
	ck_assert(intact(t, 32, 6));
	uk_free(r);
	uk_free(t);
	p = uk_malloc(1000);
	fill(p, 1000, 5);
	ck_assert_ptr_eq(uk_realloc(p, 1), p);
	ck_assert(intact(p, 1000, 5));
	/* Size 0 frees: the large block's pages go back. */
	before = held();
	ck_assert_ptr_null(uk_realloc(q, 0));
	ck_assert_int_eq(held(), before - (200000 + 16 + PG - 1) / PG);
	/* Failure leaves the old block as it was. */
	fail_all = 1;
	ck_assert_ptr_null(uk_realloc(p, 2000)); /* class 2016 has no page */
	ck_assert_ptr_null(uk_realloc(p, 100000));
	ck_assert(intact(p, 1000, 5));
	fail_all = 0;
	q = uk_realloc(p, 100000);
	ck_assert(intact(q, 1000, 5));
	uk_free(q);
	ck_assert_ptr_null(uk_realloc(NULL, 0));
}
END_TEST

START_TEST(strdup_copies)
{
	static char longstr[3001]; /* a large block */
	const char *const src[] = { "hello", "", longstr };

	memset(longstr, 'x', 3000);
	for (int i = 0; i < 3; i++) {
		char *d = uk_strdup(src[i]);

		ck_assert_ptr_ne(d, src[i]);
		ck_assert_str_eq(d, src[i]);
		uk_free(d);
	}
	ck_assert_int_eq(held(), 1); /* the 16-byte class's page */
	fail_all = 1;
	ck_assert_ptr_null(uk_strdup(longstr));
}
END_TEST

/* A page header as malloc.c lays it out: magic (16 bits), class (8). */
static void set_hdr(unsigned char *page, uint16_t magic, uint8_t cls)
{
	memcpy(page, &magic, 2);
	page[2] = cls;
}

/*
 * block_size() checks only the page header: the magic, and that the
 * pointer is a slot boundary of the page's class (at or after the first
 * slot) or the first byte after a large block's header. It cannot tell:
 * - a pointer inside a block that is itself a slot boundary (p + 16 in
 *   the 16-byte class, p + 128 in the 128-byte class): that slot is freed;
 * - a page whose first bytes merely look like a header (forged, or user
 *   data at the start of a large block's later pages);
 * - a double free of a slot whose page is still in use or is the class's
 *   cached page: the slot is linked in twice (and 'used' may wrap), not
 *   detected by this design, so not tested here.
 */
START_TEST(bad_frees)
{
	_Alignas(4096) unsigned char stack[2 * PG];
	char *p = uk_malloc(100), *big = uk_malloc(65536);
	char *q = uk_malloc(1);

	/* Inside blocks. */
	ASSERT_PANICS(uk_free(p + 1), NOT_OURS);
	ASSERT_PANICS(uk_free(p + 16), NOT_OURS);
	ASSERT_PANICS(uk_free(p + 64), NOT_OURS);
	ASSERT_PANICS(uk_free(q + 8), NOT_OURS);
	ASSERT_PANICS(uk_free(big + 1), NOT_OURS);
	ASSERT_PANICS(uk_free(big + 16), NOT_OURS);
	memset(big, 0, 65536);
	ASSERT_PANICS(uk_free(big + PG - 16), NOT_OURS); /* 2nd page, offset 0 */
	ASSERT_PANICS(uk_free(big + PG), NOT_OURS);      /* 2nd page, offset 16 */
	/* The header area of a slab page. */
	ASSERT_PANICS(uk_free((char *)((uintptr_t)q & ~(PG - 1)) + 16), NOT_OURS);
	ASSERT_PANICS(uk_realloc(p + 1, 10), NOT_OURS);

	/* A stack page with bogus headers. */
	memset(stack, 0, sizeof(stack));
	ASSERT_PANICS(uk_free(stack + 16), NOT_OURS);
	set_hdr(stack, 0x51ab, 200); /* slab, class 200 */
	ASSERT_PANICS(uk_free(stack + 64), NOT_OURS);
	set_hdr(stack, 0x51ab, 0);   /* slab, class 16: before the first slot */
	ASSERT_PANICS(uk_free(stack + 16), NOT_OURS);
	set_hdr(stack, 0x51ab, 1);   /* slab, class 32: not a slot boundary */
	ASSERT_PANICS(uk_free(stack + 48), NOT_OURS);
	set_hdr(stack, 0x1a46, 0);   /* large: not right after the header */
	ASSERT_PANICS(uk_free(stack + 32), NOT_OURS);
	set_hdr(stack, 0xffff, 0);
	ASSERT_PANICS(uk_free(stack + PG + 16), NOT_OURS); /* 2nd page: zero */
	ASSERT_PANICS(uk_free(stack + 16), NOT_OURS);

	/* Nothing was changed: the real blocks free normally. */
	ck_assert_int_eq(irq_depth, 0);
	uk_free(p);
	uk_free(q);
	uk_free(big);
	ck_assert_int_eq(held(), 2); /* classes 16 and 128 */
}
END_TEST

START_TEST(double_frees)
{
	char *a, *b, *c, *big;
	static char *s[300];

	keep_freed = 1;
	/*
	 * A slot whose page was emptied (now a spare, or back with the
	 * page allocator): the page's magic was cleared, block_size()
	 * refuses it. Class 2016 has two slots a page: a and b share one,
	 * c starts the next, which stays the class's page with free slots.
	 */
	a = uk_malloc(2000);
	b = uk_malloc(1500);
	c = uk_malloc(2016);
	uk_free(a);
	uk_free(b);
	ASSERT_PANICS(uk_free(a), NOT_OURS);
	ck_assert_int_eq(held(), 1);
	ASSERT_PANICS(uk_free(b), NOT_OURS);
	uk_free(c);
	ck_assert_int_eq(held(), 1);
	/* The same in the 16-byte class: two pages, the first emptied. */
	for (int i = 0; i < 300; i++)
		s[i] = uk_malloc(16);
	for (int i = 0; i < 254; i++) /* the first page's slots */
		uk_free(s[i]);
	ck_assert_int_eq(held(), 2);
	ASSERT_PANICS(uk_free(s[0]), NOT_OURS);
	ASSERT_PANICS(uk_realloc(s[1], 10), NOT_OURS);
	/* A large block's header is cleared when it is freed: caught too. */
	big = uk_malloc(65536);
	uk_free(big);
	ASSERT_PANICS(uk_free(big), NOT_OURS);
}
END_TEST

START_TEST(spares_reused)
{
	static char *p[400];
	char *q;
	long calls;

	/* 2016-byte slots: two per page. */
	for (int i = 0; i < 400; i++)
		p[i] = get(2000, (unsigned int)i);
	ck_assert_int_eq(pages_out, 200);
	for (int i = 0; i < 400; i++)
		uk_free(p[i]);
	/* The class keeps its last page; 64 more are spares, the rest gone. */
	ck_assert_int_eq(pages_out, 1 + 64);
	/* Another class's first page is a spare. */
	calls = alloc_calls;
	q = get(16, 1000);
	ck_assert_int_eq(alloc_calls, calls);
	/* The kept page and the 63 spares left, then the page allocator. */
	for (int i = 0; i < 128; i++)
		p[i] = get(2000, (unsigned int)i);
	ck_assert_int_eq(alloc_calls, calls);
	ck_assert_int_eq(pages_out, 1 + 64);
	p[128] = get(2000, 128);
	ck_assert_int_eq(alloc_calls, calls + 1);
	for (int i = 0; i < 129; i++)
		ck_assert(intact(p[i], 2000, (unsigned int)i));
	ck_assert(intact(q, 16, 1000));
	for (int i = 0; i < 129; i++)
		uk_free(p[i]);
	uk_free(q);
	ck_assert_uint_eq(uk_malloc_trim(), 64);
	ck_assert_uint_eq(uk_malloc_trim(), 0);
	ck_assert_int_eq(pages_out, 2); /* the 16- and 2016-byte classes */
}
END_TEST

START_TEST(page_failures)
{
	/* Fail the Nth page allocation, N = 1..40, over a mix of sizes. */
	for (long nth = 1; nth <= 40; nth++) {
		int n = 0, nulls = 0;

		alloc_calls = 0;
		fail_call = nth;
		for (int i = 0; i < 400; i++) {
			size_t sz = (size_t)16 << (i % 9); /* 16 .. 4096 */
			char *p = uk_malloc(sz);

			if (!p) {
				nulls++;
				continue;
			}
			fill(p, sz, (unsigned int)sz);
			blks[n++] = (struct blk){ p, sz };
		}
		/* Exactly the failed call's allocation is missing. */
		ck_assert_int_eq(nulls, alloc_calls >= nth);
		for (int i = 0; i < n; i++)
			ck_assert(intact(blks[i].p, blks[i].n, (unsigned int)blks[i].n));
		disjoint(blks, n);
		for (int i = 0; i < n; i++)
			uk_free(blks[i].p);
		ck_assert_int_le(held(), NR_CLASSES);
	}
	/* Everything failing: NULL without a trace, then all is well. */
	fail_call = 0;
	fail_all = 1;
	for (size_t sz = 1; sz < 70000; sz = sz * 2 + 1) {
		long before = held();
		char *p = uk_malloc(sz);

		if (p) /* a class with a cached page needs none */
			uk_free(p);
		else
			ck_assert_int_eq(held(), before);
	}
	ck_assert_ptr_null(uk_malloc(65536));
	ck_assert_ptr_null(uk_calloc(1, 65536));
	fail_all = 0;
	ck_assert_ptr_nonnull(uk_malloc(65536));
}
END_TEST

static Suite *malloc_suite(void)
{
	Suite *s = suite_create("malloc");
	TCase *tc = tcase_create("blocks");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_size);
	tcase_add_test(tc, random_churn);
	tcase_add_test(tc, zero_and_huge);
	tcase_add_test(tc, calloc_zeroes);
	tcase_add_test(tc, realloc_semantics);
	tcase_add_test(tc, strdup_copies);
	tcase_add_test(tc, spares_reused);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, bad_frees);
	tcase_add_test(tc, double_frees);
	tcase_add_test(tc, page_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(malloc_suite()), true);
}
