/*
 * lib/posix-time/sleep.c - nanosleep and clock_nanosleep.
 *
 * A sleep becomes a deadline on the monotonic clock, and the thread
 * sleeps in the scheduler until then (uk_sched_sleep_until): other threads
 * run meanwhile, and with none to run the CPU halts until the platform's
 * one-shot timer fires. Nothing can
 * interrupt a sleep yet (signals are delivered synchronously only), so a
 * sleep always runs to its end, returns 0 and leaves 'rem' untouched, as
 * Linux does for a sleep that was not interrupted.
 *
 * Clocks one may sleep on, as on Linux: REALTIME, TAI, MONOTONIC, BOOTTIME
 * and the process CPU-time clock; the thread CPU-time clock gives EINVAL
 * and the clocks without a sleep operation (MONOTONIC_RAW and the COARSE
 * ones) give ENOTSUP. An absolute REALTIME deadline is converted with the
 * boot-time offset of the wall clock; since the wall clock cannot be set
 * (clock.c), that conversion stays right for the whole sleep.
 */
#include <errno.h>
#include <stddef.h>
#include <time.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include "posixtime.h"

/* Wait 'req' (relative or absolute on a clock of 'kind'); 0 or -errno. */
static long sleep_on(enum uk_clock_kind kind, int abs,
		     const struct timespec *req)
{
	uint64_t ns, deadline;

	if (!req)
		return -EFAULT;
	if (!uk_timespec_valid(req))
		return -EINVAL;
	ns = uk_timespec_to_ns(req);
	if (!abs) {
		deadline = uk_ns_add_sat(ukplat_monotonic_ns(), ns);
	} else if (kind == UK_CLOCK_REALTIME) {
		uint64_t offset = uk_posixtime_realtime_offset_ns();

		/* The same instant on the monotonic clock (0: already past). */
		deadline = ns > offset ? ns - offset : 0;
	} else {
		/* MONOTONIC, BOOTTIME and process CPU time share one origin. */
		deadline = ns;
	}
	uk_sched_sleep_until(deadline);
	return 0;
}

UK_SYSCALL_DEFINE2(nanosleep, const struct timespec *, req,
		   struct timespec *, rem)
{
	(void)rem; /* never interrupted: nothing remains */
	return sleep_on(UK_CLOCK_MONOTONIC, 0, req);
}

UK_SYSCALL_DEFINE4(clock_nanosleep, clockid_t, id, int, flags,
		   const struct timespec *, req, struct timespec *, rem)
{
	enum uk_clock_kind kind = uk_posixtime_clock_kind(id);

	(void)rem;
	switch (kind) {
	case UK_CLOCK_INVALID:
	case UK_CLOCK_THREAD_CPU:
		return -EINVAL;
	case UK_CLOCK_REAL_NOSLEEP:
	case UK_CLOCK_MONO_NOSLEEP:
		return -ENOTSUP;
	default:
		/* Linux looks at TIMER_ABSTIME only and ignores other bits. */
		return sleep_on(kind, flags & TIMER_ABSTIME, req);
	}
}
