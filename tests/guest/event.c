/*
 * tests/guest/event.c - lib/posix-event from one thread: eventfd (counter,
 * semaphore, flags, limits), epoll (create flags, every epoll_ctl error,
 * level/edge/oneshot, a watched file's last close, nesting and loops,
 * timeouts, the signal mask), poll and ppoll, select and pselect6 (the
 * sets, timeouts and the time left written back), on eventfds, pipes, the
 * console and a regular file. Checks that need something another library
 * provides (pipes, a file system) report a SKIP when it is missing.
 * The raw system calls reach what musl's wrappers hide (the x86_64-only
 * numbers, the time written back, bad sizes).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void skip(const char *what, const char *why)
{
	count++;
	printf("ok %d - %s # SKIP %s\n", count, what, why);
}

static uint64_t rd(int fd, ssize_t *n)
{
	uint64_t v = 0;

	*n = read(fd, &v, sizeof(v));
	return v;
}

static int wr(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v)) == (ssize_t)sizeof(v);
}

static int ctl(int ep, int op, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, op, fd, &ev);
}

static struct epoll_event evs[16];

static int ewait(int ep, int ms)
{
	memset(evs, 0, sizeof(evs));
	return epoll_wait(ep, evs, 16, ms);
}

static short poll1(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events, .revents = -1 };

	return poll(&p, 1, ms) < 0 ? -1 : p.revents;
}

static void test_eventfd(void)
{
	int fd = eventfd(5, 0), sfd, nfd;
	uint64_t v = 0;
	ssize_t n;

	check(fd >= 0 && rd(fd, &n) == 5 && n == 8, "eventfd: read returns the initial value");
	check(FAILS(read(fd, &v, 4), EINVAL), "eventfd: a read of 4 bytes: EINVAL");
	check(FAILS(write(fd, &v, 7), EINVAL), "eventfd: a write of 7 bytes: EINVAL");
	check(wr(fd, 3) && wr(fd, 4) && rd(fd, &n) == 7, "eventfd: writes add up, a read takes all");
	check(FAILS(wr(fd, UINT64_MAX) ? 0 : -1, EINVAL), "eventfd: writing 2^64-1: EINVAL");
	check(FAILS(lseek(fd, 0, SEEK_SET), ESPIPE), "eventfd: lseek: ESPIPE");
	close(fd);

	nfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	check(nfd >= 0 && (fcntl(nfd, F_GETFL) & (O_NONBLOCK | O_ACCMODE)) == (O_NONBLOCK | O_RDWR),
	      "eventfd: EFD_NONBLOCK gives an O_RDWR | O_NONBLOCK file");
	check(fcntl(nfd, F_GETFD) == FD_CLOEXEC, "eventfd: EFD_CLOEXEC sets FD_CLOEXEC");
	check(FAILS(read(nfd, &v, 8), EAGAIN), "eventfd: nonblocking read at 0: EAGAIN");
	check(wr(nfd, UINT64_MAX - 1) && FAILS(wr(nfd, 1) ? 0 : -1, EAGAIN),
	      "eventfd: a write past 2^64-2: EAGAIN");
	check(poll1(nfd, POLLIN | POLLOUT, 0) == POLLIN, "eventfd: full: POLLIN, no POLLOUT");
	check(wr(nfd, 0), "eventfd: writing 0 always succeeds");
	check(rd(nfd, &n) == UINT64_MAX - 1 && poll1(nfd, POLLIN | POLLOUT, 0) == POLLOUT,
	      "eventfd: empty: POLLOUT only");
	check(poll1(nfd, POLLRDNORM | POLLWRNORM, 0) == 0,
	      "eventfd: no POLLRDNORM/POLLWRNORM, as on Linux");
	close(nfd);

	sfd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
	check(sfd >= 0 && rd(sfd, &n) == 1 && rd(sfd, &n) == 1 && rd(sfd, &n) == 1 &&
		      FAILS(read(sfd, &v, 8), EAGAIN),
	      "eventfd: EFD_SEMAPHORE reads 1 at a time, then EAGAIN");
	close(sfd);
	check(FAILS(eventfd(0, 2), EINVAL), "eventfd: unknown flags: EINVAL");
	check(fcntl(fd = eventfd(0, 0), F_GETFD) == 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK),
	      "eventfd: without flags: blocking, no FD_CLOEXEC");
	close(fd);
#ifdef SYS_eventfd
	fd = (int)syscall(SYS_eventfd, 9);
	check(fd >= 0 && rd(fd, &n) == 9, "eventfd (x86_64's own number) works");
	close(fd);
#endif
}

static void test_epoll_ctl_errors(int regfd)
{
	int ep = epoll_create1(0), efd = eventfd(0, 0), ep2 = epoll_create1(0), e[7];
	struct epoll_event ev = { .events = EPOLLIN };

	check(ep >= 0 && fcntl(ep, F_GETFD) == 0, "epoll_create1(0): no FD_CLOEXEC");
	check(FAILS(epoll_create1(1), EINVAL), "epoll_create1 with an unknown flag: EINVAL");
	e[0] = epoll_create1(EPOLL_CLOEXEC);
	check(fcntl(e[0], F_GETFD) == FD_CLOEXEC, "EPOLL_CLOEXEC sets FD_CLOEXEC");
	close(e[0]);
#ifdef SYS_epoll_create
	check(FAILS(syscall(SYS_epoll_create, -1), EINVAL) &&
		      (e[0] = (int)syscall(SYS_epoll_create, 1)) >= 0 && close(e[0]) == 0,
	      "epoll_create (x86_64's own number): EINVAL for -1, else a new instance");
#endif
	check(FAILS(epoll_ctl(99, EPOLL_CTL_ADD, efd, &ev), EBADF), "epoll_ctl: a bad epfd: EBADF");
	check(FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev), EBADF), "epoll_ctl: a bad fd: EBADF");
	check(FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL), "epoll_ctl: epfd as its own target: EINVAL");
	check(FAILS(epoll_ctl(efd, EPOLL_CTL_ADD, ep, &ev), EINVAL), "epoll_ctl: epfd not an epoll: EINVAL");
	check(FAILS(epoll_ctl(ep, 0, efd, &ev), EINVAL), "epoll_ctl: an unknown op: EINVAL");
	check(FAILS(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL), ENOENT), "epoll_ctl: DEL of an unwatched fd: ENOENT");
	check(FAILS(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev), ENOENT), "epoll_ctl: MOD of an unwatched fd: ENOENT");
	check(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0 &&
		      FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), EEXIST),
	      "epoll_ctl: ADD twice: EEXIST");
	check(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL) == 0, "epoll_ctl: DEL takes no event");
	check(FAILS(ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN | EPOLLEXCLUSIVE, 0), EINVAL),
	      "EPOLLEXCLUSIVE on an epoll target: EINVAL");
	check(FAILS(ctl(ep, EPOLL_CTL_ADD, efd, EPOLLIN | EPOLLONESHOT | EPOLLEXCLUSIVE, 0), EINVAL),
	      "EPOLLEXCLUSIVE with EPOLLONESHOT: EINVAL");
	check(ctl(ep, EPOLL_CTL_ADD, efd, EPOLLIN | EPOLLET | EPOLLEXCLUSIVE, 0) == 0,
	      "EPOLLEXCLUSIVE with IN and ET is accepted");
	check(FAILS(ctl(ep, EPOLL_CTL_MOD, efd, EPOLLIN | EPOLLEXCLUSIVE, 0), EINVAL) &&
		      FAILS(ctl(ep, EPOLL_CTL_MOD, efd, EPOLLIN, 0), EINVAL),
	      "EPOLL_CTL_MOD with or of an EPOLLEXCLUSIVE item: EINVAL");
	if (regfd >= 0)
		check(FAILS(ctl(ep, EPOLL_CTL_ADD, regfd, EPOLLIN, 0), EPERM),
		      "epoll_ctl on a regular file: EPERM");
	else
		skip("epoll_ctl on a regular file: EPERM", "no writable file system");

	/* Loops and chains of instances (at most 5 long). */
	for (int i = 0; i < 7; i++)
		e[i] = epoll_create1(0);
	check(ctl(e[0], EPOLL_CTL_ADD, e[1], EPOLLIN, 0) == 0 &&
		      ctl(e[1], EPOLL_CTL_ADD, e[2], EPOLLIN, 0) == 0,
	      "an epoll instance watches another");
	check(FAILS(ctl(e[2], EPOLL_CTL_ADD, e[0], EPOLLIN, 0), ELOOP), "a cycle of instances: ELOOP");
	check(ctl(e[2], EPOLL_CTL_ADD, e[3], EPOLLIN, 0) == 0 &&
		      ctl(e[3], EPOLL_CTL_ADD, e[4], EPOLLIN, 0) == 0,
	      "a chain of 5 instances");
	check(FAILS(ctl(e[4], EPOLL_CTL_ADD, e[5], EPOLLIN, 0), ELOOP) &&
		      FAILS(ctl(e[5], EPOLL_CTL_ADD, e[0], EPOLLIN, 0), ELOOP),
	      "a sixth instance at either end: ELOOP");
	close(e[4]);
	check(ctl(e[5], EPOLL_CTL_ADD, e[0], EPOLLIN, 0) == 0,
	      "closing the last instance shortens the chain");
	for (int i = 0; i < 7; i++)
		if (i != 4)
			close(e[i]);
	close(ep);
	close(ep2);
	close(efd);
}

