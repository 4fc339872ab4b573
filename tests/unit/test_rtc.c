/*
 * tests/unit/test_rtc.c - civil time conversion and MC146818 register
 * decoding (plat/common/rtc_time.c): known dates, every day from 1970 to
 * 2500 against the host C library's timegm(), BCD and binary registers,
 * 12-hour mode around midnight and noon, the century register, and
 * invalid fields.
 */
#define _DEFAULT_SOURCE         /* timegm */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "rtc_time.h"

START_TEST(known_dates)
{
	ck_assert_int_eq(ukplat_civil_to_epoch(1970, 1, 1, 0, 0, 0), 0);
	ck_assert_int_eq(ukplat_civil_to_epoch(1972, 2, 29, 0, 0, 0),
			 68169600);
	ck_assert_int_eq(ukplat_civil_to_epoch(1999, 12, 31, 23, 59, 59),
			 946684799);
	ck_assert_int_eq(ukplat_civil_to_epoch(2000, 2, 29, 0, 0, 0),
			 951782400);
	ck_assert_int_eq(ukplat_civil_to_epoch(2000, 3, 1, 0, 0, 0),
			 951868800);
	ck_assert_int_eq(ukplat_civil_to_epoch(2038, 1, 19, 3, 14, 8),
			 2147483648LL);
	ck_assert_int_eq(ukplat_civil_to_epoch(2100, 2, 28, 23, 59, 59),
			 4107542399LL);
	ck_assert_int_eq(ukplat_civil_to_epoch(2100, 3, 1, 0, 0, 0),
			 4107542400LL);
	ck_assert_int_eq(ukplat_civil_to_epoch(9999, 12, 31, 23, 59, 59),
			 253402300799LL);
}
END_TEST

START_TEST(every_day_matches_timegm)
{
	struct tm tm = { 0 };
	int y, m, d;
	int64_t t;

	for (y = 1970; y <= 2500; y++) {
		for (m = 1; m <= 12; m++) {
			for (d = 1; d <= 31; d++) {
				t = ukplat_civil_to_epoch(y, m, d, 13, 7, 42);
				tm.tm_year = y - 1900;
				tm.tm_mon = m - 1;
				tm.tm_mday = d;
				tm.tm_hour = 13;
				tm.tm_min = 7;
				tm.tm_sec = 42;
				if (t == -1) {
					/* rejected: must be past month end */
					timegm(&tm);
					ck_assert_int_ne(tm.tm_mday, d);
					continue;
				}
				ck_assert_int_eq(t, (int64_t)timegm(&tm));
			}
		}
	}
}
END_TEST

START_TEST(invalid_fields)
{
	ck_assert_int_eq(ukplat_civil_to_epoch(1969, 12, 31, 23, 59, 59), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(10000, 1, 1, 0, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 0, 1, 0, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 13, 1, 0, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 1, 0, 0, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 4, 31, 0, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2023, 2, 29, 0, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2100, 2, 29, 0, 0, 0), -1);
	ck_assert_int_ne(ukplat_civil_to_epoch(2400, 2, 29, 0, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 1, 1, 24, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 1, 1, -1, 0, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 1, 1, 0, 60, 0), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 1, 1, 0, 0, 60), -1);
	ck_assert_int_eq(ukplat_civil_to_epoch(2024, 1, 1, 0, 0, -1), -1);
}
END_TEST

/* Registers in enum ukplat_rtc_reg order. */
static int decode(uint8_t sec, uint8_t min, uint8_t hour, uint8_t mday,
		  uint8_t mon, uint8_t year, uint8_t century, uint8_t b,
		  int64_t *t)
{
	const uint8_t r[UKPLAT_RTC_NREGS] = {
		sec, min, hour, mday, mon, year, century, b
	};

	*t = -12345;
	return ukplat_rtc_decode(r, t);
}

#define BCD24  UKPLAT_RTC_B_24H
#define BIN24  (UKPLAT_RTC_B_24H | UKPLAT_RTC_B_BINARY)
#define BCD12  0
#define BIN12  UKPLAT_RTC_B_BINARY
#define PM     UKPLAT_RTC_HOUR_PM

START_TEST(decode_bcd_and_binary)
{
	int64_t t;

	/* QEMU's default: BCD, 24-hour, century register 0x32 = 0x20 */
	ck_assert_int_eq(decode(0x08, 0x14, 0x03, 0x19, 0x01, 0x38, 0x20,
				BCD24, &t), 0);
	ck_assert_int_eq(t, 2147483648LL);
	ck_assert_int_eq(decode(8, 14, 3, 19, 1, 38, 20, BIN24, &t), 0);
	ck_assert_int_eq(t, 2147483648LL);
	ck_assert_int_eq(decode(0x00, 0x00, 0x00, 0x29, 0x02, 0x00, 0x20,
				BCD24, &t), 0);
	ck_assert_int_eq(t, 951782400);
	ck_assert_int_eq(decode(0x00, 0x00, 0x00, 0x01, 0x03, 0x00, 0x21,
				BCD24, &t), 0);
	ck_assert_int_eq(t, 4107542400LL);
	ck_assert_int_eq(decode(0, 0, 0, 1, 3, 0, 21, BIN24, &t), 0);
	ck_assert_int_eq(t, 4107542400LL);
	ck_assert_int_eq(decode(0x00, 0x00, 0x00, 0x01, 0x01, 0x70, 0x19,
				BCD24, &t), 0);
	ck_assert_int_eq(t, 0);
	/* status B's other bits (update cycle, interrupts, DST) ignored */
	ck_assert_int_eq(decode(0x45, 0x30, 0x12, 0x04, 0x07, 0x24, 0x20,
				BCD24 | 0xf1, &t), 0);
	ck_assert_int_eq(t, 1720096245);
}
END_TEST

