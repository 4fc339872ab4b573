/*
 * lib/lwip/netif_txq.h - frames waiting for room in a device's transmit
 * ring (netif_txq.c). Called with lwIP's core lock held. Apart from the
 * allocator, nothing of lwIP: the host unit test builds it alone.
 */
#ifndef UK_LWIP_NETIF_TXQ_H
#define UK_LWIP_NETIF_TXQ_H

#include <stdbool.h>
#include <stddef.h>
#include <uk/netdev.h>

/* The stack's allocator (port/lwipopts.h). */
void *uk_lwip_malloc(size_t size);
void *uk_lwip_calloc(size_t n, size_t size);
void uk_lwip_free(void *p);

struct uk_lwip_txq;

/* One waiting list per queue; NULL without memory. */
struct uk_lwip_txq *uk_lwip_txq_new(unsigned int queues);
/* Whether frames wait on queue q (false for a NULL t). */
bool uk_lwip_txq_waiting(const struct uk_lwip_txq *t, unsigned int q);
/*
 * Queue a frame behind those waiting on q (the segments and offload data
 * are copied; the cookie's memory stays the caller's until the frame is
 * done). 0; -EAGAIN when t is NULL or q already has TXQ_MAX frames;
 * -ENOMEM.
 */
int uk_lwip_txq_add(struct uk_lwip_txq *t, unsigned int q,
		    const struct uk_netdev_seg *segs, unsigned int n,
		    const struct uk_netdev_meta *meta, void *cookie);
/*
 * Give dev what waits on q, oldest first, until its ring is full again; a
 * frame it refuses for good goes to drop(arg, q, cookie).
 */
void uk_lwip_txq_run(struct uk_lwip_txq *t, unsigned int q,
		     struct uk_netdev *dev,
		     void (*drop)(void *arg, unsigned int q, void *cookie),
		     void *arg);

#endif /* UK_LWIP_NETIF_TXQ_H */
