/*
 * lib/vfscore/dir.c - directories: getdents64 (with "." and ".." first,
 * then the file system's entries), the working directory (chdir, fchdir,
 * getcwd, which finds each directory's name in its parent's listing).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "vfs_impl.h"

/* struct linux_dirent64 */
struct dirent64_hdr {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
} __attribute__((packed));

/*
 * The entry at position pos (0 ".", 1 "..", then the file system's in
 * order); f->dir_cookie holds the file system's cookie for f->dir_pos.
 * Returns 1 with *ent filled, 0 at the end, or an error.
 */
static int entry_at(struct uk_vfs_file *f, off_t pos, struct uk_vfs_dirent *ent)
{
	struct uk_vfs_vnode *dir = f->vnode, *p;
	int rc;

	if (pos < 2) {
		p = pos ? uk_vfs_parent_of(dir) : dir;
		ent->ino = p->ino;
		ent->type = DT_DIR;
		uk_memcpy(ent->name, "..", (size_t)pos + 1);
		ent->name[pos + 1] = '\0';
		if (pos)
			uk_vfs_vnode_put(p);
		return 1;
	}
	if (!dir->ops || !dir->ops->readdir)
		return 0;
	if (f->dir_pos != pos) {
		/* Moved (seekdir, rewind): replay from the start if behind. */
		if (f->dir_pos > pos || f->dir_pos < 2) {
			f->dir_cookie = 0;
			f->dir_pos = 2;
		}
		while (f->dir_pos < pos) {
			rc = dir->ops->readdir(dir, &f->dir_cookie, ent);
			if (rc <= 0)
				return rc;
			f->dir_pos++;
		}
	}
	rc = dir->ops->readdir(dir, &f->dir_cookie, ent);
	if (rc > 0)
		f->dir_pos++;
	return rc;
}

UK_SYSCALL_DEFINE3(getdents64, int, fd, void *, buf, unsigned int, count)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);
	struct uk_vfs_dirent *ent;
	size_t used = 0, namelen, reclen;
	off_t saved_cookie_pos;
	uint64_t saved_cookie;
	long rc = 0;

	if (!f)
		return -EBADF;
	if (!buf) {
		uk_vfs_file_put(f);
		return -EFAULT;
	}
	if (!f->vnode || !S_ISDIR(f->vnode->mode) || (f->flags & O_PATH)) {
		uk_vfs_file_put(f);
		return f->vnode && !(f->flags & O_PATH) ? -ENOTDIR : -EBADF;
	}
	ent = uk_malloc(sizeof(*ent));
	if (!ent) {
		uk_vfs_file_put(f);
		return -ENOMEM;
	}
	for (;;) {
		saved_cookie = f->dir_cookie;
		saved_cookie_pos = f->dir_pos;
		rc = entry_at(f, f->pos, ent);
		if (rc <= 0)
			break;
		namelen = uk_strlen(ent->name);
		reclen = (sizeof(struct dirent64_hdr) + namelen + 1 + 7) & ~(size_t)7;
		if (used + reclen > count) {
			/* Keep this entry for the next call. */
			f->dir_cookie = saved_cookie;
			f->dir_pos = saved_cookie_pos;
			rc = used ? 0 : -EINVAL;
			break;
		}
		{
			struct dirent64_hdr *d = (void *)((char *)buf + used);

			d->d_ino = ent->ino;
			d->d_off = f->pos + 1;
			d->d_reclen = (uint16_t)reclen;
			d->d_type = ent->type;
			uk_memcpy(d->d_name, ent->name, namelen + 1);
			for (size_t i = sizeof(*d) + namelen + 1; i < reclen; i++)
				((char *)d)[i] = 0;
		}
		used += reclen;
		f->pos++;
	}
	uk_free(ent);
	uk_vfs_vnode_touch(f->vnode, VFS_TOUCH_A);
	uk_vfs_file_put(f);
	return rc < 0 ? rc : (long)used;
}

static long set_cwd(struct uk_vfs_vnode *vn)
{
	if (!S_ISDIR(vn->mode))
		return -ENOTDIR;
	uk_vfs_vnode_get(vn);
	uk_vfs_vnode_put(uk_vfs_cwd_vnode);
	uk_vfs_cwd_vnode = vn;
	return 0;
}

UK_SYSCALL_DEFINE1(chdir, const char *, path)
{
	struct uk_vfs_nameidata nd;
	long rc = uk_vfs_lookup(AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &nd);

	if (rc < 0)
		return rc;
	rc = set_cwd(nd.vn);
	uk_vfs_nd_release(&nd);
	return rc;
}

UK_SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);
	long rc;

	if (!f)
		return -EBADF;
	rc = f->vnode ? set_cwd(f->vnode) : -ENOTDIR;
	uk_vfs_file_put(f);
	return rc;
}

/* The name under which 'parent' lists directory 'dir' (by inode number). */
static int name_in(struct uk_vfs_vnode *parent, struct uk_vfs_vnode *dir,
		   struct uk_vfs_dirent *ent)
{
	struct uk_vfs_vnode *probe = dir;
	uint64_t cookie = 0;
	int rc;

	/* A file system's root is listed under the directory it covers. */
	while (!probe->parent && probe->mount->covered)
		probe = probe->mount->covered;
	if (!parent->ops || !parent->ops->readdir)
		return -ENOENT;
	while ((rc = parent->ops->readdir(parent, &cookie, ent)) > 0) {
		if (ent->ino == probe->ino)
			return 0;
	}
	return rc < 0 ? rc : -ENOENT;
}

UK_SYSCALL_DEFINE2(getcwd, char *, buf, size_t, size)
{
	struct uk_vfs_vnode *dir = uk_vfs_cwd_vnode, *parent;
	struct uk_vfs_dirent *ent = uk_malloc(sizeof(*ent));
	char *path = uk_malloc(VFS_PATH_MAX);
	size_t pos = VFS_PATH_MAX - 1, n;
	long rc = 0;

	if (!buf) {
		uk_free(ent);
		uk_free(path);
		return -EFAULT;
	}
	if (!ent || !path) {
		uk_free(ent);
		uk_free(path);
		return -ENOMEM;
	}
	path[pos] = '\0';
	uk_vfs_vnode_get(dir);
	/* Climb to the root, prepending each directory's name. */
	while (dir != uk_vfs_root_vnode) {
		parent = uk_vfs_parent_of(dir);
		rc = name_in(parent, dir, ent);
		uk_vfs_vnode_put(dir);
		dir = parent;
		if (rc < 0)
			break;
		n = uk_strlen(ent->name);
		if (n + 1 > pos) {
			rc = -ENAMETOOLONG;
			break;
		}
		pos -= n;
		uk_memcpy(path + pos, ent->name, n);
		path[--pos] = '/';
	}
	uk_vfs_vnode_put(dir);
	if (rc == 0) {
		if (pos == VFS_PATH_MAX - 1)
			path[--pos] = '/';
		n = VFS_PATH_MAX - pos; /* with the NUL */
		if (n > size)
			rc = -ERANGE;
		else {
			uk_memcpy(buf, path + pos, n);
			rc = (long)n;
		}
	}
	uk_free(ent);
	uk_free(path);
	return rc;
}
