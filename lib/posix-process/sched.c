/*
 * lib/posix-process/sched.c - sched_getaffinity (one CPU) and sched_yield
 * (the scheduler's yield).
 *
 * The affinity mask is CPU 0 alone, written as one 64-bit word (the
 * kernel's cpumask size here): Linux answers EINVAL for a buffer shorter
 * than that or not a multiple of the word size, and returns the number of
 * bytes it wrote (musl's wrapper clears the rest of the caller's set).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include "posixprocess.h"

#define CPUMASK_BYTES sizeof(uint64_t)

UK_SYSCALL_DEFINE3(sched_getaffinity, int, pid, size_t, len, uint64_t *, mask)
{
	/* pid 0 is the caller; any thread of ours runs on CPU 0. */
	if (pid != 0 && !uk_proc_tid_exists(pid))
		return -ESRCH;
	if (len < CPUMASK_BYTES || len % CPUMASK_BYTES)
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	*mask = 1; /* CPU 0 */
	return CPUMASK_BYTES;
}

/* Every other runnable thread runs once before the caller continues. */
UK_SYSCALL_DEFINE0(sched_yield)
{
	uk_sched_yield();
	return 0;
}
