/*
 * lib/lwip/netif_txq.c - frames waiting for room in a device's transmit
 * ring, per queue, in order.
 *
 * A full ring used to cost the frame: dropped, for TCP to send again
 * after its retransmission timeout (a second or more: a stream that
 * filled the ring stalled). lwIP cannot be told to wait for the device,
 * so the frame waits here instead, holding its pbufs as the ring would,
 * and goes to the device when the stack next polls the queue (the
 * device's interrupt for frames done, or the receive thread's periodic
 * poll while frames are out). Later frames queue behind it: TCP segments
 * stay in order. The wait is bounded (TXQ_MAX frames per queue): past
 * it the frame is dropped as before.
 *
 * Only the slow path allocates: a waiting frame's segment list and
 * offload data are copied into a record of their own.
 */
#include <errno.h>
#include <uk/netdev.h>
#include <ukbase/string.h>
#include "netif_txq.h"

#ifndef TXQ_MAX
#define TXQ_MAX 2048
#endif

struct txq_frame {
	struct txq_frame *next;
	void *cookie;
	struct uk_netdev_meta meta;
	unsigned int n;
	struct uk_netdev_seg segs[];
};

struct txq {
	struct txq_frame *head, *tail;
	unsigned int len;
};

struct uk_lwip_txq {
	unsigned int queues;
	struct txq q[];
};

struct uk_lwip_txq *uk_lwip_txq_new(unsigned int queues)
{
	struct uk_lwip_txq *t =
		uk_lwip_calloc(1, sizeof(*t) + queues * sizeof(struct txq));

	if (t)
		t->queues = queues;
	return t;
}

bool uk_lwip_txq_waiting(const struct uk_lwip_txq *t, unsigned int q)
{
	return t && q < t->queues && t->q[q].head;
}

int uk_lwip_txq_add(struct uk_lwip_txq *t, unsigned int q,
		    const struct uk_netdev_seg *segs, unsigned int n,
		    const struct uk_netdev_meta *meta, void *cookie)
{
	struct txq *w;
	struct txq_frame *f;

	if (!t || q >= t->queues)
		return -EAGAIN;
	w = &t->q[q];
	if (w->len >= TXQ_MAX)
		return -EAGAIN;
	f = uk_lwip_malloc(sizeof(*f) + n * sizeof(*segs));
	if (!f)
		return -ENOMEM;
	f->next = NULL;
	f->cookie = cookie;
	if (meta)
		f->meta = *meta;
	else
		uk_memset(&f->meta, 0, sizeof(f->meta));
	f->n = n;
	uk_memcpy(f->segs, segs, n * sizeof(*segs));
	if (w->tail)
		w->tail->next = f;
	else
		w->head = f;
	w->tail = f;
	w->len++;
	return 0;
}

void uk_lwip_txq_run(struct uk_lwip_txq *t, unsigned int q,
		     struct uk_netdev *dev,
		     void (*drop)(void *arg, unsigned int q, void *cookie),
		     void *arg)
{
	struct txq *w;
	struct txq_frame *f;

	if (!t || q >= t->queues)
		return;
	w = &t->q[q];
	while ((f = w->head)) {
		int rc = dev->ops->tx(dev, q, f->segs, f->n, &f->meta,
				      f->cookie);

		if (rc == -EAGAIN)
			return; /* still full: the next poll tries again */
		w->head = f->next;
		if (!w->head)
			w->tail = NULL;
		w->len--;
		if (rc < 0)
			drop(arg, q, f->cookie); /* refused for good */
		uk_lwip_free(f);
	}
}
