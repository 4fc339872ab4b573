/*
 * lib/posix-socket/wait.c - a thread waiting until its socket is ready
 * (uk_socket_wait), for drivers whose protocol code cannot be
 * interrupted while it waits (lwIP's): the driver makes its call without
 * waiting and, while the call would block, waits here, where a signal
 * for the thread or the socket's timeout ends the wait.
 *
 * The wait watches the socket's file like poll does: an entry on its poll
 * queue whose notify wakes the thread, added before the first look at
 * the socket's state so that no change between that look and the sleep
 * goes unheard.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <uk/sched.h>
#include <uk/vfs.h>
#include "socket_impl.h"

struct sock_waiter {
	struct uk_vfs_poll_entry pe;    /* first: the notify's way back */
	struct uk_vfs_file *file;
	struct uk_waitq q;
	unsigned int mask;
	volatile int woken;
};

static void waiter_notify(struct uk_vfs_poll_entry *pe, unsigned int events)
{
	struct sock_waiter *w = (struct sock_waiter *)pe;

	if (events & VFS_POLLFREE) {
		/* Not while the caller holds the file; unlink if ever. */
		uk_vfs_pollq_del(&w->file->pollq, pe);
		return;
	}
	/* A hint about other events is not for us (events 0: ask again). */
	if (events && !(events & w->mask))
		return;
	w->woken = 1;
	uk_waitq_wake_all(&w->q);
}

int uk_socket_wait(struct uk_socket *s, unsigned int events,
		   uint64_t deadline_ns)
{
	struct sock_waiter w = { .file = s->file,
				 .mask = events | POLLERR | POLLHUP };
	int rc = 0;

	w.pe.notify = waiter_notify;
	uk_vfs_pollq_add(&s->file->pollq, &w.pe);
	for (;;) {
		w.woken = 0;
		if (uk_vfs_file_poll(s->file) & w.mask)
			break;
		if (w.woken)
			continue; /* changed while we looked: look again */
		rc = uk_waitq_wait_intr(&w.q, deadline_ns);
		if (rc)
			break;
	}
	uk_vfs_pollq_del(&s->file->pollq, &w.pe);
	return rc;
}
