/*
 * tests/guest/timecalls.c - the time system calls of lib/posix-time seen
 * from an ordinary musl program: every clock, its resolution and
 * monotonicity, the wall clock against the host's (timecalls.sh passes the
 * host's time in seconds as argv[1]), gettimeofday and time (through the
 * system call: musl's wrappers go to clock_gettime), sleeping for at least
 * the time asked, relative and absolute, and the error paths.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "musl_tap.h"

#define NS 1000000000LL

static int64_t ns_of(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * NS + ts.tv_nsec;
}

static const struct {
	clockid_t id;
	const char *name;
} clocks[] = {
    {CLOCK_REALTIME, "REALTIME"},
    {CLOCK_MONOTONIC, "MONOTONIC"},
    {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"},
    {CLOCK_BOOTTIME, "BOOTTIME"},
    {CLOCK_REALTIME_COARSE, "REALTIME_COARSE"},
    {CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE"},
    {CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID"},
    {CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID"},
};

static void each_clock(void)
{
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		struct timespec ts = {-1, -1}, res = {-1, -1};
		int r = clock_gettime(clocks[i].id, &ts);

		check(r == 0 && ts.tv_sec >= 0 && ts.tv_nsec >= 0 &&
			  ts.tv_nsec < NS,
		      "clock_gettime(%s) = %lld.%09ld", clocks[i].name,
		      (long long)ts.tv_sec, ts.tv_nsec);
		check(clock_getres(clocks[i].id, &res) == 0 &&
			  res.tv_sec == 0 && res.tv_nsec == 1,
		      "clock_getres(%s) = 1 ns", clocks[i].name);
		check(syscall(SYS_clock_getres, clocks[i].id, NULL) == 0,
		      "clock_getres(%s, NULL) is allowed", clocks[i].name);
	}
}

static void bad_clocks(void)
{
	static const clockid_t bad[] = {
	    CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM, 10, 12, 1000, -1};
	struct timespec ts;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		check(FAILS(clock_gettime(bad[i], &ts), EINVAL),
		      "clock_gettime(%d): EINVAL", (int)bad[i]);
		check(FAILS(clock_getres(bad[i], &ts), EINVAL),
		      "clock_getres(%d): EINVAL", (int)bad[i]);
	}
}

static void monotonic(void)
{
	int64_t prev = ns_of(CLOCK_MONOTONIC), first = prev, now;
	int64_t rprev = ns_of(CLOCK_REALTIME), rnow;
	long back = 0, rback = 0;

	for (int i = 0; i < 20000; i++) {
		now = ns_of(CLOCK_MONOTONIC);
		back += now < prev;
		prev = now;
		rnow = ns_of(CLOCK_REALTIME);
		rback += rnow < rprev;
		rprev = rnow;
	}
	check(back == 0 && prev > first,
	      "MONOTONIC never goes backwards over 20000 reads and advances");
	check(rback == 0, "REALTIME never goes backwards either");

	now = ns_of(CLOCK_MONOTONIC);
	check(llabs(ns_of(CLOCK_BOOTTIME) - now) < 10000000 &&
		  llabs(ns_of(CLOCK_MONOTONIC_RAW) - now) < 10000000,
	      "BOOTTIME and MONOTONIC_RAW agree with MONOTONIC");
	check(llabs(ns_of(CLOCK_REALTIME) - ns_of(CLOCK_REALTIME_COARSE)) <
		  10000000,
	      "REALTIME_COARSE agrees with REALTIME");
}

static void cpu_clocks(void)
{
	clockid_t cid;
	int64_t a, b;
	int r;
	clock_t c0 = clock();
	volatile unsigned long spin = 0;

	check(clock_getcpuclockid(0, &cid) == 0, "clock_getcpuclockid(0)");
	a = ns_of(cid);
	for (unsigned long i = 0; i < 3000000; i++)
		spin += i;
	b = ns_of(cid);
	check(b > a, "our process's CPU clock advances while we compute");
	check(clock() > c0, "clock() advances");
	check(clock_getcpuclockid(1, &cid) == 0,
	      "clock_getcpuclockid(1): our pid");
	/* The kernel says EINVAL; musl 1.2.3 passes it on, later ones ESRCH. */
	r = clock_getcpuclockid(2, &cid);
	check(r == EINVAL || r == ESRCH,
	      "clock_getcpuclockid(2) is refused (%d)", r);
	check(pthread_getcpuclockid(pthread_self(), &cid) == 0 &&
		  ns_of(cid) > 0,
	      "pthread_getcpuclockid works");
}

