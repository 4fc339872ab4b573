/*
 * tests/guest/smp_threads.c - musl's pthreads spread over every CPU
 * (smp_threads.sh boots it with -smp 1, 2 and 4): all CPUs run threads
 * at the same time, mutexes and atomics stay exact under true
 * parallelism, a semaphore ping-pong between CPUs loses no wake-up,
 * sleeps on every CPU end on time, detached threads exiting on every CPU
 * are freed, and a page made inaccessible by one CPU faults on another
 * (the TLB shootdown; "tlb" mode, which must end in a fault).
 *
 * Usage: smp_threads CPUS | smp_threads tlb
 * Only main prints; threads record what they saw.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <uk/lcpu.h>
#include "musl_tap.h"

#define MAX_THREADS 16
#define SPIN_LIMIT_NS (60ULL * 1000000000ULL) /* TCG on a busy host */

static unsigned int ncpus;

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int start_all(pthread_t *t, unsigned int n, void *(*fn)(void *))
{
	unsigned int made = 0;

	for (uintptr_t i = 0; i < n; i++)
		made += pthread_create(&t[i], NULL, fn, (void *)i) == 0;
	return made == n;
}

static int join_all(pthread_t *t, unsigned int n)
{
	unsigned int joined = 0;

	for (unsigned int i = 0; i < n; i++)
		joined += pthread_join(t[i], NULL) == 0;
	return joined == n;
}

/* ---- every CPU at once ---- */

static volatile unsigned int arrived;
static unsigned int cpu_of[MAX_THREADS];
static int timed_out;

/* Each thread waits, spinning, until all have arrived: only possible
 * when each runs on a CPU of its own at the same time. */
static void *rendezvous(void *arg)
{
	uintptr_t i = (uintptr_t)arg;
	uint64_t until = mono_ns() + SPIN_LIMIT_NS;

	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < ncpus) {
		if (mono_ns() > until) {
			timed_out = 1;
			break;
		}
	}
	cpu_of[i] = uk_lcpu_idx();
	return NULL;
}

static void test_rendezvous(void)
{
	pthread_t t[MAX_THREADS];
	unsigned int seen = 0;
	uint64_t mask = 0;

	check(start_all(t, ncpus, rendezvous) && join_all(t, ncpus),
	      "rendezvous: %u threads created and joined", ncpus);
	for (unsigned int i = 0; i < ncpus; i++)
		mask |= 1ULL << cpu_of[i];
	for (unsigned int i = 0; i < 64; i++)
		seen += (mask >> i) & 1;
	check(!timed_out, "rendezvous: %u threads spun together (all arrived)",
	      ncpus);
	check(seen == ncpus, "rendezvous: they ran on %u distinct CPUs (want %u)",
	      seen, ncpus);
}

/* ---- exact counts ---- */

#define ROUNDS 20000

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static unsigned long locked_count, atomic_count;

