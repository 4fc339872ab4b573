/*
 * tests/unit/test_virtio_net.c - the virtio-net driver's negotiation and
 * queue pairs (plat/common/virtio/virtio_net*.c over virtqueue.c) against
 * a fake transport that answers the control queue as a device would:
 * which features are taken (CTRL_VQ only with MQ, HOST_TSO only with
 * CSUM), the
 * pairs set up (the device's, at most VNET_MAX_PAIRS) and where the
 * control queue lies, and start's VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET: its
 * bytes, sent after DRIVER_OK, and the three outcomes: acknowledged
 * (every pair in use), refused with VIRTIO_NET_ERR or never answered (one
 * pair, the others unusable); no command for one pair, none without a
 * control queue the device can hold. Receive, with the fake device
 * filling posted buffers: a frame merged over several buffers
 * (MRG_RXBUF, a GSO header) delivered whole and in order once its last
 * buffer is in, buffers the stack holds not posted again until it
 * releases them, malformed frames dropped and their buffers given back,
 * GUEST_TSO taken only with MRG_RXBUF and GUEST_CSUM. Transmit: a TSO
 * frame's virtio-net header, and the frames refused (no checksum offload
 * asked for, too many segments, too large).
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
	unsigned int notifies[VIRTIO_MAX_QUEUES]; /* data queues' */
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

	if (!is_ctrl(index)) {
		dev.notifies[index]++;
		return;
	}
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

/* ---- transmit segmentation offload (HOST_TSO4/6) ---- */

#define HTSO (VIRTIO_BIT(NET_F_HOST_TSO4) | VIRTIO_BIT(NET_F_HOST_TSO6))

START_TEST(tso_taken_with_csum)
{
	struct uk_netdev *nd = attach(BASE, 1);

	ck_assert_uint_eq(dev.taken & HTSO, HTSO);
	ck_assert_uint_eq(nd->info.features & (UK_NETDEV_F_TSO4 | UK_NETDEV_F_TSO6),
			  UK_NETDEV_F_TSO4 | UK_NETDEV_F_TSO6);
	ck_assert_uint_ge(nd->info.tso_max, 65535);
	/* The fake's rings have 16 entries: a frame takes at most half. */
	ck_assert_uint_eq(nd->info.tx_max_segs, 7);
}
END_TEST

START_TEST(tso_not_without_csum)
{
	struct uk_netdev *nd = attach(BASE & ~VIRTIO_BIT(NET_F_CSUM), 1);

	ck_assert_uint_eq(dev.taken & HTSO, 0); /* 5.1.3.1 */
	ck_assert_uint_eq(nd->info.tso_max, 0);
}
END_TEST

START_TEST(tso_frame_header)
{
	struct uk_netdev *nd = attach(BASE, 1);
	static uint8_t hdrs[54], payload[3 * 1448];
	struct uk_netdev_seg segs[8] = { { hdrs, sizeof(hdrs) },
					 { payload, sizeof(payload) } };
	struct uk_netdev_meta m = { .flags = UK_NETDEV_META_CSUM_PARTIAL,
				    .gso = UK_NETDEV_GSO_TCPV4,
				    .hdr_len = 54, .gso_size = 1448,
				    .csum_start = 34, .csum_offset = 16 };
	struct uk_netdev_meta nocsum = m;
	struct ukplat_virtq *vq;
	const struct vnet_hdr *h;
	struct uk_netdev_qstats st;
	uint16_t head;

	ck_assert_int_eq(start(nd, 1), 0);
	vq = dev.q[1];
	nocsum.flags = 0;
	ck_assert_int_eq(nd->ops->tx(nd, 0, segs, 2, &nocsum, payload), -EINVAL);
	ck_assert_int_eq(nd->ops->tx(nd, 0, segs, 8, &m, payload), -EMSGSIZE);
	ck_assert_int_eq(nd->ops->tx(nd, 0, segs, 2, &m, payload), 0);
	head = vq->avail->ring[(uint16_t)(vq->avail->idx - 1) & (vq->num - 1)];
	h = (const struct vnet_hdr *)(uintptr_t)vq->desc[head].addr;
	ck_assert_uint_eq(vq->desc[head].len, sizeof(*h));
	ck_assert_uint_eq(h->flags, HDR_F_NEEDS_CSUM);
	ck_assert_uint_eq(h->gso_type, HDR_GSO_TCPV4);
	ck_assert_uint_eq(h->gso_size, 1448);
	ck_assert_uint_eq(h->hdr_len, 54);
	ck_assert_uint_eq(h->csum_start, 34);
	ck_assert_uint_eq(h->csum_offset, 16);
	ck_assert_int_eq(nd->ops->stats(nd, 0, &st), 0);
	ck_assert_uint_eq(st.tx_gso, 1);
	/* Larger than the device takes. */
	segs[1].len = 65536;
	ck_assert_int_eq(nd->ops->tx(nd, 0, segs, 2, &m, payload), -EMSGSIZE);
}
END_TEST