static void test_epoll_triggers(void)
{
	int ep = epoll_create1(0), a = eventfd(1, EFD_NONBLOCK), b, n;
	ssize_t r;

	check(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, 11) == 0 && ewait(ep, 0) == 1 &&
		      evs[0].events == EPOLLIN && evs[0].data.u64 == 11 && ewait(ep, 0) == 1,
	      "level-triggered: reported while readable");
	check(rd(a, &r) == 1 && ewait(ep, 0) == 0, "level-triggered: not once drained");
	check(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLOUT, 12) == 0 && ewait(ep, 0) == 1 &&
		      evs[0].events == EPOLLOUT && evs[0].data.u64 == 12,
	      "EPOLL_CTL_MOD changes events and data");
	check(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLET, 13) == 0 && ewait(ep, 0) == 0 &&
		      wr(a, 1) && ewait(ep, 0) == 1 && ewait(ep, 0) == 0,
	      "edge-triggered: one report per write");
	check(wr(a, 1) && ewait(ep, 0) == 1 && wr(a, 0) && ewait(ep, 0) == 1,
	      "edge-triggered: a write of 0 is an edge too (as on Linux)");
	check(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLONESHOT, 14) == 0 && ewait(ep, 0) == 1 &&
		      wr(a, 1) && ewait(ep, 0) == 0,
	      "EPOLLONESHOT: reported once, then disarmed");
	check(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLONESHOT, 15) == 0 && ewait(ep, 0) == 1 &&
		      evs[0].data.u64 == 15,
	      "EPOLLONESHOT: EPOLL_CTL_MOD re-arms it");

	/* The same file under two descriptors: two items; a close of one. */
	b = dup(a);
	check(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN, 1) == 0 && ctl(ep, EPOLL_CTL_ADD, b, EPOLLIN, 2) == 0 &&
		      ewait(ep, 0) == 2,
	      "two descriptors of one file are two items");
	close(a);
	n = ewait(ep, 0);
	check(n == 2, "closing one descriptor of a file still open keeps its item (%d)", n);
	close(b);
	check(ewait(ep, 0) == 0, "the file's last close removes its items");
	a = eventfd(1, 0); /* takes the lowest number: a's old one */
	check(FAILS(epoll_ctl(ep, EPOLL_CTL_DEL, a, NULL), ENOENT),
	      "a new file under the old number is not watched");
	close(a);
	close(ep);
}

