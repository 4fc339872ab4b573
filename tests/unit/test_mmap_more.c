/*
 * tests/unit/test_mmap_more.c - host tests of mremap, mprotect and madvise
 * (lib/posix-mmap), on the arena of test_mmap.c.
 */
#include "test_mmap.h"
#include <errno.h>
#include <string.h>

static void fill_pages(uintptr_t p, size_t n, int first)
{
	for (size_t i = 0; i < n; i++)
		fill(p + i * PG, PG, first + (int)i);
}

static bool pages_are(uintptr_t p, size_t n, int first)
{
	for (size_t i = 0; i < n; i++)
		if (!all_bytes(p + i * PG, PG, (unsigned char)(first + (int)i)))
			return false;
	return true;
}

START_TEST(mremap_shrink_and_grow_in_place)
{
	long p = anon(8 * PG, PROT_READ | PROT_WRITE);

	fill_pages(p, 8, 1);
	ck_assert_int_eq(sys_mremap(p, 8 * PG, 5 * PG, 0, 0), p);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 5);
	ck_assert_int_eq(prot_at(p + 5 * PG), -1);
	/* equal sizes: nothing to do */
	ck_assert_int_eq(sys_mremap(p, 5 * PG, 5 * PG - 7, 0, 0), p);
	/* the freed pages follow: grow in place, even without MAYMOVE */
	ck_assert_int_eq(sys_mremap(p, 5 * PG, 7 * PG + 1, 0, 0), p);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 8);
	ck_assert(pages_are(p, 5, 1) && all_bytes(p + 5 * PG, 3 * PG, 0));
	ck_assert_int_eq(prot_at(p + 7 * PG), PROT_READ | PROT_WRITE);
	/* an unaligned old length is rounded up like the new one */
	ck_assert_int_eq(sys_mremap(p, 8 * PG - 1, 6 * PG, 0, 0), p);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 6);
}
END_TEST

START_TEST(mremap_moves_when_blocked)
{
	long p = anon(4 * PG, PROT_READ), q, r;
	size_t before;

	q = sys_mmap(p + 4 * PG, PG, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ck_assert_int_eq(q, p + 4 * PG);
	fill_pages(p, 4, 10);
	before = uk_pages_free_count();
	/* our own mapping follows: no growth in place */
	ck_assert_int_eq(sys_mremap(p, 4 * PG, 6 * PG, 0, 0), -ENOMEM);
	ck_assert(pages_are(p, 4, 10));
	r = sys_mremap(p, 4 * PG, 6 * PG, MREMAP_MAYMOVE, 0);
	ck_assert(r > 0 && r != p);
	ck_assert(pages_are(r, 4, 10) && all_bytes(r + 4 * PG, 2 * PG, 0));
	ck_assert_int_eq(prot_at(r), PROT_READ);
	ck_assert_int_eq(prot_at(p), -1);
	ck_assert_int_eq(prot_at(q), PROT_READ | PROT_WRITE);
	ck_assert_uint_eq(uk_pages_free_count(), before - 2);
}
END_TEST

START_TEST(mremap_fixed_and_dontunmap)
{
	long p = anon(4 * PG, PROT_READ | PROT_WRITE), d, r;

	fill_pages(p, 4, 20);
	d = anon(6 * PG, PROT_READ);
	fill(d, 6 * PG, 0x66);
	/* onto our own mapping: it is replaced */
	r = sys_mremap(p, 4 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		       d + PG);
	ck_assert_int_eq(r, d + PG);
	ck_assert(all_bytes(d, PG, 0x66) && pages_are(d + PG, 3, 20) &&
		  all_bytes(d + 4 * PG, 2 * PG, 0x66));
	ck_assert_int_eq(prot_at(d + PG), PROT_READ | PROT_WRITE);
	ck_assert_int_eq(prot_at(p), -1);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 6);
	/* overlapping source and destination */
	ck_assert_int_eq(sys_mremap(d, 2 * PG, 2 * PG,
				    MREMAP_MAYMOVE | MREMAP_FIXED, d + PG),
			 -EINVAL);
	ck_assert_int_eq(
	    sys_mremap(d, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, d + 5),
	    -EINVAL);

	/* DONTUNMAP: moved, and the source stays mapped but empty */
	r = sys_mremap(d + PG, 3 * PG, 3 * PG,
		       MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	ck_assert(r > 0 && r != (long)(d + PG));
	ck_assert(pages_are(r, 3, 20) && all_bytes(d + PG, 3 * PG, 0));
	ck_assert_int_eq(prot_at(d + PG), PROT_READ | PROT_WRITE);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 9);
}
END_TEST

