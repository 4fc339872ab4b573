/*
 * plat/common/rtc_time.h - wall-clock time from an MC146818-style CMOS RTC.
 *
 * Owns: civil date to seconds since the Unix epoch (proleptic Gregorian
 * calendar, no leap seconds), and decoding the RTC's raw time registers
 * (MC146818A datasheet: registers 0x00-0x09 and status register B; the
 * century register is the CMOS index named by the ACPI FADT CENTURY field,
 * ACPI 6.x 5.2.9). Reading the registers (ports 0x70/0x71, waiting for
 * update-in-progress to clear) is the caller's job.
 */
#ifndef UKPLAT_RTC_TIME_H
#define UKPLAT_RTC_TIME_H

#include <stdint.h>

/* CMOS indexes of the time registers. */
#define UKPLAT_CMOS_SECONDS   0x00
#define UKPLAT_CMOS_MINUTES   0x02
#define UKPLAT_CMOS_HOURS     0x04
#define UKPLAT_CMOS_MDAY      0x07
#define UKPLAT_CMOS_MONTH     0x08
#define UKPLAT_CMOS_YEAR      0x09
#define UKPLAT_CMOS_STATUS_A  0x0a
#define UKPLAT_CMOS_STATUS_B  0x0b
#define UKPLAT_CMOS_CENTURY   0x32    /* the usual one; prefer the FADT's */

#define UKPLAT_RTC_A_UIP      0x80    /* status A: update in progress */
#define UKPLAT_RTC_B_24H      0x02    /* status B: 1 = 24-hour, 0 = 12-hour */
#define UKPLAT_RTC_B_BINARY   0x04    /* status B: 1 = binary, 0 = BCD */
#define UKPLAT_RTC_HOUR_PM    0x80    /* hours register, 12-hour mode */

/* Layout of the array ukplat_rtc_decode() takes: raw register values. */
enum ukplat_rtc_reg {
	UKPLAT_RTC_SEC,
	UKPLAT_RTC_MIN,
	UKPLAT_RTC_HOUR,
	UKPLAT_RTC_MDAY,
	UKPLAT_RTC_MON,
	UKPLAT_RTC_YEAR,        /* 0-99 */
	UKPLAT_RTC_CENTURY,     /* 0 when the machine has no century register */
	UKPLAT_RTC_STATUS_B,
	UKPLAT_RTC_NREGS
};

/*
 * Seconds since 1970-01-01 00:00:00 UTC. Valid for years 1970 to 9999;
 * returns -1 for any field out of range (month 1-12, day within that month,
 * hour 0-23, minute 0-59, second 0-59).
 */
int64_t ukplat_civil_to_epoch(int year, int mon, int mday, int hour, int min,
			      int sec);

/*
 * Decode raw RTC registers, laid out as enum ukplat_rtc_reg: BCD or binary
 * by status B bit 2, 24- or 12-hour by status B bit 1 (in 12-hour mode
 * bit 7 of the hours register means PM, and 12 AM is midnight). A century
 * value of 0 means "no century register": the year is taken as 20xx.
 * Returns 0 with *epoch set, or -EINVAL for a bad BCD digit or a field out
 * of range after decoding.
 */
int ukplat_rtc_decode(const uint8_t regs[UKPLAT_RTC_NREGS], int64_t *epoch);

#endif /* UKPLAT_RTC_TIME_H */
