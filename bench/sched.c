/*
 * bench/sched.c - the cost of thread operations, for bench/sched.sh.
 *
 * One source, built twice: as a libuk image (make bench/sched-uk, with
 * -DBENCH_UK) and as a static musl program for Linux (musl-gcc -static).
 * Each case does its operation COUNT times in a loop, RUNS times; every run
 * is timed with clock_gettime(CLOCK_MONOTONIC) (ns) and, on x86_64, with
 * the TSC (cycles) around the whole loop, and the median run is printed,
 * per operation:
 *
 *   switch   context switch: two threads ping-pong on one futex word
 *            (raw syscall(SYS_futex), FUTEX_WAIT_PRIVATE and
 *            FUTEX_WAKE_PRIVATE, the word alternating between 0 and 1);
 *            one round trip is two switches, the figure is per switch
 *   create   pthread_create + pthread_join of a thread that returns at
 *            once, per pair
 *   mutex    pthread_mutex_lock + pthread_mutex_unlock of a default mutex
 *            nobody else holds, per pair
 *
 * On Linux the process is first pinned to one CPU (sched_setaffinity), so
 * that every hand-off is a switch on that CPU, as in the (single-CPU)
 * libuk guest; the futex waits then always sleep.
 *
 * Usage: sched [ROUNDTRIPS [CREATES [LOCKS [RUNS]]]] (defaults 100000, 5000,
 * 2000000 and 5). Output lines are "key value..." for the script to parse;
 * see bench/sched.sh. Portable to arm64 (no cycle figures there: "-").
 * This file owns the operations and the pinning; the clocks, the CPUID
 * signature, the medians and the common output lines are
 * bench/bench_util.h's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

/* <linux/futex.h>'s values (the kernel headers are not in musl's). */
#ifndef FUTEX_WAIT_PRIVATE
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)
#endif

static void die(const char *what, int err)
{
	printf("error %s: %s\n", what, strerror(err));
	fflush(stdout);
	exit(1);
}

/* --- context switch: futex ping-pong ----------------------------------- */

/* 0: the main thread's turn, 1: the partner's. */
static int turn;
static int stop;

static void futex_wait(int *w, int val)
{
	if (syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0) &&
	    errno != EAGAIN && errno != EINTR)
		die("futex wait", errno);
}

static void futex_wake(int *w)
{
	if (syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) < 0)
		die("futex wake", errno);
}

static void *partner(void *arg)
{
	(void)arg;
	for (;;) {
		while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) == 0)
			futex_wait(&turn, 0);
		if (__atomic_load_n(&stop, __ATOMIC_RELAXED))
			return NULL;
		__atomic_store_n(&turn, 0, __ATOMIC_RELEASE);
		futex_wake(&turn);
	}
}

static pthread_t partner_thread;

static void switch_setup(void)
{
	int err;

	turn = 0;
	stop = 0;
	err = pthread_create(&partner_thread, NULL, partner, NULL);
	if (err)
		die("pthread_create", err);
}

static void switch_loop(long roundtrips)
{
	for (long i = 0; i < roundtrips; i++) {
		__atomic_store_n(&turn, 1, __ATOMIC_RELEASE);
		futex_wake(&turn);
		while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) == 1)
			futex_wait(&turn, 1);
	}
}

static void switch_teardown(void)
{
	int err;

	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&turn, 1, __ATOMIC_RELEASE);
	futex_wake(&turn);
	err = pthread_join(partner_thread, NULL);
	if (err)
		die("pthread_join", err);
}

/* --- thread create + join ---------------------------------------------- */

static void *trivial(void *arg)
{
	return arg;
}

static void create_loop(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_t t;
		void *ret;
		int err = pthread_create(&t, NULL, trivial, NULL);

		if (err)
			die("pthread_create", err);
		err = pthread_join(t, &ret);
		if (err)
			die("pthread_join", err);
	}
}

/* --- uncontended mutex ------------------------------------------------- */

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

static void mutex_loop(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&mutex);
		__asm__ volatile("" ::: "memory");
		pthread_mutex_unlock(&mutex);
	}
}

/* ----------------------------------------------------------------------- */

enum bench_case { B_SWITCH, B_CREATE, B_MUTEX };

/* One timed run of COUNT iterations; the setup and teardown of the
 * ping-pong partner are outside the timed region. */
static void run_case(enum bench_case which, long count, uint64_t *cyc,
		     uint64_t *ns)
{
	struct bench_span s;

	if (which == B_SWITCH)
		switch_setup();
	s = bench_start();
	switch (which) {
	case B_SWITCH:
		switch_loop(count);
		break;
	case B_CREATE:
		create_loop(count);
		break;
	case B_MUTEX:
		mutex_loop(count);
		break;
	}
	bench_stop(&s);
	if (which == B_SWITCH)
		switch_teardown();
	*cyc = s.cyc;
	*ns = s.ns;
}

int main(int argc, char *argv[])
{
	long roundtrips = argc > 1 ? atol(argv[1]) : 100000;
	long creates = argc > 2 ? atol(argv[2]) : 5000;
	long locks = argc > 3 ? atol(argv[3]) : 2000000;
	int runs = argc > 4 ? atoi(argv[4]) : 5;
	const struct {
		enum bench_case which;
		const char *name;
		long count;
		long per; /* operations per iteration */
	} cases[] = {
	    /* the mutex first: it needs no second thread */
	    {B_MUTEX, "mutex", locks, 1},
	    {B_SWITCH, "switch", roundtrips, 2},
	    {B_CREATE, "create", creates, 1},
	};
	uint64_t cyc[BENCH_MAX_RUNS], ns[BENCH_MAX_RUNS];

	if (roundtrips < 1 || creates < 1 || locks < 1 || runs < 1 ||
	    runs > BENCH_MAX_RUNS) {
		fprintf(stderr,
			"usage: %s [ROUNDTRIPS [CREATES [LOCKS [RUNS <= %d]]]]\n",
			argv[0], BENCH_MAX_RUNS);
		return 2;
	}
	printf("counts %ld %ld %ld runs %d\n", roundtrips, creates, locks,
	       runs);
	bench_print_platform();
	bench_pin_one_cpu();
	fflush(stdout);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		long count = cases[c].count, warm = count / 10 + 1;
		double ops = (double)count * (double)cases[c].per;

		/* Warm up: first-use paths (stack caches, page faults). */
		run_case(cases[c].which, warm, &cyc[0], &ns[0]);
		for (int r = 0; r < runs; r++)
			run_case(cases[c].which, count, &cyc[r], &ns[r]);
		/* per operation: cycles (median), ns median, min, max */
		bench_report(cases[c].name, cyc, ns, runs, ops);
	}
	bench_print_tsc_measured();
	printf("done\n");
	return 0;
}
