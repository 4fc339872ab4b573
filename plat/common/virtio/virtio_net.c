/*
 * plat/common/virtio/virtio_net.c - the virtio network device's data path
 * behind uk/netdev.h: start, transmit, poll, interrupts, receive buffer
 * recycling and counters, on every queue pair in use (receiveq N = 2N,
 * transmitq N = 2N + 1); and the control queue (5.1.6.5) that start uses
 * to turn the pairs on (VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, 5.1.6.5.5).
 * Commands are rare (once, at start) and synchronous: the driver posts
 * one, notifies and waits for the device to hand it back, without an
 * interrupt.
 *
 * Receive buffers were allocated once, at attach (virtio_net_setup.c),
 * and are posted again by rx_release; transmit references the caller's
 * segments, with the virtio-net header in a slot per descriptor that the
 * driver owns. All of it is identity-mapped RAM: pointers are DMA
 * addresses.
 */
#include <errno.h>
#include <uk/netdev.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "virtio_net.h"

/* Frames left untaken this long get their ring notified again. */
#define TX_WATCH_NS 50000000ULL

static struct vnet *to_vnet(struct uk_netdev *nd)
{
	return nd->priv;
}

/* Pair 'queue' when the device runs it, else NULL. */
static struct vnet_queue *pair(struct uk_netdev *nd, unsigned int queue)
{
	struct vnet *vn = to_vnet(nd);

	return vn->started && queue < nd->queue_pairs ? &vn->q[queue] : NULL;
}

/* Post one receive buffer; called with rx_lock held. */
static void rx_post(struct vnet_queue *q, struct vnet_rxbuf *b)
{
	struct vnet *vn = q->vn;
	struct ukplat_virtq_buf v[2] = {
		{ b->mem, vn->buf_size, true },
		{ b->mem + vn->hdr_len, vn->buf_size - vn->hdr_len, true },
	};

	if (!vn->any_layout)
		v[0].len = vn->hdr_len; /* legacy: the header on its own */
	/* Cannot fail: there are as many descriptors as buffers need. */
	ukplat_virtq_add(&q->rx, v, vn->any_layout ? 1 : 2, b);
}

static void kick(struct vnet *vn, struct ukplat_virtq *vq)
{
	if (ukplat_virtq_publish(vq))
		vn->d->ops->notify(vn->d, vq->index);
}

/* Announce the transmit frames queued with UK_NETDEV_META_MORE, if any. */
static void tx_announce(struct vnet_queue *q)
{
	if (q->tx.avail_idx != q->tx.kicked_idx)
		kick(q->vn, &q->tx);
}

/* Post every buffer of a frame again; called with rx_lock held. */
static void rx_post_frame(struct vnet_queue *q, struct uk_netdev_rxbuf *buf)
{
	while (buf) {
		struct uk_netdev_rxbuf *next = buf->next;

		rx_post(q, (struct vnet_rxbuf *)buf);
		buf = next;
	}
}

static void vnet_rx_release(struct uk_netdev *nd, struct uk_netdev_rxbuf *buf)
{
	struct vnet_queue *q = ((struct vnet_rxbuf *)buf)->q;

	(void)nd;
	uk_spin_lock(&q->rx_lock);
	rx_post_frame(q, buf);
	kick(q->vn, &q->rx);
	uk_spin_unlock(&q->rx_lock);
}

/* Interrupt context: pair q has work; quiet it and tell the stack. */
static void pair_irq(struct vnet_queue *q)
{
	if (!q->intr_on)
		return;
	q->intr_on = false;
	ukplat_virtq_intr_disable(&q->rx);
	ukplat_virtq_intr_disable(&q->tx);
	q->vn->conf.notify(q->vn->conf.arg, q->index);
}

/* Interrupt context: the vector of one queue (MSI-X). */
static int vnet_queue_irq(void *arg)
{
	pair_irq(arg);
	return 1;
}

