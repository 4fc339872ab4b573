/*
 * tests/unit/test_mmap_prot.c - host tests of the page protections
 * lib/posix-mmap asks the platform for (lib/posix-mmap/protect.c): what
 * mmap, mprotect, munmap and madvise leave in the "hardware" (hw_prot of
 * test_mmap.c, enforced by the host's mprotect), W^X answers, and that a
 * platform failure half way changes nothing.
 */
#include "test_mmap.h"
#include <errno.h>

#define RW (PROT_READ | PROT_WRITE)
#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)

static int hw_at(uintptr_t a)
{
	return hw_prot[(a - A) / PG];
}

START_TEST(mmap_and_mprotect_set_the_hardware)
{
	long p = anon(4 * PG, PROT_NONE), q;

	ck_assert(p > 0 && hw_at(p) == PROT_NONE && hw_at(p + 3 * PG) == 0);
	ck_assert(all_bytes(p, 4 * PG, 0));
	ck_assert_int_eq(sys_mprotect(p + PG, 2 * PG, PROT_READ | PROT_EXEC),
			 0);
	ck_assert_int_eq(hw_at(p + PG), PROT_READ | PROT_EXEC);
	ck_assert_int_eq(sys_mprotect(p + 2 * PG, PG, RW), 0);
	ck_assert(hw_matches_table());
	/* MAP_FIXED over a PROT_NONE page: zeroed by the library, then R */
	poke(p, 0x1234);
	q = sys_mmap(p, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		     -1, 0);
	ck_assert_int_eq(q, p);
	ck_assert(peek(p) == 0 && hw_at(p) == PROT_READ && hw_matches_table());
	/* munmap gives every page back read-write */
	ck_assert_int_eq(sys_munmap(p, 4 * PG), 0);
	ck_assert(hw_matches_table() && hw_at(p) == RW && hw_at(p + PG) == RW);
	ck_assert_uint_eq(uk_pages_free_count(), baseline);
}
END_TEST

START_TEST(wx_refused_with_eacces)
{
	long p = anon(2 * PG, RW);
	size_t before;

	fill(p, 2 * PG, 0x5c);
	ck_assert_int_eq(sys_mprotect(p, PG, RWX), -EACCES);
	ck_assert(prot_at(p) == RW && hw_matches_table());
	before = uk_pages_free_count();
	ck_assert_int_eq(anon(PG, RWX), -EACCES);
	ck_assert_int_eq(sys_mmap(p, PG, RWX,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
				  0),
			 -EACCES);
	/* Linux may leave a failed MAP_FIXED range unmapped; so does this */
	ck_assert_int_eq(prot_at(p), -1);
	ck_assert_uint_eq(uk_pages_free_count(), before + 1);
	ck_assert(all_bytes(p + PG, PG, 0x5c) && hw_matches_table());
	/* EACCES is not an out-of-memory condition worth a console line */
	ck_assert_int_eq(oom_logs, 0);

	/* without W^X the same requests succeed */
	hw_wx = false;
	ck_assert_int_eq(sys_mprotect(p + PG, PG, RWX), 0);
	ck_assert(prot_at(p + PG) == RWX && hw_at(p + PG) == RWX);
	ck_assert(anon(PG, RWX) > 0);
	ck_assert(hw_matches_table());
}
END_TEST

/* Three areas, each with its own protection, none read-write. */
static long three_areas(void)
{
	long p = anon(6 * PG, PROT_READ);

	fill(p, 6 * PG, 0x71);
	ck_assert_int_eq(sys_mprotect(p + 2 * PG, 2 * PG, PROT_NONE), 0);
	ck_assert_int_eq(
	    sys_mprotect(p + 4 * PG, 2 * PG, PROT_READ | PROT_EXEC), 0);
	return p;
}

START_TEST(platform_failures_change_nothing)
{
	long p = three_areas();
	size_t before = uk_pages_free_count();

	/* the third area cannot be opened: the first two are closed again */
	hw_fail_in = 3;
	ck_assert_int_eq(sys_munmap(p, 6 * PG), -ENOMEM);
	ck_assert(hw_matches_table() && prot_at(p + 2 * PG) == PROT_NONE);
	ck_assert_uint_eq(uk_pages_free_count(), before);
	hw_fail_in = 2;
	ck_assert_int_eq(sys_madvise(p, 6 * PG, MADV_DONTNEED), -ENOMEM);
	ck_assert(hw_matches_table() && all_bytes(p, 6 * PG, 0x71));
	hw_fail_in = 1;
	ck_assert_int_eq(sys_mprotect(p, 6 * PG, RW), -ENOMEM);
	ck_assert(hw_matches_table() && prot_at(p) == PROT_READ);
	hw_fail_in = 2;
	ck_assert_int_eq(sys_mremap(p, 2 * PG, 8 * PG, MREMAP_MAYMOVE, 0),
			 -ENOMEM);
	ck_assert(hw_matches_table() && prot_at(p) == PROT_READ);
	ck_assert_uint_eq(uk_pages_free_count(), before);
	hw_fail_in = 0;
	ck_assert_int_eq(sys_madvise(p, 6 * PG, MADV_DONTNEED), 0);
	ck_assert(hw_matches_table() && all_bytes(p, 6 * PG, 0));
	ck_assert_int_eq(sys_munmap(p, 6 * PG), 0);
	ck_assert(hw_matches_table());
	ck_assert_uint_eq(uk_pages_free_count(), baseline);
}
END_TEST

START_TEST(mremap_keeps_protection_and_contents)
{
	long p = three_areas(), r;

	/* a PROT_NONE source is read for the copy, the copy is PROT_NONE */
	r = sys_mremap(p + 2 * PG, 2 * PG, 9 * PG, MREMAP_MAYMOVE, 0);
	ck_assert(r > 0 && r != (long)(p + 2 * PG));
	ck_assert(prot_at(r) == PROT_NONE && hw_at(r + 8 * PG) == PROT_NONE);
	ck_assert(all_bytes(r, 2 * PG, 0x71) &&
		  all_bytes(r + 2 * PG, 7 * PG, 0));
	ck_assert_int_eq(prot_at(p + 2 * PG), -1);
	/* DONTUNMAP: the read-only source stays, emptied, read-only */
	r = sys_mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	ck_assert(r > 0 && all_bytes(r, 2 * PG, 0x71) &&
		  all_bytes(p, 2 * PG, 0));
	ck_assert(prot_at(p) == PROT_READ && prot_at(r) == PROT_READ);
	ck_assert(hw_matches_table());
	/* growing in place: the new pages get the area's protection */
	ck_assert_int_eq(sys_munmap(p + 6 * PG, 4 * PG), 0);
	ck_assert_int_eq(sys_mremap(p + 4 * PG, 2 * PG, 4 * PG, 0, 0),
			 p + 4 * PG);
	ck_assert(hw_at(p + 7 * PG) == (PROT_READ | PROT_EXEC) &&
		  hw_matches_table());
}
END_TEST

Suite *mmap_prot_suite(void)
{
	Suite *s = suite_create("mmap-protections");
	TCase *tc = tcase_create("hardware");

	tcase_add_checked_fixture(tc, mm_setup, mm_teardown);
	tcase_add_test(tc, mmap_and_mprotect_set_the_hardware);
	tcase_add_test(tc, wx_refused_with_eacces);
	tcase_add_test(tc, platform_failures_change_nothing);
	tcase_add_test(tc, mremap_keeps_protection_and_contents);
	suite_add_tcase(s, tc);
	return s;
}
