/*
 * lib/posix-mmap/protect.c - the page protections of mappings: the only
 * caller of ukplat_mem_protect (uk/plat.h).
 *
 * Invariants:
 * - every page of the page allocator is read-write (and not executable),
 *   so a new mapping is zeroed first and given its protection afterwards;
 * - outside one system call, the page tables give each page of ours the
 *   protection its area records.
 * The library writes to mappings itself (zeroing, mremap's copy) and hands
 * pages back to the allocator, whatever the application made of them: it
 * opens the pages (read-write in the page tables, the record untouched)
 * for that, and closes them (the recorded protection again) if they stay.
 */
#include "posix_mmap.h"
#include <errno.h>
#include <uk/paging.h>
#include <uk/plat.h>

_Static_assert(PROT_READ == UK_PROT_READ && PROT_WRITE == UK_PROT_WRITE &&
		       PROT_EXEC == UK_PROT_EXEC && PROT_NONE == UK_PROT_NONE,
	       "mmap's protection bits are uk/paging.h's");

#define PROT_RW (PROT_READ | PROT_WRITE)

/*
 * The platform says -EINVAL for a page-aligned range of ours only when
 * W^X refuses WRITE|EXEC: EACCES, as Linux answers when its security
 * policy denies writable executable memory (SELinux's execmem). Splitting
 * a large page may need a page-table page: ENOMEM, as Linux when it runs
 * out of memory for its own structures.
 */
static long hw_protect(uintptr_t s, uintptr_t e, int prot)
{
	int rc = ukplat_mem_protect(s, e - s, (unsigned int)prot);

	if (rc == 0)
		return 0;
	return rc == -EINVAL ? -EACCES : -ENOMEM;
}

long uk_mmap_protect_new(uintptr_t s, uintptr_t e, int prot)
{
	return prot == PROT_RW ? 0 : hw_protect(s, e, prot);
}

long uk_mmap_protect(uintptr_t s, uintptr_t e, int prot)
{
	long rc;

	if (uk_mmap_table_reserve(2) < 0)
		return -ENOMEM;
	rc = hw_protect(s, e, prot);
	if (rc < 0)
		return rc; /* nothing changed */
	uk_mmap_table_set(s, e, prot);
	return 0;
}

/*
 * Reverting pieces that uk_mmap_open made read-write cannot fail: opening
 * a piece split every large page that straddles its edges (those pages'
 * protection differed from read-write, since it was the piece's), so each
 * page-table entry left to change lies wholly inside the piece and changes
 * in place, needing no table page.
 */
void uk_mmap_close(uintptr_t s, uintptr_t e)
{
	uintptr_t pos = s, ps, pe;

	while (uk_mmap_table_next_area(&pos, e, &ps, &pe)) {
		int prot = uk_mmap_table_find(ps)->prot;

		if (prot != PROT_RW)
			(void)ukplat_mem_protect(ps, pe - ps,
						 (unsigned int)prot);
	}
}

long uk_mmap_open(uintptr_t s, uintptr_t e)
{
	uintptr_t pos = s, ps, pe;

	while (uk_mmap_table_next_area(&pos, e, &ps, &pe)) {
		if (uk_mmap_table_find(ps)->prot == PROT_RW)
			continue;
		if (ukplat_mem_protect(ps, pe - ps, PROT_RW) < 0) {
			uk_mmap_close(s, ps); /* all or nothing */
			return -ENOMEM;
		}
	}
	return 0;
}
