/*
 * lib/lwip/netif_csum.c - checksum offload between lwIP and a network
 * device (uk/netdev.h UK_NETDEV_F_CSUM_TX / _RX): which checksums lwIP
 * computes and checks on an interface, the per-frame offload data of an
 * outgoing TCP segment, and the per-frame choice of lwIP's receive check.
 *
 * Transmit: with CSUM_TX lwIP leaves the TCP checksum field 0
 * (NETIF_CHECKSUM_GEN_TCP off); the device wants the pseudo-header sum
 * there (virtio 1.2, 5.1.6.2), so each segment gets it here, with
 * csum_start/csum_offset pointing at the TCP header and its field. The
 * TCP segments lwIP builds are never fragmented (the MSS fits the MTU)
 * and carry no IPv6 extension headers; anything else on a
 * CSUM_TX interface has its checksums from lwIP as before.
 * UDP checksums stay lwIP's: lwIP fragments a datagram larger than the
 * MTU after its UDP layer has run, and the first fragment's checksum
 * covers the whole datagram, which the interface never sees at once (an
 * IPv6 receiver drops a UDP checksum of 0, so it cannot be left out).
 *
 * Receive: lwIP's checks are a per-interface flag, but lwIP's input runs
 * to completion inside netif->input under the core lock, so the flag is
 * set for each frame before it goes in: off when the device vouched for
 * the frame (DATA_VALID, or NEEDS_CSUM: the host's own, never computed),
 * on otherwise. Reassembled IP datagrams are checked with the flag of
 * their last fragment, which a device never marks valid.
 */
#include <uk/netdev.h>
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip.h"

#define ETH_HLEN        14
#define ETHTYPE_IP4     0x0800
#define ETHTYPE_IP6     0x86dd
#define PROTO_TCP       6
#define TCP_CSUM_OFF    16
#define IP4_MF_OFFSET   0x3fff  /* more fragments, fragment offset */

/* The checks that stay lwIP's whatever the device says. */
#define CHECKS_OFFLOADABLE (NETIF_CHECKSUM_CHECK_TCP | NETIF_CHECKSUM_CHECK_UDP)

uint16_t uk_lwip_csum_flags(const struct uk_netdev_info *info)
{
	uint16_t f = NETIF_CHECKSUM_ENABLE_ALL;

	if (info->features & UK_NETDEV_F_CSUM_TX)
		f &= (uint16_t)~NETIF_CHECKSUM_GEN_TCP;
	return f;
}

void uk_lwip_csum_rx(struct netif *netif, uint16_t base,
		     const struct uk_netdev_meta *meta)
{
	uint16_t f = base;

	if (meta->flags &
	    (UK_NETDEV_META_CSUM_VALID | UK_NETDEV_META_CSUM_PARTIAL))
		f &= (uint16_t)~CHECKS_OFFLOADABLE;
	NETIF_SET_CHECKSUM_CTRL(netif, f);
}

static uint32_t sum16(const uint8_t *b, unsigned int n, uint32_t s)
{
	for (unsigned int i = 0; i + 1 < n; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	return s;
}

/* The pseudo-header sum of a TCP segment of 'len' bytes behind the IP
 * header at ip (addresses, protocol, length), not yet folded. */
static uint32_t pseudo_sum(const uint8_t *ip, unsigned int len)
{
	if ((ip[0] >> 4) == 4)
		return sum16(ip + 12, 8, PROTO_TCP + len);
	return sum16(ip + 8, 32, PROTO_TCP + len);
}

/*
 * Where the TCP header of frame p starts, with the pseudo-header sum
 * (addresses, protocol, TCP length) in *psum; 0 when p is not a TCP
 * segment the device may finish.
 */
static unsigned int tcp_at(struct pbuf *p, uint32_t *psum)
{
	uint8_t h[ETH_HLEN + 40];
	unsigned int type, l3 = ETH_HLEN, l4, len;

	if (pbuf_copy_partial(p, h, sizeof(h), 0) != sizeof(h))
		return 0; /* too short for a TCP segment anyway */
	type = (unsigned int)h[12] << 8 | h[13];
	if (type == ETHTYPE_IP4) {
		const uint8_t *ip = h + l3;
		unsigned int tot = (unsigned int)ip[2] << 8 | ip[3];

		if ((ip[0] >> 4) != 4 || ip[9] != PROTO_TCP ||
		    ((ip[6] << 8 | ip[7]) & IP4_MF_OFFSET))
			return 0;
		l4 = l3 + (ip[0] & 0xfu) * 4;
		if (tot < (l4 - l3) + 20u || l3 + tot > p->tot_len)
			return 0;
		len = tot - (l4 - l3);
		*psum = pseudo_sum(ip, len);
	} else if (type == ETHTYPE_IP6) {
		const uint8_t *ip = h + l3;

		if ((ip[0] >> 4) != 6 || ip[6] != PROTO_TCP)
			return 0;
		len = (unsigned int)ip[4] << 8 | ip[5];
		l4 = l3 + 40;
		if (len < 20 || l4 + len > p->tot_len)
			return 0;
		*psum = pseudo_sum(ip, len);
	} else {
		return 0;
	}
	return l4;
}

/* The checksum field's content for pseudo-header sum s, and *meta. */
static void partial(uint32_t s, unsigned int l4, uint8_t *field,
		    struct uk_netdev_meta *meta)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	/* Not complemented: the device adds the segment to it (5.1.6.2). */
	field[0] = (uint8_t)(s >> 8);
	field[1] = (uint8_t)s;
	meta->flags |= UK_NETDEV_META_CSUM_PARTIAL;
	meta->csum_start = (uint16_t)l4;
	meta->csum_offset = TCP_CSUM_OFF;
}

int uk_lwip_csum_tx(struct pbuf *p, struct uk_netdev_meta *meta)
{
	uint32_t s = 0;
	unsigned int l4 = tcp_at(p, &s);
	uint8_t field[2];
	struct uk_netdev_meta m = *meta;

	if (!l4)
		return 0;
	partial(s, l4, field, &m);
	if (pbuf_take_at(p, field, 2, (u16_t)(l4 + TCP_CSUM_OFF)) != ERR_OK)
		return -1;
	*meta = m;
	return 1;
}

void uk_lwip_csum_tx_hdr(uint8_t *hdr, unsigned int l4, unsigned int tcp_len,
			 struct uk_netdev_meta *meta)
{
	partial(pseudo_sum(hdr + ETH_HLEN, tcp_len), l4,
		hdr + l4 + TCP_CSUM_OFF, meta);
}
