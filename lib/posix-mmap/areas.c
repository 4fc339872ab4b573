/*
 * lib/posix-mmap/areas.c - pages in and out of mappings: the only place
 * that allocates, frees or clears the memory behind mmap, and the only
 * caller of the page allocator apart from the table's own storage.
 *
 * A mapping is its physical pages, identity mapped (the page tables give
 * them their protection, protect.c), so it is exactly as many pages as
 * asked for, zeroed when handed out, and MAP_FIXED can only place a
 * mapping where the pages are ours or free.
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
	uintptr_t p;
	long rc;

	if (uk_mmap_table_reserve(2) < 0) {
		report_oom(len);
		return -ENOMEM;
	}
	p = (uintptr_t)uk_pages_alloc_n(len >> UK_PAGE_SHIFT);
	if (!p) {
		report_oom(len);
		return -ENOMEM;
	}
	uk_memset((void *)p, 0, len);
	rc = uk_mmap_protect_new(p, p + len, prot);
	if (rc < 0) {
		free_pages(p, p + len); /* still read-write */
		return rc;
	}
	uk_mmap_table_set(p, p + len, prot);
	return (long)p;
}

long uk_mmap_map_fixed(uintptr_t s, uintptr_t e, int prot)
{
	uintptr_t pos = s, gs, ge, failed;
	long rc;

	if (uk_mmap_table_reserve(2) < 0)
		return -ENOMEM;
	/* Our pages in the range are reused: open them for zeroing. */
	if (uk_mmap_open(s, e) < 0)
		return -ENOMEM;
	/* Take every page the table does not cover; all or nothing. */
	while (uk_mmap_table_next_gap(&pos, e, &gs, &ge)) {
		if (uk_pages_alloc_at((void *)gs, npages(gs, ge)) < 0) {
			failed = gs;
			pos = s;
			while (uk_mmap_table_next_gap(&pos, failed, &gs, &ge))
				free_pages(gs, ge);
			uk_mmap_close(s, e);
			return -EBUSY;
		}
	}
	uk_memset((void *)s, 0, e - s);
	uk_mmap_table_set(s, e, prot);
	rc = uk_mmap_protect_new(s, e, prot);
	if (rc < 0) {
		/* The old contents are gone already: unmap, as Linux may. */
		uk_mmap_table_clear(s, e, free_pages);
		return rc;
	}
	return 0;
}

long uk_mmap_extend(uintptr_t s, uintptr_t e)
{
	const struct uk_mmap_area *below = uk_mmap_table_find(s - 1);
	int prot;
	long rc;

	if (!below)
		return -EBUSY;
	prot = below->prot; /* before reserve() may move the table */
	if (uk_mmap_table_reserve(2) < 0)
		return -ENOMEM;
	if (uk_pages_alloc_at((void *)s, npages(s, e)) < 0)
		return -EBUSY;
	uk_memset((void *)s, 0, e - s);
	rc = uk_mmap_protect_new(s, e, prot);
	if (rc < 0) {
		free_pages(s, e);
		return -ENOMEM; /* prot is the area's: W^X allowed it */
	}
	uk_mmap_table_set(s, e, prot);
	return 0;
}

long uk_mmap_unmap(uintptr_t s, uintptr_t e)
{
	if (uk_mmap_table_reserve(1) < 0)
		return -ENOMEM;
	if (uk_mmap_open(s, e) < 0)
		return -ENOMEM;
	uk_mmap_table_clear(s, e, free_pages);
	return 0;
}

long uk_mmap_zero(uintptr_t s, uintptr_t e)
{
	uintptr_t pos = s, ps, pe;

	if (uk_mmap_open(s, e) < 0)
		return -ENOMEM;
	while (uk_mmap_table_next_area(&pos, e, &ps, &pe))
		uk_memset((void *)ps, 0, pe - ps);
	uk_mmap_close(s, e);
	return 0;
}