static void *count_up(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&mtx);
		locked_count++;
		pthread_mutex_unlock(&mtx);
		__atomic_fetch_add(&atomic_count, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void test_counts(void)
{
	unsigned int n = ncpus * 2;
	pthread_t t[MAX_THREADS];

	check(start_all(t, n, count_up) && join_all(t, n),
	      "counts: %u threads created and joined", n);
	check(locked_count == (unsigned long)n * ROUNDS,
	      "counts: the mutex-protected counter is exactly %lu (got %lu)",
	      (unsigned long)n * ROUNDS, locked_count);
	check(atomic_count == (unsigned long)n * ROUNDS,
	      "counts: the atomic counter is exactly %lu (got %lu)",
	      (unsigned long)n * ROUNDS, atomic_count);
}

/* ---- semaphore ping-pong ---- */

#define PINGS 3000

static sem_t ping, pong;
static int order_bad;
static volatile int turn;
static unsigned int pong_cpus;

static void *ponger(void *arg)
{
	(void)arg;
	for (int i = 0; i < PINGS; i++) {
		sem_wait(&ping);
		if (turn != 2 * i + 1)
			order_bad++;
		turn++;
		pong_cpus |= 1u << (uk_lcpu_idx() & 31);
		sem_post(&pong);
	}
	return NULL;
}

static void test_pingpong(void)
{
	pthread_t t;
	int lost = 0;

	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	check(pthread_create(&t, NULL, ponger, NULL) == 0,
	      "ping-pong: the other thread is created");
	for (int i = 0; i < PINGS; i++) {
		struct timespec dl;

		if (turn != 2 * i)
			order_bad++;
		turn++;
		sem_post(&ping);
		clock_gettime(CLOCK_REALTIME, &dl);
		dl.tv_sec += 60;
		if (sem_timedwait(&pong, &dl) != 0) {
			lost = 1;
			break;
		}
	}
	check(!lost, "ping-pong: %d round trips, no wake-up lost", PINGS);
	check(pthread_join(t, NULL) == 0 && !order_bad && turn == 2 * PINGS,
	      "ping-pong: strictly alternating (%d out of order, turn %d)",
	      order_bad, turn);
}

/* ---- sleeps on every CPU ---- */

#define NAPS 5
#define NAP_NS 20000000L

static uint64_t slept_min[MAX_THREADS];

static void *napper(void *arg)
{
	uintptr_t i = (uintptr_t)arg;

	slept_min[i] = UINT64_MAX;
	for (int k = 0; k < NAPS; k++) {
		struct timespec ts = { 0, NAP_NS };
		uint64_t t0 = mono_ns(), d;

		nanosleep(&ts, NULL);
		d = mono_ns() - t0;
		if (d < slept_min[i])
			slept_min[i] = d;
	}
	return NULL;
}

static void test_sleeps(void)
{
	unsigned int n = ncpus * 2, early = 0;
	pthread_t t[MAX_THREADS];

	check(start_all(t, n, napper) && join_all(t, n),
	      "sleeps: %u threads slept %d x 20 ms and were joined", n, NAPS);
	for (unsigned int i = 0; i < n; i++)
		early += slept_min[i] < (uint64_t)NAP_NS;
	check(!early, "sleeps: no sleep ended early (%u did)", early);
}

/* ---- detached threads ---- */

#define DETACHED 300

static sem_t detached_done;

static void *detached(void *arg)
{
	(void)arg;
	sem_post(&detached_done);
	return NULL;
}

/* In batches, so that their memory must be given back to go on. */
static void test_detached(void)
{
	pthread_attr_t a;
	int made = 0, posted = 0;

	sem_init(&detached_done, 0, 0);
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < DETACHED; i++) {
		pthread_t t;

		made += pthread_create(&t, &a, detached, NULL) == 0;
		if (i % 20 != 19)
			continue;
		while (posted < made) {
			struct timespec dl;

			clock_gettime(CLOCK_REALTIME, &dl);
			dl.tv_sec += 60;
			if (sem_timedwait(&detached_done, &dl) != 0)
				break;
			posted++;
		}
	}
	check(made == DETACHED && posted == DETACHED,
	      "detached: %d created, %d ran (in batches of 20)", made, posted);
}

/* ---- TLB shootdown: must end in a fault ---- */

static volatile int *page;
static volatile int warmed, revoked;

static void *reader(void *arg)
{
	int v = 0;

	(void)arg;
	printf("smp_threads: tlb: reader on CPU %u\n", uk_lcpu_idx());
	fflush(stdout);
	v += *page; /* the translation is now in this CPU's TLB */
	warmed = 1;
	/* Keep it there: the revocation must reach this loop or the read after. */
	while (!revoked)
		v += *page;
	v += *page;
	printf("smp_threads: unexpected: read %d after mprotect\n", v);
	fflush(stdout);
	exit(0);
}

static int tlb_mode(void)
{
	pthread_t t;

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 2;
	*page = 7;
	pthread_create(&t, NULL, reader, NULL);
	while (!warmed)
		;
	mprotect((void *)page, 4096, PROT_NONE);
	revoked = 1;
	pthread_join(t, NULL);
	printf("smp_threads: unexpected: the reader returned\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "tlb"))
		return tlb_mode();
	printf("\n"); /* SeaBIOS (pc, q35) leaves its banner unterminated */
	ncpus = argc > 1 ? (unsigned int)atoi(argv[1]) : 1;
	check(uk_lcpu_count() == ncpus, "uk_lcpu_count() is %u (want %u)",
	      uk_lcpu_count(), ncpus);
	check(sysconf(_SC_NPROCESSORS_ONLN) == (long)ncpus,
	      "sysconf(_SC_NPROCESSORS_ONLN) is %ld (the affinity mask's CPUs)",
	      sysconf(_SC_NPROCESSORS_ONLN));
	if (ncpus < 1 || ncpus > MAX_THREADS / 2)
		ncpus = 1;
	test_rendezvous();
	test_counts();
	test_pingpong();
	test_sleeps();
	test_detached();
	return tap_done();
}
