/*
 * tests/guest/net_mq.c - virtio-net with offloads and several queue pairs
 * (a tap backend: net_mq.sh), seen from an application: the device the
 * driver negotiated, many concurrent TCP flows and UDP echo through lwIP,
 * and the per-queue counters of uk/netdev.h afterwards. Arguments are
 * NAME=VALUE:
 *
 *   peer=A.B.C.D  the host (netpeer.pl tapserve: TCP and UDP echo)
 *   tcp=PORT      its TCP echo: FLOWS connections at once, each sending
 *                 BYTES / FLOWS bytes and reading them back byte-exact
 *   peer6=ADDR tcp6=PORT
 *                 the same echo over IPv6 (an address on the guest's
 *                 static /64): one flow in four goes there instead
 *   udp=PORT      its UDP echo; then datagrams the host sends through
 *                 a raw socket (no checksum vouched for by the device):
 *                 one with a wrong UDP checksum must be dropped, one with
 *                 a right one delivered
 *   pairs=N       the queue pairs the device must run
 *   csum=1        the device must offer both checksum offloads, and both
 *                 directions must use them
 *   gso=1         the device must take TSO frames and deliver merged TCP
 *                 frames (receive GSO, UK_NETDEV_F_LRO), and both
 *                 directions must have used them: the echo's bytes went
 *                 through them
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <uk/netdev.h>
#include "musl_tap.h"

#define FLOWS   16
#define BYTES   (1 << 20)               /* each way, all flows together */
#define PER     (BYTES / FLOWS)
#define TIMEOUT_MS 120000

struct flow {
	int fd;
	size_t sent, got;
	int bad;                        /* a byte came back wrong */
};

static unsigned char pattern(size_t flow, size_t i)
{
	return (unsigned char)(i * 7 + i / 251 + 13 + flow * 31);
}

static struct sockaddr_in peer_addr(const char *ip, unsigned int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

/* Drive one flow's socket as far as it goes without blocking. */
static void flow_step(struct flow *f, size_t idx, short revents)
{
	static unsigned char buf[16384];
	ssize_t n;

	if ((revents & POLLOUT) && f->sent < PER) {
		size_t len = PER - f->sent < sizeof(buf) ? PER - f->sent : sizeof(buf);

		for (size_t i = 0; i < len; i++)
			buf[i] = pattern(idx, f->sent + i);
		n = write(f->fd, buf, len);
		if (n > 0)
			f->sent += (size_t)n;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		n = read(f->fd, buf, sizeof(buf));
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != pattern(idx, f->got + (size_t)i))
				f->bad = 1;
		if (n > 0)
			f->got += (size_t)n;
		else if (n == 0 || errno != EAGAIN)
			f->bad = 1; /* closed or failed before the end */
	}
}