static void test_epoll_wait(void)
{
	int ep = epoll_create1(0), efd = eventfd(0, 0), inner = epoll_create1(0), n;
	sigset_t mask, old;
	uint64_t t0, bad = 0;
	struct timespec ts = { 0, 20000000 };
	ssize_t r;

	check(FAILS(epoll_wait(ep, evs, 0, 0), EINVAL) && FAILS(epoll_wait(ep, evs, -1, 0), EINVAL),
	      "epoll_wait: maxevents <= 0: EINVAL");
	check(FAILS(epoll_wait(99, evs, 1, 0), EBADF), "epoll_wait: a bad epfd: EBADF");
	check(FAILS(epoll_wait(efd, evs, 1, 0), EINVAL), "epoll_wait: not an epoll fd: EINVAL");
	ctl(ep, EPOLL_CTL_ADD, efd, EPOLLIN, 3);
	t0 = mono_ns();
	check(ewait(ep, 0) == 0 && mono_ns() - t0 < 1000000000ULL, "epoll_wait: timeout 0 returns 0 at once");
	t0 = mono_ns();
	n = ewait(ep, 20);
	t0 = mono_ns() - t0;
	check(n == 0 && t0 >= 20000000ULL, "epoll_wait: a 20 ms timeout returns 0, not early (%lu us)",
	      (unsigned long)(t0 / 1000));
	t0 = mono_ns();
	check(syscall(SYS_epoll_pwait2, ep, evs, 4, &ts, NULL, 8) == 0 && mono_ns() - t0 >= 20000000ULL,
	      "epoll_pwait2: a 20 ms timespec timeout");
	ts.tv_nsec = 1000000000;
	check(FAILS(syscall(SYS_epoll_pwait2, ep, evs, 4, &ts, NULL, 8), EINVAL),
	      "epoll_pwait2: tv_nsec of 10^9: EINVAL");
	check(FAILS(syscall(SYS_epoll_pwait, ep, evs, 4, 0, &bad, 4), EINVAL),
	      "epoll_pwait: a sigset size of 4: EINVAL");
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_SETMASK, NULL, &old);
	check(wr(efd, 1) && epoll_pwait(ep, evs, 4, -1, &mask) == 1 && evs[0].data.u64 == 3,
	      "epoll_pwait with a signal mask");
	sigprocmask(SIG_SETMASK, NULL, &mask);
	check(!sigismember(&mask, SIGUSR1) && !memcmp(&mask, &old, 8),
	      "epoll_pwait: the thread's mask is back afterwards");
