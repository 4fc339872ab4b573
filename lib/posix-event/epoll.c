/*
 * lib/posix-event/epoll.c - epoll instances: epoll_create (x86_64 only),
 * epoll_create1 and epoll_ctl; the instance as an open file (its own poll
 * and release); the items' notify, which feeds the ready list that
 * epoll_wait (epwait.c) reads.
 *
 * Like Linux's fs/eventpoll.c: each item is a poll entry on the watched
 * file's queue; a notify whose events the item asked for (or an unknown
 * change, events 0) puts it on the ready list and wakes one thread of
 * epoll_wait, and the instance's own watchers (poll on an epoll fd, or an
 * outer instance). The instance holds no reference on watched files: the
 * VFS_POLLFREE notify of a file's last close removes the item on the spot.
 * An item whose EPOLLONESHOT fired keeps only its flag bits until
 * EPOLL_CTL_MOD re-arms it, and ignores notifies meanwhile.
 *
 * epoll_ctl checks in Linux's order: EFAULT (no event for ADD/MOD), EBADF
 * (either descriptor), EPERM (a target that cannot be polled: a regular
 * file or directory without a poll operation), EINVAL (epfd not an epoll,
 * or the same file as the target; EPOLLEXCLUSIVE with MOD, on an epoll
 * target, or with bits other than IN/OUT/ERR/HUP/WAKEUP/ET), ELOOP (an
 * epoll target that would close a cycle or make a chain of more than 5
 * instances), then EEXIST/ENOENT and EINVAL for an unknown op.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include "eventpoll.h"

#define EXCLUSIVE_OK_BITS                                                    \
	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET |    \
	 EPOLLEXCLUSIVE)

static const struct uk_vfs_file_ops epoll_ops;

struct uk_eventpoll *uk_epoll_of(struct uk_vfs_file *f)
{
	return f->ops == &epoll_ops ? f->priv : NULL;
}

/* Ready list: items whose file may have events, oldest first. */
static int ready_add(struct uk_eventpoll *ep, struct uk_ep_item *it)
{
	if (it->ready)
		return 0;
	it->ready = 1;
	it->rnext = NULL;
	it->rprev = ep->rd_tail;
	if (ep->rd_tail)
		ep->rd_tail->rnext = it;
	else
		ep->rd_head = it;
	ep->rd_tail = it;
	return 1;
}

void uk_epoll_ready_del(struct uk_eventpoll *ep, struct uk_ep_item *it)
{
	if (!it->ready)
		return;
	if (it->rprev)
		it->rprev->rnext = it->rnext;
	else
		ep->rd_head = it->rnext;
	if (it->rnext)
		it->rnext->rprev = it->rprev;
	else
		ep->rd_tail = it->rprev;
	it->rnext = it->rprev = NULL;
	it->ready = 0;
}

void uk_epoll_ready_append(struct uk_eventpoll *ep, struct uk_ep_item *head,
			   struct uk_ep_item *tail)
{
	if (!head)
		return;
	head->rprev = ep->rd_tail;
	if (ep->rd_tail)
		ep->rd_tail->rnext = head;
	else
		ep->rd_head = head;
	ep->rd_tail = tail;
	tail->rnext = NULL;
}

/* Something may be ready: one epoll_wait thread, and our own watchers. */
static void wake(struct uk_eventpoll *ep)
{
	uk_waitq_wake_one(&ep->wq);
	uk_vfs_file_notify(ep->file, EPOLLIN);
}

static void item_free(struct uk_eventpoll *ep, struct uk_ep_item *it)
{
	uk_vfs_pollq_del(&it->file->pollq, &it->pe);
	uk_eptree_remove(&ep->tree, it);
	uk_epoll_ready_del(ep, it);
	if (uk_epoll_of(it->file)) {
		if (it->nprev)
			it->nprev->nnext = it->nnext;
		else
			ep->nested = it->nnext;
		if (it->nnext)
			it->nnext->nprev = it->nprev;
	}
	ep->nitems--;
	uk_free(it);
}

