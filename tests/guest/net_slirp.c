/*
 * tests/guest/net_slirp.c - AF_INET/AF_INET6 over virtio-net and lwIP,
 * against QEMU's user networking (slirp: gateway 10.0.2.2 / fec0::2 = the
 * host's loopback, name server 10.0.2.3) and the host peers of
 * tests/guest/netpeer.pl. Arguments are NAME=VALUE:
 *
 *   addr=A.B.C.D  the address the guest must have (DHCP's or static)
 *   dns=A.B.C.D   the name server /etc/resolv.conf must name
 *   http=PORT     fetch a body from the host's HTTP server, byte-exact
 *   udp=PORT      echo datagrams through the host's UDP echo
 *   closed=PORT   a host port nobody listens on: ECONNREFUSED
 *   reset=PORT    a host server that resets each connection: ECONNRESET
 *   http6=PORT    the HTTP fetch again over IPv6 (fec0::2), once router
 *                 advertisements have given the guest an address
 *   echo=PORT     serve TCP echo there until a host client (through QEMU's
 *                 hostfwd) has sent a whole megabyte through it
 *
 * Also: an unanswered connect (no host at 10.0.2.99) stays in progress
 * for a non-blocking socket, and "localhost" resolves through /etc/hosts.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "musl_tap.h"

#define HTTP_BODY   300000      /* netpeer.pl serves this many bytes */
#define ECHO_BYTES  (1 << 20)   /* netpeer.pl's echo client sends this */

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + i / 251 + 13);
}

static struct sockaddr_in host_addr(unsigned int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "10.0.2.2", &a.sin_addr);
	return a;
}

static void check_address(const char *want)
{
	struct sockaddr_in a = host_addr(9), me;
	socklen_t len = sizeof(me);
	char got[INET_ADDRSTRLEN] = "?";
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	check(fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	      getsockname(fd, (struct sockaddr *)&me, &len) == 0 &&
	      inet_ntop(AF_INET, &me.sin_addr, got, sizeof(got)),
	      "a socket routed to the gateway gets a local address");
	check(strcmp(got, want) == 0, "the address is %s (got %s)", want, got);
	close(fd);
}

static void check_resolver(const char *dns)
{
	char buf[256] = "", want[64];
	FILE *f = fopen("/etc/resolv.conf", "r");
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	int rc;

	if (f) {
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
		fclose(f);
	}
	snprintf(want, sizeof(want), "nameserver %s\n", dns);
	check(strstr(buf, want) != NULL, "/etc/resolv.conf names %s", dns);
	rc = getaddrinfo("localhost", "80", &hints, &res);
	check(rc == 0 && res &&
	      ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	      "getaddrinfo(localhost) is 127.0.0.1 (/etc/hosts), rc %d", rc);
	if (res)
		freeaddrinfo(res);
}

