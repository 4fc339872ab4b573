/*
 * plat/common/virtio/virtio_mmio.c - the virtio-mmio transport (virtio
 * 1.2, 4.2): the register block, in both its modern form (Version 2,
 * 4.2.2: 64-bit queue addresses, QueueReady, FEATURES_OK) and the legacy
 * one (Version 1, 4.2.4: GuestPageSize, QueuePFN, one page-aligned ring),
 * which QEMU 7.2 still offers by default. Probing an address checks the
 * magic value, skips empty transports (DeviceID 0) and hands the device,
 * reset and acknowledged (2.1.2 steps 1-3), to its driver.
 */
#include <errno.h>
#include <uk/pages.h>
#include <uk/print.h>
#include <ukbase/format.h>
#include "virtio.h"

#define MMIO_MAGIC             0x000
#define MMIO_VERSION           0x004
#define MMIO_DEVICE_ID         0x008
#define MMIO_VENDOR_ID         0x00c
#define MMIO_DEVICE_FEATURES   0x010
#define MMIO_DEVICE_FEAT_SEL   0x014
#define MMIO_DRIVER_FEATURES   0x020
#define MMIO_DRIVER_FEAT_SEL   0x024
#define MMIO_GUEST_PAGE_SIZE   0x028   /* legacy */
#define MMIO_QUEUE_SEL         0x030
#define MMIO_QUEUE_NUM_MAX     0x034
#define MMIO_QUEUE_NUM         0x038
#define MMIO_QUEUE_ALIGN       0x03c   /* legacy */
#define MMIO_QUEUE_PFN         0x040   /* legacy */
#define MMIO_QUEUE_READY       0x044
#define MMIO_QUEUE_NOTIFY      0x050
#define MMIO_INTR_STATUS       0x060
#define MMIO_INTR_ACK          0x064
#define MMIO_STATUS            0x070
#define MMIO_QUEUE_DESC_LO     0x080
#define MMIO_QUEUE_DESC_HI     0x084
#define MMIO_QUEUE_DRIVER_LO   0x090
#define MMIO_QUEUE_DRIVER_HI   0x094
#define MMIO_QUEUE_DEVICE_LO   0x0a0
#define MMIO_QUEUE_DEVICE_HI   0x0a4
#define MMIO_CONFIG_GEN        0x0fc
#define MMIO_CONFIG            0x100

#define MMIO_MAGIC_VALUE       0x74726976U     /* "virt" */
#define MMIO_MIN_SIZE          0x200

static uint32_t rd32(const struct ukplat_virtio_dev *d, unsigned int reg)
{
	return *(volatile uint32_t *)(uintptr_t)(d->base + reg);
}

static void wr32(const struct ukplat_virtio_dev *d, unsigned int reg,
		 uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(d->base + reg) = v;
}

static uint64_t mmio_features_get(struct ukplat_virtio_dev *d)
{
	uint64_t f;

	wr32(d, MMIO_DEVICE_FEAT_SEL, 0);
	f = rd32(d, MMIO_DEVICE_FEATURES);
	if (d->legacy)
		return f; /* legacy devices have 32 feature bits */
	wr32(d, MMIO_DEVICE_FEAT_SEL, 1);
	return f | (uint64_t)rd32(d, MMIO_DEVICE_FEATURES) << 32;
}

