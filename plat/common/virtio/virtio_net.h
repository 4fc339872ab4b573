/*
 * plat/common/virtio/virtio_net.h - internal to the virtio-net driver
 * (virtio 1.2, 5.1): feature and configuration numbers, the header that
 * precedes every frame, the control queue's commands, and the driver's
 * per-device and per-queue-pair state shared by the data path and
 * control queue (virtio_net.c) and the set-up (virtio_net_setup.c).
 */
#ifndef UKPLAT_VIRTIO_NET_H
#define UKPLAT_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/lock.h>
#include <uk/netdev.h>
#include "virtio.h"

#define NET_F_CSUM         0
#define NET_F_GUEST_CSUM   1
#define NET_F_MTU          3
#define NET_F_MAC          5
#define NET_F_GUEST_TSO4   7
#define NET_F_GUEST_TSO6   8
#define NET_F_HOST_TSO4    11
#define NET_F_HOST_TSO6    12
#define NET_F_MRG_RXBUF    15
#define NET_F_STATUS       16
#define NET_F_CTRL_VQ      17
#define NET_F_MQ           22

/* Device configuration (5.1.4). */
#define NET_CFG_MAC        0
#define NET_CFG_STATUS     6
#define NET_CFG_MAX_PAIRS  8
#define NET_CFG_MTU        10
#define NET_S_LINK_UP      1

/* struct virtio_net_hdr (5.1.6): num_buffers is there in modern devices
 * and, with MRG_RXBUF, in legacy ones. */
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
#define HDR_GSO_ECN        0x80

#define ETH_HLEN           14
#define VNET_DEFAULT_MTU   1500
#define VNET_MAX_MTU       9000
#define VNET_TSO_MAX       (65535 + ETH_HLEN)
#define VNET_MAX_DEVS      8
/* Queue pairs libuk drives at most (of the device's up to 0x8000): each
 * costs a receive ring of buffers. */
#define VNET_MAX_PAIRS     4

/* The control queue (5.1.6.5): class and command, data, then the
 * device's one-byte ack. */
struct vnet_ctrl_hdr {
	uint8_t class;
	uint8_t cmd;
} UK_PACKED;
_Static_assert(sizeof(struct vnet_ctrl_hdr) == 2, "virtio_net_ctrl_hdr");
struct vnet_ctrl_mq {
	uint16_t virtqueue_pairs;
} UK_PACKED;
_Static_assert(sizeof(struct vnet_ctrl_mq) == 2, "virtio_net_ctrl_mq");
#define NET_CTRL_MQ             4
#define NET_CTRL_MQ_VQ_PAIRS_SET 0
#define NET_CTRL_OK             0
#define NET_CTRL_ERR            1

struct vnet;
struct vnet_queue;

struct vnet_rxbuf {
	struct uk_netdev_rxbuf pub;     /* what the stack sees (pub.next: the
					   frame's next buffer) */
	struct vnet_queue *q;
	uint8_t *mem;                   /* header, then the frame */
};

/* One queue pair: receiveq N = 2N, transmitq N = 2N + 1 (5.1.2). */
struct vnet_queue {
	struct vnet *vn;
	unsigned int index;             /* N */
	struct ukplat_virtq rx, tx;
	struct uk_spinlock rx_lock;     /* rx ring: poll vs rx_release */
	unsigned int nrx;
	volatile bool intr_on;          /* this pair may interrupt */
	struct vnet_rxbuf *rxb;
	/* A merged frame (MRG_RXBUF) being put together: its first and
	 * last buffers so far and how many the header said are still to
	 * come. Touched by poll only. */
	struct vnet_rxbuf *part, *part_tail;
	uint16_t part_left;
	uint8_t *txhdr;                 /* VNET_HDR_SLOT bytes per tx desc */
	/* The transmit watch (tx_watch): the used index last seen and when
	 * it was first seen so with frames in the ring (0: none there). */
	uint16_t tx_seen;
	uint64_t tx_quiet_ns;
	struct uk_netdev_qstats st;
};

struct vnet {
	struct uk_netdev nd;
	struct ukplat_virtio_dev *d;
	struct vnet_queue q[VNET_MAX_PAIRS];
	unsigned int npairs;            /* pairs set up (<= VNET_MAX_PAIRS) */
	uint16_t ctrl_index;            /* the control queue's (NET_F_MQ) */
	struct ukplat_virtq ctrl;       /* set up by start; num 0: none */
	uint8_t *ctrl_buf;              /* the command, data and ack */
	unsigned int hdr_len;           /* 12 modern, 10 legacy */
	unsigned int buf_size;          /* one rx buffer, header included */
	bool any_layout;                /* header and frame may share a desc */
	bool mrg_rxbuf;                 /* a frame may span several buffers */
	bool started;
	bool irq_ok;                    /* the handlers are registered */
	struct uk_netdev_conf conf;
};

extern const struct uk_netdev_ops ukplat_virtio_net_ops;

#endif /* UKPLAT_VIRTIO_NET_H */