/* Interrupt context: the shared line (MMIO, INTx, few vectors). */
static int vnet_irq(void *arg)
{
	struct vnet *vn = arg;
	uint32_t s = vn->d->ops->intr_ack(vn->d);

	if (!s)
		return 0;
	/*
	 * Every pair that may interrupt hears of it: looking at the rings
	 * here could miss an entry not yet seen, and with EVENT_IDX the
	 * device would not interrupt again. The stack's poll sorts it out.
	 */
	if (s & 1)
		for (unsigned int i = 0; i < vn->nd.queue_pairs; i++)
			pair_irq(&vn->q[i]);
	return 1;
}

#define CTRL_QSIZE        16
#define CTRL_TIMEOUT_NS   (2ULL * 1000000000ULL)
#define CTRL_ACK_OFF      64  /* the ack's byte in the buffer */

/* The control queue and its one page of buffer; 0 or -errno. */
static int ctrl_setup(struct vnet *vn)
{
	struct ukplat_virtio_dev *d = vn->d;
	bool ev = (d->features & VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX)) != 0;
	unsigned int max = d->ops->queue_max(d, vn->ctrl_index), num = CTRL_QSIZE;
	int rc;

	if (max < 4)
		return -ENODEV; /* a command takes three descriptors */
	if (d->legacy)
		num = max; /* legacy PCI: the device's size or none */
	while (num > max || num > VIRTQ_MAX_SIZE)
		num >>= 1;
	vn->ctrl_buf = uk_pages_alloc(0);
	if (!vn->ctrl_buf)
		return -ENOMEM;
	rc = ukplat_virtq_init(&vn->ctrl, vn->ctrl_index, (uint16_t)num, ev);
	if (!rc)
		rc = d->ops->queue_setup(d, &vn->ctrl);
	if (rc)
		vn->ctrl.num = 0;
	return rc;
}

/*
 * Post class/cmd with 'len' bytes of data and wait for the device: 0
 * when it acknowledged, -EIO when it answered an error, -ETIMEDOUT when
 * it kept the command.
 */
static int ctrl_cmd(struct vnet *vn, uint8_t class, uint8_t cmd,
		    const void *data, uint32_t len)
{
	struct vnet_ctrl_hdr *h = (struct vnet_ctrl_hdr *)vn->ctrl_buf;
	uint8_t *payload = vn->ctrl_buf + sizeof(*h);
	uint8_t *ackbuf = vn->ctrl_buf + CTRL_ACK_OFF;
	/* The device writes it behind the compiler's back. */
	volatile uint8_t *ack = ackbuf;
	struct ukplat_virtq_buf v[3] = {
		{ h, sizeof(*h), false },
		{ payload, len, false },
		{ ackbuf, 1, true },
	};
	uint64_t until = ukplat_monotonic_ns() + CTRL_TIMEOUT_NS;
	void *done;

	if (!vn->ctrl.num || len > CTRL_ACK_OFF - sizeof(*h))
		return -ENOTSUP;
	h->class = class;
	h->cmd = cmd;
	uk_memcpy(payload, data, len);
	*ack = 0xff; /* neither OK nor ERR until the device writes it */
	if (ukplat_virtq_add(&vn->ctrl, v, 3, vn->ctrl_buf) < 0)
		return -EBUSY;
	ukplat_virtq_intr_disable(&vn->ctrl); /* we wait right here */
	ukplat_virtq_publish(&vn->ctrl);
	vn->d->ops->notify(vn->d, vn->ctrl.index);
	while (!(done = ukplat_virtq_get_used(&vn->ctrl, NULL)) &&
	       ukplat_monotonic_ns() < until)
		ukplat_cpu_relax();
	if (!done)
		return -ETIMEDOUT; /* the descriptors stay the device's */
	return *ack == NET_CTRL_OK ? 0 : -EIO;
}

/*
 * After DRIVER_OK: the stack's pairs, or one (the device's default,
 * 5.1.6.5.5) when the device refuses more (uk/netdev.h).
 */
