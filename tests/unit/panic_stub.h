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

#endif /* UNIT_PANIC_STUB_H */
