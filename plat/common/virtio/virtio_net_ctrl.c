/*
 * plat/common/virtio/virtio_net_ctrl.c - the virtio-net control queue
 * (virtio 1.2, 5.1.6.5, with VIRTIO_NET_F_CTRL_VQ): its ring and buffer,
 * and the one command libuk sends, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET
 * (5.1.6.5.5), which tells the device how many queue pairs to spread
 * received flows over.
 *
 * Commands are rare (once, at start) and synchronous: the driver posts
 * one, notifies and waits for the device to hand it back, without an
 * interrupt. The buffer (header, data, ack) is one page of our own.
 */
#include <errno.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <ukbase/string.h>
#include "virtio_net.h"

#define CTRL_QSIZE        16
#define CTRL_TIMEOUT_NS   (2ULL * 1000000000ULL)
#define CTRL_ACK_OFF      64  /* the ack's byte in the buffer */

int ukplat_vnet_ctrl_setup(struct vnet *vn, uint16_t index)
{
	struct ukplat_virtio_dev *d = vn->d;
	bool ev = (d->features & VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX)) != 0;
	unsigned int max = d->ops->queue_max(d, index), num = CTRL_QSIZE;
	int rc;

	if (max < 4)
		return -ENODEV;
	if (d->legacy)
		num = max; /* legacy PCI: the device's size or none */
	while (num > max || num > VIRTQ_MAX_SIZE)
		num >>= 1;
	vn->ctrl_buf = uk_pages_alloc(0);
	if (!vn->ctrl_buf)
		return -ENOMEM;
	rc = ukplat_virtq_init(&vn->ctrl, index, (uint16_t)num, ev);
	if (!rc)
		rc = d->ops->queue_setup(d, &vn->ctrl);
	return rc;
}

/* Post class/cmd with 'len' bytes of data, wait for the ack. */
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
	void *done = NULL;

	if (!vn->ctrl.num || len > CTRL_ACK_OFF - sizeof(*h))
		return -ENOTSUP;
	h->class = class;
	h->cmd = cmd;
	uk_memcpy(payload, data, len);
	*ack = 0xff; /* neither OK nor ERR until the device writes it */
	if (ukplat_virtq_add(&vn->ctrl, v, 3, vn->ctrl_buf) < 0)
		return -EBUSY;
	/* No interrupts for this queue: we wait right here. */
	ukplat_virtq_intr_disable(&vn->ctrl);
	ukplat_virtq_publish(&vn->ctrl);
	vn->d->ops->notify(vn->d, vn->ctrl.index);
	while (!(done = ukplat_virtq_get_used(&vn->ctrl, NULL)) &&
	       ukplat_monotonic_ns() < until)
		ukplat_cpu_relax();
	if (!done)
		return -ETIMEDOUT; /* the descriptors stay the device's */
	return *ack == NET_CTRL_OK ? 0 : -EIO;
}

int ukplat_vnet_ctrl_pairs(struct vnet *vn, uint16_t pairs)
{
	struct vnet_ctrl_mq mq = { .virtqueue_pairs = pairs };

	if (!(vn->d->features & VIRTIO_BIT(NET_F_MQ)))
		return -ENOTSUP;
	return ctrl_cmd(vn, NET_CTRL_MQ, NET_CTRL_MQ_VQ_PAIRS_SET, &mq,
			sizeof(mq));
}
