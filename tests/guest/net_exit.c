/*
 * tests/guest/net_exit.c - what a TCP connection holds when the program
 * ends. net_exit PORT send BYTES: accept one connection on PORT, write
 * BYTES of the test pattern (blocking writes: the last ones are still in
 * the stack when write returns) and exit(3) at once, the socket left
 * open: the peer must get every byte, then the end of the stream, and the
 * machine exit with 3. net_exit PORT stall: accept, write without
 * blocking until nothing has been taken for a second (a peer that does
 * not read), then exit(4): the exit must not wait for that peer for ever.
 * net_exit PORT close BYTES SECONDS: write BYTES, close the socket, sleep
 * SECONDS and exit(5): what close left queued must still arrive.
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

static int accept_one(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port) };
	int one = 1, l = socket(AF_INET, SOCK_STREAM, 0), c;

	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one,
				sizeof(one)) < 0 ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0) {
		printf("net_exit: listen on %d: %s\n", port, strerror(errno));
		exit(1);
	}
	c = accept(l, NULL, NULL);
	if (c < 0) {
		printf("net_exit: accept: %s\n", strerror(errno));
		exit(1);
	}
	return c;
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
	int c;

	if (argc < 3 || (strcmp(argv[2], "send") == 0 && argc < 4) ||
	    (strcmp(argv[2], "close") == 0 && argc < 5)) {
		printf("usage: net_exit PORT send BYTES | PORT close BYTES "
		       "SECONDS | PORT stall\n");
		return 2;
	}
	c = accept_one(atoi(argv[1]));
	if (strcmp(argv[2], "send") == 0 || strcmp(argv[2], "close") == 0) {
		size_t bytes = strtoul(argv[3], NULL, 0);

		send_all(c, bytes);
		if (strcmp(argv[2], "send") == 0) {
			printf("net_exit: %zu bytes written, exiting\n", bytes);
			exit(3);
		}
		close(c);
		printf("net_exit: %zu bytes written, closed; waiting\n", bytes);
		sleep(atoi(argv[4] ? argv[4] : "0"));
		exit(5);
	}
	send_until_stalled(c);
	return 1;
}