/* A connected TCP socket, or -1. */
static int connect_to(const struct sockaddr *a, socklen_t len)
{
	int fd = socket(a->sa_family, SOCK_STREAM, 0);

	if (fd >= 0 && connect(fd, a, len) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void check_tcp(const char *ip, unsigned int port, const char *ip6,
		      unsigned int port6)
{
	struct sockaddr_in a = peer_addr(ip, port);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons((uint16_t)port6) };
	struct flow fl[FLOWS];
	struct pollfd pf[FLOWS];
	size_t sent = 0, got = 0;
	int connected = 0, bad = 0, left = FLOWS, v6 = 0;

	if (ip6 && inet_pton(AF_INET6, ip6, &a6.sin6_addr) != 1)
		ip6 = NULL;
	for (int i = 0; i < FLOWS; i++) {
		bool six = ip6 && i % 4 == 3;

		fl[i] = (struct flow){
			.fd = six ? connect_to((struct sockaddr *)&a6, sizeof(a6)) :
				    connect_to((struct sockaddr *)&a, sizeof(a)),
		};
		connected += fl[i].fd >= 0;
		v6 += six && fl[i].fd >= 0;
		fcntl(fl[i].fd, F_SETFL, O_NONBLOCK);
	}
	if (ip6)
		check(v6 == FLOWS / 4, "%d of them to [%s]:%u", FLOWS / 4, ip6, port6);
	check(connected == FLOWS, "%d TCP connections to %s:%u", FLOWS, ip, port);
	while (left > 0) {
		int n;

		left = 0;
		for (int i = 0; i < FLOWS; i++) {
			short ev = 0;

			if (fl[i].bad || fl[i].got == PER)
				ev = 0;
			else
				ev = (short)(POLLIN | (fl[i].sent < PER ? POLLOUT : 0));
			pf[i] = (struct pollfd){ .fd = ev ? fl[i].fd : -1, .events = ev };
			left += ev != 0;
		}
		if (!left)
			break;
		n = poll(pf, FLOWS, TIMEOUT_MS);
		if (n <= 0)
			break;
		for (int i = 0; i < FLOWS; i++)
			if (pf[i].revents)
				flow_step(&fl[i], (size_t)i, pf[i].revents);
	}
	for (int i = 0; i < FLOWS; i++) {
		sent += fl[i].sent;
		got += fl[i].got;
		bad += fl[i].bad;
		close(fl[i].fd);
	}
	check(sent == BYTES && got == BYTES && !bad,
	      "%d flows sent %zu and got back %zu bytes, byte-exact (%d bad)",
	      FLOWS, sent, got, bad);
}

static void check_udp(const char *ip, unsigned int port)
{
	struct sockaddr_in a = peer_addr(ip, port);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct timeval tv = { .tv_sec = 2 };
	int ok = 0;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	connect(fd, (struct sockaddr *)&a, sizeof(a));
	for (int i = 0; i < 20; i++) {
		char msg[1200], back[1300];
		ssize_t n;

		for (size_t k = 0; k < sizeof(msg); k++)
			msg[k] = (char)pattern((size_t)i, k);
		if (write(fd, msg, sizeof(msg)) != (ssize_t)sizeof(msg))
			continue;
		n = read(fd, back, sizeof(back));
		ok += n == (ssize_t)sizeof(msg) && !memcmp(msg, back, sizeof(msg));
	}
	check(ok >= 18, "UDP echo through %s:%u: %d of 20 datagrams back intact",
	      ip, port, ok);
	close(fd);
}

/*
 * The host answers "inject PORT" with BAD (wrong checksum) and RAWOK
 * (right) from a raw socket, then GOOD from its UDP socket: the frames
 * without DATA_VALID/NEEDS_CSUM are checked by lwIP even with GUEST_CSUM.
 */
static void check_udp_csum(const char *ip, unsigned int port)
{
	struct sockaddr_in a = peer_addr(ip, port);
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(7001) };
	struct timeval tv = { .tv_sec = 1 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), good = 0, rawok = 0, bad = 0;
	char buf[64];
	ssize_t n;

	bind(fd, (struct sockaddr *)&me, sizeof(me));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sendto(fd, "inject 7001", 11, 0, (struct sockaddr *)&a, sizeof(a));
	while ((n = recv(fd, buf, sizeof(buf) - 1, 0)) > 0) {
		buf[n] = '\0';
		good += !strcmp(buf, "GOOD");
		rawok += !strcmp(buf, "RAWOK");
		bad += !strcmp(buf, "BAD");
	}
	check(good == 1 && rawok == 1,
	      "datagrams the device did not vouch for: a right checksum is delivered (%d, %d)",
	      good, rawok);
	check(bad == 0, "... a wrong one is dropped (%d delivered)", bad);
	close(fd);
}

static void check_device(unsigned int pairs, int csum, int gso)
{
	struct uk_netdev *d = ukplat_netdev_get(0);
	uint32_t f = d ? d->info.features : 0;

	if (!check(d != NULL, "a network device"))
		return;
	printf("# %s: features 0x%x, queue pairs %u in use of %u\n", d->name,
	       f, d->queue_pairs, d->info.max_queue_pairs);
	check(d->queue_pairs == pairs && d->info.max_queue_pairs == pairs,
	      "%u queue pairs offered and in use", pairs);
	if (csum)
		check((f & UK_NETDEV_F_CSUM_TX) && (f & UK_NETDEV_F_CSUM_RX),
		      "checksum offload both ways negotiated");
	if (!gso)
		return;
	check((f & UK_NETDEV_F_LRO) && d->info.rx_max >= 65535 &&
	      d->info.rx_buf_size < 4096,
	      "receive GSO negotiated: frames up to %u bytes in buffers of %u",
	      d->info.rx_max, d->info.rx_buf_size);
	check((f & UK_NETDEV_F_TSO4) && (f & UK_NETDEV_F_TSO6) &&
	      d->info.tso_max >= 65535 && d->info.tx_max_segs > 32,
	      "TSO negotiated: frames up to %u bytes in up to %u segments",
	      d->info.tso_max, d->info.tx_max_segs);
}

