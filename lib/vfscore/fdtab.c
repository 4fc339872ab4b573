/*
 * lib/vfscore/fdtab.c - the process's file descriptor table, and the
 * calls that work on descriptors alone: close, dup, dup2, dup3, fcntl.
 *
 * The table grows on demand up to the RLIMIT_NOFILE soft limit (1024 by
 * default; posix-process's setrlimit moves it through uk_vfs_fd_set_limit).
 * A descriptor holds one reference to its file; the lowest free number is
 * always taken, as POSIX requires.
 */
#include <errno.h>
#include <fcntl.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "vfs_impl.h"

#define NOFILE_DEFAULT 1024
#define NOFILE_HARD (64 * 1024)

struct fd_slot {
	struct uk_vfs_file *file;
	int flags; /* VFS_FD_CLOEXEC */
};

static struct fd_slot *slots;
static unsigned int nslots;   /* allocated entries */
static unsigned int limit = NOFILE_DEFAULT;

unsigned int uk_vfs_fd_limit(void)
{
	return limit;
}

int uk_vfs_fd_set_limit(unsigned int n)
{
	if (n > NOFILE_HARD)
		return -EPERM;
	limit = n; /* descriptors above it stay open, as on Linux */
	return 0;
}

static int grow(unsigned int want)
{
	unsigned int n = nslots ? nslots : 64;
	struct fd_slot *s;

	while (n < want)
		n *= 2;
	s = uk_realloc(slots, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	uk_memset(s + nslots, 0, (n - nslots) * sizeof(*s));
	slots = s;
	nslots = n;
	return 0;
}

/* Put f at 'fd' (free, below the limit, table large enough). */
static void place(int fd, struct uk_vfs_file *f, int fd_flags)
{
	slots[fd].file = f;
	slots[fd].flags = fd_flags & VFS_FD_CLOEXEC;
}

int uk_vfs_fd_install(struct uk_vfs_file *f, int min_fd, int fd_flags)
{
	unsigned int fd;

	if (min_fd < 0)
		return -EINVAL;
	for (fd = (unsigned int)min_fd; fd < limit; fd++) {
		if (fd >= nslots && grow(fd + 1) < 0)
			return -ENOMEM;
		if (!slots[fd].file) {
			place((int)fd, f, fd_flags);
			return (int)fd;
		}
	}
	return -EMFILE;
}

struct uk_vfs_file *uk_vfs_fd_get(int fd)
{
	struct uk_vfs_file *f;

	if (fd < 0 || (unsigned int)fd >= nslots || !(f = slots[fd].file))
		return NULL;
	uk_vfs_file_get(f);
	return f;
}

int uk_vfs_fd_close(int fd)
{
	struct uk_vfs_file *f;

	if (fd < 0 || (unsigned int)fd >= nslots || !(f = slots[fd].file))
		return -EBADF;
	slots[fd].file = NULL;
	slots[fd].flags = 0;
	uk_vfs_file_put(f);
	return 0;
}

UK_SYSCALL_DEFINE1(close, int, fd)
{
	return uk_vfs_fd_close(fd);
}

/* Descriptors first..last (inclusive) closed; CLOSE_RANGE_CLOEXEC marks them. */
UK_SYSCALL_DEFINE3(close_range, unsigned int, first, unsigned int, last,
		   unsigned int, flags)
{
	const unsigned int cloexec = 1u << 2; /* CLOSE_RANGE_CLOEXEC */

	if ((flags & ~(cloexec | (1u << 1) /* CLOSE_RANGE_UNSHARE */)) || first > last)
		return -EINVAL;
	for (unsigned int fd = first; fd <= last && fd < nslots; fd++) {
		if (!slots[fd].file)
			continue;
		if (flags & cloexec)
			slots[fd].flags |= VFS_FD_CLOEXEC;
		else
			uk_vfs_fd_close((int)fd);
	}
	return 0;
}

/* dup2/dup3's work: newfd becomes a copy of oldfd, closing what it was. */
static long dup_to(int oldfd, int newfd, int fd_flags)
{
	struct uk_vfs_file *f, *old;

	if (oldfd < 0 || (unsigned int)oldfd >= nslots || !slots[oldfd].file)
		return -EBADF;
	if (newfd < 0 || (unsigned int)newfd >= limit)
		return -EBADF;
	if ((unsigned int)newfd >= nslots && grow((unsigned int)newfd + 1) < 0)
		return -ENOMEM;
	f = slots[oldfd].file;
	uk_vfs_file_get(f);
	old = slots[newfd].file;
	place(newfd, f, fd_flags);
	uk_vfs_file_put(old);
	return newfd;
}

UK_SYSCALL_DEFINE1(dup, int, oldfd)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = uk_vfs_fd_install(f, 0, 0);
	if (fd < 0)
		uk_vfs_file_put(f);
	return fd;
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	/* The same descriptor twice: nothing to do, if it is open. */
	if (oldfd == newfd)
		return (oldfd >= 0 && (unsigned int)oldfd < nslots && slots[oldfd].file)
			       ? newfd : -EBADF;
	return dup_to(oldfd, newfd, 0);
}
#endif

UK_SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return dup_to(oldfd, newfd, (flags & O_CLOEXEC) ? VFS_FD_CLOEXEC : 0);
}

/* The status flags F_SETFL may change, as Linux's SETFL_MASK. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

UK_SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	struct uk_vfs_file *f;
	long rc;

	if (fd < 0 || (unsigned int)fd >= nslots || !(f = slots[fd].file))
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= limit)
			return -EINVAL;
		uk_vfs_file_get(f);
		rc = uk_vfs_fd_install(f, (int)arg,
				    cmd == F_DUPFD_CLOEXEC ? VFS_FD_CLOEXEC : 0);
		if (rc < 0)
			uk_vfs_file_put(f);
		return rc;
	case F_GETFD:
		return (slots[fd].flags & VFS_FD_CLOEXEC) ? FD_CLOEXEC : 0;
	case F_SETFD:
		slots[fd].flags = (arg & FD_CLOEXEC) ? VFS_FD_CLOEXEC : 0;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		/*
		 * One process: no lock can conflict. F_GETLK reports the region
		 * unlocked; the set calls succeed (Linux checks the lock struct
		 * we do not keep).
		 */
		if (cmd == F_GETLK || cmd == F_OFD_GETLK)
			((struct flock *)arg)->l_type = F_UNLCK;
		return 0;
	default:
		return -EINVAL;
	}
}
