/*
 * tests/guest/hygiene.c - an application may define functions named like
 * common kernel internals; libuk's own symbols never clash with them.
 */
#include <uk/console.h>
#include "tap.h"

int panic(const char *msg) { return msg[0]; }
void *alloc_pages(unsigned int order) { return (void *)(unsigned long)(order + 1); }
int console_write(const char *s, int n) { return s[0] + n; }
int vfs_init(void) { return 7; }
int printk(const char *s) { return s[1]; }
int boot_start(void) { return 11; }
int ukarch_halt(void) { return 13; }

int main(void)
{
	tap_ok(panic("x") == 'x', "the application's panic() is called");
	tap_ok(alloc_pages(2) == (void *)3, "the application's alloc_pages()");
	tap_ok(console_write("a", 1) == 'a' + 1, "the application's console_write()");
	tap_ok(vfs_init() == 7, "the application's vfs_init()");
	tap_ok(printk("ab") == 'b', "the application's printk()");
	tap_ok(boot_start() == 11 && ukarch_halt() == 13,
	       "boot_start() and ukarch_halt()");
	return tap_done();
}
