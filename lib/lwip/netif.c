/*
 * lib/lwip/netif.c - lwIP interfaces over the platform's network devices
 * (uk/netdev.h): "en0", "en1", ... in the order the platform found them.
 *
 * Receive: the device's interrupt (notify, interrupt context) only wakes
 * the interface's receive thread; that thread polls every queue of the
 * device under lwIP's core lock, feeding each frame to ethernet_input,
 * and re-enables a queue's interrupt when its poll comes back short (the
 * device's own "interrupts stay off while someone polls" scheme, as
 * Linux's NAPI).
 * Spin locks, semaphores and lwIP's mailboxes are not for interrupt
 * handlers (uk/lock.h), a wait queue wake-up is.
 *
 * Frames stay in the device's buffers (one, or several for a TCP frame
 * the host merged), lent to lwIP as pbufs that give them back when freed
 * (struct if_lent). lwIP keeps received pbufs for as long as an
 * application leaves data unread (and in its out-of-order queue), so
 * lending without a bound would let one idle reader empty the receive
 * ring and stop every connection: past half of a queue's buffers, frames
 * are copied into pool pbufs and their buffers go straight back.
 *
 * Send: a frame's pbufs are given to the device as they are (no copy)
 * and referenced until the device reports it done (tx_done), on the
 * queue its flow hashes to (netif_flow.c) when the device has several;
 * with TSO, runs of TCP segments go as one frame (netif_tso.c). A frame
 * for a full ring waits for room, in order (netif_txq.c). The device
 * hears of the frames one hold of lwIP's core lock sent when the lock
 * goes (UK_NETDEV_META_MORE, then tx_kick): one notify for them all.
 *
 * Checksums: what the device offloads lwIP skips (netif_csum.c).
 */
#include <errno.h>
#include <uk/netdev.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <ukbase/string.h>
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"
#include "lwip/prot/tcp.h"
#include "netif/ethernet.h"
#include "lwip.h"

#define RX_BUDGET   64          /* frames per poll before others may run */
#define POLL_NS     1000000ULL  /* receive polling period without interrupts */
#define TX_POLL_NS  100000000ULL /* poll period while frames are out */

struct uk_lwip_if {
	struct netif netif;
	struct uk_netdev *dev;
	struct uk_waitq rx_wait;
	volatile int rx_pending;    /* set by notify, taken by the thread */
	volatile unsigned int tx_out; /* frames the device has, not yet done */
	uint32_t kick;              /* queues with frames not yet announced */
	uint16_t csum_flags;        /* lwIP's checksum work here (netif_csum.c) */
	struct uk_lwip_tso *tso;    /* segment batches (netif_tso.c), or NULL */
	struct uk_lwip_txq *txq;    /* frames waiting for ring room (netif_txq.c) */
	struct if_lent *lend_free;  /* wrappers for lending buffers, unused */
	unsigned int *lent;         /* buffers lent, per queue */
	unsigned int lend_max;      /* per queue: half its buffers */
	uint64_t rx_lent, rx_copied; /* frames passed up each way */
};

/*
 * A receive buffer lent to lwIP as a PBUF_REF pbuf over the device's
 * memory: the frame is not copied, and the buffer goes back to the device
 * when lwIP frees the pbuf (after the application has read it). Buffers
 * that lwIP keeps (unread data, out-of-order segments) are missing from
 * the device's ring meanwhile, so at most half of a queue's buffers are
 * lent at once: past that frames are copied into pool pbufs and their
 * buffers go straight back, and an application that stops reading can
 * never leave a queue without buffers.
 */
struct if_lent {
	struct pbuf_custom pc;      /* first: lwIP frees through it */
	struct uk_lwip_if *li;
	struct uk_netdev_rxbuf *buf;
	unsigned int queue;
	struct if_lent *next;       /* in lend_free */
};

static struct uk_lwip_if ifs[UK_LWIP_MAX_IFS];
static unsigned int nifs;

/* Interrupt context: wake the receive thread, nothing else. */
static void if_notify(void *arg, unsigned int queue)
{
	struct uk_lwip_if *li = arg;

	(void)queue;
	li->rx_pending = 1;
	uk_waitq_wake_one(&li->rx_wait);
}

