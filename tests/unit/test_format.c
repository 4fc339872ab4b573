/*
 * tests/unit/test_format.c - host tests of ukbase: the formatter
 * (lib/ukbase/format.c) against the host's snprintf, and the memory and
 * string helpers (lib/ukbase/string.c) against plain reference loops.
 * uk_parse_u64 is tested with the parameters it serves, in test_param.c.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <ukbase/format.h>
#include <ukbase/string.h>

/*
 * Format with both implementations into 'size'-byte buffers full of a
 * sentinel and compare everything: the text, the bytes after it that must
 * stay untouched, and the return value. Not declared as printf-like, so
 * the table may use flag combinations gcc would warn about.
 */
static void vcompare(size_t size, const char *fmt, va_list ap)
{
	char want[512], got[512];
	va_list aq;
	int nwant, ngot;

	ck_assert_uint_le(size, sizeof(want));
	memset(want, 0x5a, sizeof(want));
	memset(got, 0x5a, sizeof(got));
	va_copy(aq, ap);
	nwant = vsnprintf(want, size, fmt, ap);
	ngot = uk_vsnprintf(got, size, fmt, aq);
	va_end(aq);
	ck_assert_msg(ngot == nwant, "\"%s\" size %zu: returned %d, want %d",
		      fmt, size, ngot, nwant);
	ck_assert_msg(memcmp(got, want, sizeof(want)) == 0,
		      "\"%s\" size %zu: got \"%.*s\", want \"%.*s\"", fmt, size,
		      (int)strnlen(got, size), got, (int)strnlen(want, size),
		      want);
}

static void cmp(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcompare(512, fmt, ap);
	va_end(ap);
}

/* Every buffer size from 0 to a little past the full output. */
static void cmp_sizes(const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	for (size_t size = 0; size <= (size_t)len + 2; size++) {
		va_start(ap, fmt);
		vcompare(size, fmt, ap);
		va_end(ap);
	}
}

START_TEST(format_signed)
{
	cmp("%d", 0);
	cmp("%d", 42);
	cmp("%d", -42);
	cmp("%i", -7);
	cmp("%d", INT_MAX);
	cmp("%d", INT_MIN);
	cmp("[%5d]", 42);
	cmp("[%-5d]", 42);
	cmp("[%05d]", 42);
	cmp("[%05d]", -42);
	cmp("[%-05d]", -42);
	cmp("[%+d]", 5);
	cmp("[%+d]", -5);
	cmp("[% d]", 5);
	cmp("[% d]", -5);
	cmp("[%+ d]", 5);
	cmp("[% 05d]", 7);
	cmp("[%+05d]", -3);
	cmp("[%40d]", -123456);
	cmp("[%-40d]", 123456);
	cmp("[%040d]", -1);
}
END_TEST

START_TEST(format_precision)
{
	cmp("[%.3d]", 7);
	cmp("[%.3d]", -7);
	cmp("[%.3d]", 12345);
	cmp("[%8.3d]", -7);
	cmp("[%-8.3d]", -7);
	cmp("[%08.3d]", 7);
	cmp("[%+.3d]", 7);
	cmp("[%.20d]", INT_MIN);
	/* A zero with precision 0 produces no digits. */
	cmp("[%.0d]", 0);
	cmp("[%5.0d]", 0);
	cmp("[%+.0d]", 0);
	cmp("[% .0d]", 0);
	cmp("[%.0u]", 0u);
	cmp("[%.0x]", 0u);
	cmp("[%#.0x]", 0u);
	cmp("[%.0o]", 0u);
	cmp("[%#.0o]", 0u);
	cmp("[%.d]", 0);
	cmp("[%.0d]", 1);
}
END_TEST

