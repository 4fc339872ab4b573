/*
 * tests/guest/clock.c - the monotonic clock never goes backwards over 10^6
 * reads and advances at the real-time clock's rate (one RTC second measured
 * between two RTC second edges); the wall clock read from the CMOS RTC
 * agrees with the host's time, given as argv[1] (seconds since the Epoch)
 * by clock.sh.
 */
#if defined(__aarch64__)
#define UK_TEST_MIN_CYCLES_HZ 1000000ULL
#else
#define UK_TEST_MIN_CYCLES_HZ 100000000ULL
#endif
#include <stdint.h>
#include <uk/plat.h>
#include "str.h"
#include "tap.h"

/* Monotonic time at the next change of the RTC's seconds. */
static uint64_t next_rtc_edge(void)
{
	int64_t start = ukplat_rtc_read_sec();

	while (ukplat_rtc_read_sec() == start)
		;
	return ukplat_monotonic_ns();
}

int main(int argc, char *argv[])
{
	uint64_t prev = ukplat_monotonic_ns(), first = prev, now;
	unsigned long backwards = 0;
	int64_t host, guest;

	for (long i = 0; i < 1000000; i++) {
		now = ukplat_monotonic_ns();
		if (now < prev)
			backwards++;
		prev = now;
	}
	tap_ok(backwards == 0, "10^6 reads never went backwards (%lu did)", backwards);
	tap_ok(prev > first, "the clock advanced (%lu ns over the loop)", prev - first);
	/* The TSC runs at GHz rates; arm64's generic timer at 1 MHz or more. */
	tap_ok(ukplat_cycles_hz() >= UK_TEST_MIN_CYCLES_HZ,
	       "cycle counter frequency is plausible (%lu Hz)", ukplat_cycles_hz());

	{
		uint64_t a = next_rtc_edge(), b = next_rtc_edge();
		uint64_t ms = (b - a) / 1000000;

		tap_ok(ms >= 900 && ms <= 1100,
		       "one RTC second lasts 1000 ms +-10%% on the monotonic clock (%lu ms)",
		       ms);
	}

	host = argc > 1 ? str_to_i64(argv[1]) : 0;
	guest = ukplat_wallclock_boot_sec();
	tap_ok(host > 0, "host time given (%ld)", (long)host);
	tap_ok(guest > host - 600 && guest < host + 600,
	       "RTC wall clock %ld within 10 minutes of the host's %ld",
	       (long)guest, (long)host);
	return tap_done();
}