/* lwIP is done with a lent buffer (any thread, core lock or not). */
static void if_lent_free(struct pbuf *p)
{
	struct if_lent *l = (struct if_lent *)p;
	struct uk_lwip_if *li = l->li;
	SYS_ARCH_DECL_PROTECT(old);

	li->dev->ops->rx_release(li->dev, l->buf);
	SYS_ARCH_PROTECT(old);
	li->lent[l->queue]--;
	l->next = li->lend_free;
	li->lend_free = l;
	SYS_ARCH_UNPROTECT(old);
}

/*
 * The frame as a chain of pbufs over its buffers, one per buffer, each
 * released on its own; NULL (nothing taken) when the queue has lent
 * as many as it may.
 */
static struct pbuf *if_lend(struct uk_lwip_if *li, unsigned int queue,
			    struct uk_netdev_rxbuf *buf)
{
	struct if_lent *take = NULL, *l;
	struct pbuf *head = NULL, *tail = NULL;
	unsigned int n = 0;
	u16_t left = (u16_t)buf->frame_len;
	SYS_ARCH_DECL_PROTECT(old);

	for (struct uk_netdev_rxbuf *b = buf; b; b = b->next)
		n++;
	SYS_ARCH_PROTECT(old);
	if (li->lent && li->lent[queue] + n <= li->lend_max) {
		/* Enough wrappers: every queue's share is in the list. */
		li->lent[queue] += n;
		take = li->lend_free;
		for (l = take; n; n--)
			l = l->next;
		li->lend_free = l;
	}
	SYS_ARCH_UNPROTECT(old);
	if (!take)
		return NULL;
	while (buf) {
		struct uk_netdev_rxbuf *next = buf->next;
		struct pbuf *p;

		l = take;
		take = take->next;
		buf->next = NULL; /* released alone (uk/netdev.h) */
		l->buf = buf;
		l->queue = queue;
		p = pbuf_alloced_custom(PBUF_RAW, (u16_t)buf->len, PBUF_REF,
					&l->pc, buf->data, (u16_t)buf->len);
		/* Linked here, not by pbuf_cat: that walks the whole chain
		 * for each buffer of a merged frame (tens of them). */
		p->tot_len = left;
		left = (u16_t)(left - buf->len);
		if (tail)
			tail->next = p;
		else
			head = p;
		tail = p;
		buf = next;
	}
	return head;
}

/* The frame copied into pool pbufs; its buffers go back at once. */
static struct pbuf *if_copy(struct uk_lwip_if *li, struct uk_netdev_rxbuf *buf)
{
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)buf->frame_len, PBUF_POOL);

	if (p) {
		u16_t off = 0;

		for (struct uk_netdev_rxbuf *b = buf; b && off < p->tot_len;
		     b = b->next) {
			pbuf_take_at(p, b->data, (u16_t)b->len, off);
			off = (u16_t)(off + b->len);
		}
	}
	li->dev->ops->rx_release(li->dev, buf);
	return p;
}

/* From poll, core lock held: one received frame. */
static void if_rx(void *arg, unsigned int queue, struct uk_netdev_rxbuf *buf)
{
	struct uk_lwip_if *li = arg;
	struct uk_netdev_meta meta = buf->meta;
	struct pbuf *p;

	/* A pbuf counts its bytes in 16 bits: a larger merged frame (a host
	 * that ignored the window lwIP advertises) cannot go in. */
	if (buf->frame_len > 0xffff) {
		li->dev->ops->rx_release(li->dev, buf);
		p = NULL;
	} else if ((p = if_lend(li, queue, buf))) {
		li->rx_lent++;
	} else if ((p = if_copy(li, buf))) {
		li->rx_copied++;
	}
	if (!p) {
		LINK_STATS_INC(link.memerr);
		return;
	}
	uk_lwip_csum_rx(&li->netif, li->csum_flags, &meta);
	if (li->netif.input(p, &li->netif) != ERR_OK)
		pbuf_free(p);
}

/* From poll or tx, core lock held: the device is done with a frame. */
static void if_tx_done(void *arg, unsigned int queue, void *cookie)
{
	struct uk_lwip_if *li = arg;

	(void)queue;
	li->tx_out--;
	if ((uintptr_t)cookie & 1)
		uk_lwip_tso_done(li->tso, cookie);
	else
		pbuf_free(cookie);
}

