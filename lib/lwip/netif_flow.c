/*
 * lib/lwip/netif_flow.c - which transmit queue a frame takes on a device
 * with several queue pairs (uk/netdev.h): a hash of the flow (IPv4/IPv6
 * addresses, and TCP/UDP ports of unfragmented packets), so that a
 * flow's frames stay in order on one queue while different flows spread
 * over all of them. Frames of no flow (ARP, fragments past the first
 * header) hash on what they have. Also the TCP flags of a frame, for
 * uk.net.debug_drop_fin (netif.c).
 */
#include <stdbool.h>
#include "lwip/pbuf.h"
#include "lwip.h"

#define ETH_HLEN     14
#define PROTO_TCP    6
#define PROTO_UDP    17

/* FNV-1a over the flow's bytes: cheap, and spreads port numbers. */
static uint32_t fnv(uint32_t h, const uint8_t *b, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

#define HDR (ETH_HLEN + 40 + 4)

struct frame_l34 {
	unsigned int l4, proto, addr, addr_len;
};

/*
 * The first bytes of frame p (into h, HDR bytes), and where its TCP or
 * UDP header starts (0: none, or a fragment past the first), its IP
 * protocol and the offset of the addresses and their length; false for
 * a frame too short to tell.
 */
static bool frame_parse(struct pbuf *p, uint8_t *h, struct frame_l34 *f)
{
	unsigned int len = pbuf_copy_partial(p, h, HDR, 0), type;

	*f = (struct frame_l34){ 0 };
	if (len < ETH_HLEN + 20)
		return false;
	type = (unsigned int)h[12] << 8 | h[13];
	if (type == 0x0800 && (h[ETH_HLEN] >> 4) == 4) {
		f->addr = ETH_HLEN + 12;
		f->addr_len = 8;
		f->proto = h[ETH_HLEN + 9];
		/* Ports only in an unfragmented packet. */
		if (!((h[ETH_HLEN + 6] << 8 | h[ETH_HLEN + 7]) & 0x3fff))
			f->l4 = ETH_HLEN + (h[ETH_HLEN] & 0xfu) * 4;
	} else if (type == 0x86dd && len >= ETH_HLEN + 40) {
		f->addr = ETH_HLEN + 8;
		f->addr_len = 32;
		f->proto = h[ETH_HLEN + 6];
		f->l4 = ETH_HLEN + 40;
	}
	return true;
}

unsigned int uk_lwip_flow_queue(struct pbuf *p, unsigned int n)
{
	uint8_t h[HDR];
	struct frame_l34 f;
	uint32_t x = 2166136261u;

	if (n <= 1 || !frame_parse(p, h, &f))
		return 0;
	x = fnv(x, h + f.addr, f.addr_len);
	/* (Fragments share a queue: they hash on addresses only.) */
	if (f.l4 && (f.proto == PROTO_TCP || f.proto == PROTO_UDP) &&
	    pbuf_copy_partial(p, h, 4, (u16_t)f.l4) == 4)
		x = fnv(x, h, 4);
	return (x ^ x >> 16) % n;
}

unsigned int uk_lwip_tcp_flags(struct pbuf *p)
{
	uint8_t h[HDR];
	struct frame_l34 f;

	if (!frame_parse(p, h, &f) || !f.l4 || f.proto != PROTO_TCP ||
	    pbuf_copy_partial(p, h, 1, (u16_t)(f.l4 + 13)) != 1)
		return 0;
	return h[0];
}
