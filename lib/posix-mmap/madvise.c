/*
 * lib/posix-mmap/madvise.c - the madvise system call.
 *
 * Every page is resident and there is no swap, so most advice has nothing
 * to act on and succeeds. MADV_DONTNEED keeps its Linux meaning for private
 * anonymous memory, which programs rely on: the pages read as zero
 * afterwards, whatever their protection. MADV_FREE may leave contents as
 * they are (Linux frees them only under memory pressure), and does.
 */
#include "posix_mmap.h"
#include <errno.h>
#include <uk/syscall.h>

/*
 * Values from Linux's uapi that musl 1.2.3's <sys/mman.h> lacks (or other C
 * libraries' headers; the host unit test uses glibc's).
 */
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED 24
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101
#endif

/*
 * The advice Linux knows: MADV_NORMAL..MADV_DONTNEED (0-4), MADV_FREE..
 * MADV_COLLAPSE (8-25, no gaps), MADV_HWPOISON and MADV_SOFT_OFFLINE.
 */
static bool advice_known(int advice)
{
	return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED) ||
	       (advice >= MADV_FREE && advice <= MADV_COLLAPSE) ||
	       advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE;
}

UK_SYSCALL_DEFINE3(madvise, unsigned long, addr, unsigned long, len,
		   int, advice)
{
	uintptr_t end;
	bool mapped;

	if (!advice_known(advice))
		return -EINVAL;
	if (addr & (UK_PAGE_SIZE - 1))
		return -EINVAL;
	if (!uk_mmap_range_end(addr, len, &end))
		return -EINVAL;
	if (end == addr)
		return 0;
	if (advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE)
		return -EPERM; /* CAP_SYS_ADMIN only, and no such hardware */

	if (advice == MADV_REMOVE)
		return -EINVAL; /* only for shared file memory */
	/* Linux applies advice to the mapped parts and then says ENOMEM. */
	mapped = uk_mmap_table_covers(addr, end);
	if ((advice == MADV_DONTNEED || advice == MADV_DONTNEED_LOCKED) &&
	    uk_mmap_zero(addr, end) < 0)
		return -ENOMEM;
	return mapped ? 0 : -ENOMEM;
}
