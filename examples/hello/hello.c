/*
 * examples/hello/hello.c - the smallest libuk application: an ordinary C
 * program that greets and prints its arguments (from the kernel command
 * line after "--").
 *
 *   gcc $(pkg-config --cflags libuk) -c hello.c
 *   gcc -nostdlib -T uk-kvm.ld hello.o -luk -o hello
 *   ukrun -c "-- hello world" hello
 *
 * or in one step: uk-gcc hello.c -o hello
 */
#include <stdio.h>

int main(int argc, char *argv[])
{
	printf("Hello from libuk!\n");
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	return 0;
}
