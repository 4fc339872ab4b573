/*
 * plat/common/virtio/virtio_net_setup.c - attaching a virtio network
 * device (virtio 1.2, 5.1, with the initialisation of 3.1) and the
 * platform's list of network devices (ukplat_netdev_count/get).
 *
 * Negotiated when offered: MAC (else a random locally administered
 * address), MTU, STATUS, CSUM (tx checksum offload), GUEST_CSUM (rx),
 * MRG_RXBUF with GUEST_TSO4/6 (receive GSO: the host hands over merged
 * TCP segments of up to 64 KiB spread over several receive buffers,
 * which stay MTU-sized, so the rings cost no more memory), CTRL_VQ with
 * MQ (several queue pairs, up to VNET_MAX_PAIRS, turned on at start over
 * the control queue: virtio_net.c), RING_EVENT_IDX, VERSION_1 (modern
 * devices) and ANY_LAYOUT (legacy ones).
 * HOST_TSO4/6 with CSUM (5.1.3.1): transmit frames of up to 64 KiB that
 * the device cuts into segments (lwIP's runs of segments, merged by
 * lib/lwip/netif_tso.c).
 * Not negotiated: GUEST_TSO4/6 without MRG_RXBUF (each buffer would have to hold 64 KiB)
 * or without GUEST_CSUM (5.1.3.1); GUEST_ECN and GUEST_UFO. Everything
 * comes from the page allocator, once.
 */
#include <errno.h>
#include <uk/netdev.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/format.h>
#include <ukbase/string.h>
#include "virtio_net.h"

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

/* Features we take, of those offered (MQ needs CTRL_VQ: 5.1.3.1). */
static uint64_t choose_features(const struct ukplat_virtio_dev *d, uint64_t f)
{
	uint64_t want = VIRTIO_BIT(NET_F_CSUM) | VIRTIO_BIT(NET_F_GUEST_CSUM) |
			VIRTIO_BIT(NET_F_MTU) | VIRTIO_BIT(NET_F_MAC) |
			VIRTIO_BIT(NET_F_STATUS) | VIRTIO_BIT(NET_F_CTRL_VQ) |
			VIRTIO_BIT(NET_F_MQ) | VIRTIO_BIT(NET_F_MRG_RXBUF) |
			VIRTIO_BIT(NET_F_GUEST_TSO4) |
			VIRTIO_BIT(NET_F_GUEST_TSO6) |
			VIRTIO_BIT(NET_F_HOST_TSO4) |
			VIRTIO_BIT(NET_F_HOST_TSO6) |
			VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX);
	uint64_t gtso = VIRTIO_BIT(NET_F_GUEST_TSO4) |
			VIRTIO_BIT(NET_F_GUEST_TSO6);

	want |= d->legacy ? VIRTIO_BIT(VIRTIO_F_ANY_LAYOUT) :
			    VIRTIO_BIT(VIRTIO_F_VERSION_1);
	f &= want;
	/* The control queue serves MQ alone here: without MQ it would only
	 * cost an MSI-X vector (one per queue may then not fit). */
	if ((f & (VIRTIO_BIT(NET_F_CTRL_VQ) | VIRTIO_BIT(NET_F_MQ))) !=
	    (VIRTIO_BIT(NET_F_CTRL_VQ) | VIRTIO_BIT(NET_F_MQ)))
		f &= ~(VIRTIO_BIT(NET_F_CTRL_VQ) | VIRTIO_BIT(NET_F_MQ));
	/* Merged TCP frames only into merged buffers, with checksums. */
	if (!(f & VIRTIO_BIT(NET_F_MRG_RXBUF)) ||
	    !(f & VIRTIO_BIT(NET_F_GUEST_CSUM)))
		f &= ~gtso;
	if (!(f & VIRTIO_BIT(NET_F_CSUM)))
		f &= ~(VIRTIO_BIT(NET_F_HOST_TSO4) | VIRTIO_BIT(NET_F_HOST_TSO6));
	return f;
}

/*
 * The device's queue pairs (max_virtqueue_pairs with MQ, else 1); MQ is
 * dropped when the control queue, at index 2 * pairs, lies beyond the
 * queues a transport can drive.
 */
