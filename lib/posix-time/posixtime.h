/*
 * lib/posix-time/posixtime.h - posix-time's internal interfaces, grouped by
 * the file that implements them, and the timespec arithmetic they share.
 *
 * The library implements the Linux time system calls (clock_gettime,
 * clock_getres, clock_settime, gettimeofday, settimeofday, time, nanosleep,
 * clock_nanosleep) on top of the platform's monotonic clock and boot-time
 * wall clock (uk/plat.h). Its public face is the system call table.
 *
 * The helpers below are header-only so that the host unit tests
 * (tests/unit/test_timespec.c) exercise exactly the code the kernel runs;
 * they include only <stdint.h> and <time.h>, which the host's C library
 * and musl lay out the same way on Linux.
 */
#ifndef POSIXTIME_H
#define POSIXTIME_H

#include <stdint.h>
#include <time.h>

#define UK_NSEC_PER_SEC  1000000000ULL
#define UK_NSEC_PER_USEC 1000ULL

/*
 * A timespec is valid as a duration or a deadline when tv_sec is not
 * negative and tv_nsec is in [0, 999999999]; Linux answers EINVAL
 * otherwise (timespec64_valid).
 */
static inline int uk_timespec_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       (uint64_t)ts->tv_nsec < UK_NSEC_PER_SEC;
}

/* a + b, or UINT64_MAX when the sum does not fit. */
static inline uint64_t uk_ns_add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/*
 * Nanoseconds in a valid timespec; UINT64_MAX when they do not fit (from
 * the year 2554 on). A saturated deadline means "practically never".
 */
static inline uint64_t uk_timespec_to_ns(const struct timespec *ts)
{
	uint64_t sec = (uint64_t)ts->tv_sec;

	if (sec > UINT64_MAX / UK_NSEC_PER_SEC)
		return UINT64_MAX;
	return uk_ns_add_sat(sec * UK_NSEC_PER_SEC, (uint64_t)ts->tv_nsec);
}

static inline void uk_ns_to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / UK_NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % UK_NSEC_PER_SEC);
}

/*
 * What a clock id names. The CPU-time clocks include the dynamic ids
 * musl's clock_getcpuclockid and pthread_getcpuclockid build (negative:
 * ~pid << 3 | thread bit | which).
 */
enum uk_clock_kind {
	UK_CLOCK_INVALID,
	UK_CLOCK_REALTIME,     /* REALTIME, TAI */
	UK_CLOCK_REAL_NOSLEEP, /* REALTIME_COARSE: no sleeping on it */
	UK_CLOCK_MONOTONIC,    /* MONOTONIC, BOOTTIME */
	UK_CLOCK_MONO_NOSLEEP, /* MONOTONIC_RAW, MONOTONIC_COARSE: no sleep */
	UK_CLOCK_PROCESS_CPU,  /* PROCESS_CPUTIME_ID, or our own pid's clock */
	UK_CLOCK_THREAD_CPU,   /* THREAD_CPUTIME_ID, or our own thread's */
};

/* clock.c */

/* Classify a clock id (no side effects). */
enum uk_clock_kind uk_posixtime_clock_kind(clockid_t id);

/*
 * Nanoseconds since the Epoch: the RTC's reading at boot (the offset) plus
 * the monotonic clock. Not settable (see clock.c), so the offset is fixed.
 */
uint64_t uk_posixtime_realtime_offset_ns(void);
uint64_t uk_posixtime_realtime_ns(void);

/* The value of the clock of 'kind' (not UK_CLOCK_INVALID), in ns. */
uint64_t uk_posixtime_clock_ns(enum uk_clock_kind kind);

#endif /* POSIXTIME_H */
