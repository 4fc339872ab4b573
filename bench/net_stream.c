/*
 * bench/net_stream.c - TCP stream throughput for bench/net.sh: one plain
 * POSIX program, built as a libuk image (bench/net_stream-uk, -DBENCH_UK)
 * and as a static program for Linux from the same source. It owns the
 * stream server, the host-side client that does the timing, and the
 * readiness probe the script waits with:
 *
 *   net_stream serve PORT
 *       accept connections on PORT (any address), one at a time; each
 *       connection sends one command line:
 *         "ping"     answered "pong"
 *         "get N"    the server writes N bytes, then closes
 *         "put N"    the server reads N bytes, then answers "ok"
 *         "quit"     the server prints "done" and exits 0
 *   net_stream client ADDR PORT MB RUNS [quit]
 *       RUNS runs of "get" (server to client) and of "put" (client to
 *       server) of MB MiB each, timed here from the command to the last
 *       byte (get) or to the "ok" (put); prints per direction
 *         "result get|put MEDIAN MIN MAX" in MB/s (10^6 bytes per second)
 *       then "done"; with "quit" it stops the server afterwards. A run
 *       without progress for STALL_S seconds fails, and says so
 *   net_stream wait ADDR PORT SECONDS ping|http|httpquit
 *       connects until the server answers "ping" (or an HTTP GET for
 *       bench/net_http.c; httpquit: a GET of /quit, which stops it) or
 *       SECONDS pass; status 0 when it answered
 *
 * The server prints "hypervisor SIG" (bench/bench_util.h) first, so that
 * the script can tell the guest's accelerator.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "bench_util.h"

#define CHUNK (64 * 1024)
#define MAX_RUNS 31
#define STALL_S 20
#define STALL_STR "20"

static char buf[CHUNK];

static void die(const char *what)
{
	printf("net_stream: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* read_line FD LINE SIZE: one line without its newline; -1 on EOF/error */
static int read_line(int fd, char *line, size_t size)
{
	size_t n = 0;

	while (n + 1 < size) {
		ssize_t r = read(fd, line + n, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	return 0;
}

static int serve(unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0);

	bench_print_platform();
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("bind");
	if (listen(ls, 8) < 0)
		die("listen");
	printf("listening %u\n", port);
	fflush(stdout);
	for (;;) {
		char line[64];
		unsigned long long n;
		int fd = accept(ls, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		if (read_line(fd, line, sizeof(line)) < 0) {
			close(fd);
			continue;
		}
		if (strcmp(line, "ping") == 0) {
			write_all(fd, "pong\n", 5);
		} else if (strcmp(line, "quit") == 0) {
			close(fd);
			close(ls);
			printf("done\n");
			fflush(stdout);
			return 0;
		} else if (sscanf(line, "get %llu", &n) == 1) {
			while (n > 0) {
				size_t k = n < CHUNK ? (size_t)n : CHUNK;

				if (write_all(fd, buf, k) < 0)
					break;
				n -= k;
			}
		} else if (sscanf(line, "put %llu", &n) == 1) {
			while (n > 0) {
				ssize_t r = read(fd, buf, n < CHUNK ? (size_t)n : CHUNK);

				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0)
					break;
				n -= (unsigned long long)r;
			}
			if (n == 0)
				write_all(fd, "ok\n", 3);
		}
		close(fd);
	}
}

static int dial(const char *addr, unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_port = htons((uint16_t)port);
	if (fd < 0 || inet_pton(AF_INET, addr, &a.sin_addr) != 1)
		return -1;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* one run of "get" or "put" of BYTES; its ns, or 0 on failure */
static uint64_t run(const char *addr, unsigned port, int put,
		    unsigned long long bytes)
{
	char cmd[64], reply[16];
	unsigned long long n = bytes;
	uint64_t t0;
	struct timeval stall = { .tv_sec = STALL_S };
	int fd = dial(addr, port);

	if (fd < 0)
		return 0;
	/* a run that makes no progress for STALL_S seconds fails */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &stall, sizeof(stall));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &stall, sizeof(stall));
	snprintf(cmd, sizeof(cmd), "%s %llu\n", put ? "put" : "get", bytes);
	t0 = bench_now_ns();
	if (write_all(fd, cmd, strlen(cmd)) < 0)
		goto fail;
	while (n > 0) {
		size_t k = n < CHUNK ? (size_t)n : CHUNK;
		ssize_t r = put ? write(fd, buf, k) : read(fd, buf, k);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto fail;
		n -= (unsigned long long)r;
	}
	if (put && (read_line(fd, reply, sizeof(reply)) < 0 ||
		    strcmp(reply, "ok") != 0))
		goto fail;
	t0 = bench_now_ns() - t0;
	close(fd);
	return t0 ? t0 : 1;
fail:
	printf("net_stream: %s stalled or failed after %llu of %llu bytes (%s)\n",
	       put ? "put" : "get", bytes - n, bytes,
	       errno == EAGAIN ? "no progress for " STALL_STR " s" : strerror(errno));
	close(fd);
	return 0;
}

