/*
 * lib/lwip/netif_flow.c - which transmit queue a frame takes on a device
 * with several queue pairs (uk/netdev.h): a hash of the flow (IPv4/IPv6
 * addresses, and TCP/UDP ports of unfragmented packets), so that a
 * flow's frames stay in order on one queue while different flows spread
 * over all of them. Frames of no flow (ARP, fragments past the first
 * header) hash on what they have.
 */
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

unsigned int uk_lwip_flow_queue(struct pbuf *p, unsigned int n)
{
	uint8_t h[ETH_HLEN + 40 + 4];
	unsigned int len, type, l4 = 0, proto = 0;
	uint32_t x = 2166136261u;

	if (n <= 1)
		return 0;
	len = pbuf_copy_partial(p, h, sizeof(h), 0);
	if (len < ETH_HLEN + 20)
		return 0;
	type = (unsigned int)h[12] << 8 | h[13];
	if (type == 0x0800 && (h[ETH_HLEN] >> 4) == 4) {
		x = fnv(x, h + ETH_HLEN + 12, 8);
		proto = h[ETH_HLEN + 9];
		/* Ports only in an unfragmented packet (fragments share a queue). */
		if (!((h[ETH_HLEN + 6] << 8 | h[ETH_HLEN + 7]) & 0x3fff))
			l4 = ETH_HLEN + (h[ETH_HLEN] & 0xfu) * 4;
	} else if (type == 0x86dd && len >= ETH_HLEN + 40) {
		x = fnv(x, h + ETH_HLEN + 8, 32);
		proto = h[ETH_HLEN + 6];
		l4 = ETH_HLEN + 40;
	}
	if (l4 && (proto == PROTO_TCP || proto == PROTO_UDP) &&
	    pbuf_copy_partial(p, h, 4, (u16_t)l4) == 4)
		x = fnv(x, h, 4);
	return (x ^ x >> 16) % n;
}