/* (Every slot: an interface may send while uk_lwip_netif_add_all is still
 * bringing it up, before it is counted in nifs.) */
static struct uk_lwip_if *if_of(const struct uk_netdev *dev)
{
	for (unsigned int i = 0; i < UK_LWIP_MAX_IFS; i++)
		if (ifs[i].dev == dev)
			return &ifs[i];
	return NULL;
}

int uk_lwip_netif_send(struct uk_netdev *dev, unsigned int txq,
		       const struct uk_netdev_seg *segs, unsigned int n,
		       const struct uk_netdev_meta *meta, void *cookie)
{
	struct uk_lwip_if *li = if_of(dev);
	struct uk_lwip_txq *w = li ? li->txq : NULL;
	struct uk_netdev_meta m = { 0 };
	/* The device hears of the frame when the core lock goes (one
	 * notify for all the frames of one hold: uk_lwip_tx_flush). */
	bool more = li && dev->ops->tx_kick && txq < 32;
	int rc = -EAGAIN;

	if (meta)
		m = *meta;
	if (more)
		m.flags |= UK_NETDEV_META_MORE;
	/* Frames already waiting for room go first: TCP keeps its order. */
	if (!uk_lwip_txq_waiting(w, txq)) {
		rc = dev->ops->tx(dev, txq, segs, n, &m, cookie);
		if (rc == -EAGAIN) {
			dev->ops->poll(dev, txq, 0); /* reclaim finished frames */
			rc = dev->ops->tx(dev, txq, segs, n, &m, cookie);
		}
		if (rc == 0 && more) {
			li->kick |= 1u << txq;
			uk_lwip_tx_pending++;
		}
	}
	/* (Without MORE: a waiting frame is sent from a poll, not a hold.) */
	if (rc == -EAGAIN)
		rc = uk_lwip_txq_add(w, txq, segs, n, meta, cookie);
	if (rc < 0) {
		LINK_STATS_INC(link.drop);
		return rc;
	}
	LINK_STATS_INC(link.xmit);
	if (li)
		li->tx_out++;
	return 0;
}

err_t uk_lwip_netif_send_pbuf(struct uk_netdev *dev, unsigned int txq,
			      struct pbuf *p)
{
	struct uk_netdev_seg segs[UK_NETDEV_MAX_SEGS];
	struct uk_netdev_meta meta = { 0 };
	unsigned int n = 0;
	int rc;

	if (pbuf_clen(p) > dev->info.tx_max_segs) {
		/* Too many pieces for one descriptor chain: flatten it. */
		p = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
		if (!p)
			return ERR_MEM;
	} else {
		pbuf_ref(p);
	}
	if ((dev->info.features & UK_NETDEV_F_CSUM_TX) &&
	    uk_lwip_csum_tx(p, &meta) < 0) {
		pbuf_free(p);
		return ERR_IF;
	}
	for (struct pbuf *q = p; q; q = q->next)
		if (q->len)
			segs[n++] = (struct uk_netdev_seg){ q->payload, q->len };
	rc = uk_lwip_netif_send(dev, txq, segs, n, &meta, p);
	if (rc < 0) {
		/* TCP keeps the segment and sends it again later. */
		pbuf_free(p);
		return rc == -EAGAIN ? ERR_MEM : ERR_IF;
	}
	return ERR_OK;
}

/*
 * uk.net.debug_drop_fin (tests): the first TCP frame with FIN is dropped
 * as a lossy link would, so that TCP must send it again on its own
 * timer, after the application has closed the socket and maybe gone on.
 */
static bool debug_drop_fin;
UK_PARAM_BOOL(net_debug_drop_fin, "uk.net.debug_drop_fin", &debug_drop_fin);

static err_t if_linkoutput(struct netif *netif, struct pbuf *p)
{
	struct uk_lwip_if *li = netif->state;
	unsigned int txq;

	if (debug_drop_fin && (uk_lwip_tcp_flags(p) & TCP_FIN)) {
		debug_drop_fin = false;
		uk_pr_info("net: %s: dropped the first FIN "
			   "(uk.net.debug_drop_fin)", li->dev->name);
		return ERR_OK;
	}
	txq = uk_lwip_flow_queue(p, li->dev->queue_pairs);

	if (li->tso)
		return uk_lwip_tso_output(li->tso, txq, p);
	return uk_lwip_netif_send_pbuf(li->dev, txq, p);
}

