/*
 * tests/guest/overflow.c - unbounded recursion overflows the stack main
 * runs on; the guard page below it turns that into a fault report that
 * names the stack, and the fault status.
 */
#include <uk/console.h>

static volatile int sink;

__attribute__((noinline, noipa)) static int recurse(int depth)
{
	volatile char frame[1024];

	frame[0] = (char)depth;
	sink = recurse(depth + 1) + frame[0];
	return sink;
}

int main(void)
{
	uk_printf("overflow: recursing\n");
	recurse(0);
	uk_printf("overflow: returned (unexpected)\n");
	return 3;
}
