/*
 * bench/hello_uk.c - hello on libuk's own console calls, without musl's
 * stdio: the image bench/boot.sh can boot even under KVM hosts that cannot
 * run guest SSE code, and the floor for libuk's own size.
 */
#include <uk/console.h>

int main(int argc, char *argv[])
{
	uk_printf("Hello from libuk!\n");
	for (int i = 0; i < argc; i++)
		uk_printf("argv[%d] = \"%s\"\n", i, argv[i]);
	return 0;
}
