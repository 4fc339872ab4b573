/*
 * uk/netdev.h - network devices: what the platform's drivers (virtio-net,
 * plat/common/virtio/) offer a network stack (lib/lwip). The stack sees
 * Ethernet frames, the device's offloads and its queues; it never sees
 * the device's registers or rings.
 *
 * Life of a device: the platform finds and resets it at boot and lists it
 * (ukplat_netdev_count/get). The stack calls start once with its
 * callbacks; from then on frames flow:
 *
 *   receive   the driver keeps receive buffers posted to the device. An
 *             interrupt calls conf->notify (interrupt context) and leaves
 *             that queue's interrupts off. A thread then calls poll, which
 *             hands each received frame to conf->rx as a uk_netdev_rxbuf
 *             the stack owns until it calls rx_release (from any thread,
 *             not from interrupt context); the driver posts the buffer
 *             again then, so the hot path allocates nothing. A frame
 *             larger than one buffer (info.rx_buf_size: with
 *             UK_NETDEV_F_LRO, a TCP frame the host merged) comes as a
 *             list of buffers linked by 'next'; rx_release of the first
 *             gives all of them back (the stack may set 'next' to NULL
 *             first, to give them back one at a time). Buffers the stack
 *             keeps are missing from the device's ring (info.rx_bufs per
 *             queue) until it releases them. When poll
 *             delivers fewer than its budget, the stack calls intr_enable;
 *             a nonzero return means frames arrived meanwhile: poll again.
 *   send      tx queues one frame given as segments; the driver references
 *             the memory (no copy) until the device is done with it, then
 *             calls conf->tx_done with the cookie (from poll or tx, never
 *             from interrupt context).
 *
 * Queues: a device has info.max_queue_pairs receive/transmit pairs; the
 * stack asks start for conf.queue_pairs of them and dev->queue_pairs
 * says how many it got (fewer when the device refused more: the driver
 * then runs on one). Queue numbers in every call and callback are pair
 * numbers, 0 .. dev->queue_pairs - 1. The device spreads received flows
 * over the pairs by itself; the stack SHOULD send each flow on one queue
 * (frames on one queue leave in order, across queues they may not).
 *
 * Memory handed to the device (segments) MUST be ordinary kernel memory
 * (heap, stacks, image): the platform maps RAM at its physical address.
 *
 * Calls on one queue MUST NOT overlap (the stack serialises them, e.g.
 * under its core lock); rx_release may run concurrently with them. Every
 * call returns 0 or a negative errno unless stated otherwise.
 */
#ifndef UK_NETDEV_H
#define UK_NETDEV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UK_NETDEV_ETH_ALEN 6
#define UK_NETDEV_MAX_SEGS 64 /* segments per frame tx accepts */

/* Offloads the device has agreed to (info.features). */
#define UK_NETDEV_F_CSUM_TX (1u << 0) /* tx may leave checksums partial */
#define UK_NETDEV_F_CSUM_RX (1u << 1) /* rx may report checksums valid */
#define UK_NETDEV_F_TSO4    (1u << 2) /* tx takes TCP/IPv4 up to tso_max */
#define UK_NETDEV_F_TSO6    (1u << 3) /* tx takes TCP/IPv6 up to tso_max */
#define UK_NETDEV_F_LRO     (1u << 4) /* rx may deliver merged TCP frames
					     of up to rx_max bytes */

struct uk_netdev_info {
	uint8_t mac[UK_NETDEV_ETH_ALEN];
	uint16_t mtu;            /* largest IP packet, Ethernet header aside */
	uint32_t features;       /* UK_NETDEV_F_* */
	uint16_t max_queue_pairs;
	uint32_t tso_max;        /* largest TSO frame tx takes; 0 without TSO */
	uint32_t rx_buf_size;    /* largest frame one rx buffer holds */
	uint32_t rx_max;         /* largest frame rx delivers */
	uint32_t rx_bufs;        /* receive buffers per queue */
	uint16_t tx_max_segs;    /* segments per frame tx takes (<= MAX_SEGS) */
};

/*
 * Per-frame offload data: the virtio-net header's meaning in libuk's
 * words. On send, CSUM_PARTIAL asks the device to compute the Internet
 * checksum from csum_start to the end and store it at csum_start +
 * csum_offset (the stack has put the pseudo-header sum there); a gso type
 * other than NONE asks it to cut the frame into gso_size payload pieces
 * after hdr_len header bytes. On receive, CSUM_VALID says the device
 * checked the transport checksum; CSUM_PARTIAL that it was never computed
 * (a frame from the host itself: good by construction); a gso type other
 * than NONE (UK_NETDEV_F_LRO) that the frame is TCP segments of gso_size
 * payload bytes merged into one, its IP and TCP headers those of the
 * whole (lengths included), its checksum partial or valid.
 */
