/*
 * examples/hello/hello.c - the smallest libuk application: greets and
 * prints its arguments (from the kernel command line after "--").
 *
 *   gcc $(pkg-config --cflags libuk) -c hello.c
 *   gcc -nostdlib -T uk-kvm.ld hello.o -luk -o hello
 *   ukrun hello -c "-- hello world"
 */
#include <uk/console.h>

int main(int argc, char *argv[])
{
	uk_printf("Hello from libuk!\n");
	for (int i = 0; i < argc; i++)
		uk_printf("argv[%d] = \"%s\"\n", i, argv[i]);
	return 0;
}