static unsigned int set_pairs(struct vnet *vn, unsigned int want)
{
	struct vnet_ctrl_mq mq = { .virtqueue_pairs = (uint16_t)want };
	int rc;

	if (want <= 1)
		return 1;
	rc = ctrl_cmd(vn, NET_CTRL_MQ, NET_CTRL_MQ_VQ_PAIRS_SET, &mq,
		      sizeof(mq));
	if (rc == 0)
		return want;
	uk_pr_warn("%s: the device refused %u queue pairs (error %d): one",
		   vn->nd.name, want, rc);
	return 1;
}

static void intr_setup(struct vnet *vn)
{
	struct ukplat_virtio_dev *d = vn->d;
	struct ukplat_virtio_irqs irqs = { .all = vnet_irq, .all_arg = vn,
					   .queue = vnet_queue_irq };
	int rc = -ENODEV;

	for (unsigned int i = 0; i < vn->npairs; i++) {
		irqs.queue_arg[vn->q[i].rx.index] = &vn->q[i];
		irqs.queue_arg[vn->q[i].tx.index] = &vn->q[i];
	}
	if (vn->conf.notify)
		rc = ukplat_virtio_intr_register(d, &irqs);
	vn->irq_ok = rc == 0;
	for (unsigned int i = 0; i < vn->npairs; i++) {
		struct vnet_queue *q = &vn->q[i];

		/* Without the interrupt: polling, which needs none. */
		q->intr_on = vn->irq_ok;
		if (vn->irq_ok) {
			ukplat_virtq_intr_enable(&q->rx);
			ukplat_virtq_intr_enable(&q->tx);
		} else {
			ukplat_virtq_intr_disable(&q->rx);
			ukplat_virtq_intr_disable(&q->tx);
		}
	}
	if (!vn->irq_ok && vn->conf.notify)
		uk_pr_info("%s: no interrupt (%s: error %d): polling",
			   vn->nd.name, d->where, rc);
}

static int vnet_start(struct uk_netdev *nd, const struct uk_netdev_conf *conf)
{
	struct vnet *vn = to_vnet(nd);

	if (vn->started)
		return -EBUSY;
	if (!conf || !conf->rx || !conf->tx_done || conf->queue_pairs < 1 ||
	    conf->queue_pairs > nd->info.max_queue_pairs)
		return -EINVAL;
	vn->conf = *conf;
	/* Queues before DRIVER_OK (3.1.1); without the control queue the
	 * device keeps to pair 0 and set_pairs says so. */
	if (conf->queue_pairs > 1 && ctrl_setup(vn) < 0)
		uk_pr_warn("%s: no control queue: one queue pair", nd->name);
	for (unsigned int i = 0; i < vn->npairs; i++) {
		struct vnet_queue *q = &vn->q[i];

		uk_spin_lock(&q->rx_lock);
		for (unsigned int k = 0; k < q->nrx; k++)
			rx_post(q, &q->rxb[k]);
		uk_spin_unlock(&q->rx_lock);
	}
	nd->queue_pairs = 1; /* pair 0 may interrupt from DRIVER_OK on */
	intr_setup(vn);
	vn->d->ops->status_add(vn->d, VIRTIO_STATUS_DRIVER_OK);
	/* The device starts on pair 0 (5.1.6.5.5); more by command. */
	nd->queue_pairs = set_pairs(vn, conf->queue_pairs);
	vn->started = true;
	for (unsigned int i = 0; i < vn->npairs; i++) {
		uk_spin_lock(&vn->q[i].rx_lock);
		kick(vn, &vn->q[i].rx);
		uk_spin_unlock(&vn->q[i].rx_lock);
	}
	return 0;
}

static void tx_reclaim(struct vnet_queue *q)
{
	void *cookie;

	while (ukplat_virtq_has_used(&q->tx)) {
		cookie = ukplat_virtq_get_used(&q->tx, NULL);
		if (!cookie)
			break;
		q->vn->conf.tx_done(q->vn->conf.arg, q->index, cookie);
	}
}

/*
 * Frames wait in the transmit ring and the device has taken none of them
 * for TX_WATCH_NS: notify it again. QEMU 7.2's virtio-net (virtio-mmio
 * and tap) has been seen to stop so, idle with its avail_event at its
 * last_avail_idx and the driver's index tens of entries further, none
 * announced: its tx handler writes avail_event and re-reads the ring's
 * index without a barrier between, so the driver's check (2.7.10) and
 * the device's can both miss the other's store. A guest stack sends its
 * frames again after a timeout, which notifies, but lwIP's TCP never
 * resends a segment the device still holds: the connection would hang.
 * The cost: one notify per stuck ring per watch period, none otherwise.
 */
