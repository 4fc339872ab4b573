/*
 * plat/kvm/arm64/rtc.c - wall-clock time from the Arm PL031 real-time
 * clock (DDI 0224): its data register counts seconds since the Epoch.
 * Read once on first use and anchored to the monotonic clock.
 */
#include <uk/plat.h>
#include "arm64.h"

#define PL031_DR 0x00

static int64_t boot_sec;
static int boot_sec_known;

int64_t ukplat_rtc_read_sec(void)
{
	if (!ukplat_arm64_dev.rtc)
		return -1;
	return (int64_t)mmio_read32(ukplat_arm64_dev.rtc + PL031_DR);
}

int64_t ukplat_wallclock_boot_sec(void)
{
	int64_t now;

	if (!boot_sec_known) {
		now = ukplat_rtc_read_sec();
		if (now < 0)
			return 0;
		boot_sec = now - (int64_t)(ukplat_monotonic_ns() / 1000000000ULL);
		boot_sec_known = 1;
	}
	return boot_sec;
}