/* A full transmit ring the device took nothing from: notified again. */
START_TEST(tx_full_ring_notifies)
{
	struct uk_netdev *nd = attach(BASE, 1);
	static uint8_t frame[60];
	struct uk_netdev_seg seg = { frame, sizeof(frame) };
	unsigned int before;

	ck_assert_int_eq(start(nd, 1), 0);
	/* 16 descriptors, two a frame (header and frame). */
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, NULL, frame + i), 0);
	before = dev.notifies[1];
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, NULL, frame), -EAGAIN);
	ck_assert_uint_eq(dev.notifies[1], before + 1);
	/* Once the device has handed something back, reclaiming is enough. */
	dev.q[1]->used->ring[0] = (struct virtq_used_elem){ 0, 0 };
	dev.q[1]->used->idx = 1;
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, NULL, frame), 0);
}
END_TEST

static void polls(struct uk_netdev *nd, int n)
{
	for (int i = 0; i < n; i++)
		ck_assert_uint_eq(nd->ops->poll(nd, 0, 0), 0);
}

static void device_takes(uint16_t head)
{
	struct virtq_used *u = dev.q[1]->used;

	u->ring[u->idx & (dev.q[1]->num - 1)] =
		(struct virtq_used_elem){ head, 0 };
	u->idx++;
}

/*
 * Frames the device leaves in the ring for 50 ms of polls get their
 * ring notified again, once per 50 ms; any progress restarts the count,
 * an empty ring stops it. (The fake clock moves 1 ms a look.)
 */
START_TEST(tx_watch_notifies_a_stuck_ring)
{
	struct uk_netdev *nd = attach(BASE, 1);
	static uint8_t frame[60];
	struct uk_netdev_seg seg = { frame, sizeof(frame) };
	struct uk_netdev_qstats st;
	unsigned int base;

	ck_assert_int_eq(start(nd, 1), 0);
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, NULL, frame), 0);
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, NULL, frame + 1), 0);
	base = dev.notifies[1];
	polls(nd, 45);
	ck_assert_uint_eq(dev.notifies[1], base);
	/* Progress at 45 ms: the watch starts again from there. */
	device_takes(0);
	polls(nd, 45);
	ck_assert_uint_eq(dev.notifies[1], base);
	polls(nd, 10);
	ck_assert_uint_eq(dev.notifies[1], base + 1);
	polls(nd, 30);
	ck_assert_uint_eq(dev.notifies[1], base + 1);
	polls(nd, 25);
	ck_assert_uint_eq(dev.notifies[1], base + 2);
	ck_assert_int_eq(nd->ops->stats(nd, 0, &st), 0);
	ck_assert_uint_eq(st.tx_renotified, 2);
	/* Everything taken: nothing to watch. */
	device_takes(2);
	polls(nd, 200);
	ck_assert_uint_eq(dev.notifies[1], base + 2);
	ck_assert_int_eq(nd->ops->stats(nd, 0, &st), 0);
	ck_assert_uint_eq(st.tx_renotified, 2);
}
END_TEST

/* Frames sent with META_MORE wait for tx_kick or a frame without it:
 * published together, one notify. */
