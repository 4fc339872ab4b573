/*
 * tests/unit/test_virtio_net.c - the virtio-net driver's negotiation and
 * queue pairs (plat/common/virtio/virtio_net*.c over virtqueue.c) against
 * a fake transport that answers the control queue as a device would:
 * which features are taken (CTRL_VQ only with MQ, never HOST_TSO), the
 * pairs set up (the device's, at most VNET_MAX_PAIRS) and where the
 * control queue lies, and start's VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET: its
 * bytes, sent after DRIVER_OK, and the three outcomes: acknowledged
 * (every pair in use), refused with VIRTIO_NET_ERR or never answered (one
 * pair, the others unusable); no command for one pair, none without a
 * control queue the device can hold.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uk/pages.h>
#include "virtio_net.h"

/* ---- what the kernel would provide ---- */

void *uk_pages_alloc_n(size_t n)
{
	return aligned_alloc(UK_PAGE_SIZE, n * UK_PAGE_SIZE);
}

void *uk_pages_alloc(unsigned int order)
{
	return uk_pages_alloc_n((size_t)1 << order);
}

void uk_pages_free_n(void *p, size_t n)
{
	free(p);
}

static uint64_t now_ns;

uint64_t ukplat_monotonic_ns(void)
{
	return now_ns += 1000000; /* 1 ms a look: a 2 s wait ends */
}

uint64_t ukplat_cycles(void)
{
	return 0;
}

long ukplat_entropy_hw(void *buf, size_t len)
{
	memset(buf, 0x5a, len);
	return (long)len;
}

void ukplat_cpu_relax(void)
{
}

void uk_log(int level, const char *fmt, ...)
{
}

void uk_spin_lock(struct uk_spinlock *l)
{
}

void uk_spin_unlock(struct uk_spinlock *l)
{
}

int ukplat_irq_register(unsigned int irq, unsigned int flags,
			ukplat_irq_handler_t fn, void *arg)
{
	return -ENODEV;
}

/* ---- the fake device ---- */

enum answer { ANSWER_OK, ANSWER_ERR, ANSWER_NONE };

static struct {
	uint64_t offered, taken;
	uint8_t cfg[12];                /* mac, status, max pairs, mtu */
	unsigned int nqueues, ctrl_max;
	uint8_t status;
	struct ukplat_virtq *q[VIRTIO_MAX_QUEUES];
	enum answer answer;
	unsigned int commands;
	uint8_t status_at_command;
	uint8_t cmd[4];                 /* class, cmd, data (2 bytes) */
	uint32_t data_len;
} dev;

static uint64_t f_features_get(struct ukplat_virtio_dev *d)
{
	return dev.offered;
}

static int f_features_set(struct ukplat_virtio_dev *d, uint64_t f)
{
	dev.taken = f;
	return 0;
}

static void f_status_add(struct ukplat_virtio_dev *d, uint8_t bits)
{
	dev.status |= bits;
}

static void f_config_read(struct ukplat_virtio_dev *d, unsigned int off,
			  void *buf, unsigned int len)
{
	ck_assert_uint_le(off + len, sizeof(dev.cfg));
	memcpy(buf, dev.cfg + off, len);
}

static bool is_ctrl(uint16_t i)
{
	return (dev.taken & VIRTIO_BIT(NET_F_MQ)) ?
		i == 2 * (dev.cfg[8] | dev.cfg[9] << 8) : false;
}

static unsigned int f_queue_max(struct ukplat_virtio_dev *d, uint16_t i)
{
	if (i >= dev.nqueues)
		return 0;
	return is_ctrl(i) ? dev.ctrl_max : 16;
}

static int f_queue_setup(struct ukplat_virtio_dev *d, struct ukplat_virtq *vq)
{
	ck_assert_uint_lt(vq->index, dev.nqueues);
	ck_assert_ptr_null(dev.q[vq->index]);
	dev.q[vq->index] = vq;
	return 0;
}

