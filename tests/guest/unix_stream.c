/*
 * tests/guest/unix_stream.c - AF_UNIX stream sockets through musl
 * (lib/posix-socket + lib/posix-unixsocket), with Linux's answers:
 * socketpair and its flags, fstat, a megabyte byte-exact; bind to a path
 * (the socket node, EADDRINUSE), listen/accept/connect, names, the
 * backlog (EAGAIN when full and non-blocking, a blocking connect waiting
 * for accept), ECONNREFUSED; shutdown and close (end of file, EPIPE with
 * SIGPIPE ignored, MSG_NOSIGNAL, ECONNRESET after unread data); MSG_PEEK,
 * MSG_WAITALL, MSG_DONTWAIT and O_NONBLOCK; poll; FIONREAD; and one epoll
 * set holding unix sockets, pipes and an eventfd while four threads each
 * stream numbered records that must arrive complete and in order.
 *
 * The same program runs natively on Linux (the assertions are Linux's).
 * Only main prints: threads leave what they saw in globals.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

#define PATH "ustream.sock"

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static void test_pair(void)
{
	int sv[2] = { -1, -1 }, rc, n = -1;
	char buf[16] = "";
	struct stat st = { 0 };

	rc = socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	check(rc == 0 && sv[0] >= 3 && sv[1] >= 3, "socketpair gives two descriptors");
	rc = fstat(sv[0], &st);
	check(rc == 0 && S_ISSOCK(st.st_mode), "fstat: a socket");
	check(write(sv[0], "hello", 5) == 5, "write 5 bytes");
	rc = ioctl(sv[1], FIONREAD, &n);
	check(rc == 0 && n == 5, "FIONREAD: 5 waiting (%d)", n);
	check(read(sv[1], buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5),
	      "the other end reads them");
	check(write(sv[1], "back", 4) == 4 && read(sv[0], buf, 4) == 4 &&
		      !memcmp(buf, "back", 4),
	      "and the other way");
	check(FAILS(recv(sv[0], buf, 1, MSG_DONTWAIT), EAGAIN),
	      "MSG_DONTWAIT on an empty socket: EAGAIN");
	check(close(sv[1]) == 0 && read(sv[0], buf, 1) == 0,
	      "peer closed: end of file");
	close(sv[0]);

	rc = socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv);
	check(rc == 0 && (fcntl(sv[0], F_GETFL) & O_NONBLOCK) &&
		      (fcntl(sv[1], F_GETFD) & FD_CLOEXEC),
	      "SOCK_NONBLOCK and SOCK_CLOEXEC apply to both");
	check(FAILS(read(sv[0], buf, 1), EAGAIN), "non-blocking read: EAGAIN");
	close(sv[0]);
	close(sv[1]);
	check(FAILS(socketpair(AF_UNIX, SOCK_STREAM, 0, NULL), EFAULT),
	      "socketpair(NULL): EFAULT");
}

/* A megabyte through a socketpair, written by a thread in odd sizes. */
#define MEG (1 << 20)
static unsigned char big_in[MEG], big_out[MEG];
static int big_fd;
static long big_written;

static void *big_writer(void *arg)
{
	size_t off = 0, chunk = 1;

	(void)arg;
	while (off < MEG) {
		size_t n = chunk < MEG - off ? chunk : MEG - off;
		ssize_t w = write(big_fd, big_in + off, n);

		if (w <= 0)
			break;
		off += (size_t)w;
		chunk = chunk * 7 % 70001 + 1;
	}
	big_written = (long)off;
	close(big_fd);
	return NULL;
}

static void test_megabyte(void)
{
	int sv[2];
	pthread_t t;
	size_t got = 0;
	ssize_t n;

	for (size_t i = 0; i < MEG; i++)
		big_in[i] = (unsigned char)(i * 131 + (i >> 9));
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	big_fd = sv[0];
	pthread_create(&t, NULL, big_writer, NULL);
	while ((n = read(sv[1], big_out + got, MEG - got + 1)) > 0)
		got += (size_t)n;
	pthread_join(t, NULL);
	check(big_written == MEG && got == MEG && !memcmp(big_in, big_out, MEG),
	      "a megabyte arrives byte-exact (%zu bytes), then end of file", got);
	close(sv[1]);
}

/* Connections over a path. */
static int accept_fd = -1, accept_err;

static void *late_acceptor(void *arg)
{
	int l = *(int *)arg;

	sleep_ms(50);
	accept_fd = accept(l, NULL, NULL);
	accept_err = errno;
	return NULL;
}