#ifdef SYS_epoll_wait
	check(syscall(SYS_epoll_wait, ep, evs, 4, 0) == 1 && FAILS(syscall(SYS_epoll_wait, ep, evs, 0, 0), EINVAL),
	      "epoll_wait (x86_64's own number)");
#endif

	/* Nesting: an instance is readable when its items are. */
	rd(efd, &r);
	check(ctl(inner, EPOLL_CTL_ADD, efd, EPOLLIN, 1) == 0 &&
		      ctl(ep, EPOLL_CTL_ADD, inner, EPOLLIN, 2) == 0 && ewait(ep, 0) == 0 &&
		      poll1(inner, POLLIN, 0) == 0,
	      "an idle inner instance is not readable");
	check(wr(efd, 1) && ewait(ep, 0) == 2 && poll1(inner, POLLIN, 0) == POLLIN,
	      "a write makes the inner instance readable, to epoll and poll");
	check(FAILS(read(ep, &bad, 8), EINVAL) && FAILS(write(ep, &bad, 8), EINVAL),
	      "read and write on an epoll fd: EINVAL");
	close(inner);
	check(ewait(ep, 0) == 1 && evs[0].data.u64 == 3, "a closed inner instance leaves the outer one");
	close(efd);
	close(ep);
}

static void test_poll(int regfd, int pr, int pw)
{
	int efd = eventfd(0, 0);
	struct pollfd p[4] = {
		{ .fd = efd, .events = POLLIN | POLLOUT },
		{ .fd = -1, .events = POLLIN, .revents = 77 },
		{ .fd = 99, .events = POLLIN },
		{ .fd = 1, .events = POLLOUT },
	};
	struct timespec ts = { 1, 0 };
	struct rlimit rl;
	uint64_t t0;
	int n;

	check(poll(p, 4, 0) == 3 && p[0].revents == POLLOUT && p[1].revents == 0 &&
		      p[2].revents == POLLNVAL && (p[3].revents & POLLOUT),
	      "poll: ready, negative, closed (POLLNVAL) and console entries");
	getrlimit(RLIMIT_NOFILE, &rl);
	check(FAILS(poll(p, rl.rlim_cur + 1, 0), EINVAL), "poll: nfds above RLIMIT_NOFILE: EINVAL");
	t0 = mono_ns();
	check(poll(p, 1, 0) == 1 && poll(&p[0], 0, 15) == 0 && mono_ns() - t0 >= 15000000ULL,
	      "poll: no descriptors and 15 ms: a sleep");
	p[0].events = POLLIN;
	t0 = mono_ns();
	check(poll(p, 1, 20) == 0 && mono_ns() - t0 >= 20000000ULL, "poll: a 20 ms timeout");
	ts = (struct timespec){ 0, 30000000 };
	wr(efd, 1);
	n = (int)syscall(SYS_ppoll, p, 1, &ts, NULL, 8);
	check(n == 1 && ts.tv_sec == 0 && ts.tv_nsec > 0 && ts.tv_nsec <= 30000000,
	      "ppoll: ready at once, the time left written back (%ld ns)", ts.tv_nsec);
	ts.tv_nsec = -1;
	check(FAILS(syscall(SYS_ppoll, p, 1, &ts, NULL, 8), EINVAL), "ppoll: a negative tv_nsec: EINVAL");
	ts.tv_nsec = 0;
	check(FAILS(syscall(SYS_ppoll, p, 1, &ts, &t0, 16), EINVAL), "ppoll: a sigset size of 16: EINVAL");
	if (regfd >= 0)
		check(poll1(regfd, POLLIN | POLLOUT, -1) == (POLLIN | POLLOUT),
		      "poll: a regular file is always readable and writable");
	else
		skip("poll: a regular file is always readable and writable", "no writable file system");
	if (pr >= 0) {
		check(poll1(pr, POLLIN, 0) == 0 && poll1(pw, POLLOUT, 0) == POLLOUT,
		      "poll: an empty pipe: not readable, writable");
		check(write(pw, "x", 1) == 1 && poll1(pr, POLLIN, -1) == POLLIN, "poll: a pipe with data is readable");
	} else {
		skip("poll: pipes", "no pipe2");
	}
	close(efd);
}

