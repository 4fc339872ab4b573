/*
 * plat/common/fault_context.c - the thread and stack-overflow lines of a
 * fault report (fault_context.h), and the scheduler's describer.
 */
#include <stddef.h>
#include <uk/console.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "fault_context.h"
#include "guards.h"

/*
 * How far below the stack pointer a faulting access still counts as
 * running off the stack: a function's frame (locals, arrays) can reach
 * well below the last push.
 */
#define OVERFLOW_REACH (64 * 1024)

static void (*describer)(char *buf, size_t len);

void ukplat_fault_set_describer(void (*describe)(char *buf, size_t len))
{
	describer = describe;
}

void ukplat_fault_print_context(bool addr_valid, uint64_t addr, uint64_t sp)
{
	char who[64];
	const char *guard;

	if (describer) {
		who[0] = '\0';
		describer(who, sizeof(who));
		uk_printf("uk: in thread %s\n", who);
	}
	if (!addr_valid)
		return;
	guard = ukplat_guards_lookup(addr);
	if (guard)
		uk_printf("uk: the address is in the guard page below the %s: "
			  "stack overflow\n", guard);
	else if (addr < sp && sp - addr <= OVERFLOW_REACH)
		uk_printf("uk: the address is %lu bytes below the stack pointer, "
			  "in inaccessible memory: stack overflow\n",
			  (unsigned long)(sp - addr));
}
