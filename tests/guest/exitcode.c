/*
 * tests/guest/exitcode.c - main's return value becomes the VM's exit
 * status: returns the number given as its first argument. With a second
 * argument "partial", its last console line is left unterminated.
 */
#include <uk/console.h>
#include "str.h"

int main(int argc, char *argv[])
{
	int status = argc > 1 ? (int)str_to_i64(argv[1]) : 0;

	uk_printf("exiting with %d", status);
	if (!(argc > 2 && str_eq(argv[2], "partial")))
		uk_printf("\n");
	return status;
}
