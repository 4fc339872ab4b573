/*
 * tests/guest/fault.c - deliberate CPU exceptions, to check the fault
 * report and the fault exit status. argv[1] selects the fault: "null"
 * (write through a NULL pointer), "div" (integer division by zero: traps on
 * x86_64 only) or "trap" (__builtin_trap). The
 * faulting code sits a few calls deep, and this file is built with frame
 * pointers, so the backtrace has frames to show.
 */
#include <stdint.h>
#include <uk/console.h>
#include "str.h"

/* Values the compiler cannot see through: derived from argc at run time. */
static volatile intptr_t opaque_zero;
static volatile int sink;

__attribute__((noinline, noipa)) static int divide(int a)
{
	return a / (int)opaque_zero;
}

__attribute__((noinline, noipa)) static int write_null(int v)
{
	volatile int *p = (volatile int *)opaque_zero;

	*p = v;
	return v;
}

__attribute__((noinline, noipa)) static int level2(const char *what, int v)
{
	if (str_eq(what, "null"))
		return write_null(v) + 1;
	if (str_eq(what, "div"))
		return divide(v) + 1;
	if (str_eq(what, "trap"))
		__builtin_trap(); /* ud2 on x86_64, brk on arm64 */
	return -1;
}

__attribute__((noinline, noipa)) static int level1(const char *what, int v)
{
	return level2(what, v) + 1;
}

int main(int argc, char *argv[])
{
	opaque_zero = argc - 2;
	uk_printf("fault test: %s\n", argc > 1 ? argv[1] : "(none)");
	sink = level1(argc > 1 ? argv[1] : "", argc);
	uk_printf("fault test: survived (unexpected)\n");
	return 3;
}
