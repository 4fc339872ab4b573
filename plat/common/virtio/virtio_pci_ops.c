/*
 * plat/common/virtio/virtio_pci_ops.c - the register access of the
 * virtio-pci transport (virtio 1.2, 4.1): the modern interface (4.1.4.3:
 * the common configuration structure in a memory BAR, per-queue notify
 * addresses, the ISR byte, 64-bit features and FEATURES_OK) and the
 * legacy one (4.1.4.8: I/O BAR0, 32 feature bits, one page-aligned ring
 * per queue given by its page number, a queue size the device fixes).
 * With MSI-X, interrupts need no ISR read: each vector means "used
 * buffers" (4.1.4.5: the ISR is for INTx).
 */
#include <errno.h>
#include "virtio_pci.h"

/* ---- modern ---- */

static uint8_t c8(struct vpci *v, unsigned int r)
{
	return *(volatile uint8_t *)(v->d.base + r);
}

static uint16_t c16(struct vpci *v, unsigned int r)
{
	return *(volatile uint16_t *)(v->d.base + r);
}

static uint32_t c32(struct vpci *v, unsigned int r)
{
	return *(volatile uint32_t *)(v->d.base + r);
}

static void w8(struct vpci *v, unsigned int r, uint8_t x)
{
	*(volatile uint8_t *)(v->d.base + r) = x;
}

static void w16(struct vpci *v, unsigned int r, uint16_t x)
{
	*(volatile uint16_t *)(v->d.base + r) = x;
}

static void w32(struct vpci *v, unsigned int r, uint32_t x)
{
	*(volatile uint32_t *)(v->d.base + r) = x;
}

/* 64-bit fields as two 32-bit writes, low first (4.1.3.1). */
static void w64(struct vpci *v, unsigned int r, uint64_t x)
{
	w32(v, r, (uint32_t)x);
	w32(v, r + 4, (uint32_t)(x >> 32));
}

static uint64_t m_features_get(struct ukplat_virtio_dev *d)
{
	struct vpci *v = to_vpci(d);
	uint64_t f;

	w32(v, VPCI_C_DFSELECT, 0);
	f = c32(v, VPCI_C_DF);
	w32(v, VPCI_C_DFSELECT, 1);
	return f | (uint64_t)c32(v, VPCI_C_DF) << 32;
}

