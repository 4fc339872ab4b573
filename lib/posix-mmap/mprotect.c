/*
 * lib/posix-mmap/mprotect.c - the mprotect system call.
 *
 * Protections are enforced by the page tables (protect.c, through the
 * platform's ukplat_mem_protect): PROT_NONE pages fault on any access,
 * read-only pages on writes, and only PROT_EXEC pages can be executed.
 * The hardware cannot make pages write-only or execute-only, so PROT_WRITE
 * and PROT_EXEC imply reading, as on Linux. With W^X enforced (the
 * default; configure --disable-wx), PROT_WRITE|PROT_EXEC fails with
 * EACCES, which is what Linux answers when SELinux denies execmem. The
 * other checks and errno values are Linux's, in Linux's order.
 */
#include "posix_mmap.h"
#include <errno.h>
#include <uk/syscall.h>

#ifndef PROT_SEM
#define PROT_SEM 0x8 /* accepted by Linux on x86_64 and arm64, ignored */
#endif

UK_SYSCALL_DEFINE3(mprotect, unsigned long, addr, unsigned long, len,
		   unsigned long, prot)
{
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	uintptr_t end;

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (addr & (UK_PAGE_SIZE - 1))
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!uk_mmap_range_end(addr, len, &end))
		return -ENOMEM;
	if (prot & ~(unsigned long)(UK_MMAP_PROT_MASK | PROT_SEM))
		return -EINVAL;
	if (!uk_mmap_table_covers(addr, end))
		return -ENOMEM;
	if (grows)
		return -EINVAL; /* no mapping is a growing stack here */
	return uk_mmap_protect(addr, end, (int)(prot & UK_MMAP_PROT_MASK));
}