static void check_http(const struct sockaddr *a, socklen_t alen,
		       const char *name)
{
	static char buf[HTTP_BODY + 1024];
	const char req[] = "GET /body HTTP/1.0\r\nHost: 10.0.2.2\r\n\r\n";
	size_t got = 0, bad = 0, body_len = 0;
	int fd = socket(a->sa_family, SOCK_STREAM, 0);
	int rc = connect(fd, a, alen);
	int err = errno;
	char *body;
	ssize_t n;

	if (!check(fd >= 0 && rc == 0, "connect to the host's HTTP server at %s (%s)",
		   name, rc ? strerror(err) : "connected"))
		return;
	check(write(fd, req, sizeof(req) - 1) == (ssize_t)sizeof(req) - 1,
	      "the request is sent");
	while (got < sizeof(buf) && (n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += (size_t)n;
	close(fd);
	body = memmem(buf, got, "\r\n\r\n", 4);
	check(got > 12 && memcmp(buf, "HTTP/1.0 200", 12) == 0,
	      "%s: the answer is 200 OK", name);
	if (body) {
		body += 4;
		body_len = got - (size_t)(body - buf);
		for (size_t i = 0; i < body_len; i++)
			bad += (unsigned char)body[i] != pattern(i);
	}
	check(body && body_len == HTTP_BODY && bad == 0,
	      "%s: the body is %d bytes, byte-exact (got %zu, %zu wrong)",
	      name, HTTP_BODY, body_len, bad);
}

static void check_udp(unsigned int port)
{
	struct sockaddr_in a = host_addr(port);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), good = 0;
	char out[1400], in[1500];

	for (int i = 0; i < 20; i++) {
		size_t len = 1 + (size_t)i * 70;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		for (size_t j = 0; j < len; j++)
			out[j] = (char)pattern(j + (size_t)i);
		sendto(fd, out, len, 0, (struct sockaddr *)&a, sizeof(a));
		if (poll(&p, 1, 5000) != 1)
			break;
		n = recv(fd, in, sizeof(in), 0);
		good += n == (ssize_t)len && memcmp(in, out, len) == 0;
	}
	check(good == 20, "20 UDP datagrams of 1..1331 bytes come back whole (%d)",
	      good);
	close(fd);
}

static void check_refused(unsigned int port)
{
	struct sockaddr_in a = host_addr(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	int refused = FAILS(connect(fd, (struct sockaddr *)&a, sizeof(a)), ECONNREFUSED);
	int err = errno;

	check(refused, "connect to a closed host port: ECONNREFUSED (%s)",
	      strerror(err));
	close(fd);
}

static void check_http4(unsigned int port)
{
	struct sockaddr_in a = host_addr(port);
	char name[32];

	snprintf(name, sizeof(name), "10.0.2.2:%u", port);
	check_http((struct sockaddr *)&a, sizeof(a), name);
}

/*
 * The host accepts, reads a line, then closes with SO_LINGER 0: a reset.
 * (Resetting at once could beat the guest's handshake through slirp.)
 */
static void check_reset(unsigned int port)
{
	struct sockaddr_in a = host_addr(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char c;
	ssize_t n;
	int err;

	check(connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	      write(fd, "x\n", 2) == 2, "connect to the resetting host server, send a line");
	n = read(fd, &c, 1);
	err = errno;
	check(n == -1 && err == ECONNRESET, "its reset reads as ECONNRESET (%zd, %s)",
	      n, strerror(err));
	close(fd);
}

/* Nobody at 10.0.2.99 answers ARP: the connect stays in progress. */
static void check_unanswered(void)
{
	struct sockaddr_in a = host_addr(80);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int err = -1;
	socklen_t len = sizeof(err);

	inet_pton(AF_INET, "10.0.2.99", &a.sin_addr);
	check(FAILS(connect(fd, (struct sockaddr *)&a, sizeof(a)), EINPROGRESS),
	      "non-blocking connect to a silent address: EINPROGRESS");
	check(poll(&p, 1, 1500) == 0, "no answer within 1.5 s: poll times out");
	int rc = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);

	check(rc == 0 && err == 0, "SO_ERROR is still 0 while it is in progress (%d)",
	      err);
	close(fd);
}

/* IPv6 through slirp: wait for an address from router advertisements. */
static void check_http6(unsigned int port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 }, me;
	char got[INET6_ADDRSTRLEN] = "none", name[64];
	int global = 0;

	a.sin6_port = htons((uint16_t)port);
	inet_pton(AF_INET6, "fec0::2", &a.sin6_addr);
	for (int i = 0; i < 100 && !global; i++) {
		int fd = socket(AF_INET6, SOCK_DGRAM, 0);
		socklen_t len = sizeof(me);

		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		    getsockname(fd, (struct sockaddr *)&me, &len) == 0) {
			inet_ntop(AF_INET6, &me.sin6_addr, got, sizeof(got));
			global = strncmp(got, "fec0:", 5) == 0;
		}
		close(fd);
		if (!global)
			usleep(100000);
	}
	check(global, "router advertisements gave an address in fec0::/64 (%s)", got);
	snprintf(name, sizeof(name), "[fec0::2]:%u", port);
	check_http((struct sockaddr *)&a, sizeof(a), name);
}

/* Echo every connection until one has carried ECHO_BYTES. */
static void serve_echo(unsigned int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0);
	static char buf[65536];
	size_t total = 0;

	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (!check(bind(ls, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		   listen(ls, 4) == 0, "listen on 0.0.0.0:%u", port))
		return;
	while (total != ECHO_BYTES) {
		int c = accept(ls, NULL, NULL);
		ssize_t n;

		if (c < 0)
			break;
		total = 0;
		while ((n = read(c, buf, sizeof(buf))) > 0) {
			for (ssize_t off = 0, w; off < n; off += w)
				if ((w = write(c, buf + off, (size_t)(n - off))) <= 0)
					goto done;
			total += (size_t)n;
		}
done:
		close(c);
	}
	check(total == ECHO_BYTES,
	      "a host client's megabyte came through hostfwd and went back (%zu)",
	      total);
	close(ls);
}

/* The value of NAME=VALUE among the arguments, or NULL. */
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
	const char *v;

	if ((v = arg(argc, argv, "addr")))
		check_address(v);
	if ((v = arg(argc, argv, "dns")))
		check_resolver(v);
	if ((v = arg(argc, argv, "http")))
		check_http4((unsigned int)atoi(v));
	if ((v = arg(argc, argv, "udp")))
		check_udp((unsigned int)atoi(v));
	if ((v = arg(argc, argv, "closed")))
		check_refused((unsigned int)atoi(v));
	if ((v = arg(argc, argv, "reset")))
		check_reset((unsigned int)atoi(v));
	check_unanswered();
	if ((v = arg(argc, argv, "http6")))
		check_http6((unsigned int)atoi(v));
	if ((v = arg(argc, argv, "echo")))
		serve_echo((unsigned int)atoi(v));
	return tap_done();
}