static void test_select(int regfd)
{
	int a = eventfd(1, 0), b = eventfd(0, 0);
	fd_set in, out, ex;
	struct timeval tv = { 0, 20000 };
	struct timespec ts = { 0, 20000000 };
	uint64_t t0;
	int n;

	FD_ZERO(&in);
	FD_ZERO(&out);
	FD_ZERO(&ex);
	FD_SET(a, &in);
	FD_SET(b, &in);
	FD_SET(b, &out);
	FD_SET(a, &ex);
	n = select((a > b ? a : b) + 1, &in, &out, &ex, &(struct timeval){ 0, 0 });
	check(n == 2 && FD_ISSET(a, &in) && !FD_ISSET(b, &in) && FD_ISSET(b, &out) && !FD_ISSET(a, &ex),
	      "select: the sets say what is ready; the count is of bits (%d)", n);
	FD_ZERO(&in);
	FD_SET(b, &in);
	t0 = mono_ns();
	check(select(b + 1, &in, NULL, NULL, &tv) == 0 && !FD_ISSET(b, &in) && mono_ns() - t0 >= 20000000ULL,
	      "select: a 20 ms timeout");
	FD_SET(b, &in);
	FD_SET(b + 7, &in);
	check(FAILS(select(b + 8, &in, NULL, NULL, &tv), EBADF), "select: a closed descriptor: EBADF");
	check(FAILS(select(-1, NULL, NULL, NULL, &tv), EINVAL), "select: n < 0: EINVAL");
	tv.tv_usec = -1;
	check(FAILS(select(0, NULL, NULL, NULL, &tv), EINVAL), "select: a negative timeout: EINVAL");
#ifdef SYS_select
	FD_ZERO(&in);
	FD_SET(a, &in);
	tv = (struct timeval){ 0, 1500000 }; /* Linux normalises it */
	n = (int)syscall(SYS_select, a + 1, &in, NULL, NULL, &tv);
	check(n == 1 && tv.tv_sec == 1 && tv.tv_usec > 0,
	      "select (x86_64's number): 1.5 s in tv_usec, the time left written back (%ld.%06ld)",
	      (long)tv.tv_sec, (long)tv.tv_usec);
#endif
	FD_ZERO(&in);
	FD_SET(b, &in);
	check(syscall(SYS_pselect6, b + 1, &in, NULL, NULL, &ts, NULL) == 0 && ts.tv_sec == 0 &&
		      ts.tv_nsec == 0,
	      "pselect6: timed out, nothing left written back");
	{
		sigset_t m;
		struct { const sigset_t *m; size_t n; } pack = { &m, 4 };

		sigemptyset(&m);
		ts.tv_nsec = 1000;
		check(FAILS(syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &pack), EINVAL),
		      "pselect6: a sigset size of 4: EINVAL");
		check(pselect(0, NULL, NULL, NULL, &ts, &m) == 0, "pselect with a mask");
	}
	if (regfd >= 0) {
		FD_ZERO(&in);
		FD_ZERO(&out);
		FD_SET(regfd, &in);
		FD_SET(regfd, &out);
		check(select(regfd + 1, &in, &out, NULL, NULL) == 2,
		      "select: a regular file is readable and writable");
	} else {
		skip("select: a regular file is readable and writable", "no writable file system");
	}
	close(a);
	close(b);
}