/* A control command: read the chain as the device would, answer it. */
static void f_notify(struct ukplat_virtio_dev *d, uint16_t index)
{
	struct ukplat_virtq *vq = dev.q[index];
	uint16_t head, i;
	struct virtq_desc *c[3];

	if (!is_ctrl(index))
		return;
	dev.commands++;
	dev.status_at_command = dev.status;
	head = vq->avail->ring[(uint16_t)(vq->avail->idx - 1) & (vq->num - 1)];
	i = head;
	for (int k = 0; k < 3; k++) {
		c[k] = &vq->desc[i];
		ck_assert_uint_eq(!!(c[k]->flags & VIRTQ_DESC_F_NEXT), k < 2);
		ck_assert_uint_eq(!!(c[k]->flags & VIRTQ_DESC_F_WRITE), k == 2);
		i = c[k]->next;
	}
	ck_assert_uint_eq(c[0]->len, 2);
	ck_assert_uint_eq(c[2]->len, 1);
	memcpy(dev.cmd, (void *)(uintptr_t)c[0]->addr, 2);
	dev.data_len = c[1]->len;
	memcpy(dev.cmd + 2, (void *)(uintptr_t)c[1]->addr,
	       c[1]->len < 2 ? c[1]->len : 2);
	if (dev.answer == ANSWER_NONE)
		return;
	*(uint8_t *)(uintptr_t)c[2]->addr =
		dev.answer == ANSWER_OK ? NET_CTRL_OK : NET_CTRL_ERR;
	vq->used->ring[vq->used->idx & (vq->num - 1)] =
		(struct virtq_used_elem){ head, 1 };
	vq->used->idx++;
}

static uint32_t f_intr_ack(struct ukplat_virtio_dev *d)
{
	return 0;
}

static const struct ukplat_virtio_ops fake_ops = {
	.features_get = f_features_get,
	.features_set = f_features_set,
	.status_add = f_status_add,
	.config_read = f_config_read,
	.queue_max = f_queue_max,
	.queue_setup = f_queue_setup,
	.notify = f_notify,
	.intr_ack = f_intr_ack,
};

static struct ukplat_virtio_dev vdev = { .ops = &fake_ops, .version = 2 };

#define MQ   (VIRTIO_BIT(NET_F_CTRL_VQ) | VIRTIO_BIT(NET_F_MQ))
#define BASE (VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(NET_F_MAC) | \
	      VIRTIO_BIT(NET_F_CSUM) | VIRTIO_BIT(NET_F_GUEST_CSUM) | \
	      VIRTIO_BIT(NET_F_HOST_TSO4) | VIRTIO_BIT(NET_F_HOST_TSO6))

/* A device offering 'f' with 'pairs' queue pairs, attached. */
static struct uk_netdev *attach(uint64_t f, unsigned int pairs)
{
	memset(&dev, 0, sizeof(dev));
	dev.offered = f;
	dev.cfg[8] = (uint8_t)pairs;
	dev.cfg[9] = (uint8_t)(pairs >> 8);
	dev.nqueues = 2 * pairs + 1;
	dev.ctrl_max = 64;
	ck_assert_int_eq(ukplat_virtio_net_attach(&vdev), 0);
	ck_assert_uint_eq(ukplat_netdev_count(), 1);
	return ukplat_netdev_get(0);
}

static void ignore_rx(void *arg, unsigned int q, struct uk_netdev_rxbuf *b)
{
}

static void ignore_tx(void *arg, unsigned int q, void *cookie)
{
}

static int start(struct uk_netdev *nd, unsigned int pairs)
{
	struct uk_netdev_conf c = { .queue_pairs = pairs, .rx = ignore_rx,
				    .tx_done = ignore_tx };

	return nd->ops->start(nd, &c);
}

START_TEST(mq_acknowledged)
{
	struct uk_netdev *nd = attach(BASE | MQ, 4);
	struct uk_netdev_qstats st;

	ck_assert_uint_eq(dev.taken & MQ, MQ);
	ck_assert_uint_eq(dev.taken & (VIRTIO_BIT(NET_F_HOST_TSO4) |
				       VIRTIO_BIT(NET_F_HOST_TSO6)), 0);
	ck_assert_uint_eq(nd->info.features & (UK_NETDEV_F_TSO4 | UK_NETDEV_F_TSO6), 0);
	ck_assert_uint_eq(nd->info.features & UK_NETDEV_F_CSUM_TX, UK_NETDEV_F_CSUM_TX);
	ck_assert_uint_eq(nd->info.max_queue_pairs, 4);
	for (unsigned int i = 0; i < 8; i++)
		ck_assert_ptr_nonnull(dev.q[i]);
	ck_assert_int_eq(start(nd, 4), 0);
	ck_assert_ptr_nonnull(dev.q[8]); /* the control queue, after pair 3 */
	ck_assert_uint_eq(dev.commands, 1);
	ck_assert_uint_eq(dev.status_at_command & VIRTIO_STATUS_DRIVER_OK,
			  VIRTIO_STATUS_DRIVER_OK);
	ck_assert_uint_eq(dev.cmd[0], 4);       /* VIRTIO_NET_CTRL_MQ */
	ck_assert_uint_eq(dev.cmd[1], 0);       /* VQ_PAIRS_SET */
	ck_assert_uint_eq(dev.data_len, 2);
	ck_assert_uint_eq(dev.cmd[2] | dev.cmd[3] << 8, 4); /* little-endian */
	ck_assert_uint_eq(nd->queue_pairs, 4);
	ck_assert_int_eq(nd->ops->stats(nd, 3, &st), 0);
	ck_assert_int_eq(nd->ops->stats(nd, 4, &st), -EINVAL);
	ck_assert_int_eq(start(nd, 4), -EBUSY);
}
END_TEST