static void item_notify(struct uk_vfs_poll_entry *pe, unsigned int events)
{
	struct uk_ep_item *it = UK_EV_CONTAINER(pe, struct uk_ep_item, pe);
	struct uk_eventpoll *ep = it->ep;

	if (events & VFS_POLLFREE) {
		item_free(ep, it);
		return;
	}
	if (!(it->events & ~UK_EP_PRIVATE_BITS))
		return; /* a EPOLLONESHOT item that has fired */
	if (events && !(events & it->events))
		return;
	ready_add(ep, it);
	/* Linux wakes even when the item was queued already. */
	wake(ep);
}

/*
 * The instance as a file: readable when one of its ready items really
 * has events. Items that have none leave the list here, as Linux prunes
 * them; a nested instance's poll recurses at most UK_EP_MAX_NESTS deep.
 */
static unsigned int epoll_poll(struct uk_vfs_file *f)
{
	struct uk_eventpoll *ep = f->priv;
	struct uk_ep_item *it;

	while ((it = ep->rd_head)) {
		if (uk_vfs_file_poll(it->file) & it->events)
			return EPOLLIN | EPOLLRDNORM;
		uk_epoll_ready_del(ep, it);
	}
	return 0;
}

/* The last close: every item leaves its file's poll queue. */
static void epoll_release(struct uk_vfs_file *f)
{
	struct uk_eventpoll *ep = f->priv;

	while (ep->tree)
		item_free(ep, ep->tree);
	uk_free(ep);
}

static const struct uk_vfs_file_ops epoll_ops = {
	.poll = epoll_poll,
	.release = epoll_release,
};

static long epoll_new(int cloexec)
{
	struct uk_eventpoll *ep = uk_calloc(1, sizeof(*ep));
	struct uk_vfs_file *f;
	int fd;

	if (!ep)
		return -ENOMEM;
	f = uk_vfs_file_alloc(&epoll_ops, ep, O_RDWR);
	if (!f) {
		uk_free(ep);
		return -ENOMEM;
	}
	ep->file = f;
	fd = uk_vfs_fd_install(f, 0, cloexec ? VFS_FD_CLOEXEC : 0);
	if (fd < 0)
		uk_vfs_file_put(f);
	return fd;
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE1(epoll_create, int, size)
{
	if (size <= 0)
		return -EINVAL;
	return epoll_new(0);
}
#endif

UK_SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	return epoll_new(flags & EPOLL_CLOEXEC);
}

/*
 * The loop check, as Linux's ep_loop_check: the longest chain of
 * instances below 'to' (counting links; a path back to 'into' counts as
 * too long) plus the link being added plus the longest chain above 'into'
 * may not exceed UK_EP_MAX_NESTS links. Each pass marks the instances it
 * has measured with a new generation, so shared sub-graphs count once.
 */
static unsigned int loop_gen;

static int depth_below(struct uk_eventpoll *ep, struct uk_eventpoll *into,
		       int level)
{
	int d = 0;

	if (ep->gen == loop_gen)
		return ep->depth;
	ep->gen = loop_gen;
	for (struct uk_ep_item *it = ep->nested; it; it = it->nnext) {
		struct uk_eventpoll *sub = it->file->priv;
		int s;

		if (sub == into || level > UK_EP_MAX_NESTS)
			s = UK_EP_MAX_NESTS + 1;
		else
			s = depth_below(sub, into, level + 1) + 1;
		if (s > d)
			d = s;
		if (d > UK_EP_MAX_NESTS)
			break;
	}
	ep->depth = d;
	return d;
}

/* The instances watching ep are the owners of the items on its queue. */
static int depth_above(struct uk_eventpoll *ep)
{
	int d = 0;

	if (ep->gen == loop_gen)
		return ep->depth;
	for (struct uk_vfs_poll_entry *e = ep->file->pollq.head; e;
	     e = e->next) {
		struct uk_ep_item *it;
		int s;

		if (e->notify != item_notify)
			continue; /* poll or select waiting on the instance */
		it = UK_EV_CONTAINER(e, struct uk_ep_item, pe);
		s = depth_above(it->ep) + 1;
		if (s > d)
			d = s;
	}
	ep->gen = loop_gen;
	ep->depth = d;
	return d;
}

