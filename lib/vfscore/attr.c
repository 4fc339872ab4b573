/*
 * lib/vfscore/attr.c - attributes: truncate, ftruncate, access,
 * faccessat(2), chmod, fchmod, fchmodat, chown, fchown, lchown, fchownat,
 * utimensat (umask is lib/posix-user's, see vfs_impl.h).
 *
 * Modes and owners are stored and reported, not enforced: the one
 * process may read and write anything, as root may on Linux, whatever
 * credentials it has set (lib/posix-user); execute permission still needs
 * an x bit (or a directory), as for root on Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "vfs_impl.h"

int uk_vfs_truncate_vnode(struct uk_vfs_vnode *vn, off_t size)
{
	int rc;

	if (S_ISDIR(vn->mode))
		return -EISDIR;
	if (!S_ISREG(vn->mode))
		return -EINVAL;
	if (size < 0)
		return -EINVAL;
	if (!vn->ops->truncate)
		return -EPERM;
	rc = vn->ops->truncate(vn, size);
	if (rc == 0)
		uk_vfs_vnode_touch(vn, VFS_TOUCH_M | VFS_TOUCH_C);
	return rc;
}

UK_SYSCALL_DEFINE2(truncate, const char *, path, off_t, size)
{
	struct uk_vfs_nameidata nd;
	long rc = uk_vfs_lookup(AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &nd);

	if (rc < 0)
		return rc;
	rc = uk_vfs_truncate_vnode(nd.vn, size);
	uk_vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_DEFINE2(ftruncate, int, fd, off_t, size)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);
	int acc;
	long rc;

	if (!f)
		return -EBADF;
	acc = f->flags & O_ACCMODE;
	if (size < 0)
		rc = -EINVAL;
	else if (!f->vnode || (f->flags & O_PATH))
		rc = f->vnode ? -EBADF : -EINVAL;
	else if (acc == O_RDONLY)
		rc = -EINVAL; /* Linux: EINVAL (or EBADF) when not open for writing */
	else
		rc = uk_vfs_truncate_vnode(f->vnode, size);
	uk_vfs_file_put(f);
	return rc;
}

static long do_access(int dirfd, const char *path, int mode, int flags)
{
	struct uk_vfs_nameidata nd;
	unsigned int lf = VFS_LOOKUP_FOLLOW;
	long rc;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flags & AT_EMPTY_PATH)
		lf |= VFS_LOOKUP_EMPTY;
	rc = uk_vfs_lookup(dirfd, path, lf, &nd);
	if (rc < 0)
		return rc;
	if ((mode & X_OK) && !S_ISDIR(nd.vn->mode) && !(nd.vn->mode & 0111))
		rc = -EACCES;
	uk_vfs_nd_release(&nd);
	return rc;
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE2(access, const char *, path, int, mode)
{
	return do_access(AT_FDCWD, path, mode, 0);
}
#endif

UK_SYSCALL_DEFINE3(faccessat, int, dirfd, const char *, path, int, mode)
{
	return do_access(dirfd, path, mode, 0);
}

UK_SYSCALL_DEFINE4(faccessat2, int, dirfd, const char *, path, int, mode,
		   int, flags)
{
	return do_access(dirfd, path, mode, flags);
}

/*
 * The vnode a *at call with 'flags' (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH)
 * names, referenced in nd->vn.
 */
static long lookup_at(int dirfd, const char *path, int flags, int allowed,
		      struct uk_vfs_nameidata *nd)
{
	unsigned int lf = VFS_LOOKUP_FOLLOW;

	if (flags & ~allowed)
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flags & AT_EMPTY_PATH)
		lf |= VFS_LOOKUP_EMPTY;
	return uk_vfs_lookup(dirfd, path, lf, nd);
}

static void set_mode(struct uk_vfs_vnode *vn, mode_t mode)
{
	vn->mode = (vn->mode & S_IFMT) | (mode & 07777);
	uk_vfs_vnode_touch(vn, VFS_TOUCH_C);
}

