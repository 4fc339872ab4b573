/*
 * lib/posix-time/sleep.c - nanosleep and clock_nanosleep.
 *
 * A sleep becomes a deadline on the monotonic clock, and the thread
 * sleeps in the scheduler until then (uk_sched_sleep_until): other threads
 * run meanwhile, and with none to run the CPU halts until the platform's
 * one-shot timer fires. A signal aimed at the sleeping thread (another
 * thread's pthread_kill) ends a relative sleep with EINTR and the time
 * that remained in 'rem'; an absolute sleep leaves 'rem' alone, as on
 * Linux. A sleep nothing interrupts returns 0 and leaves 'rem' untouched.
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

/*
 * Wait 'req' (relative or absolute on a clock of 'kind'); 0 or -errno.
 * Interrupted, a relative sleep writes what remained to 'rem' (if set).
 */
static long sleep_on(enum uk_clock_kind kind, int abs,
		     const struct timespec *req, struct timespec *rem)
{
	uint64_t ns, deadline, now;

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
	if (uk_sched_sleep_until_intr(deadline) == 0)
		return 0;
	if (!abs && rem) {
		now = ukplat_monotonic_ns();
		ns = deadline > now ? deadline - now : 0;
		rem->tv_sec = (time_t)(ns / 1000000000u);
		rem->tv_nsec = (long)(ns % 1000000000u);
	}
	return -EINTR;
}

UK_SYSCALL_DEFINE2(nanosleep, const struct timespec *, req,
		   struct timespec *, rem)
{
	return sleep_on(UK_CLOCK_MONOTONIC, 0, req, rem);
}

UK_SYSCALL_DEFINE4(clock_nanosleep, clockid_t, id, int, flags,
		   const struct timespec *, req, struct timespec *, rem)
{
	enum uk_clock_kind kind = uk_posixtime_clock_kind(id);

	switch (kind) {
	case UK_CLOCK_INVALID:
	case UK_CLOCK_THREAD_CPU:
		return -EINVAL;
	case UK_CLOCK_REAL_NOSLEEP:
	case UK_CLOCK_MONO_NOSLEEP:
		return -ENOTSUP;
	default:
		/* Linux looks at TIMER_ABSTIME only and ignores other bits. */
		return sleep_on(kind, flags & TIMER_ABSTIME, req, rem);
	}
}
