/*
 * lib/ukalloc/buddy.c - a binary buddy allocator over one address range
 * (struct uk_buddy, declared in ukalloc.h). Plain C with no platform
 * dependency, so the host unit tests run exactly this code.
 *
 * Free blocks carry their own list node (magic, order, links) in their first
 * bytes; the only other memory the allocator needs is the caller's bitmap.
 * A page's bit is clear exactly when the page belongs to a free block, which
 * is what makes a bad free detectable: every page of a block being freed
 * must have its bit set.
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/essentials.h>
#include <uk/exit.h>
#include <ukbase/string.h>
#include "ukalloc.h"

#define BUDDY_MAGIC 0x7962647562ab5eedULL

struct uk_buddy_block {
	uint64_t magic;
	unsigned int order;
	struct uk_buddy_block *next, *prev;
};

static size_t page_index(const struct uk_buddy *b, uintptr_t addr)
{
	return (addr - b->base) >> UK_PAGE_SHIFT;
}

/* Mask of 'cnt' bits (1..64) starting at bit 'bit' of a word. */
static uint64_t word_mask(size_t bit, size_t cnt)
{
	return (cnt == 64 ? ~0ULL : (1ULL << cnt) - 1) << bit;
}

static void bits_assign(uint64_t *bm, size_t first, size_t n, bool set)
{
	while (n > 0) {
		size_t bit = first % 64, cnt = UK_MIN(n, 64 - bit);
		uint64_t mask = word_mask(bit, cnt);

		if (set)
			bm[first / 64] |= mask;
		else
			bm[first / 64] &= ~mask;
		first += cnt;
		n -= cnt;
	}
}

/* Whether the 'n' bits from 'first' all equal 'set'. */
static bool bits_all(const uint64_t *bm, size_t first, size_t n, bool set)
{
	while (n > 0) {
		size_t bit = first % 64, cnt = UK_MIN(n, 64 - bit);
		uint64_t mask = word_mask(bit, cnt);

		if ((bm[first / 64] & mask) != (set ? mask : 0))
			return false;
		first += cnt;
		n -= cnt;
	}
	return true;
}

static bool bit_test(const uint64_t *bm, size_t i)
{
	return (bm[i / 64] >> (i % 64)) & 1;
}

static void list_push(struct uk_buddy *b, uintptr_t addr, unsigned int order)
{
	struct uk_buddy_block *blk = (struct uk_buddy_block *)addr;

	blk->magic = BUDDY_MAGIC;
	blk->order = order;
	blk->prev = NULL;
	blk->next = b->free[order];
	if (blk->next)
		blk->next->prev = blk;
	b->free[order] = blk;
}

static void list_remove(struct uk_buddy *b, struct uk_buddy_block *blk)
{
	if (blk->prev)
		blk->prev->next = blk->next;
	else
		b->free[blk->order] = blk->next;
	if (blk->next)
		blk->next->prev = blk->prev;
}

/*
 * A page whose bit is clear must start with a valid node; anything else
 * means someone wrote to memory after freeing it.
 */
static void check_node(const struct uk_buddy_block *blk)
{
	if (blk->magic != BUDDY_MAGIC || blk->order > UK_PAGES_MAX_ORDER)
		uk_panic("buddy: free block at %p was overwritten",
			 (const void *)blk);
}

/* Make [addr, addr + 2^order pages) free and merge it with its buddies. */
static void release(struct uk_buddy *b, uintptr_t addr, unsigned int order)
{
	bits_assign(b->bitmap, page_index(b, addr), (size_t)1 << order, false);
	b->nr_free += (size_t)1 << order;

	while (order < UK_PAGES_MAX_ORDER) {
		uintptr_t size = UK_PAGE_SIZE << order;
		uintptr_t buddy = addr ^ size;
		struct uk_buddy_block *blk = (struct uk_buddy_block *)buddy;

		if (buddy < b->base || buddy >= b->end || b->end - buddy < size)
			break;
		/*
		 * A clear bit at the buddy's first page means a free block
		 * of at most this order starts there; a larger one would
		 * contain the block being released.
		 */
		if (bit_test(b->bitmap, page_index(b, buddy)))
			break;
		check_node(blk);
		if (blk->order != order)
			break;
		list_remove(b, blk);
		addr &= ~size;
		order++;
	}
	list_push(b, addr, order);
}

/*
 * Make the page-aligned run [addr, end) free as maximal aligned blocks.
 * Each block merges with free buddies outside the run as far as they go;
 * blocks of the run never merge across allocated pages.
 */
static void release_run(struct uk_buddy *b, uintptr_t addr, uintptr_t end)
{
	while (addr < end) {
		unsigned int order = 0;

		while (order < UK_PAGES_MAX_ORDER &&
		       UK_IS_ALIGNED(addr, UK_PAGE_SIZE << (order + 1)) &&
		       end - addr >= UK_PAGE_SIZE << (order + 1))
			order++;
		release(b, addr, order);
		addr += UK_PAGE_SIZE << order;
	}
}

