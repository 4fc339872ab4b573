/*
 * lib/posix-mmap/mmap.c - the mmap and munmap system calls: Linux's
 * argument checks and errno values, in Linux's order, in front of areas.c.
 *
 * Only anonymous memory exists (no VFS yet). MAP_SHARED anonymous memory
 * is the same as private memory here: there is one address space and no
 * fork, so nobody could tell the difference.
 */
#include "posix_mmap.h"
#include <errno.h>
#include <uk/syscall.h>

/*
 * Flags accepted and ignored, because here they change nothing: every
 * mapping is populated, locked and reserved from the start (MAP_POPULATE,
 * MAP_LOCKED, MAP_NORESERVE, MAP_NONBLOCK), stacks are plain memory
 * (MAP_STACK; a MAP_GROWSDOWN mapping does not grow), MAP_DENYWRITE and
 * MAP_EXECUTABLE are ignored by Linux too, and MAP_32BIT is not enforced
 * (memory may lie anywhere, above 4 GiB too). Unknown flags are ignored,
 * as Linux does outside MAP_SHARED_VALIDATE.
 *
 * A mapping starts with the protection asked for; WRITE|EXEC is refused
 * with EACCES while W^X is enforced (protect.c).
 */

static bool overlaps_mapping(uintptr_t s, uintptr_t e)
{
	uintptr_t pos = s, ps, pe;

	return uk_mmap_table_next_area(&pos, e, &ps, &pe);
}

static long map_at(uintptr_t addr, uintptr_t end, int prot, unsigned long flags)
{
	long rc;

	if (flags & MAP_FIXED_NOREPLACE) {
		/*
		 * Linux 4.17+: exactly there or EEXIST. Memory that is not
		 * free (the kernel's, another allocator's) counts as taken.
		 */
		if (overlaps_mapping(addr, end))
			return -EEXIST;
		rc = uk_mmap_map_fixed(addr, end, prot);
		return rc == -EBUSY ? -EEXIST : rc < 0 ? rc : (long)addr;
	}
	/*
	 * MAP_FIXED replaces our own mappings and takes free pages. Memory
	 * this library does not own cannot be handed out without corrupting
	 * its owner; Linux answers ENOMEM for addresses outside the user's
	 * address space, which is what such memory is.
	 */
	rc = uk_mmap_map_fixed(addr, end, prot);
	return rc == -EBUSY ? -ENOMEM : rc < 0 ? rc : (long)addr;
}

UK_SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		   unsigned long, prot, unsigned long, flags, int, fd,
		   unsigned long, off)
{
	unsigned long type = flags & MAP_TYPE;
	uintptr_t end;

	if (off & (UK_PAGE_SIZE - 1))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return fd < 0 ? -EBADF : -ENODEV; /* files: no VFS yet */
	if (flags & MAP_HUGETLB)
		return -ENOMEM; /* as Linux without reserved huge pages */
	if (len == 0)
		return -EINVAL;
	if (!uk_mmap_range_end(0, len, &end))
		return -ENOMEM;
	len = end;
	if (type != MAP_PRIVATE && type != MAP_SHARED)
		return -EINVAL; /* MAP_SHARED_VALIDATE is for files only */
	if (type == MAP_SHARED && (flags & MAP_GROWSDOWN))
		return -EINVAL;
	prot &= UK_MMAP_PROT_MASK;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (UK_PAGE_SIZE - 1))
			return -EINVAL;
		if (addr + len < addr)
			return -ENOMEM;
		return map_at(addr, addr + len, (int)prot, flags);
	}
	/* Without MAP_FIXED the address is a hint, and hints are ignored. */
	return uk_mmap_map_any(len, (int)prot);
}

UK_SYSCALL_DEFINE2(munmap, unsigned long, addr, unsigned long, len)
{
	uintptr_t end;

	if ((addr & (UK_PAGE_SIZE - 1)) || len == 0)
		return -EINVAL;
	if (!uk_mmap_range_end(addr, len, &end))
		return -EINVAL;
	/* Pages that are not ours are skipped: Linux returns 0 for them. */
	return uk_mmap_unmap(addr, end);
}
