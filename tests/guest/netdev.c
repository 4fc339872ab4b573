/*
 * tests/guest/netdev.c - the network device interface (uk/netdev.h) as
 * the virtio-net driver implements it, against QEMU's user networking
 * (slirp: gateway 10.0.2.2 with MAC 52:55:0a:00:02:02, guest 10.0.2.15).
 * netdev.sh boots it on every machine and transport flavour as
 *   -- <expected MAC> [MTU]  one device with that MAC (and MTU: 1500)
 *   -- none               no -netdev: no device
 * Checks: the device list and info, start's errors, tx's size limits, an
 * ARP exchange (repeated past the receive ring's size, so rx_release must
 * repost), an ICMP echo with a large payload sent as several segments and
 * answered byte-exact, and that no virtio_mmio.device token reached argv.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/console.h>
#include <uk/netdev.h>
#include <uk/plat.h>
#include "str.h"
#include "tap.h"

#define TIMEOUT_NS  (10ULL * 1000000000ULL)
#define PAYLOAD     1400
#define ARP_ROUNDS  300

static const uint8_t gw_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const uint8_t gw_ip[4] = { 10, 0, 2, 2 };
static const uint8_t my_ip[4] = { 10, 0, 2, 15 };

static struct uk_netdev *dev;
static struct uk_netdev_rxbuf *rxq[64];
static unsigned int rx_head, rx_tail, tx_done_count;
static void *last_cookie;

static void on_rx(void *arg, unsigned int q, struct uk_netdev_rxbuf *b)
{
	(void)arg;
	(void)q;
	if (rx_tail - rx_head < 64)
		rxq[rx_tail++ % 64] = b;
	else
		dev->ops->rx_release(dev, b);
}

static void on_tx_done(void *arg, unsigned int q, void *cookie)
{
	(void)arg;
	(void)q;
	tx_done_count++;
	last_cookie = cookie;
}

static volatile int notified;

static void on_notify(void *arg, unsigned int q)
{
	(void)arg;
	notified = q == 0;
}

static int bytes_eq(const uint8_t *a, const uint8_t *b, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static void put(uint8_t *d, const uint8_t *s, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		d[i] = s[i];
}

static uint16_t csum(const uint8_t *p, unsigned int n)
{
	uint32_t s = 0;

	for (unsigned int i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	for (int i = 0; i < 6; i++) {
		unsigned int v = 0;

		for (int k = 0; k < 2; k++, s++) {
			char c = *s;

			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned int)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned int)(c - 'a' + 10);
			else
				return 0;
		}
		mac[i] = (uint8_t)v;
		if (i < 5 && *s++ != ':')
			return 0;
	}
	return 1;
}

/* Poll until match() accepts a frame (released either way) or timeout. */
static int wait_frame(int (*match)(const uint8_t *f, uint32_t len))
{
	uint64_t end = ukplat_monotonic_ns() + TIMEOUT_NS;
	int found = 0;

	while (!found && ukplat_monotonic_ns() < end) {
		dev->ops->poll(dev, 0, 16);
		while (rx_head != rx_tail) {
			struct uk_netdev_rxbuf *b = rxq[rx_head++ % 64];

			if (!found && match(b->data, b->len))
				found = 1;
			dev->ops->rx_release(dev, b);
		}
	}
	return found;
}

/* Count the frames tx took, for wait_tx_done. */
static unsigned int tx_sent;

static int sent(int rc)
{
	if (rc == 0)
		tx_sent++;
	return rc;
}

/*
 * Poll until tx_done has reported every frame sent. QEMU may hand
 * slirp's reply to the receive ring before it marks the request sent, so
 * a reply seen does not mean the completion is there yet.
 */
static int wait_tx_done(void)
{
	uint64_t end = ukplat_monotonic_ns() + TIMEOUT_NS;

	while (tx_done_count != tx_sent && ukplat_monotonic_ns() < end)
		dev->ops->poll(dev, 0, 0);
	return tx_done_count == tx_sent;
}

static int arp_reply(const uint8_t *f, uint32_t len)
{
	return len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2 &&
	       bytes_eq(f + 22, gw_mac, 6) && bytes_eq(f + 28, gw_ip, 4) &&
	       bytes_eq(f + 32, dev->info.mac, 6) && bytes_eq(f + 38, my_ip, 4);
}

static uint8_t arp[60];

