/*
 * tests/guest/futex.c - the futex system call as musl's threads use it,
 * from an application whose second thread is a libuk thread (uk/sched.h):
 * value mismatch, timeouts (relative, absolute, never early), wake counts,
 * bitsets, requeue, and the errors Linux returns.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include "musl_tap.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE 128

static long futex(uint32_t *u, int op, uint32_t val, const void *t, uint32_t *u2,
		  uint32_t val3)
{
	return syscall(SYS_futex, u, op, val, t, u2, val3);
}

static uint32_t word, word2;
static volatile int waiter_rc[4] = { 99, 99, 99, 99 };

static void waker(void *arg)
{
	(void)arg;
	uk_sched_sleep_until(ukplat_monotonic_ns() + 5000000);
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	futex(&word, FUTEX_WAKE | FUTEX_PRIVATE, 1, NULL, NULL, 0);
}

static void waiter(void *arg)
{
	int i = (int)(intptr_t)arg;

	waiter_rc[i] = futex(&word, FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : errno;
}

static void bitset_waiter(void *arg)
{
	(void)arg;
	waiter_rc[0] = futex(&word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0x1) == 0 ? 0 : errno;
}

static volatile int flag;

static void set_flag(void *arg)
{
	(void)arg;
	flag = 1;
}

static uint64_t ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int main(void)
{
	struct timespec rel = { 0, 10000000 }, abs, bad = { 0, 1000000000 };
	struct uk_thread *t[4];
	uint64_t t0, now;
	int err;
	long rc;

	word = 7;
	errno = 0;
	check(futex(&word, FUTEX_WAIT, 6, NULL, NULL, 0) == -1 && errno == EAGAIN,
	      "WAIT on a changed value: EAGAIN");
	check(futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0) == 0, "WAKE with nobody waiting: 0");

	t0 = ns_now();
	errno = 0;
	rc = futex(&word, FUTEX_WAIT | FUTEX_PRIVATE, 7, &rel, NULL, 0);
	check(rc == -1 && errno == ETIMEDOUT && ns_now() - t0 >= 10000000,
	      "WAIT with a 10 ms timeout: ETIMEDOUT, not early (%lu us)",
	      (unsigned long)((ns_now() - t0) / 1000));

	word = 0;
	uk_thread_create(&t[0], "waker", waker, NULL, 0);
	t0 = ns_now();
	rc = futex(&word, FUTEX_WAIT | FUTEX_PRIVATE, 0, NULL, NULL, 0);
	check(rc == 0 && word == 1 && ns_now() - t0 >= 5000000,
	      "WAIT returns 0 when another thread wakes it");
	uk_thread_join(t[0]);

	word = 0;
	for (int i = 0; i < 3; i++)
		uk_thread_create(&t[i], "waiter", waiter, (void *)(intptr_t)i, 0);
	uk_sched_yield();
	check(futex(&word, FUTEX_WAKE, 2, NULL, NULL, 0) == 2, "WAKE 2 of 3 wakes 2");
	uk_sched_yield();
	check(waiter_rc[0] == 0 && waiter_rc[1] == 0 && waiter_rc[2] == 99,
	      "the first two waiters returned 0, in arrival order");
	check(futex(&word, FUTEX_WAKE, 10, NULL, NULL, 0) == 1, "WAKE 10 wakes the last one");
	for (int i = 0; i < 3; i++)
		uk_thread_join(t[i]);

	waiter_rc[0] = 99;
	uk_thread_create(&t[0], "bitset", bitset_waiter, NULL, 0);
	uk_sched_yield();
	check(futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0x2) == 0,
	      "WAKE_BITSET with a disjoint bitset wakes nobody");
	check(futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0x3) == 1 &&
		      (uk_thread_join(t[0]), waiter_rc[0] == 0),
	      "WAKE_BITSET with an overlapping bitset wakes it");

	/*
	 * Not early: measured against the deadline itself (a busy host may
	 * delay the thread between reading the clock and the call).
	 */
	t0 = ns_now() + 10000000;
	abs.tv_sec = (time_t)(t0 / 1000000000ULL);
	abs.tv_nsec = (long)(t0 % 1000000000ULL);
	errno = 0;
	rc = futex(&word, FUTEX_WAIT_BITSET, 0, &abs, NULL, 0xffffffff);
	err = errno;
	now = ns_now();
	check(rc == -1 && err == ETIMEDOUT && now >= t0,
	      "WAIT_BITSET with an absolute deadline: ETIMEDOUT, not before it "
	      "(rc %ld, errno %d, %lld us after)",
	      rc, err, (long long)(now - t0) / 1000);

	word = 0;
	word2 = 0;
	for (int i = 0; i < 3; i++) {
		waiter_rc[i] = 99;
		uk_thread_create(&t[i], "waiter", waiter, (void *)(intptr_t)i, 0);
	}
	uk_sched_yield();
	errno = 0;
	check(futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)2, &word2, 5) == -1 && errno == EAGAIN,
	      "CMP_REQUEUE with a changed value: EAGAIN");
	check(futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)2, &word2, 0) == 3,
	      "CMP_REQUEUE wakes 1 and moves 2: returns 3");
	check(futex(&word, FUTEX_WAKE, 10, NULL, NULL, 0) == 0 &&
		      futex(&word2, FUTEX_WAKE, 10, NULL, NULL, 0) == 2,
	      "the moved waiters wait on the second word");
	for (int i = 0; i < 3; i++)
		uk_thread_join(t[i]);
	check(waiter_rc[0] == 0 && waiter_rc[1] == 0 && waiter_rc[2] == 0,
	      "all three returned 0");

	errno = 0;
	check(futex((uint32_t *)((char *)&word + 1), FUTEX_WAKE, 1, NULL, NULL, 0) == -1 &&
		      errno == EINVAL, "an unaligned address: EINVAL");
	errno = 0;
	check(futex(&word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0) == -1 && errno == EINVAL,
	      "a zero bitset: EINVAL");
	errno = 0;
	check(futex(&word, FUTEX_WAIT, 0, &bad, NULL, 0) == -1 && errno == EINVAL,
	      "a timeout with 10^9 ns: EINVAL");
	errno = 0;
	check(futex(&word, 99, 0, NULL, NULL, 0) == -1 && errno == ENOSYS,
	      "an unknown operation: ENOSYS");
	uk_thread_create(&t[0], "flag", set_flag, NULL, 0);
	check(flag == 0 && sched_yield() == 0 && flag == 1,
	      "sched_yield lets the other runnable thread run");
	uk_thread_join(t[0]);
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
