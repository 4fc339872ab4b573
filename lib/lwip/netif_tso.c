/*
 * lib/lwip/netif_tso.c - transmit segmentation offload for lwIP
 * (uk/netdev.h UK_NETDEV_F_TSO4/6): consecutive TCP segments of one flow
 * that lwIP sends in one go are handed to the device as one frame, which
 * the device (the host's stack, for virtio-net) cuts back into the same
 * segments.
 *
 * lwIP builds every segment itself, at most one MSS long, and sends each
 * through the interface at once. What it sends while holding its core
 * lock (a socket write, the processing of one received ACK, a timer) is
 * one burst, so an interface with TSO keeps, per transmit queue, one
 * open batch: a segment that continues the batch's flow (same addresses,
 * ports, acknowledgement, window and options; the next sequence number;
 * earlier segments all a full MSS) joins it, anything else closes it.
 * Every batch is sent when lwIP lets go of its core lock
 * (UNLOCK_TCPIP_CORE in port/lwipopts.h calls uk_lwip_tx_flush), or as
 * soon as it cannot grow (a short segment, PSH, its size limits), so
 * nothing waits for later traffic. The segments' pbufs are referenced, not
 * copied; lwIP leaves a referenced segment alone (it will not retransmit
 * it) until the device is done with the batch. The merged frame's
 * headers are the first segment's, copied into the batch and given the
 * whole's lengths, the last segment's PSH and the pseudo-header sum of
 * the whole (virtio 1.2, 5.1.6.2).
 */
#include <uk/netdev.h>
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip.h"

#define ETH_HLEN     14
#define PROTO_TCP    6
#define TCP_ACK      0x10
#define TCP_PSH      0x08
#define IP4_MF_OFFSET 0x3fff
#define HDR_MAX      (ETH_HLEN + 40 + 60)  /* Ethernet, IPv6, TCP with options */
#define TSO_FRAMES   44                    /* segments per batch */
#define TSO_BYTES    (62 * 1024)           /* payload: IP's 64 KiB, headers aside */
#define TSO_BATCHES  32                    /* per interface, open or in flight */

struct tso_batch {
	struct tso_batch *next_free;
	unsigned int n;               /* segments in it */
	unsigned int segs;            /* device segments their payloads take */
	unsigned int l4, hlen;        /* TCP header offset, all headers */
	unsigned int mss;             /* the first segment's payload */
	unsigned int bytes;           /* payload of all */
	uint32_t next_seq;
	bool v6, psh;
	struct pbuf *frames[TSO_FRAMES];
	uint8_t hdr[HDR_MAX];         /* the first segment's headers */
};

struct uk_lwip_tso {
	struct uk_netdev *dev;
	struct tso_batch **open;      /* per transmit queue */
	struct tso_batch *free;
	struct tso_batch pool[TSO_BATCHES];
};

/* Batches open on any interface (core lock held): the flush's fast exit. */
unsigned int uk_lwip_tx_pending;

/* What tcp_seg found in a frame. */
struct seg_info {
	unsigned int l4, hlen, payload;
	unsigned int segs;            /* device segments the payload takes */
	uint32_t seq;
	uint8_t flags;
	bool v6;
};

