/*
 * bench/net_http.c - the HTTP/1.1 server bench/net.sh drives with wrk: a
 * plain POSIX program (one thread, epoll, non-blocking sockets,
 * level-triggered), built as a libuk image (bench/net_http-uk,
 * -DBENCH_UK) and as a static program for Linux from the same source.
 *
 *   net_http PORT
 *
 * Every request (a GET or HEAD without a body, up to its blank line) is
 * answered with the same small fixed body, keeping the connection open
 * (HTTP/1.1 keep-alive; pipelined requests are answered in order) unless
 * the request says "Connection: close". A request for "/quit" is answered,
 * then the server prints "requests N" (how many it answered) and "done"
 * and exits 0. It prints "hypervisor SIG" (bench/bench_util.h) first.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include "bench_util.h"

#define MAX_EVENTS 64
#define REQ_MAX 4096

static const char body[] = "Hello from bench/net_http\n";
static char response[256];
static size_t response_len;

/* a connection: the bytes of requests not answered yet */
struct conn {
	int fd;
	size_t len;
	char req[REQ_MAX];
};

static unsigned long long answered;

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void drop(int ep, struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c);
}

/* writes the whole response; the socket is non-blocking, and a response
 * this small fits its buffer, but a full buffer is waited out */
static int send_response(int fd)
{
	size_t off = 0;

	while (off < response_len) {
		ssize_t w = write(fd, response + off, response_len - off);

		if (w > 0) {
			off += (size_t)w;
		} else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			usleep(100);
		} else {
			return -1;
		}
	}
	return 0;
}

/* answers every complete request in C's buffer; 1 when the connection is
 * to be closed, 2 when the server is to stop, 0 otherwise */
static int serve_requests(struct conn *c)
{
	char *end;

	c->req[c->len] = '\0';
	while ((end = strstr(c->req, "\r\n\r\n")) != NULL) {
		size_t n = (size_t)(end - c->req) + 4;
		int quit = strncmp(c->req, "GET /quit ", 10) == 0;
		int close_it = strcasestr(c->req, "\r\nConnection: close") != NULL &&
			       strcasestr(c->req, "\r\nConnection: close") < end;

		if (send_response(c->fd) < 0)
			return 1;
		answered++;
		memmove(c->req, c->req + n, c->len - n + 1);
		c->len -= n;
		if (quit)
			return 2;
		if (close_it)
			return 1;
	}
	return c->len >= REQ_MAX - 1; /* a request too long: drop it */
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct epoll_event ev, events[MAX_EVENTS];
	int one = 1, ls, ep;

	if (argc != 2) {
		fprintf(stderr, "usage: net_http PORT\n");
		return 2;
	}
	bench_print_platform();
	response_len = (size_t)snprintf(response, sizeof(response),
		"HTTP/1.1 200 OK\r\nServer: net_http\r\n"
		"Content-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
		sizeof(body) - 1, body);
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_port = htons((uint16_t)atoi(argv[1]));
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(ls, 128) < 0) {
		perror("bind/listen");
		return 1;
	}
	set_nonblock(ls);
	ep = epoll_create1(0);
	if (ep < 0) {
		perror("epoll_create1");
		return 1;
	}
	ev.events = EPOLLIN;
	ev.data.ptr = NULL; /* the listening socket */
	epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
	printf("listening %s\n", argv[1]);
	fflush(stdout);
	for (;;) {
		int n = epoll_wait(ep, events, MAX_EVENTS, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("epoll_wait");
			return 1;
		}
		for (int i = 0; i < n; i++) {
			struct conn *c = events[i].data.ptr;

			if (!c) {
				int fd;

				while ((fd = accept(ls, NULL, NULL)) >= 0) {
					set_nonblock(fd);
					setsockopt(fd, IPPROTO_TCP, TCP_NODELAY,
						   &one, sizeof(one));
					c = malloc(sizeof(*c));
					if (!c) {
						close(fd);
						continue;
					}
					c->fd = fd;
					c->len = 0;
					ev.events = EPOLLIN;
					ev.data.ptr = c;
					if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
						close(fd);
						free(c);
					}
				}
				continue;
			}
			for (;;) {
				ssize_t r = read(c->fd, c->req + c->len,
						 REQ_MAX - 1 - c->len);
				int what;

				if (r < 0 && errno == EINTR)
					continue;
				if (r < 0 && errno == EAGAIN)
					break;
				if (r <= 0) {
					drop(ep, c);
					break;
				}
				c->len += (size_t)r;
				what = serve_requests(c);
				if (what == 2) {
					drop(ep, c);
					printf("requests %llu\n", answered);
					printf("done\n");
					fflush(stdout);
					return 0;
				}
				if (what == 1) {
					drop(ep, c);
					break;
				}
			}
		}
	}
}
