/*
 * tests/guest/net_epoll.c - an epoll-driven TCP server holding many
 * connections at once: net_epoll PORT N accepts connections on PORT, answers
 * each "hello K\n" with "echo K\n", and ends when N connections have come
 * and gone. The host client (netpeer.pl conns) opens all N before it sends
 * anything and closes none before every answer is in, so the server must
 * hold N at the same time. Plain POSIX: runs natively on Linux too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include "musl_tap.h"

#define MAX_FDS 4096

static char line[MAX_FDS][24];
static unsigned char used[MAX_FDS];

/* Read what is there; answer each complete line. -1: the peer is gone. */
static int serve(int fd, int *answered)
{
	char buf[64], out[40], *nl;
	ssize_t n = read(fd, buf, sizeof(buf));
	size_t len = strlen(line[fd]);
	int k;

	if (n == 0 || (n < 0 && errno != EAGAIN))
		return -1;
	if (n < 0)
		return 0;
	if (len + (size_t)n >= sizeof(line[fd]))
		return -1; /* not our protocol */
	memcpy(line[fd] + len, buf, (size_t)n);
	line[fd][len + (size_t)n] = '\0';
	while ((nl = strchr(line[fd], '\n'))) {
		if (sscanf(line[fd], "hello %d", &k) != 1)
			return -1;
		n = snprintf(out, sizeof(out), "echo %d\n", k);
		if (write(fd, out, (size_t)n) != n)
			return -1;
		(*answered)++;
		memmove(line[fd], nl + 1, strlen(nl + 1) + 1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int one = 1, ls, ep, n, open_now = 0, peak = 0, closed = 0, answered = 0;
	struct epoll_event ev, evs[64];

	if (argc != 3) {
		printf("usage: net_epoll PORT N\n");
		return 2;
	}
	n = atoi(argv[2]);
	a.sin_port = htons((uint16_t)atoi(argv[1]));
	ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ep = epoll_create1(0);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = ls };
	if (!check(bind(ls, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		   listen(ls, 1024) == 0 && epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev) == 0,
		   "listening on port %s with epoll", argv[1]))
		return tap_done();
	while (closed < n) {
		int k = epoll_wait(ep, evs, 64, 60000);

		if (k <= 0)
			break; /* a minute without events: the client is gone */
		for (int i = 0; i < k; i++) {
			int fd = evs[i].data.fd, c;

			if (fd != ls) {
				if (serve(fd, &answered) < 0) {
					epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
					close(fd);
					used[fd] = 0;
					open_now--;
					closed++;
				}
				continue;
			}
			while ((c = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
				if (c >= MAX_FDS || used[c]) {
					close(c);
					continue;
				}
				used[c] = 1;
				line[c][0] = '\0';
				ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = c };
				epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
				if (++open_now > peak)
					peak = open_now;
			}
		}
	}
	check(closed == n, "%d connections came and went (%d)", n, closed);
	check(answered == 2 * n, "each got its two answers (%d)", answered);
	check(peak == n, "all %d were open at the same time (peak %d)", n, peak);
	return tap_done();
}
