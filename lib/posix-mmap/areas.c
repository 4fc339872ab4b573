/*
 * lib/posix-mmap/areas.c - pages in and out of mappings: the only place
 * that allocates, frees or clears the memory behind mmap, and the only
 * caller of the page allocator apart from the table's own storage.
 *
 * There is no paging yet: a mapping is its physical pages, identity
 * mapped, so it is exactly as many pages as asked for, zeroed when handed
 * out, and MAP_FIXED can only place a mapping where the pages are ours or
 * free.
 */
#include "posix_mmap.h"
#include <errno.h>
#include <uk/print.h>
#include <ukbase/string.h>

static size_t npages(uintptr_t s, uintptr_t e)
{
	return (e - s) >> UK_PAGE_SHIFT;
}

static void free_pages(uintptr_t s, uintptr_t e)
{
	uk_pages_free_n((void *)s, npages(s, e));
}

/*
 * Running out of memory is the app's to handle (malloc returns NULL), but
 * DESIGN.md wants one clear console line about it: the first time only.
 */
static void report_oom(size_t len)
{
	static bool reported;

	if (reported)
		return;
	reported = true;
	uk_pr_warn("mmap: out of memory: %zu KiB asked, %zu KiB free "
		   "(later failures are not logged)",
		   len >> 10, uk_pages_free_count() * (UK_PAGE_SIZE >> 10));
}

long uk_mmap_map_any(size_t len, int prot)
{
	void *p;

	if (uk_mmap_table_reserve(2) < 0) {
		report_oom(len);
		return -ENOMEM;
	}
	p = uk_pages_alloc_n(len >> UK_PAGE_SHIFT);
	if (!p) {
		report_oom(len);
		return -ENOMEM;
	}
	uk_memset(p, 0, len);
	uk_mmap_table_set((uintptr_t)p, (uintptr_t)p + len, prot);
	return (long)p;
}

long uk_mmap_map_fixed(uintptr_t s, uintptr_t e, int prot)
{
	uintptr_t pos = s, gs, ge, failed;

	if (uk_mmap_table_reserve(2) < 0)
		return -ENOMEM;
	/* Take every page the table does not cover; all or nothing. */
	while (uk_mmap_table_next_gap(&pos, e, &gs, &ge)) {
		if (uk_pages_alloc_at((void *)gs, npages(gs, ge)) < 0) {
			failed = gs;
			pos = s;
			while (uk_mmap_table_next_gap(&pos, failed, &gs, &ge))
				free_pages(gs, ge);
			return -EBUSY;
		}
	}
	uk_memset((void *)s, 0, e - s);
	uk_mmap_table_set(s, e, prot);
	return 0;
}

long uk_mmap_extend(uintptr_t s, uintptr_t e)
{
	const struct uk_mmap_area *below = uk_mmap_table_find(s - 1);
	int prot;

	if (!below)
		return -EBUSY;
	prot = below->prot; /* before reserve() may move the table */
	if (uk_mmap_table_reserve(2) < 0)
		return -ENOMEM;
	if (uk_pages_alloc_at((void *)s, npages(s, e)) < 0)
		return -EBUSY;
	uk_memset((void *)s, 0, e - s);
	uk_mmap_table_set(s, e, prot);
	return 0;
}

long uk_mmap_unmap(uintptr_t s, uintptr_t e)
{
	if (uk_mmap_table_reserve(1) < 0)
		return -ENOMEM;
	uk_mmap_table_clear(s, e, free_pages);
	return 0;
}

void uk_mmap_zero(uintptr_t s, uintptr_t e)
{
	uintptr_t pos = s, ps, pe;

	while (uk_mmap_table_next_area(&pos, e, &ps, &pe))
		uk_memset((void *)ps, 0, pe - ps);
}
