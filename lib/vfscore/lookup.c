/*
 * lib/vfscore/lookup.c - path resolution: from the root, the working
 * directory or a directory descriptor, one component at a time, crossing
 * mount points both ways, following symlinks (at most VFS_SYMLINK_MAX in
 * one resolution: ELOOP), with Linux's errors (ENOENT, ENOTDIR,
 * ENAMETOOLONG). The file systems only ever see single names.
 */
#include <errno.h>
#include <fcntl.h>
#include <uk/alloc.h>
#include <ukbase/string.h>
#include "vfs_impl.h"

/* A mount point's directory is replaced by what is mounted there. */
static struct uk_vfs_vnode *cross_down(struct uk_vfs_vnode *vn)
{
	while (vn->mounted_here) {
		struct uk_vfs_vnode *root = vn->mounted_here->root;

		uk_vfs_vnode_get(root);
		uk_vfs_vnode_put(vn);
		vn = root;
	}
	return vn;
}

struct uk_vfs_vnode *uk_vfs_parent_of(struct uk_vfs_vnode *dir)
{
	/* A file system's root: climb to the directory it covers first. */
	while (dir != uk_vfs_root_vnode && !dir->parent && dir->mount->covered)
		dir = dir->mount->covered;
	if (dir == uk_vfs_root_vnode || !dir->parent) {
		uk_vfs_vnode_get(uk_vfs_root_vnode);
		return uk_vfs_root_vnode;
	}
	dir = dir->parent;
	uk_vfs_vnode_get(dir);
	return cross_down(dir);
}

int uk_vfs_lookup_one(struct uk_vfs_vnode *dir, const char *name, size_t len,
		   struct uk_vfs_vnode **out)
{
	struct uk_vfs_vnode *vn;
	int rc;

	if (len == 1 && name[0] == '.') {
		uk_vfs_vnode_get(dir);
		*out = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = uk_vfs_parent_of(dir);
		return 0;
	}
	if (!dir->ops || !dir->ops->lookup)
		return -ENOENT;
	rc = dir->ops->lookup(dir, name, len, &vn);
	if (rc < 0)
		return rc;
	/* A directory has one parent: where it was found, in its own mount. */
	if (S_ISDIR(vn->mode) && vn->mount == dir->mount)
		vn->parent = dir;
	*out = cross_down(vn);
	return 0;
}

void uk_vfs_nd_release(struct uk_vfs_nameidata *nd)
{
	uk_vfs_vnode_put(nd->vn);
	uk_vfs_vnode_put(nd->dir);
	nd->vn = nd->dir = NULL;
}

