/*
 * plat/common/virtio/virtio_net.c - the virtio network device's data path
 * behind uk/netdev.h: start, transmit, poll, interrupts and receive
 * buffer recycling, on one queue pair (receiveq1 = 0, transmitq1 = 1).
 *
 * Receive buffers were allocated once, at attach (virtio_net_setup.c),
 * and are posted again by rx_release; transmit references the caller's
 * segments, with the virtio-net header in a slot per descriptor that the
 * driver owns. All of it is identity-mapped RAM: pointers are DMA
 * addresses.
 */
#include <errno.h>
#include <uk/netdev.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "virtio_net.h"

static struct vnet *to_vnet(struct uk_netdev *nd)
{
	return nd->priv;
}

/* Post one receive buffer; called with rx_lock held. */
static void rx_post(struct vnet *vn, struct vnet_rxbuf *b)
{
	struct ukplat_virtq_buf v[2] = {
		{ b->mem, vn->buf_size, true },
		{ b->mem + vn->hdr_len, vn->buf_size - vn->hdr_len, true },
	};

	if (!vn->any_layout)
		v[0].len = vn->hdr_len; /* legacy: the header on its own */
	/* Cannot fail: there are as many descriptors as buffers need. */
	ukplat_virtq_add(&vn->rx, v, vn->any_layout ? 1 : 2, b);
}

static void kick(struct vnet *vn, struct ukplat_virtq *vq)
{
	if (ukplat_virtq_publish(vq))
		vn->d->ops->notify(vn->d, vq->index);
}

static void vnet_rx_release(struct uk_netdev *nd, struct uk_netdev_rxbuf *buf)
{
	struct vnet_rxbuf *b = (struct vnet_rxbuf *)buf;
	struct vnet *vn = to_vnet(nd);

	uk_spin_lock(&vn->rx_lock);
	rx_post(vn, b);
	kick(vn, &vn->rx);
	uk_spin_unlock(&vn->rx_lock);
}

/* Interrupt context. */
static int vnet_irq(void *arg)
{
	struct vnet *vn = arg;
	uint32_t s = vn->d->ops->intr_ack(vn->d);

	if (!s)
		return 0;
	if ((s & 1) && vn->intr_on) {
		vn->intr_on = false;
		ukplat_virtq_intr_disable(&vn->rx);
		ukplat_virtq_intr_disable(&vn->tx);
		vn->conf.notify(vn->conf.arg, 0);
	}
	return 1;
}

static int vnet_start(struct uk_netdev *nd, const struct uk_netdev_conf *conf)
{
	struct vnet *vn = to_vnet(nd);
	struct ukplat_virtio_dev *d = vn->d;
	int rc = -ENODEV;

	if (vn->started)
		return -EBUSY;
	if (!conf || !conf->rx || !conf->tx_done || conf->queue_pairs < 1 ||
	    conf->queue_pairs > nd->info.max_queue_pairs)
		return -EINVAL;
	vn->conf = *conf;
	vn->started = true;
	uk_spin_lock(&vn->rx_lock);
	for (unsigned int i = 0; i < vn->nrx; i++)
		rx_post(vn, &vn->rxb[i]);
	uk_spin_unlock(&vn->rx_lock);
	if (conf->notify)
		rc = ukplat_virtio_intr_register(d, vnet_irq, vn);
	if (rc == 0) {
		vn->irq_ok = true;
		vn->intr_on = true;
		ukplat_virtq_intr_enable(&vn->rx);
		ukplat_virtq_intr_enable(&vn->tx);
	} else {
		/* Polling: no interrupt would reach us anyway. */
		ukplat_virtq_intr_disable(&vn->rx);
		ukplat_virtq_intr_disable(&vn->tx);
		if (conf->notify)
			uk_pr_info("%s: no interrupt (%s: error %d): polling",
				   nd->name, d->where, rc);
	}
	d->ops->status_add(d, VIRTIO_STATUS_DRIVER_OK);
	uk_spin_lock(&vn->rx_lock);
	kick(vn, &vn->rx);
	uk_spin_unlock(&vn->rx_lock);
	return 0;
}