START_TEST(tx_more_defers_the_notify)
{
	struct uk_netdev *nd = attach(BASE, 1);
	static uint8_t frame[60];
	struct uk_netdev_seg seg = { frame, sizeof(frame) };
	struct uk_netdev_meta more = { .flags = UK_NETDEV_META_MORE };
	unsigned int base;

	ck_assert_int_eq(start(nd, 1), 0);
	base = dev.notifies[1];
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, &more, frame), 0);
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, &more, frame + 1), 0);
	ck_assert_uint_eq(dev.q[1]->avail->idx, 0);
	ck_assert_uint_eq(dev.notifies[1], base);
	nd->ops->tx_kick(nd, 0);
	ck_assert_uint_eq(dev.q[1]->avail->idx, 2);
	ck_assert_uint_eq(dev.notifies[1], base + 1);
	nd->ops->tx_kick(nd, 0); /* nothing new: nothing said */
	ck_assert_uint_eq(dev.notifies[1], base + 1);
	/* A frame without MORE announces those before it too. */
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, &more, frame + 2), 0);
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, NULL, frame + 3), 0);
	ck_assert_uint_eq(dev.q[1]->avail->idx, 4);
	ck_assert_uint_eq(dev.notifies[1], base + 2);
	/* A full ring announces what it holds before it says so. */
	for (int i = 4; i < 8; i++)
		ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, &more, frame), 0);
	ck_assert_uint_eq(dev.q[1]->avail->idx, 4);
	ck_assert_int_eq(nd->ops->tx(nd, 0, &seg, 1, &more, frame), -EAGAIN);
	ck_assert_uint_eq(dev.q[1]->avail->idx, 8);
	nd->ops->tx_kick(nd, 1); /* a queue not in use: ignored */
}
END_TEST

/* ---- receive: merged buffers (MRG_RXBUF) and merged TCP frames ---- */

#define RXF (VIRTIO_BIT(NET_F_MRG_RXBUF) | VIRTIO_BIT(NET_F_GUEST_TSO4) | \
	     VIRTIO_BIT(NET_F_GUEST_TSO6))

static struct {
	unsigned int frames;
	uint32_t len[8];
	unsigned int pieces[8];
	struct uk_netdev_meta meta[8];
	uint8_t bytes[8][8192];
	struct uk_netdev_rxbuf *held[8];
} got;

/* Copies each frame out; keeps it (no release) when asked to. */
static bool hold_frames;
static struct uk_netdev *rx_dev;

static void keep_rx(void *arg, unsigned int q, struct uk_netdev_rxbuf *b)
{
	unsigned int i = got.frames++, off = 0;

	ck_assert_uint_lt(i, 8);
	got.len[i] = b->frame_len;
	got.meta[i] = b->meta;
	for (struct uk_netdev_rxbuf *p = b; p; p = p->next) {
		ck_assert_uint_le(off + p->len, sizeof(got.bytes[i]));
		memcpy(got.bytes[i] + off, p->data, p->len);
		off += p->len;
		got.pieces[i]++;
	}
	ck_assert_uint_eq(off, b->frame_len);
	if (hold_frames)
		got.held[i] = b;
	else
		rx_dev->ops->rx_release(rx_dev, b);
}

/* Fill the next posted receive buffer of queue 0 as the device would:
 * 'n' bytes, the first 'hdr' of them a virtio-net header (0: a
 * continuation), the rest counting up from 'seed'. Used, not yet seen
 * by the driver until publish_used. */
static uint16_t used_pending;

static void device_fill(const struct vnet_hdr *h, uint32_t n, uint8_t seed)
{
	struct ukplat_virtq *vq = dev.q[0];
	uint16_t slot = (uint16_t)(vq->used->idx + used_pending);
	uint16_t head = vq->avail->ring[slot & (vq->num - 1)];
	uint8_t *buf = (uint8_t *)(uintptr_t)vq->desc[head].addr;
	uint32_t room = vq->desc[head].len, hl = h ? sizeof(*h) : 0;

	ck_assert_uint_le(n, room);
	ck_assert(vq->desc[head].flags & VIRTQ_DESC_F_WRITE);
	if (h)
		memcpy(buf, h, sizeof(*h));
	for (uint32_t i = hl; i < n; i++)
		buf[i] = (uint8_t)(seed + i - hl);
	vq->used->ring[slot & (vq->num - 1)] =
		(struct virtq_used_elem){ head, n };
	used_pending++;
}

static void publish_used(void)
{
	dev.q[0]->used->idx = (uint16_t)(dev.q[0]->used->idx + used_pending);
	used_pending = 0;
}

static struct uk_netdev *start_rx(uint64_t f)
{
	struct uk_netdev *nd = attach(f, 1);
	struct uk_netdev_conf c = { .queue_pairs = 1, .rx = keep_rx,
				    .tx_done = ignore_tx };

