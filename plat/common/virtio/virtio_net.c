/*
 * plat/common/virtio/virtio_net.c - the virtio network device driver
 * (virtio 1.2, 5.1) behind uk/netdev.h, and the platform's list of
 * network devices (ukplat_netdev_count/get).
 *
 * One queue pair (receiveq1 = 0, transmitq1 = 1). Negotiated when offered:
 * MAC (else a random locally administered address), MTU, STATUS, CSUM and
 * HOST_TSO4/6 (tx offloads), GUEST_CSUM (rx), RING_EVENT_IDX, VERSION_1
 * (modern devices) and ANY_LAYOUT (legacy ones). Not yet: MQ, CTRL_VQ,
 * GUEST_TSO4/6 and MRG_RXBUF, so every receive buffer holds a whole frame.
 *
 * Receive buffers are allocated once, at attach, and posted again by
 * rx_release; transmit references the caller's segments, with the
 * virtio-net header in a slot per descriptor that the driver owns. All of
 * it is page-allocator memory, identity-mapped: pointers are DMA addresses.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/netdev.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/format.h>
#include <ukbase/string.h>
#include "virtio.h"

#define NET_F_CSUM         0
#define NET_F_GUEST_CSUM   1
#define NET_F_MTU          3
#define NET_F_MAC          5
#define NET_F_HOST_TSO4    11
#define NET_F_HOST_TSO6    12
#define NET_F_STATUS       16

/* Device configuration (5.1.4). */
#define NET_CFG_MAC        0
#define NET_CFG_STATUS     6
#define NET_CFG_MTU        10
#define NET_S_LINK_UP      1

/* struct virtio_net_hdr (5.1.6): num_buffers is modern-only here. */
struct vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
} UK_PACKED;
_Static_assert(sizeof(struct vnet_hdr) == 12, "virtio_net_hdr");
#define VNET_HDR_LEGACY    10
#define VNET_HDR_SLOT      16
#define HDR_F_NEEDS_CSUM   1
#define HDR_F_DATA_VALID   2
#define HDR_GSO_NONE       0
#define HDR_GSO_TCPV4      1
#define HDR_GSO_TCPV6      4

#define ETH_HLEN           14
#define VNET_DEFAULT_MTU   1500
#define VNET_MAX_MTU       9000
#define VNET_TSO_MAX       (65535 + ETH_HLEN)
#define VNET_MAX_DEVS      8

struct vnet;

struct vnet_rxbuf {
	struct uk_netdev_rxbuf pub;     /* what the stack sees */
	struct vnet *vn;
	uint8_t *mem;                   /* header, then the frame */
};

struct vnet {
	struct uk_netdev nd;
	struct ukplat_virtio_dev *d;
	struct ukplat_virtq rx, tx;
	struct uk_spinlock rx_lock;     /* rx ring: poll vs rx_release */
	unsigned int hdr_len;           /* 12 modern, 10 legacy */
	unsigned int buf_size;          /* one rx buffer, header included */
	unsigned int nrx;
	bool any_layout;                /* header and frame may share a desc */
	bool started;
	bool irq_ok;                    /* the handler is registered */
	volatile bool intr_on;          /* queue pair 0 may interrupt */
	struct vnet_rxbuf *rxb;
	uint8_t *txhdr;                 /* VNET_HDR_SLOT bytes per tx desc */
	struct uk_netdev_conf conf;
};

static struct uk_netdev *netdevs[VNET_MAX_DEVS];
static unsigned int nnetdevs;

unsigned int ukplat_netdev_count(void)
{
	return nnetdevs;
}

struct uk_netdev *ukplat_netdev_get(unsigned int index)
{
	return index < nnetdevs ? netdevs[index] : NULL;
}

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
	if (conf->notify && d->irq)
		rc = ukplat_irq_register(d->irq, d->irq_flags, vnet_irq, vn);
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
			uk_pr_info("%s: no interrupt (irq %u: error %d): polling",
				   nd->name, d->irq, rc);
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
	rx = ukplat_virtq_intr_enable(&vn->rx);
	tx = ukplat_virtq_intr_enable(&vn->tx);
	vn->intr_on = true;
	return rx || tx;
}

