/*
 * lib/vfscore/kapi.c - file access for kernel code (uk/vfs.h uk_vfs_k*):
 * the same paths the system calls take, for libraries that fill the tree
 * at boot (the initrd, /etc files).
 */
#include <errno.h>
#include <fcntl.h>
#include "vfs_impl.h"

int uk_vfs_kopen(const char *path, int flags, mode_t mode, struct uk_vfs_file **out)
{
	return uk_vfs_open_path(AT_FDCWD, path, flags, mode, out);
}

ssize_t uk_vfs_kwrite(struct uk_vfs_file *f, const void *buf, size_t len)
{
	return uk_vfs_file_write(f, buf, len, &f->pos);
}

ssize_t uk_vfs_kread(struct uk_vfs_file *f, void *buf, size_t len)
{
	return uk_vfs_file_read(f, buf, len, &f->pos);
}

int uk_vfs_kcreate(const char *path, mode_t mode, const void *buf, size_t len)
{
	struct uk_vfs_file *f;
	ssize_t n;
	int rc;

	rc = uk_vfs_kopen(path, O_WRONLY | O_CREAT | O_EXCL, mode, &f);
	if (rc == -EEXIST)
		return 0;
	if (rc < 0)
		return rc;
	n = uk_vfs_kwrite(f, buf, len);
	uk_vfs_file_put(f);
	if (n < 0)
		return (int)n;
	return n == (ssize_t)len ? 1 : -ENOSPC;
}

int uk_vfs_kmkdir(const char *path, mode_t mode)
{
	return uk_vfs_make_node(AT_FDCWD, path, S_IFDIR | (mode & 07777), 0, NULL);
}

int uk_vfs_ksymlink(const char *target, const char *path)
{
	return uk_vfs_make_node(AT_FDCWD, path, S_IFLNK | 0777, 0, target);
}

int uk_vfs_kmknod(const char *path, mode_t mode, dev_t dev)
{
	return uk_vfs_make_node(AT_FDCWD, path, mode, dev, NULL);
}

static int with_vnode(const char *path, struct uk_vfs_nameidata *nd)
{
	return uk_vfs_lookup(AT_FDCWD, path, 0, nd);
}

int uk_vfs_kchown(const char *path, uid_t uid, gid_t gid)
{
	struct uk_vfs_nameidata nd;
	int rc = with_vnode(path, &nd);

	if (rc < 0)
		return rc;
	nd.vn->uid = uid;
	nd.vn->gid = gid;
	uk_vfs_nd_release(&nd);
	return 0;
}

int uk_vfs_kutimes(const char *path, const struct timespec *mtime)
{
	struct uk_vfs_nameidata nd;
	int rc = with_vnode(path, &nd);

	if (rc < 0)
		return rc;
	nd.vn->mtime = *mtime;
	nd.vn->atime = *mtime;
	uk_vfs_nd_release(&nd);
	return 0;
}

int uk_vfs_ksocknode(const char *path, mode_t mode, struct uk_vfs_vnode **out)
{
	return uk_vfs_make_node_ref(AT_FDCWD, path,
				    S_IFSOCK | (mode & 07777 & ~uk_vfs_umask()), 0,
				    NULL, out);
}

int uk_vfs_klookup(const char *path, struct uk_vfs_vnode **out)
{
	struct uk_vfs_nameidata nd;
	int rc = uk_vfs_lookup(AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &nd);

	if (rc < 0)
		return rc;
	uk_vfs_vnode_get(nd.vn);
	*out = nd.vn;
	uk_vfs_nd_release(&nd);
	return 0;
}
