/*
 * tests/guest/net_exit.c - what a TCP connection holds when the program
 * ends. net_exit PORT send BYTES: accept one connection on PORT, write
 * BYTES of the test pattern (blocking writes: the last ones are still in
 * the stack when write returns) and exit(3) at once, the socket left
 * open: the peer must get every byte, then the end of the stream, and the
 * machine exit with 3. net_exit PORT stall: accept, write without
 * blocking until nothing has been taken for a second (a peer that does
 * not read), then exit(4): the exit must not wait for that peer for ever.
 * net_exit PORT close BYTES SECONDS: write BYTES, close the socket (and
 * the listening one), sleep SECONDS and exit(5): what close left queued
 * must still arrive.
 * net_exit PORT unread CONNS BYTES SECONDS: accept CONNS connections
 * (and write "r" on each: the peer's cue), read nothing for SECONDS
 * while the peers send (the stack holds what their windows let through:
 * more receive buffers than the device may lend, so the rest is copied),
 * then read BYTES of the pattern and the end of the stream from each and
 * exit(6); 1 when a byte is wrong.
 * Plain POSIX: runs natively on Linux too.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + i / 251 + 13);
}

static int listen_on(int port, int backlog)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port) };
	int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);

	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one,
				sizeof(one)) < 0 ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(l, backlog) < 0) {
		printf("net_exit: listen on %d: %s\n", port, strerror(errno));
		exit(1);
	}
	return l;
}

static int accept_from(int l)
{
	int c = accept(l, NULL, NULL);

	if (c < 0) {
		printf("net_exit: accept: %s\n", strerror(errno));
		exit(1);
	}
	return c;
}

/* Read connection k to its end: BYTES of the pattern, or exit(1). */
static void recv_all(int c, int k, size_t bytes)
{
	static unsigned char buf[65536];
	size_t done = 0;
	ssize_t r;

	while ((r = read(c, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++)
			if (done + (size_t)i >= bytes ||
			    buf[i] != pattern(done + (size_t)i)) {
				printf("net_exit: connection %d: byte %zu "
				       "wrong\n", k, done + (size_t)i);
				exit(1);
			}
		done += (size_t)r;
	}
	if (r < 0 || done != bytes) {
		printf("net_exit: connection %d: %zu bytes, then %s\n", k,
		       done, r < 0 ? strerror(errno) : "EOF");
		exit(1);
	}
}

static void unread(int port, int conns, size_t bytes, int seconds)
{
	int l = listen_on(port, conns), c[64];

	if (conns < 1 || conns > 64) {
		printf("net_exit: 1..64 connections\n");
		exit(2);
	}
	for (int k = 0; k < conns; k++) {
		c[k] = accept_from(l);
		if (write(c[k], "r", 1) != 1) { /* the peer may send now */
			printf("net_exit: write: %s\n", strerror(errno));
			exit(1);
		}
	}
	sleep((unsigned int)seconds);
	for (int k = 0; k < conns; k++)
		recv_all(c[k], k, bytes);
	printf("net_exit: %d connections, %zu bytes each, read after %d s\n",
	       conns, bytes, seconds);
	exit(6);
}

static void send_all(int c, size_t bytes)
{
	static unsigned char buf[65536];
	size_t done = 0;

	while (done < bytes) {
		size_t n = bytes - done < sizeof(buf) ? bytes - done : sizeof(buf);
		ssize_t w;

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(done + i);
		w = write(c, buf, n);
		if (w <= 0) {
			printf("net_exit: write after %zu bytes: %s\n", done,
			       strerror(errno));
			exit(1);
		}
		done += (size_t)w;
	}
}

static void send_until_stalled(int c)
{
	static unsigned char buf[16384];
	struct pollfd p = { .fd = c, .events = POLLOUT };
	size_t done = 0;

	fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
	for (;;) {
		ssize_t w = write(c, buf, sizeof(buf));

		if (w > 0) {
			done += (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN) {
			printf("net_exit: write: %s\n", strerror(errno));
			exit(1);
		}
		if (poll(&p, 1, 1000) == 0)
			break;
	}
	printf("net_exit: the peer stopped reading after %zu bytes, "
	       "exiting\n", done);
	exit(4);
}

int main(int argc, char *argv[])
{
	int l, c;

	if (argc < 3 || (strcmp(argv[2], "send") == 0 && argc < 4) ||
	    (strcmp(argv[2], "close") == 0 && argc < 5) ||
	    (strcmp(argv[2], "unread") == 0 && argc < 6)) {
		printf("usage: net_exit PORT send BYTES | PORT close BYTES "
		       "SECONDS | PORT stall | PORT unread CONNS BYTES "
		       "SECONDS\n");
		return 2;
	}
	if (strcmp(argv[2], "unread") == 0)
		unread(atoi(argv[1]), atoi(argv[3]), strtoul(argv[4], NULL, 0),
		       atoi(argv[5]));
	l = listen_on(atoi(argv[1]), 1);
	c = accept_from(l);
	if (strcmp(argv[2], "send") == 0 || strcmp(argv[2], "close") == 0) {
		size_t bytes = strtoul(argv[3], NULL, 0);

		send_all(c, bytes);
		if (strcmp(argv[2], "send") == 0) {
			printf("net_exit: %zu bytes written, exiting\n", bytes);
			exit(3);
		}
		close(c);
		close(l); /* no socket left: the stack goes on alone */
		printf("net_exit: %zu bytes written, closed; waiting\n", bytes);
		sleep(atoi(argv[4] ? argv[4] : "0"));
		exit(5);
	}
	send_until_stalled(c);
	return 1;
}
