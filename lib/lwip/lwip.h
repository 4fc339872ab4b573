/*
 * lib/lwip/lwip.h - internal interface of libuk's lwIP port, grouped by
 * the file that implements it: sys_arch.c (lwIP's operating-system layer
 * over uk/sched.h and uk/lock.h), loif.c (the loopback interface), sock.c
 * (the AF_INET/AF_INET6 driver of posix-socket), netif.c (interfaces over
 * the platform's network devices), netcfg.c (their configuration at boot)
 * and boot.c (starting the stack).
 */
#ifndef UK_LWIP_INTERNAL_H
#define UK_LWIP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "lwip/err.h"
#include "netif_txq.h" /* netif_txq.c */

/* sys_arch.c */
/*
 * The number of open sockets. While it is 0, and no TCP connection is
 * still active (a closed socket's may still be sending), the tcpip thread
 * waits for messages without a deadline, leaving its timers (which have
 * nothing to do then) for later, so that an application that does not use the
 * network keeps an idle scheduler (and its "all threads are blocked"
 * diagnosis). uk_lwip_busy(+1) from 0 wakes the thread to rearm them.
 */
void uk_lwip_busy(int delta);

/* loif.c */
/* Add the loopback interface (lwIP's core lock held): 0 or -1. */
int uk_lwip_loif_add(void);
/*
 * Deliver the loopback packets waiting (a few batches), from a socket
 * call about to return (not from the tcpip thread, no lock held).
 */
void uk_lwip_loif_run(void);

/* netif.c */
#define UK_LWIP_MAX_IFS 8
struct netif;
/*
 * Start every network device the platform found and add an lwIP
 * interface for each (core lock held); returns how many were added.
 */
unsigned int uk_lwip_netif_add_all(void);
/* Interface i (0: en0) and its device's name; NULL past the end. */
struct netif *uk_lwip_netif(unsigned int i);
const char *uk_lwip_netif_devname(unsigned int i);

/* netif_csum.c */
struct pbuf;
struct uk_netdev_info;
struct uk_netdev_meta;
/* lwIP's checksum flags (NETIF_CHECKSUM_*) for an interface over 'info'. */
uint16_t uk_lwip_csum_flags(const struct uk_netdev_info *info);
/* Before netif->input of a received frame: lwIP checks TCP/UDP
 * checksums unless the device vouched for this frame ('base': the
 * interface's flags). */
void uk_lwip_csum_rx(struct netif *netif, uint16_t base,
		     const struct uk_netdev_meta *meta);
/* An outgoing frame on a CSUM_TX interface: a TCP segment gets its
 * pseudo-header sum and *meta its offload data (1); 0 for other frames
 * (lwIP computed their checksums); -1 on a pbuf error. */
int uk_lwip_csum_tx(struct pbuf *p, struct uk_netdev_meta *meta);
/* The same for a frame's headers in hdr (the TCP header at l4) when the
 * TCP segment is tcp_len bytes long: the pseudo-header sum goes into the
 * header's checksum field, the offload data into *meta. */
void uk_lwip_csum_tx_hdr(uint8_t *hdr, unsigned int l4, unsigned int tcp_len,
			 struct uk_netdev_meta *meta);

/*
 * Send one frame given as segments on queue txq, reclaiming a full ring
 * a while before giving up (core lock held): 0 or the device's -errno.
 * tx_done gets 'cookie' back: a pbuf, or a netif_tso.c batch (bit 0 set).
 */
struct uk_netdev;
struct uk_netdev_seg;
int uk_lwip_netif_send(struct uk_netdev *dev, unsigned int txq,
		       const struct uk_netdev_seg *segs, unsigned int n,
		       const struct uk_netdev_meta *meta, void *cookie);
/* Send frame p as it is, referenced (or copied when in too many pieces),
 * its TCP checksum left to a CSUM_TX device: lwIP's err_t. */
err_t uk_lwip_netif_send_pbuf(struct uk_netdev *dev, unsigned int txq,
			      struct pbuf *p);

/* netif_tso.c */
struct uk_lwip_tso;
/* Batches for dev (after start), or NULL without memory. */
struct uk_lwip_tso *uk_lwip_tso_new(struct uk_netdev *dev);
/* linkoutput on a TSO interface: p joins, opens or closes queue q's batch,
 * or is sent alone. */
err_t uk_lwip_tso_output(struct uk_lwip_tso *t, unsigned int q, struct pbuf *p);
/* Send every open batch. */
void uk_lwip_tso_flush(struct uk_lwip_tso *t);
/* tx_done of a batch's cookie: its segments are lwIP's again. */
void uk_lwip_tso_done(struct uk_lwip_tso *t, void *cookie);

/* netif_flow.c */
/* The transmit queue, of n, for frame p: a hash of its addresses and
 * TCP/UDP ports, so that one flow keeps one queue (0 when n <= 1). */
unsigned int uk_lwip_flow_queue(struct pbuf *p, unsigned int n);
/* The flags byte of TCP frame p; 0 for any other frame. */
unsigned int uk_lwip_tcp_flags(struct pbuf *p);

/* boot.c */
/* Start lwIP once (the first socket does): 0 or -ENOMEM. */
int uk_lwip_start(void);
extern bool uk_lwip_started;

/* exit.c: registered once the stack runs. */
void uk_lwip_exit_hook_add(void);
/* sock.c: close every socket still open (the application's end). */
void uk_lwip_sock_close_all(void);
/* netif.c: frames the devices hold, not yet reported done (core lock). */
unsigned int uk_lwip_netif_tx_out(void);
/* netif.c: each interface's queue counters, at info level. */
void uk_lwip_netif_report(void);

#endif /* UK_LWIP_INTERNAL_H */
