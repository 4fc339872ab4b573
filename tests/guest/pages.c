/*
 * tests/guest/pages.c - page allocator stress on the real boot memory map:
 * allocate every free page in mixed block orders, check alignment and
 * that no two blocks overlap, free them in a different order, and check
 * that the free count and the largest block are back where they started.
 *
 * Allocated blocks are chained through their own first words, so the test
 * needs no memory of its own.
 */
#include <stdint.h>
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

int main(void)
{
	size_t start = uk_pages_free_count();
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
	return tap_done();
}
