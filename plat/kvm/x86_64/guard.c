/*
 * plat/kvm/x86_64/guard.c - unmapped guard pages below the kernel's stacks
 * (boot stack, interrupt stacks), so that an overflow faults instead of
 * silently overwriting whatever lies below, and the fault report can say
 * which stack overflowed.
 *
 * Guards live in the image's .bss, inside the first 2 MiB that the boot page
 * tables map with 4 KiB pages (ukplat_x86_pt0).
 */
#include <stddef.h>
#include <stdint.h>
#include <uk/print.h>
#include "cpu.h"

#define MAX_GUARDS 8

extern uint64_t ukplat_x86_pt0[512];

static struct {
	uintptr_t page;
	const char *what;
} guards[MAX_GUARDS];
static unsigned int nr_guards;

void ukplat_x86_guard_add(uintptr_t page, const char *what)
{
	if ((page & 0xfff) || page >= (2UL << 20) || nr_guards == MAX_GUARDS) {
		uk_pr_warn("no guard page for the %s at %lx", what, page);
		return;
	}
	ukplat_x86_pt0[page >> 12] = 0;
	__asm__ __volatile__("invlpg (%0)" : : "r"(page) : "memory");
	guards[nr_guards].page = page;
	guards[nr_guards].what = what;
	nr_guards++;
}

const char *ukplat_x86_guard_lookup(uint64_t addr)
{
	for (unsigned int i = 0; i < nr_guards; i++) {
		if (addr - guards[i].page < 0x1000)
			return guards[i].what;
	}
	return NULL;
}