unsigned int uk_lwip_netif_tx_out(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nifs; i++)
		n += ifs[i].tx_out;
	return n;
}

void uk_lwip_tx_flush(void)
{
	/* Every slot, as if_of: one being brought up may have sent. */
	for (unsigned int i = 0; i < UK_LWIP_MAX_IFS; i++) {
		struct uk_lwip_if *li = &ifs[i];

		if (li->tso)
			uk_lwip_tso_flush(li->tso);
		for (unsigned int q = 0; li->kick; q++)
			if (li->kick & (1u << q)) {
				li->kick &= ~(1u << q);
				li->dev->ops->tx_kick(li->dev, q);
			}
	}
	uk_lwip_tx_pending = 0;
}

static err_t if_init(struct netif *netif)
{
	struct uk_lwip_if *li = netif->state;
	const struct uk_netdev_info *info = &li->dev->info;

	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->hwaddr_len = ETH_HWADDR_LEN;
	for (int i = 0; i < ETH_HWADDR_LEN; i++)
		netif->hwaddr[i] = info->mac[i];
	netif->mtu = info->mtu;
	li->csum_flags = uk_lwip_csum_flags(info);
	NETIF_SET_CHECKSUM_CTRL(netif, li->csum_flags);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	netif->output = etharp_output;
	netif->output_ip6 = ethip6_output;
	netif->linkoutput = if_linkoutput;
	return ERR_OK;
}

/*
 * One round over every queue: poll each, and turn the interrupts of
 * those that came back short on again. True when there is more to do
 * (a full budget, or frames that beat the interrupt).
 */
static bool if_rx_round(struct uk_lwip_if *li, bool polling)
{
	struct uk_netdev *dev = li->dev;
	bool again = false;

	LOCK_TCPIP_CORE();
	for (unsigned int q = 0; q < dev->queue_pairs; q++) {
		unsigned int n = dev->ops->poll(dev, q, RX_BUDGET);

		uk_lwip_txq_run(li->txq, q, dev, if_tx_done, li);
		if (n == RX_BUDGET)
			again = true;
		else if (!polling && dev->ops->intr_enable(dev, q) > 0)
			again = true;
	}
	UNLOCK_TCPIP_CORE();
	return again;
}

/*
 * The receive thread. It waits with interrupts off so that a notify
 * cannot slip in between its look at rx_pending and its sleep. While the
 * device holds sent frames it polls at least every TX_POLL_NS, interrupt
 * or not: the poll gives the driver its look at a transmit ring that
 * stopped moving (uk/netdev.h).
 */
static void if_rx_thread(void *arg)
{
	struct uk_lwip_if *li = arg;
	struct uk_netdev *dev = li->dev;
	bool polling = false;

	/* A device that cannot interrupt is polled on a timer. */
	LOCK_TCPIP_CORE();
	for (unsigned int q = 0; q < dev->queue_pairs; q++)
		polling |= dev->ops->intr_enable(dev, q) == -ENOTSUP;
	UNLOCK_TCPIP_CORE();
	li->rx_pending = 1; /* frames may have come before the interrupt was on */
	for (;;) {
		unsigned long flags = ukplat_irq_save();

		if (polling)
			uk_sched_sleep_until(ukplat_monotonic_ns() + POLL_NS);
		else
			while (!li->rx_pending) {
				if (!li->tx_out)
					uk_waitq_wait(&li->rx_wait);
				else if (uk_waitq_wait_until(
					     &li->rx_wait,
					     ukplat_monotonic_ns() +
						 TX_POLL_NS) == -ETIMEDOUT)
					break;
			}
		li->rx_pending = 0;
		ukplat_irq_restore(flags);
		while (if_rx_round(li, polling))
			uk_sched_yield();
	}
}

