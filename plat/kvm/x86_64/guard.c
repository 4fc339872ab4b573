/*
 * plat/kvm/x86_64/guard.c - unmapped guard pages below the kernel's stacks
 * (boot stack, interrupt stacks) and the application's, so that an
 * overflow faults instead of silently overwriting whatever lies below, and
 * the fault report can say which stack overflowed.
 *
 * A guard is a page unmapped through the walker (paging.c owns the
 * tables); a 2 MiB page around it is split first. Unmapped rather than
 * made PROT_NONE, so that ukplat_mem_protect can never open it again
 * (-ENOENT).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/paging.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "cpu.h"
#include "guards.h"

int ukplat_guard_page(uintptr_t page, const char *what)
{
	struct uk_pagetable *pt = ukplat_x86_pagetable();
	int rc;

	if (!pt || (page & (UK_PAGING_PAGE_SIZE - 1)) ||
	    ukplat_guards_count() == UKPLAT_GUARDS_MAX)
		return -EINVAL;
	/* Unmapping a hole succeeds: a guard must be a mapped page. */
	if (uk_paging_translate(pt, page, NULL, NULL) < 0)
		return -EINVAL;
	rc = uk_paging_unmap(pt, page, UK_PAGING_PAGE_SIZE);
	if (rc < 0)
		return rc;
	return ukplat_guards_record(page, what);
}

void ukplat_x86_guard_add(uintptr_t page, const char *what)
{
	if (ukplat_guard_page(page, what) < 0)
		uk_pr_warn("no guard page for the %s at %lx", what, page);
}

