/*
 * tests/guest/inet_lo.c - AF_INET and AF_INET6 sockets over the loopback
 * interface (lib/lwip behind lib/posix-socket), with Linux's answers:
 * a TCP echo server thread and a client moving a megabyte byte-exact over
 * 127.0.0.1 (and less over ::1), their names and ports, UDP echoes over
 * both, ECONNREFUSED from a closed port, EADDRINUSE and SO_REUSEADDR,
 * non-blocking accept and connect with poll (EAGAIN, EINPROGRESS,
 * SO_ERROR), one epoll set over several sockets, FIONREAD, TCP_NODELAY.
 *
 * The same program runs natively on Linux (the assertions are Linux's).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "musl_tap.h"

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

/* The loopback address of 'family' with 'port' (host order). */
static socklen_t lo_addr(union addr *a, int family, unsigned int port)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET) {
		a->in.sin_family = AF_INET;
		a->in.sin_port = htons((uint16_t)port);
		a->in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(a->in);
	}
	a->in6.sin6_family = AF_INET6;
	a->in6.sin6_port = htons((uint16_t)port);
	a->in6.sin6_addr = in6addr_loopback;
	return sizeof(a->in6);
}

static unsigned int port_of(const union addr *a)
{
	return ntohs(a->sa.sa_family == AF_INET ? a->in.sin_port : a->in6.sin6_port);
}

static unsigned int local_port(int fd)
{
	union addr a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, &a.sa, &len) != 0)
		return 0;
	return port_of(&a);
}

static const char *fam(int family)
{
	return family == AF_INET ? "127.0.0.1" : "::1";
}

/*
 * A listening TCP socket on the loopback address, on a free port;
 * SOCK_NONBLOCK in 'flags' as for socket, and SO_REUSEADDR when 'reuse'.
 */
static int listener_opt(int family, int flags, int reuse)
{
	union addr a;
	socklen_t len = lo_addr(&a, family, 0);
	int fd = socket(family, SOCK_STREAM | flags, 0);

	if (fd < 0 ||
	    (reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof(reuse)) != 0) ||
	    bind(fd, &a.sa, len) != 0 || listen(fd, 8) != 0)
		return -1;
	return fd;
}

static int listener(int family, int flags)
{
	return listener_opt(family, flags, 0);
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 11));
}

/* The echo server: one connection, everything it reads goes back. */
struct echo {
	int lfd, family;
	unsigned int peer_port; /* what accept and getpeername said */
	int peer_same, ok;
};

static void *echo_server(void *arg)
{
	struct echo *e = arg;
	union addr a, b;
	socklen_t len = sizeof(a), blen = sizeof(b);
	unsigned char buf[8192];
	ssize_t n;
	int fd = accept(e->lfd, &a.sa, &len);

	if (fd < 0)
		return NULL;
	e->peer_port = port_of(&a);
	e->peer_same = getpeername(fd, &b.sa, &blen) == 0 && blen == len &&
		       a.sa.sa_family == e->family && port_of(&b) == e->peer_port;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write_all(fd, buf, (size_t)n) != 0)
			break;
	e->ok = n == 0;
	close(fd);
	return NULL;
}

struct feed {
	int fd;
	size_t size;
	int ok;
};

static void *feeder(void *arg)
{
	struct feed *f = arg;
	static unsigned char chunk[16384];
	size_t off = 0;

	while (off < f->size) {
		size_t n = f->size - off < sizeof(chunk) ? f->size - off : sizeof(chunk);

		for (size_t i = 0; i < n; i++)
			chunk[i] = pattern(off + i);
		if (write_all(f->fd, chunk, n) != 0)
			return NULL;
		off += n;
	}
	f->ok = shutdown(f->fd, SHUT_WR) == 0;
	return NULL;
}

