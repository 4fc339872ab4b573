/*
 * tests/unit/panic_stub.h - a uk_panic for host unit tests: it records the
 * message and longjmps back to the test that armed it, so that the fatal
 * error paths of the code under test can be asserted. An unexpected panic
 * aborts the test. Include once per test program.
 */
#ifndef UNIT_PANIC_STUB_H
#define UNIT_PANIC_STUB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf panic_env;
static volatile int panic_armed;
static char panic_msg[512];

void uk_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	if (!panic_armed) {
		fprintf(stderr, "unexpected uk_panic: %s\n", panic_msg);
		abort();
	}
	panic_armed = 0;
	longjmp(panic_env, 1);
}

/*
 * Run 'stmt', which must panic with a message containing 'needle'. A test
 * whose code leaves state behind on the way out of a panic (interrupts
 * "disabled") defines PANIC_STUB_AFTER to put it right.
 */
#ifndef PANIC_STUB_AFTER
#define PANIC_STUB_AFTER
#endif
#define ASSERT_PANICS(stmt, needle)                                         \
	do {                                                                \
		panic_msg[0] = '\0';                                        \
		panic_armed = 1;                                            \
		if (setjmp(panic_env) == 0) {                               \
			stmt;                                               \
			panic_armed = 0;                                    \
			ck_abort_msg("no panic from: %s", #stmt);           \
		}                                                           \
		ck_assert_msg(strstr(panic_msg, needle) != NULL,            \
			      "panic \"%s\" lacks \"%s\"", panic_msg,       \
			      needle);                                      \
		PANIC_STUB_AFTER;                                           \
	} while (0)

#endif /* UNIT_PANIC_STUB_H */