static void tx_watch(struct vnet_queue *q)
{
	uint64_t now;

	if (q->tx.num_free == q->tx.num) {
		q->tx_quiet_ns = 0;
		return;
	}
	now = ukplat_monotonic_ns();
	if (!q->tx_quiet_ns || q->tx.last_used != q->tx_seen) {
		q->tx_seen = q->tx.last_used;
		q->tx_quiet_ns = now;
		return;
	}
	if (now - q->tx_quiet_ns < TX_WATCH_NS)
		return;
	q->tx_quiet_ns = now;
	if (!q->st.tx_renotified++)
		uk_pr_info("%s: transmit queue %u: the device left frames "
			   "untaken for %llu ms: notified again",
			   q->vn->nd.name, q->index,
			   (unsigned long long)(TX_WATCH_NS / 1000000));
	q->vn->d->ops->notify(q->vn->d, q->tx.index);
}

/* The virtio-net header for 'meta'; -EINVAL for an offload not agreed. */
static int tx_header(struct vnet *vn, const struct uk_netdev_meta *meta,
		     struct vnet_hdr *h)
{
	uint32_t f = vn->nd.info.features;

	uk_memset(h, 0, sizeof(*h));
	if (!meta)
		return 0;
	if (meta->flags & UK_NETDEV_META_CSUM_PARTIAL) {
		if (!(f & UK_NETDEV_F_CSUM_TX))
			return -EINVAL;
		h->flags = HDR_F_NEEDS_CSUM;
		h->csum_start = meta->csum_start;
		h->csum_offset = meta->csum_offset;
	}
	if (meta->gso == UK_NETDEV_GSO_NONE)
		return 0;
	/* The device checksums each segment it cuts (5.1.6.2). */
	if ((meta->gso == UK_NETDEV_GSO_TCPV4 && !(f & UK_NETDEV_F_TSO4)) ||
	    (meta->gso == UK_NETDEV_GSO_TCPV6 && !(f & UK_NETDEV_F_TSO6)) ||
	    meta->gso > UK_NETDEV_GSO_TCPV6 || !meta->gso_size ||
	    !(meta->flags & UK_NETDEV_META_CSUM_PARTIAL))
		return -EINVAL;
	h->gso_type = meta->gso == UK_NETDEV_GSO_TCPV4 ? HDR_GSO_TCPV4 :
							HDR_GSO_TCPV6;
	h->hdr_len = meta->hdr_len;
	h->gso_size = meta->gso_size;
	return 0;
}

