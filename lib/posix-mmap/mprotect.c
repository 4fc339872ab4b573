/*
 * lib/posix-mmap/mprotect.c - the mprotect system call.
 *
 * Until libuk has a paging interface, protections are recorded in the
 * table and not enforced: memory stays readable and writable whatever the
 * app asks for. The checks and errno values are Linux's, so that code
 * which probes with mprotect (musl's malloc, guard pages) sees the same
 * answers; PROT_NONE guard pages do not fault yet.
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
	if (uk_mmap_table_reserve(2) < 0)
		return -ENOMEM;
	uk_mmap_table_set(addr, end, (int)(prot & UK_MMAP_PROT_MASK));
	return 0;
}