static void tx_reclaim(struct vnet *vn)
{
	void *cookie;

	while (ukplat_virtq_has_used(&vn->tx)) {
		cookie = ukplat_virtq_get_used(&vn->tx, NULL);
		if (!cookie)
			break;
		vn->conf.tx_done(vn->conf.arg, 0, cookie);
	}
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
	if ((meta->gso == UK_NETDEV_GSO_TCPV4 && !(f & UK_NETDEV_F_TSO4)) ||
	    (meta->gso == UK_NETDEV_GSO_TCPV6 && !(f & UK_NETDEV_F_TSO6)) ||
	    meta->gso > UK_NETDEV_GSO_TCPV6 || !meta->gso_size)
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
	struct vnet *vn = to_vnet(nd);
	bool gso = meta && meta->gso != UK_NETDEV_GSO_NONE;
	uint64_t total = 0;
	uint8_t *slot;
	int rc;

	if (!vn->started || queue != 0 || !segs || nsegs == 0 || !cookie)
		return -EINVAL;
	if (nsegs > UK_NETDEV_MAX_SEGS)
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
	if (vn->tx.num_free < nsegs + 1)
		tx_reclaim(vn);
	if (vn->tx.num_free < nsegs + 1)
		return -EAGAIN;
	/* The chain's head is the free list's head: its slot is ours. */
	slot = vn->txhdr + (size_t)vn->tx.free_head * VNET_HDR_SLOT;
	rc = tx_header(vn, meta, (struct vnet_hdr *)slot);
	if (rc)
		return rc;
	v[0] = (struct ukplat_virtq_buf){ slot, vn->hdr_len, false };
	rc = ukplat_virtq_add(&vn->tx, v, nsegs + 1, cookie);
	if (rc < 0)
		return -EAGAIN;
	kick(vn, &vn->tx);
	return 0;
}

/* Fill the stack's view of a received buffer of 'len' bytes. */
static bool rx_fill(struct vnet *vn, struct vnet_rxbuf *b, uint32_t len)
{
	const struct vnet_hdr *h = (const struct vnet_hdr *)b->mem;
	struct uk_netdev_meta *m = &b->pub.meta;

	if (len < vn->hdr_len + ETH_HLEN || len > vn->buf_size)
		return false;
	b->pub.data = b->mem + vn->hdr_len;
	b->pub.len = len - vn->hdr_len;
	uk_memset(m, 0, sizeof(*m));
	if (h->flags & HDR_F_NEEDS_CSUM)
		m->flags |= UK_NETDEV_META_CSUM_PARTIAL;
	if (h->flags & HDR_F_DATA_VALID)
		m->flags |= UK_NETDEV_META_CSUM_VALID;
	m->csum_start = h->csum_start;
	m->csum_offset = h->csum_offset;
	return true;
}

static unsigned int vnet_poll(struct uk_netdev *nd, unsigned int queue,
			      unsigned int budget)
{
	struct vnet *vn = to_vnet(nd);
	unsigned int done = 0;

	if (!vn->started || queue != 0)
		return 0;
	tx_reclaim(vn);
	while (done < budget) {
		struct vnet_rxbuf *b;
		uint32_t len = 0;
		bool ok;

		uk_spin_lock(&vn->rx_lock);
		b = ukplat_virtq_get_used(&vn->rx, &len);
		ok = b && rx_fill(vn, b, len);
		if (b && !ok) {
			rx_post(vn, b); /* a runt: the buffer goes back */
			kick(vn, &vn->rx);
		}
		uk_spin_unlock(&vn->rx_lock);
		if (!b)
			break;
		if (!ok)
			continue;
		/* Without the lock: the stack may release at once. */
		vn->conf.rx(vn->conf.arg, 0, &b->pub);
		done++;
	}
	return done;
}

static int vnet_intr_enable(struct uk_netdev *nd, unsigned int queue)
{
	struct vnet *vn = to_vnet(nd);
	bool rx, tx;

	if (!vn->started || queue != 0)
		return -EINVAL;
	if (!vn->irq_ok)
		return -ENOTSUP; /* polled: see uk/netdev.h */
	/*
	 * intr_on first: an interrupt that comes as soon as the rings allow
	 * it must reach the stack, or it would sleep on work already here.
	 */
	vn->intr_on = true;
	__asm__ __volatile__("" : : : "memory");
	rx = ukplat_virtq_intr_enable(&vn->rx);
	tx = ukplat_virtq_intr_enable(&vn->tx);
	return rx || tx;
}

const struct uk_netdev_ops ukplat_virtio_net_ops = {
	.start = vnet_start,
	.tx = vnet_tx,
	.poll = vnet_poll,
	.intr_enable = vnet_intr_enable,
	.rx_release = vnet_rx_release,
};


