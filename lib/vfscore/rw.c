/*
 * lib/vfscore/rw.c - data through descriptors: read, write, their vector
 * and positioned forms, lseek, ioctl, fsync, fdatasync, sync.
 *
 * The access mode decides first (EBADF for a read on a write-only file,
 * as Linux); positioned calls need a seekable file (ESPIPE) and a
 * non-negative offset (EINVAL); a vector is checked whole before any byte
 * moves (EINVAL for a negative count, more than IOV_MAX entries or a total
 * past SSIZE_MAX). A NULL buffer is EFAULT; other bad pointers fault the
 * VM (libuk does not check user pointers).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <uk/syscall.h>
#include "vfs_impl.h"

static bool can_read(const struct uk_vfs_file *f)
{
	int acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_RDONLY || acc == O_RDWR);
}

static bool can_write(const struct uk_vfs_file *f)
{
	int acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}

ssize_t uk_vfs_file_read(struct uk_vfs_file *f, void *buf, size_t len, off_t *off)
{
	if (!can_read(f))
		return -EBADF;
	if ((ssize_t)len < 0)
		return -EINVAL;
	if (!f->ops->read)
		return -EINVAL;
	return f->ops->read(f, buf, len, off);
}

ssize_t uk_vfs_file_write(struct uk_vfs_file *f, const void *buf, size_t len,
		       off_t *off)
{
	if (!can_write(f))
		return -EBADF;
	if ((ssize_t)len < 0)
		return -EINVAL;
	if (!f->ops->write)
		return -EINVAL;
	return f->ops->write(f, buf, len, off);
}

static long rw(int fd, void *buf, size_t len, off_t pos, bool positioned, bool out)
{
	struct uk_vfs_file *f;
	off_t *off;
	long rc;

	/* Linux checks a negative offset before the descriptor. */
	if (positioned && pos < 0)
		return -EINVAL;
	if (!buf && len)
		return -EFAULT; /* the one bad pointer checked: others fault */
	f = uk_vfs_fd_get(fd);
	if (!f)
		return -EBADF;
	if (positioned && !(f->ops->flags & VFS_FILE_SEEKABLE))
		rc = (out ? can_write(f) : can_read(f)) ? -ESPIPE : -EBADF;
	else {
		off = positioned ? &pos : &f->pos;
		rc = out ? uk_vfs_file_write(f, buf, len, off)
			 : uk_vfs_file_read(f, buf, len, off);
	}
	uk_vfs_file_put(f);
	return rc;
}

UK_SYSCALL_DEFINE3(read, int, fd, void *, buf, size_t, len)
{
	return rw(fd, buf, len, 0, false, false);
}

UK_SYSCALL_DEFINE3(write, int, fd, const void *, buf, size_t, len)
{
	return rw(fd, (void *)(uintptr_t)buf, len, 0, false, true);
}

UK_SYSCALL_DEFINE4(pread64, int, fd, void *, buf, size_t, len, off_t, pos)
{
	return rw(fd, buf, len, pos, true, false);
}

UK_SYSCALL_DEFINE4(pwrite64, int, fd, const void *, buf, size_t, len, off_t, pos)
{
	return rw(fd, (void *)(uintptr_t)buf, len, pos, true, true);
}

static long vector(int fd, const struct iovec *iov, int iovcnt, off_t pos,
		   bool positioned, bool out)
{
	struct uk_vfs_file *f;
	size_t total_len = 0;
	long total = 0, rc = 0;
	off_t *off;

	if (iovcnt < 0 || iovcnt > IOV_MAX || (positioned && pos < 0))
		return -EINVAL;
	if (!iov && iovcnt)
		return -EFAULT;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX - total_len)
			return -EINVAL;
		total_len += iov[i].iov_len;
	}
	f = uk_vfs_fd_get(fd);
	if (!f)
		return -EBADF;
	if (positioned && !(f->ops->flags & VFS_FILE_SEEKABLE)) {
		uk_vfs_file_put(f);
		return -ESPIPE;
	}
	if (positioned && pos < 0) {
		uk_vfs_file_put(f);
		return -EINVAL;
	}
	off = positioned ? &pos : &f->pos;
	if (out ? f->ops->writev : f->ops->readv) {
		/* The file takes the vector whole (a socket's message). */
		if (!(out ? can_write(f) : can_read(f)))
			rc = -EBADF;
		else
			rc = out ? f->ops->writev(f, iov, iovcnt, off)
				 : f->ops->readv(f, iov, iovcnt, off);
		uk_vfs_file_put(f);
		return rc;
	}
	if (!iovcnt || !total_len) {
		/* Still report the access mode, as a zero-length read/write does. */
		rc = out ? uk_vfs_file_write(f, NULL, 0, off) : uk_vfs_file_read(f, NULL, 0, off);
		uk_vfs_file_put(f);
		return rc < 0 ? rc : 0;
	}
	for (int i = 0; i < iovcnt; i++) {
		if (!iov[i].iov_len)
			continue;
		rc = out ? uk_vfs_file_write(f, iov[i].iov_base, iov[i].iov_len, off)
			 : uk_vfs_file_read(f, iov[i].iov_base, iov[i].iov_len, off);
		if (rc < 0)
			break;
		total += rc;
		/* A short transfer ends the call (a pipe or tty gave what it had). */
		if ((size_t)rc < iov[i].iov_len)
			break;
	}
	uk_vfs_file_put(f);
	return total ? total : rc;
}

