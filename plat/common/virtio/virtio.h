/*
 * plat/common/virtio/virtio.h - internal header of libuk's virtio code:
 * the device numbers and status bits, the transport interface a driver
 * uses (virtio-mmio, virtio_mmio.c; virtio-pci, virtio_pci*.c), the split virtqueue
 * (virtqueue.c) with its ring layouts, and the table of discovered MMIO
 * transports that the per-architecture discovery fills.
 *
 * Follows OASIS virtio 1.2: 2.1 (device status), 2.2 (feature bits), 2.7
 * (split virtqueues), 4.2 (virtio over MMIO, with the legacy layout of
 * 4.2.4) and 6 (reserved feature bits). Rings and buffers are ordinary
 * identity-mapped RAM, so a kernel pointer is the DMA address everywhere
 * below.
 */
#ifndef UKPLAT_VIRTIO_H
#define UKPLAT_VIRTIO_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/lock.h>
#include <uk/plat.h>
#include "virtio_parse.h"

/* ---- device status (2.1) ---- */
#define VIRTIO_STATUS_ACKNOWLEDGE  0x01
#define VIRTIO_STATUS_DRIVER       0x02
#define VIRTIO_STATUS_DRIVER_OK    0x04
#define VIRTIO_STATUS_FEATURES_OK  0x08
#define VIRTIO_STATUS_NEEDS_RESET  0x40
#define VIRTIO_STATUS_FAILED       0x80

/* ---- device types (5) ---- */
#define VIRTIO_ID_NET 1

/* ---- reserved feature bits (6) ---- */
#define VIRTIO_F_ANY_LAYOUT        27 /* legacy only */
#define VIRTIO_F_RING_EVENT_IDX    29
#define VIRTIO_F_VERSION_1         32
#define VIRTIO_BIT(n)              (1ULL << (n))

/* ---- split virtqueue layout (2.7) ---- */
#define VIRTQ_DESC_F_NEXT     1
#define VIRTQ_DESC_F_WRITE    2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY     1
#define VIRTQ_ALIGN           4096   /* the legacy layout's used-ring alignment */
#define VIRTQ_MAX_SIZE        256    /* libuk never uses more entries */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];        /* then used_event (EVENT_IDX) */
};

struct virtq_used_elem {
	uint32_t id;            /* head of the used descriptor chain */
	uint32_t len;           /* bytes the device wrote */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* then avail_event (EVENT_IDX) */
};

_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc");
_Static_assert(offsetof(struct virtq_desc, flags) == 12, "virtq_desc.flags");
_Static_assert(sizeof(struct virtq_avail) == 4, "virtq_avail");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem");
_Static_assert(sizeof(struct virtq_used) == 4, "virtq_used");
_Static_assert(offsetof(struct virtq_used, ring) == 4, "virtq_used.ring");

/* Bytes of the legacy layout (2.7 / 4.2.4): desc, avail, pad, used. */
static inline size_t virtq_used_offset(unsigned int num)
{
	size_t a = 16 * num + 6 + 2 * num;

	return (a + VIRTQ_ALIGN - 1) & ~(size_t)(VIRTQ_ALIGN - 1);
}

static inline size_t virtq_bytes(unsigned int num)
{
	return virtq_used_offset(num) + 6 + 8 * num;
}

/*
 * Barriers between the driver and the device, which runs on another CPU
 * (2.7.13): x86 orders stores with stores and loads with loads, so only
 * store-then-load needs a fence; arm64 needs them all.
 */
#if defined(__x86_64__)
#define virtio_wmb() __asm__ __volatile__("" : : : "memory")
#define virtio_rmb() __asm__ __volatile__("" : : : "memory")
#define virtio_mb()  __asm__ __volatile__("mfence" : : : "memory")
#else
#define virtio_wmb() __asm__ __volatile__("dmb ishst" : : : "memory")
#define virtio_rmb() __asm__ __volatile__("dmb ishld" : : : "memory")
#define virtio_mb()  __asm__ __volatile__("dmb ish" : : : "memory")
#endif

/* ---- a virtqueue (virtqueue.c) ---- */

struct ukplat_virtq {
	uint16_t num;           /* entries, a power of two */
	uint16_t index;         /* the device's queue number */
	bool event_idx;         /* VIRTIO_F_RING_EVENT_IDX negotiated */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t free_head;     /* free descriptors chained through 'next' */
	uint16_t num_free;
	uint16_t avail_idx;     /* our copy of avail->idx */
	uint16_t kicked_idx;    /* avail_idx at the last notify decision */
	uint16_t last_used;     /* next used entry to consume */
	void **cookie;          /* per chain head */
	void *mem;              /* the ring pages */
	unsigned int order;
};

/* One buffer of a chain: device-readable unless 'write'. */
struct ukplat_virtq_buf {
	const void *addr;
	uint32_t len;
	bool write;
};

/*
 * Allocate and zero the ring of 'num' (a power of two, <= VIRTQ_MAX_SIZE)
 * entries in the legacy layout, which a modern device takes as well.
 * Returns 0 or -EINVAL / -ENOMEM.
 */
int ukplat_virtq_init(struct ukplat_virtq *vq, uint16_t index, uint16_t num,
		      bool event_idx);
/*
 * Queue one chain; 'cookie' (not NULL) comes back from get_used. Returns
 * the head's index, which is vq->free_head at the call (so a driver may
 * fill per-head memory first), or -ENOSPC when fewer than n descriptors
 * are free.
 * The device sees it at the next ukplat_virtq_publish.
 */
int ukplat_virtq_add(struct ukplat_virtq *vq, const struct ukplat_virtq_buf *b,
		     unsigned int n, void *cookie);
