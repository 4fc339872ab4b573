/*
 * lib/vfscore/names.c - names in directories: unlink, unlinkat, rmdir,
 * rename, renameat, renameat2, symlink, symlinkat, readlink, readlinkat,
 * link, linkat. vfscore checks what Linux checks before a file system
 * sees the request (types, ".", "..", mount points, a directory moved
 * into itself, cross-mount moves: EXDEV); the file system does the rest.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "vfs_impl.h"

static bool is_dot(const struct uk_vfs_nameidata *nd)
{
	return (nd->last_len == 1 && nd->last[0] == '.') ||
	       (nd->last_len == 2 && nd->last[0] == '.' && nd->last[1] == '.');
}

/* Remove a name: unlink (dir false) or rmdir (dir true). */
static long remove_name(int dirfd, const char *path, bool dir)
{
	struct uk_vfs_nameidata nd;
	long rc = uk_vfs_lookup(dirfd, path, 0, &nd);

	if (rc < 0)
		return rc;
	if (!nd.dir) /* "/" */
		rc = -EBUSY;
	else if (is_dot(&nd))
		rc = dir ? (nd.last_len == 1 ? -EINVAL : -ENOTEMPTY) : -EISDIR;
	else if (dir && !S_ISDIR(nd.vn->mode))
		rc = -ENOTDIR;
	else if (!dir && S_ISDIR(nd.vn->mode))
		rc = -EISDIR;
	else if (!dir && nd.trailing_slash)
		rc = -ENOTDIR;
	else if (nd.vn->mounted_here || nd.vn == uk_vfs_root_vnode ||
		 nd.vn->mount != nd.dir->mount)
		rc = -EBUSY; /* a mount point (its root sits there instead) */
	else if (!nd.dir->ops->unlink)
		rc = -EPERM;
	else
		rc = nd.dir->ops->unlink(nd.dir, nd.last, nd.last_len, nd.vn);
	if (rc == 0) {
		uk_vfs_vnode_touch(nd.dir, VFS_TOUCH_M | VFS_TOUCH_C);
		uk_vfs_vnode_touch(nd.vn, VFS_TOUCH_C);
		/*
		 * A removed directory may live on (a working directory): its
		 * old parent may go away, so it must not point there.
		 */
		if (dir)
			nd.vn->parent = NULL;
	}
	uk_vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_DEFINE3(unlinkat, int, dirfd, const char *, path, int, flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return remove_name(dirfd, path, (flags & AT_REMOVEDIR) != 0);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE1(unlink, const char *, path)
{
	return remove_name(AT_FDCWD, path, false);
}

UK_SYSCALL_DEFINE1(rmdir, const char *, path)
{
	return remove_name(AT_FDCWD, path, true);
}
#endif

/* Whether directory 'anc' is 'dir' or one of its ancestors. */
static bool is_ancestor(struct uk_vfs_vnode *anc, struct uk_vfs_vnode *dir)
{
	for (struct uk_vfs_vnode *d = dir; d; d = d->parent) {
		if (d == anc)
			return true;
	}
	return false;
}

#define RENAME_NOREPLACE 1u
#define RENAME_EXCHANGE 2u
#define RENAME_WHITEOUT 4u

static long do_rename(int olddirfd, const char *oldpath, int newdirfd,
		      const char *newpath, unsigned int flags)
{
	struct uk_vfs_nameidata o, n;
	struct uk_vfs_vnode *vn;
	long rc;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if (flags & (RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL; /* not supported by our file systems */
	rc = uk_vfs_lookup(olddirfd, oldpath, 0, &o);
	if (rc < 0)
		return rc;
	rc = uk_vfs_lookup(newdirfd, newpath, VFS_LOOKUP_PARENT, &n);
	if (rc < 0) {
		uk_vfs_nd_release(&o);
		return rc;
	}
	vn = o.vn;
	if (!o.dir || !n.dir || is_dot(&o) || is_dot(&n))
		rc = -EBUSY;
	else if (o.dir->mount != n.dir->mount || vn->mount != o.dir->mount)
		rc = -EXDEV;
	else if (vn->mounted_here || (n.vn && n.vn->mounted_here))
		rc = -EBUSY;
	else if (n.vn && (flags & RENAME_NOREPLACE))
		rc = -EEXIST;
	else if (n.vn == vn)
		rc = 0; /* two names of one file: nothing to do */
	else if (S_ISDIR(vn->mode) && n.vn && !S_ISDIR(n.vn->mode))
		rc = -ENOTDIR;
	else if (!S_ISDIR(vn->mode) && n.vn && S_ISDIR(n.vn->mode))
		rc = -EISDIR;
	else if (!S_ISDIR(vn->mode) && (o.trailing_slash || n.trailing_slash))
		rc = -ENOTDIR;
	else if (S_ISDIR(vn->mode) && is_ancestor(vn, n.dir))
		rc = -EINVAL; /* into its own subtree */
	else if (!o.dir->ops->rename)
		rc = -EPERM;
	else {
		rc = o.dir->ops->rename(o.dir, o.last, o.last_len, n.dir, n.last,
					n.last_len, vn, n.vn);
		if (rc == 0) {
			if (S_ISDIR(vn->mode))
				vn->parent = n.dir;
			uk_vfs_vnode_touch(o.dir, VFS_TOUCH_M | VFS_TOUCH_C);
			uk_vfs_vnode_touch(n.dir, VFS_TOUCH_M | VFS_TOUCH_C);
			uk_vfs_vnode_touch(vn, VFS_TOUCH_C);
		}
	}
	uk_vfs_nd_release(&n);
	uk_vfs_nd_release(&o);
	return rc;
}

UK_SYSCALL_DEFINE5(renameat2, int, olddirfd, const char *, oldpath, int, newdirfd,
		   const char *, newpath, unsigned int, flags)
{
	return do_rename(olddirfd, oldpath, newdirfd, newpath, flags);
}

UK_SYSCALL_DEFINE4(renameat, int, olddirfd, const char *, oldpath, int, newdirfd,
		   const char *, newpath)
{
	return do_rename(olddirfd, oldpath, newdirfd, newpath, 0);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE2(rename, const char *, oldpath, const char *, newpath)
{
	return do_rename(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}
#endif

static long do_symlink(const char *target, int dirfd, const char *path)
{
	size_t len;

	if (!target)
		return -EFAULT;
	len = uk_strlen(target);
	if (!len)
		return -ENOENT;
	if (len >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	return uk_vfs_make_node(dirfd, path, S_IFLNK | 0777, 0, target);
}

UK_SYSCALL_DEFINE3(symlinkat, const char *, target, int, dirfd, const char *, path)
{
	return do_symlink(target, dirfd, path);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE2(symlink, const char *, target, const char *, path)
{
	return do_symlink(target, AT_FDCWD, path);
}
#endif

static long do_readlink(int dirfd, const char *path, char *buf, int size)
{
	struct uk_vfs_nameidata nd;
	long rc;

	if (size <= 0)
		return -EINVAL;
	rc = uk_vfs_lookup(dirfd, path, VFS_LOOKUP_EMPTY, &nd);
	if (rc < 0)
		return rc;
	if (!S_ISLNK(nd.vn->mode) || !nd.vn->ops->readlink)
		rc = -EINVAL;
	else
		rc = nd.vn->ops->readlink(nd.vn, buf, (size_t)size);
	if (rc >= 0)
		uk_vfs_vnode_touch(nd.vn, VFS_TOUCH_A);
	uk_vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_DEFINE4(readlinkat, int, dirfd, const char *, path, char *, buf,
		   int, size)
{
	return do_readlink(dirfd, path, buf, size);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE3(readlink, const char *, path, char *, buf, int, size)
{
	return do_readlink(AT_FDCWD, path, buf, size);
}
#endif

static long do_link(int olddirfd, const char *oldpath, int newdirfd,
		    const char *newpath, int flags)
{
	struct uk_vfs_nameidata o, n;
	unsigned int lf = 0;
	long rc;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		lf |= VFS_LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lf |= VFS_LOOKUP_EMPTY;
	rc = uk_vfs_lookup(olddirfd, oldpath, lf, &o);
	if (rc < 0)
		return rc;
	rc = uk_vfs_lookup(newdirfd, newpath, VFS_LOOKUP_PARENT, &n);
	if (rc < 0) {
		uk_vfs_nd_release(&o);
		return rc;
	}
	if (n.vn)
		rc = -EEXIST;
	else if (S_ISDIR(o.vn->mode))
		rc = -EPERM;
	else if (o.vn->mount != n.dir->mount)
		rc = -EXDEV;
	else if (n.trailing_slash)
		rc = -ENOENT;
	else if (!n.dir->ops->link)
		rc = -EPERM;
	else
		rc = n.dir->ops->link(n.dir, n.last, n.last_len, o.vn);
	if (rc == 0) {
		uk_vfs_vnode_touch(n.dir, VFS_TOUCH_M | VFS_TOUCH_C);
		uk_vfs_vnode_touch(o.vn, VFS_TOUCH_C);
	}
	uk_vfs_nd_release(&n);
	uk_vfs_nd_release(&o);
	return rc;
}

UK_SYSCALL_DEFINE5(linkat, int, olddirfd, const char *, oldpath, int, newdirfd,
		   const char *, newpath, int, flags)
{
	return do_link(olddirfd, oldpath, newdirfd, newpath, flags);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE2(link, const char *, oldpath, const char *, newpath)
{
	return do_link(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}
#endif
