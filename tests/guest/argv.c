/*
 * tests/guest/argv.c - the application's argv comes from the kernel
 * command line after "--", with quoting applied. boot.sh boots it as
 *   uk.loglevel=info -- one "two three" 'fo"ur'
 * under every boot protocol and machine type.
 */
#include <uk/console.h>
#include <uk/bootinfo.h>
#include "str.h"
#include "tap.h"

int main(int argc, char *argv[])
{
	static const char *const want[] = { "app", "one", "two three", "fo\"ur" };

	uk_printf("Hello from libuk (%s)\n", uk_bootinfo_get()->protocol);
	tap_ok(argc == 4, "argc is 4 (got %d)", argc);
	for (int i = 0; i < 4 && i < argc; i++)
		tap_ok(str_eq(argv[i], want[i]), "argv[%d] is \"%s\" (got \"%s\")",
		       i, want[i], argv[i]);
	tap_ok(argv[argc] == NULL, "argv[argc] is NULL");
	return tap_done();
}