START_TEST(format_unsigned)
{
	cmp("%u", 0u);
	cmp("%u", UINT_MAX);
	cmp("%x", 255u);
	cmp("%X", 0xabcdefu);
	cmp("%o", 8u);
	cmp("%x", 0u);
	cmp("%o", 0u);
	/* '+' and ' ' apply to signed conversions only. */
	cmp("[%+u]", 5u);
	cmp("[% u]", 5u);
	cmp("[%+x]", 5u);
	cmp("[% o]", 5u);
	cmp("[%+5u]", 5u);
	/* '#' */
	cmp("%#x", 255u);
	cmp("%#X", 255u);
	cmp("%#x", 0u);
	cmp("%#o", 8u);
	cmp("%#o", 0u);
	cmp("[%#08x]", 255u);
	cmp("[%#8x]", 255u);
	cmp("[%-#8x]", 255u);
	cmp("[%#.4x]", 255u);
	cmp("[%#10.4X]", 255u);
	cmp("[%#.5o]", 8u);
	cmp("[%#.2o]", 8u);
	cmp("[%#.3o]", 8u);
	cmp("[%#08o]", 8u);
	cmp("[%#o]", 01234u);
}
END_TEST

START_TEST(format_length)
{
	cmp("%hd", 70000);
	cmp("%hd", -70000);
	cmp("%hu", 70000u);
	cmp("%hx", 0x12345u);
	cmp("%hhd", 200);
	cmp("%hhd", -129);
	cmp("%hhu", 300u);
	cmp("%hhx", 0x1ffu);
	cmp("%ld", LONG_MIN);
	cmp("%ld", LONG_MAX);
	cmp("%lu", ULONG_MAX);
	cmp("%lx", ULONG_MAX);
	cmp("%lld", LLONG_MIN);
	cmp("%lld", (long long)INT64_MIN);
	cmp("[%30lld]", LLONG_MIN);
	cmp("%llu", ULLONG_MAX);
	cmp("%llx", ULLONG_MAX);
	cmp("%llo", ULLONG_MAX);
	cmp("%#llo", ULLONG_MAX);
	cmp("%#llX", ULLONG_MAX);
	cmp("%zu", SIZE_MAX);
	cmp("%zd", (ssize_t)-1);
	cmp("%zx", (size_t)0xdeadbeef);
	cmp("%jd", INTMAX_MIN);
	cmp("%ju", UINTMAX_MAX);
	cmp("%td", (ptrdiff_t)-5);
	cmp("%d %ld %lld %hhd", -1, -2L, -3LL, -4);
}
END_TEST

START_TEST(format_star)
{
	cmp("[%*d]", 6, 42);
	cmp("[%*d]", -6, 42);
	cmp("[%-*d]", 6, 42);
	cmp("[%.*d]", 5, 42);
	cmp("[%.*d]", -1, 42);
	cmp("[%.*d]", 0, 0);
	cmp("[%*.*d]", 8, 5, -42);
	cmp("[%.*s]", 3, "abcdef");
	cmp("[%*s]", 5, "ab");
	cmp("[%0*x]", 8, 0xbeefu);
}
END_TEST

START_TEST(format_text)
{
	cmp("");
	cmp("plain text");
	cmp("%s", "hello");
	cmp("[%10s]", "hello");
	cmp("[%-10s]", "hello");
	cmp("[%.2s]", "hello");
	cmp("[%10.2s]", "hello");
	cmp("[%s]", "");
	cmp("[%.0s]", "abc");
	cmp("[%.10s]", "abc");
	cmp("[%-40s]", "pad beyond one chunk");
	cmp("%c", 'A');
	cmp("[%3c]", 'x');
	cmp("[%-3c]", 'x');
	cmp("%%");
	cmp("100%%");
	cmp("a%%b%dc%%", 5);
	cmp("%s=%d (%#x) %c%s", "key", -1, 16u, '!', "");
}
END_TEST

START_TEST(format_pointer)
{
	int x;
	char buf[64];

	cmp("%p", (void *)0x1234);
	cmp("%p", (void *)&x);
	cmp("%p", (void *)UINTPTR_MAX);
	cmp("[%20p]", (void *)0xabc);
	cmp("[%-20p]", (void *)0xabc);
	/* glibc prints "(nil)"; libuk keeps the 0x form for every pointer. */
	ck_assert_int_eq(uk_snprintf(buf, sizeof(buf), "%p", (void *)0), 3);
	ck_assert_str_eq(buf, "0x0");
}
END_TEST