static int loop_check(struct uk_eventpoll *into, struct uk_eventpoll *to)
{
	int below;

	loop_gen++;
	below = depth_below(to, into, 0);
	if (below > UK_EP_MAX_NESTS)
		return -ELOOP;
	loop_gen++;
	return below + 1 + depth_above(into) > UK_EP_MAX_NESTS ? -ELOOP : 0;
}

static long item_insert(struct uk_eventpoll *ep, struct uk_vfs_file *tf, int fd,
			const struct epoll_event *ev)
{
	struct uk_ep_item *it = uk_calloc(1, sizeof(*it));

	if (!it)
		return -ENOMEM;
	it->pe.notify = item_notify;
	it->ep = ep;
	it->file = tf;
	it->fd = fd;
	it->events = ev->events | EPOLLERR | EPOLLHUP;
	it->data = ev->data.u64;
	uk_eptree_insert(&ep->tree, it);
	if (uk_epoll_of(tf)) {
		it->nnext = ep->nested;
		if (ep->nested)
			ep->nested->nprev = it;
		ep->nested = it;
	}
	ep->nitems++;
	uk_vfs_pollq_add(&tf->pollq, &it->pe);
	if ((uk_vfs_file_poll(tf) & it->events) && ready_add(ep, it))
		wake(ep);
	return 0;
}

static long item_modify(struct uk_eventpoll *ep, struct uk_ep_item *it,
			const struct epoll_event *ev)
{
	it->events = ev->events | EPOLLERR | EPOLLHUP;
	it->data = ev->data.u64;
	if ((uk_vfs_file_poll(it->file) & it->events) && ready_add(ep, it))
		wake(ep);
	return 0;
}

/* Linux's file_can_poll, for files of the VFS that may lack a poll op. */
static int can_poll(const struct uk_vfs_file *f)
{
	if (f->ops && f->ops->poll)
		return 1;
	return !(f->vnode &&
		 (S_ISREG(f->vnode->mode) || S_ISDIR(f->vnode->mode)));
}

static long ctl(struct uk_vfs_file *f, int op, int fd, struct uk_vfs_file *tf,
		const struct epoll_event *ev)
{
	struct uk_eventpoll *ep = uk_epoll_of(f);
	struct uk_ep_item *it;

	if (!can_poll(tf))
		return -EPERM;
	if (f == tf || !ep)
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD &&
		    (uk_epoll_of(tf) || (ev->events & ~EXCLUSIVE_OK_BITS)))
			return -EINVAL;
	}
	if (op == EPOLL_CTL_ADD && uk_epoll_of(tf) &&
	    loop_check(ep, uk_epoll_of(tf)))
		return -ELOOP;
	it = uk_eptree_find(ep->tree, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		return it ? -EEXIST : item_insert(ep, tf, fd, ev);
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		item_free(ep, it);
		return 0;
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		/* Exclusive wake-ups are fixed when the item is added. */
		if (it->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		return item_modify(ep, it, ev);
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd,
		   const struct epoll_event *, event)
{
	struct epoll_event ev = { 0 };
	struct uk_vfs_file *f, *tf;
	long rc;

	/* Linux reads the event for every op but DEL, valid or not. */
	if (op != EPOLL_CTL_DEL) {
		if (!event)
			return -EFAULT;
		ev = *event;
	}
	f = uk_vfs_fd_get(epfd);
	if (!f)
		return -EBADF;
	tf = uk_vfs_fd_get(fd);
	if (!tf) {
		uk_vfs_file_put(f);
		return -EBADF;
	}
	rc = ctl(f, op, fd, tf, &ev);
	uk_vfs_file_put(tf);
	uk_vfs_file_put(f);
	return rc;
}
