/*
 * tests/guest/tap.h - TAP output for guest test programs (header-only).
 *
 * The plan ("1..N") is printed last, by tap_done(): a guest that crashes
 * or hangs half-way never prints it, so it can never pass as a whole.
 */
#ifndef GUEST_TAP_H
#define GUEST_TAP_H

#include <stdarg.h>
#include <uk/console.h>

static int tap_count, tap_failed;

static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!cond)
		tap_failed++;
	uk_printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	uk_vprintf(fmt, ap);
	va_end(ap);
	uk_printf("\n");
	return cond;
}

/* Print the plan; returns main's exit status (1 when anything failed). */
static inline int tap_done(void)
{
	uk_printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif /* GUEST_TAP_H */
