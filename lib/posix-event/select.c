/*
 * lib/posix-event/select.c - select (x86_64 only) and pselect6, over the
 * poll table of core.c.
 *
 * Linux's rules (fs/select.c): n < 0 is EINVAL and n is cut to the
 * descriptor table's size; any descriptor below n named in a set but not
 * open is EBADF, before anything waits; "readable" is any of
 * POLLIN/RDNORM/RDBAND/HUP/ERR, "writable" POLLOUT/WRNORM/WRBAND/ERR,
 * "exceptional" POLLPRI; the sets come back holding only the ready
 * descriptors (whole words rewritten, up to n) and the result counts set
 * bits. The timeout is checked first (select normalises tv_usec beyond a
 * second; anything negative is EINVAL), then pselect6's signal mask; and
 * unless it was zero, the time left is written back, even on error.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <uk/syscall.h>
#include "eventpoll.h"

#define IN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define OUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define EX_SET (POLLPRI)

#define WORD_BITS (8 * sizeof(unsigned long))

/* The kernel's struct timeval on 64-bit architectures. */
struct ktimeval {
	long tv_sec;
	long tv_usec;
};

/* pselect6's sixth argument: the mask and its size, by reference. */
struct sigmask_pack {
	const uint64_t *mask;
	size_t size;
};

static int bit(const unsigned long *set, int fd)
{
	return set && ((set[fd / WORD_BITS] >> (fd % WORD_BITS)) & 1);
}

/* Which sets name fd (bit 0: in, 1: out, 2: ex). */
static unsigned int sets_of(unsigned long *sets[3], int fd)
{
	return bit(sets[0], fd) | bit(sets[1], fd) << 1 | bit(sets[2], fd) << 2;
}

static unsigned int mask_of(unsigned int which)
{
	return (which & 1 ? IN_SET : 0) | (which & 2 ? OUT_SET : 0) |
	       (which & 4 ? EX_SET : 0);
}

/* Take the files of every descriptor named; -EBADF for one not open. */
static int take_files(struct uk_event_pollset *ps, unsigned long *sets[3],
		      int n)
{
	unsigned int k = 0;

	for (int fd = 0; fd < n; fd++) {
		unsigned int which = sets_of(sets, fd);
		struct uk_event_pollent *e;

		if (!which)
			continue;
		e = &ps->ent[k];
		e->file = uk_vfs_fd_get(fd);
		if (!e->file)
			return -EBADF;
		e->fd = fd;
		e->sets = (unsigned char)which;
		e->mask = mask_of(which);
		k++;
	}
	return 0;
}

static long do_select(int n, unsigned long *in, unsigned long *out,
		      unsigned long *ex, uint64_t deadline)
{
	unsigned long *sets[3] = { in, out, ex };
	static const unsigned int set_events[3] = { IN_SET, OUT_SET, EX_SET };
	struct uk_event_pollset ps;
	unsigned int count = 0, words;
	long rc;

	if (n < 0)
		return -EINVAL;
	if ((unsigned int)n > uk_vfs_fd_limit())
		n = (int)uk_vfs_fd_limit();
	for (int fd = 0; fd < n; fd++)
		if (sets_of(sets, fd))
			count++;
	rc = uk_event_pollset_init(&ps, count);
	if (rc)
		return rc;
	rc = take_files(&ps, sets, n);
	if (!rc)
		rc = uk_event_pollset_wait(&ps, deadline);
	if (rc < 0) {
		uk_event_pollset_free(&ps);
		return rc;
	}
	/* The sets now say what is ready: whole words, as Linux copies. */
	words = (unsigned int)((n + WORD_BITS - 1) / WORD_BITS);
	for (int s = 0; s < 3; s++)
		for (unsigned int w = 0; sets[s] && w < words; w++)
			sets[s][w] = 0;
	rc = 0;
	for (unsigned int i = 0; i < ps.n; i++) {
		struct uk_event_pollent *e = &ps.ent[i];

		for (int s = 0; s < 3; s++) {
			if ((e->sets & (1u << s)) &&
			    (e->revents & set_events[s])) {
				sets[s][e->fd / WORD_BITS] |=
					1UL << (e->fd % WORD_BITS);
				rc++;
			}
		}
	}
	uk_event_pollset_free(&ps);
	return rc;
}

static void time_left(uint64_t deadline, long *sec, long *nsec)
{
	uint64_t left = uk_event_remaining_ns(deadline);

	*sec = (long)(left / 1000000000ULL);
	*nsec = (long)(left % 1000000000ULL);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE5(select, int, n, unsigned long *, in, unsigned long *, out,
		   unsigned long *, ex, struct ktimeval *, tvp)
{
	uint64_t deadline = UK_EV_FOREVER;
	long rc, sec, nsec;

	if (tvp) {
		/* Linux folds whole seconds of tv_usec into tv_sec. */
		sec = tvp->tv_sec;
		nsec = tvp->tv_usec / 1000000;
		if (nsec > 0 && sec > LONG_MAX - nsec)
			sec = LONG_MAX;
		else if (nsec < 0 && sec < LONG_MIN - nsec)
			sec = LONG_MIN; /* negative either way: EINVAL */
		else
			sec += nsec;
		rc = uk_event_deadline_rel(sec, (tvp->tv_usec % 1000000) * 1000,
					   &deadline);
		if (rc)
			return rc;
	}
	rc = do_select(n, in, out, ex, deadline);
	if (tvp && deadline != UK_EV_NOW && deadline != UK_EV_FOREVER) {
		time_left(deadline, &sec, &nsec);
		tvp->tv_sec = sec;
		tvp->tv_usec = nsec / 1000;
	}
	return rc;
}
#endif

UK_SYSCALL_DEFINE6(pselect6, int, n, unsigned long *, in, unsigned long *,
		   out, unsigned long *, ex, struct timespec *, tsp,
		   const struct sigmask_pack *, sig)
{
	uint64_t deadline = UK_EV_FOREVER, saved = 0;
	long rc, sec, nsec;
	int masked = 0;

	if (tsp) {
		rc = uk_event_deadline_rel(tsp->tv_sec, tsp->tv_nsec,
					   &deadline);
		if (rc)
			return rc;
	}
	if (sig) {
		masked = uk_event_sigmask_set(sig->mask, sig->size, &saved);
		if (masked < 0)
			return masked;
	}
	rc = do_select(n, in, out, ex, deadline);
	if (masked)
		uk_event_sigmask_restore(saved);
	if (tsp && deadline != UK_EV_NOW && deadline != UK_EV_FOREVER) {
		time_left(deadline, &sec, &nsec);
		tsp->tv_sec = sec;
		tsp->tv_nsec = nsec;
	}
	return rc;
}
