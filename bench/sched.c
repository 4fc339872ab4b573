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
#ifdef BENCH_UK
#include <uk/plat.h>
#endif

#define MAX_RUNS 31

/* <linux/futex.h>'s values (the kernel headers are not in musl's). */
#ifndef FUTEX_WAIT_PRIVATE
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)
#endif

#ifdef __x86_64__
#define HAVE_CYCLES 1
static inline uint64_t cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence"
			 : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}
#else
#define HAVE_CYCLES 0
static inline uint64_t cycles(void)
{
	return 0;
}
#endif

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The hypervisor's CPUID signature (leaf 0x40000000), "none", or "n/a"
 * where there is no CPUID. */
static void hv_signature(char sig[13])
{
#ifdef __x86_64__
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid"
			 : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(1), "c"(0));
	if (!(c & (1u << 31))) {
		strcpy(sig, "none");
		return;
	}
	__asm__ volatile("cpuid"
			 : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(0x40000000), "c"(0));
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = 0;
	for (int i = 0; i < 12; i++)
		if (sig[i] && (sig[i] < 0x20 || sig[i] > 0x7e))
			sig[i] = '?';
	if (!sig[0])
		strcpy(sig, "unknown");
#else
	strcpy(sig, "n/a");
#endif
}

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

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* One timed run of COUNT iterations; the setup and teardown of the
 * ping-pong partner are outside the timed region. */
static void run_case(enum bench_case which, long count, uint64_t *cyc,
		     uint64_t *ns)
{
	uint64_t n0, c0, c1, n1;

	if (which == B_SWITCH)
		switch_setup();
	n0 = now_ns();
	c0 = cycles();
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
	c1 = cycles();
	n1 = now_ns();
	if (which == B_SWITCH)
		switch_teardown();
	*cyc = c1 - c0;
	*ns = n1 - n0;
}

static void pin_one_cpu(void)
{
#ifndef BENCH_UK
	cpu_set_t set;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) == 0) {
		for (int c = 0; c < CPU_SETSIZE; c++) {
			if (CPU_ISSET(c, &set)) {
				CPU_ZERO(&set);
				CPU_SET(c, &set);
				if (sched_setaffinity(0, sizeof(set), &set) ==
				    0) {
					printf("pinned-cpu %d\n", c);
					return;
				}
				break;
			}
		}
	}
	printf("pinned-cpu none\n");
#endif
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
	uint64_t cyc[MAX_RUNS], ns[MAX_RUNS], tcyc = 0, tns = 0;
	char sig[13];

	if (roundtrips < 1 || creates < 1 || locks < 1 || runs < 1 ||
	    runs > MAX_RUNS) {
		fprintf(stderr,
			"usage: %s [ROUNDTRIPS [CREATES [LOCKS [RUNS <= %d]]]]\n",
			argv[0], MAX_RUNS);
		return 2;
	}
	hv_signature(sig);
	printf("counts %ld %ld %ld runs %d\n", roundtrips, creates, locks,
	       runs);
	printf("hypervisor %s\n", sig);
#if defined(BENCH_UK) && HAVE_CYCLES
	printf("tsc-hz-reported %llu\n",
	       (unsigned long long)ukplat_cycles_hz());
#endif
	pin_one_cpu();
	fflush(stdout);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		long count = cases[c].count, warm = count / 10 + 1;
		double ops = (double)count * (double)cases[c].per;

		/* Warm up: first-use paths (stack caches, page faults). */
		run_case(cases[c].which, warm, &cyc[0], &ns[0]);
		for (int r = 0; r < runs; r++) {
			run_case(cases[c].which, count, &cyc[r], &ns[r]);
			tcyc += cyc[r];
			tns += ns[r];
		}
		qsort(cyc, (size_t)runs, sizeof(cyc[0]), cmp_u64);
		qsort(ns, (size_t)runs, sizeof(ns[0]), cmp_u64);
		/* per operation: cycles (median), ns median, min, max */
		if (HAVE_CYCLES)
			printf("result %s %.1f", cases[c].name,
			       (double)cyc[runs / 2] / ops);
		else
			printf("result %s -", cases[c].name);
		printf(" %.2f %.2f %.2f\n", (double)ns[runs / 2] / ops,
		       (double)ns[0] / ops, (double)ns[runs - 1] / ops);
		fflush(stdout);
	}
	if (HAVE_CYCLES)
		printf("tsc-hz-measured %.0f\n",
		       tns ? (double)tcyc * 1e9 / (double)tns : 0.0);
	printf("done\n");
	return 0;
}
