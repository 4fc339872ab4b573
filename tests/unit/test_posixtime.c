/*
 * tests/unit/test_posixtime.c - host tests of lib/posix-time: the timespec
 * arithmetic of posixtime.h, and the system calls of clock.c and sleep.c
 * on a fake platform clock (the monotonic clock is a variable, and waiting
 * records the deadline and moves the clock there).
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <uk/syscall.h>
#include "posixtime.h"

#define NS 1000000000ULL

/* The fake platform. */
static uint64_t fake_now = 5 * NS + 123456789;
static int64_t fake_boot_sec = 1700000000;
static uint64_t last_deadline;
static int waits;

uint64_t ukplat_monotonic_ns(void)
{
	return fake_now;
}

int64_t ukplat_wallclock_boot_sec(void)
{
	return fake_boot_sec;
}

/*
 * The scheduler sleep nanosleep blocks in: the fake clock jumps to the
 * deadline, or, when a test sets interrupt_after, that much later, where
 * a signal cuts the sleep short.
 */
static uint64_t interrupt_after;

int uk_sched_sleep_until_intr(uint64_t deadline)
{
	waits++;
	last_deadline = deadline;
	if (interrupt_after && fake_now + interrupt_after < deadline) {
		fake_now += interrupt_after;
		return -EINTR;
	}
	if (deadline > fake_now)
		fake_now = deadline;
	return 0;
}

#define SYSCALL(name, ...) call(&uk_sysreg_##name, __VA_ARGS__, 0, 0, 0, 0, 0)
static long call(const struct uk_syscall_entry *e, long a0, long a1, long a2,
		 long a3, long a4, long a5, ...)
{
	return e->fn(a0, a1, a2, a3, a4, a5);
}
#define L(x) ((long)(x))

extern const struct uk_syscall_entry uk_sysreg_clock_gettime,
    uk_sysreg_clock_getres, uk_sysreg_gettimeofday, uk_sysreg_time,
    uk_sysreg_clock_settime, uk_sysreg_settimeofday, uk_sysreg_nanosleep,
    uk_sysreg_clock_nanosleep;

/* Linux's dynamic CPU clock ids, as musl builds them. */
#define PROCESS_CLOCK(pid) ((-(pid)-1) * 8 + 2)
#define THREAD_CLOCK(tid) ((-(tid)-1) * 8 + 6)
#define FD_CLOCK(fd) ((clockid_t)((unsigned int)~(fd) << 3) | 3)

START_TEST(timespec_helpers)
{
	struct timespec ts;

	ck_assert(uk_timespec_valid(&(struct timespec){0, 0}));
	ck_assert(uk_timespec_valid(&(struct timespec){5, 999999999}));
	ck_assert(!uk_timespec_valid(&(struct timespec){0, 1000000000}));
	ck_assert(!uk_timespec_valid(&(struct timespec){0, -1}));
	ck_assert(!uk_timespec_valid(&(struct timespec){-1, 0}));

	ck_assert_uint_eq(uk_timespec_to_ns(&(struct timespec){3, 7}),
			  3 * NS + 7);
	/* 18446744073 s is the last second that fits in 64-bit ns. */
	ck_assert_uint_eq(
	    uk_timespec_to_ns(&(struct timespec){18446744073, 709551615}),
	    UINT64_MAX);
	ck_assert_uint_eq(
	    uk_timespec_to_ns(&(struct timespec){18446744073, 709551616}),
	    UINT64_MAX);
	ck_assert_uint_eq(uk_timespec_to_ns(&(struct timespec){18446744074, 0}),
			  UINT64_MAX);
	ck_assert_uint_eq(
	    uk_timespec_to_ns(&(struct timespec){INT64_MAX, 999999999}),
	    UINT64_MAX);

	ck_assert_uint_eq(uk_ns_add_sat(UINT64_MAX - 1, 1), UINT64_MAX);
	ck_assert_uint_eq(uk_ns_add_sat(UINT64_MAX - 1, 2), UINT64_MAX);
	ck_assert_uint_eq(uk_ns_add_sat(1, 2), 3);

	uk_ns_to_timespec(12 * NS + 34, &ts);
	ck_assert_int_eq(ts.tv_sec, 12);
	ck_assert_int_eq(ts.tv_nsec, 34);
}
END_TEST