static void test_tcp_echo(int family, size_t size)
{
	struct echo e = { .family = family };
	struct feed f = { .size = size };
	pthread_t srv, wr;
	union addr a, peer;
	socklen_t len, plen = sizeof(peer);
	unsigned int sport, cport;
	static unsigned char buf[8192];
	size_t got = 0, bad = 0;
	ssize_t n;
	int fd, one = 1, v = 0;
	socklen_t vlen = sizeof(v);

	e.lfd = listener(family, 0);
	sport = local_port(e.lfd);
	check(e.lfd >= 0 && sport != 0, "%s: listening TCP socket on port %u",
	      fam(family), sport);
	pthread_create(&srv, NULL, echo_server, &e);
	fd = socket(family, SOCK_STREAM, 0);
	len = lo_addr(&a, family, sport);
	check(connect(fd, &a.sa, len) == 0, "%s: connect to the echo server", fam(family));
	cport = local_port(fd);
	check(getpeername(fd, &peer.sa, &plen) == 0 && plen == len &&
	      port_of(&peer) == sport, "%s: getpeername is the server's port",
	      fam(family));
	check(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0 &&
	      getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &vlen) == 0 && v != 0,
	      "%s: TCP_NODELAY set and read back", fam(family));
	f.fd = fd;
	pthread_create(&wr, NULL, feeder, &f);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != pattern(got + (size_t)i);
		got += (size_t)n;
	}
	pthread_join(wr, NULL);
	pthread_join(srv, NULL);
	check(n == 0 && got == size && bad == 0,
	      "%s: %zu bytes echoed byte-exact (got %zu, %zu wrong)",
	      fam(family), size, got, bad);
	check(f.ok && e.ok, "%s: shutdown(SHUT_WR) ends the server's reads",
	      fam(family));
	check(cport != 0 && e.peer_port == cport && e.peer_same,
	      "%s: accept and getpeername give the client's port %u",
	      fam(family), cport);
	close(fd);
	close(e.lfd);
}

static void test_udp_echo(int family)
{
	union addr a, b, from;
	socklen_t alen, blen, flen;
	int s = socket(family, SOCK_DGRAM, 0), c = socket(family, SOCK_DGRAM, 0);
	char buf[2048], msg[1500];
	int good = 1, avail = -1;

	alen = lo_addr(&a, family, 0);
	blen = lo_addr(&b, family, 0);
	check(s >= 0 && c >= 0 && bind(s, &a.sa, alen) == 0 &&
	      bind(c, &b.sa, blen) == 0, "%s: two UDP sockets bound", fam(family));
	lo_addr(&a, family, local_port(s));
	for (int i = 0; i < 8; i++) {
		size_t size = 1 + (size_t)i * 180;
		ssize_t n;

		memset(msg, 'a' + i, size);
		if (sendto(c, msg, size, 0, &a.sa, alen) != (ssize_t)size) {
			good = 0;
			break;
		}
		if (i == 0) {
			struct pollfd p = { s, POLLIN, 0 };

			poll(&p, 1, 5000);
			ioctl(s, FIONREAD, &avail);
		}
		flen = sizeof(from);
		n = recvfrom(s, buf, sizeof(buf), 0, &from.sa, &flen);
		if (n != (ssize_t)size || flen != alen || port_of(&from) != local_port(c) ||
		    sendto(s, buf, (size_t)n, 0, &from.sa, flen) != n ||
		    recv(c, buf, sizeof(buf), 0) != n || memcmp(buf, msg, size) != 0) {
			good = 0;
			break;
		}
	}
	check(good, "%s: eight datagrams echoed, sender's port seen", fam(family));
	check(avail == 1, "%s: FIONREAD gives the datagram's size (%d)", fam(family), avail);
	close(s);
	close(c);
}

static void test_refused(int family)
{
	union addr a;
	socklen_t len = lo_addr(&a, family, 0);
	int fd = socket(family, SOCK_STREAM, 0), rc;
	unsigned int port;

	/* A port that was just free: bound, then closed without listening. */
	bind(fd, &a.sa, len);
	port = local_port(fd);
	close(fd);
	fd = socket(family, SOCK_STREAM, 0);
	len = lo_addr(&a, family, port);
	rc = FAILS(connect(fd, &a.sa, len), ECONNREFUSED);
	check(rc, "%s: connect to a closed port: ECONNREFUSED (%s)", fam(family),
	      strerror(errno));
	close(fd);
}

static void test_addrinuse(void)
{
	/* Linux lets SO_REUSEADDR take over a TIME_WAIT port only when the
	 * old socket had it too. */
	int l = listener_opt(AF_INET, 0, 1), fd = socket(AF_INET, SOCK_STREAM, 0);
	int c, acc, one = 1;
	union addr a;
	socklen_t len = lo_addr(&a, AF_INET, local_port(l));
	char byte;

	check(FAILS(bind(fd, &a.sa, len), EADDRINUSE),
	      "bind to a listening socket's port: EADDRINUSE");
	close(fd);
	/* The server closes first: its end waits in TIME_WAIT on the port. */
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, &a.sa, len);
	acc = accept(l, NULL, NULL);
	close(acc);
	close(l);
	check(read(c, &byte, 1) == 0, "the client sees the server's close");
	close(c);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	check(FAILS(bind(fd, &a.sa, len), EADDRINUSE),
	      "bind to a port in TIME_WAIT: EADDRINUSE");
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	check(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 &&
	      bind(fd, &a.sa, len) == 0 && listen(fd, 1) == 0,
	      "with SO_REUSEADDR the port is bound and listened on again");
	close(fd);
}

