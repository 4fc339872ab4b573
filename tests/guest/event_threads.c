/*
 * tests/guest/event_threads.c - lib/posix-event with threads and at
 * scale: musl pthreads blocked in read, epoll_wait, poll and select on an
 * eventfd, woken by another thread's write (level-triggered items wake
 * every waiter, edge-triggered ones one per write); a writer blocked on a
 * full counter; infinite timeouts ended by another thread; and 10 000
 * eventfds registered in one instance (after raising RLIMIT_NOFILE) of
 * which one is ready.
 *
 * Only main prints: threads record what they saw and main checks. Waits
 * that a broken kernel could turn into hangs have long timeouts, so that
 * a missed wake-up is reported instead of stopping the guest.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

#define NTH 4
#define LONG_MS 30000 /* "never" for a wait that must be woken */

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int wr(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v)) == (ssize_t)sizeof(v);
}

static int efd, epfd;
static volatile int done;
static long result[NTH];

static void *reader(void *arg)
{
	uint64_t v = 0;

	result[(intptr_t)arg] = read(efd, &v, 8) == 8 ? (long)v : -errno;
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *epoller(void *arg)
{
	struct epoll_event ev;

	result[(intptr_t)arg] = epoll_wait(epfd, &ev, 1, LONG_MS);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *poller(void *arg)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };

	result[(intptr_t)arg] = poll(&p, 1, LONG_MS) == 1 && p.revents == POLLIN;
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *selecter(void *arg)
{
	fd_set in;

	FD_ZERO(&in);
	FD_SET(efd, &in);
	result[(intptr_t)arg] = select(efd + 1, &in, NULL, NULL, NULL);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *writer(void *arg)
{
	result[(intptr_t)arg] = wr(efd, 1);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *late_writer(void *arg)
{
	sleep_ms(20);
	wr(efd, 1);
	return NULL;
}

/* Start n threads of fn, let them block, and check none came back. */
static int start(pthread_t *t, int n, void *(*fn)(void *))
{
	done = 0;
	memset(result, 0, sizeof(result));
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, fn, (void *)(intptr_t)i))
			return 0;
	sleep_ms(20);
	return done == 0;
}

static void join(pthread_t *t, int n)
{
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

static void test_blocked_readers(void)
{
	pthread_t t[NTH];
	int ok = 1;

	efd = eventfd(0, EFD_SEMAPHORE);
	check(start(t, NTH, reader), "read: %d threads block on an empty eventfd", NTH);
	check(wr(efd, NTH), "another thread writes %d", NTH);
	join(t, NTH);
	for (int i = 0; i < NTH; i++)
		ok &= result[i] == 1;
	check(ok && done == NTH, "read: every blocked reader woke with 1 (semaphore)");
	close(efd);
}

static void test_epoll_waiters(void)
{
	pthread_t t[NTH];
	int ok = 1;

	efd = eventfd(0, 0);
	epfd = epoll_create1(0);
	epoll_ctl(epfd, EPOLL_CTL_ADD, efd, &(struct epoll_event){ .events = EPOLLIN });
	check(start(t, NTH, epoller), "epoll_wait: %d threads block", NTH);
	wr(efd, 1);
	join(t, NTH);
	for (int i = 0; i < NTH; i++)
		ok &= result[i] == 1;
	check(ok, "epoll_wait: one write wakes every waiter of a level-triggered item");

	/* Edge-triggered: each write wakes one waiter. */
	eventfd_read(efd, &(eventfd_t){ 0 });
	epoll_ctl(epfd, EPOLL_CTL_MOD, efd, &(struct epoll_event){ .events = EPOLLIN | EPOLLET });
	check(start(t, 3, epoller), "epoll_wait (EPOLLET): 3 threads block");
	ok = 1;
	for (int k = 1; k <= 3; k++) {
		wr(efd, 1);
		sleep_ms(20);
		ok &= done == k;
	}
	join(t, 3);
	check(ok && result[0] == 1 && result[1] == 1 && result[2] == 1,
	      "epoll_wait (EPOLLET): each write wakes exactly one waiter");
	close(epfd);
	close(efd);
}

static void test_poll_select_waiters(void)
{
	pthread_t t[NTH];
	int ok = 1;

	efd = eventfd(0, 0);
	check(start(t, NTH, poller), "poll: %d threads block", NTH);
	wr(efd, 1);
	join(t, NTH);
	for (int i = 0; i < NTH; i++)
		ok &= result[i] == 1;
	check(ok, "poll: one write wakes every waiter");
	eventfd_read(efd, &(eventfd_t){ 0 });
	check(start(t, 2, selecter), "select: 2 threads block without a timeout");
	wr(efd, 1);
	join(t, 2);
	check(result[0] == 1 && result[1] == 1, "select: the write wakes both");
	close(efd);
}

static void test_blocked_writer(void)
{
	pthread_t t[1];
	uint64_t v;

	efd = eventfd(0, 0);
	wr(efd, UINT64_MAX - 1);
	check(start(t, 1, writer), "write: blocks on a full counter");
	check(read(efd, &v, 8) == 8 && v == UINT64_MAX - 1, "another thread reads the counter");
	join(t, 1);
	check(result[0] == 1 && read(efd, &v, 8) == 8 && v == 1, "write: the blocked write went through");
	close(efd);
}

static void test_infinite_timeouts(void)
{
	pthread_t t;
	struct epoll_event ev;
	struct pollfd p;
	uint64_t t0, v;

	efd = eventfd(0, 0);
	epfd = epoll_create1(0);
	epoll_ctl(epfd, EPOLL_CTL_ADD, efd, &(struct epoll_event){ .events = EPOLLIN, .data.u64 = 8 });
	pthread_create(&t, NULL, late_writer, NULL);
	t0 = mono_ns();
	check(epoll_wait(epfd, &ev, 1, -1) == 1 && ev.data.u64 == 8 && mono_ns() - t0 >= 20000000ULL,
	      "epoll_wait(-1) returns when a thread writes 20 ms later");
	pthread_join(t, NULL);
	read(efd, &v, 8);
	p = (struct pollfd){ .fd = efd, .events = POLLIN };
	pthread_create(&t, NULL, late_writer, NULL);
	t0 = mono_ns();
	check(poll(&p, 1, -1) == 1 && mono_ns() - t0 >= 20000000ULL, "poll(-1) likewise");
	pthread_join(t, NULL);
	read(efd, &v, 8);
	pthread_create(&t, NULL, late_writer, NULL);
	t0 = mono_ns();
	check(read(efd, &v, 8) == 8 && v == 1 && mono_ns() - t0 >= 20000000ULL,
	      "a blocking read likewise");
	pthread_join(t, NULL);
	close(epfd);
	close(efd);
}

#define MANY 10000
static int fds[MANY];
static struct pollfd pfds[MANY];

static void test_many(void)
{
	struct rlimit rl = { 16384, 16384 };
	struct epoll_event ev[64];
	int ep, made = 0, added = 0, n;
	uint64_t t0, t_idle, t_one;

	check(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit raises RLIMIT_NOFILE to 16384");
	ep = epoll_create1(0);
	for (int i = 0; i < MANY; i++) {
		fds[i] = eventfd(0, EFD_NONBLOCK);
		if (fds[i] < 0)
			break;
		made++;
		added += epoll_ctl(ep, EPOLL_CTL_ADD, fds[i],
				   &(struct epoll_event){ .events = EPOLLIN, .data.u64 = i }) == 0;
	}
	check(made == MANY && added == MANY, "%d eventfds made and registered (%d, %d)", MANY, made, added);
	t0 = mono_ns();
	n = epoll_wait(ep, ev, 64, 0);
	t_idle = mono_ns() - t0;
	check(n == 0, "epoll_wait: none of %d ready", MANY);
	wr(fds[6789], 1);
	t0 = mono_ns();
	n = epoll_wait(ep, ev, 64, 0);
	t_one = mono_ns() - t0;
	check(n == 1 && ev[0].data.u64 == 6789 && ev[0].events == EPOLLIN,
	      "epoll_wait: exactly the one ready of %d (%lu us; idle %lu us)", MANY,
	      (unsigned long)(t_one / 1000), (unsigned long)(t_idle / 1000));
	for (int i = 0; i < MANY; i++)
		pfds[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	check(poll(pfds, MANY, 0) == 1 && pfds[6789].revents == POLLIN, "poll: one ready of %d", MANY);
	for (int i = 0; i < made; i++)
		close(fds[i]);
	check(epoll_wait(ep, ev, 64, 0) == 0, "all closed: nothing left to report");
	close(ep);
}

int main(void)
{
	test_blocked_readers();
	test_epoll_waiters();
	test_poll_select_waiters();
	test_blocked_writer();
	test_infinite_timeouts();
	test_many();
	return tap_done();
}