static void refused_common(enum answer a)
{
	struct uk_netdev *nd = attach(BASE | MQ, 2);
	struct uk_netdev_qstats st;
	static const uint8_t frame[60];
	struct uk_netdev_seg seg = { frame, sizeof(frame) };

	dev.answer = a;
	ck_assert_int_eq(start(nd, 2), 0);
	ck_assert_uint_eq(dev.commands, 1);
	ck_assert_uint_eq(nd->queue_pairs, 1);
	ck_assert_int_eq(nd->ops->stats(nd, 1, &st), -EINVAL);
	ck_assert_int_eq(nd->ops->tx(nd, 1, &seg, 1, NULL, &seg), -EINVAL);
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, NULL, &seg), 0);
	ck_assert_int_eq(nd->ops->stats(nd, 0, &st), 0);
	ck_assert_uint_eq(st.tx_frames, 1);
}

START_TEST(mq_refused)
{
	refused_common(ANSWER_ERR);
}
END_TEST

START_TEST(mq_unanswered)
{
	refused_common(ANSWER_NONE);
}
END_TEST

START_TEST(one_pair_no_command)
{
	struct uk_netdev *nd = attach(BASE | MQ, 4);

	ck_assert_int_eq(start(nd, 1), 0);
	ck_assert_uint_eq(dev.commands, 0);
	ck_assert_ptr_null(dev.q[8]);
	ck_assert_uint_eq(nd->queue_pairs, 1);
}
END_TEST

START_TEST(ctrl_queue_too_small)
{
	struct uk_netdev *nd = attach(BASE | MQ, 2);

	dev.ctrl_max = 2; /* a command takes three descriptors */
	ck_assert_int_eq(start(nd, 2), 0);
	ck_assert_uint_eq(dev.commands, 0);
	ck_assert_uint_eq(nd->queue_pairs, 1);
}
END_TEST

START_TEST(no_mq)
{
	/* CTRL_VQ alone is of no use to the driver: not taken. */
	struct uk_netdev *nd = attach(BASE | VIRTIO_BIT(NET_F_CTRL_VQ), 1);

	ck_assert_uint_eq(dev.taken & MQ, 0);
	ck_assert_uint_eq(nd->info.max_queue_pairs, 1);
	ck_assert_int_eq(start(nd, 2), -EINVAL);
	ck_assert_int_eq(start(nd, 1), 0);
	ck_assert_uint_eq(nd->queue_pairs, 1);
	ck_assert_uint_eq(dev.commands, 0);
}
END_TEST

START_TEST(more_pairs_than_driven)
{
	struct uk_netdev *nd = attach(BASE | MQ, 8);

	ck_assert_uint_eq(nd->info.max_queue_pairs, VNET_MAX_PAIRS);
	ck_assert_ptr_null(dev.q[2 * VNET_MAX_PAIRS]);
	ck_assert_int_eq(start(nd, VNET_MAX_PAIRS), 0);
	ck_assert_ptr_nonnull(dev.q[16]); /* 2 * the device's pairs */
	ck_assert_uint_eq(dev.cmd[2], VNET_MAX_PAIRS);
	ck_assert_uint_eq(nd->queue_pairs, VNET_MAX_PAIRS);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("virtio_net");
	TCase *tc = tcase_create("mq");

	tcase_add_test(tc, mq_acknowledged);
	tcase_add_test(tc, mq_refused);
	tcase_add_test(tc, mq_unanswered);
	tcase_add_test(tc, one_pair_no_command);
	tcase_add_test(tc, ctrl_queue_too_small);
	tcase_add_test(tc, no_mq);
	tcase_add_test(tc, more_pairs_than_driven);
	suite_add_tcase(s, tc);
	/* The driver's device list is global: a process per test. */
	return unit_run(srunner_create(s), true);
}
