/*
 * bench/smp.c - the guest half of bench/smp.sh (libuk only): what
 * several CPUs buy and cost.
 *
 *   smp spin THREADS ITERS RUNS   THREADS threads each run ITERS rounds of
 *                                 integer work; the wall time of the
 *                                 slowest run's median ("result spin NS")
 *   smp ipi ROUNDS RUNS           uk_lcpu_run + uk_lcpu_wait on CPU 1: one
 *                                 IPI there and the completion seen back
 *                                 ("result ipi NS" per round trip)
 *   smp futex ROUNDS RUNS         two threads hand a futex word back and
 *                                 forth ("result futex NS" per hand-over,
 *                                 "cross PERCENT": hand-overs where the
 *                                 woken thread ran on another CPU)
 *
 * Lines: "cpus N", then the results, then "done".
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uk/lcpu.h>

#define MAX_RUNS 31
/* Linux's futex operations (musl installs no linux/futex.h). */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define MAX_THREADS 64

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

/* ---- spin ---- */

static long iters;
static volatile uint64_t sink;

static void *spin(void *arg)
{
	uint64_t x = (uintptr_t)arg * 2654435761u + 1;

	for (long i = 0; i < iters; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	sink += x;
	return NULL;
}

static uint64_t run_spin(int threads)
{
	pthread_t t[MAX_THREADS];
	uint64_t t0 = now_ns();

	for (uintptr_t i = 0; i < (uintptr_t)threads; i++)
		if (pthread_create(&t[i], NULL, spin, (void *)i))
			exit(3);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	return now_ns() - t0;
}

/* ---- ipi ---- */

static volatile unsigned long calls;

/* Runs on CPU 1 in its interrupt: no SIMD, no library. */
__attribute__((target("general-regs-only"))) static void ipi_call(void *arg)
{
	(void)arg;
	calls++;
}

static uint64_t run_ipi(long rounds)
{
	const unsigned int one = 1;
	uint64_t t0 = now_ns();

	for (long i = 0; i < rounds; i++) {
		if (uk_lcpu_run(&one, 1, ipi_call, NULL) ||
		    uk_lcpu_wait(&one, 1, UK_LCPU_WAIT_FOREVER))
			exit(4);
	}
	return (now_ns() - t0) / (uint64_t)rounds;
}

/* ---- futex ---- */

static int word;
static long rounds_f;
static volatile unsigned int cpu_of_turn[2];
static long cross;

static void fwait(int *w, int v)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void fwake(int *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Side s waits for the word to be s, then makes it 1 - s. */
static void *side(void *arg)
{
	int s = (int)(uintptr_t)arg;

	for (long i = 0; i < rounds_f; i++) {
		while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != s)
			fwait(&word, 1 - s);
		cpu_of_turn[s] = uk_lcpu_idx();
		if (i && cpu_of_turn[s] != cpu_of_turn[1 - s])
			__atomic_fetch_add(&cross, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&word, 1 - s, __ATOMIC_RELEASE);
		fwake(&word);
	}
	return NULL;
}

static uint64_t run_futex(long rounds)
{
	pthread_t a, b;
	uint64_t t0;

	word = 0;
	rounds_f = rounds;
	t0 = now_ns();
	pthread_create(&a, NULL, side, (void *)0);
	pthread_create(&b, NULL, side, (void *)1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return (now_ns() - t0) / (uint64_t)(2 * rounds);
}

int main(int argc, char *argv[])
{
	uint64_t ns[MAX_RUNS];
	int runs = argc > 1 ? atoi(argv[argc - 1]) : 0;

	printf("\ncpus %u\n", uk_lcpu_count());
	if (runs < 1 || runs > MAX_RUNS)
		goto usage;
	if (argc == 5 && !strcmp(argv[1], "spin")) {
		int threads = atoi(argv[2]);

		iters = atol(argv[3]);
		if (threads < 1 || threads > MAX_THREADS || iters < 1)
			goto usage;
		run_spin(threads); /* warm-up: stacks, first faults */
		for (int r = 0; r < runs; r++)
			ns[r] = run_spin(threads);
		printf("result spin %llu\n", (unsigned long long)median(ns, runs));
	} else if (argc == 4 && !strcmp(argv[1], "ipi")) {
		long rounds = atol(argv[2]);

		if (uk_lcpu_count() < 2) {
			printf("result ipi -\n");
		} else {
			run_ipi(rounds / 10 + 1);
			for (int r = 0; r < runs; r++)
				ns[r] = run_ipi(rounds);
			printf("result ipi %llu\n",
			       (unsigned long long)median(ns, runs));
		}
	} else if (argc == 4 && !strcmp(argv[1], "futex")) {
		long rounds = atol(argv[2]);

		for (int r = 0; r < runs; r++)
			ns[r] = run_futex(rounds);
		printf("result futex %llu\n", (unsigned long long)median(ns, runs));
		printf("cross %ld\n", cross * 100 / ((long)runs * 2 * rounds));
	} else {
		goto usage;
	}
	printf("done\n");
	return 0;
usage:
	fprintf(stderr, "usage: smp spin THREADS ITERS RUNS | ipi ROUNDS RUNS | "
			"futex ROUNDS RUNS\n");
	return 2;
}
