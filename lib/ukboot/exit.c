/*
 * lib/ukboot/exit.c - uk_exit and uk_panic: every way out of the unikernel.
 */
#include <uk/console.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "ukboot.h"

void uk_exit(int status)
{
	status &= 0xff;
	uk_boot_report_times();
	/*
	 * isa-debug-exit carries 7 bits; name larger statuses on the console
	 * so that the runner can recover them.
	 */
	if (status > 127)
		uk_pr_crit("exit status %d", status);
	ukplat_terminate(status);
}

void uk_panic(const char *fmt, ...)
{
	va_list ap;

	uk_printf("uk: panic: ");
	va_start(ap, fmt);
	uk_vprintf(fmt, ap);
	va_end(ap);
	uk_printf("\n");
	uk_exit(UK_EXIT_PANIC);
}