size_t uk_buddy_bitmap_size(uintptr_t base, uintptr_t end)
{
	size_t npages;

	if (end <= base)
		return 0;
	npages = (end - base) >> UK_PAGE_SHIFT;
	return (npages + 63) / 64 * sizeof(uint64_t);
}

int uk_buddy_init(struct uk_buddy *b, uintptr_t base, uintptr_t end,
		  void *bitmap, size_t bitmap_size)
{
	size_t need = uk_buddy_bitmap_size(base, end);

	if (!UK_IS_ALIGNED(base, UK_PAGE_SIZE) ||
	    !UK_IS_ALIGNED(end, UK_PAGE_SIZE) || base >= end)
		return -EINVAL;
	if (!bitmap || !UK_IS_ALIGNED((uintptr_t)bitmap, sizeof(uint64_t)) ||
	    bitmap_size < need)
		return -EINVAL;

	uk_memset(b, 0, sizeof(*b));
	b->base = base;
	b->end = end;
	b->bitmap = bitmap;
	uk_memset(bitmap, 0xff, need);
	return 0;
}

/*
 * Record [s, e) in the sorted range table, merging with adjacent ranges.
 * Fails without changing anything.
 */
static int insert_range(struct uk_buddy *b, uintptr_t s, uintptr_t e)
{
	struct uk_buddy_range *r = b->ranges;
	unsigned int n = b->nr_ranges, i;
	bool left, right;

	for (i = 0; i < n && r[i].end <= s; i++)
		;
	if (i < n && r[i].start < e)
		return -EEXIST;
	left = i > 0 && r[i - 1].end == s;
	right = i < n && r[i].start == e;

	if (left && right) {
		r[i - 1].end = r[i].end;
		uk_memmove(&r[i], &r[i + 1], (n - i - 1) * sizeof(*r));
		b->nr_ranges--;
	} else if (left) {
		r[i - 1].end = e;
	} else if (right) {
		r[i].start = s;
	} else {
		if (n == UK_BUDDY_MAX_RANGES)
			return -ENOSPC;
		uk_memmove(&r[i + 1], &r[i], (n - i) * sizeof(*r));
		r[i].start = s;
		r[i].end = e;
		b->nr_ranges++;
	}
	return 0;
}

int uk_buddy_add_range(struct uk_buddy *b, uintptr_t start, uintptr_t end)
{
	uintptr_t s, e;
	int rc;

	if (start > end || start < b->base || end > b->end)
		return -EINVAL;
	s = UK_ALIGN_UP(start, UK_PAGE_SIZE);
	e = UK_ALIGN_DOWN(end, UK_PAGE_SIZE);
	if (s >= e)
		return 0;
	rc = insert_range(b, s, e);
	if (rc < 0)
		return rc;

	release_run(b, s, e);
	b->nr_total += (e - s) >> UK_PAGE_SHIFT;
	return 0;
}

void *uk_buddy_alloc(struct uk_buddy *b, unsigned int order)
{
	struct uk_buddy_block *blk;
	unsigned int j = order;
	uintptr_t addr;

	if (order > UK_PAGES_MAX_ORDER)
		return NULL;
	while (j <= UK_PAGES_MAX_ORDER && !b->free[j])
		j++;
	if (j > UK_PAGES_MAX_ORDER)
		return NULL;

	blk = b->free[j];
	check_node(blk);
	list_remove(b, blk);
	addr = (uintptr_t)blk;
	/* keep the lower half, give back the upper half at each step */
	while (j > order) {
		j--;
		list_push(b, addr + (UK_PAGE_SIZE << j), j);
	}
	bits_assign(b->bitmap, page_index(b, addr), (size_t)1 << order, true);
	b->nr_free -= (size_t)1 << order;
	return (void *)addr;
}

/* Whether [addr, addr + size) lies inside one added range. */
static bool in_ranges(const struct uk_buddy *b, uintptr_t addr, uintptr_t size)
{
	for (unsigned int i = 0; i < b->nr_ranges; i++) {
		const struct uk_buddy_range *r = &b->ranges[i];

		if (addr >= r->start && addr < r->end && r->end - addr >= size)
			return true;
	}
	return false;
}

void uk_buddy_free(struct uk_buddy *b, void *ptr, unsigned int order)
{
	uintptr_t addr = (uintptr_t)ptr, size;

	if (order > UK_PAGES_MAX_ORDER)
		uk_panic("buddy: free of %p, order %u: no such order", ptr,
			 order);
	size = UK_PAGE_SIZE << order;
	if (!UK_IS_ALIGNED(addr, size))
		uk_panic("buddy: free of %p, order %u: not aligned to the "
			 "block size", ptr, order);
	if (!in_ranges(b, addr, size))
		uk_panic("buddy: free of %p, order %u: not managed memory",
			 ptr, order);
	if (!bits_all(b->bitmap, page_index(b, addr), (size_t)1 << order, true))
		uk_panic("buddy: free of %p, order %u: block is (partly) "
			 "free already", ptr, order);
	release(b, addr, order);
}

/*
 * Page runs. A run of pages need not be one block: the bitmap alone says
 * which pages are allocated, so any allocated run can go back as maximal
 * aligned blocks, and any free run can be cut out of the blocks that hold it.
 */