/* Make the added chains visible; true when the device wants a notify. */
bool ukplat_virtq_publish(struct ukplat_virtq *vq);
/* The next completed chain's cookie (its descriptors freed), or NULL. */
void *ukplat_virtq_get_used(struct ukplat_virtq *vq, uint32_t *len);
/* Whether completed chains wait. */
bool ukplat_virtq_has_used(struct ukplat_virtq *vq);
/* Ask for (on) or against (off) used-buffer interrupts; enable returns
 * true when chains completed meanwhile. */
void ukplat_virtq_intr_disable(struct ukplat_virtq *vq);
bool ukplat_virtq_intr_enable(struct ukplat_virtq *vq);

/* ---- transports ---- */

struct ukplat_virtio_dev;

/* Virtqueues per device libuk drives: 8 pairs and a control queue. */
#define VIRTIO_MAX_QUEUES 17

/*
 * A driver's interrupt handlers. 'all' runs on an interrupt that may
 * stand for any queue or a configuration change (a shared line, or too
 * few MSI-X vectors): it calls intr_ack and looks at every queue.
 * Where the transport has a vector per queue (MSI-X), queue i's runs
 * queue(queue_arg[i]) alone, no intr_ack needed; a NULL queue_arg[i]
 * (or a NULL queue) gives queue i 'all' instead.
 */
struct ukplat_virtio_irqs {
	ukplat_irq_handler_t all;
	void *all_arg;
	ukplat_irq_handler_t queue;
	void *queue_arg[VIRTIO_MAX_QUEUES];
};

struct ukplat_virtio_ops {
	uint64_t (*features_get)(struct ukplat_virtio_dev *d);
	/* Write the driver's features; -EIO when the device refuses them. */
	int (*features_set)(struct ukplat_virtio_dev *d, uint64_t f);
	void (*status_add)(struct ukplat_virtio_dev *d, uint8_t bits);
	void (*reset)(struct ukplat_virtio_dev *d);
	/* Copy 'len' bytes of device configuration from 'off'. */
	void (*config_read)(struct ukplat_virtio_dev *d, unsigned int off,
			    void *buf, unsigned int len);
	/* Largest queue size for queue 'index' (0: no such queue). */
	unsigned int (*queue_max)(struct ukplat_virtio_dev *d, uint16_t index);
	int (*queue_setup)(struct ukplat_virtio_dev *d, struct ukplat_virtq *vq);
	void (*notify)(struct ukplat_virtio_dev *d, uint16_t index);
	/* Read and acknowledge the interrupt status (bit 0: used buffers,
	 * bit 1: configuration change). */
	uint32_t (*intr_ack)(struct ukplat_virtio_dev *d);
	/* Optional: have the handlers run on the device's interrupts (the
	 * transport's own way, e.g. MSI-X); NULL: irqs->all on the line
	 * d->irq. 0 or -errno as ukplat_irq_register. */
	int (*intr_register)(struct ukplat_virtio_dev *d,
			     const struct ukplat_virtio_irqs *irqs);
};

struct ukplat_virtio_dev {
	const struct ukplat_virtio_ops *ops;
	uint64_t base;          /* MMIO registers (physical = virtual) */
	unsigned int irq;       /* 0: none known */
	unsigned int irq_flags; /* UKPLAT_IRQ_* */
	uint32_t version;       /* 1 legacy, 2 modern */
	uint32_t device_id;
	uint64_t features;      /* negotiated */
	bool legacy;
	char where[64];         /* the transport, for the console */
};

/* The device's interrupts, through the transport; -ENODEV without one. */
static inline int ukplat_virtio_intr_register(struct ukplat_virtio_dev *d,
					      const struct ukplat_virtio_irqs *irqs)
{
	if (d->ops->intr_register)
		return d->ops->intr_register(d, irqs);
	if (!d->irq)
		return -ENODEV;
	return ukplat_irq_register(d->irq, d->irq_flags, irqs->all,
				   irqs->all_arg);
}

/* Driver entry points, by device type. */
int ukplat_virtio_net_attach(struct ukplat_virtio_dev *d);

/* ---- discovered MMIO transports (virtio_bus.c) ---- */

#define UKPLAT_VIRTIO_MMIO_MAX 32

/* Record a transport (duplicates of a base are ignored); -ENOSPC when full. */
int ukplat_virtio_mmio_add(const struct ukplat_virtio_mmio_desc *d);
unsigned int ukplat_virtio_mmio_count(void);
const struct ukplat_virtio_mmio_desc *ukplat_virtio_mmio_get(unsigned int i);

/*
 * Probe the transport at d (mapped): skip an empty one (DeviceID 0),
 * reset it and hand it to its driver. Returns 0, -ENODEV (nothing there
 * or no driver) or the driver's error.
 */
int ukplat_virtio_mmio_probe(const struct ukplat_virtio_mmio_desc *d);

/* Boot-time discovery, called by the platform's start code. */
struct uk_bootinfo;
struct ukplat_fdt;
/* x86_64: take virtio_mmio.device= tokens out of bi->cmdline. */
void ukplat_virtio_x86_cmdline(struct uk_bootinfo *bi);
/* arm64: the device tree's "virtio,mmio" nodes. */
void ukplat_virtio_fdt_scan(const struct ukplat_fdt *fdt);

/* x86_64: find virtio devices on PCI and attach them (virtio_pci.c). */
void ukplat_virtio_pci_scan(void);

/* Arch hook: find the transports only known after boot (x86: DSDT, PCI). */
void ukplat_virtio_discover(void);
/* Arch hook: map [base, base + size) as device memory; 0 or -errno. */
int ukplat_virtio_map_device(uint64_t base, uint64_t size);

#endif /* UKPLAT_VIRTIO_H */
