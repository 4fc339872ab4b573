/*
 * plat/kvm/x86_64/guard.c - unmapped guard pages below the kernel's stacks
 * (boot stack, interrupt stacks), so that an overflow faults instead of
 * silently overwriting whatever lies below, and the fault report can say
 * which stack overflowed.
 *
 * Kernel guards live in the image's .bss, inside the first 2 MiB that the
 * boot page tables map with 4 KiB pages (ukplat_x86_pt0). Elsewhere the
 * containing 2 MiB mapping is first split into 4 KiB pages, with a page
 * table taken from the page allocator.
 */
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "cpu.h"

#define MAX_GUARDS 16

extern uint64_t ukplat_x86_pt0[512];
/* pd0-pd3 are consecutive: one array of 2048 entries for 0-4 GiB. */
extern uint64_t ukplat_x86_pd0[2048];

#define PTE_ADDR_MASK 0x000ffffffffff000ULL

static struct {
	uintptr_t page;
	const char *what;
} guards[MAX_GUARDS];
static unsigned int nr_guards;

/* The 4 KiB page table entry mapping 'page', splitting a 2 MiB page. */
static uint64_t *pte_of(uintptr_t page)
{
	uint64_t *pde = &ukplat_x86_pd0[page >> 21];
	uint64_t *pt;

	if (*pde & X86_PTE_PS) {
		uint64_t base = *pde & ~(uint64_t)((2UL << 20) - 1);
		uint64_t flags = *pde & (X86_PTE_P | X86_PTE_RW | X86_PTE_PWT | X86_PTE_PCD);

		pt = uk_pages_alloc(0);
		if (!pt)
			return NULL;
		for (uint64_t i = 0; i < 512; i++)
			pt[i] = (base + (i << 12)) | flags;
		*pde = (uint64_t)(uintptr_t)pt | X86_PTE_P | X86_PTE_RW;
		write_cr3(read_cr3()); /* drop the old 2 MiB translation */
	}
	pt = (uint64_t *)(uintptr_t)(*pde & PTE_ADDR_MASK);
	return &pt[(page >> 12) & 511];
}

int ukplat_guard_page(uintptr_t page, const char *what)
{
	uint64_t *pte;

	if ((page & 0xfff) || page >= (4ULL << 30) || nr_guards == MAX_GUARDS)
		return -EINVAL;
	pte = pte_of(page);
	if (!pte)
		return -ENOMEM;
	*pte = 0;
	__asm__ __volatile__("invlpg (%0)" : : "r"(page) : "memory");
	guards[nr_guards].page = page;
	guards[nr_guards].what = what;
	nr_guards++;
	return 0;
}

void ukplat_x86_guard_add(uintptr_t page, const char *what)
{
	if (ukplat_guard_page(page, what) < 0)
		uk_pr_warn("no guard page for the %s at %lx", what, page);
}

const char *ukplat_x86_guard_lookup(uint64_t addr)
{
	for (unsigned int i = 0; i < nr_guards; i++) {
		if (addr - guards[i].page < 0x1000)
			return guards[i].what;
	}
	return NULL;
}