UK_SYSCALL_DEFINE3(readv, int, fd, const struct iovec *, iov, int, iovcnt)
{
	return vector(fd, iov, iovcnt, 0, false, false);
}

UK_SYSCALL_DEFINE3(writev, int, fd, const struct iovec *, iov, int, iovcnt)
{
	return vector(fd, iov, iovcnt, 0, false, true);
}

/* preadv/pwritev: the offset comes split in two registers (low, high). */
UK_SYSCALL_DEFINE5(preadv, int, fd, const struct iovec *, iov, int, iovcnt,
		   unsigned long, lo, unsigned long, hi)
{
	(void)hi; /* 64-bit: lo holds all of it */
	return vector(fd, iov, iovcnt, (off_t)lo, true, false);
}

UK_SYSCALL_DEFINE5(pwritev, int, fd, const struct iovec *, iov, int, iovcnt,
		   unsigned long, lo, unsigned long, hi)
{
	(void)hi;
	return vector(fd, iov, iovcnt, (off_t)lo, true, true);
}

UK_SYSCALL_DEFINE3(lseek, int, fd, off_t, off, int, whence)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);
	off_t base;
	long rc;

	if (!f)
		return -EBADF;
	if (!(f->ops->flags & VFS_FILE_SEEKABLE)) {
		uk_vfs_file_put(f);
		return -ESPIPE;
	}
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = f->vnode ? f->vnode->size : 0;
		break;
	default:
		uk_vfs_file_put(f);
		return -EINVAL;
	}
	if ((off < 0 && base + off < 0) || (off > 0 && base > LLONG_MAX - off)) {
		rc = off < 0 ? -EINVAL : -EOVERFLOW;
	} else {
		f->pos = base + off;
		if (f->vnode && S_ISDIR(f->vnode->mode) && f->pos == 0)
			f->dir_cookie = 0; /* rewinddir */
		rc = f->pos;
	}
	uk_vfs_file_put(f);
	return rc;
}

UK_SYSCALL_DEFINE3(ioctl, int, fd, unsigned long, req, void *, arg)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);
	long rc;

	if (!f)
		return -EBADF;
	switch (req) {
	case FIONBIO: /* the descriptor-level requests Linux answers itself */
		if (*(int *)arg)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		rc = 0;
		break;
	case FIOASYNC:
		rc = 0;
		break;
	default:
		if (f->ops->ioctl)
			rc = f->ops->ioctl(f, req, arg);
		else if (req == FIONREAD && f->vnode && S_ISREG(f->vnode->mode)) {
			*(int *)arg = f->pos < f->vnode->size ? (int)(f->vnode->size - f->pos) : 0;
			rc = 0;
		} else
			rc = -ENOTTY;
	}
	uk_vfs_file_put(f);
	return rc;
}

static long do_fsync(int fd)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);
	long rc;

	if (!f)
		return -EBADF;
	rc = f->ops->fsync ? f->ops->fsync(f) : -EINVAL; /* Linux: EINVAL if unsupported */
	uk_vfs_file_put(f);
	return rc;
}

UK_SYSCALL_DEFINE1(fsync, int, fd)
{
	return do_fsync(fd);
}

UK_SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return do_fsync(fd);
}

/* Everything lives in memory: there is nothing to write back. */
UK_SYSCALL_DEFINE0(sync)
{
	return 0;
}

UK_SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);

	if (!f)
		return -EBADF;
	uk_vfs_file_put(f);
	return 0;
}
