/*
 * lib/ukalloc/pages.c - the global page allocator (uk/pages.h): one buddy
 * allocator that receives the FREE memory of the boot memory map in the
 * memory init step.
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/alloc.h>
#include <uk/bootinfo.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <uk/pages.h>
#include <uk/print.h>
#include "ukalloc.h"

static struct uk_buddy pages;

/*
 * The part of FREE region 'r' the page allocator may take: whole pages
 * above the first MiB that stays with the platform. The platform has
 * mapped every FREE region before the start path runs (uk/boot.h), above
 * 4 GiB too.
 */
static bool usable(const struct uk_memregion *r, uintptr_t *s, uintptr_t *e)
{
	uint64_t lo = UK_MAX(r->base, UK_ALLOC_LOW_LIMIT);
	uint64_t hi = r->base + r->len;

	if (r->type != UK_MEMREGION_FREE)
		return false;
	lo = UK_ALIGN_UP(lo, (uint64_t)UK_PAGE_SIZE);
	hi = UK_ALIGN_DOWN(hi, (uint64_t)UK_PAGE_SIZE);
	if (lo >= hi)
		return false;
	*s = (uintptr_t)lo;
	*e = (uintptr_t)hi;
	return true;
}

static int uk_pages_init(void)
{
	struct uk_bootinfo *bi = uk_bootinfo_get();
	uintptr_t lo = UINTPTR_MAX, hi = 0, s, e;
	size_t size;
	void *bitmap;
	int rc;

	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		if (usable(&bi->regions[i], &s, &e)) {
			lo = UK_MIN(lo, s);
			hi = UK_MAX(hi, e);
		}
	}
	if (lo >= hi) {
		uk_pr_crit("pages: no free memory above 1 MiB");
		return -ENOMEM;
	}

	/* Carving the bitmap only shrinks FREE regions: [lo, hi) stays valid. */
	size = uk_buddy_bitmap_size(lo, hi);
	bitmap = uk_early_alloc(bi, size, sizeof(uint64_t));
	if (!bitmap) {
		uk_pr_crit("pages: no room for a %zu byte bitmap", size);
		return -ENOMEM;
	}
	rc = uk_buddy_init(&pages, lo, hi, bitmap, size);
	if (rc < 0)
		return rc;

	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		if (!usable(&bi->regions[i], &s, &e))
			continue;
		rc = uk_buddy_add_range(&pages, s, e);
		if (rc < 0)
			uk_pr_warn("pages: cannot add %p-%p: error %d",
				   (void *)s, (void *)e, rc);
	}
	uk_early_alloc_seal();

	if (uk_buddy_total_count(&pages) == 0) {
		uk_pr_crit("pages: no memory could be handed over");
		return -ENOMEM;
	}
	size = uk_buddy_free_count(&pages) * (UK_PAGE_SIZE / 1024);
	uk_pr_info("pages: %zu KiB (%zu MiB) free in %u range(s)", size,
		   size / 1024, pages.nr_ranges);
	return 0;
}
UK_INIT(uk_pages_init, UK_INIT_CLASS_MEMORY);

/*
 * uk_malloc keeps some empty pages for reuse: before a request fails,
 * they come back and it is tried again.
 */
static bool reclaim(void)
{
	return uk_malloc_trim() > 0;
}

void *uk_pages_alloc(unsigned int order)
{
	void *p = uk_buddy_alloc(&pages, order);

	if (!p && reclaim())
		p = uk_buddy_alloc(&pages, order);
	return p;
}

void uk_pages_free(void *addr, unsigned int order)
{
	uk_buddy_free(&pages, addr, order);
}

void *uk_pages_alloc_n(size_t npages)
{
	void *p = uk_buddy_alloc_n(&pages, npages);

	if (!p && reclaim())
		p = uk_buddy_alloc_n(&pages, npages);
	return p;
}

int uk_pages_alloc_at(void *addr, size_t npages)
{
	int rc = uk_buddy_alloc_at(&pages, addr, npages);

	if (rc < 0 && reclaim())
		rc = uk_buddy_alloc_at(&pages, addr, npages);
	return rc;
}

void uk_pages_free_n(void *addr, size_t npages)
{
	uk_buddy_free_n(&pages, addr, npages);
}

size_t uk_pages_free_count(void)
{
	return uk_buddy_free_count(&pages);
}

size_t uk_pages_total_count(void)
{
	return uk_buddy_total_count(&pages);
}