/* The target of symlink vn, NUL-terminated, in a new buffer (uk_free it). */
static int link_target(struct uk_vfs_vnode *vn, char **out)
{
	char *buf;
	ssize_t n;

	if (!vn->ops || !vn->ops->readlink)
		return -EINVAL;
	buf = uk_malloc(VFS_PATH_MAX);
	if (!buf)
		return -ENOMEM;
	n = vn->ops->readlink(vn, buf, VFS_PATH_MAX - 1);
	if (n < 0) {
		uk_free(buf);
		return (int)n;
	}
	if (n == 0) {
		uk_free(buf);
		return -ENOENT; /* Linux: an empty symlink names nothing */
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

static int resolve(struct uk_vfs_vnode *cur, const char *path, unsigned int flags,
		   struct uk_vfs_nameidata *nd, int *links);

/*
 * Continue a resolution through symlink 'link' found in 'dir': from the
 * root or from dir, then on with 'rest' (NULL: the link was the last
 * component). Consumes the references to dir and link.
 */
static int follow(struct uk_vfs_vnode *dir, struct uk_vfs_vnode *link, const char *rest,
		  unsigned int flags, struct uk_vfs_nameidata *nd, int *links)
{
	struct uk_vfs_nameidata sub;
	char *target = NULL;
	int rc;

	if (++*links > VFS_SYMLINK_MAX) {
		uk_vfs_vnode_put(dir);
		uk_vfs_vnode_put(link);
		return -ELOOP;
	}
	rc = link_target(link, &target);
	uk_vfs_vnode_put(link);
	if (rc < 0) {
		uk_vfs_vnode_put(dir);
		return rc;
	}
	if (target[0] == '/') {
		uk_vfs_vnode_put(dir);
		dir = uk_vfs_root_vnode;
		uk_vfs_vnode_get(dir);
	}
	if (!rest) {
		rc = resolve(dir, target, flags, nd, links);
		uk_free(target);
		return rc;
	}
	/* In the middle of a path the link must lead to a directory. */
	uk_memset(&sub, 0, sizeof(sub));
	rc = resolve(dir, target, VFS_LOOKUP_FOLLOW, &sub, links);
	uk_free(target);
	if (rc < 0)
		return rc;
	dir = sub.vn;
	sub.vn = NULL;
	uk_vfs_nd_release(&sub);
	return resolve(dir, rest, flags, nd, links);
}

/* The end of a resolution: the last component 'name' in dir names vn. */
static int found(struct uk_vfs_nameidata *nd, struct uk_vfs_vnode *dir,
		 struct uk_vfs_vnode *vn, const char *name, size_t len,
		 unsigned int flags)
{
	nd->dir = dir;
	nd->vn = vn;
	uk_memcpy(nd->last, name, len);
	nd->last[len] = '\0';
	nd->last_len = len;
	nd->trailing_slash = (flags & VFS_LOOKUP_MUSTDIR) != 0;
	return 0;
}

/* Resolve 'path' from directory 'cur' (whose reference this consumes). */
static int resolve(struct uk_vfs_vnode *cur, const char *path, unsigned int flags,
		   struct uk_vfs_nameidata *nd, int *links)
{
	const char *p = path, *q, *r;
	struct uk_vfs_vnode *child;
	bool last, trailing;
	size_t len;
	int rc;

	for (;;) {
		while (*p == '/')
			p++;
		if (!*p) {
			/*
			 * Only slashes: the path names cur itself ("/", or what
			 * a symlink followed by "/" leads to), a directory.
			 */
			if (p != path && !S_ISDIR(cur->mode)) {
				rc = -ENOTDIR;
				break;
			}
			nd->dir = NULL;
			nd->vn = cur;
			nd->last[0] = '\0';
			nd->last_len = 0;
			return 0;
		}
		for (q = p; *q && *q != '/'; q++)
			;
		len = (size_t)(q - p);
		for (r = q; *r == '/'; r++)
			;
		last = !*r;
		trailing = last && *q == '/';
		if (len > VFS_NAME_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		if (!S_ISDIR(cur->mode)) {
			rc = -ENOTDIR;
			break;
		}
		/*
		 * A trailing slash (here or on the link that led here) follows
		 * a link, and the end must be a directory.
		 */
		if (trailing)
			flags |= VFS_LOOKUP_MUSTDIR;
		rc = uk_vfs_lookup_one(cur, p, len, &child);
		if (rc == -ENOENT && last && (flags & VFS_LOOKUP_PARENT))
			return found(nd, cur, NULL, p, len, flags);
		if (rc < 0)
			break;
		if (S_ISLNK(child->mode) &&
		    (!last || (flags & (VFS_LOOKUP_FOLLOW | VFS_LOOKUP_MUSTDIR))))
			return follow(cur, child, last ? NULL : r, flags, nd, links);
		if (last) {
			if ((flags & VFS_LOOKUP_MUSTDIR) && !S_ISDIR(child->mode)) {
				uk_vfs_vnode_put(child);
				rc = -ENOTDIR;
				break;
			}
			return found(nd, cur, child, p, len, flags);
		}
		uk_vfs_vnode_put(cur);
		cur = child;
		p = r;
	}
	uk_vfs_vnode_put(cur);
	return rc;
}

int uk_vfs_lookup(int dirfd, const char *path, unsigned int flags,
	       struct uk_vfs_nameidata *nd)
{
	struct uk_vfs_vnode *start;
	struct uk_vfs_file *f = NULL;
	size_t len;
	int links = 0;

	uk_memset(nd, 0, sizeof(*nd));
	if (!path)
		return -EFAULT;
	for (len = 0; len < VFS_PATH_MAX && path[len]; len++)
		;
	if (len == VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (!uk_vfs_root_vnode)
		return -ENOENT;
	/* An empty path is refused before dirfd is looked at, as on Linux. */
	if (!len && !(flags & VFS_LOOKUP_EMPTY))
		return -ENOENT;
	if (path[0] == '/') {
		start = uk_vfs_root_vnode;
	} else if (dirfd == AT_FDCWD) {
		start = uk_vfs_cwd_vnode;
	} else {
		f = uk_vfs_fd_get(dirfd);
		if (!f)
			return -EBADF;
		start = f->vnode;
		if (!start || (len && !S_ISDIR(start->mode))) {
			uk_vfs_file_put(f);
			return start ? -ENOTDIR : (len ? -ENOTDIR : -EBADF);
		}
	}
	uk_vfs_vnode_get(start);
	if (f)
		uk_vfs_file_put(f);
	if (!len) {
		if (!(flags & VFS_LOOKUP_EMPTY)) {
			uk_vfs_vnode_put(start);
			return -ENOENT;
		}
		nd->vn = start;
		return 0;
	}
	return resolve(start, path, flags, nd, &links);
}
