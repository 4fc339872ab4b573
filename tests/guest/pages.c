/*
 * tests/guest/pages.c - page allocator stress on the real boot memory map:
 * allocate every free page in mixed block orders, check alignment and
 * that no two blocks overlap, free them in a different order, and check
 * that the free count and the largest block are back where they started.
 * Then the empty pages uk_malloc keeps for reuse: when the page allocator
 * runs out, it takes them back before it fails.
 *
 * Allocated blocks are chained through their own first words, so the test
 * needs no memory of its own.
 */
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/pages.h>
#include "tap.h"

struct block {
	struct block *next;
	uint64_t order;
	uint64_t tag; /* the block's address, written at both ends */
};

static const unsigned int pattern[] = { 0, 3, 1, 7, 0, 2, 5, 0, 1, 4, 9, 0 };

static unsigned int largest_order(void)
{
	for (unsigned int o = UK_PAGES_MAX_ORDER; o > 0; o--) {
		void *p = uk_pages_alloc(o);

		if (p) {
			uk_pages_free(p, o);
			return o;
		}
	}
	return 0;
}

static uint64_t *tail_tag(struct block *b)
{
	return (uint64_t *)((char *)b + (UK_PAGE_SIZE << b->order)) - 1;
}

/*
 * uk_malloc's spare pages: 200 pages' worth of 2000-byte blocks freed
 * leave some kept (uk/alloc.h); allocating single pages until none is left
 * must get all of them but the class's own page back, and the next
 * allocation then fails.
 */
static void malloc_spares(size_t start)
{
	static void *blk[400];
	void *head = NULL, *p;
	size_t kept, got = 0;

	for (unsigned int k = 0; k < 400; k++)
		blk[k] = uk_malloc(2000);
	for (unsigned int k = 0; k < 400; k++)
		uk_free(blk[k]);
	kept = start - uk_pages_free_count();
	tap_ok(kept > 1 && blk[399], "uk_malloc keeps %zu empty pages", kept);
	while ((p = uk_pages_alloc(0))) {
		*(void **)p = head;
		head = p;
		got++;
	}
	tap_ok(got == start - 1,
	       "exhausting the page allocator takes them back: %zu pages "
	       "(free %zu, one kept by its size class)", got, start);
	tap_ok(uk_malloc_trim() == 0 && uk_pages_alloc(0) == NULL,
	       "then nothing is left to take back");
	while (head) {
		p = head;
		head = *(void **)p;
		uk_pages_free(p, 0);
	}
}

int main(void)
{
	size_t start = (uk_malloc_trim(), uk_pages_free_count());
	unsigned int top = largest_order();
	struct block *head = NULL, *b, *keep = NULL, *drop = NULL;
	size_t nblocks = 0, pages = 0, misaligned = 0, smashed = 0;
	unsigned int i = 0;

	tap_ok(start > 0 && start <= uk_pages_total_count(),
	       "free pages at start: %zu of %zu", start, uk_pages_total_count());
	for (;;) {
		unsigned int o = pattern[i++ % (sizeof(pattern) / sizeof(pattern[0]))];
		void *p;

		while (!(p = uk_pages_alloc(o)) && o > 0)
			o--;
		if (!p)
			break;
		b = p;
		if ((uintptr_t)p & ((UK_PAGE_SIZE << o) - 1))
			misaligned++;
		b->next = head;
		b->order = o;
		b->tag = (uintptr_t)p;
		*tail_tag(b) = (uintptr_t)p;
		head = b;
		nblocks++;
		pages += (size_t)1 << o;
	}
	tap_ok(uk_pages_free_count() == 0, "everything allocated (%zu blocks, %zu pages)",
	       nblocks, pages);
	tap_ok(pages == start, "allocated pages equal the free count at start");
	tap_ok(misaligned == 0, "every block aligned to its size (%zu misaligned)",
	       misaligned);
	tap_ok(uk_pages_alloc(0) == NULL, "allocation fails when memory is exhausted");
	for (b = head; b; b = b->next) {
		if (b->tag != (uintptr_t)b || *tail_tag(b) != (uintptr_t)b)
			smashed++;
	}
	tap_ok(smashed == 0, "no block overwrote another (%zu damaged)", smashed);

	/* Free every other block first, then the rest in reverse order. */
	i = 0;
	while (head) {
		b = head;
		head = b->next;
		if (i++ & 1) {
			b->next = keep;
			keep = b;
		} else {
			uk_pages_free(b, (unsigned int)b->order);
		}
	}
	for (b = keep; b; b = drop) {
		drop = b->next;
		uk_pages_free(b, (unsigned int)b->order);
	}
	tap_ok(uk_pages_free_count() == start, "free count back to %zu (got %zu)",
	       start, uk_pages_free_count());
	tap_ok(largest_order() == top, "largest free block back to order %u", top);
	malloc_spares(start);
	return tap_done();
}
