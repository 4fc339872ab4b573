/*
 * tests/guest/str.h - tiny string helpers for guest tests,
 * which run before musl is wired in and so have no C library to call.
 */
#ifndef GUEST_TEST_STR_H
#define GUEST_TEST_STR_H

#include <stdint.h>

static inline int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Decimal (optionally negative) to int64; stops at the first non-digit. */
static inline int64_t str_to_i64(const char *s)
{
	int64_t v = 0;
	int neg = *s == '-';

	for (s += neg; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

#endif /* GUEST_TEST_STR_H */
