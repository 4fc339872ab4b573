/*
 * tests/guest/net_slirp.c - AF_INET over virtio-net and lwIP, against
 * QEMU's user networking (slirp: gateway 10.0.2.2 = the host's loopback,
 * name server 10.0.2.3) and the host peers of tests/guest/netpeer.pl.
 *
 *   net_slirp ADDR DNS HTTPPORT UDPPORT CLOSEDPORT [ECHOPORT]
 *
 * ADDR is the address the guest must have (DHCP's or the static one), DNS
 * the name server /etc/resolv.conf must name. The guest fetches a body
 * from the host's HTTP server and checks it byte by byte, echoes UDP
 * datagrams through the host's echo port, expects ECONNREFUSED from a
 * closed host port, resolves "localhost" through /etc/hosts, and with
 * ECHOPORT serves TCP echo there until a host client (through QEMU's
 * hostfwd) has sent a whole megabyte through it.
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

static void check_http(unsigned int port)
{
	struct sockaddr_in a = host_addr(port);
	static char buf[HTTP_BODY + 1024];
	const char req[] = "GET /body HTTP/1.0\r\nHost: 10.0.2.2\r\n\r\n";
	size_t got = 0, bad = 0, body_len = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char *body;
	ssize_t n;

	int rc = connect(fd, (struct sockaddr *)&a, sizeof(a));
	int err = errno;

	if (!check(fd >= 0 && rc == 0,
		   "connect to the host's HTTP server at 10.0.2.2:%u (%s)",
		   port, rc ? strerror(err) : "connected"))
		return;
	check(write(fd, req, sizeof(req) - 1) == (ssize_t)sizeof(req) - 1,
	      "the request is sent");
	while (got < sizeof(buf) && (n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += (size_t)n;
	close(fd);
	body = memmem(buf, got, "\r\n\r\n", 4);
	check(got > 12 && memcmp(buf, "HTTP/1.0 200", 12) == 0,
	      "the answer is 200 OK");
	if (body) {
		body += 4;
		body_len = got - (size_t)(body - buf);
		for (size_t i = 0; i < body_len; i++)
			bad += (unsigned char)body[i] != pattern(i);
	}
	check(body && body_len == HTTP_BODY && bad == 0,
	      "the body is %d bytes, byte-exact (got %zu, %zu wrong)",
	      HTTP_BODY, body_len, bad);
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

int main(int argc, char **argv)
{
	if (argc < 6) {
		printf("usage: net_slirp ADDR DNS HTTPPORT UDPPORT CLOSEDPORT [ECHOPORT]\n");
		return 2;
	}
	check_address(argv[1]);
	check_resolver(argv[2]);
	check_http((unsigned int)atoi(argv[3]));
	check_udp((unsigned int)atoi(argv[4]));
	check_refused((unsigned int)atoi(argv[5]));
	if (argc > 6)
		serve_echo((unsigned int)atoi(argv[6]));
	return tap_done();
}