/* Wrappers for half the receive buffers of each queue in use. */
static void if_lend_init(struct uk_lwip_if *li)
{
	unsigned int n = li->dev->info.rx_bufs / 2u * li->dev->queue_pairs;
	struct if_lent *l = n ? uk_lwip_calloc(n, sizeof(*l)) : NULL;

	li->lent = l ? uk_lwip_calloc(li->dev->queue_pairs,
				      sizeof(*li->lent)) : NULL;
	if (!li->lent) {
		if (n)
			uk_pr_warn("net: %s: no memory to lend receive buffers:"
				   " every frame is copied", li->dev->name);
		uk_lwip_free(l);
		return;
	}
	li->lend_max = li->dev->info.rx_bufs / 2u;
	for (unsigned int k = 0; k < n; k++) {
		l[k].pc.custom_free_function = if_lent_free;
		l[k].li = li;
		l[k].next = li->lend_free;
		li->lend_free = &l[k];
	}
}

/*
 * Add an interface for every device (core lock held). Returns how many
 * there are; a device that fails to start is reported and left out.
 */
unsigned int uk_lwip_netif_add_all(void)
{
	unsigned int count = ukplat_netdev_count();

	for (unsigned int i = 0; i < count && nifs < UK_LWIP_MAX_IFS; i++) {
		struct uk_lwip_if *li = &ifs[nifs];
		struct uk_netdev_conf conf = {
			.rx = if_rx, .tx_done = if_tx_done,
			.notify = if_notify, .arg = li,
		};
		struct uk_thread *t;
		int rc;

		li->dev = ukplat_netdev_get(i);
		/* Every pair: the device spreads flows, we drain them all. */
		conf.queue_pairs = li->dev->info.max_queue_pairs;
		rc = li->dev->ops->start(li->dev, &conf);
		if (rc < 0) {
			uk_pr_err("net: %s: cannot start: %d", li->dev->name, rc);
			continue;
		}
		if_lend_init(li);
		if (!netif_add(&li->netif, NULL, NULL, NULL, li, if_init,
			       ethernet_input)) {
			uk_pr_err("net: %s: lwIP refused the interface",
				  li->dev->name);
			continue;
		}
		rc = uk_thread_create(&t, "net-rx", if_rx_thread, li, 0);
		if (rc < 0) {
			uk_pr_err("net: %s: no receive thread: %d",
				  li->dev->name, rc);
			netif_remove(&li->netif);
			continue;
		}
		li->txq = uk_lwip_txq_new(li->dev->queue_pairs);
		if (!li->txq)
			uk_pr_warn("net: %s: no memory for a transmit queue: "
				   "frames for a full ring are dropped",
				   li->dev->name);
		/* TSO needs the device to finish checksums (virtio: 5.1.3.1). */
		if ((li->dev->info.features & UK_NETDEV_F_CSUM_TX) &&
		    (li->dev->info.features &
		     (UK_NETDEV_F_TSO4 | UK_NETDEV_F_TSO6)) &&
		    !(li->tso = uk_lwip_tso_new(li->dev)))
			uk_pr_warn("net: %s: no memory for TSO batches: off",
				   li->dev->name);
		netif_set_link_up(&li->netif);
		nifs++;
	}
	return nifs;
}

void uk_lwip_netif_report(void)
{
	for (unsigned int i = 0; i < nifs; i++) {
		struct uk_netdev *d = ifs[i].dev;
		struct uk_netdev_qstats st;

		uk_pr_info("net: en%u: received frames lent %llu, copied %llu",
			   i, (unsigned long long)ifs[i].rx_lent,
			   (unsigned long long)ifs[i].rx_copied);

		for (unsigned int q = 0; q < d->queue_pairs; q++)
			if (d->ops->stats(d, q, &st) == 0)
				uk_pr_info("net: en%u queue %u: rx %llu (merged %llu), "
					   "tx %llu (tso %llu, renotified %llu)",
					   i, q, (unsigned long long)st.rx_frames,
					   (unsigned long long)st.rx_merged,
					   (unsigned long long)st.tx_frames,
					   (unsigned long long)st.tx_gso,
					   (unsigned long long)st.tx_renotified);
	}
}

struct netif *uk_lwip_netif(unsigned int i)
{
	return i < nifs ? &ifs[i].netif : NULL;
}

const char *uk_lwip_netif_devname(unsigned int i)
{
	return i < nifs ? ifs[i].dev->name : NULL;
}
