/*
 * lib/posix-time/clock.c - reading the clocks: clock_gettime, clock_getres,
 * gettimeofday and time, and the refusal to set them (clock_settime,
 * settimeofday).
 *
 * Every clock derives from the platform's monotonic clock (nanoseconds
 * since boot, from the TSC):
 * - MONOTONIC, MONOTONIC_RAW, BOOTTIME and the COARSE variants read it
 *   directly. The unikernel never suspends, so BOOTTIME equals MONOTONIC;
 *   nothing slews the clock, so RAW equals it too; and reading the TSC is
 *   as cheap as a coarse clock could be, so the COARSE clocks are exact.
 * - REALTIME (and TAI: Linux keeps the TAI offset at 0 until adjtimex sets
 *   it) is the RTC's reading at boot, in whole seconds, plus the monotonic
 *   clock: ukplat_wallclock_boot_sec() * 10^9 + ukplat_monotonic_ns().
 * - PROCESS_CPUTIME_ID and THREAD_CPUTIME_ID (and the dynamic ids of our
 *   own pid 1 / tid 1) are approximated by the time since boot: there is
 *   one process with one thread on one CPU, and the CPU never idles yet
 *   (waits spin), so every nanosecond since boot is this process's. Once
 *   the scheduler idles or runs several threads, these need real
 *   accounting.
 * All resolutions are 1 ns, as Linux reports for high-resolution clocks.
 *
 * Pointers are not validated (one address space, no user/kernel
 * boundary); a NULL result pointer gets EFAULT where Linux would fault on
 * it, and clock_getres(id, NULL) is allowed, as on Linux.
 *
 * The clocks cannot be set: clock_settime(CLOCK_REALTIME) and
 * settimeofday answer EPERM after validating their arguments, as Linux
 * does for a process without CAP_SYS_TIME. The wall clock is the host's
 * (through the RTC); an application has no business moving it.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/time.h>
#include <time.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include "posixtime.h"

/* The kernel's dynamic CPU clock encoding (include/linux/posix-timers.h). */
#define CPUCLOCK_PID(id)       (~((id) >> 3))
#define CPUCLOCK_PERTHREAD(id) ((id) & 4)
#define CPUCLOCK_WHICH(id)     ((id) & 3) /* 0 PROF, 1 VIRT, 2 SCHED, 3 fd */
#define UK_OWN_ID 1 /* our pid and our tid */

static enum uk_clock_kind dynamic_cpu_clock(clockid_t id)
{
	int pid = CPUCLOCK_PID(id);

	/* which == 3 names a clock by file descriptor (PTP): none here. */
	if (CPUCLOCK_WHICH(id) == 3 || (pid != 0 && pid != UK_OWN_ID))
		return UK_CLOCK_INVALID;
	return CPUCLOCK_PERTHREAD(id) ? UK_CLOCK_THREAD_CPU
				      : UK_CLOCK_PROCESS_CPU;
}

enum uk_clock_kind uk_posixtime_clock_kind(clockid_t id)
{
	if (id < 0)
		return dynamic_cpu_clock(id);
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		return UK_CLOCK_REALTIME;
	case CLOCK_REALTIME_COARSE:
		return UK_CLOCK_REAL_NOSLEEP;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		return UK_CLOCK_MONOTONIC;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
		return UK_CLOCK_MONO_NOSLEEP;
	case CLOCK_PROCESS_CPUTIME_ID:
		return UK_CLOCK_PROCESS_CPU;
	case CLOCK_THREAD_CPUTIME_ID:
		return UK_CLOCK_THREAD_CPU;
	default:
		/* REALTIME_ALARM/BOOTTIME_ALARM need an RTC alarm; none. */
		return UK_CLOCK_INVALID;
	}
}

uint64_t uk_posixtime_realtime_offset_ns(void)
{
	int64_t boot_sec = ukplat_wallclock_boot_sec();

	/* 0 when the RTC is unreadable: time then counts from the Epoch. */
	return boot_sec > 0 ? (uint64_t)boot_sec * UK_NSEC_PER_SEC : 0;
}

uint64_t uk_posixtime_realtime_ns(void)
{
	return uk_ns_add_sat(uk_posixtime_realtime_offset_ns(),
			     ukplat_monotonic_ns());
}

uint64_t uk_posixtime_clock_ns(enum uk_clock_kind kind)
{
	if (kind == UK_CLOCK_REALTIME || kind == UK_CLOCK_REAL_NOSLEEP)
		return uk_posixtime_realtime_ns();
	return ukplat_monotonic_ns();
}

UK_SYSCALL_DEFINE2(clock_gettime, clockid_t, id, struct timespec *, tp)
{
	enum uk_clock_kind kind = uk_posixtime_clock_kind(id);

	if (kind == UK_CLOCK_INVALID)
		return -EINVAL;
	if (!tp)
		return -EFAULT;
	uk_ns_to_timespec(uk_posixtime_clock_ns(kind), tp);
	return 0;
}

UK_SYSCALL_DEFINE2(clock_getres, clockid_t, id, struct timespec *, res)
{
	if (uk_posixtime_clock_kind(id) == UK_CLOCK_INVALID)
		return -EINVAL;
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

/* Linux's struct timezone is always reported as UTC without DST. */
UK_SYSCALL_DEFINE2(gettimeofday, struct timeval *, tv, struct timezone *, tz)
{
	if (tv) {
		uint64_t ns = uk_posixtime_realtime_ns();

		tv->tv_sec = (time_t)(ns / UK_NSEC_PER_SEC);
		tv->tv_usec =
		    (suseconds_t)(ns % UK_NSEC_PER_SEC / UK_NSEC_PER_USEC);
	}
	if (tz) {
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

#ifdef UK_NR_time /* x86_64 only: arm64 has no time system call */
UK_SYSCALL_DEFINE1(time, time_t *, tloc)
{
	time_t now = (time_t)(uk_posixtime_realtime_ns() / UK_NSEC_PER_SEC);

	if (tloc)
		*tloc = now;
	return now;
}
#endif

UK_SYSCALL_DEFINE2(clock_settime, clockid_t, id, const struct timespec *, tp)
{
	switch (uk_posixtime_clock_kind(id)) {
	case UK_CLOCK_REALTIME:
		/* Only CLOCK_REALTIME itself is settable on Linux, not TAI. */
		if (id != CLOCK_REALTIME)
			return -EINVAL;
		if (!tp)
			return -EFAULT;
		if (!uk_timespec_valid(tp))
			return -EINVAL;
		return -EPERM;
	case UK_CLOCK_PROCESS_CPU:
	case UK_CLOCK_THREAD_CPU:
		return -EPERM; /* Linux: CPU clocks are never settable */
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_DEFINE2(settimeofday, const struct timeval *, tv,
		   const struct timezone *, tz)
{
	const suseconds_t usec_per_sec = UK_NSEC_PER_SEC / UK_NSEC_PER_USEC;

	(void)tz;
	if (tv && (tv->tv_sec < 0 || tv->tv_usec < 0 ||
		   tv->tv_usec >= usec_per_sec))
		return -EINVAL;
	return -EPERM;
}