static int vnet_tx(struct uk_netdev *nd, unsigned int queue,
		   const struct uk_netdev_seg *segs, unsigned int nsegs,
		   const struct uk_netdev_meta *meta, void *cookie)
{
	struct ukplat_virtq_buf v[UK_NETDEV_MAX_SEGS + 1];
	struct vnet_queue *q = pair(nd, queue);
	bool gso = meta && meta->gso != UK_NETDEV_GSO_NONE;
	uint64_t total = 0;
	uint8_t *slot;
	int rc;

	if (!q || !segs || nsegs == 0 || !cookie)
		return -EINVAL;
	if (nsegs > nd->info.tx_max_segs)
		return -EMSGSIZE;
	for (unsigned int i = 0; i < nsegs; i++) {
		if (!segs[i].base || !segs[i].len)
			return -EINVAL;
		total += segs[i].len;
		v[i + 1] = (struct ukplat_virtq_buf){ segs[i].base, segs[i].len,
						      false };
	}
	if (total > (gso ? nd->info.tso_max : nd->info.mtu + (uint32_t)ETH_HLEN))
		return -EMSGSIZE;
	if (total < ETH_HLEN)
		return -EINVAL;
	if (q->tx.num_free < nsegs + 1)
		tx_reclaim(q);
	if (q->tx.num_free < nsegs + 1) {
		/*
		 * Full, and nothing came back: tell the device again, whatever
		 * its event index says. A ring that filled up without the
		 * device taking anything has been seen to stay so for good
		 * (QEMU 7.2, virtio-mmio, tap: the device idle and asking to
		 * hear of the next entry, 128 entries past it, none
		 * announced); a notify too many costs one exit.
		 */
		tx_announce(q);
		if (!ukplat_virtq_has_used(&q->tx))
			q->vn->d->ops->notify(q->vn->d, q->tx.index);
		return -EAGAIN;
	}
	/* The chain's head is the free list's head: its slot is ours. */
	slot = q->txhdr + (size_t)q->tx.free_head * VNET_HDR_SLOT;
	rc = tx_header(q->vn, meta, (struct vnet_hdr *)slot);
	if (rc)
		return rc;
	v[0] = (struct ukplat_virtq_buf){ slot, q->vn->hdr_len, false };
	rc = ukplat_virtq_add(&q->tx, v, nsegs + 1, cookie);
	if (rc < 0)
		return -EAGAIN;
	/* With MORE: published with a later frame or by tx_kick, one notify
	 * for the lot (each is an exit to the hypervisor). */
	if (!meta || !(meta->flags & UK_NETDEV_META_MORE))
		kick(q->vn, &q->tx);
	q->st.tx_frames++;
	if (meta && (meta->flags & UK_NETDEV_META_CSUM_PARTIAL))
		q->st.tx_csum_partial++;
	if (gso)
		q->st.tx_gso++;
	return 0;
}

static void vnet_tx_kick(struct uk_netdev *nd, unsigned int queue)
{
	struct vnet_queue *q = pair(nd, queue);

	if (q)
		tx_announce(q);
}

/* The offload data of a frame's header (5.1.6.4); false when the
 * header asks for what was not agreed. */
static bool rx_meta(const struct vnet *vn, const struct vnet_hdr *h,
		    struct uk_netdev_meta *m)
{
	uint8_t gso = h->gso_type & (uint8_t)~HDR_GSO_ECN;

	uk_memset(m, 0, sizeof(*m));
	/* The flags mean something only with GUEST_CSUM (5.1.6.4). */
	if (!(vn->nd.info.features & UK_NETDEV_F_CSUM_RX))
		return gso == HDR_GSO_NONE;
	if (h->flags & HDR_F_NEEDS_CSUM)
		m->flags |= UK_NETDEV_META_CSUM_PARTIAL;
	if (h->flags & HDR_F_DATA_VALID)
		m->flags |= UK_NETDEV_META_CSUM_VALID;
	m->csum_start = h->csum_start;
	m->csum_offset = h->csum_offset;
	if (gso == HDR_GSO_NONE)
		return true;
	if (!(vn->nd.info.features & UK_NETDEV_F_LRO) || !h->gso_size ||
	    (gso != HDR_GSO_TCPV4 && gso != HDR_GSO_TCPV6))
		return false;
	m->gso = gso == HDR_GSO_TCPV4 ? UK_NETDEV_GSO_TCPV4 : UK_NETDEV_GSO_TCPV6;
	m->gso_size = h->gso_size;
	m->hdr_len = h->hdr_len;
	return true;
}

/* Give back a frame put together so far (rx_lock held). */
static void rx_drop(struct vnet_queue *q, struct vnet_rxbuf *b)
{
	if (b)
		rx_post_frame(q, &b->pub);
	q->st.rx_dropped++;
	kick(q->vn, &q->rx);
}

/*
 * One used receive buffer of 'len' bytes (rx_lock held): it starts a
 * frame (the virtio-net header first), or continues the merged frame
 * being put together (MRG_RXBUF: the header's num_buffers says how many
 * buffers it takes; the others hold frame bytes only). Returns the
 * frame's first buffer once the frame is whole, else NULL. Malformed
 * frames go back to the device, counted.
 */