static long do_chmod(int dirfd, const char *path, mode_t mode, int flags)
{
	struct uk_vfs_nameidata nd;
	long rc = lookup_at(dirfd, path, flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &nd);

	if (rc < 0)
		return rc;
	if (S_ISLNK(nd.vn->mode))
		rc = -EOPNOTSUPP; /* Linux: symlink modes cannot change */
	else
		set_mode(nd.vn, mode);
	uk_vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_DEFINE3(fchmodat, int, dirfd, const char *, path, mode_t, mode)
{
	return do_chmod(dirfd, path, mode, 0);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE2(chmod, const char *, path, mode_t, mode)
{
	return do_chmod(AT_FDCWD, path, mode, 0);
}
#endif

/* The vnode behind descriptor fd, referenced, for the f* calls; NULL: EBADF. */
static struct uk_vfs_vnode *fd_vnode(int fd)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);
	struct uk_vfs_vnode *vn = NULL;

	if (!f)
		return NULL;
	if (f->vnode && !(f->flags & O_PATH)) {
		vn = f->vnode;
		uk_vfs_vnode_get(vn);
	}
	uk_vfs_file_put(f);
	return vn;
}

UK_SYSCALL_DEFINE2(fchmod, int, fd, mode_t, mode)
{
	struct uk_vfs_vnode *vn = fd_vnode(fd);

	if (!vn)
		return -EBADF;
	set_mode(vn, mode);
	uk_vfs_vnode_put(vn);
	return 0;
}

static void set_owner(struct uk_vfs_vnode *vn, uid_t uid, gid_t gid)
{
	if (uid != (uid_t)-1)
		vn->uid = uid;
	if (gid != (gid_t)-1)
		vn->gid = gid;
	/* A change of owner drops the set-id bits of files, as on Linux. */
	if (!S_ISDIR(vn->mode) && (uid != (uid_t)-1 || gid != (gid_t)-1))
		vn->mode &= ~(mode_t)(S_ISUID | ((vn->mode & S_IXGRP) ? S_ISGID : 0));
	uk_vfs_vnode_touch(vn, VFS_TOUCH_C);
}

static long do_chown(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	struct uk_vfs_nameidata nd;
	long rc = lookup_at(dirfd, path, flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &nd);

	if (rc < 0)
		return rc;
	set_owner(nd.vn, uid, gid);
	uk_vfs_nd_release(&nd);
	return 0;
}

UK_SYSCALL_DEFINE5(fchownat, int, dirfd, const char *, path, uid_t, uid,
		   gid_t, gid, int, flags)
{
	return do_chown(dirfd, path, uid, gid, flags);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE3(chown, const char *, path, uid_t, uid, gid_t, gid)
{
	return do_chown(AT_FDCWD, path, uid, gid, 0);
}

UK_SYSCALL_DEFINE3(lchown, const char *, path, uid_t, uid, gid_t, gid)
{
	return do_chown(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}
#endif

UK_SYSCALL_DEFINE3(fchown, int, fd, uid_t, uid, gid_t, gid)
{
	struct uk_vfs_vnode *vn = fd_vnode(fd);

	if (!vn)
		return -EBADF;
	set_owner(vn, uid, gid);
	uk_vfs_vnode_put(vn);
	return 0;
}

/* One of utimensat's times: UTIME_NOW, UTIME_OMIT (0) or a value. */
static int apply_time(struct timespec *dst, const struct timespec *t)
{
	if (!t || t->tv_nsec == UTIME_NOW)
		return 1; /* "now": uk_vfs_vnode_touch sets it */
	if (t->tv_nsec == UTIME_OMIT)
		return 0;
	*dst = *t;
	return 0;
}

UK_SYSCALL_DEFINE4(utimensat, int, dirfd, const char *, path,
		   const struct timespec *, times, int, flags)
{
	struct uk_vfs_nameidata nd;
	struct uk_vfs_vnode *vn;
	unsigned int now = 0;
	long rc;

	if (times) {
		for (int i = 0; i < 2; i++) {
			if (times[i].tv_nsec != UTIME_NOW && times[i].tv_nsec != UTIME_OMIT &&
			    (times[i].tv_nsec < 0 || times[i].tv_nsec >= 1000000000L))
				return -EINVAL;
		}
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!path) {
		/* Linux: a NULL path means dirfd itself (futimens). */
		if (dirfd == AT_FDCWD)
			return -EFAULT;
		vn = fd_vnode(dirfd);
		if (!vn)
			return -EBADF;
		uk_memset(&nd, 0, sizeof(nd));
		nd.vn = vn;
	} else {
		rc = lookup_at(dirfd, path, flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &nd);
		if (rc < 0)
			return rc;
		vn = nd.vn;
	}
	if (apply_time(&vn->atime, times ? &times[0] : NULL))
		now |= VFS_TOUCH_A;
	if (apply_time(&vn->mtime, times ? &times[1] : NULL))
		now |= VFS_TOUCH_M;
	uk_vfs_vnode_touch(vn, now | VFS_TOUCH_C);
	uk_vfs_nd_release(&nd);
	return 0;
}
