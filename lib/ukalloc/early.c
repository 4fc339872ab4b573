/*
 * lib/ukalloc/early.c - the early region allocator: carves memory out of the
 * boot memory map before the page allocator exists (its own bitmap, page
 * tables, per-CPU areas).
 *
 * Allocations come from the top of the highest FREE memory below 4 GiB, so
 * successive ones sit next to each other (their ALLOCATED regions merge and
 * use one table slot) and low memory stays free as long as possible.
 */
#include <stdbool.h>
#include <uk/bootinfo.h>
#include <uk/essentials.h>
#include <uk/exit.h>
#include "ukalloc.h"

static bool sealed;

void uk_early_alloc_seal(void)
{
	sealed = true;
}

/* Highest address in 'r' where 'size' bytes aligned to 'align' fit. */
static bool fit_top(const struct uk_memregion *r, uint64_t size,
		    uint64_t align, uint64_t *addr)
{
	uint64_t lo = UK_MAX(r->base, UK_ALLOC_LOW_LIMIT);
	uint64_t hi = UK_MIN(r->base + r->len, UK_ALLOC_HIGH_LIMIT);
	uint64_t a;

	if (hi <= lo || hi - lo < size)
		return false;
	a = UK_ALIGN_DOWN(hi - size, align);
	if (a < lo)
		return false;
	*addr = a;
	return true;
}

void *uk_early_alloc(struct uk_bootinfo *bi, size_t size, size_t align)
{
	uint64_t best = 0, addr;
	bool found = false;

	if (sealed)
		uk_panic("uk_early_alloc(%zu) after the page allocator took "
			 "over memory", size);
	if (align == 0)
		align = 1;
	if (size == 0 || (align & (align - 1)) != 0)
		return NULL;

	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		if (bi->regions[i].type != UK_MEMREGION_FREE)
			continue;
		if (fit_top(&bi->regions[i], size, align, &addr) &&
		    (!found || addr > best)) {
			best = addr;
			found = true;
		}
	}
	if (!found)
		return NULL;
	if (uk_bootinfo_add_region(bi, best, size, UK_MEMREGION_ALLOCATED) < 0)
		return NULL;
	return (void *)(uintptr_t)best;
}
