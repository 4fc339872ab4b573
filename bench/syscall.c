/*
 * bench/syscall.c - the cost of one system call, for bench/syscall.sh.
 *
 * One source, built twice: as a libuk image (make bench/syscall-uk, with
 * -DBENCH_UK) and as a static musl program for Linux (musl-gcc -static).
 * Each case makes CALLS calls in a loop, RUNS times; every run is timed
 * with the TSC (cycles) and with clock_gettime(CLOCK_MONOTONIC) (ns) around
 * the whole loop, and the median run is printed, per call:
 *
 *   getpid         syscall(SYS_getpid): always a trap (musl's getpid()
 *                  would be too, but syscall() says so explicitly)
 *   clock_gettime  syscall(SYS_clock_gettime, CLOCK_MONOTONIC): a trap
 *   clock_gettime-libc
 *                  musl's clock_gettime(CLOCK_MONOTONIC): on Linux the
 *                  vDSO (no trap), in libuk a trap
 *   loop           the empty loop, the floor of the figures above
 *
 * Usage: syscall [CALLS [RUNS]] (defaults 1000000 and 5). Output lines are
 * "key value..." for the script to parse; see bench/syscall.sh.
 */
#define _GNU_SOURCE
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

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence"
			 : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The hypervisor's CPUID signature (leaf 0x40000000), or "none". */
static void hv_signature(char sig[13])
{
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
}

enum bench_case { B_GETPID, B_CLOCK_TRAP, B_CLOCK_LIBC, B_LOOP };

static volatile long sink;

static void run_case(enum bench_case which, long calls)
{
	struct timespec ts;
	long i;

	switch (which) {
	case B_GETPID:
		for (i = 0; i < calls; i++)
			sink = syscall(SYS_getpid);
		break;
	case B_CLOCK_TRAP:
		for (i = 0; i < calls; i++)
			sink = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
		break;
	case B_CLOCK_LIBC:
		for (i = 0; i < calls; i++)
			sink = clock_gettime(CLOCK_MONOTONIC, &ts);
		break;
	case B_LOOP:
		for (i = 0; i < calls; i++)
			__asm__ volatile("" ::: "memory");
		break;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char *argv[])
{
	static const struct {
		enum bench_case which;
		const char *name;
	} cases[] = {
	    {B_GETPID, "getpid"},
	    {B_CLOCK_TRAP, "clock_gettime"},
	    {B_CLOCK_LIBC, "clock_gettime-libc"},
	    {B_LOOP, "loop"},
	};
	long calls = argc > 1 ? atol(argv[1]) : 1000000;
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	uint64_t cyc[MAX_RUNS], ns[MAX_RUNS], tcyc = 0, tns = 0;
	char sig[13];

	if (calls < 1 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: %s [CALLS [RUNS <= %d]]\n", argv[0],
			MAX_RUNS);
		return 2;
	}
	hv_signature(sig);
	printf("calls %ld runs %d\n", calls, runs);
	printf("hypervisor %s\n", sig);
#ifdef BENCH_UK
	printf("tsc-hz-reported %llu\n",
	       (unsigned long long)ukplat_cycles_hz());
#endif
	/* Warm up: first-use paths (clock calibration, page faults). */
	run_case(B_GETPID, 1000);
	run_case(B_CLOCK_TRAP, 1000);
	run_case(B_CLOCK_LIBC, 1000);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (int r = 0; r < runs; r++) {
			uint64_t n0 = now_ns(), c0 = tsc();

			run_case(cases[c].which, calls);
			uint64_t c1 = tsc(), n1 = now_ns();

			cyc[r] = c1 - c0;
			ns[r] = n1 - n0;
			tcyc += cyc[r];
			tns += ns[r];
		}
		qsort(cyc, (size_t)runs, sizeof(cyc[0]), cmp_u64);
		qsort(ns, (size_t)runs, sizeof(ns[0]), cmp_u64);
		/* per call: median, then min and max of the runs (ns) */
		printf("result %s %.1f %.2f %.2f %.2f\n", cases[c].name,
		       (double)cyc[runs / 2] / (double)calls,
		       (double)ns[runs / 2] / (double)calls,
		       (double)ns[0] / (double)calls,
		       (double)ns[runs - 1] / (double)calls);
	}
	printf("tsc-hz-measured %.0f\n",
	       tns ? (double)tcyc * 1e9 / (double)tns : 0.0);
	printf("done\n");
	return 0;
}