	memset(&got, 0, sizeof(got));
	hold_frames = false;
	used_pending = 0;
	rx_dev = nd;
	ck_assert_int_eq(nd->ops->start(nd, &c), 0);
	return nd;
}

START_TEST(rx_merged_frame)
{
	struct uk_netdev *nd = start_rx(BASE | RXF);
	struct vnet_q_view { uint16_t avail; } before = { dev.q[0]->avail->idx };
	struct vnet_hdr h = { .flags = HDR_F_NEEDS_CSUM,
			      .gso_type = HDR_GSO_TCPV4, .hdr_len = 54,
			      .gso_size = 1448, .csum_start = 34,
			      .csum_offset = 16, .num_buffers = 3 };
	uint32_t full = nd->info.rx_buf_size + sizeof(struct vnet_hdr);
	struct uk_netdev_qstats st;

	ck_assert_uint_eq(dev.taken & RXF, RXF);
	ck_assert_uint_eq(nd->info.features & UK_NETDEV_F_LRO, UK_NETDEV_F_LRO);
	ck_assert_uint_ge(nd->info.rx_max, 65535);
	/* A frame over three buffers: header and bytes 0.., then more. */
	device_fill(&h, full, 0);
	device_fill(NULL, full, (uint8_t)(full - sizeof(h)));
	publish_used();
	/* Two of three: nothing yet, and the poll must not lose them. */
	ck_assert_uint_eq(nd->ops->poll(nd, 0, 8), 0);
	ck_assert_uint_eq(got.frames, 0);
	device_fill(NULL, 100, (uint8_t)(2 * full - sizeof(h)));
	publish_used();
	ck_assert_uint_eq(nd->ops->poll(nd, 0, 8), 1);
	ck_assert_uint_eq(got.frames, 1);
	ck_assert_uint_eq(got.pieces[0], 3);
	ck_assert_uint_eq(got.len[0], 2 * full + 100 - sizeof(h));
	for (uint32_t i = 0; i < got.len[0]; i++)
		ck_assert_uint_eq(got.bytes[0][i], (uint8_t)i);
	ck_assert_uint_eq(got.meta[0].gso, UK_NETDEV_GSO_TCPV4);
	ck_assert_uint_eq(got.meta[0].gso_size, 1448);
	ck_assert_uint_eq(got.meta[0].hdr_len, 54);
	ck_assert_uint_eq(got.meta[0].flags, UK_NETDEV_META_CSUM_PARTIAL);
	ck_assert_int_eq(nd->ops->stats(nd, 0, &st), 0);
	ck_assert_uint_eq(st.rx_frames, 1);
	ck_assert_uint_eq(st.rx_merged, 1);
	ck_assert_uint_eq(st.rx_gso, 1);
	ck_assert_uint_eq(st.rx_dropped, 0);
	/* The three buffers went back to the device. */
	ck_assert_uint_eq((uint16_t)(dev.q[0]->avail->idx - before.avail), 3);
}
END_TEST

START_TEST(rx_held_frames_keep_their_buffers)
{
	struct uk_netdev *nd = start_rx(BASE | RXF);
	struct vnet_hdr h1 = { .num_buffers = 2 }, h2 = { .num_buffers = 1 };
	uint16_t avail = dev.q[0]->avail->idx;

	hold_frames = true;
	device_fill(&h1, 200, 1);
	device_fill(NULL, 50, 7);
	device_fill(&h2, 80, 9);
	publish_used();
	ck_assert_uint_eq(nd->ops->poll(nd, 0, 8), 2);
	ck_assert_uint_eq(got.pieces[0], 2);
	ck_assert_uint_eq(got.len[0], 200 - sizeof(h1) + 50);
	ck_assert_uint_eq(got.bytes[0][200 - sizeof(h1)], 7);
	ck_assert_uint_eq(got.pieces[1], 1);
	ck_assert_uint_eq(got.len[1], 80 - sizeof(h2));
	ck_assert_uint_eq(got.meta[1].gso, UK_NETDEV_GSO_NONE);
	/* Held by the stack: not posted again until released. */
	ck_assert_uint_eq(dev.q[0]->avail->idx, avail);
	nd->ops->rx_release(nd, got.held[0]);
	ck_assert_uint_eq((uint16_t)(dev.q[0]->avail->idx - avail), 2);
	nd->ops->rx_release(nd, got.held[1]);
	ck_assert_uint_eq((uint16_t)(dev.q[0]->avail->idx - avail), 3);
}
END_TEST

