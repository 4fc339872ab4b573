/*
 * tests/guest/musl_tap.h - TAP output for guest tests that run on musl
 * (header-only; include once per program). The plan line is printed last,
 * by tap_done(), so a guest that dies half-way can never pass.
 */
#ifndef GUEST_MUSL_TAP_H
#define GUEST_MUSL_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static int count, failed;

static int check(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), unused));
static int check(int cond, const char *fmt, ...)
{
	va_list ap;

	count++;
	if (!cond)
		failed++;
	printf("%sok %d - ", cond ? "" : "not ", count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

/* A call that must fail with 'err': returns -1 and sets errno. */
#define FAILS(call, err) (errno = 0, (call) == -1 && errno == (err))

/* Print the plan; returns main's status (1 when anything failed). */
static int __attribute__((unused)) tap_done(void)
{
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}

#endif /* GUEST_MUSL_TAP_H */