START_TEST(mremap_errors)
{
	const long mm = MREMAP_MAYMOVE;
	long p = anon(4 * PG, PROT_READ);
	size_t before = uk_pages_free_count();

	ck_assert_int_eq(sys_mremap(p, PG, 2 * PG, 8, 0), -EINVAL);
	ck_assert_int_eq(sys_mremap(p, PG, 2 * PG, MREMAP_FIXED, A), -EINVAL);
	ck_assert_int_eq(sys_mremap(p, PG, PG, MREMAP_DONTUNMAP, 0), -EINVAL);
	ck_assert_int_eq(sys_mremap(p + 1, PG, 2 * PG, mm, 0), -EINVAL);
	ck_assert_int_eq(sys_mremap(p, PG, 0, mm, 0), -EINVAL);
	ck_assert_int_eq(sys_mremap(p, PG, SIZE_MAX, mm, 0), -EINVAL);
	ck_assert_int_eq(sys_mremap(p, 0, PG, mm, 0), -EINVAL);
	ck_assert_int_eq(sys_mremap(p, PG, 2 * PG, mm | MREMAP_DONTUNMAP, 0),
			 -EINVAL);
	/* growing what is not (all) mapped */
	ck_assert_int_eq(sys_mremap(p + 4 * PG, PG, 2 * PG, mm, 0), -EFAULT);
	ck_assert_int_eq(sys_mremap(p, 5 * PG, 6 * PG, mm, 0), -EFAULT);
	ck_assert_int_eq(
	    sys_mremap(p + 4 * PG, PG, PG, mm | MREMAP_FIXED, A + 900 * PG),
	    -EFAULT);
	/* more than there is */
	ck_assert_int_eq(sys_mremap(p, 4 * PG, ARENA_SIZE, mm, 0), -ENOMEM);
	ck_assert_int_eq(
	    sys_mremap(p, 4 * PG, 8 * PG, mm | MREMAP_FIXED, A + ARENA_SIZE),
	    -ENOMEM);
	ck_assert_uint_eq(uk_pages_free_count(), before);
	ck_assert_int_eq(prot_at(p + 3 * PG), PROT_READ);
	ck_assert_int_eq(prot_at(p + 4 * PG), -1);
	/* two areas (two VMAs on Linux) cannot be grown as one */
	ck_assert_int_eq(
	    sys_mprotect(p + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE), 0);
	ck_assert_int_eq(sys_mremap(p, 4 * PG, 6 * PG, mm, 0), -EFAULT);
	ck_assert_int_eq(sys_mremap(p + 2 * PG, 2 * PG, 6 * PG, mm, 0) > 0, 1);
}
END_TEST

START_TEST(mprotect_records_protections)
{
	long p = anon(8 * PG, PROT_READ | PROT_WRITE), q;

	ck_assert_int_eq(sys_mprotect(p + 2 * PG, 3 * PG - 9, PROT_NONE), 0);
	ck_assert_int_eq(prot_at(p + PG), PROT_READ | PROT_WRITE);
	ck_assert_int_eq(prot_at(p + 2 * PG), PROT_NONE);
	ck_assert_int_eq(prot_at(p + 4 * PG), PROT_NONE);
	ck_assert_int_eq(prot_at(p + 5 * PG), PROT_READ | PROT_WRITE);
	/* PROT_SEM is accepted and not recorded */
	ck_assert_int_eq(sys_mprotect(p, 8 * PG, PROT_READ | 0x8), 0);
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(prot_at(p + i * PG), PROT_READ);
	/* across two neighbouring mappings */
	q = sys_mmap(p + 8 * PG, PG, PROT_EXEC,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ck_assert_int_eq(q, p + 8 * PG);
	ck_assert_int_eq(sys_mprotect(p + 7 * PG, 2 * PG, PROT_WRITE), 0);
	ck_assert_int_eq(prot_at(p + 8 * PG), PROT_WRITE);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 9);
}
END_TEST