static const struct uk_netdev_ops vnet_ops = {
	.start = vnet_start,
	.tx = vnet_tx,
	.poll = vnet_poll,
	.intr_enable = vnet_intr_enable,
	.rx_release = vnet_rx_release,
};


/* Features we take, of those offered (HOST_TSO needs CSUM: 5.1.3.1). */
static uint64_t choose_features(const struct ukplat_virtio_dev *d, uint64_t f)
{
	uint64_t want = VIRTIO_BIT(NET_F_CSUM) | VIRTIO_BIT(NET_F_GUEST_CSUM) |
			VIRTIO_BIT(NET_F_MTU) | VIRTIO_BIT(NET_F_MAC) |
			VIRTIO_BIT(NET_F_HOST_TSO4) | VIRTIO_BIT(NET_F_HOST_TSO6) |
			VIRTIO_BIT(NET_F_STATUS) |
			VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX);

	want |= d->legacy ? VIRTIO_BIT(VIRTIO_F_ANY_LAYOUT) :
			    VIRTIO_BIT(VIRTIO_F_VERSION_1);
	f &= want;
	if (!(f & VIRTIO_BIT(NET_F_CSUM)))
		f &= ~(VIRTIO_BIT(NET_F_HOST_TSO4) | VIRTIO_BIT(NET_F_HOST_TSO6));
	return f;
}

static void random_mac(uint8_t *mac)
{
	uint64_t c = ukplat_cycles();

	if (ukplat_entropy_hw(mac, UK_NETDEV_ETH_ALEN) != UK_NETDEV_ETH_ALEN)
		for (unsigned int i = 0; i < UK_NETDEV_ETH_ALEN; i++)
			mac[i] = (uint8_t)(c >> (8 * i));
	mac[0] = (uint8_t)((mac[0] & ~1u) | 2u); /* unicast, locally administered */
}

/* MAC and MTU from the configuration; info.features from the features. */
static void read_info(struct vnet *vn, uint16_t mtu)
{
	struct ukplat_virtio_dev *d = vn->d;
	struct uk_netdev_info *info = &vn->nd.info;
	uint16_t status = NET_S_LINK_UP;

	if (d->features & VIRTIO_BIT(NET_F_MAC))
		d->ops->config_read(d, NET_CFG_MAC, info->mac, UK_NETDEV_ETH_ALEN);
	else
		random_mac(info->mac);
	if (d->features & VIRTIO_BIT(NET_F_STATUS))
		d->ops->config_read(d, NET_CFG_STATUS, &status, 2);
	info->mtu = mtu;
	info->max_queue_pairs = 1;
	if (d->features & VIRTIO_BIT(NET_F_CSUM))
		info->features |= UK_NETDEV_F_CSUM_TX;
	if (d->features & VIRTIO_BIT(NET_F_GUEST_CSUM))
		info->features |= UK_NETDEV_F_CSUM_RX;
	if (d->features & VIRTIO_BIT(NET_F_HOST_TSO4))
		info->features |= UK_NETDEV_F_TSO4;
	if (d->features & VIRTIO_BIT(NET_F_HOST_TSO6))
		info->features |= UK_NETDEV_F_TSO6;
	info->tso_max = info->features & (UK_NETDEV_F_TSO4 | UK_NETDEV_F_TSO6) ?
			VNET_TSO_MAX : 0;
	info->rx_buf_size = vn->buf_size - vn->hdr_len;
	if (!(status & NET_S_LINK_UP))
		uk_pr_warn("%s: link down", vn->nd.name);
}