START_TEST(gettime_each_clock)
{
	static const clockid_t mono[] = {
	    CLOCK_MONOTONIC,
	    CLOCK_MONOTONIC_RAW,
	    CLOCK_MONOTONIC_COARSE,
	    CLOCK_BOOTTIME,
	    CLOCK_PROCESS_CPUTIME_ID,
	    CLOCK_THREAD_CPUTIME_ID,
	    PROCESS_CLOCK(0),
	    PROCESS_CLOCK(1),
	    THREAD_CLOCK(0),
	    THREAD_CLOCK(1),
	    PROCESS_CLOCK(1) - 2 /* PROF */,
	    PROCESS_CLOCK(1) - 1 /* VIRT */,
	};
	static const clockid_t real[] = {CLOCK_REALTIME, CLOCK_REALTIME_COARSE,
					 CLOCK_TAI};
	struct timespec ts;

	for (size_t i = 0; i < sizeof(mono) / sizeof(mono[0]); i++) {
		ck_assert_int_eq(SYSCALL(clock_gettime, mono[i], L(&ts)), 0);
		ck_assert_int_eq(ts.tv_sec, 5);
		ck_assert_int_eq(ts.tv_nsec, 123456789);
	}
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		ck_assert_int_eq(SYSCALL(clock_gettime, real[i], L(&ts)), 0);
		ck_assert_int_eq(ts.tv_sec, 1700000005);
		ck_assert_int_eq(ts.tv_nsec, 123456789);
	}
}
END_TEST

START_TEST(gettime_errors)
{
	static const clockid_t bad[] = {
	    CLOCK_REALTIME_ALARM,
	    CLOCK_BOOTTIME_ALARM,
	    10,
	    12,
	    100,
	    PROCESS_CLOCK(2),
	    THREAD_CLOCK(2),
	    FD_CLOCK(3),
	    -1 /* fd clock */,
	};
	struct timespec ts = {77, 77};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(SYSCALL(clock_gettime, bad[i], L(&ts)),
				 -EINVAL);
		ck_assert_int_eq(SYSCALL(clock_getres, bad[i], L(&ts)),
				 -EINVAL);
	}
	ck_assert_int_eq(ts.tv_sec, 77);
	ck_assert_int_eq(SYSCALL(clock_gettime, CLOCK_MONOTONIC, 0), -EFAULT);
}
END_TEST

START_TEST(getres)
{
	struct timespec ts = {77, 77};

	ck_assert_int_eq(SYSCALL(clock_getres, CLOCK_MONOTONIC, L(&ts)), 0);
	ck_assert_int_eq(ts.tv_sec, 0);
	ck_assert_int_eq(ts.tv_nsec, 1);
	ck_assert_int_eq(SYSCALL(clock_getres, CLOCK_REALTIME, 0), 0);
	ck_assert_int_eq(SYSCALL(clock_getres, PROCESS_CLOCK(1), 0), 0);
}
END_TEST

/* No RTC: the wall clock counts from the Epoch. */
START_TEST(realtime_without_rtc)
{
	struct timespec ts;

	fake_boot_sec = 0;
	ck_assert_int_eq(SYSCALL(clock_gettime, CLOCK_REALTIME, L(&ts)), 0);
	ck_assert_int_eq(ts.tv_sec, 5);
}
END_TEST

START_TEST(gettimeofday_and_time)
{
	struct timeval tv;
	struct timezone tz = {99, 99};
	time_t t = 0;

	ck_assert_int_eq(SYSCALL(gettimeofday, L(&tv), L(&tz)), 0);
	ck_assert_int_eq(tv.tv_sec, 1700000005);
	ck_assert_int_eq(tv.tv_usec, 123456); /* truncated, not rounded */
	ck_assert_int_eq(tz.tz_minuteswest, 0);
	ck_assert_int_eq(tz.tz_dsttime, 0);
	ck_assert_int_eq(SYSCALL(gettimeofday, 0, 0), 0);
	ck_assert_int_eq(SYSCALL(gettimeofday, L(&tv), 0), 0);

	ck_assert_int_eq(SYSCALL(time, 0), 1700000005);
	ck_assert_int_eq(SYSCALL(time, L(&t)), 1700000005);
	ck_assert_int_eq(t, 1700000005);
}
END_TEST

