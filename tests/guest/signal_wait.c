/*
 * tests/guest/signal_wait.c - a signal aimed at a thread ends its wait in
 * a blocking call, with Linux's answers: read of a pipe or an eventfd,
 * recv on an AF_UNIX or TCP socket, accept and a blocking send fail
 * with EINTR after a handler without SA_RESTART and are restarted
 * after one with it (the call then completes), unless the socket has a
 * timeout (SO_RCVTIMEO: EINTR); poll and epoll_wait always fail with
 * EINTR; a send that queued some bytes returns how many. The timeout
 * still works (EAGAIN). The handler runs once, in the
 * waiting thread.
 *
 * The same program passes natively on Linux. TCP runs over 127.0.0.1
 * (lwIP's loopback in libuk); without an AF_INET stack those checks are
 * skipped with a line saying so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

static volatile int handler_calls;
static volatile pid_t handler_tid;

static void on_usr1(int sig)
{
	(void)sig;
	handler_calls++;
	handler_tid = (pid_t)syscall(SYS_gettid);
}

static void set_handler(int restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* The waiting thread: runs one blocking call, keeps its result. */
enum call { READ, POLL, EPOLL, RECV, ACCEPT, SEND };
struct job {
	enum call call;
	int fd;
	char *buf;
	size_t len;
	volatile long rc;
	volatile int err;
	volatile pid_t tid;
};

static void *waiter(void *arg)
{
	struct job *j = arg;
	struct pollfd p = { .fd = j->fd, .events = POLLIN };
	struct epoll_event ev;

	j->tid = (pid_t)syscall(SYS_gettid);
	errno = 0;
	switch (j->call) {
	case READ: j->rc = read(j->fd, j->buf, j->len); break;
	case POLL: j->rc = poll(&p, 1, -1); break;
	case EPOLL: j->rc = epoll_wait(j->fd, &ev, 1, -1); break;
	case RECV: j->rc = recv(j->fd, j->buf, j->len, 0); break;
	case ACCEPT: j->rc = accept(j->fd, NULL, NULL); break;
	case SEND: j->rc = send(j->fd, j->buf, j->len, MSG_NOSIGNAL); break;
	}
	j->err = errno;
	return NULL;
}

/*
 * Start j in a thread, let it block, send it SIGUSR1, then run 'after'
 * (which may let a restarted call finish) and join. True when the
 * handler ran once, in that thread.
 */
static int signal_job(struct job *j, void (*after)(void *), void *arg)
{
	pthread_t t;

	j->tid = 0;
	handler_calls = 0;
	handler_tid = 0;
	pthread_create(&t, NULL, waiter, j);
	while (!j->tid)
		sched_yield();
	pause_ms(100);
	pthread_kill(t, SIGUSR1);
	pause_ms(100);
	if (after)
		after(arg);
	pthread_join(t, NULL);
	return handler_calls == 1 && handler_tid == j->tid;
}

static void write_x(void *arg)
{
	(void)!write(*(int *)arg, "x", 1);
}

static void test_pipe(void)
{
	int p[2];
	char c = 0;
	struct job j = { .call = READ, .buf = &c, .len = 1 };
	int ran;

	(void)!pipe(p);
	j.fd = p[0];
	set_handler(0);
	ran = signal_job(&j, NULL, NULL);
	check(j.rc == -1 && j.err == EINTR && ran,
	      "pipe read, handler without SA_RESTART: EINTR, the handler ran in the reader (%ld, %s)",
	      j.rc, strerror(j.err));
	set_handler(1);
	ran = signal_job(&j, write_x, &p[1]);
	check(j.rc == 1 && c == 'x' && ran,
	      "pipe read, SA_RESTART: restarted after the handler, then read the byte (%ld, %s)",
	      j.rc, strerror(j.err));
	j.call = POLL;
	ran = signal_job(&j, NULL, NULL);
	check(j.rc == -1 && j.err == EINTR && ran,
	      "poll, even with SA_RESTART: EINTR (%ld, %s)", j.rc, strerror(j.err));
	close(p[0]);
	close(p[1]);
}

static void test_eventfd_epoll(void)
{
	int efd = eventfd(0, 0), ep = epoll_create1(0);
	uint64_t v;
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = efd };
	struct job j = { .call = READ, .fd = efd, .buf = (char *)&v, .len = 8 };
	int ran;

	set_handler(0);
	ran = signal_job(&j, NULL, NULL);
	check(j.rc == -1 && j.err == EINTR && ran, "eventfd read: EINTR (%ld, %s)",
	      j.rc, strerror(j.err));
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	set_handler(1);
	j = (struct job){ .call = EPOLL, .fd = ep };
	ran = signal_job(&j, NULL, NULL);
	check(j.rc == -1 && j.err == EINTR && ran,
	      "epoll_wait, even with SA_RESTART: EINTR (%ld, %s)", j.rc, strerror(j.err));
	close(ep);
	close(efd);
}

