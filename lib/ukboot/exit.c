/*
 * lib/ukboot/exit.c - uk_exit and uk_panic: every way out of the unikernel;
 * the application's end (uk_exit_app) runs the libraries' exit hooks first.
 */
#include <uk/console.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include "ukboot.h"

static struct uk_exit_hook *exit_hooks;
static int exiting;

void uk_exit_hook_add(struct uk_exit_hook *h)
{
	h->next = exit_hooks;
	exit_hooks = h;
}

void uk_exit_app(int status)
{
	/* Hooks may sleep: another thread may come here meanwhile. */
	if (__atomic_exchange_n(&exiting, 1, __ATOMIC_SEQ_CST))
		uk_thread_exit();
	for (struct uk_exit_hook *h = exit_hooks; h; h = h->next)
		h->fn();
	uk_exit(status);
}

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
