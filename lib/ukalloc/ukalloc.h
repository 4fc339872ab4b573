/*
 * lib/ukalloc/ukalloc.h - ukalloc's internal interfaces, grouped by the file
 * that implements them. The public face of the library is uk/pages.h.
 */
#ifndef UKALLOC_H
#define UKALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <uk/bootinfo.h>
#include <uk/pages.h>

/*
 * Memory is identity-mapped. The boot page tables map only the first 4 GiB,
 * so early allocations stay below UK_ALLOC_HIGH_LIMIT; by the time the page
 * allocator's init step runs, the platform has mapped every FREE region
 * (uk/boot.h), and it takes them all. The first MiB stays with the
 * platform (real-mode SMP trampolines need memory there), so no allocator
 * of this library takes it.
 */
#define UK_ALLOC_LOW_LIMIT  0x100000ULL
#define UK_ALLOC_HIGH_LIMIT 0x100000000ULL

/* early.c (uk_early_alloc is public: uk/pages.h) */

/*
 * Called once the page allocator owns the remaining FREE memory: from then
 * on uk_early_alloc panics instead of handing out pages twice.
 */
void uk_early_alloc_seal(void);

/* buddy.c */

struct uk_buddy_block; /* free-list node, kept inside each free block */

struct uk_buddy_range {
	uintptr_t start, end;
};

/* Disjoint, non-adjacent ranges of managed memory a buddy keeps track of. */
#define UK_BUDDY_MAX_RANGES 64

/*
 * A binary buddy allocator over [base, end). Blocks of 2^order pages are
 * aligned to their size in absolute address terms. The bitmap holds one bit
 * per page of [base, end): set while the page is allocated or was never
 * added, so such pages never merge into free blocks. The ranges table lets
 * uk_buddy_free reject pages that were never added.
 *
 * An instance is not safe for concurrent use.
 */
struct uk_buddy {
	uintptr_t base, end;
	uint64_t *bitmap;
	struct uk_buddy_block *free[UK_PAGES_MAX_ORDER + 1];
	size_t nr_free, nr_total; /* in pages */
	unsigned int nr_ranges;
	struct uk_buddy_range ranges[UK_BUDDY_MAX_RANGES]; /* sorted */
};

/* Bytes of bitmap (a multiple of 8) needed for [base, end). */
size_t uk_buddy_bitmap_size(uintptr_t base, uintptr_t end);

/*
 * Set up 'b' over [base, end), both page-aligned with base < end, with no
 * free memory yet. 'bitmap' MUST be 8-byte aligned, hold at least
 * uk_buddy_bitmap_size(base, end) bytes and stay reserved for the life of
 * 'b'. Returns 0 or -EINVAL.
 */
int uk_buddy_init(struct uk_buddy *b, uintptr_t base, uintptr_t end,
		  void *bitmap, size_t bitmap_size);

/*
 * Hand [start, end) over as free memory; the range is shrunk inward to page
 * boundaries (a range with no whole page adds nothing and returns 0). It is
 * split into maximal aligned blocks which merge with free neighbours.
 * Returns 0, -EINVAL when the range leaves [base, end), -EEXIST when it
 * overlaps memory already added, -ENOSPC when the range table is full.
 */
int uk_buddy_add_range(struct uk_buddy *b, uintptr_t start, uintptr_t end);

/* 2^order pages aligned to their size, or NULL when no block is free. */
void *uk_buddy_alloc(struct uk_buddy *b, unsigned int order);

/*
 * Return a block from uk_buddy_alloc. An address that is not page-aligned
 * to the block size, lies outside the added ranges, or covers any free page
 * panics. (One bit per page cannot tell block boundaries apart, and need
 * not: any fully allocated, aligned block may be freed, whatever order it
 * was allocated with. The page-run calls below build on that.)
 */
void uk_buddy_free(struct uk_buddy *b, void *addr, unsigned int order);

/*
 * Page runs (see uk/pages.h for the contracts the global allocator offers
 * on top of these).
 *
 * uk_buddy_alloc_n: 'npages' contiguous pages, page-aligned. The smallest
 * block that holds them is split off and its unused tail freed at once;
 * when no such block exists, the lowest run of npages free pages is taken.
 * NULL when npages is 0 or nothing fits.
 *
 * uk_buddy_alloc_at: allocate exactly the pages [addr, addr + npages pages).
 * Returns 0; -EINVAL when addr is not page-aligned, npages is 0 or the run
 * leaves the added ranges; -EBUSY when any page of it is allocated. On
 * error nothing changes.
 *
 * uk_buddy_free_n: free any run of allocated pages, whatever calls
 * allocated them (whole blocks, parts of blocks, several neighbours). A run
 * that is not page-aligned, leaves the added ranges or holds a free page
 * panics before anything is freed.
 */
void *uk_buddy_alloc_n(struct uk_buddy *b, size_t npages);
int uk_buddy_alloc_at(struct uk_buddy *b, void *addr, size_t npages);
void uk_buddy_free_n(struct uk_buddy *b, void *addr, size_t npages);

size_t uk_buddy_free_count(const struct uk_buddy *b);
size_t uk_buddy_total_count(const struct uk_buddy *b);

#endif /* UKALLOC_H */