START_TEST(setting_is_refused)
{
	struct timespec ok = {1, 0}, bad = {1, NS};
	struct timeval tv = {1, 0}, badtv = {1, 1000000};
	struct timezone tz = {0, 0};

	ck_assert_int_eq(SYSCALL(clock_settime, CLOCK_REALTIME, L(&ok)),
			 -EPERM);
	ck_assert_int_eq(SYSCALL(clock_settime, CLOCK_REALTIME, L(&bad)),
			 -EINVAL);
	ck_assert_int_eq(SYSCALL(clock_settime, CLOCK_MONOTONIC, L(&ok)),
			 -EINVAL);
	ck_assert_int_eq(SYSCALL(clock_settime, CLOCK_TAI, L(&ok)), -EINVAL);
	ck_assert_int_eq(
	    SYSCALL(clock_settime, CLOCK_PROCESS_CPUTIME_ID, L(&ok)), -EPERM);
	ck_assert_int_eq(SYSCALL(clock_settime, 100, L(&ok)), -EINVAL);
	ck_assert_int_eq(SYSCALL(settimeofday, L(&tv), 0), -EPERM);
	ck_assert_int_eq(SYSCALL(settimeofday, 0, L(&tz)), -EPERM);
	ck_assert_int_eq(SYSCALL(settimeofday, L(&badtv), 0), -EINVAL);
}
END_TEST

START_TEST(nanosleep_relative)
{
	struct timespec req = {2, 500}, rem = {77, 77};

	ck_assert_int_eq(SYSCALL(nanosleep, L(&req), L(&rem)), 0);
	ck_assert_uint_eq(last_deadline, 7 * NS + 123456789 + 500);
	ck_assert_uint_eq(fake_now, last_deadline);
	ck_assert_int_eq(rem.tv_sec, 77); /* not interrupted: untouched */
	ck_assert_int_eq(rem.tv_nsec, 77);

	/* Zero sleeps return at once (the deadline is now). */
	req = (struct timespec){0, 0};
	ck_assert_int_eq(SYSCALL(nanosleep, L(&req), 0), 0);
	ck_assert_uint_eq(last_deadline, fake_now);

	/* Too long to represent: the deadline saturates. */
	req = (struct timespec){INT64_MAX, 0};
	ck_assert_int_eq(SYSCALL(nanosleep, L(&req), 0), 0);
	ck_assert_uint_eq(last_deadline, UINT64_MAX);
}
END_TEST

/* A signal for the sleeping thread: EINTR and, for relative sleeps, the rest. */
START_TEST(nanosleep_interrupted)
{
	struct timespec req = {5, 0}, rem = {77, 77};

	interrupt_after = 2 * NS;
	ck_assert_int_eq(SYSCALL(nanosleep, L(&req), L(&rem)), -EINTR);
	ck_assert_int_eq(rem.tv_sec, 3);
	ck_assert_int_eq(rem.tv_nsec, 0);
	/* no rem: just EINTR */
	ck_assert_int_eq(SYSCALL(nanosleep, L(&req), 0), -EINTR);
	/* relative clock_nanosleep reports the rest too */
	rem = (struct timespec){77, 77};
	ck_assert_int_eq(SYSCALL(clock_nanosleep, CLOCK_MONOTONIC, 0, L(&req), L(&rem)),
			 -EINTR);
	ck_assert_int_eq(rem.tv_sec, 3);
	/* an absolute sleep leaves rem alone */
	req = (struct timespec){(time_t)(fake_now / NS) + 10, 0};
	rem = (struct timespec){77, 77};
	ck_assert_int_eq(SYSCALL(clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME,
				 L(&req), L(&rem)), -EINTR);
	ck_assert_int_eq(rem.tv_sec, 77);
	ck_assert_int_eq(rem.tv_nsec, 77);
	interrupt_after = 0;
}
END_TEST

