/*
 * lib/posix-event/epwait.c - epoll_wait (x86_64 only), epoll_pwait and
 * epoll_pwait2: the scan of an instance's ready list and the wait for it
 * to fill.
 *
 * The cost of a wait is the number of ready items, never the number
 * registered: only items a notify put on the ready list are asked (through
 * their file's poll) what holds. An item with no events left drops off;
 * one reported leaves the list if it is edge-triggered, is disarmed if it
 * is EPOLLONESHOT, and otherwise (level-triggered) goes back to the end of
 * the list, behind the items not yet reported, so that a small maxevents
 * still gets round to every ready item.
 *
 * Waiting threads are woken one per notify, as Linux's exclusive waits;
 * a scan that leaves items on the list wakes the next waiter in turn, so
 * level-triggered events reach every waiting thread and edge-triggered
 * ones reach one.
 *
 * Argument checks in Linux's order: the timeout (epoll_pwait2), the
 * signal mask size, maxevents (<= 0 or too many: EINVAL), epfd (EBADF,
 * EINVAL when not an epoll instance). The signal mask holds for the call.
 */
#include <errno.h>
#include <limits.h>
#include <uk/syscall.h>
#include "eventpoll.h"

/* Linux's EP_MAX_EVENTS: the event array's size must fit in an int. */
#define MAX_EVENTS ((int)(INT_MAX / sizeof(struct epoll_event)))

int uk_epoll_scan(struct uk_eventpoll *ep, struct epoll_event *out, int max)
{
	struct uk_ep_item *it, *again = NULL, *again_tail = NULL;
	int n = 0;

	while (n < max && (it = ep->rd_head)) {
		unsigned int revents = uk_vfs_file_poll(it->file) & it->events;

		if (revents && !out) {
			/* Linux's failed copy: the item stays, EFAULT. */
			n = -EFAULT;
			break;
		}
		uk_epoll_ready_del(ep, it);
		if (!revents)
			continue;
		out[n].events = revents;
		out[n].data.u64 = it->data;
		n++;
		if (it->events & EPOLLONESHOT) {
			it->events &= UK_EP_PRIVATE_BITS;
		} else if (!(it->events & EPOLLET)) {
			/* Level-triggered: asked again next time. */
			it->ready = 1;
			it->rnext = NULL;
			it->rprev = again_tail;
			if (again_tail)
				again_tail->rnext = it;
			else
				again = it;
			again_tail = it;
		}
	}
	uk_epoll_ready_append(ep, again, again_tail);
	if (ep->rd_head)
		uk_waitq_wake_one(&ep->wq);
	return n;
}

static long ep_wait(int epfd, struct epoll_event *events, int maxevents,
		    uint64_t deadline)
{
	struct uk_eventpoll *ep;
	struct uk_vfs_file *f;
	int n, timed_out = 0;

	if (maxevents <= 0 || maxevents > MAX_EVENTS)
		return -EINVAL;
	f = uk_vfs_fd_get(epfd);
	if (!f)
		return -EBADF;
	ep = uk_epoll_of(f);
	if (!ep) {
		uk_vfs_file_put(f);
		return -EINVAL;
	}
	for (;;) {
		n = uk_epoll_scan(ep, events, maxevents);
		if (n || timed_out || deadline == UK_EV_NOW)
			break;
		/* As Linux: after the deadline, one more scan, then 0. */
		n = uk_event_block(&ep->wq, deadline);
		if (n == -EINTR)
			break;
		if (n == -ETIMEDOUT)
			timed_out = 1;
	}
	uk_vfs_file_put(f);
	return n;
}

static long ep_pwait(int epfd, struct epoll_event *events, int maxevents,
		     uint64_t deadline, const uint64_t *sigmask,
		     size_t sigsetsize)
{
	uint64_t saved = 0;
	int masked = uk_event_sigmask_set(sigmask, sigsetsize, &saved);
	long rc;

	if (masked < 0)
		return masked;
	rc = ep_wait(epfd, events, maxevents, deadline);
	if (masked)
		uk_event_sigmask_restore(saved);
	return rc;
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE4(epoll_wait, int, epfd, struct epoll_event *, events, int,
		   maxevents, int, timeout_ms)
{
	return ep_wait(epfd, events, maxevents,
		       uk_event_deadline_ms(timeout_ms));
}
#endif

UK_SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event *, events, int,
		   maxevents, int, timeout_ms, const uint64_t *, sigmask,
		   size_t, sigsetsize)
{
	return ep_pwait(epfd, events, maxevents,
			uk_event_deadline_ms(timeout_ms), sigmask, sigsetsize);
}

UK_SYSCALL_DEFINE6(epoll_pwait2, int, epfd, struct epoll_event *, events,
		   int, maxevents, const struct timespec *, timeout,
		   const uint64_t *, sigmask, size_t, sigsetsize)
{
	uint64_t deadline = UK_EV_FOREVER;

	if (timeout) {
		long rc = uk_event_deadline_rel(timeout->tv_sec,
						timeout->tv_nsec, &deadline);

		if (rc)
			return rc;
	}
	return ep_pwait(epfd, events, maxevents, deadline, sigmask,
			sigsetsize);
}