START_TEST(rx_malformed_frames_dropped)
{
	struct uk_netdev *nd = start_rx(BASE | RXF);
	struct vnet_hdr zero = { .num_buffers = 0 };
	struct vnet_hdr udp = { .gso_type = 3 /* UDP */, .gso_size = 1000,
				.num_buffers = 1 };
	struct vnet_hdr twob = { .num_buffers = 2 }, ok = { .num_buffers = 1 };
	struct uk_netdev_qstats st;
	uint16_t avail = dev.q[0]->avail->idx;

	device_fill(&zero, 100, 0);          /* no buffers: dropped */
	device_fill(&udp, 100, 0);           /* a GSO type not agreed */
	device_fill(&ok, sizeof(ok) + 5, 0); /* a runt, below a frame header */
	device_fill(&twob, 100, 0);          /* then an empty continuation */
	device_fill(NULL, 0, 0);
	device_fill(&ok, 90, 3);             /* a good one after all that */
	publish_used();
	ck_assert_uint_eq(nd->ops->poll(nd, 0, 8), 1);
	ck_assert_uint_eq(got.frames, 1);
	ck_assert_uint_eq(got.len[0], 90 - sizeof(ok));
	ck_assert_uint_eq(got.bytes[0][0], 3);
	ck_assert_int_eq(nd->ops->stats(nd, 0, &st), 0);
	ck_assert_uint_eq(st.rx_dropped, 4);
	ck_assert_uint_eq(st.rx_frames, 1);
	/* Every buffer, dropped or delivered, is the device's again. */
	ck_assert_uint_eq((uint16_t)(dev.q[0]->avail->idx - avail), 6);
}
END_TEST

START_TEST(rx_no_merging_without_mrg_rxbuf)
{
	/* GUEST_TSO would need 64 KiB buffers without MRG_RXBUF: not taken,
	 * and num_buffers means nothing then. */
	struct uk_netdev *nd = start_rx(BASE | VIRTIO_BIT(NET_F_GUEST_TSO4));
	struct vnet_hdr h = { .num_buffers = 7 };

	ck_assert_uint_eq(dev.taken & RXF, 0);
	ck_assert_uint_eq(nd->info.features & UK_NETDEV_F_LRO, 0);
	ck_assert_uint_eq(nd->info.rx_max, nd->info.rx_buf_size);
	device_fill(&h, 64, 0);
	publish_used();
	ck_assert_uint_eq(nd->ops->poll(nd, 0, 8), 1);
	ck_assert_uint_eq(got.pieces[0], 1);
}
END_TEST

START_TEST(rx_no_gso_without_guest_csum)
{
	struct uk_netdev *nd = attach((BASE & ~VIRTIO_BIT(NET_F_GUEST_CSUM)) |
				      RXF, 1);

	ck_assert_uint_eq(dev.taken & RXF, VIRTIO_BIT(NET_F_MRG_RXBUF));
	ck_assert_uint_eq(nd->info.features & UK_NETDEV_F_LRO, 0);
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
	tc = tcase_create("tso");
	tcase_add_test(tc, tso_taken_with_csum);
	tcase_add_test(tc, tso_not_without_csum);
	tcase_add_test(tc, tso_frame_header);
	tcase_add_test(tc, tx_full_ring_notifies);
	tcase_add_test(tc, tx_watch_notifies_a_stuck_ring);
	tcase_add_test(tc, tx_more_defers_the_notify);
	suite_add_tcase(s, tc);
	tc = tcase_create("rx");
	tcase_add_test(tc, rx_merged_frame);
	tcase_add_test(tc, rx_held_frames_keep_their_buffers);
	tcase_add_test(tc, rx_malformed_frames_dropped);
	tcase_add_test(tc, rx_no_merging_without_mrg_rxbuf);
	tcase_add_test(tc, rx_no_gso_without_guest_csum);
	suite_add_tcase(s, tc);
	/* The driver's device list is global: a process per test. */
	return unit_run(srunner_create(s), true);
}