START_TEST(nanosleep_errors)
{
	static const struct timespec bad[] = {
	    {0, -1},
	    {0, 1000000000},
	    {-1, 0},
	    {-1, 5},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(SYSCALL(nanosleep, L(&bad[i]), 0), -EINVAL);
		ck_assert_int_eq(
		    SYSCALL(clock_nanosleep, CLOCK_MONOTONIC, 0, L(&bad[i]), 0),
		    -EINVAL);
		ck_assert_int_eq(SYSCALL(clock_nanosleep, CLOCK_REALTIME,
					 TIMER_ABSTIME, L(&bad[i]), 0),
				 -EINVAL);
	}
	ck_assert_int_eq(SYSCALL(nanosleep, 0, 0), -EFAULT);
	ck_assert_int_eq(waits, 0);
}
END_TEST

START_TEST(clock_nanosleep_clocks)
{
	struct timespec req = {1, 0};

	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, L(&req), 0),
	    -EINVAL);
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, THREAD_CLOCK(0), 0, L(&req), 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(clock_nanosleep, 100, 0, L(&req), 0), -EINVAL);
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, L(&req), 0),
	    -ENOTSUP);
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_REALTIME_COARSE, 0, L(&req), 0),
	    -ENOTSUP);
	ck_assert_int_eq(waits, 0);

	/* Relative sleeps on every sleepable clock: now + 1 s. */
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_REALTIME, 0, L(&req), 0), 0);
	ck_assert_uint_eq(last_deadline, 6 * NS + 123456789);
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_BOOTTIME, 0, L(&req), 0), 0);
	ck_assert_uint_eq(last_deadline, 7 * NS + 123456789);
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_PROCESS_CPUTIME_ID, 0, L(&req), 0),
	    0);
	ck_assert_uint_eq(last_deadline, 8 * NS + 123456789);
	/* Flag bits other than TIMER_ABSTIME are ignored, as on Linux. */
	ck_assert_int_eq(SYSCALL(clock_nanosleep, CLOCK_TAI, 0x10, L(&req), 0),
			 0);
	ck_assert_uint_eq(last_deadline, 9 * NS + 123456789);
}
END_TEST

START_TEST(clock_nanosleep_absolute)
{
	struct timespec req = {9, 0}, rem = {77, 77};

	ck_assert_int_eq(SYSCALL(clock_nanosleep, CLOCK_MONOTONIC,
				 TIMER_ABSTIME, L(&req), L(&rem)),
			 0);
	ck_assert_uint_eq(last_deadline, 9 * NS);
	ck_assert_uint_eq(fake_now, 9 * NS);
	ck_assert_int_eq(rem.tv_sec, 77);

	/* In the past: returns at once. */
	req = (struct timespec){1, 0};
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_BOOTTIME, TIMER_ABSTIME, L(&req), 0),
	    0);
	ck_assert_uint_eq(fake_now, 9 * NS);

	/* The wall clock: 1700000012 s is 12 s after boot, 3 s from now. */
	req = (struct timespec){1700000012, 5};
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, L(&req), 0),
	    0);
	ck_assert_uint_eq(last_deadline, 12 * NS + 5);
	ck_assert_uint_eq(fake_now, 12 * NS + 5);

	/* A wall-clock time before boot is in the past. */
	req = (struct timespec){1000, 0};
	ck_assert_int_eq(
	    SYSCALL(clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, L(&req), 0),
	    0);
	ck_assert_uint_eq(fake_now, 12 * NS + 5);
}
END_TEST

static Suite *posixtime_suite(void)
{
	Suite *s = suite_create("posix-time");
	TCase *tc = tcase_create("timespec");

	tcase_add_test(tc, timespec_helpers);
	suite_add_tcase(s, tc);

	tc = tcase_create("clocks");
	tcase_add_test(tc, gettime_each_clock);
	tcase_add_test(tc, gettime_errors);
	tcase_add_test(tc, getres);
	tcase_add_test(tc, realtime_without_rtc);
	tcase_add_test(tc, gettimeofday_and_time);
	tcase_add_test(tc, setting_is_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("sleep");
	tcase_add_test(tc, nanosleep_relative);
	tcase_add_test(tc, nanosleep_interrupted);
	tcase_add_test(tc, nanosleep_errors);
	tcase_add_test(tc, clock_nanosleep_clocks);
	tcase_add_test(tc, clock_nanosleep_absolute);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(posixtime_suite());

	/* Each test in its own process: the fake clock starts afresh. */
	return unit_run(sr, true);
}
