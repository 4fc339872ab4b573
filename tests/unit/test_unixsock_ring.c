/*
 * tests/unit/test_unixsock_ring.c - host tests of the unix socket ring
 * (lib/posix-unixsocket/ring.c):
 * - put then peek/drop returns the bytes in order, across the wrap;
 * - room and count add up to the size; an emptied ring starts at 0;
 * - peek at an offset (record payloads behind headers) across the wrap;
 * - moving to a larger and a smaller (but large enough) buffer keeps the
 *   contents;
 * - 200 000 random operations against a plain FIFO model, with the ring's
 *   buffer ending right before a PROT_NONE page (any overrun faults).
 */
#define _GNU_SOURCE
#include <check.h>
#include "unit_run.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "../../lib/posix-unixsocket/ring.h"

/* size bytes ending right before an inaccessible page. */
static uint8_t *guarded(size_t size)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (size + pg - 1) / pg * pg;
	uint8_t *m = mmap(NULL, span + pg, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(m, MAP_FAILED);
	ck_assert_int_eq(mprotect(m + span, pg, PROT_NONE), 0);
	return m + span - size;
}

START_TEST(order_and_wrap)
{
	struct uk_unixsock_ring r;
	uint8_t out[16];

	uk_unixsock_ring_init(&r, guarded(10), 10);
	ck_assert_uint_eq(uk_unixsock_ring_room(&r), 10);
	uk_unixsock_ring_put(&r, "abcdefg", 7);
	ck_assert_uint_eq(r.count, 7);
	ck_assert_uint_eq(uk_unixsock_ring_room(&r), 3);
	uk_unixsock_ring_peek(&r, 0, out, 5);
	ck_assert_mem_eq(out, "abcde", 5);
	uk_unixsock_ring_drop(&r, 5);
	ck_assert_uint_eq(r.head, 5);
	/* 2 left at 5..6; 7 more wrap: 7..9 then 0..3 */
	uk_unixsock_ring_put(&r, "HIJKLMN", 7);
	ck_assert_uint_eq(r.count, 9);
	uk_unixsock_ring_peek(&r, 0, out, 9);
	ck_assert_mem_eq(out, "fgHIJKLMN", 9);
	uk_unixsock_ring_peek(&r, 4, out, 4);
	ck_assert_mem_eq(out, "JKLM", 4);
	uk_unixsock_ring_drop(&r, 9);
	ck_assert_uint_eq(r.count, 0);
	ck_assert_uint_eq(r.head, 0);
	/* a full ring */
	uk_unixsock_ring_put(&r, "0123456789", 10);
	ck_assert_uint_eq(uk_unixsock_ring_room(&r), 0);
	uk_unixsock_ring_peek(&r, 0, out, 10);
	ck_assert_mem_eq(out, "0123456789", 10);
}
END_TEST

START_TEST(move_keeps_contents)
{
	struct uk_unixsock_ring r;
	uint8_t *first = guarded(8), out[32];
	void *old;

	uk_unixsock_ring_init(&r, first, 8);
	uk_unixsock_ring_put(&r, "abcdef", 6);
	uk_unixsock_ring_drop(&r, 4);
	uk_unixsock_ring_put(&r, "ghijk", 5); /* wraps: "efghijk" */
	old = uk_unixsock_ring_move(&r, guarded(32), 32);
	ck_assert_ptr_eq(old, first);
	ck_assert_uint_eq(r.size, 32);
	ck_assert_uint_eq(r.count, 7);
	ck_assert_uint_eq(uk_unixsock_ring_room(&r), 25);
	uk_unixsock_ring_peek(&r, 0, out, 7);
	ck_assert_mem_eq(out, "efghijk", 7);
	uk_unixsock_ring_move(&r, guarded(7), 7);
	ck_assert_uint_eq(uk_unixsock_ring_room(&r), 0);
	uk_unixsock_ring_peek(&r, 0, out, 7);
	ck_assert_mem_eq(out, "efghijk", 7);
	/* an empty ring moves too */
	uk_unixsock_ring_drop(&r, 7);
	uk_unixsock_ring_move(&r, guarded(5), 5);
	ck_assert_uint_eq(r.count, 0);
	ck_assert_uint_eq(uk_unixsock_ring_room(&r), 5);
}
END_TEST

START_TEST(random_against_model)
{
	enum { SIZE = 997, OPS = 200000 };
	static uint8_t model[SIZE], in[SIZE], out[SIZE];
	struct uk_unixsock_ring r;
	size_t mcount = 0;
	uint8_t next = 0;

	srand(12345);
	uk_unixsock_ring_init(&r, guarded(SIZE), SIZE);
	for (int op = 0; op < OPS; op++) {
		size_t n;

		switch (rand() % 3) {
		case 0: /* put what fits, up to a random amount */
			n = (size_t)rand() % (SIZE - mcount + 1);
			for (size_t i = 0; i < n; i++)
				in[i] = model[mcount + i] = next++;
			uk_unixsock_ring_put(&r, in, n);
			mcount += n;
			break;
		case 1: { /* peek a random window */
			size_t skip = mcount ? (size_t)rand() % mcount : 0;

			n = (size_t)rand() % (mcount - skip + 1);
			uk_unixsock_ring_peek(&r, skip, out, n);
			ck_assert_mem_eq(out, model + skip, n);
			break;
		}
		default: /* drop from the front */
			n = (size_t)rand() % (mcount + 1);
			uk_unixsock_ring_peek(&r, 0, out, n);
			ck_assert_mem_eq(out, model, n);
			uk_unixsock_ring_drop(&r, n);
			memmove(model, model + n, mcount - n);
			mcount -= n;
		}
		ck_assert_uint_eq(r.count, mcount);
		ck_assert_uint_eq(uk_unixsock_ring_room(&r), SIZE - mcount);
		ck_assert_uint_lt(r.head, SIZE);
	}
}
END_TEST

static Suite *ring_suite(void)
{
	Suite *s = suite_create("unixsock_ring");
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, order_and_wrap);
	tcase_add_test(tc, move_keeps_contents);
	tcase_add_test(tc, random_against_model);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(ring_suite()), false);
}
