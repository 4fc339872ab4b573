/*
 * lib/posix-futex/futex.c - the futex system call over uksched's wait
 * queues: FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE,
 * FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, with FUTEX_PRIVATE_FLAG (one
 * address space: private and shared futexes are the same) and
 * FUTEX_CLOCK_REALTIME for the absolute deadlines of WAIT_BITSET.
 *
 * Waiters are records on the waiting thread's stack, in one list in
 * arrival order, so wakes are first come first served; each record has its
 * own wait queue holding just its thread. The check of the futex word and
 * the queueing happen without another thread running in between (the
 * scheduler is cooperative), which is what makes a wake-up impossible to
 * lose.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <uk/futex.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/syscall.h>

#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_REQUEUE        3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

#define NSEC_PER_SEC 1000000000ULL

struct waiter {
	struct waiter *next;
	const uint32_t *uaddr;
	uint32_t bitset;
	struct uk_waitq q;
	int woken;
};

static struct waiter *waiters;

static void unlink_waiter(struct waiter *w)
{
	for (struct waiter **pp = &waiters; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			return;
		}
	}
}

/* The absolute monotonic deadline of a timeout; 0 for none, -EINVAL if bad. */
static long deadline_of(const struct timespec *ts, int absolute, int realtime,
			uint64_t *deadline)
{
	uint64_t ns, now = ukplat_monotonic_ns();

	*deadline = 0;
	if (!ts)
		return 0;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	ns = (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
	if (!absolute) {
		*deadline = now + ns;
	} else if (realtime) {
		uint64_t boot = (uint64_t)ukplat_wallclock_boot_sec() * NSEC_PER_SEC;

		*deadline = ns > boot ? ns - boot : 1;
	} else {
		*deadline = ns ? ns : 1;
	}
	return 0;
}

static long futex_wait(const uint32_t *uaddr, uint32_t val, uint64_t deadline,
		       uint32_t bitset)
{
	struct waiter w = { .uaddr = uaddr, .bitset = bitset };
	struct waiter **pp = &waiters;
	int rc;

	if (!bitset)
		return -EINVAL;
	if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val)
		return -EAGAIN;
	while (*pp)
		pp = &(*pp)->next;
	*pp = &w;
	/* A signal aimed at this thread cuts the wait short (EINTR). */
	rc = uk_waitq_wait_intr(&w.q, deadline);
	if (!w.woken) {
		unlink_waiter(&w);
		return rc ? rc : -EINTR;
	}
	return 0;
}

/* Wake up to n waiters on uaddr whose bitset meets 'bitset'. */
static long futex_wake(const uint32_t *uaddr, long n, uint32_t bitset)
{
	long woken = 0;

	if (!bitset)
		return -EINVAL;
	for (struct waiter **pp = &waiters; *pp && woken < n;) {
		struct waiter *w = *pp;

		if (w->uaddr == uaddr && (w->bitset & bitset)) {
			*pp = w->next;
			w->woken = 1;
			uk_waitq_wake_one(&w->q);
			woken++;
		} else {
			pp = &w->next;
		}
	}
	return woken;
}

/* Wake n waiters of uaddr, move up to n2 of the rest to uaddr2. */
static long futex_requeue(const uint32_t *uaddr, long n, long n2,
			  const uint32_t *uaddr2)
{
	long woken = futex_wake(uaddr, n, FUTEX_BITSET_MATCH_ANY), moved = 0;

	for (struct waiter *w = waiters; w && moved < n2; w = w->next) {
		if (w->uaddr == uaddr) {
			w->uaddr = uaddr2;
			moved++;
		}
	}
	return woken + moved;
}

long uk_futex_wake(const uint32_t *uaddr, long n)
{
	return futex_wake(uaddr, n, FUTEX_BITSET_MATCH_ANY);
}

UK_SYSCALL_DEFINE6(futex, uint32_t *, uaddr, int, op, uint32_t, val,
		   const struct timespec *, timeout, uint32_t *, uaddr2,
		   uint32_t, val3)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	int realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
	/* For the requeue operations, the timeout argument carries a count. */
	long n2 = (long)(uintptr_t)timeout;
	uint64_t deadline;
	long rc;

	if (!uaddr || ((uintptr_t)uaddr & 3))
		return -EINVAL;
	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT: /* relative, whichever clock: they run at one rate */
		rc = deadline_of(timeout, 0, 0, &deadline);
		return rc ? rc : futex_wait(uaddr, val, deadline, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		rc = deadline_of(timeout, 1, realtime, &deadline);
		return rc ? rc : futex_wait(uaddr, val, deadline, val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, (long)(int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, (long)(int)val, val3);
	case FUTEX_CMP_REQUEUE:
		if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val3)
			return -EAGAIN;
		/* fall through */
	case FUTEX_REQUEUE:
		if ((int)val < 0 || n2 < 0 || !uaddr2 || ((uintptr_t)uaddr2 & 3))
			return -EINVAL;
		return futex_requeue(uaddr, (long)(int)val, n2, uaddr2);
	default:
		return -ENOSYS;
	}
}