static int client(const char *addr, unsigned port, unsigned mib, int runs,
		  int quit)
{
	unsigned long long bytes = (unsigned long long)mib << 20;
	int status = 0;

	if (runs < 1 || runs > MAX_RUNS)
		runs = 3;
	for (int put = 0; put <= 1; put++) {
		uint64_t ns[MAX_RUNS];

		for (int r = 0; r < runs; r++) {
			ns[r] = run(addr, port, put, bytes);
			if (!ns[r]) {
				printf("net_stream: %s run %d failed\n",
				       put ? "put" : "get", r);
				status = 1;
				goto out;
			}
		}
		qsort(ns, (size_t)runs, sizeof(ns[0]), bench_cmp_u64);
		/* MB/s = bytes * 1000 / ns; the slowest run has the most ns */
		printf("result %s %.2f %.2f %.2f\n", put ? "put" : "get",
		       (double)bytes * 1000 / (double)ns[runs / 2],
		       (double)bytes * 1000 / (double)ns[runs - 1],
		       (double)bytes * 1000 / (double)ns[0]);
	}
	printf("bytes %llu runs %d\n", bytes, runs);
out:
	if (quit) {
		int fd = dial(addr, port);

		if (fd >= 0) {
			write_all(fd, "quit\n", 5);
			close(fd);
		}
	}
	if (!status)
		printf("done\n");
	return status;
}

/* whether the server at ADDR:PORT answers within SECONDS */
static int wait_for(const char *addr, unsigned port, int seconds,
		    const char *kind)
{
	const char *req = strcmp(kind, "http") == 0
				  ? "GET / HTTP/1.1\r\nHost: bench\r\n"
				    "Connection: close\r\n\r\n"
			  : strcmp(kind, "httpquit") == 0
				  ? "GET /quit HTTP/1.1\r\nHost: bench\r\n\r\n"
				  : "ping\n";
	uint64_t end = bench_now_ns() + (uint64_t)seconds * 1000000000u;

	do {
		int fd = dial(addr, port);

		if (fd >= 0) {
			char c;
			struct timeval tv = { .tv_sec = 5 };

			setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
			if (write_all(fd, req, strlen(req)) == 0 &&
			    read(fd, &c, 1) == 1) {
				close(fd);
				return 0;
			}
			close(fd);
		}
		usleep(200000);
	} while (bench_now_ns() < end);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "serve") == 0)
		return serve((unsigned)atoi(argv[2]));
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "client") == 0)
		return client(argv[2], (unsigned)atoi(argv[3]),
			      (unsigned)atoi(argv[4]), atoi(argv[5]),
			      argc == 7 && strcmp(argv[6], "quit") == 0);
	if (argc == 6 && strcmp(argv[1], "wait") == 0)
		return wait_for(argv[2], (unsigned)atoi(argv[3]), atoi(argv[4]),
				argv[5]);
	fprintf(stderr, "usage: net_stream serve PORT | client ADDR PORT MB RUNS [quit] | wait ADDR PORT SECONDS ping|http|httpquit\n");
	return 2;
}