static int mmio_features_set(struct ukplat_virtio_dev *d, uint64_t f)
{
	wr32(d, MMIO_DRIVER_FEAT_SEL, 0);
	wr32(d, MMIO_DRIVER_FEATURES, (uint32_t)f);
	if (d->legacy)
		return 0; /* no FEATURES_OK step (legacy: 2.1.4) */
	wr32(d, MMIO_DRIVER_FEAT_SEL, 1);
	wr32(d, MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	wr32(d, MMIO_STATUS, rd32(d, MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
	/* 3.1.1 step 6: the device keeps the bit only if it agrees. */
	if (!(rd32(d, MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return -EIO;
	return 0;
}

static void mmio_status_add(struct ukplat_virtio_dev *d, uint8_t bits)
{
	wr32(d, MMIO_STATUS, rd32(d, MMIO_STATUS) | bits);
}

static void mmio_reset(struct ukplat_virtio_dev *d)
{
	wr32(d, MMIO_STATUS, 0);
	/* 4.2.3.1: the reset is done once Status reads back 0. */
	for (unsigned int i = 0; i < 1000000 && rd32(d, MMIO_STATUS); i++)
		;
}

static void mmio_config_read(struct ukplat_virtio_dev *d, unsigned int off,
			     void *buf, unsigned int len)
{
	uint8_t *out = buf;
	uint32_t gen;

	/* Byte accesses: allowed for every field, and no torn multi-byte
	 * values thanks to the generation counter (modern, 4.2.2). */
	do {
		gen = d->legacy ? 0 : rd32(d, MMIO_CONFIG_GEN);
		for (unsigned int i = 0; i < len; i++)
			out[i] = *(volatile uint8_t *)(uintptr_t)
				(d->base + MMIO_CONFIG + off + i);
	} while (!d->legacy && gen != rd32(d, MMIO_CONFIG_GEN));
}

static unsigned int mmio_queue_max(struct ukplat_virtio_dev *d,
				   uint16_t index)
{
	wr32(d, MMIO_QUEUE_SEL, index);
	if (!d->legacy && rd32(d, MMIO_QUEUE_READY))
		return 0; /* in use: never after a reset */
	if (d->legacy && rd32(d, MMIO_QUEUE_PFN))
		return 0;
	return rd32(d, MMIO_QUEUE_NUM_MAX);
}

static int mmio_queue_setup(struct ukplat_virtio_dev *d,
			    struct ukplat_virtq *vq)
{
	uint64_t desc = (uint64_t)(uintptr_t)vq->desc; /* identity map */
	uint64_t avail = (uint64_t)(uintptr_t)vq->avail;
	uint64_t used = (uint64_t)(uintptr_t)vq->used;

	wr32(d, MMIO_QUEUE_SEL, vq->index);
	wr32(d, MMIO_QUEUE_NUM, vq->num);
	if (d->legacy) {
		/* 4.2.4: one block, used ring at the next QueueAlign. */
		if ((desc >> 12) >> 32)
			return -ERANGE;
		wr32(d, MMIO_QUEUE_ALIGN, VIRTQ_ALIGN);
		wr32(d, MMIO_QUEUE_PFN, (uint32_t)(desc >> 12));
		return 0;
	}
	wr32(d, MMIO_QUEUE_DESC_LO, (uint32_t)desc);
	wr32(d, MMIO_QUEUE_DESC_HI, (uint32_t)(desc >> 32));
	wr32(d, MMIO_QUEUE_DRIVER_LO, (uint32_t)avail);
	wr32(d, MMIO_QUEUE_DRIVER_HI, (uint32_t)(avail >> 32));
	wr32(d, MMIO_QUEUE_DEVICE_LO, (uint32_t)used);
	wr32(d, MMIO_QUEUE_DEVICE_HI, (uint32_t)(used >> 32));
	wr32(d, MMIO_QUEUE_READY, 1);
	return 0;
}

static void mmio_notify(struct ukplat_virtio_dev *d, uint16_t index)
{
#if defined(__aarch64__)
	/* The ring (normal memory) before the register write (device). */
	__asm__ __volatile__("dsb st" : : : "memory");
#endif
	wr32(d, MMIO_QUEUE_NOTIFY, index);
}

static uint32_t mmio_intr_ack(struct ukplat_virtio_dev *d)
{
	uint32_t s = rd32(d, MMIO_INTR_STATUS);

	if (s)
		wr32(d, MMIO_INTR_ACK, s);
	return s;
}

static const struct ukplat_virtio_ops mmio_ops = {
	.features_get = mmio_features_get,
	.features_set = mmio_features_set,
	.status_add = mmio_status_add,
	.reset = mmio_reset,
	.config_read = mmio_config_read,
	.queue_max = mmio_queue_max,
	.queue_setup = mmio_queue_setup,
	.notify = mmio_notify,
	.intr_ack = mmio_intr_ack,
};

static struct ukplat_virtio_dev devs[UKPLAT_VIRTIO_MMIO_MAX];
static unsigned int ndevs;

int ukplat_virtio_mmio_probe(const struct ukplat_virtio_mmio_desc *m)
{
	struct ukplat_virtio_dev probe = { .ops = &mmio_ops, .base = m->base };
	struct ukplat_virtio_dev *d;

	if (m->size && m->size < MMIO_MIN_SIZE)
		return -ENODEV;
	if (rd32(&probe, MMIO_MAGIC) != MMIO_MAGIC_VALUE)
		return -ENODEV;
	probe.version = rd32(&probe, MMIO_VERSION);
	probe.device_id = rd32(&probe, MMIO_DEVICE_ID);
	if (probe.device_id == 0)
		return -ENODEV; /* an empty transport (4.2.3.1.1) */
	if (probe.version != 1 && probe.version != 2) {
		uk_pr_warn("virtio-mmio at 0x%lx: unknown version %u", m->base,
			   probe.version);
		return -ENODEV;
	}
	if (probe.device_id != VIRTIO_ID_NET) {
		uk_pr_info("virtio-mmio at 0x%lx: device type %u has no driver",
			   m->base, probe.device_id);
		return -ENODEV;
	}
	if (ndevs == UKPLAT_VIRTIO_MMIO_MAX)
		return -ENOSPC;
	d = &devs[ndevs++];
	*d = probe;
	d->legacy = d->version == 1;
	d->irq = m->irq;
	d->irq_flags = m->irq_flags;
	uk_snprintf(d->where, sizeof(d->where), "%s virtio-mmio at 0x%lx irq %u",
		    d->legacy ? "legacy" : "modern", d->base, d->irq);
	mmio_reset(d);
	if (d->legacy)
		wr32(d, MMIO_GUEST_PAGE_SIZE, UK_PAGE_SIZE); /* for QueuePFN */
	mmio_status_add(d, VIRTIO_STATUS_ACKNOWLEDGE);
	mmio_status_add(d, VIRTIO_STATUS_DRIVER);
	return ukplat_virtio_net_attach(d);
}
