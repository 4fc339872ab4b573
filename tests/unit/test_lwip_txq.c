/*
 * tests/unit/test_lwip_txq.c - host tests of lib/lwip/netif_txq.c, the
 * frames that wait for room in a device's transmit ring: order, the
 * copies of segments and offload data, frames the device refuses, the
 * bound, queues apart, a missing list.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "netif_txq.h"

void *uk_lwip_malloc(size_t size)
{
	return malloc(size);
}

void *uk_lwip_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

void uk_lwip_free(void *p)
{
	free(p);
}

/* The fake device: room for 'room' more frames; refuses cookie 'bad'. */
static struct {
	int room;
	void *bad;
	void *sent[16];
	unsigned int nsent;
	unsigned int queue[16];
	struct uk_netdev_seg seg0[16];
	unsigned int nsegs[16];
	uint16_t gso_size[16];
} fake;

static void *dropped[16];
static unsigned int ndropped;

static int f_tx(struct uk_netdev *dev, unsigned int queue,
		const struct uk_netdev_seg *segs, unsigned int nsegs,
		const struct uk_netdev_meta *meta, void *cookie)
{
	if (cookie == fake.bad)
		return -EMSGSIZE;
	if (fake.room <= 0)
		return -EAGAIN;
	fake.room--;
	fake.queue[fake.nsent] = queue;
	fake.seg0[fake.nsent] = segs[0];
	fake.nsegs[fake.nsent] = nsegs;
	fake.gso_size[fake.nsent] = meta ? meta->gso_size : 0;
	fake.sent[fake.nsent++] = cookie;
	return 0;
}

static const struct uk_netdev_ops f_ops = { .tx = f_tx };
static struct uk_netdev dev = { .ops = &f_ops };

static void drop(void *arg, unsigned int q, void *cookie)
{
	(void)arg;
	(void)q;
	dropped[ndropped++] = cookie;
}

static char c[8]; /* cookies: &c[i] */

static void reset(void)
{
	memset(&fake, 0, sizeof(fake));
	ndropped = 0;
}

static void add(struct uk_lwip_txq *t, unsigned int q, int i)
{
	struct uk_netdev_seg s[2] = { { &c[i], 10 + i }, { c, 1 } };
	struct uk_netdev_meta m = { .gso_size = (uint16_t)(100 + i) };

	ck_assert_int_eq(uk_lwip_txq_add(t, q, s, 2, &m, &c[i]), 0);
	/* The caller's arrays may go: the list keeps its own copies. */
	memset(s, 0, sizeof(s));
	memset(&m, 0, sizeof(m));
}

START_TEST(frames_leave_in_order_as_room_comes)
{
	struct uk_lwip_txq *t = uk_lwip_txq_new(2);

	reset();
	ck_assert_ptr_nonnull(t);
	ck_assert(!uk_lwip_txq_waiting(t, 0));
	for (int i = 0; i < 4; i++)
		add(t, 0, i);
	ck_assert(uk_lwip_txq_waiting(t, 0));
	ck_assert(!uk_lwip_txq_waiting(t, 1));
	uk_lwip_txq_run(t, 0, &dev, drop, NULL); /* ring still full */
	ck_assert_uint_eq(fake.nsent, 0);
	fake.room = 3;
	uk_lwip_txq_run(t, 0, &dev, drop, NULL);
	ck_assert_uint_eq(fake.nsent, 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_ptr_eq(fake.sent[i], &c[i]);
		ck_assert_uint_eq(fake.queue[i], 0);
		ck_assert_ptr_eq(fake.seg0[i].base, &c[i]);
		ck_assert_uint_eq(fake.seg0[i].len, 10 + i);
		ck_assert_uint_eq(fake.nsegs[i], 2);
		ck_assert_uint_eq(fake.gso_size[i], 100 + i);
	}
	ck_assert(uk_lwip_txq_waiting(t, 0));
	fake.room = 5;
	uk_lwip_txq_run(t, 0, &dev, drop, NULL);
	ck_assert_uint_eq(fake.nsent, 4);
	ck_assert_ptr_eq(fake.sent[3], &c[3]);
	ck_assert(!uk_lwip_txq_waiting(t, 0));
	ck_assert_uint_eq(ndropped, 0);
}
END_TEST

/* A frame the device refuses for good is dropped; the rest go on. */
START_TEST(refused_frame_dropped)
{
	struct uk_lwip_txq *t = uk_lwip_txq_new(1);

	reset();
	for (int i = 0; i < 3; i++)
		add(t, 0, i);
	fake.bad = &c[1];
	fake.room = 8;
	uk_lwip_txq_run(t, 0, &dev, drop, NULL);
	ck_assert_uint_eq(ndropped, 1);
	ck_assert_ptr_eq(dropped[0], &c[1]);
	ck_assert_uint_eq(fake.nsent, 2);
	ck_assert_ptr_eq(fake.sent[0], &c[0]);
	ck_assert_ptr_eq(fake.sent[1], &c[2]);
	ck_assert(!uk_lwip_txq_waiting(t, 0));
}
END_TEST

/* Queues wait apart; the bound; a missing list or queue refuses. */
START_TEST(queues_apart_and_bounded)
{
	struct uk_lwip_txq *t = uk_lwip_txq_new(2);
	struct uk_netdev_seg s = { c, 1 };
	int i;

	reset();
	add(t, 1, 5);
	uk_lwip_txq_run(t, 0, &dev, drop, NULL);
	fake.room = 1;
	uk_lwip_txq_run(t, 0, &dev, drop, NULL);
	ck_assert_uint_eq(fake.nsent, 0); /* nothing waits on 0 */
	uk_lwip_txq_run(t, 1, &dev, drop, NULL);
	ck_assert_uint_eq(fake.nsent, 1);
	ck_assert_uint_eq(fake.queue[0], 1);

	for (i = 0; i < 10000; i++)
		if (uk_lwip_txq_add(t, 0, &s, 1, NULL, c) != 0)
			break;
	ck_assert_int_eq(i, 2048);
	ck_assert_int_eq(uk_lwip_txq_add(t, 0, &s, 1, NULL, c), -EAGAIN);
	ck_assert_int_eq(uk_lwip_txq_add(t, 2, &s, 1, NULL, c), -EAGAIN);
	ck_assert_int_eq(uk_lwip_txq_add(NULL, 0, &s, 1, NULL, c), -EAGAIN);
	ck_assert(!uk_lwip_txq_waiting(NULL, 0));
	ck_assert(!uk_lwip_txq_waiting(t, 2));
	uk_lwip_txq_run(NULL, 0, &dev, drop, NULL);
}
END_TEST

static Suite *txq_suite(void)
{
	Suite *s = suite_create("lwip_txq");
	TCase *tc = tcase_create("txq");

	tcase_add_test(tc, frames_leave_in_order_as_room_comes);
	tcase_add_test(tc, refused_frame_dropped);
	tcase_add_test(tc, queues_apart_and_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(txq_suite()), false);
}