static unsigned int device_pairs(struct ukplat_virtio_dev *d, uint64_t *f)
{
	uint16_t n = 1;

	if (*f & VIRTIO_BIT(NET_F_MQ))
		d->ops->config_read(d, NET_CFG_MAX_PAIRS, &n, 2);
	if (n < 1 || 2u * n >= VIRTIO_MAX_QUEUES) {
		*f &= ~VIRTIO_BIT(NET_F_MQ);
		n = 1;
	}
	return n;
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
	info->max_queue_pairs = (uint16_t)vn->npairs;
	if (d->features & VIRTIO_BIT(NET_F_CSUM))
		info->features |= UK_NETDEV_F_CSUM_TX;
	if (d->features & VIRTIO_BIT(NET_F_GUEST_CSUM))
		info->features |= UK_NETDEV_F_CSUM_RX;
	if (d->features & (VIRTIO_BIT(NET_F_GUEST_TSO4) |
			   VIRTIO_BIT(NET_F_GUEST_TSO6)))
		info->features |= UK_NETDEV_F_LRO;
	if (d->features & VIRTIO_BIT(NET_F_HOST_TSO4))
		info->features |= UK_NETDEV_F_TSO4;
	if (d->features & VIRTIO_BIT(NET_F_HOST_TSO6))
		info->features |= UK_NETDEV_F_TSO6;
	info->tso_max = (info->features & (UK_NETDEV_F_TSO4 | UK_NETDEV_F_TSO6)) ?
				VNET_TSO_MAX : 0;
	info->rx_buf_size = vn->buf_size - vn->hdr_len;
	info->rx_bufs = vn->q[0].nrx;
	/* Half a ring at most (the header takes a descriptor too), so that
	 * a frame never waits for a ring that can never hold it. */
	info->tx_max_segs = UK_NETDEV_MAX_SEGS;
	for (unsigned int i = 0; i < vn->npairs; i++)
		if (vn->q[i].tx.num / 2u - 1u < info->tx_max_segs)
			info->tx_max_segs = vn->q[i].tx.num / 2u - 1u;
	/* An IP packet of 64 KiB at most, behind a tagged Ethernet header. */
	info->rx_max = (info->features & UK_NETDEV_F_LRO) ?
			       65535u + ETH_HLEN + 4 : info->rx_buf_size;
	if (!(status & NET_S_LINK_UP))
		uk_pr_warn("%s: link down", vn->nd.name);
}

/* Queue 'index', sized to what the device takes (<= VIRTQ_MAX_SIZE). */
static int setup_queue(struct vnet *vn, struct ukplat_virtq *vq, uint16_t index)
{
	struct ukplat_virtio_dev *d = vn->d;
	bool ev = (d->features & VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX)) != 0;
	unsigned int max = d->ops->queue_max(d, index), num = VIRTQ_MAX_SIZE;
	int rc;

	if (max < 2)
		return -ENODEV;
	while (num > max)
		num >>= 1;
	rc = ukplat_virtq_init(vq, index, (uint16_t)num, ev);
	if (!rc)
		rc = d->ops->queue_setup(d, vq);
	return rc;
}

