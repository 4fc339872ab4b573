/*
 * plat/common/rtc_time.c - wall-clock time from MC146818 RTC registers.
 *
 * Owns: civil date -> Unix time (proleptic Gregorian: a year is leap when
 * divisible by 4, except centuries not divisible by 400) and the decoding
 * of the RTC's BCD/binary, 12/24-hour register formats (MC146818A
 * datasheet, "Time, calendar and alarm data modes" and register B).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include "rtc_time.h"

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const uint8_t days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return days[m - 1] + (m == 2 && leap_year(y));
}

/* Leap years in 1..y. */
static int64_t leaps_through(int y)
{
	return y / 4 - y / 100 + y / 400;
}

int64_t ukplat_civil_to_epoch(int year, int mon, int mday, int hour, int min,
			      int sec)
{
	static const uint16_t before_month[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	int64_t days;

	if (year < 1970 || year > 9999 || mon < 1 || mon > 12 ||
	    mday < 1 || mday > month_days(year, mon) ||
	    hour < 0 || hour > 23 || min < 0 || min > 59 ||
	    sec < 0 || sec > 59)
		return -1;
	days = (int64_t)365 * (year - 1970) +
	       leaps_through(year - 1) - leaps_through(1969) +
	       before_month[mon - 1] + (mon > 2 && leap_year(year)) +
	       (mday - 1);
	return days * 86400 + hour * 3600 + min * 60 + sec;
}

static int rtc_field(uint8_t raw, bool binary, int *out)
{
	if (binary) {
		*out = raw;
		return 0;
	}
	if ((raw & 0x0f) > 9 || (raw >> 4) > 9)
		return -EINVAL;
	*out = (raw >> 4) * 10 + (raw & 0x0f);
	return 0;
}

int ukplat_rtc_decode(const uint8_t regs[UKPLAT_RTC_NREGS], int64_t *epoch)
{
	uint8_t b = regs[UKPLAT_RTC_STATUS_B];
	uint8_t hraw = regs[UKPLAT_RTC_HOUR];
	bool bin = (b & UKPLAT_RTC_B_BINARY) != 0;
	bool h12 = (b & UKPLAT_RTC_B_24H) == 0;
	bool pm = false;
	int sec, min, hour, mday, mon, year, century = 20;
	int64_t t;

	/* The PM flag sits outside the value in both BCD and binary. */
	if (h12) {
		pm = (hraw & UKPLAT_RTC_HOUR_PM) != 0;
		hraw &= (uint8_t)~UKPLAT_RTC_HOUR_PM;
	}
	if (rtc_field(regs[UKPLAT_RTC_SEC], bin, &sec) ||
	    rtc_field(regs[UKPLAT_RTC_MIN], bin, &min) ||
	    rtc_field(hraw, bin, &hour) ||
	    rtc_field(regs[UKPLAT_RTC_MDAY], bin, &mday) ||
	    rtc_field(regs[UKPLAT_RTC_MON], bin, &mon) ||
	    rtc_field(regs[UKPLAT_RTC_YEAR], bin, &year))
		return -EINVAL;
	if (regs[UKPLAT_RTC_CENTURY] &&
	    rtc_field(regs[UKPLAT_RTC_CENTURY], bin, &century))
		return -EINVAL;
	if (h12) {
		if (hour < 1 || hour > 12)
			return -EINVAL;
		hour = hour % 12 + (pm ? 12 : 0);   /* 12 AM is 0:00 */
	}
	if (year > 99)
		return -EINVAL;
	t = ukplat_civil_to_epoch(century * 100 + year, mon, mday, hour, min,
				  sec);
	if (t < 0)
		return -EINVAL;
	*epoch = t;
	return 0;
}