/* The pages of [addr, addr + npages pages) if they lie in [base, end). */
static bool run_bounds(const struct uk_buddy *b, uintptr_t addr, size_t npages,
		       uintptr_t *end)
{
	if (!UK_IS_ALIGNED(addr, UK_PAGE_SIZE) || npages == 0 ||
	    addr < b->base || addr >= b->end ||
	    npages > (b->end - addr) >> UK_PAGE_SHIFT)
		return false;
	*end = addr + (npages << UK_PAGE_SHIFT);
	return true;
}

/*
 * The free block holding the free page 'addr'. Searching from the largest
 * order down matters: a free page may hold a stale node from a block that
 * has since merged, but at an address aligned to an order above the true
 * block's, a clear bit can only belong to a smaller block that starts
 * there (a larger one would hold 'addr' too), whose node is current.
 */
static struct uk_buddy_block *free_block_at(const struct uk_buddy *b,
					    uintptr_t addr)
{
	for (int order = UK_PAGES_MAX_ORDER; order >= 0; order--) {
		uintptr_t s = UK_ALIGN_DOWN(addr, UK_PAGE_SIZE << order);
		struct uk_buddy_block *blk = (struct uk_buddy_block *)s;

		if (s < b->base || bit_test(b->bitmap, page_index(b, s)))
			continue;
		check_node(blk);
		if (blk->order == (unsigned int)order)
			return blk;
	}
	uk_panic("buddy: free page %p belongs to no free block",
		 (void *)addr);
}

/* Take the free run [addr, end) out of the free blocks that hold it. */
static void take_run(struct uk_buddy *b, uintptr_t addr, uintptr_t end)
{
	while (addr < end) {
		struct uk_buddy_block *blk = free_block_at(b, addr);
		uintptr_t s = (uintptr_t)blk;
		size_t n = (size_t)1 << blk->order;
		uintptr_t e = s + (n << UK_PAGE_SHIFT), stop = UK_MIN(e, end);

		/* Allocate the whole block, then give back what lies outside. */
		list_remove(b, blk);
		bits_assign(b->bitmap, page_index(b, s), n, true);
		b->nr_free -= n;
		release_run(b, s, addr);
		release_run(b, stop, e);
		addr = stop;
	}
}

/* First fit: the lowest run of 'npages' free pages, or 0. */
static uintptr_t find_free_run(const struct uk_buddy *b, size_t npages)
{
	size_t total = page_index(b, b->end), run = 0, i = 0;

	while (i < total) {
		uint64_t w = b->bitmap[i / 64];

		/* Whole words at once: all allocated, or all free. */
		if (i % 64 == 0 && (w == ~0ULL || (w == 0 && total - i >= 64))) {
			run = w ? 0 : run + 64;
			i += 64;
		} else {
			run = bit_test(b->bitmap, i) ? 0 : run + 1;
			i++;
		}
		if (run >= npages)
			return b->base + ((i - run) << UK_PAGE_SHIFT);
	}
	return 0;
}

void *uk_buddy_alloc_n(struct uk_buddy *b, size_t npages)
{
	unsigned int order = 0;
	uintptr_t addr;

	if (npages == 0 || npages > (size_t)1 << UK_PAGES_MAX_ORDER)
		return NULL;
	while (((size_t)1 << order) < npages)
		order++;
	addr = (uintptr_t)uk_buddy_alloc(b, order);
	if (addr) {
		release_run(b, addr + (npages << UK_PAGE_SHIFT),
			    addr + (UK_PAGE_SIZE << order));
		return (void *)addr;
	}
	/*
	 * No block of that order, but free neighbours that are not buddies
	 * (or memory that is not aligned as a whole) may still form a run.
	 */
	addr = find_free_run(b, npages);
	if (!addr)
		return NULL;
	take_run(b, addr, addr + (npages << UK_PAGE_SHIFT));
	return (void *)addr;
}

int uk_buddy_alloc_at(struct uk_buddy *b, void *ptr, size_t npages)
{
	uintptr_t addr = (uintptr_t)ptr, end;

	if (!run_bounds(b, addr, npages, &end) ||
	    !in_ranges(b, addr, end - addr))
		return -EINVAL;
	if (!bits_all(b->bitmap, page_index(b, addr), npages, false))
		return -EBUSY;
	take_run(b, addr, end);
	return 0;
}

void uk_buddy_free_n(struct uk_buddy *b, void *ptr, size_t npages)
{
	uintptr_t addr = (uintptr_t)ptr, end;

	if (!run_bounds(b, addr, npages, &end) ||
	    !in_ranges(b, addr, end - addr))
		uk_panic("buddy: free of %p, %zu pages: not a run of managed "
			 "pages", ptr, npages);
	if (!bits_all(b->bitmap, page_index(b, addr), npages, true))
		uk_panic("buddy: free of %p, %zu pages: run is (partly) free "
			 "already", ptr, npages);
	release_run(b, addr, end);
}

size_t uk_buddy_free_count(const struct uk_buddy *b)
{
	return b->nr_free;
}

size_t uk_buddy_total_count(const struct uk_buddy *b)
{
	return b->nr_total;
}
