/*
 * lib/vfscore/file.c - open files (reference counting, release) and the
 * poll queues that poll, select and epoll hang on every file.
 */
#include <fcntl.h>
#include <poll.h>
#include <uk/alloc.h>
#include <uk/vfs.h>
#include "vfs_impl.h"

void uk_vfs_pollq_add(struct uk_vfs_pollq *q, struct uk_vfs_poll_entry *e)
{
	e->prev = NULL;
	e->next = q->head;
	if (q->head)
		q->head->prev = e;
	q->head = e;
}

void uk_vfs_pollq_del(struct uk_vfs_pollq *q, struct uk_vfs_poll_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else if (q->head == e)
		q->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	e->next = e->prev = NULL;
}

void uk_vfs_pollq_notify(struct uk_vfs_pollq *q, unsigned int events)
{
	struct uk_vfs_poll_entry *e = q->head, *next;

	/* Read 'next' first: a notify may unlink (and free) its entry. */
	for (; e; e = next) {
		next = e->next;
		e->notify(e, events);
	}
}

struct uk_vfs_file *uk_vfs_file_alloc(const struct uk_vfs_file_ops *ops, void *priv,
				int flags)
{
	struct uk_vfs_file *f = uk_calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->priv = priv;
	f->refs = 1;
	f->flags = flags;
	return f;
}

void uk_vfs_file_get(struct uk_vfs_file *f)
{
	f->refs++;
}

void uk_vfs_file_put(struct uk_vfs_file *f)
{
	if (!f || --f->refs)
		return;
	/* Watchers leave first (epoll drops its items), then the file goes. */
	uk_vfs_pollq_notify(&f->pollq, VFS_POLLFREE);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	uk_vfs_vnode_put(f->vnode);
	uk_free(f);
}

void uk_vfs_file_notify(struct uk_vfs_file *f, unsigned int events)
{
	uk_vfs_pollq_notify(&f->pollq, events);
}

unsigned int uk_vfs_file_poll(struct uk_vfs_file *f)
{
	unsigned int acc = f->flags & O_ACCMODE, ev = 0;

	if (f->ops && f->ops->poll)
		return f->ops->poll(f);
	/* Regular files and the like never block: ready for what the mode allows. */
	if (acc == O_RDONLY || acc == O_RDWR)
		ev |= POLLIN | POLLRDNORM;
	if (acc == O_WRONLY || acc == O_RDWR)
		ev |= POLLOUT | POLLWRNORM;
	return ev;
}