static int send_arp(void)
{
	static const uint8_t hdr[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	struct uk_netdev_seg seg = { arp, sizeof(arp) };

	for (int i = 0; i < 6; i++)
		arp[i] = 0xff;
	put(arp + 6, dev->info.mac, 6);
	arp[12] = 0x08;
	arp[13] = 0x06;
	put(arp + 14, hdr, 8);
	put(arp + 22, dev->info.mac, 6);
	put(arp + 28, my_ip, 4);
	put(arp + 38, gw_ip, 4);
	return sent(dev->ops->tx(dev, 0, &seg, 1, NULL, arp));
}

static uint8_t eth[14], ip[20], icmp[8], payload[PAYLOAD];

static int echo_reply(const uint8_t *f, uint32_t len)
{
	const uint8_t *i = f + 14, *c = f + 34;

	return len == 14 + 20 + 8 + PAYLOAD && f[12] == 0x08 && f[13] == 0 &&
	       i[9] == 1 && bytes_eq(i + 12, gw_ip, 4) && c[0] == 0 &&
	       c[4] == 0x12 && c[5] == 0x34 && c[7] == 1 &&
	       bytes_eq(c + 8, payload, PAYLOAD);
}

/* An echo request in four segments: Ethernet, IP, ICMP, payload split. */
static int send_echo(void)
{
	struct uk_netdev_seg s[4] = {
		{ eth, 14 }, { ip, 20 }, { icmp, 8 }, { payload, PAYLOAD },
	};
	struct uk_netdev_seg five[5] = {
		s[0], s[1], s[2], { payload, 100 }, { payload + 100, PAYLOAD - 100 },
	};
	uint32_t sum;

	put(eth, gw_mac, 6);
	put(eth + 6, dev->info.mac, 6);
	eth[12] = 0x08;
	eth[13] = 0;
	for (int i = 0; i < PAYLOAD; i++)
		payload[i] = (uint8_t)(i * 7 + 3);
	ip[0] = 0x45;
	ip[2] = (20 + 8 + PAYLOAD) >> 8;
	ip[3] = (20 + 8 + PAYLOAD) & 0xff;
	ip[8] = 64;
	ip[9] = 1;
	put(ip + 12, my_ip, 4);
	put(ip + 16, gw_ip, 4);
	sum = csum(ip, 20);
	ip[10] = (uint8_t)(sum >> 8);
	ip[11] = (uint8_t)sum;
	icmp[0] = 8;
	icmp[4] = 0x12;
	icmp[5] = 0x34;
	icmp[7] = 1;
	/* The ICMP checksum over header and payload, in one buffer. */
	{
		static uint8_t all[8 + PAYLOAD];

		put(all, icmp, 8);
		put(all + 8, payload, PAYLOAD);
		sum = csum(all, sizeof(all));
	}
	icmp[2] = (uint8_t)(sum >> 8);
	icmp[3] = (uint8_t)sum;
	return sent(dev->ops->tx(dev, 0, five, 5, NULL, payload));
}

static void size_limits(void)
{
	static uint8_t big[9100];
	struct uk_netdev_seg seg = { big, 14 + dev->info.mtu + 1u };
	struct uk_netdev_seg many[UK_NETDEV_MAX_SEGS + 1];

	tap_ok(dev->ops->tx(dev, 0, &seg, 1, NULL, big) == -EMSGSIZE,
	       "tx of a %u-byte frame: -EMSGSIZE", seg.len);
	unsigned int n = dev->info.tx_max_segs + 1u;

	tap_ok(n > 1 && n <= UK_NETDEV_MAX_SEGS + 1,
	       "tx takes up to %u segments", n - 1);
	/* Small enough together for the MTU: only their number is wrong. */
	for (unsigned int i = 0; i < n; i++)
		many[i] = (struct uk_netdev_seg){ big, 20 };
	tap_ok(dev->ops->tx(dev, 0, many, n, NULL, big) == -EMSGSIZE,
	       "tx of %u segments: -EMSGSIZE", n);
	seg.len = 14 + dev->info.mtu;
	tap_ok(dev->ops->tx(dev, 0, &seg, 1, NULL, NULL) == -EINVAL,
	       "tx without a cookie: -EINVAL");
}

static void interrupts(void);

static void exchange(void)
{
	unsigned int good = 0, before;
	int rc;

	rc = send_arp();
	tap_ok(rc == 0, "tx of an ARP request (rc %d)", rc);
	tap_ok(wait_frame(arp_reply), "slirp's ARP reply: 10.0.2.2 is at 52:55:0a:00:02:02");
	tap_ok(wait_tx_done() && last_cookie == arp,
	       "tx_done reported the ARP frame's cookie (%u calls)", tx_done_count);
	for (int i = 0; i < ARP_ROUNDS; i++)
		good += send_arp() == 0 && wait_frame(arp_reply);
	tap_ok(good == ARP_ROUNDS, "%u of %d more ARP exchanges (receive buffers reposted)",
	       good, ARP_ROUNDS);
	wait_tx_done(); /* the ARP rounds', so what follows is the echo's */
	before = tx_done_count;
	rc = send_echo();
	tap_ok(rc == 0, "tx of a %d-byte ICMP echo in 5 segments (rc %d)", PAYLOAD, rc);
	tap_ok(wait_frame(echo_reply), "echo reply from 10.0.2.2 with the payload byte-exact");
	tap_ok(wait_tx_done() && last_cookie == payload && tx_done_count == before + 1,
	       "tx_done for the echo request, once (%u)", tx_done_count - before);
	interrupts();
}

/*
 * With an interrupt controller (ukplat_irq_handlers() counts ours), a
 * frame after intr_enable raises notify; without one the device is polled
 * and intr_enable says so.
 */
static void interrupts(void)
{
	uint64_t end;
	int rc;

	rc = dev->ops->intr_enable(dev, 1);
	tap_ok(rc == -EINVAL, "intr_enable of queue 1: -EINVAL (%d)", rc);
	rc = dev->ops->intr_enable(dev, 0);
	if (!ukplat_irq_handlers()) {
		tap_ok(rc == -ENOTSUP, "no interrupt line: intr_enable -ENOTSUP (%d)", rc);
		return;
	}
	tap_ok(rc == 0 || rc == 1, "intr_enable returns 0 or 1 (%d)", rc);
	notified = 0;
	send_arp();
	end = ukplat_monotonic_ns() + TIMEOUT_NS;
	/* Halting takes interrupts (the application runs with them off). */
	while (!notified && ukplat_monotonic_ns() < end)
		ukplat_halt_until_ns(end);
	tap_ok(notified, "a frame raised notify");
	tap_ok(wait_frame(arp_reply), "and poll delivered it");
}

int main(int argc, char *argv[])
{
	struct uk_netdev_conf conf = { 1, on_rx, on_tx_done, on_notify, NULL };
	struct uk_netdev_conf bad = conf;
	uint8_t want[6];
	int none = argc > 1 && str_eq(argv[1], "none");
	int argv_clean = 1, rc;
	unsigned int mtu;

	for (int i = 0; i < argc; i++)
		for (const char *p = argv[i]; *p; p++)
			if (p[0] == 'v' && p[1] == 'i' && p[2] == 'r' && p[3] == 't' &&
			    p[4] == 'i' && p[5] == 'o' && p[6] == '_')
				argv_clean = 0;
	tap_ok(argv_clean && (argc == 2 || argc == 3), "argv is the application's only (argc %d)", argc);
	if (none) {
		tap_ok(ukplat_netdev_count() == 0, "no -netdev: no device (%u)",
		       ukplat_netdev_count());
		tap_ok(ukplat_netdev_get(0) == NULL, "ukplat_netdev_get(0) is NULL");
		return tap_done();
	}
	tap_ok(ukplat_netdev_count() == 1, "one network device (%u)", ukplat_netdev_count());
	dev = ukplat_netdev_get(0);
	tap_ok(ukplat_netdev_get(1) == NULL, "ukplat_netdev_get(1) is NULL");
	if (!tap_ok(dev != NULL, "device 0 exists"))
		return tap_done();
	tap_ok(str_eq(dev->name, "virtio-net0"), "its name is virtio-net0 (%s)", dev->name);
	tap_ok(argc > 1 && parse_mac(argv[1], want) && bytes_eq(dev->info.mac, want, 6),
	       "MAC %02x:%02x:%02x:%02x:%02x:%02x is QEMU's", dev->info.mac[0],
	       dev->info.mac[1], dev->info.mac[2], dev->info.mac[3],
	       dev->info.mac[4], dev->info.mac[5]);
	mtu = argc > 2 ? (unsigned int)str_to_i64(argv[2]) : 1500;
	tap_ok(dev->info.mtu == mtu, "mtu %u (%u)", mtu, dev->info.mtu);
	tap_ok(dev->info.max_queue_pairs == 1, "one queue pair");
	tap_ok(dev->info.rx_buf_size >= 14 + mtu, "rx buffers hold a full frame (%u)",
	       dev->info.rx_buf_size);
	bad.rx = NULL;
	tap_ok(dev->ops->start(dev, &bad) == -EINVAL, "start without rx: -EINVAL");
	bad = conf;
	bad.queue_pairs = 2;
	tap_ok(dev->ops->start(dev, &bad) == -EINVAL, "start with 2 queue pairs: -EINVAL");
	rc = dev->ops->start(dev, &conf);
	tap_ok(rc == 0, "start (rc %d)", rc);
	tap_ok(dev->ops->start(dev, &conf) == -EBUSY, "start again: -EBUSY");
	size_limits();
	exchange();
	return tap_done();
}
