/*
 * bench/syscall.c - the cost of one system call, for bench/syscall.sh.
 *
 * One source, built twice: as a libuk image (make bench/syscall-uk, with
 * -DBENCH_UK) and as a static musl program for Linux (musl-gcc -static).
 * Each case makes CALLS calls in a loop, RUNS times; every run is timed
 * with the TSC (cycles; x86_64 only, "-" elsewhere) and with
 * clock_gettime(CLOCK_MONOTONIC) (ns) around the whole loop, and the median
 * run is printed, per call:
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
 * "key value..." for the script to parse; see bench/syscall.sh. This file
 * owns the cases; the clocks, the CPUID signature, the medians and the
 * common output lines are bench/bench_util.h's.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

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
	uint64_t cyc[BENCH_MAX_RUNS], ns[BENCH_MAX_RUNS];

	if (calls < 1 || runs < 1 || runs > BENCH_MAX_RUNS) {
		fprintf(stderr, "usage: %s [CALLS [RUNS <= %d]]\n", argv[0],
			BENCH_MAX_RUNS);
		return 2;
	}
	printf("calls %ld runs %d\n", calls, runs);
	bench_print_platform();
	/* Warm up: first-use paths (clock calibration, page faults). */
	run_case(B_GETPID, 1000);
	run_case(B_CLOCK_TRAP, 1000);
	run_case(B_CLOCK_LIBC, 1000);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (int r = 0; r < runs; r++) {
			struct bench_span s = bench_start();

			run_case(cases[c].which, calls);
			bench_stop(&s);
			cyc[r] = s.cyc;
			ns[r] = s.ns;
		}
		/* per call: median, then min and max of the runs (ns) */
		bench_report(cases[c].name, cyc, ns, runs, (double)calls);
	}
	bench_print_tsc_measured();
	printf("done\n");
	return 0;
}
