/*
 * lib/posix-process/sysinfo.c - sysinfo: uptime, memory and process count.
 *
 * Uptime is the monotonic clock in seconds, rounded up as Linux rounds it.
 * Memory is what the page allocator manages (uk/pages.h) in bytes
 * (mem_unit 1): totalram excludes the kernel image and boot-time
 * allocations, freeram is what is left to allocate. There is no swap, no
 * shared or buffer memory and no load accounting (loads are 0). One
 * process.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/sysinfo.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include <ukbase/string.h>

/*
 * The kernel's struct sysinfo on 64-bit machines: 112 bytes. musl's
 * declares 256 reserved bytes more, which Linux never writes: a program
 * that passes the kernel's smaller structure must not be overrun.
 */
struct ksysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram;
	unsigned long totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
};
_Static_assert(sizeof(struct ksysinfo) == 112, "sysinfo ABI");
_Static_assert(offsetof(struct ksysinfo, procs) ==
		       offsetof(struct sysinfo, procs) &&
	       offsetof(struct ksysinfo, mem_unit) ==
		       offsetof(struct sysinfo, mem_unit),
	       "musl's struct sysinfo starts like the kernel's");

#define NSEC_PER_SEC 1000000000ULL

UK_SYSCALL_DEFINE1(sysinfo, struct ksysinfo *, info)
{
	uint64_t ns = ukplat_monotonic_ns();

	if (!info)
		return -EFAULT;
	uk_memset(info, 0, sizeof(*info));
	info->uptime = (long)((ns + NSEC_PER_SEC - 1) / NSEC_PER_SEC);
	info->totalram = uk_pages_total_count() * UK_PAGE_SIZE;
	info->freeram = uk_pages_free_count() * UK_PAGE_SIZE;
	info->procs = 1;
	info->mem_unit = 1;
	return 0;
}