#define UK_NETDEV_META_CSUM_PARTIAL (1u << 0)
#define UK_NETDEV_META_CSUM_VALID   (1u << 1)
/* tx: more frames follow at once; the device may hear of this one only
 * with the next frame sent without the flag, or at tx_kick. */
#define UK_NETDEV_META_MORE         (1u << 2)
#define UK_NETDEV_GSO_NONE  0
#define UK_NETDEV_GSO_TCPV4 1
#define UK_NETDEV_GSO_TCPV6 2
struct uk_netdev_meta {
	uint8_t flags;
	uint8_t gso;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
};

/* A received frame, lent to the stack from rx until rx_release. */
struct uk_netdev_rxbuf {
	void *data;              /* the frame, from its Ethernet header */
	uint32_t len;            /* bytes at data */
	struct uk_netdev_meta meta;
	struct uk_netdev_rxbuf *next; /* the frame's next bytes, or NULL */
	uint32_t frame_len;      /* the whole frame's (first buffer only) */
};

/* Per-queue counters (stats): frames since start. */
struct uk_netdev_qstats {
	uint64_t rx_frames;
	uint64_t tx_frames;
	uint64_t rx_csum_trusted;  /* delivered with CSUM_VALID or _PARTIAL */
	uint64_t tx_csum_partial;  /* sent with CSUM_PARTIAL */
	uint64_t rx_merged;        /* delivered in more than one buffer */
	uint64_t rx_gso;           /* delivered as merged TCP segments */
	uint64_t rx_dropped;       /* malformed: given back to the device */
	uint64_t tx_gso;           /* sent for the device to segment */
	uint64_t tx_renotified;    /* notified again: frames left untaken */
};

struct uk_netdev_seg {
	const void *base;
	uint32_t len;
};

struct uk_netdev_conf {
	unsigned int queue_pairs; /* 1 .. info.max_queue_pairs */
	void (*rx)(void *arg, unsigned int queue, struct uk_netdev_rxbuf *buf);
	void (*tx_done)(void *arg, unsigned int queue, void *cookie);
	/* Interrupt context: 'queue' has work; its interrupts are now off. */
	void (*notify)(void *arg, unsigned int queue);
	void *arg;
};

struct uk_netdev;

struct uk_netdev_ops {
	/* -EINVAL for a bad conf, -EBUSY when already started. */
	int (*start)(struct uk_netdev *dev, const struct uk_netdev_conf *conf);
	/*
	 * Queue one frame (segments in order, Ethernet header first).
	 * -EAGAIN: the queue is full (poll, then retry); -EMSGSIZE: larger
	 * than the mtu (or tso_max), or more than info.tx_max_segs segments.
	 */
	int (*tx)(struct uk_netdev *dev, unsigned int queue,
		  const struct uk_netdev_seg *segs, unsigned int nsegs,
		  const struct uk_netdev_meta *meta, void *cookie);
	/* Tell the device of the frames queued with UK_NETDEV_META_MORE
	 * (none: nothing happens). */
	void (*tx_kick)(struct uk_netdev *dev, unsigned int queue);
	/*
	 * Reclaim sent frames, deliver up to 'budget' received ones; returns
	 * how many were delivered. While sent frames are outstanding the
	 * stack calls it every 100 ms or sooner, even without an interrupt:
	 * a driver may use that to watch over its device's progress.
	 */
	unsigned int (*poll)(struct uk_netdev *dev, unsigned int queue,
			     unsigned int budget);
	/*
	 * Interrupts on again; 1 if work is already waiting, else 0.
	 * -ENOTSUP: the device cannot interrupt (no notify was given, or the
	 * platform could not register its interrupt line): no notify will
	 * ever come, so the stack polls it, e.g. on a timer. (Added with the
	 * driver: only start knows whether the interrupt could be had, and a
	 * stack that takes any nonzero value as "poll again" still works.)
	 */
	int (*intr_enable)(struct uk_netdev *dev, unsigned int queue);
	void (*rx_release)(struct uk_netdev *dev, struct uk_netdev_rxbuf *buf);
	/* Copy queue's counters; -EINVAL for a queue not started. May run
	 * at any time (the counters may be a frame behind). */
	int (*stats)(struct uk_netdev *dev, unsigned int queue,
		     struct uk_netdev_qstats *st);
};

struct uk_netdev {
	const struct uk_netdev_ops *ops;
	struct uk_netdev_info info;
	char name[16];           /* "virtio-net0" */
	unsigned int queue_pairs; /* in use since start; 0 before */
	void *priv;              /* the driver's */
};

/* The network devices the platform found at boot, in discovery order. */
unsigned int ukplat_netdev_count(void);
struct uk_netdev *ukplat_netdev_get(unsigned int index); /* NULL past the end */

#ifdef __cplusplus
}
#endif

#endif /* UK_NETDEV_H */
