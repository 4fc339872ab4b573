/*
 * tests/unit/test_mmap_model.c - random mmap/munmap/mremap/mprotect/
 * madvise sequences checked against a model of the arena: which pages are
 * ours, what each holds (a tag in its first word) and what protection it
 * has. After every call: the free count equals the baseline minus our
 * pages, every page of ours is recorded with its protection and holds its
 * tag, no page outside the model is recorded, the page protections
 * (ukplat_mem_protect) are the recorded ones, and MAP_FIXED succeeds
 * exactly when every page it covers is ours or free.
 */
#include "test_mmap.h"
#include <errno.h>
#include <string.h>

/*
 * check's ck_assert records its location through a pipe on every call;
 * the checks below run millions of times, so they only call into check
 * when they fail.
 */
#define MUST(cond, ...)                            \
	do {                                       \
		if (!(cond))                       \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

static bool ours[ARENA_PAGES];
static uint64_t tag[ARENA_PAGES];
static int prot[ARENA_PAGES];
static size_t nours;
static uint64_t next_tag = 1;
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static size_t pg(uintptr_t a)
{
	return (a - A) / PG;
}

/* A page's first word: read directly when its page may be read. */
static uint64_t word(size_t i)
{
	if (hw_prot[i] & PROT_READ)
		return *(volatile uint64_t *)(A + i * PG);
	return peek(A + i * PG);
}

static void set_word(size_t i, uint64_t v)
{
	poke(A + i * PG, v);
}

static bool page_free_in_buddy(size_t i)
{
	return !((bd.bitmap[i / 64] >> (i % 64)) & 1);
}

static void model_map(size_t first, size_t n, int pr)
{
	for (size_t i = first; i < first + n; i++) {
		nours += !ours[i];
		ours[i] = true;
		tag[i] = 0;
		prot[i] = pr;
	}
}

static void model_unmap(size_t first, size_t n)
{
	for (size_t i = first; i < first + n && i < ARENA_PAGES; i++) {
		nours -= ours[i];
		ours[i] = false;
	}
}

static void check_all(int step)
{
	uintptr_t pos = A, s, e, prev_end = 0;
	int prev_prot = -1;

	/* the table stays merged: no two touching areas share a protection */
	while (uk_mmap_table_next_area(&pos, A + ARENA_SIZE, &s, &e)) {
		MUST(s != prev_end || prot_at(s) != prev_prot,
		     "step %d: areas at %#lx not merged", step,
		     (unsigned long)s);
		prev_end = e;
		prev_prot = prot_at(s);
	}
	MUST(uk_pages_free_count() == baseline - nours,
	     "step %d: %zu free, model says %zu", step, uk_pages_free_count(),
	     baseline - nours);
	for (size_t i = 0; i < ARENA_PAGES; i++) {
		int p = prot_at(A + i * PG);

		if (!ours[i]) {
			MUST(p == -1, "step %d: page %zu recorded", step, i);
			continue;
		}
		MUST(p == prot[i], "step %d: page %zu prot %d, want %d", step,
		     i, p, prot[i]);
		MUST(!page_free_in_buddy(i), "step %d: page %zu free", step, i);
		/* Unreadable pages cost a system call: every 64th step. */
		if (!(hw_prot[i] & PROT_READ) && step >= 0 && step % 64)
			continue;
		MUST(word(i) == tag[i],
		     "step %d: page %zu holds %#lx, want %#lx", step, i,
		     (unsigned long)word(i), (unsigned long)tag[i]);
	}
	MUST(hw_matches_table(),
	     "step %d: page protections differ from the table", step);
}

static int random_prot(void)
{
	static const int prots[] = { PROT_READ | PROT_WRITE, PROT_READ,
				     PROT_NONE, PROT_READ | PROT_WRITE,
				     PROT_READ | PROT_EXEC };

	return prots[rng() % 5];
}

/* A random page-aligned range inside the arena, often near our pages. */
static void random_range(size_t *first, size_t *n, size_t max)
{
	*n = 1 + rng() % max;
	*first = rng() % (ARENA_PAGES - *n);
}

static void op_mmap(void)
{
	size_t n = 1 + rng() % 24;
	int pr = random_prot();
	long p = anon(n * PG - rng() % PG, pr);

	if (p == -ENOMEM)
		return;
	ck_assert_msg(p > 0 && (uintptr_t)p % PG == 0, "mmap: %ld", p);
	for (size_t i = pg(p); i < pg(p) + n; i++) {
		MUST(!ours[i], "mmap gave page %zu twice", i);
		MUST(all_bytes(A + i * PG, PG, 0), "page %zu not zeroed", i);
	}
	model_map(pg(p), n, pr);
}

static void op_fixed(void)
{
	size_t first, n;
	bool possible = true;
	int pr = random_prot();
	long p;

	random_range(&first, &n, 12);
	for (size_t i = first; i < first + n; i++)
		possible &= ours[i] || page_free_in_buddy(i);
	p = sys_mmap(A + first * PG, n * PG, pr,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (!possible) {
		ck_assert_int_eq(p, -ENOMEM);
		return;
	}
	ck_assert_int_eq(p, (long)(A + first * PG));
	model_map(first, n, pr);
}

static void op_munmap(void)
{
	size_t first, n;

	random_range(&first, &n, 40);
	ck_assert_int_eq(sys_munmap(A + first * PG, n * PG), 0);
	model_unmap(first, n);
}

/* mremap a random run of our pages with MAYMOVE. */
static void op_mremap(void)
{
	size_t first = rng() % ARENA_PAGES, old_n = 1 + rng() % 6;
	size_t new_n = 1 + rng() % 12, copy = old_n < new_n ? old_n : new_n;
	bool mapped = true;
	uint64_t saved[16];
	int pr;
	long r;

	if (!ours[first] || first + old_n > ARENA_PAGES)
		return;
	/* one area: our pages, all with the same protection */
	pr = prot[first];
	for (size_t i = first; i < first + copy; i++)
		mapped &= ours[i] && prot[i] == pr;
	r = sys_mremap(A + first * PG, old_n * PG, new_n * PG, MREMAP_MAYMOVE,
		       0);
	if (new_n <= old_n) {
		ck_assert_int_eq(r, (long)(A + first * PG));
		model_unmap(first + new_n, old_n - new_n);
		return;
	}
	if (!mapped) {
		ck_assert_int_eq(r, -EFAULT);
		return;
	}
	if (r == -ENOMEM)
		return;
	ck_assert_msg(r > 0, "mremap: %ld", r);
	for (size_t i = 0; i < copy; i++)
		saved[i] = tag[first + i];
	model_unmap(first, old_n);
	for (size_t i = pg(r); i < pg(r) + new_n; i++)
		MUST(!ours[i], "mremap gave page %zu twice", i);
	model_map(pg(r), new_n, pr);
	for (size_t i = 0; i < copy; i++)
		tag[pg(r) + i] = saved[i];
}

static void op_mprotect(void)
{
	size_t first, n;
	bool mapped = true;
	int pr = random_prot();

	random_range(&first, &n, 8);
	for (size_t i = first; i < first + n; i++)
		mapped &= ours[i];
	ck_assert_int_eq(sys_mprotect(A + first * PG, n * PG, pr),
			 mapped ? 0 : -ENOMEM);
	if (mapped)
		for (size_t i = first; i < first + n; i++)
			prot[i] = pr;
}

static void op_dontneed(void)
{
	size_t first, n;
	bool mapped = true;

	random_range(&first, &n, 8);
	for (size_t i = first; i < first + n; i++) {
		mapped &= ours[i];
		if (ours[i])
			tag[i] = 0;
	}
	ck_assert_int_eq(sys_madvise(A + first * PG, n * PG, MADV_DONTNEED),
			 mapped ? 0 : -ENOMEM);
}

static void op_write(void)
{
	for (int k = 0; k < 8; k++) {
		size_t i = rng() % ARENA_PAGES;

		if (ours[i]) {
			tag[i] = next_tag++;
			set_word(i, tag[i]);
		}
	}
}

START_TEST(random_sequences_match_the_model)
{
	/* pages the kernel holds: never ours, never free */
	for (int k = 0; k < 12; k++) {
		size_t i = 1 + rng() % (ARENA_PAGES - 1);

		uk_buddy_alloc_at(&bd, (void *)(A + i * PG), 1);
	}
	/* room for every page as its own area: counts stay exact */
	rebase(ARENA_PAGES + 8);
	for (int step = 0; step < 20000; step++) {
		switch (rng() % 12) {
		case 0:
		case 1:
		case 2:
			op_mmap();
			break;
		case 3:
			op_fixed();
			break;
		case 4:
		case 5:
		case 6:
			op_munmap();
			break;
		case 7:
			op_mremap();
			break;
		case 8:
			op_mprotect();
			break;
		case 9:
			op_dontneed();
			break;
		default:
			op_write();
			break;
		}
		check_all(step);
	}
	ck_assert_int_eq(sys_munmap(A, ARENA_SIZE), 0);
	model_unmap(0, ARENA_PAGES);
	check_all(-1);
	ck_assert_uint_eq(uk_buddy_free_count(&bd), baseline);
}
END_TEST

Suite *mmap_model_suite(void)
{
	Suite *s = suite_create("mmap-model");
	TCase *tc = tcase_create("random");

	tcase_add_checked_fixture(tc, mm_setup, mm_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, random_sequences_match_the_model);
	suite_add_tcase(s, tc);
	return s;
}