static void test_nonblocking(int family)
{
	int l = listener(family, SOCK_NONBLOCK), c, acc, err = -1;
	union addr a;
	socklen_t len = lo_addr(&a, family, local_port(l)), elen = sizeof(err);
	struct pollfd p;

	check(FAILS(accept(l, NULL, NULL), EAGAIN),
	      "%s: non-blocking accept with nothing pending: EAGAIN", fam(family));
	c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	check(FAILS(connect(c, &a.sa, len), EINPROGRESS),
	      "%s: non-blocking connect: EINPROGRESS", fam(family));
	p = (struct pollfd){ l, POLLIN, 0 };
	check(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN),
	      "%s: poll says the listener has a connection", fam(family));
	acc = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	check(acc >= 0, "%s: accept4 takes it", fam(family));
	p = (struct pollfd){ c, POLLOUT, 0 };
	check(poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT) &&
	      getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0,
	      "%s: poll says connected, SO_ERROR 0", fam(family));
	check(FAILS(read(acc, &err, 1), EAGAIN),
	      "%s: non-blocking read with no data: EAGAIN", fam(family));
	check(send(c, "x", 1, 0) == 1, "%s: the client sends a byte", fam(family));
	p = (struct pollfd){ acc, POLLIN, 0 };
	check(poll(&p, 1, 5000) == 1 && read(acc, &err, 1) == 1,
	      "%s: poll then read on the accepted socket", fam(family));
	close(acc);
	close(c);
	close(l);
}

static void test_epoll(void)
{
	int ep = epoll_create1(0), u[3], l = listener(AF_INET6, 0), c, seen = 0;
	union addr a[3];
	socklen_t alen[3], llen;
	union addr la;
	struct epoll_event ev, out[8];

	for (int i = 0; i < 3; i++) {
		u[i] = socket(AF_INET, SOCK_DGRAM, 0);
		alen[i] = lo_addr(&a[i], AF_INET, 0);
		bind(u[i], &a[i].sa, alen[i]);
		lo_addr(&a[i], AF_INET, local_port(u[i]));
		ev = (struct epoll_event){ .events = EPOLLIN, .data.u32 = (uint32_t)i };
		epoll_ctl(ep, EPOLL_CTL_ADD, u[i], &ev);
	}
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u32 = 3 };
	check(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) == 0,
	      "epoll set of three UDP sockets and a TCP listener");
	check(epoll_wait(ep, out, 8, 0) == 0, "nothing ready yet");
	sendto(u[1], "a", 1, 0, &a[0].sa, alen[0]);
	sendto(u[1], "b", 1, 0, &a[2].sa, alen[2]);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	llen = lo_addr(&la, AF_INET6, local_port(l));
	connect(c, &la.sa, llen);
	for (int tries = 0; tries < 50 && seen != 0xd; tries++) {
		int n = epoll_wait(ep, out, 8, 100);

		for (int i = 0; i < n; i++)
			seen |= 1 << out[i].data.u32;
	}
	check(seen == 0xd, "epoll reports UDP 0 and 2 and the listener (0x%x)", seen);
	for (int i = 0; i < 3; i += 2) {
		char byte;

		recv(u[i], &byte, 1, 0);
	}
	close(accept(l, NULL, NULL));
	check(epoll_wait(ep, out, 8, 0) == 0, "read and accepted: nothing ready");
	close(c);
	close(l);
	for (int i = 0; i < 3; i++)
		close(u[i]);
	close(ep);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_tcp_echo(AF_INET, 1 << 20);
	test_tcp_echo(AF_INET6, 256 << 10);
	test_udp_echo(AF_INET);
	test_udp_echo(AF_INET6);
	test_refused(AF_INET);
	test_refused(AF_INET6);
	test_addrinuse();
	test_nonblocking(AF_INET);
	test_nonblocking(AF_INET6);
	test_epoll();
	return tap_done();
}