static void wall_clock(long long host)
{
	struct timeval tv;
	struct timezone tz = {123, 456};
	time_t t = 0, now;
	int64_t real;

	now = time(NULL);
	check(host > 0 && now > host - 600 && now < host + 600,
	      "time() %lld is within 10 minutes of the host's %lld",
	      (long long)now, host);
	real = ns_of(CLOCK_REALTIME);
	check(syscall(SYS_gettimeofday, &tv, &tz) == 0, "gettimeofday");
	check(llabs((tv.tv_sec * 1000000LL + tv.tv_usec) - real / 1000) <
		  100000,
	      "gettimeofday agrees with CLOCK_REALTIME");
	check(tz.tz_minuteswest == 0 && tz.tz_dsttime == 0,
	      "the time zone is UTC");
	check(syscall(SYS_gettimeofday, NULL, NULL) == 0,
	      "gettimeofday(NULL, NULL)");
#ifdef SYS_time /* x86_64 only; arm64's musl implements time() with clock_gettime */
	check(syscall(SYS_time, NULL) >= now, "time system call with NULL");
	check(syscall(SYS_time, &t) == t && t >= now,
	      "time system call stores");
#else
	check(time(&t) == t && t >= now, "time() stores");
#endif

	tv.tv_usec = 0;
	check(FAILS(settimeofday(&tv, NULL), EPERM), "settimeofday: EPERM");
	tv.tv_usec = 1000000;
	check(FAILS(syscall(SYS_settimeofday, &tv, NULL), EINVAL),
	      "settimeofday with 10^6 us: EINVAL");
	check(FAILS(clock_settime(CLOCK_REALTIME, &(struct timespec){1, 0}),
		    EPERM),
	      "clock_settime(REALTIME): EPERM");
	check(FAILS(clock_settime(CLOCK_MONOTONIC, &(struct timespec){1, 0}),
		    EINVAL),
	      "clock_settime(MONOTONIC): EINVAL");
}

static void sleeping(void)
{
	struct timespec req = {0, 20000000}, rem = {77, 77}, abs;
	int64_t t0, t1;

	t0 = ns_of(CLOCK_MONOTONIC);
	check(nanosleep(&req, &rem) == 0, "nanosleep 20 ms");
	t1 = ns_of(CLOCK_MONOTONIC);
	check(t1 - t0 >= 20000000, "it lasted at least 20 ms (%lld us)",
	      (long long)(t1 - t0) / 1000);
	check(t1 - t0 < 2000000000, "and not absurdly long");
	check(rem.tv_sec == 77 && rem.tv_nsec == 77, "rem is untouched");

	/* Each length returns not before its end (the platform halts). */
	for (long ms = 1; ms <= 100; ms *= 10) {
		req = (struct timespec){0, ms * 1000000};
		t0 = ns_of(CLOCK_MONOTONIC);
		nanosleep(&req, NULL);
		t1 = ns_of(CLOCK_MONOTONIC);
		check(t1 - t0 >= ms * 1000000 && t1 - t0 < 2000000000,
		      "nanosleep %ld ms lasted %lld us", ms,
		      (long long)(t1 - t0) / 1000);
	}

	req = (struct timespec){0, NS};
	check(FAILS(nanosleep(&req, NULL), EINVAL), "tv_nsec 10^9: EINVAL");
	req = (struct timespec){0, -1};
	check(FAILS(nanosleep(&req, NULL), EINVAL), "tv_nsec -1: EINVAL");
	req = (struct timespec){-1, 0};
	check(FAILS(nanosleep(&req, NULL), EINVAL), "tv_sec -1: EINVAL");

	t0 = ns_of(CLOCK_MONOTONIC);
	req = (struct timespec){0, 10000000};
	check(clock_nanosleep(CLOCK_BOOTTIME, 0, &req, &rem) == 0 &&
		  ns_of(CLOCK_MONOTONIC) - t0 >= 10000000,
	      "clock_nanosleep(BOOTTIME) 10 ms, relative");

	clock_gettime(CLOCK_MONOTONIC, &abs);
	t0 = abs.tv_sec * NS + abs.tv_nsec + 15000000;
	abs.tv_sec = t0 / NS;
	abs.tv_nsec = t0 % NS;
	check(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL) ==
		      0 &&
		  ns_of(CLOCK_MONOTONIC) >= t0,
	      "clock_nanosleep(MONOTONIC, TIMER_ABSTIME) wakes after the "
	      "deadline");

	clock_gettime(CLOCK_REALTIME, &abs);
	t0 = abs.tv_sec * NS + abs.tv_nsec + 15000000;
	abs.tv_sec = t0 / NS;
	abs.tv_nsec = t0 % NS;
	check(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL) == 0 &&
		  ns_of(CLOCK_REALTIME) >= t0,
	      "clock_nanosleep(REALTIME, TIMER_ABSTIME) wakes after the "
	      "deadline");

	abs = (struct timespec){1, 0};
	t0 = ns_of(CLOCK_MONOTONIC);
	check(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL) == 0 &&
		  ns_of(CLOCK_MONOTONIC) - t0 < 5000000,
	      "a deadline in the past returns at once");

	req = (struct timespec){0, 1000};
	check(clock_nanosleep(CLOCK_MONOTONIC_RAW, 0, &req, NULL) == ENOTSUP,
	      "clock_nanosleep(MONOTONIC_RAW): ENOTSUP");
	check(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL) == EINVAL,
	      "clock_nanosleep(THREAD_CPUTIME_ID): EINVAL");
	check(clock_nanosleep(1000, 0, &req, NULL) == EINVAL,
	      "clock_nanosleep(1000): EINVAL");
	req = (struct timespec){0, NS};
	check(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) ==
		  EINVAL,
	      "clock_nanosleep with tv_nsec 10^9: EINVAL");
}

int main(int argc, char *argv[])
{
	long long host = argc > 1 ? atoll(argv[1]) : 0;

	each_clock();
	bad_clocks();
	monotonic();
	cpu_clocks();
	wall_clock(host);
	sleeping();
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
