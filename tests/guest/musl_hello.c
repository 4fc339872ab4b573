/*
 * tests/guest/musl_hello.c - an ordinary C program on musl's stdio: built
 * with uk-gcc by install.sh, and by bench/boot for the musl image figures.
 */
#include <stdio.h>

int main(int argc, char *argv[])
{
	printf("hello from musl: %d args, pi=%.5f\n", argc, 3.14159265);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return 0;
}