START_TEST(decode_no_century_register)
{
	int64_t t;

	ck_assert_int_eq(decode(0x00, 0x00, 0x00, 0x01, 0x01, 0x24, 0,
				BCD24, &t), 0);
	ck_assert_int_eq(t, 1704067200);
	ck_assert_int_eq(decode(0, 0, 0, 1, 1, 24, 0, BIN24, &t), 0);
	ck_assert_int_eq(t, 1704067200);
}
END_TEST

START_TEST(decode_12_hour)
{
	int64_t t;

	/* 12 AM is midnight, 12 PM is noon */
	ck_assert_int_eq(decode(0x00, 0x00, 0x12, 0x01, 0x01, 0x24, 0x20,
				BCD12, &t), 0);
	ck_assert_int_eq(t, 1704067200);
	ck_assert_int_eq(decode(0x00, 0x00, 0x12 | PM, 0x01, 0x01, 0x24, 0x20,
				BCD12, &t), 0);
	ck_assert_int_eq(t, 1704110400);
	ck_assert_int_eq(decode(0x00, 0x30, 0x12, 0x01, 0x01, 0x24, 0x20,
				BCD12, &t), 0);
	ck_assert_int_eq(t, 1704069000);
	ck_assert_int_eq(decode(0x00, 0x30, 0x12 | PM, 0x01, 0x01, 0x24, 0x20,
				BCD12, &t), 0);
	ck_assert_int_eq(t, 1704112200);
	ck_assert_int_eq(decode(0x09, 0x05, 0x01 | PM, 0x01, 0x01, 0x24, 0x20,
				BCD12, &t), 0);
	ck_assert_int_eq(t, 1704114309);
	ck_assert_int_eq(decode(0x02, 0x14, 0x03, 0x19, 0x01, 0x38, 0x20,
				BCD12, &t), 0);
	ck_assert_int_eq(t, 2147483648LL - 6);
	/* binary 12-hour: 11:59:58 PM */
	ck_assert_int_eq(decode(58, 59, 11 | PM, 5, 11, 23, 20, BIN12, &t), 0);
	ck_assert_int_eq(t, 1699228798);
	ck_assert_int_eq(decode(0, 0, 12, 1, 1, 24, 20, BIN12, &t), 0);
	ck_assert_int_eq(t, 1704067200);
	ck_assert_int_eq(decode(0, 0, 12 | PM, 1, 1, 24, 20, BIN12, &t), 0);
	ck_assert_int_eq(t, 1704110400);
}
END_TEST

START_TEST(decode_invalid)
{
	int64_t t;

	/* bad BCD digits */
	ck_assert_int_eq(decode(0x5a, 0, 0, 1, 1, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0, 0x1f, 1, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0, 1, 1, 0x24, 0xa0, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(t, -12345);
	/* out of range once decoded */
	ck_assert_int_eq(decode(0x60, 0, 0, 1, 1, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0x60, 0, 1, 1, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0x24, 1, 1, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0, 0, 1, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0, 0x31, 0x04, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0, 0x29, 0x02, 0x23, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0, 1, 0x13, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0, 1, 0, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0, 1, 1, 100, 20, BIN24, &t), -EINVAL);
	ck_assert_int_eq(decode(0, 0, 24, 1, 1, 24, 20, BIN24, &t), -EINVAL);
	/* before 1970 */
	ck_assert_int_eq(decode(0, 0, 0, 1, 1, 0x69, 0x19, BCD24, &t),
			 -EINVAL);
	/* 12-hour mode: hours 1-12 only; the PM bit is invalid in 24-hour */
	ck_assert_int_eq(decode(0, 0, 0x00, 1, 1, 0x24, 0x20, BCD12, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0x13, 1, 1, 0x24, 0x20, BCD12, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0x00 | PM, 1, 1, 0x24, 0x20, BCD12, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 13 | PM, 1, 1, 24, 20, BIN12, &t),
			 -EINVAL);
	ck_assert_int_eq(decode(0, 0, 0x01 | PM, 1, 1, 0x24, 0x20, BCD24, &t),
			 -EINVAL);
	ck_assert_int_eq(t, -12345);
}
END_TEST

static Suite *rtc_suite(void)
{
	Suite *s = suite_create("rtc");
	TCase *c = tcase_create("civil");
	TCase *d = tcase_create("decode");

	tcase_add_test(c, known_dates);
	tcase_add_test(c, every_day_matches_timegm);
	tcase_add_test(c, invalid_fields);
	suite_add_tcase(s, c);
	tcase_add_test(d, decode_bcd_and_binary);
	tcase_add_test(d, decode_no_century_register);
	tcase_add_test(d, decode_12_hour);
	tcase_add_test(d, decode_invalid);
	suite_add_tcase(s, d);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(rtc_suite());

	return unit_run(sr, false);
}