START_TEST(mprotect_errors)
{
	long p = anon(4 * PG, PROT_READ);

	ck_assert_int_eq(sys_mprotect(p + 8, PG, PROT_READ), -EINVAL);
	ck_assert_int_eq(sys_mprotect(p, PG, 0x10), -EINVAL);
	ck_assert_int_eq(
	    sys_mprotect(p, PG, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP),
	    -EINVAL);
	ck_assert_int_eq(sys_mprotect(p, PG, PROT_READ | PROT_GROWSDOWN),
			 -EINVAL);
	ck_assert_int_eq(sys_mprotect(p, 0, PROT_WRITE), 0);
	ck_assert_int_eq(sys_mprotect(A + 900 * PG, 0, PROT_WRITE), 0);
	ck_assert_int_eq(sys_mprotect(p, 5 * PG, PROT_WRITE), -ENOMEM);
	ck_assert_int_eq(sys_mprotect(p - PG, 2 * PG, PROT_WRITE), -ENOMEM);
	ck_assert_int_eq(sys_mprotect(p, SIZE_MAX - 3, PROT_WRITE), -ENOMEM);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(prot_at(p + i * PG), PROT_READ);
}
END_TEST

START_TEST(madvise_dontneed_zeroes)
{
	long p = anon(6 * PG, PROT_READ | PROT_WRITE);

	fill_pages(p, 6, 1);
	ck_assert_int_eq(sys_madvise(p + PG, 2 * PG, MADV_WILLNEED), 0);
	ck_assert_int_eq(sys_madvise(p + PG, 2 * PG, MADV_FREE), 0);
	ck_assert(pages_are(p, 6, 1));
	ck_assert_int_eq(sys_madvise(p + PG, 2 * PG - 1, MADV_DONTNEED), 0);
	ck_assert(pages_are(p, 1, 1) && all_bytes(p + PG, 2 * PG, 0) &&
		  pages_are(p + 3 * PG, 3, 4));
	/* partly unmapped: the mapped part is done, and ENOMEM says the rest */
	ck_assert_int_eq(sys_munmap(p + 5 * PG, PG), 0);
	ck_assert_int_eq(sys_madvise(p + 4 * PG, 4 * PG, MADV_DONTNEED),
			 -ENOMEM);
	ck_assert(all_bytes(p + 4 * PG, PG, 0) && pages_are(p + 3 * PG, 1, 4));
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 5);
}
END_TEST

START_TEST(madvise_errors)
{
	long p = anon(2 * PG, PROT_READ | PROT_WRITE);

	memset((void *)p, 9, 2 * PG);
	ck_assert_int_eq(sys_madvise(p + 1, PG, MADV_DONTNEED), -EINVAL);
	ck_assert_int_eq(sys_madvise(p, PG, 77), -EINVAL);
	ck_assert_int_eq(sys_madvise(p, PG, -1), -EINVAL);
	ck_assert_int_eq(sys_madvise(p, SIZE_MAX, MADV_DONTNEED), -EINVAL);
	ck_assert_int_eq(sys_madvise(p, PG, MADV_REMOVE), -EINVAL);
	ck_assert_int_eq(sys_madvise(p, PG, MADV_HWPOISON), -EPERM);
	ck_assert_int_eq(sys_madvise(p, 0, MADV_DONTNEED), 0);
	ck_assert_int_eq(sys_madvise(A + 900 * PG, PG, MADV_NORMAL), -ENOMEM);
	ck_assert(all_bytes(p, 2 * PG, 9));
}
END_TEST

Suite *mmap_more_suite(void)
{
	Suite *s = suite_create("mremap-mprotect-madvise");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, mm_setup, mm_teardown);
	tcase_add_test(tc, mremap_shrink_and_grow_in_place);
	tcase_add_test(tc, mremap_moves_when_blocked);
	tcase_add_test(tc, mremap_fixed_and_dontunmap);
	tcase_add_test(tc, mremap_errors);
	tcase_add_test(tc, mprotect_records_protections);
	tcase_add_test(tc, mprotect_errors);
	tcase_add_test(tc, madvise_dontneed_zeroes);
	tcase_add_test(tc, madvise_errors);
	suite_add_tcase(s, tc);
	return s;
}
