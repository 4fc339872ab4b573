/*
 * lib/vfscore/open.c - opening files (open, openat, creat) and making
 * names (mknod, mknodat, mkdir, mkdirat; symlinks through the same path),
 * with the file operations of regular files and directories.
 *
 * The rules are Linux's: O_CREAT creates a regular file with mode &
 * ~umask (following a dangling symlink unless O_EXCL, which refuses any
 * existing name with EEXIST); O_DIRECTORY wants a directory (ENOTDIR);
 * directories open only read-only (EISDIR); O_TRUNC empties a regular file
 * opened for writing; O_NOFOLLOW refuses a symlink (ELOOP); O_PATH gives a
 * descriptor that names the file but cannot read or write it. Devices get
 * their operations from the vnode's open; sockets (and, for now, fifos)
 * cannot be opened by name (ENXIO).
 */
#include <errno.h>
#include <fcntl.h>
#include <uk/syscall.h>
#include "vfs_impl.h"

static ssize_t reg_read(struct uk_vfs_file *f, void *buf, size_t len, off_t *off)
{
	struct uk_vfs_vnode *vn = f->vnode;
	ssize_t n;

	if (*off >= vn->size || !len)
		return 0;
	if (!vn->ops->read)
		return -EINVAL;
	n = vn->ops->read(vn, buf, len, *off);
	if (n > 0)
		*off += n;
	return n;
}

static ssize_t reg_write(struct uk_vfs_file *f, const void *buf, size_t len, off_t *off)
{
	struct uk_vfs_vnode *vn = f->vnode;
	ssize_t n;

	if (!vn->ops->write)
		return -EINVAL;
	if (f->flags & O_APPEND)
		*off = vn->size;
	if (!len)
		return 0;
	n = vn->ops->write(vn, buf, len, *off);
	if (n > 0) {
		*off += n;
		uk_vfs_vnode_touch(vn, VFS_TOUCH_M | VFS_TOUCH_C);
	}
	return n;
}

static int reg_fsync(struct uk_vfs_file *f)
{
	struct uk_vfs_vnode *vn = f->vnode;

	return vn->ops->fsync ? vn->ops->fsync(vn) : 0;
}

static ssize_t dir_read(struct uk_vfs_file *f, void *buf, size_t len, off_t *off)
{
	(void)f, (void)buf, (void)len, (void)off;
	return -EISDIR;
}

static const struct uk_vfs_file_ops reg_ops = {
	.read = reg_read,
	.write = reg_write,
	.fsync = reg_fsync,
	.flags = VFS_FILE_SEEKABLE,
};

static const struct uk_vfs_file_ops dir_ops = {
	.read = dir_read,
	.write = NULL,
	.fsync = reg_fsync,
	.flags = VFS_FILE_SEEKABLE,
};

/* O_PATH descriptors: no operations at all (vfscore answers EBADF). */
static const struct uk_vfs_file_ops path_ops = { .flags = 0 };

int uk_vfs_open_vnode(struct uk_vfs_vnode *vn, int flags, struct uk_vfs_file **out)
{
	struct uk_vfs_file *f;
	int rc;

	f = uk_vfs_file_alloc(NULL, NULL, flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC));
	if (!f)
		return -ENOMEM;
	f->vnode = vn;
	uk_vfs_vnode_get(vn);
	if (flags & O_PATH) {
		f->ops = &path_ops;
	} else if (S_ISREG(vn->mode)) {
		f->ops = &reg_ops;
	} else if (S_ISDIR(vn->mode)) {
		f->ops = &dir_ops;
	} else if (vn->ops && vn->ops->open) {
		rc = vn->ops->open(vn, f);
		if (rc < 0) {
			f->ops = NULL;
			uk_vfs_file_put(f);
			return rc;
		}
	} else {
		uk_vfs_file_put(f);
		return -ENXIO;
	}
	*out = f;
	return 0;
}

int uk_vfs_open_path(int dirfd, const char *path, int flags, mode_t mode,
		  struct uk_vfs_file **out)
{
	unsigned int lf = VFS_LOOKUP_FOLLOW;
	int acc = flags & O_ACCMODE, rc;
	struct uk_vfs_nameidata nd;
	struct uk_vfs_vnode *vn;