static void send_x(void *arg)
{
	(void)!send(*(int *)arg, "x", 1, 0);
}

/* recv on a connected pair (AF_UNIX or TCP): EINTR, restart, timeout. */
static void test_recv(const char *what, int a, int b)
{
	char c = 0;
	struct job j = { .call = RECV, .fd = a, .buf = &c, .len = 1 };
	struct timeval tv = { 5, 0 };
	double t0;
	int ran;

	set_handler(0);
	ran = signal_job(&j, NULL, NULL);
	check(j.rc == -1 && j.err == EINTR && ran, "%s recv: EINTR (%ld, %s)", what,
	      j.rc, strerror(j.err));
	set_handler(1);
	ran = signal_job(&j, send_x, &b);
	check(j.rc == 1 && c == 'x' && ran,
	      "%s recv, SA_RESTART: restarted, then got the byte (%ld, %s)", what,
	      j.rc, strerror(j.err));
	setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ran = signal_job(&j, NULL, NULL);
	check(j.rc == -1 && j.err == EINTR && ran,
	      "%s recv with SO_RCVTIMEO, SA_RESTART: EINTR (%ld, %s)", what, j.rc,
	      strerror(j.err));
	tv = (struct timeval){ 0, 200000 };
	setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	t0 = now_s();
	errno = 0;
	j.rc = recv(a, &c, 1, 0);
	j.err = errno;
	t0 = now_s() - t0;
	check(j.rc == -1 && j.err == EAGAIN && t0 >= 0.19,
	      "%s recv, no signal: EAGAIN after the 200 ms timeout (%.3f s)", what, t0);
	tv = (struct timeval){ 0, 0 };
	setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void test_unix(void)
{
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	test_recv("AF_UNIX", sv[0], sv[1]);
	close(sv[0]);
	close(sv[1]);
}

/* Connect to lo:port from a new socket (the listener accepts later). */
static int tcp_client(const struct sockaddr_in *a)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (connect(fd, (const struct sockaddr *)a, sizeof(*a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void connect_to(void *arg)
{
	int fd = tcp_client(arg);

	if (fd >= 0)
		close(fd);
}

static void test_tcp(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), c, s, ran;
	struct job j;
	static char big[8 << 20];
	size_t total = 0;

	if (l < 0) {
		printf("# no AF_INET sockets (%s): TCP checks skipped\n", strerror(errno));
		return;
	}
	bind(l, (struct sockaddr *)&a, sizeof(a));
	listen(l, 4);
	getsockname(l, (struct sockaddr *)&a, &alen);
	set_handler(0);
	j = (struct job){ .call = ACCEPT, .fd = l };
	ran = signal_job(&j, NULL, NULL);
	check(j.rc == -1 && j.err == EINTR && ran, "TCP accept: EINTR (%ld, %s)",
	      j.rc, strerror(j.err));
	set_handler(1);
	ran = signal_job(&j, connect_to, &a);
	check(j.rc >= 0 && ran,
	      "TCP accept, SA_RESTART: restarted, then took the connection (%ld, %s)",
	      j.rc, strerror(j.err));
	if (j.rc >= 0)
		close((int)j.rc);

	c = tcp_client(&a);
	s = accept(l, NULL, NULL);
	if (!check(c >= 0 && s >= 0, "a TCP connection over 127.0.0.1"))
		return;
	test_recv("TCP", c, s);

	/* A send that fills everything: interrupted, it says what it queued. */
	set_handler(0);
	j = (struct job){ .call = SEND, .fd = c, .buf = big, .len = sizeof(big) };
	ran = signal_job(&j, NULL, NULL);
	check(j.rc > 0 && (size_t)j.rc < sizeof(big) && ran,
	      "TCP send of 8 MiB nobody reads, interrupted: the bytes queued (%ld of %zu)",
	      j.rc, sizeof(big));
	/* They all arrive, in order (the first bytes are zero). */
	for (;;) {
		char buf[65536];
		struct pollfd p = { .fd = s, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 2000) <= 0)
			break;
		n = recv(s, buf, sizeof(buf), MSG_DONTWAIT);
		if (n <= 0)
			break;
		total += (size_t)n;
		if (total >= (size_t)j.rc)
			break;
	}
	check(j.rc > 0 && total == (size_t)j.rc, "the peer got exactly those %zu bytes",
	      total);
	close(c);
	close(s);
	close(l);
}

int main(void)
{
	test_pipe();
	test_eventfd_epoll();
	test_unix();
	test_tcp();
	return tap_done();
}
