/*
 * lib/posix-mmap/mremap.c - the mremap system call (musl's realloc of
 * large blocks uses it with MREMAP_MAYMOVE).
 *
 * Shrinking unmaps the tail. Growing first tries to take the free pages
 * that follow the mapping, so that a growing buffer usually stays where it
 * is; otherwise, with MREMAP_MAYMOVE, the contents are copied to a new
 * mapping (memory is identity mapped: pages cannot move by remapping), made
 * read-write for the copy and given the old protection afterwards.
 * MREMAP_FIXED and MREMAP_DONTUNMAP work as on Linux for private anonymous
 * memory.
 */
#include "posix_mmap.h"
#include <errno.h>
#include <uk/syscall.h>
#include <ukbase/string.h>

/*
 * The new mapping [p, p + len) is read-write: give it the contents of
 * [old, old + copy), then its protection. On failure it is unmapped again.
 */
static long fill(long p, uintptr_t old, size_t copy, size_t len, int prot)
{
	long rc;

	uk_memcpy((void *)p, (const void *)old, copy);
	rc = uk_mmap_protect((uintptr_t)p, (uintptr_t)p + len, prot);
	if (rc < 0) {
		(void)uk_mmap_unmap((uintptr_t)p, (uintptr_t)p + len);
		return rc;
	}
	return p;
}

/* Copy 'copy' bytes of [old, ...) into a new mapping of 'len' bytes. */
static long move_anywhere(uintptr_t old, size_t copy, size_t len, int prot)
{
	long p = uk_mmap_map_any(len, PROT_READ | PROT_WRITE);

	return p < 0 ? p : fill(p, old, copy, len, prot);
}

/*
 * Copy to [dst, dst + len), replacing whatever mapping is there (Linux
 * unmaps the destination first); our own pages or free ones only.
 */
static long move_fixed(uintptr_t old, size_t copy, uintptr_t dst, size_t len,
		       int prot)
{
	long rc = uk_mmap_map_fixed(dst, dst + len, PROT_READ | PROT_WRITE);

	if (rc < 0)
		return rc == -EBUSY ? -ENOMEM : rc;
	return fill((long)dst, old, copy, len, prot);
}

UK_SYSCALL_DEFINE5(mremap, unsigned long, old, unsigned long, old_len,
		   unsigned long, new_len, unsigned long, flags,
		   unsigned long, new_addr)
{
	const unsigned long known =
	    MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP;
	const struct uk_mmap_area *a;
	uintptr_t old_end, new_end;
	size_t copy;
	long rc, p;
	int prot;

	if (flags & ~known)
		return -EINVAL;
	if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) &&
	    !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (old & (UK_PAGE_SIZE - 1))
		return -EINVAL;
	if (!uk_mmap_range_end(old, old_len, &old_end) ||
	    !uk_mmap_range_end(0, new_len, &new_end) || new_end == 0)
		return -EINVAL;
	old_len = old_end - old;
	new_len = new_end;
	if ((flags & MREMAP_DONTUNMAP) && old_len != new_len)
		return -EINVAL;
	/* old_len 0 duplicates a shared mapping on Linux; none exist here */
	if (old_len == 0)
		return -EINVAL;

	if (!(flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) &&
	    new_len <= old_len) {
		/* Like Linux, shrinking needs no mapping to be there. */
		rc = uk_mmap_unmap(old + new_len, old_end);
		return rc < 0 ? rc : (long)old;
	}
	if (flags & MREMAP_FIXED) {
		if ((new_addr & (UK_PAGE_SIZE - 1)) ||
		    new_addr + new_len < new_addr)
			return -EINVAL;
		if (new_addr < old_end && old < new_addr + new_len)
			return -EINVAL; /* source and destination overlap */
	}

	/*
	 * The part that is kept must lie in one area, as Linux wants it in
	 * one VMA (areas merge like VMAs do): otherwise EFAULT.
	 */
	copy = UK_MIN(old_len, new_len);
	a = uk_mmap_table_find(old);
	if (!a || a->end - old < copy)
		return -EFAULT;
	prot = a->prot;

	if (!(flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))) {
		rc = uk_mmap_extend(old_end, old + new_len);
		if (rc == 0)
			return (long)old;
		if (rc != -EBUSY || !(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
	}

	/*
	 * Moving: room in the table for the new mapping (2 areas), its
	 * protection (2) and unmapping the source afterwards (1); and the
	 * source opened (read for the copy, then zeroed or freed), so that
	 * nothing can fail once the copy exists.
	 */
	if (uk_mmap_table_reserve(5) < 0 || uk_mmap_open(old, old_end) < 0)
		return -ENOMEM;
	if (flags & MREMAP_FIXED)
		p = move_fixed(old, copy, new_addr, new_len, prot);
	else
		p = move_anywhere(old, copy, new_len, prot);
	if (p < 0) {
		uk_mmap_close(old, old_end);
		return p;
	}
	if (flags & MREMAP_DONTUNMAP)
		(void)uk_mmap_zero(old, old_end); /* emptied; open already */
	else
		(void)uk_mmap_unmap(old, old_end); /* its slot is reserved */
	return p;
}
