/*
 * lib/posix-process/sched.c - sched_getaffinity and sched_yield (the
 * scheduler's yield).
 *
 * Every thread may run on every CPU that is up (the scheduler has one
 * run queue for all), so the affinity mask is those CPUs, written as
 * whole 64-bit words (the kernel's cpumask is --with-max-cpus bits,
 * rounded up): Linux answers EINVAL for a buffer shorter than that or not
 * a multiple of the word size, and returns the number of bytes it wrote
 * (musl's wrapper clears the rest of the caller's set; sysconf's
 * _SC_NPROCESSORS_ONLN counts its bits).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/lcpu.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include "posixprocess.h"

#define CPUMASK_WORDS ((UK_MAX_CPUS + 63) / 64)
#define CPUMASK_BYTES (CPUMASK_WORDS * sizeof(uint64_t))

UK_SYSCALL_DEFINE3(sched_getaffinity, int, pid, size_t, len, uint64_t *, mask)
{
	/* pid 0 is the caller; all our threads share the CPUs. */
	if (pid != 0 && !uk_proc_tid_exists(pid))
		return -ESRCH;
	if (len < CPUMASK_BYTES || len % sizeof(uint64_t))
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	for (unsigned int w = 0; w < CPUMASK_WORDS; w++)
		mask[w] = 0;
	for (unsigned int i = 0; i < uk_lcpu_count(); i++) {
		int st = uk_lcpu_state(i);

		if (st == UK_LCPU_IDLE || st == UK_LCPU_BUSY)
			mask[i / 64] |= 1ULL << (i % 64);
	}
	return CPUMASK_BYTES;
}

/* Every other runnable thread runs once before the caller continues. */
UK_SYSCALL_DEFINE0(sched_yield)
{
	uk_sched_yield();
	return 0;
}
