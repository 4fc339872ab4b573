/*
 * plat/common/virtio/virtio_net_setup.c - attaching a virtio network
 * device (virtio 1.2, 5.1, with the initialisation of 3.1) and the
 * platform's list of network devices (ukplat_netdev_count/get).
 *
 * Negotiated when offered: MAC (else a random locally administered
 * address), MTU, STATUS, CSUM and HOST_TSO4/6 (tx offloads), GUEST_CSUM
 * (rx), RING_EVENT_IDX, VERSION_1 (modern devices) and ANY_LAYOUT (legacy
 * ones). Not yet: MQ, CTRL_VQ, GUEST_TSO4/6 and MRG_RXBUF, so every
 * receive buffer holds a whole frame. Everything comes from the page
 * allocator, once.
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
	vn->nd.ops = &ukplat_virtio_net_ops;
	vn->nd.priv = vn;
	uk_snprintf(vn->nd.name, sizeof(vn->nd.name), "virtio-net%u", nnetdevs);
	read_info(vn, mtu);
	netdevs[nnetdevs++] = &vn->nd;
	uk_pr_info("%s: %s, mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u features 0x%lx",
		   vn->nd.name, d->where,
		   vn->nd.info.mac[0], vn->nd.info.mac[1], vn->nd.info.mac[2],
		   vn->nd.info.mac[3], vn->nd.info.mac[4], vn->nd.info.mac[5],
		   mtu, f);
	return 0;
fail:
	/* Memory already taken stays with the failed device: boot time only. */
	d->ops->status_add(d, VIRTIO_STATUS_FAILED);
	uk_pr_warn("virtio-net (%s): cannot set up the device", d->where);
	return -EIO;
}
