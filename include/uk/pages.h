/*
 * uk/pages.h - the page allocator: a binary buddy allocator that owns all
 * free RAM once the boot memory map has been handed over.
 *
 * Blocks are 2^order pages of UK_PAGE_SIZE bytes, aligned to their size.
 * Not yet safe for concurrent use: callers run on one CPU without
 * preemption.
 */
#ifndef UK_PAGES_H
#define UK_PAGES_H

#include <stddef.h>
#include <stdint.h>

#define UK_PAGE_SHIFT 12
#define UK_PAGE_SIZE  (1UL << UK_PAGE_SHIFT)
#define UK_PAGES_MAX_ORDER 20 /* largest block: 2^20 pages = 4 GiB */

#ifdef __cplusplus
extern "C" {
#endif

/* Allocate 2^order contiguous pages; NULL when no block is large enough. */
void *uk_pages_alloc(unsigned int order);

/*
 * Return a block obtained from uk_pages_alloc with the same order. Freeing
 * an address that is not an allocated block of that order is a fatal error
 * (uk_panic), never silent corruption.
 */
void uk_pages_free(void *addr, unsigned int order);

/*
 * Page runs: allocations of any number of pages, for callers (mmap) that
 * must not round sizes up to a power of two. The three calls below and the
 * two above work on the same pages: what matters is only whether each page
 * is allocated, so a run may be freed in pieces, and pieces of different
 * allocations that happen to be neighbours may be freed together.
 */

/*
 * Allocate 'npages' contiguous pages, aligned to UK_PAGE_SIZE (no larger
 * alignment is promised). Exactly npages pages leave the free pool. The
 * memory is not cleared. NULL when npages is 0 or no free run is long
 * enough.
 */
void *uk_pages_alloc_n(size_t npages);

/*
 * Allocate exactly the pages [addr, addr + npages * UK_PAGE_SIZE), which
 * MUST all be free. Returns 0; -EINVAL when addr is not page-aligned,
 * npages is 0 or the range is not memory the allocator manages; -EBUSY
 * when any page of the range is allocated. On error nothing changes.
 */
int uk_pages_alloc_at(void *addr, size_t npages);

/*
 * Free the run [addr, addr + npages * UK_PAGE_SIZE), every page of which
 * MUST be allocated (by any of the calls above). A run that is not
 * page-aligned, not managed memory or partly free is a fatal error
 * (uk_panic) detected before anything is freed.
 */
void uk_pages_free_n(void *addr, size_t npages);

/* Pages currently free, and pages managed in all (the empty pages
 * uk_malloc keeps count as allocated: uk/alloc.h, uk_malloc_trim). */
size_t uk_pages_free_count(void);
size_t uk_pages_total_count(void);

/*
 * The early region allocator, for the platform's start-up (page tables)
 * and the page allocator's own bitmap, before the page allocator's init
 * step has taken over the free memory: carve 'size' bytes aligned to
 * 'align' (a power of two; 0 means 1) out of the FREE regions of 'bi',
 * taking the highest suitable address between 1 MiB and 4 GiB (which the
 * boot page tables always map). The range is recorded in 'bi' as
 * UK_MEMREGION_ALLOCATED, so it is never handed out again; the memory is
 * not cleared. Returns NULL when size is 0, align is not a power of two,
 * nothing fits, or the region table is full. Calling it once the page
 * allocator owns the memory (uk_pages_total_count() != 0) is a fatal error.
 */
struct uk_bootinfo;
void *uk_early_alloc(struct uk_bootinfo *bi, size_t size, size_t align);

#ifdef __cplusplus
}
#endif

#endif /* UK_PAGES_H */
