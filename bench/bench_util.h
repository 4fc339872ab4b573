/*
 * bench/bench_util.h - the timing and reporting shared by the benchmarks
 * that are built twice, as a libuk image (-DBENCH_UK) and as a static musl
 * program for Linux: bench/syscall.c, bench/sched.c and bench/unix.c.
 * Header-only (static functions, one includer per program).
 *
 * It owns: the clocks (clock_gettime(CLOCK_MONOTONIC) ns and, on x86_64,
 * TSC cycles; elsewhere no cycles, BENCH_HAVE_CYCLES 0), the timed span
 * around a loop, the CPUID hypervisor signature, and the "key value..."
 * lines every such program prints for bench/lib.sh to parse:
 *
 *   hypervisor SIG          bench_print_platform()
 *   tsc-hz-reported HZ      bench_print_platform(), libuk only
 *   result CASE CYC NS MIN MAX
 *                           bench_report(): per operation, the median run's
 *                           cycles ("-" without cycles) and ns, and the
 *                           fastest and slowest run's ns
 *   tsc-hz-measured HZ      bench_print_tsc_measured(), from every run
 *                           bench_report() saw (x86_64 only)
 *   pinned-cpu N|none       bench_pin_one_cpu(), Linux only: the program
 *                           keeps to one CPU, as a one-CPU guest does
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef BENCH_UK
#include <uk/plat.h>
#else
#include <sched.h>
#endif

/* The most runs a case may have (the medians are taken on the stack). */
#define BENCH_MAX_RUNS 31

#ifdef __x86_64__
#define BENCH_HAVE_CYCLES 1
static inline uint64_t bench_cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence"
			 : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}
#else
#define BENCH_HAVE_CYCLES 0
static inline uint64_t bench_cycles(void)
{
	return 0;
}
#endif

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A timed span: bench_start() before the loop, bench_stop() after it
 * leaves the elapsed ns and cycles (the clock read outside the TSC). */
struct bench_span {
	uint64_t ns, cyc;
};

static inline struct bench_span bench_start(void)
{
	struct bench_span s;

	s.ns = bench_now_ns();
	s.cyc = bench_cycles();
	return s;
}

static inline void bench_stop(struct bench_span *s)
{
	uint64_t cyc = bench_cycles(), ns = bench_now_ns();

	s->cyc = cyc - s->cyc;
	s->ns = ns - s->ns;
}

/* The hypervisor's CPUID signature (leaf 0x40000000), "none", or "n/a"
 * where there is no CPUID. */
static inline void bench_hv_signature(char sig[13])
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

/* "hypervisor SIG" and, in the libuk image with cycles, the TSC frequency
 * libuk reports ("tsc-hz-reported HZ"). */
static inline void bench_print_platform(void)
{
	char sig[13];

	bench_hv_signature(sig);
	printf("hypervisor %s\n", sig);
#if defined(BENCH_UK) && BENCH_HAVE_CYCLES
	printf("tsc-hz-reported %llu\n",
	       (unsigned long long)ukplat_cycles_hz());
#endif
}

static inline int bench_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The totals of every run reported, for bench_print_tsc_measured(). */
static uint64_t bench_total_cyc, bench_total_ns;

/* "result NAME ..." for RUNS runs (their cycles and ns, sorted here) of
 * OPS operations each: per operation, the median cycles and ns, then the
 * fastest and slowest run's ns. */
static inline void bench_report(const char *name, uint64_t *cyc, uint64_t *ns,
				int runs, double ops)
{
	for (int r = 0; r < runs; r++) {
		bench_total_cyc += cyc[r];
		bench_total_ns += ns[r];
	}
	qsort(cyc, (size_t)runs, sizeof(cyc[0]), bench_cmp_u64);
	qsort(ns, (size_t)runs, sizeof(ns[0]), bench_cmp_u64);
	if (BENCH_HAVE_CYCLES)
		printf("result %s %.1f", name, (double)cyc[runs / 2] / ops);
	else
		printf("result %s -", name);
	printf(" %.2f %.2f %.2f\n", (double)ns[runs / 2] / ops,
	       (double)ns[0] / ops, (double)ns[runs - 1] / ops);
	fflush(stdout);
}

/* "tsc-hz-measured HZ": the TSC's rate against the clock over every run
 * reported (nothing without cycles). */
static inline void bench_print_tsc_measured(void)
{
	if (BENCH_HAVE_CYCLES)
		printf("tsc-hz-measured %.0f\n",
		       bench_total_ns ? (double)bench_total_cyc * 1e9 /
					    (double)bench_total_ns
				      : 0.0);
}

static inline void bench_pin_one_cpu(void)
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

#endif /* BENCH_UTIL_H */