/* Pair i: its rings, rx buffers and tx header slots. */
static int setup_pair(struct vnet *vn, unsigned int i)
{
	struct vnet_queue *q = &vn->q[i];
	size_t meta, pages, bpages;
	uint8_t *m, *bufs;
	int rc;

	q->vn = vn;
	q->index = i;
	rc = setup_queue(vn, &q->rx, (uint16_t)(2 * i));
	if (!rc)
		rc = setup_queue(vn, &q->tx, (uint16_t)(2 * i + 1));
	if (rc)
		return rc;
	q->nrx = vn->any_layout ? q->rx.num : q->rx.num / 2u;
	meta = q->nrx * sizeof(struct vnet_rxbuf) +
	       (size_t)q->tx.num * VNET_HDR_SLOT;
	pages = (meta + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
	bpages = ((size_t)q->nrx * vn->buf_size + UK_PAGE_SIZE - 1) /
		 UK_PAGE_SIZE;
	m = uk_pages_alloc_n(pages);
	bufs = uk_pages_alloc_n(bpages);
	if (!m || !bufs)
		return -ENOMEM; /* boot time: what was taken stays taken */
	uk_memset(m, 0, pages * UK_PAGE_SIZE);
	q->rxb = (struct vnet_rxbuf *)m;
	q->txhdr = (uint8_t *)(q->rxb + q->nrx);
	for (unsigned int k = 0; k < q->nrx; k++) {
		q->rxb[k].q = q;
		q->rxb[k].mem = bufs + (size_t)k * vn->buf_size;
	}
	return 0;
}

/* Every pair we drive (the control queue waits for start). */
static int setup_queues(struct vnet *vn, unsigned int dev_pairs)
{
	unsigned int want = dev_pairs < VNET_MAX_PAIRS ? dev_pairs :
							 VNET_MAX_PAIRS;
	int rc = 0;

	/* 5.1.2: the control queue follows the device's last pair. */
	vn->ctrl_index = (uint16_t)(2 * dev_pairs);
	for (vn->npairs = 0; vn->npairs < want; vn->npairs++) {
		rc = setup_pair(vn, vn->npairs);
		if (rc)
			break;
	}
	return vn->npairs ? 0 : rc;
}

/* The driver's state. */
static struct vnet *alloc_vnet(struct ukplat_virtio_dev *d, uint64_t f,
			       uint16_t mtu)
{
	bool mrg = (f & VIRTIO_BIT(NET_F_MRG_RXBUF)) != 0;
	/* num_buffers is in every modern header, in legacy ones with
	 * MRG_RXBUF (5.1.6). */
	unsigned int hdr = d->legacy && !mrg ? VNET_HDR_LEGACY :
					       sizeof(struct vnet_hdr);
	size_t pages = (sizeof(struct vnet) + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
	struct vnet *vn = uk_pages_alloc_n(pages);

	if (!vn)
		return NULL;
	uk_memset(vn, 0, pages * UK_PAGE_SIZE);
	vn->d = d;
	vn->hdr_len = hdr;
	vn->mrg_rxbuf = mrg;
	/* VLAN-tagged frames too: 4 more bytes. */
	vn->buf_size = UK_ALIGN_UP(hdr + ETH_HLEN + 4 + mtu, 64u);
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
	unsigned int pairs;
	uint16_t mtu;
	struct vnet *vn;
	int rc;

	if (nnetdevs == VNET_MAX_DEVS || (!d->legacy &&
					  !(f & VIRTIO_BIT(VIRTIO_F_VERSION_1))))
		goto fail;
	/* Configuration is readable before FEATURES_OK (2.5.1). */
	mtu = pick_mtu(d, &f);
	pairs = device_pairs(d, &f);
	vn = alloc_vnet(d, f, mtu);
	if (!vn || d->ops->features_set(d, f) < 0)
		goto fail;
	d->features = f;
	vn->any_layout = !d->legacy || (f & VIRTIO_BIT(VIRTIO_F_ANY_LAYOUT));
	rc = setup_queues(vn, pairs);
	if (rc)
		goto fail;
	vn->nd.ops = &ukplat_virtio_net_ops;
	vn->nd.priv = vn;
	uk_snprintf(vn->nd.name, sizeof(vn->nd.name), "virtio-net%u", nnetdevs);
	read_info(vn, mtu);
	netdevs[nnetdevs++] = &vn->nd;
	uk_pr_info("%s: %s, mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u features 0x%lx queue pairs %u of %u",
		   vn->nd.name, d->where,
		   vn->nd.info.mac[0], vn->nd.info.mac[1], vn->nd.info.mac[2],
		   vn->nd.info.mac[3], vn->nd.info.mac[4], vn->nd.info.mac[5],
		   mtu, f, vn->npairs, pairs);
	return 0;
fail:
	/* Memory already taken stays with the failed device: boot time only. */
	d->ops->status_add(d, VIRTIO_STATUS_FAILED);
	uk_pr_warn("virtio-net (%s): cannot set up the device", d->where);
	return -EIO;
}
