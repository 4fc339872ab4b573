/*
 * lib/posix-mmap/posix_mmap.h - libukposixmmap's internal interfaces,
 * grouped by the file that implements them. The library's public face is
 * the Linux system calls it registers: mmap, munmap, mremap, mprotect,
 * madvise and brk (see README.md for the behaviour and its limits).
 *
 * Everything here runs in system calls on one CPU without preemption, as
 * the page allocator requires; nothing takes a lock.
 */
#ifndef POSIX_MMAP_H
#define POSIX_MMAP_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* MREMAP_*, MAP_ANONYMOUS, MADV_* in <sys/mman.h> */
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <uk/pages.h>

/* The protection bits an area records (mprotect also accepts PROT_SEM). */
#define UK_MMAP_PROT_MASK (PROT_READ | PROT_WRITE | PROT_EXEC)

/*
 * End of the page range that starts at 'addr' and spans 'len' bytes rounded
 * up to whole pages; false when the rounding or the sum overflows.
 */
static inline bool uk_mmap_range_end(uintptr_t addr, size_t len, uintptr_t *end)
{
	size_t alen = (len + (UK_PAGE_SIZE - 1)) & ~(UK_PAGE_SIZE - 1);

	if (alen < len || addr + alen < addr)
		return false;
	*end = addr + alen;
	return true;
}

/* table.c: the record of live mappings */

/*
 * One area: pages [start, end) this library handed out and still owns.
 * Areas are disjoint, sorted, and neighbours with the same protection are
 * merged, the way Linux merges anonymous VMAs: an area is a range of
 * pages, not the memory of one mmap call.
 */
struct uk_mmap_area {
	uintptr_t start, end;
	int prot;
};

/*
 * Make room for 'extra' more areas. Every call below that can add areas
 * says how many; callers reserve first so that no operation fails half
 * way. Returns 0 or -ENOMEM.
 */
int uk_mmap_table_reserve(size_t extra);

/* The area holding 'addr', or NULL. */
const struct uk_mmap_area *uk_mmap_table_find(uintptr_t addr);

/* Whether every page of [s, e) lies in some area. */
bool uk_mmap_table_covers(uintptr_t s, uintptr_t e);

/*
 * Iterate over [*pos, e): the next covered piece (next_area) or uncovered
 * piece (next_gap) at or after *pos, as [*ps, *pe). Returns false when
 * there is none; otherwise *pos moves to *pe.
 */
bool uk_mmap_table_next_area(uintptr_t *pos, uintptr_t e, uintptr_t *ps,
			     uintptr_t *pe);
bool uk_mmap_table_next_gap(uintptr_t *pos, uintptr_t e, uintptr_t *ps,
			    uintptr_t *pe);

/*
 * Record [s, e) as one area with 'prot', replacing whatever the table said
 * about those pages. Adds at most 2 areas.
 */
void uk_mmap_table_set(uintptr_t s, uintptr_t e, int prot);

/*
 * Forget [s, e), calling 'fn' (if not NULL) on every piece that was
 * recorded, after the table no longer holds it. Adds at most 1 area.
 */
void uk_mmap_table_clear(uintptr_t s, uintptr_t e,
			 void (*fn)(uintptr_t s, uintptr_t e));

/* areas.c: pages in and out of the table */

/*
 * New zeroed mapping of 'len' bytes (a multiple of the page size, not 0)
 * anywhere. Returns its address, -EACCES (WRITE|EXEC refused by W^X) or
 * -ENOMEM.
 */
long uk_mmap_map_any(size_t len, int prot);

/*
 * Zeroed mapping of exactly [s, e), page-aligned: pages of existing
 * mappings are reused (their contents are discarded, as Linux does for
 * MAP_FIXED), free pages are taken from the page allocator. Returns 0,
 * -EBUSY when some page is neither ours nor free (nothing changes),
 * -ENOMEM, or -EACCES (W^X); after -EACCES, or -ENOMEM from the final
 * protection, [s, e) is left unmapped, as Linux may leave it.
 */
long uk_mmap_map_fixed(uintptr_t s, uintptr_t e, int prot);

/*
 * Grow the mapping that ends at 's' by the free pages [s, e), zeroed, with
 * the protection of the page below 's'. Returns 0, -EBUSY when a page of
 * [s, e) is not free, or -ENOMEM.
 */
long uk_mmap_extend(uintptr_t s, uintptr_t e);

/*
 * Unmap [s, e), page-aligned: the pages of our mappings inside it go back
 * to the page allocator (read-write again), anything else is left alone.
 * Returns 0 or -ENOMEM (splitting an area needs a table slot, opening
 * pages may need a page-table page); on error nothing changed.
 */
long uk_mmap_unmap(uintptr_t s, uintptr_t e);

/*
 * Zero the mapped pages inside [s, e), whatever their protection. Returns
 * 0 or -ENOMEM (a page-table page was needed to open them; nothing
 * changed).
 */
long uk_mmap_zero(uintptr_t s, uintptr_t e);

/* protect.c: page protections, through ukplat_mem_protect */

/*
 * Give [s, e), all of it ours, the protection 'prot' in the page tables and
 * in the table. Returns 0, -EACCES (WRITE|EXEC refused by W^X) or -ENOMEM;
 * on error nothing changed.
 */
long uk_mmap_protect(uintptr_t s, uintptr_t e, int prot);

/*
 * Give the fresh, read-write pages [s, e) of a mapping being made its
 * protection 'prot' in the page tables (the caller records it). Returns 0,
 * -EACCES or -ENOMEM; on error the pages are still read-write.
 */
long uk_mmap_protect_new(uintptr_t s, uintptr_t e, int prot);

/*
 * Open our pages in [s, e) for the library: read-write in the page tables,
 * whatever the table records, so that they can be zeroed, copied or freed.
 * Returns 0 or -ENOMEM (nothing changed). uk_mmap_close gives back the
 * recorded protections of what is still ours; it cannot fail.
 */
long uk_mmap_open(uintptr_t s, uintptr_t e);
void uk_mmap_close(uintptr_t s, uintptr_t e);

#endif /* POSIX_MMAP_H */