static unsigned int be16(const uint8_t *b)
{
	return (unsigned int)b[0] << 8 | b[1];
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* Device segments the payload of p (after hlen bytes) takes. */
static unsigned int payload_segs(struct pbuf *p, unsigned int hlen)
{
	unsigned int n = 0, off = 0;

	for (; p; off += p->len, p = p->next)
		if (off + p->len > hlen)
			n++;
	return n;
}

/*
 * Whether frame p is a TCP segment that may be merged (IPv4 without
 * options or fragmentation, or IPv6 without extension headers; its
 * lengths those of the frame), with its headers copied to h (HDR_MAX).
 */
static bool tcp_seg(struct pbuf *p, uint8_t *h, struct seg_info *s)
{
	unsigned int n = pbuf_copy_partial(p, h, HDR_MAX, 0), ip_len, th;
	const uint8_t *ip = h + ETH_HLEN;

	if (n < ETH_HLEN + 40 + 20)
		return false;
	if (be16(h + 12) == 0x0800 && ip[0] == 0x45 && ip[9] == PROTO_TCP &&
	    !(be16(ip + 6) & IP4_MF_OFFSET)) {
		s->v6 = false;
		s->l4 = ETH_HLEN + 20;
		ip_len = be16(ip + 2);
	} else if (be16(h + 12) == 0x86dd && (ip[0] >> 4) == 6 &&
		   ip[6] == PROTO_TCP) {
		s->v6 = true;
		s->l4 = ETH_HLEN + 40;
		ip_len = 40 + be16(ip + 4);
	} else {
		return false;
	}
	th = (h[s->l4 + 12] >> 4) * 4u;
	s->hlen = s->l4 + th;
	if (th < 20 || s->hlen > n || ETH_HLEN + ip_len != p->tot_len ||
	    p->tot_len < s->hlen)
		return false;
	s->payload = p->tot_len - s->hlen;
	s->segs = payload_segs(p, s->hlen);
	s->seq = be32(h + s->l4 + 4);
	s->flags = h[s->l4 + 13];
	return true;
}

/* Whether segment h continues batch b's flow, header for header. */
static bool same_flow(const struct tso_batch *b, const uint8_t *h,
		      const struct seg_info *s)
{
	const uint8_t *a = b->hdr, *ip = a + ETH_HLEN, *hip = h + ETH_HLEN;
	unsigned int l4 = b->l4;

	if (s->v6 != b->v6 || s->hlen != b->hlen || s->seq != b->next_seq ||
	    __builtin_memcmp(a, h, ETH_HLEN) != 0)
		return false;
	if (b->v6) {
		/* Version, class and flow label; next header, hop limit and
		 * the addresses (the payload length differs). */
		if (__builtin_memcmp(ip, hip, 4) || __builtin_memcmp(ip + 6, hip + 6, 34))
			return false;
	} else {
		/* All but the total length, identification and checksum. */
		if (__builtin_memcmp(ip, hip, 2) || __builtin_memcmp(ip + 6, hip + 6, 4) ||
		    __builtin_memcmp(ip + 12, hip + 12, 8))
			return false;
	}
	/* Ports; acknowledgement, header length; window; options. */
	return !__builtin_memcmp(a + l4, h + l4, 4) &&
	       !__builtin_memcmp(a + l4 + 8, h + l4 + 8, 5) &&
	       !__builtin_memcmp(a + l4 + 14, h + l4 + 14, 2) &&
	       !__builtin_memcmp(a + l4 + 20, h + l4 + 20, b->hlen - l4 - 20);
}

static void batch_free(struct uk_lwip_tso *t, struct tso_batch *b)
{
	for (unsigned int i = 0; i < b->n; i++)
		pbuf_free(b->frames[i]);
	b->n = 0;
	b->next_free = t->free;
	t->free = b;
}

void uk_lwip_tso_done(struct uk_lwip_tso *t, void *cookie)
{
	batch_free(t, (struct tso_batch *)((uintptr_t)cookie & ~(uintptr_t)1));
}

/* The merged frame's headers: the whole's lengths and checksum base. */
static void batch_headers(struct tso_batch *b, struct uk_netdev_meta *meta)
{
	uint8_t *ip = b->hdr + ETH_HLEN;
	unsigned int tcp_len = b->hlen - b->l4 + b->bytes;

	if (b->v6) {
		ip[4] = (uint8_t)(tcp_len >> 8);
		ip[5] = (uint8_t)tcp_len;
	} else {
		uint32_t s = 0;
		unsigned int tot = 20 + tcp_len;

		ip[2] = (uint8_t)(tot >> 8);
		ip[3] = (uint8_t)tot;
		ip[10] = ip[11] = 0;
		for (unsigned int i = 0; i < 20; i += 2)
			s += be16(ip + i);
		while (s >> 16)
			s = (s & 0xffff) + (s >> 16);
		ip[10] = (uint8_t)(~s >> 8);
		ip[11] = (uint8_t)~s;
	}
	if (b->psh)
		b->hdr[b->l4 + 13] |= TCP_PSH;
	uk_lwip_csum_tx_hdr(b->hdr, b->l4, tcp_len, meta);
	meta->gso = b->v6 ? UK_NETDEV_GSO_TCPV6 : UK_NETDEV_GSO_TCPV4;
	meta->gso_size = (uint16_t)b->mss;
	meta->hdr_len = (uint16_t)b->hlen;
}

/* Send queue q's open batch, if any (core lock held). */
static void batch_send(struct uk_lwip_tso *t, unsigned int q)
{
	struct tso_batch *b = t->open[q];
	struct uk_netdev_seg segs[UK_NETDEV_MAX_SEGS];
	struct uk_netdev_meta meta = { 0 };
	unsigned int n = 0;

	if (!b)
		return;
	t->open[q] = NULL;
	if (b->n == 1) {
		/* Nothing joined it: an ordinary frame after all. */
		uk_lwip_netif_send_pbuf(t->dev, q, b->frames[0]);
		batch_free(t, b);
		return;
	}
	batch_headers(b, &meta);
	segs[n++] = (struct uk_netdev_seg){ b->hdr, b->hlen };
	for (unsigned int i = 0; i < b->n; i++) {
		unsigned int off = 0;

		for (struct pbuf *p = b->frames[i]; p; off += p->len, p = p->next) {
			unsigned int skip = off < b->hlen ? b->hlen - off : 0;

			if (skip < p->len)
				segs[n++] = (struct uk_netdev_seg){
					(const uint8_t *)p->payload + skip,
					p->len - skip };
		}
	}
	if (uk_lwip_netif_send(t->dev, q, segs, n, &meta,
			       (void *)((uintptr_t)b | 1)) < 0)
		batch_free(t, b); /* TCP sends the segments again later */
}

void uk_lwip_tso_flush(struct uk_lwip_tso *t)
{
	for (unsigned int q = 0; q < t->dev->queue_pairs; q++)
		batch_send(t, q);
}

/* Open a batch on queue q with segment p; false when none is free. */
static bool batch_open(struct uk_lwip_tso *t, unsigned int q, struct pbuf *p,
		       const uint8_t *h, const struct seg_info *s)
{
	struct tso_batch *b = t->free;

	if (!b)
		return false;
	t->free = b->next_free;
	__builtin_memcpy(b->hdr, h, s->hlen);
	b->l4 = s->l4;
	b->hlen = s->hlen;
	b->v6 = s->v6;
	b->mss = s->payload;
	b->bytes = s->payload;
	b->next_seq = s->seq + s->payload;
	b->psh = false;
	b->segs = s->segs;
	pbuf_ref(p);
	b->frames[0] = p;
	b->n = 1;
	t->open[q] = b;
	uk_lwip_tx_pending++;
	return true;
}

err_t uk_lwip_tso_output(struct uk_lwip_tso *t, unsigned int q, struct pbuf *p)
{
	struct tso_batch *b = t->open[q];
	uint8_t h[HDR_MAX];
	struct seg_info s;
	bool tcp = tcp_seg(p, h, &s) && s.payload > 0 &&
		   (s.flags & (uint8_t)~TCP_PSH) == TCP_ACK &&
		   (t->dev->info.features &
		    (s.v6 ? UK_NETDEV_F_TSO6 : UK_NETDEV_F_TSO4));

	if (b && tcp && same_flow(b, h, &s) && b->n < TSO_FRAMES &&
	    s.payload <= b->mss && b->bytes + s.payload <= TSO_BYTES &&
	    1 + b->segs + s.segs <= t->dev->info.tx_max_segs) {
		pbuf_ref(p);
		b->frames[b->n++] = p;
		b->bytes += s.payload;
		b->segs += s.segs;
		b->next_seq += s.payload;
		b->psh = (s.flags & TCP_PSH) != 0;
		/* Only full segments may be followed (the device cuts at mss). */
		if (b->psh || s.payload < b->mss)
			batch_send(t, q);
		return ERR_OK;
	}
	batch_send(t, q); /* anything else goes after what came before */
	if (tcp && !(s.flags & TCP_PSH) && batch_open(t, q, p, h, &s))
		return ERR_OK;
	return uk_lwip_netif_send_pbuf(t->dev, q, p);
}

struct uk_lwip_tso *uk_lwip_tso_new(struct uk_netdev *dev)
{
	struct uk_lwip_tso *t = uk_lwip_calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->open = uk_lwip_calloc(dev->queue_pairs, sizeof(*t->open));
	if (!t->open) {
		uk_lwip_free(t);
		return NULL;
	}
	t->dev = dev;
	for (unsigned int i = 0; i < TSO_BATCHES; i++) {
		t->pool[i].next_free = t->free;
		t->free = &t->pool[i];
	}
	return t;
}
