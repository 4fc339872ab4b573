/*
 * lib/posix-event/eventfd.c - eventfd (x86_64 only) and eventfd2: a 64-bit
 * counter as an open file, Linux's fs/eventfd.c.
 *
 * read (8 bytes or more, else EINVAL) returns the counter and zeroes it,
 * or with EFD_SEMAPHORE returns 1 and decrements it; at 0 it blocks, or
 * fails with EAGAIN under O_NONBLOCK. write (8 bytes or more) adds a value
 * (0xffffffffffffffff is EINVAL); a sum that would reach that value blocks
 * or fails with EAGAIN. poll: EPOLLIN when the counter is above 0,
 * EPOLLOUT while a write of 1 would not block (EPOLLERR at the maximum,
 * which only an overflowing kernel signal could reach on Linux) - without
 * POLLRDNORM/WRNORM, exactly as Linux reports it. Every write notifies
 * EPOLLIN (even of 0: Linux's way to re-trigger edge-triggered watchers),
 * every read EPOLLOUT.
 *
 * Blocked readers and writers wait on queues of their own; each change
 * wakes all of the other side, which check the counter again (the first
 * to run takes what is there, as on Linux).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "eventpoll.h"

#define EFD_FLAGS (EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)
#define COUNT_MAX UINT64_MAX

struct eventfd {
	uint64_t count;
	int semaphore;
	struct uk_waitq readers, writers;
};

static ssize_t efd_read(struct uk_vfs_file *f, void *buf, size_t len,
			off_t *off)
{
	struct eventfd *e = f->priv;
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	while (!e->count) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (uk_waitq_wait_intr(&e->readers, 0) == -EINTR)
			return -UK_ERESTARTSYS;
	}
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	uk_memcpy(buf, &v, sizeof(v));
	uk_waitq_wake_all(&e->writers);
	uk_vfs_file_notify(f, EPOLLOUT);
	return sizeof(v);
}

static ssize_t efd_write(struct uk_vfs_file *f, const void *buf, size_t len,
			 off_t *off)
{
	struct eventfd *e = f->priv;
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	uk_memcpy(&v, buf, sizeof(v));
	if (v == COUNT_MAX)
		return -EINVAL;
	while (COUNT_MAX - e->count <= v) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (uk_waitq_wait_intr(&e->writers, 0) == -EINTR)
			return -UK_ERESTARTSYS;
	}
	e->count += v;
	uk_waitq_wake_all(&e->readers);
	uk_vfs_file_notify(f, EPOLLIN);
	return sizeof(v);
}

static unsigned int efd_poll(struct uk_vfs_file *f)
{
	struct eventfd *e = f->priv;
	unsigned int ev = 0;

	if (e->count > 0)
		ev |= EPOLLIN;
	if (e->count == COUNT_MAX)
		ev |= EPOLLERR;
	if (COUNT_MAX - 1 > e->count)
		ev |= EPOLLOUT;
	return ev;
}

static void efd_release(struct uk_vfs_file *f)
{
	uk_free(f->priv);
}

static const struct uk_vfs_file_ops eventfd_ops = {
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.release = efd_release,
};

static long eventfd_new(unsigned int count, int flags)
{
	struct eventfd *e;
	struct uk_vfs_file *f;
	int fd;

	if (flags & ~EFD_FLAGS)
		return -EINVAL;
	e = uk_calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = count;
	e->semaphore = !!(flags & EFD_SEMAPHORE);
	f = uk_vfs_file_alloc(&eventfd_ops, e, O_RDWR | (flags & EFD_NONBLOCK));
	if (!f) {
		uk_free(e);
		return -ENOMEM;
	}
	fd = uk_vfs_fd_install(f, 0,
			       (flags & EFD_CLOEXEC) ? VFS_FD_CLOEXEC : 0);
	if (fd < 0)
		uk_vfs_file_put(f);
	return fd;
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE1(eventfd, unsigned int, count)
{
	return eventfd_new(count, 0);
}
#endif

UK_SYSCALL_DEFINE2(eventfd2, unsigned int, count, int, flags)
{
	return eventfd_new(count, flags);
}
