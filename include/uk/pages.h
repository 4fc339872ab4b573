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

/* Pages currently free, and pages managed in all. */
size_t uk_pages_free_count(void);
size_t uk_pages_total_count(void);

#ifdef __cplusplus
}
#endif

#endif /* UK_PAGES_H */