static int m_features_set(struct ukplat_virtio_dev *d, uint64_t f)
{
	struct vpci *v = to_vpci(d);

	w32(v, VPCI_C_GFSELECT, 0);
	w32(v, VPCI_C_GF, (uint32_t)f);
	w32(v, VPCI_C_GFSELECT, 1);
	w32(v, VPCI_C_GF, (uint32_t)(f >> 32));
	w8(v, VPCI_C_STATUS, c8(v, VPCI_C_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	/* 3.1.1 step 6: the device keeps the bit only if it agrees. */
	return c8(v, VPCI_C_STATUS) & VIRTIO_STATUS_FEATURES_OK ? 0 : -EIO;
}

static void m_status_add(struct ukplat_virtio_dev *d, uint8_t bits)
{
	struct vpci *v = to_vpci(d);

	w8(v, VPCI_C_STATUS, c8(v, VPCI_C_STATUS) | bits);
}

static void m_reset(struct ukplat_virtio_dev *d)
{
	struct vpci *v = to_vpci(d);

	w8(v, VPCI_C_STATUS, 0);
	/* 4.1.4.3.2: the reset is over when the status reads 0. */
	for (unsigned int i = 0; i < 1000000 && c8(v, VPCI_C_STATUS); i++)
		;
}

static void m_config_read(struct ukplat_virtio_dev *d, unsigned int off,
			  void *buf, unsigned int len)
{
	struct vpci *v = to_vpci(d);
	uint8_t *out = buf, gen;

	if (off > v->devcfg_len || len > v->devcfg_len - off) {
		for (unsigned int i = 0; i < len; i++)
			out[i] = 0xff; /* past the structure */
		return;
	}
	/* Byte reads, retried until the generation holds (4.1.4.3). */
	do {
		gen = c8(v, VPCI_C_CFG_GEN);
		for (unsigned int i = 0; i < len; i++)
			out[i] = *(volatile uint8_t *)(v->devcfg + off + i);
	} while (gen != c8(v, VPCI_C_CFG_GEN));
}

static unsigned int m_queue_max(struct ukplat_virtio_dev *d, uint16_t index)
{
	struct vpci *v = to_vpci(d);

	if (index >= VPCI_MAX_QUEUES || index >= c16(v, VPCI_C_NUM_QUEUES))
		return 0;
	w16(v, VPCI_C_Q_SELECT, index);
	if (c16(v, VPCI_C_Q_ENABLE))
		return 0; /* in use: never after a reset */
	return c16(v, VPCI_C_Q_SIZE);
}

static int m_queue_setup(struct ukplat_virtio_dev *d, struct ukplat_virtq *vq)
{
	struct vpci *v = to_vpci(d);
	uint64_t noff;

	if (vq->index >= VPCI_MAX_QUEUES)
		return -ENOSPC;
	w16(v, VPCI_C_Q_SELECT, vq->index);
	noff = (uint64_t)c16(v, VPCI_C_Q_NOFF) * v->notify_mult;
	if (noff + 2 > v->notify_len)
		return -EPROTO; /* 4.1.4.4: the address lies in the structure */
	v->qnotify[vq->index] = (uint32_t)noff;
	w16(v, VPCI_C_Q_SIZE, vq->num);
	w16(v, VPCI_C_Q_MSIX, VIRTIO_MSI_NONE);
	w64(v, VPCI_C_Q_DESC, (uint64_t)(uintptr_t)vq->desc);
	w64(v, VPCI_C_Q_DRIVER, (uint64_t)(uintptr_t)vq->avail);
	w64(v, VPCI_C_Q_DEVICE, (uint64_t)(uintptr_t)vq->used);
	w16(v, VPCI_C_Q_ENABLE, 1);
	v->queues |= 1u << vq->index;
	return 0;
}

static void m_notify(struct ukplat_virtio_dev *d, uint16_t index)
{
	struct vpci *v = to_vpci(d);

	if (index < VPCI_MAX_QUEUES && (v->queues & (1u << index)))
		*(volatile uint16_t *)(v->notify + v->qnotify[index]) = index;
}

static uint32_t m_intr_ack(struct ukplat_virtio_dev *d)
{
	struct vpci *v = to_vpci(d);

	return v->msix ? 1 : *(volatile uint8_t *)v->isr; /* read clears */
}

/* ---- legacy ---- */

static uint32_t lr(struct vpci *v, unsigned int r, unsigned int w)
{
	return ukplat_pci_io_read(v->io + r, w);
}

static void lw(struct vpci *v, unsigned int r, unsigned int w, uint32_t x)
{
	ukplat_pci_io_write(v->io + r, w, x);
}

static uint64_t l_features_get(struct ukplat_virtio_dev *d)
{
	return lr(to_vpci(d), VPCI_L_HOST_FEATURES, 4);
}

static int l_features_set(struct ukplat_virtio_dev *d, uint64_t f)
{
	lw(to_vpci(d), VPCI_L_GUEST_FEATURES, 4, (uint32_t)f);
	return 0; /* no FEATURES_OK step (2.1.4) */
}

static void l_status_add(struct ukplat_virtio_dev *d, uint8_t bits)
{
	struct vpci *v = to_vpci(d);

	lw(v, VPCI_L_STATUS, 1, lr(v, VPCI_L_STATUS, 1) | bits);
}

static void l_reset(struct ukplat_virtio_dev *d)
{
	struct vpci *v = to_vpci(d);

	lw(v, VPCI_L_STATUS, 1, 0);
	for (unsigned int i = 0; i < 1000000 && lr(v, VPCI_L_STATUS, 1); i++)
		;
}

static void l_config_read(struct ukplat_virtio_dev *d, unsigned int off,
			  void *buf, unsigned int len)
{
	struct vpci *v = to_vpci(d);
	uint8_t *out = buf;

	for (unsigned int i = 0; i < len; i++)
		out[i] = (uint8_t)lr(v, v->cfg_off + off + i, 1);
}

static unsigned int l_queue_max(struct ukplat_virtio_dev *d, uint16_t index)
{
	struct vpci *v = to_vpci(d);

	if (index >= VPCI_MAX_QUEUES)
		return 0;
	lw(v, VPCI_L_QUEUE_SEL, 2, index);
	if (lr(v, VPCI_L_QUEUE_PFN, 4))
		return 0;
	return lr(v, VPCI_L_QUEUE_SIZE, 2);
}

static int l_queue_setup(struct ukplat_virtio_dev *d, struct ukplat_virtq *vq)
{
	struct vpci *v = to_vpci(d);
	uint64_t pfn = (uint64_t)(uintptr_t)vq->desc >> 12;

	if (vq->index >= VPCI_MAX_QUEUES)
		return -ENOSPC;
	lw(v, VPCI_L_QUEUE_SEL, 2, vq->index);
	/* The size is the device's (4.1.4.8): a smaller ring won't do. */
	if (lr(v, VPCI_L_QUEUE_SIZE, 2) != vq->num)
		return -EINVAL;
	if (pfn >> 32)
		return -ERANGE;
	if (v->msix)
		lw(v, VPCI_L_MSIX_QUEUE, 2, VIRTIO_MSI_NONE);
	lw(v, VPCI_L_QUEUE_PFN, 4, (uint32_t)pfn);
	v->queues |= 1u << vq->index;
	return 0;
}

static void l_notify(struct ukplat_virtio_dev *d, uint16_t index)
{
	lw(to_vpci(d), VPCI_L_QUEUE_NOTIFY, 2, index);
}

static uint32_t l_intr_ack(struct ukplat_virtio_dev *d)
{
	struct vpci *v = to_vpci(d);

	return v->msix ? 1 : lr(v, VPCI_L_ISR, 1); /* read clears */
}

/* ---- vectors, both interfaces ---- */

int ukplat_virtio_pci_set_vectors(struct vpci *v, uint16_t config,
				  const uint16_t *queue)
{
	bool modern = !v->d.legacy;

	if (modern) {
		w16(v, VPCI_C_MSIX_CONFIG, config);
		if (c16(v, VPCI_C_MSIX_CONFIG) != config)
			return -EIO;
	} else {
		lw(v, VPCI_L_MSIX_CONFIG, 2, config);
		if (lr(v, VPCI_L_MSIX_CONFIG, 2) != config)
			return -EIO;
	}
	for (unsigned int q = 0; q < VPCI_MAX_QUEUES; q++) {
		if (!(v->queues & (1u << q)))
			continue;
		/* The device answers NO_VECTOR when it cannot (4.1.5.1.2). */
		if (modern) {
			w16(v, VPCI_C_Q_SELECT, (uint16_t)q);
			w16(v, VPCI_C_Q_MSIX, queue[q]);
			if (c16(v, VPCI_C_Q_MSIX) != queue[q])
				return -EIO;
		} else {
			lw(v, VPCI_L_QUEUE_SEL, 2, q);
			lw(v, VPCI_L_MSIX_QUEUE, 2, queue[q]);
			if (lr(v, VPCI_L_MSIX_QUEUE, 2) != queue[q])
				return -EIO;
		}
	}
	return 0;
}

const struct ukplat_virtio_ops ukplat_virtio_pci_modern_ops = {
	.features_get = m_features_get,
	.features_set = m_features_set,
	.status_add = m_status_add,
	.reset = m_reset,
	.config_read = m_config_read,
	.queue_max = m_queue_max,
	.queue_setup = m_queue_setup,
	.notify = m_notify,
	.intr_ack = m_intr_ack,
	.intr_register = ukplat_virtio_pci_intr_register,
};

const struct ukplat_virtio_ops ukplat_virtio_pci_legacy_ops = {
	.features_get = l_features_get,
	.features_set = l_features_set,
	.status_add = l_status_add,
	.reset = l_reset,
	.config_read = l_config_read,
	.queue_max = l_queue_max,
	.queue_setup = l_queue_setup,
	.notify = l_notify,
	.intr_ack = l_intr_ack,
	.intr_register = ukplat_virtio_pci_intr_register,
};