START_TEST(format_truncation)
{
	char buf[8];

	cmp_sizes("hello");
	cmp_sizes("%d", -123456);
	cmp_sizes("[%10s]", "abc");
	cmp_sizes("%s%s%s", "ab", "", "cdef");
	cmp_sizes("%#llx|%-6d|", 0x123456789abcULL, 42);
	cmp_sizes("%c%c%c", 'a', 'b', 'c');
	cmp_sizes("");
	/* Size 0: nothing written, not even a NUL; NULL is allowed. */
	ck_assert_int_eq(uk_snprintf(NULL, 0, "%d", 12345), 5);
	ck_assert_int_eq(uk_snprintf(NULL, 0, "%300d", 1), 300);
	memset(buf, 'Z', sizeof(buf));
	ck_assert_int_eq(uk_snprintf(buf, 0, "abc"), 3);
	ck_assert_int_eq(buf[0], 'Z');
	/* Size 1: just the terminator. */
	ck_assert_int_eq(uk_snprintf(buf, 1, "abc"), 3);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_int_eq(buf[1], 'Z');
}
END_TEST

static void sink_count(void *arg, const char *s, size_t n)
{
	*(size_t *)arg += n;
	(void)s;
}

static int vformat_count(size_t *total, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vformat(sink_count, total, fmt, ap);
	va_end(ap);
	return n;
}

/* uk_snprintf without the printf attribute, for formats gcc rejects. */
static int unchecked_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(format_libuk_specific)
{
	char buf[32];
	size_t total = 0;

	/* An unknown conversion is shown as written; a lone '%' dropped. */
	ck_assert_int_eq(unchecked_snprintf(buf, sizeof(buf), "a%yb", 1), 4);
	ck_assert_str_eq(buf, "a%yb");
	ck_assert_int_eq(unchecked_snprintf(buf, sizeof(buf), "abc%"), 3);
	ck_assert_str_eq(buf, "abc");
	/* uk_vformat's count matches what reached the sink. */
	ck_assert_int_eq(vformat_count(&total, "%s-%5d", "ab", 3), 8);
	ck_assert_uint_eq(total, 8);
}
END_TEST

START_TEST(strlcpy)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	ck_assert_uint_eq(uk_strlcpy(buf, "abcdef", 0), 6);
	ck_assert_int_eq(buf[0], 'Z');
	ck_assert_uint_eq(uk_strlcpy(buf, "abcdef", 1), 6);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(buf[1], 'Z');
	ck_assert_uint_eq(uk_strlcpy(buf, "abcdef", 4), 6);
	ck_assert_str_eq(buf, "abc");
	ck_assert_uint_eq(uk_strlcpy(buf, "abcdef", 7), 6);
	ck_assert_str_eq(buf, "abcdef");
	ck_assert_uint_eq(uk_strlcpy(buf, "abcdef", 8), 6);
	ck_assert_str_eq(buf, "abcdef");
	ck_assert_uint_eq(uk_strlcpy(buf, "", 8), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(string_compare)
{
	const char *s = "abc";

	ck_assert_uint_eq(uk_strlen(""), 0);
	ck_assert_uint_eq(uk_strlen("abc"), 3);
	ck_assert_uint_eq(uk_strnlen("abc", 2), 2);
	ck_assert_uint_eq(uk_strnlen("abc", 10), 3);
	ck_assert_int_eq(uk_strcmp("abc", "abc"), 0);
	ck_assert_int_lt(uk_strcmp("abc", "abd"), 0);
	ck_assert_int_gt(uk_strcmp("abc", "ab"), 0);
	ck_assert_int_lt(uk_strcmp("", "a"), 0);
	/* Bytes compare as unsigned char, as in the C library. */
	ck_assert_int_gt(uk_strcmp("\x80", "\x7f"), 0);
	ck_assert_int_gt(uk_memcmp("\x80", "\x7f", 1), 0);
	ck_assert_int_eq(uk_memcmp("abX", "abY", 2), 0);
	ck_assert_int_lt(uk_memcmp("abX", "abY", 3), 0);
	ck_assert_int_eq(uk_strncmp("abcX", "abcY", 3), 0);
	ck_assert_int_lt(uk_strncmp("abcX", "abcY", 4), 0);
	ck_assert_int_eq(uk_strncmp("ab", "ab", 10), 0);
	ck_assert_int_gt(uk_strncmp("\x80", "\x7f", 1), 0);
	ck_assert_ptr_eq(uk_strchr(s, 'b'), s + 1);
	ck_assert_ptr_eq(uk_strchr(s, '\0'), s + 3);
	ck_assert_ptr_null(uk_strchr(s, 'z'));
}
END_TEST

/* 64-byte aligned storage so that offsets give every alignment. */
#define AREA 400
static unsigned char area[AREA] __attribute__((aligned(64)));
static unsigned char ref[AREA];
static unsigned char src_area[AREA] __attribute__((aligned(64)));

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7 + (i >> 3));
}