static struct vnet_rxbuf *rx_piece(struct vnet_queue *q, struct vnet_rxbuf *b,
				   uint32_t len)
{
	struct vnet *vn = q->vn;
	struct vnet_rxbuf *head;

	b->pub.next = NULL;
	if (!q->part) {
		const struct vnet_hdr *h = (const struct vnet_hdr *)b->mem;
		uint16_t n = vn->mrg_rxbuf ? h->num_buffers : 1;

		if (len < vn->hdr_len + ETH_HLEN || len > vn->buf_size ||
		    n == 0 || n > q->nrx || !rx_meta(vn, h, &b->pub.meta)) {
			rx_drop(q, b);
			return NULL;
		}
		b->pub.data = b->mem + vn->hdr_len;
		b->pub.len = len - vn->hdr_len;
		b->pub.frame_len = b->pub.len;
		if (n == 1)
			return b;
		q->part = q->part_tail = b;
		q->part_left = (uint16_t)(n - 1);
		return NULL;
	}
	/* The device writes a buffer from its first byte, header slot
	 * included, and the slot and the rest are one piece of memory. */
	if (len == 0 || len > vn->buf_size) {
		q->part_tail->pub.next = &b->pub;
		head = q->part;
		q->part = NULL;
		rx_drop(q, head);
		return NULL;
	}
	b->pub.data = b->mem;
	b->pub.len = len;
	q->part_tail->pub.next = &b->pub;
	q->part_tail = b;
	q->part->pub.frame_len += len;
	if (--q->part_left)
		return NULL;
	head = q->part;
	q->part = NULL;
	return head;
}

static unsigned int vnet_poll(struct uk_netdev *nd, unsigned int queue,
			      unsigned int budget)
{
	struct vnet_queue *q = pair(nd, queue);
	unsigned int done = 0;

	if (!q)
		return 0;
	tx_reclaim(q);
	tx_watch(q);
	while (done < budget) {
		struct vnet_rxbuf *b, *f = NULL;
		uint32_t len = 0;

		uk_spin_lock(&q->rx_lock);
		b = ukplat_virtq_get_used(&q->rx, &len);
		if (b)
			f = rx_piece(q, b, len);
		uk_spin_unlock(&q->rx_lock);
		if (!b)
			break;
		if (!f)
			continue; /* more to come, or dropped */
		q->st.rx_frames++;
		if (f->pub.next)
			q->st.rx_merged++;
		if (f->pub.meta.gso != UK_NETDEV_GSO_NONE)
			q->st.rx_gso++;
		if (f->pub.meta.flags & (UK_NETDEV_META_CSUM_VALID |
					 UK_NETDEV_META_CSUM_PARTIAL))
			q->st.rx_csum_trusted++;
		/* Without the lock: the stack may release at once. */
		q->vn->conf.rx(q->vn->conf.arg, q->index, &f->pub);
		done++;
	}
	return done;
}

static int vnet_intr_enable(struct uk_netdev *nd, unsigned int queue)
{
	struct vnet_queue *q = pair(nd, queue);
	bool rx, tx;

	if (!q)
		return -EINVAL;
	if (!q->vn->irq_ok)
		return -ENOTSUP; /* polled: see uk/netdev.h */
	/*
	 * intr_on first: an interrupt that comes as soon as the rings allow
	 * it must reach the stack, or it would sleep on work already here.
	 */
	q->intr_on = true;
	__asm__ __volatile__("" : : : "memory");
	rx = ukplat_virtq_intr_enable(&q->rx);
	tx = ukplat_virtq_intr_enable(&q->tx);
	return rx || tx;
}

static int vnet_stats(struct uk_netdev *nd, unsigned int queue,
		      struct uk_netdev_qstats *st)
{
	struct vnet_queue *q = pair(nd, queue);

	if (!q || !st)
		return -EINVAL;
	*st = q->st;
	return 0;
}

const struct uk_netdev_ops ukplat_virtio_net_ops = {
	.start = vnet_start,
	.tx = vnet_tx,
	.tx_kick = vnet_tx_kick,
	.poll = vnet_poll,
	.intr_enable = vnet_intr_enable,
	.rx_release = vnet_rx_release,
	.stats = vnet_stats,
};
