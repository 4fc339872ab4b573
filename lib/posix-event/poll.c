/*
 * lib/posix-event/poll.c - poll (x86_64 only) and ppoll, over the poll
 * table of core.c.
 *
 * As Linux: nfds above RLIMIT_NOFILE is EINVAL; a negative fd is skipped
 * (revents 0); a descriptor that is not open reports POLLNVAL and counts
 * as ready; POLLERR and POLLHUP are reported whether asked for or not;
 * the result is the number of entries with a non-zero revents. ppoll
 * checks its timeout, then its signal mask (which holds for the call),
 * and writes the time left back into the timespec, as Linux does unless
 * the timeout was zero.
 */
#include <errno.h>
#include <poll.h>
#include <uk/syscall.h>
#include "eventpoll.h"

static long do_poll(struct pollfd *fds, unsigned int nfds, uint64_t deadline)
{
	struct uk_event_pollset ps;
	int rc;

	if (nfds > uk_vfs_fd_limit())
		return -EINVAL;
	if (nfds && !fds)
		return -EFAULT;
	rc = uk_event_pollset_init(&ps, nfds);
	if (rc)
		return rc;
	for (unsigned int i = 0; i < nfds; i++) {
		struct uk_event_pollent *e = &ps.ent[i];

		if (fds[i].fd < 0)
			continue;
		e->file = uk_vfs_fd_get(fds[i].fd);
		if (!e->file)
			e->nval = 1;
		/* events is a short: its bits are the EPOLL* values. */
		e->mask = (unsigned short)fds[i].events | POLLERR | POLLHUP;
	}
	rc = uk_event_pollset_wait(&ps, deadline);
	for (unsigned int i = 0; i < nfds; i++)
		fds[i].revents = (short)ps.ent[i].revents;
	uk_event_pollset_free(&ps);
	return rc;
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE3(poll, struct pollfd *, fds, unsigned int, nfds, int,
		   timeout_ms)
{
	return do_poll(fds, nfds, uk_event_deadline_ms(timeout_ms));
}
#endif

UK_SYSCALL_DEFINE5(ppoll, struct pollfd *, fds, unsigned int, nfds,
		   struct timespec *, tsp, const uint64_t *, sigmask, size_t,
		   sigsetsize)
{
	uint64_t deadline = UK_EV_FOREVER, saved = 0;
	long rc;
	int masked;

	if (tsp) {
		rc = uk_event_deadline_rel(tsp->tv_sec, tsp->tv_nsec,
					   &deadline);
		if (rc)
			return rc;
	}
	masked = uk_event_sigmask_set(sigmask, sigsetsize, &saved);
	if (masked < 0)
		return masked;
	rc = do_poll(fds, nfds, deadline);
	if (masked)
		uk_event_sigmask_restore(saved);
	if (tsp && deadline != UK_EV_NOW) {
		uint64_t left = uk_event_remaining_ns(deadline);

		/* A deadline that saturated says "forever": leave it be. */
		if (deadline != UK_EV_FOREVER) {
			tsp->tv_sec = (time_t)(left / 1000000000ULL);
			tsp->tv_nsec = (long)(left % 1000000000ULL);
		}
	}
	return rc;
}