static void test_connect(void)
{
	struct sockaddr_un a, got;
	socklen_t len = path_addr(&a, PATH), glen;
	int l, c, s, c2, rc, c3[4];
	struct stat st = { 0 };
	char buf[8];
	pthread_t t;

	unlink(PATH);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	check(FAILS(connect(c, (struct sockaddr *)&a, len), ENOENT),
	      "connect to a missing path: ENOENT");
	check(FAILS(listen(l, 1), EINVAL), "listen before bind: EINVAL");
	check(bind(l, (struct sockaddr *)&a, len) == 0, "bind to %s", PATH);
	rc = stat(PATH, &st);
	check(rc == 0 && S_ISSOCK(st.st_mode), "bind made a socket node");
	check(FAILS(bind(c, (struct sockaddr *)&a, len), EADDRINUSE),
	      "binding the same path again: EADDRINUSE");
	check(FAILS(connect(c, (struct sockaddr *)&a, len), ECONNREFUSED),
	      "connect to a socket that does not listen: ECONNREFUSED");
	check(listen(l, 1) == 0, "listen");
	check(FAILS(connect(l, (struct sockaddr *)&a, len), EINVAL),
	      "connect on a listening socket: EINVAL");
	check(connect(c, (struct sockaddr *)&a, len) == 0,
	      "connect completes before accept");
	check(FAILS(connect(c, (struct sockaddr *)&a, len), EISCONN),
	      "connect again: EISCONN");
	glen = sizeof(got);
	rc = getpeername(c, (struct sockaddr *)&got, &glen);
	check(rc == 0 && glen == len && !strcmp(got.sun_path, PATH),
	      "the client's peer name is the path");
	glen = sizeof(got);
	rc = getsockname(c, (struct sockaddr *)&got, &glen);
	check(rc == 0 && glen == sizeof(sa_family_t) && got.sun_family == AF_UNIX,
	      "the unbound client's own name: the family only");
	check(write(c, "early", 5) == 5, "the client writes before accept");
	glen = sizeof(got);
	s = accept(l, (struct sockaddr *)&got, &glen);
	check(s >= 0 && glen == sizeof(sa_family_t),
	      "accept: the unbound client's name is the family only");
	check(read(s, buf, 5) == 5 && !memcmp(buf, "early", 5),
	      "the server reads what was written before accept");
	glen = sizeof(got);
	rc = getsockname(s, (struct sockaddr *)&got, &glen);
	check(rc == 0 && !strcmp(got.sun_path, PATH),
	      "the accepted socket's name is the listener's");
	check(FAILS(read(l, buf, 1), EINVAL), "read on a listener: EINVAL");

	/* backlog 1 holds two connections (Linux's backlog + 1) */
	for (int i = 0; i < 4; i++)
		c3[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	check(connect(c3[0], (struct sockaddr *)&a, len) == 0 &&
		      connect(c3[1], (struct sockaddr *)&a, len) == 0,
	      "backlog 1: two connections wait");
	check(FAILS(connect(c3[2], (struct sockaddr *)&a, len), EAGAIN),
	      "a full backlog: a non-blocking connect fails with EAGAIN");
	{
		struct pollfd p = { l, POLLIN, 0 };

		check(poll(&p, 1, 0) == 1 && (p.revents & POLLIN),
		      "the listener polls readable");
	}
	/* A blocking connect waits until an accept makes room. */
	c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	pthread_create(&t, NULL, late_acceptor, &l);
	rc = connect(c2, (struct sockaddr *)&a, len);
	pthread_join(t, NULL);
	check(rc == 0 && accept_fd >= 0,
	      "a blocking connect to a full backlog waits for accept (%d)", accept_err);
	close(accept_fd);
	/* Closing the listener resets the connections nobody accepted. */
	close(l);
	/* (Linux 6.1 here: end of file, no ECONNRESET, for the embryo case.) */
	rc = (int)read(c3[0], buf, 1);
	check(rc == 0, "an unaccepted connection ends when the listener closes (%d)", rc);
	check(FAILS(send(c3[0], "x", 1, MSG_NOSIGNAL), EPIPE),
	      "and cannot be written to");
	check(FAILS(connect(c3[3], (struct sockaddr *)&a, len), ECONNREFUSED),
	      "the node of a closed socket refuses connections");
	check(unlink(PATH) == 0 && FAILS(connect(c3[3], (struct sockaddr *)&a, len), ENOENT),
	      "unlink removes the name");
	for (int i = 0; i < 4; i++)
		close(c3[i]);
	close(c2);
	close(c);
	close(s);

	l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	bind(l, (struct sockaddr *)&a, len);
	listen(l, 5);
	check(FAILS(accept(l, NULL, NULL), EAGAIN),
	      "non-blocking accept with nothing waiting: EAGAIN");
	check(FAILS(accept(c, NULL, NULL), EBADF), "accept on a closed fd: EBADF");
	close(l);
	unlink(PATH);
}

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static void test_shutdown(void)
{
	int sv[2], n = 0;
	char buf[8];
	struct pollfd p;
	struct sigaction sa = { .sa_handler = on_sigpipe };

	sigaction(SIGPIPE, &sa, NULL);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "ab", 2);
	check(shutdown(sv[0], SHUT_WR) == 0, "shutdown(SHUT_WR)");
	check(read(sv[1], buf, 8) == 2 && read(sv[1], buf, 8) == 0,
	      "the peer reads what is left, then end of file");
	p = (struct pollfd){ sv[1], POLLIN | POLLRDHUP, 0 };
	check(poll(&p, 1, 0) == 1 && (p.revents & POLLRDHUP) && !(p.revents & POLLHUP),
	      "the peer polls RDHUP, not HUP (0x%x)", p.revents);
	check(FAILS(write(sv[0], "x", 1), EPIPE) && sigpipes == 1,
	      "writing after SHUT_WR: EPIPE and SIGPIPE");
	check(FAILS(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE) && sigpipes == 1,
	      "MSG_NOSIGNAL: EPIPE without SIGPIPE");
	check(write(sv[1], "yz", 2) == 2 && read(sv[0], buf, 8) == 2,
	      "the other direction still works");
	check(FAILS(shutdown(sv[0], 7), EINVAL), "shutdown(7): EINVAL");
	check(shutdown(sv[1], SHUT_RDWR) == 0, "shutdown(SHUT_RDWR)");
	p = (struct pollfd){ sv[0], POLLIN, 0 };
	check(poll(&p, 1, 0) == 1 && (p.revents & POLLHUP), "both ways shut: POLLHUP");
	close(sv[0]);
	close(sv[1]);

	/* Closing with unread data resets the peer's reads, once. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[1], "unread", 6);
	write(sv[0], "tail", 4);
	close(sv[0]);
	check(read(sv[1], buf, 8) == 4, "the survivor reads the data it was sent");
	check(FAILS(read(sv[1], buf, 8), ECONNRESET),
	      "then ECONNRESET: the peer closed with data unread");
	check(read(sv[1], buf, 8) == 0, "then end of file");
	check(FAILS(write(sv[1], "x", 1), EPIPE) && sigpipes == 2,
	      "writing to a closed peer: EPIPE and SIGPIPE");
	ioctl(sv[1], FIONREAD, &n);
	check(n == 0, "FIONREAD after end of file: 0");
	close(sv[1]);
	signal(SIGPIPE, SIG_DFL);
}

static int wa_fd;

static void *slow_writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 4; i++) {
		sleep_ms(10);
		write(wa_fd, "abcd" + i, 1);
	}
	return NULL;
}

static void test_flags(void)
{
	int sv[2], rc;
	char buf[70000];
	pthread_t t;
	ssize_t n, total = 0;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "peekaboo", 8);
	check(recv(sv[1], buf, 4, MSG_PEEK) == 4 && !memcmp(buf, "peek", 4),
	      "MSG_PEEK sees the data");
	check(recv(sv[1], buf, 8, 0) == 8 && !memcmp(buf, "peekaboo", 8),
	      "and leaves it there");
	wa_fd = sv[0];
	pthread_create(&t, NULL, slow_writer, NULL);
	rc = (int)recv(sv[1], buf, 4, MSG_WAITALL);
	pthread_join(t, NULL);
	check(rc == 4 && !memcmp(buf, "abcd", 4),
	      "MSG_WAITALL gathers four separate writes (%d)", rc);

	/* A non-blocking writer fills the buffer, then EAGAIN. */
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	memset(buf, 'q', sizeof(buf));
	while ((n = write(sv[0], buf, sizeof(buf))) > 0)
		total += n;
	check(n == -1 && errno == EAGAIN && total > 0,
	      "O_NONBLOCK: writes until full (%zd bytes), then EAGAIN", total);
	{
		struct pollfd p = { sv[0], POLLOUT, 0 };

		check(poll(&p, 1, 0) == 0, "a full socket does not poll writable");
	}
	while (total > 0 && (n = read(sv[1], buf, sizeof(buf))) > 0)
		total -= n;
	check(total == 0, "the reader drains all of it");
	{
		struct pollfd p = { sv[0], POLLOUT, 0 };

		check(poll(&p, 1, 0) == 1 && (p.revents & POLLOUT),
		      "drained: writable again");
	}
	close(sv[0]);
	close(sv[1]);
}