static void test_pipes(int pr, int pw)
{
	int ep = epoll_create1(0);
	char c;

	if (pr < 0) {
		skip("epoll on pipes", "no pipe2");
		return;
	}
	while (read(pr, &c, 1) == 1) /* drain (pr is nonblocking) */
		;
	check(ctl(ep, EPOLL_CTL_ADD, pr, EPOLLIN | EPOLLRDHUP, 1) == 0 &&
		      ctl(ep, EPOLL_CTL_ADD, pw, EPOLLOUT, 2) == 0 && ewait(ep, 0) == 1 &&
		      evs[0].data.u64 == 2,
	      "epoll on a pipe: the write end is ready");
	check(write(pw, "y", 1) == 1 && ewait(ep, 0) == 2, "epoll on a pipe: data makes the read end ready");
	close(pw);
	check(ewait(ep, 0) == 1 && (evs[0].events & EPOLLHUP), "epoll on a pipe: the writer's close: EPOLLHUP");
	close(pr);
	check(ewait(ep, 0) == 0, "closed pipe ends leave the interest list");
	close(ep);
}

static void test_console(void)
{
	int ep = epoll_create1(0);

	check(poll1(1, POLLOUT, 0) & POLLOUT, "poll: the console is writable");
	check(ctl(ep, EPOLL_CTL_ADD, 1, EPOLLOUT, 5) == 0 && ewait(ep, 0) == 1 &&
		      (evs[0].events & EPOLLOUT),
	      "epoll: the console is writable");
	check(poll1(0, POLLIN, 0) >= 0, "poll on the console's input returns");
	close(ep);
}

static volatile int usr1_seen;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_seen++;
}

/*
 * The pselect pattern: a signal blocked and raised is pending; a wait
 * whose temporary mask unblocks it takes it at once and fails with EINTR
 * instead of sleeping; the old mask is back afterwards.
 */
static void test_pending_signal(void)
{
	sigset_t block, empty, now;
	struct timespec ts = { 5, 0 };
	struct epoll_event ev;
	int ep = epoll_create1(0);
	int rc;

	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	check(usr1_seen == 0, "pselect: a blocked SIGUSR1 stays pending");
	rc = pselect(0, NULL, NULL, NULL, &ts, &empty);
	check(rc == -1 && errno == EINTR && usr1_seen == 1,
	      "pselect with the signal unblocked: handler ran, EINTR at once (%d)", rc);
	sigprocmask(SIG_BLOCK, NULL, &now);
	check(sigismember(&now, SIGUSR1), "the old mask is back after pselect");
	raise(SIGUSR1);
	rc = ppoll(NULL, 0, &ts, &empty);
	check(rc == -1 && errno == EINTR && usr1_seen == 2, "ppoll: the same (%d)", rc);
	raise(SIGUSR1);
	rc = epoll_pwait(ep, &ev, 1, 5000, &empty);
	check(rc == -1 && errno == EINTR && usr1_seen == 3, "epoll_pwait: the same (%d)", rc);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	signal(SIGUSR1, SIG_DFL);
	close(ep);
}

int main(void)
{
	int regfd = open("/event-test", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int p[2] = { -1, -1 };

	if (pipe2(p, O_NONBLOCK) != 0)
		p[0] = p[1] = -1;
	test_eventfd();
	test_epoll_ctl_errors(regfd);
	test_epoll_triggers();
	test_epoll_wait();
	test_poll(regfd, p[0], p[1]);
	test_select(regfd);
	test_pipes(p[0], p[1]);
	test_console();
	test_pending_signal();
	return tap_done();
}