START_TEST(memcpy_memset)
{
	static const int values[] = { 0, 0xab, 0x1cd, -1 };

	fill(src_area, AREA, 3);
	for (size_t doff = 0; doff < 16; doff++) {
		for (size_t soff = 0; soff < 16; soff++) {
			for (size_t n = 0; n < 200; n++) {
				fill(area, AREA, 99);
				memcpy(ref, area, AREA);
				memcpy(ref + doff, src_area + soff, n);
				ck_assert_ptr_eq(uk_memcpy(area + doff,
							   src_area + soff, n),
						 area + doff);
				ck_assert_msg(memcmp(area, ref, AREA) == 0,
					      "memcpy dst+%zu src+%zu len %zu",
					      doff, soff, n);
			}
		}
	}
	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
		for (size_t off = 0; off < 16; off++) {
			for (size_t n = 0; n < 80; n++) {
				fill(area, AREA, 5);
				memcpy(ref, area, AREA);
				memset(ref + off, values[v], n);
				ck_assert_ptr_eq(uk_memset(area + off,
							   values[v], n),
						 area + off);
				ck_assert_msg(memcmp(area, ref, AREA) == 0,
					      "memset %#x dst+%zu len %zu",
					      values[v], off, n);
			}
		}
	}
}
END_TEST

START_TEST(memmove_overlap)
{
	/* Shifts in both directions, around word size and beyond, past
	 * uk_memcpy's 64-byte turns (which must not be used for overlaps). */
	for (int shift = -72; shift <= 72; shift++) {
		for (size_t base = 80; base < 96; base++) {
			for (size_t n = 0; n < 200; n++) {
				unsigned char tmp[AREA];
				size_t to = (size_t)((ptrdiff_t)base + shift);

				fill(area, AREA, 11);
				memcpy(ref, area, AREA);
				memcpy(tmp, ref + base, n);
				memcpy(ref + to, tmp, n);
				ck_assert_ptr_eq(uk_memmove(area + to,
							    area + base, n),
						 area + to);
				ck_assert_msg(memcmp(area, ref, AREA) == 0,
					      "memmove from %zu to %zu len %zu",
					      base, to, n);
			}
		}
	}
}
END_TEST

static Suite *ukbase_suite(void)
{
	Suite *s = suite_create("ukbase");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, format_signed);
	tcase_add_test(tc, format_precision);
	tcase_add_test(tc, format_unsigned);
	tcase_add_test(tc, format_length);
	tcase_add_test(tc, format_star);
	tcase_add_test(tc, format_text);
	tcase_add_test(tc, format_pointer);
	tcase_add_test(tc, format_truncation);
	tcase_add_test(tc, format_libuk_specific);
	suite_add_tcase(s, tc);

	tc = tcase_create("string");
	tcase_add_test(tc, strlcpy);
	tcase_add_test(tc, string_compare);
	tcase_add_test(tc, memcpy_memset);
	tcase_add_test(tc, memmove_overlap);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ukbase_suite());

	return unit_run(sr, false);
}