/* Four threads streaming numbered records into one epoll loop. */
#define WRITERS 4
#define RECORDS 3000
struct rec {
	uint32_t writer, seq;
	char fill[24];
};
static int wfd[WRITERS];

static void *rec_writer(void *arg)
{
	uint32_t w = (uint32_t)(uintptr_t)arg;
	struct rec r;

	for (uint32_t i = 0; i < RECORDS; i++) {
		r.writer = w;
		r.seq = i;
		memset(r.fill, 'a' + (int)(i % 26), sizeof(r.fill));
		if (write(wfd[w], &r, sizeof(r)) != sizeof(r))
			break;
		if (i % 97 == 0)
			sched_yield();
	}
	close(wfd[w]);
	return NULL;
}

static void test_epoll_mix(void)
{
	int ep = epoll_create1(0), rfd[WRITERS], pp[2], efd, eofs = 0;
	uint32_t next[WRITERS] = { 0 };
	unsigned char pend[WRITERS][sizeof(struct rec)];
	size_t have[WRITERS] = { 0 };
	pthread_t t[WRITERS];
	int bad = 0, pipe_seen = 0, event_seen = 0;
	struct epoll_event ev;

	pipe(pp);
	efd = eventfd(0, EFD_NONBLOCK);
	for (int i = 0; i < WRITERS; i++) {
		int sv[2];

		socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
		wfd[i] = sv[0];
		rfd[i] = sv[1];
		ev.events = EPOLLIN;
		ev.data.u32 = (uint32_t)i;
		epoll_ctl(ep, EPOLL_CTL_ADD, rfd[i], &ev);
	}
	ev.events = EPOLLIN;
	ev.data.u32 = 100;
	epoll_ctl(ep, EPOLL_CTL_ADD, pp[0], &ev);
	ev.data.u32 = 200;
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	write(pp[1], "p", 1);
	eventfd_write(efd, 3);
	for (int i = 0; i < WRITERS; i++)
		pthread_create(&t[i], NULL, rec_writer, (void *)(uintptr_t)i);
	while (eofs < WRITERS) {
		struct epoll_event evs[8];
		int n = epoll_wait(ep, evs, 8, 5000);

		if (n <= 0) {
			bad++;
			break;
		}
		for (int k = 0; k < n; k++) {
			uint32_t id = evs[k].data.u32;
			char c;
			eventfd_t v;

			if (id == 100) {
				pipe_seen += read(pp[0], &c, 1) == 1;
				continue;
			}
			if (id == 200) {
				event_seen += eventfd_read(efd, &v) == 0 && v == 3;
				continue;
			}
			ssize_t r = read(rfd[id], pend[id] + have[id],
					 sizeof(struct rec) - have[id]);
			if (r == 0) {
				epoll_ctl(ep, EPOLL_CTL_DEL, rfd[id], NULL);
				eofs++;
				continue;
			}
			if (r < 0)
				continue;
			have[id] += (size_t)r;
			if (have[id] == sizeof(struct rec)) {
				struct rec *rp = (struct rec *)pend[id];

				if (rp->writer != id || rp->seq != next[id] ||
				    rp->fill[23] != 'a' + (int)(rp->seq % 26))
					bad++;
				next[id]++;
				have[id] = 0;
			}
		}
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(t[i], NULL);
	check(!bad && next[0] == RECORDS && next[1] == RECORDS &&
		      next[2] == RECORDS && next[3] == RECORDS,
	      "4 threads x %d records through one epoll set: none lost, all in order",
	      RECORDS);
	check(pipe_seen == 1 && event_seen == 1,
	      "the pipe and the eventfd in the same set were seen");
	for (int i = 0; i < WRITERS; i++)
		close(rfd[i]);
	close(pp[0]);
	close(pp[1]);
	close(efd);
	close(ep);
}

static void test_errors(void)
{
	int fd = open("ustream.file", O_CREAT | O_RDWR, 0600), s, p[2];
	char buf[4];

	check(FAILS(listen(fd, 1), ENOTSOCK), "listen on a file: ENOTSOCK");
	check(FAILS(send(fd, "x", 1, 0), ENOTSOCK), "send on a file: ENOTSOCK");
	pipe(p);
	check(FAILS(recv(p[0], buf, 1, MSG_DONTWAIT), ENOTSOCK), "recv on a pipe: ENOTSOCK");
	check(FAILS(shutdown(-1, SHUT_RD), EBADF), "shutdown(-1): EBADF");
	check(FAILS(socket(AF_UNIX, SOCK_STREAM, 7), EPROTONOSUPPORT),
	      "protocol 7: EPROTONOSUPPORT");
	check(FAILS(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT),
	      "family 12345: EAFNOSUPPORT");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	check(FAILS(write(s, "x", 1), ENOTCONN) || errno == EPIPE,
	      "write on an unconnected stream socket fails");
	check(FAILS(getpeername(s, (struct sockaddr *)buf, &(socklen_t){ 4 }), ENOTCONN),
	      "getpeername unconnected: ENOTCONN");
	close(s);
	close(fd);
	close(p[0]);
	close(p[1]);
	unlink("ustream.file");
}

int main(void)
{
	test_pair();
	test_megabyte();
	test_connect();
	test_shutdown();
	test_flags();
	test_epoll_mix();
	test_errors();
	return tap_done();
}