	if ((flags & O_CREAT) && (flags & O_EXCL))
		lf = 0; /* O_EXCL: a symlink is an existing name */
	if (flags & O_NOFOLLOW)
		lf = 0;
	if (flags & O_CREAT)
		lf |= VFS_LOOKUP_PARENT;
	rc = uk_vfs_lookup(dirfd, path, lf, &nd);
	if (rc < 0)
		return rc;
	vn = nd.vn;
	if (!vn) {
		/* O_CREAT of a name that does not exist yet. */
		if (nd.trailing_slash) {
			rc = -EISDIR;
		} else if (!nd.dir->ops || !nd.dir->ops->create) {
			rc = -EROFS;
		} else {
			rc = nd.dir->ops->create(nd.dir, nd.last, nd.last_len,
						 S_IFREG | (mode & 07777 & ~uk_vfs_umask()),
						 0, NULL, &vn);
			if (rc == 0) {
				uk_vfs_set_creator(vn);
				uk_vfs_vnode_touch(nd.dir, VFS_TOUCH_M | VFS_TOUCH_C);
				nd.vn = vn;
			}
		}
		if (rc < 0) {
			uk_vfs_nd_release(&nd);
			return rc;
		}
	} else if ((flags & O_CREAT) && (flags & O_EXCL)) {
		uk_vfs_nd_release(&nd);
		return -EEXIST;
	}
	if (S_ISLNK(vn->mode) && !(flags & O_PATH))
		rc = -ELOOP; /* O_NOFOLLOW (or O_EXCL) met a symlink */
	else if ((flags & O_DIRECTORY) && !S_ISDIR(vn->mode))
		rc = -ENOTDIR;
	else if (S_ISDIR(vn->mode) && (acc != O_RDONLY || (flags & O_CREAT)) &&
		 !(flags & O_PATH))
		rc = -EISDIR;
	else if ((flags & O_TRUNC) && S_ISREG(vn->mode) && acc != O_RDONLY &&
		 !(flags & O_PATH))
		rc = uk_vfs_truncate_vnode(vn, 0);
	if (rc == 0)
		rc = uk_vfs_open_vnode(vn, flags, out);
	uk_vfs_nd_release(&nd);
	return rc;
}

static long do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	struct uk_vfs_file *f;
	int rc, fd;

	rc = uk_vfs_open_path(dirfd, path, flags, mode, &f);
	if (rc < 0)
		return rc;
	fd = uk_vfs_fd_install(f, 0, (flags & O_CLOEXEC) ? VFS_FD_CLOEXEC : 0);
	if (fd < 0)
		uk_vfs_file_put(f);
	return fd;
}

UK_SYSCALL_DEFINE4(openat, int, dirfd, const char *, path, int, flags,
		   mode_t, mode)
{
	return do_openat(dirfd, path, flags, mode);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE3(open, const char *, path, int, flags, mode_t, mode)
{
	return do_openat(AT_FDCWD, path, flags, mode);
}

UK_SYSCALL_DEFINE2(creat, const char *, path, mode_t, mode)
{
	return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
#endif

int uk_vfs_make_node_ref(int dirfd, const char *path, mode_t mode, dev_t rdev,
			 const char *target, struct uk_vfs_vnode **out)
{
	struct uk_vfs_nameidata nd;
	struct uk_vfs_vnode *vn = NULL;
	int rc;

	rc = uk_vfs_lookup(dirfd, path, VFS_LOOKUP_PARENT, &nd);
	if (rc < 0)
		return rc;
	if (nd.vn) {
		rc = -EEXIST;
	} else if (nd.trailing_slash && !S_ISDIR(mode)) {
		rc = -ENOENT; /* Linux: "mknod a/" names a directory that is not there */
	} else if (!nd.dir->ops || !nd.dir->ops->create) {
		rc = -EPERM;
	} else {
		rc = nd.dir->ops->create(nd.dir, nd.last, nd.last_len, mode, rdev,
					 target, &vn);
	}
	if (rc == 0) {
		uk_vfs_set_creator(vn);
		uk_vfs_vnode_touch(nd.dir, VFS_TOUCH_M | VFS_TOUCH_C);
		if (S_ISDIR(vn->mode))
			vn->parent = nd.dir;
		if (out)
			*out = vn;
		else
			uk_vfs_vnode_put(vn);
	}
	uk_vfs_nd_release(&nd);
	return rc;
}

int uk_vfs_make_node(int dirfd, const char *path, mode_t mode, dev_t rdev,
		  const char *target)
{
	return uk_vfs_make_node_ref(dirfd, path, mode, rdev, target, NULL);
}

static long do_mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	mode_t type = mode & S_IFMT;

	if (!type)
		type = S_IFREG;
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK &&
	    type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	return uk_vfs_make_node(dirfd, path, type | (mode & 07777 & ~uk_vfs_umask()),
			     (type == S_IFCHR || type == S_IFBLK) ? dev : 0, NULL);
}

UK_SYSCALL_DEFINE4(mknodat, int, dirfd, const char *, path, mode_t, mode,
		   unsigned int, dev)
{
	return do_mknodat(dirfd, path, mode, dev);
}

UK_SYSCALL_DEFINE3(mkdirat, int, dirfd, const char *, path, mode_t, mode)
{
	return uk_vfs_make_node(dirfd, path, S_IFDIR | (mode & 07777 & ~uk_vfs_umask()), 0,
			     NULL);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE3(mknod, const char *, path, mode_t, mode, unsigned int, dev)
{
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

UK_SYSCALL_DEFINE2(mkdir, const char *, path, mode_t, mode)
{
	return uk_vfs_make_node(AT_FDCWD, path, S_IFDIR | (mode & 07777 & ~uk_vfs_umask()),
			     0, NULL);
}
#endif