/* After the traffic: how the queues and offloads carried it. */
static void check_queues(unsigned int pairs, int csum, int gso)
{
	struct uk_netdev *d = ukplat_netdev_get(0);
	struct uk_netdev_qstats st, sum = { 0 };
	unsigned int rxq = 0, txq = 0;

	if (!d)
		return;
	for (unsigned int q = 0; q < d->queue_pairs; q++) {
		if (d->ops->stats(d, q, &st) != 0)
			continue;
		printf("# queue %u: rx %llu (csum trusted %llu, merged %llu, gso %llu, dropped %llu), tx %llu (csum partial %llu, gso %llu, renotified %llu)\n",
		       q, (unsigned long long)st.rx_frames,
		       (unsigned long long)st.rx_csum_trusted,
		       (unsigned long long)st.rx_merged,
		       (unsigned long long)st.rx_gso,
		       (unsigned long long)st.rx_dropped,
		       (unsigned long long)st.tx_frames,
		       (unsigned long long)st.tx_csum_partial,
		       (unsigned long long)st.tx_gso,
		       (unsigned long long)st.tx_renotified);
		rxq += st.rx_frames > 20;
		txq += st.tx_frames > 20;
		sum.rx_frames += st.rx_frames;
		sum.tx_frames += st.tx_frames;
		sum.rx_csum_trusted += st.rx_csum_trusted;
		sum.tx_csum_partial += st.tx_csum_partial;
		sum.rx_merged += st.rx_merged;
		sum.rx_gso += st.rx_gso;
		sum.rx_dropped += st.rx_dropped;
		sum.tx_gso += st.tx_gso;
	}
	check(sum.rx_dropped == 0, "no malformed frame from the device (%llu)",
	      (unsigned long long)sum.rx_dropped);
	if (gso) {
		check(sum.rx_gso > 0 && sum.rx_merged >= sum.rx_gso,
		      "the host sent merged TCP frames (%llu, in %llu multi-buffer frames)",
		      (unsigned long long)sum.rx_gso,
		      (unsigned long long)sum.rx_merged);
		check(sum.tx_gso > 0 && sum.tx_gso <= sum.tx_csum_partial,
		      "the guest sent runs of segments as TSO frames (%llu of %llu frames)",
		      (unsigned long long)sum.tx_gso,
		      (unsigned long long)sum.tx_frames);
	}
	check(d->ops->stats(d, d->queue_pairs, &st) == -EINVAL,
	      "stats of a queue not in use: -EINVAL");
	if (pairs > 1) {
		check(rxq > 1, "more than one receive queue carried traffic (%u)", rxq);
		check(txq > 1, "more than one transmit queue carried traffic (%u)", txq);
	}
	if (csum) {
		/* Every TCP segment (half the frames at least: data or acks). */
		check(sum.tx_csum_partial * 2 > sum.tx_frames,
		      "the device finished TCP checksums (%llu of %llu frames)",
		      (unsigned long long)sum.tx_csum_partial,
		      (unsigned long long)sum.tx_frames);
		check(sum.rx_csum_trusted * 2 > sum.rx_frames,
		      "the device vouched for received checksums (%llu of %llu)",
		      (unsigned long long)sum.rx_csum_trusted,
		      (unsigned long long)sum.rx_frames);
	}
}

static const char *arg(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);

	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=')
			return argv[i] + n + 1;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *peer = arg(argc, argv, "peer"), *v;
	unsigned int pairs = (v = arg(argc, argv, "pairs")) ? (unsigned)atoi(v) : 1;
	int csum = (v = arg(argc, argv, "csum")) && atoi(v);
	int gso = (v = arg(argc, argv, "gso")) && atoi(v);
	unsigned int port6 = 0;

	check_device(pairs, csum, gso);
	if ((v = arg(argc, argv, "tcp6")))
		port6 = (unsigned int)atoi(v);
	if (peer && (v = arg(argc, argv, "tcp")))
		check_tcp(peer, (unsigned int)atoi(v), arg(argc, argv, "peer6"),
			  port6);
	if (peer && (v = arg(argc, argv, "udp"))) {
		check_udp(peer, (unsigned int)atoi(v));
		check_udp_csum(peer, (unsigned int)atoi(v));
	}
	check_queues(pairs, csum, gso);
	return tap_done();
}
