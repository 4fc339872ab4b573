/*
 * tests/guest/hang.c - never exits, so that runner.sh can check that a hung
 * guest becomes a failed run with its console shown.
 */
#include <uk/console.h>

int main(void)
{
	uk_printf("hang: spinning forever\n");
	for (;;)
		#if defined(__x86_64__)
		__asm__ __volatile__("pause");
#else
		__asm__ __volatile__("yield");
#endif
}
