/*
 * lib/posix-process/rlimit.c - getrlimit, setrlimit and prlimit64 for our
 * one process (pid 0 = the caller, or 1; others do not exist: ESRCH).
 *
 * Limits are recorded per resource and reported back; libuk enforces only
 * RLIMIT_NOFILE (vfscore's descriptor table). The starting values are Linux's usual ones, adjusted to
 * what the unikernel really offers:
 * - RLIMIT_STACK: the size of the main thread's stack (soft = hard), from
 *   the boot code's uk_boot_stack_size() (boot option uk.stack_size), or
 *   8 MiB, Linux's default, when the boot library does not provide it. The
 *   stack never grows, so raising the limit does not make it larger.
 * - RLIMIT_NOFILE: soft 1024, hard 65536; the soft limit bounds the
 *   descriptor numbers (EMFILE); a hard limit above 65536 gives EPERM, as
 *   Linux answers above fs.nr_open.
 * - RLIMIT_CORE: soft 0 (no core files), hard unlimited.
 * - RLIMIT_NICE, RLIMIT_RTPRIO: 0; RLIMIT_MSGQUEUE: 819200 (Linux's).
 * - everything else (CPU, FSIZE, DATA, RSS, NPROC, MEMLOCK, AS, LOCKS,
 *   SIGPENDING, RTTIME): unlimited; all memory is resident and the only
 *   bounds are the machine's.
 * As root (all ids are 0), the process may raise hard limits.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/resource.h>
#include <uk/syscall.h>
#include "posixprocess.h"

#define INF RLIM_INFINITY
#define NOFILE_SOFT 1024
#define NOFILE_MAX (64 * 1024)
#define DEFAULT_STACK (8ULL << 20)

/* The kernel's struct rlimit64 (also its struct rlimit on 64-bit). */
struct krlimit {
	uint64_t cur, max;
};
_Static_assert(sizeof(struct krlimit) == sizeof(struct rlimit) &&
		       offsetof(struct krlimit, max) ==
			       offsetof(struct rlimit, rlim_max),
	       "rlimit ABI");

/* Provided by lib/ukboot and lib/vfscore; weak so that this library stands on its own. */
size_t uk_boot_stack_size(void) __attribute__((weak));
int uk_vfs_fd_set_limit(unsigned int n) __attribute__((weak));

static struct krlimit limits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { INF, INF },
	[RLIMIT_FSIZE] = { INF, INF },
	[RLIMIT_DATA] = { INF, INF },
	[RLIMIT_STACK] = { 0, 0 }, /* filled on first use */
	[RLIMIT_CORE] = { 0, INF },
	[RLIMIT_RSS] = { INF, INF },
	[RLIMIT_NPROC] = { INF, INF },
	[RLIMIT_NOFILE] = { NOFILE_SOFT, NOFILE_MAX },
	[RLIMIT_MEMLOCK] = { INF, INF },
	[RLIMIT_AS] = { INF, INF },
	[RLIMIT_LOCKS] = { INF, INF },
	[RLIMIT_SIGPENDING] = { INF, INF },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { INF, INF },
};
static int stack_known;

/* Linux's do_prlimit for the caller: checks, old value, then new one. */
static long do_prlimit(unsigned int resource, const struct krlimit *new,
		       struct krlimit *old)
{
	struct krlimit n = { 0, 0 };

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (!stack_known) {
		uint64_t size = uk_boot_stack_size ? uk_boot_stack_size()
						   : DEFAULT_STACK;

		limits[RLIMIT_STACK].cur = limits[RLIMIT_STACK].max = size;
		stack_known = 1;
	}
	if (new) {
		n = *new; /* read first: new and old may be one structure */
		if (n.cur > n.max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && n.max > NOFILE_MAX)
			return -EPERM;
	}
	if (old)
		*old = limits[resource];
	if (new) {
		limits[resource] = n;
		/* The descriptor table grows up to the soft limit. */
		if (resource == RLIMIT_NOFILE && uk_vfs_fd_set_limit)
			uk_vfs_fd_set_limit((unsigned int)n.cur);
	}
	return 0;
}

UK_SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource,
		   const struct krlimit *, new, struct krlimit *, old)
{
	if (pid != 0 && pid != UK_PROC_PID)
		return -ESRCH;
	return do_prlimit(resource, new, old);
}

UK_SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct krlimit *, rlim)
{
	if (!rlim)
		return resource >= RLIM_NLIMITS ? -EINVAL : -EFAULT;
	return do_prlimit(resource, NULL, rlim);
}

UK_SYSCALL_DEFINE2(setrlimit, unsigned int, resource,
		   const struct krlimit *, rlim)
{
	if (!rlim)
		return -EFAULT;
	return do_prlimit(resource, rlim, NULL);
}