/* Both queues, sized to what the device takes (at most VIRTQ_MAX_SIZE). */
static int setup_queues(struct vnet *vn)
{
	struct ukplat_virtio_dev *d = vn->d;
	bool ev = (d->features & VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX)) != 0;
	struct ukplat_virtq *vq[2] = { &vn->rx, &vn->tx };

	for (uint16_t i = 0; i < 2; i++) {
		unsigned int max = d->ops->queue_max(d, i), num = VIRTQ_MAX_SIZE;
		int rc;

		if (max < 2)
			return -ENODEV;
		while (num > max)
			num >>= 1;
		rc = ukplat_virtq_init(vq[i], i, (uint16_t)num, ev);
		if (!rc)
			rc = d->ops->queue_setup(d, vq[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* The driver's state, the rx buffers and the tx header slots. */
static struct vnet *alloc_vnet(struct ukplat_virtio_dev *d, uint16_t mtu)
{
	unsigned int hdr = d->legacy ? VNET_HDR_LEGACY : sizeof(struct vnet_hdr);
	/* VLAN-tagged frames too: 4 more bytes. */
	unsigned int bsz = UK_ALIGN_UP(hdr + ETH_HLEN + 4 + mtu, 64u);
	unsigned int nrx = VIRTQ_MAX_SIZE;
	size_t meta = sizeof(struct vnet) + nrx * sizeof(struct vnet_rxbuf) +
		      VIRTQ_MAX_SIZE * VNET_HDR_SLOT;
	size_t pages = (meta + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
	size_t bpages = ((size_t)nrx * bsz + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
	uint8_t *m = uk_pages_alloc_n(pages), *bufs = uk_pages_alloc_n(bpages);
	struct vnet *vn = (struct vnet *)m;

	if (!m || !bufs) {
		if (m)
			uk_pages_free_n(m, pages);
		if (bufs)
			uk_pages_free_n(bufs, bpages);
		return NULL;
	}
	uk_memset(m, 0, pages * UK_PAGE_SIZE);
	vn->d = d;
	vn->hdr_len = hdr;
	vn->buf_size = bsz;
	vn->rxb = (struct vnet_rxbuf *)(m + sizeof(*vn));
	vn->txhdr = (uint8_t *)(vn->rxb + nrx);
	for (unsigned int i = 0; i < nrx; i++) {
		vn->rxb[i].vn = vn;
		vn->rxb[i].mem = bufs + (size_t)i * bsz;
	}
	return vn;
}

/* The MTU to use: the device's when it gives one we can buffer. */
static uint16_t pick_mtu(struct ukplat_virtio_dev *d, uint64_t *f)
{
	uint16_t mtu = 0;

	if (*f & VIRTIO_BIT(NET_F_MTU))
		d->ops->config_read(d, NET_CFG_MTU, &mtu, 2);
	if (mtu >= 68 && mtu <= VNET_MAX_MTU)
		return mtu;
	*f &= ~VIRTIO_BIT(NET_F_MTU);
	return VNET_DEFAULT_MTU;
}

int ukplat_virtio_net_attach(struct ukplat_virtio_dev *d)
{
	uint64_t f = choose_features(d, d->ops->features_get(d));
	uint16_t mtu;
	struct vnet *vn;
	int rc;

	if (nnetdevs == VNET_MAX_DEVS || (!d->legacy &&
					  !(f & VIRTIO_BIT(VIRTIO_F_VERSION_1))))
		goto fail;
	/* Configuration is readable before FEATURES_OK (2.5.1). */
	mtu = pick_mtu(d, &f);
	vn = alloc_vnet(d, mtu);
	if (!vn || d->ops->features_set(d, f) < 0)
		goto fail;
	d->features = f;
	vn->any_layout = !d->legacy || (f & VIRTIO_BIT(VIRTIO_F_ANY_LAYOUT));
	rc = setup_queues(vn);
	if (rc)
		goto fail;
	vn->nrx = vn->any_layout ? vn->rx.num : vn->rx.num / 2u;
	vn->nd.ops = &vnet_ops;
	vn->nd.priv = vn;
	uk_snprintf(vn->nd.name, sizeof(vn->nd.name), "virtio-net%u", nnetdevs);
	read_info(vn, mtu);
	netdevs[nnetdevs++] = &vn->nd;
	uk_pr_info("%s: %s virtio-mmio at 0x%lx irq %u, mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u features 0x%lx",
		   vn->nd.name, d->legacy ? "legacy" : "modern", d->base, d->irq,
		   vn->nd.info.mac[0], vn->nd.info.mac[1], vn->nd.info.mac[2],
		   vn->nd.info.mac[3], vn->nd.info.mac[4], vn->nd.info.mac[5],
		   mtu, f);
	return 0;
fail:
	/* Memory already taken stays with the failed device: boot time only. */
	d->ops->status_add(d, VIRTIO_STATUS_FAILED);
	uk_pr_warn("virtio-net at 0x%lx: cannot set up the device", d->base);
	return -EIO;
}
