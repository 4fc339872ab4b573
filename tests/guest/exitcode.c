/*
 * tests/guest/exitcode.c - main's return value becomes the VM's exit
 * status: returns the number given as its first argument.
 */
#include <uk/console.h>
#include "str.h"

int main(int argc, char *argv[])
{
	int status = argc > 1 ? (int)str_to_i64(argv[1]) : 0;

	uk_printf("exiting with %d\n", status);
	return status;
}
