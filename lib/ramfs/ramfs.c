/*
 * lib/ramfs/ramfs.c - ramfs, the in-memory file system libuk mounts as
 * "/" at boot: the file system type "ramfs" and the vnode operations
 * (uk/vfs.h). The directory table is dir.c's, regular files' data
 * file.c's.
 *
 * References: each directory entry holds one reference to its vnode, the
 * mount one to the root. A name removed drops its entry's reference, so a
 * vnode's data goes (inactive) when its last name is gone and nobody has
 * it open. nlink counts names, plus for a directory its "." and the ".."
 * of each subdirectory, as on Linux; vfscore resolves "." and ".." itself,
 * so the entries exist only as counts.
 *
 * Each operation checks what it needs before changing anything: an
 * operation that fails (ENOMEM included) leaves the file system as it was.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/vfs.h>
#include <ukbase/string.h>
#include "ramfs.h"

static const struct uk_vfs_vnode_ops ramfs_ops;

static struct ramfs_dir *dir_of(const struct uk_vfs_vnode *vn)
{
	return &ramfs_node(vn)->dir;
}

/* What every directory operation checks of its directory and name. */
static int dir_check(const struct uk_vfs_vnode *dir, size_t len)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (!len)
		return -ENOENT;
	if (len > VFS_NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

static unsigned char dtype(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return DT_REG;
	case S_IFDIR:
		return DT_DIR;
	case S_IFLNK:
		return DT_LNK;
	case S_IFCHR:
		return DT_CHR;
	case S_IFBLK:
		return DT_BLK;
	case S_IFIFO:
		return DT_FIFO;
	case S_IFSOCK:
		return DT_SOCK;
	}
	return DT_UNKNOWN;
}

static int ramfs_lookup(struct uk_vfs_vnode *dir, const char *name, size_t len,
			struct uk_vfs_vnode **out)
{
	struct ramfs_dirent *e;
	int err = dir_check(dir, len);

	if (err)
		return err;
	e = uk_ramfs_dir_find(dir_of(dir), name, len);
	if (!e)
		return -ENOENT;
	uk_vfs_vnode_get(e->vn);
	*out = e->vn;
	return 0;
}

/*
 * Directories, regular files and symlinks carry data (a ramfs_node);
 * devices, fifos and sockets are attributes only.
 */
static int ramfs_create(struct uk_vfs_vnode *dir, const char *name, size_t len,
			mode_t mode, dev_t rdev, const char *target,
			struct uk_vfs_vnode **out)
{
	struct ramfs_dir *d;
	struct ramfs_dirent *e;
	struct ramfs_node *node = NULL;
	struct uk_vfs_vnode *vn;
	size_t tlen = 0;
	int err = dir_check(dir, len);

	if (err)
		return err;
	d = dir_of(dir);
	/* A removed directory (someone's cwd) takes no new entries. */
	if (!dir->nlink)
		return -ENOENT;
	if (uk_ramfs_dir_find(d, name, len))
		return -EEXIST;
	switch (mode & S_IFMT) {
	case S_IFLNK:
		if (!target)
			return -EINVAL;
		tlen = uk_strlen(target);
		break;
	case S_IFREG:
	case S_IFDIR:
	case S_IFIFO:
	case S_IFSOCK:
	case S_IFCHR:
	case S_IFBLK:
		break;
	default:
		return -EINVAL;
	}

	e = uk_ramfs_dirent_new(name, len);
	if (!e || uk_ramfs_dir_reserve(d))
		goto nomem;
	if (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)) {
		node = uk_malloc(sizeof(*node));
		if (!node)
			goto nomem;
		uk_memset(node, 0, sizeof(*node));
	}
	if (S_ISLNK(mode)) {
		node->target = uk_malloc(tlen + 1);
		if (!node->target)
			goto nomem;
		uk_memcpy(node->target, target, tlen + 1);
	}
	vn = uk_vfs_vnode_alloc(dir->mount, &ramfs_ops, mode);
	if (!vn)
		goto nomem;

	vn->priv = node;
	if (S_ISDIR(mode)) {
		vn->nlink = 2; /* its name and its "." */
		dir->nlink++;  /* its ".." */
	} else if (S_ISLNK(mode)) {
		vn->size = (off_t)tlen;
	} else if (S_ISCHR(mode) || S_ISBLK(mode)) {
		vn->rdev = rdev;
	}
	uk_ramfs_dir_insert(d, e, vn); /* the entry takes vn's reference */
	uk_vfs_vnode_touch(dir, VFS_TOUCH_M | VFS_TOUCH_C);
	if (out) {
		uk_vfs_vnode_get(vn);
		*out = vn;
	}
	return 0;

nomem:
	if (node && S_ISLNK(mode))
		uk_free(node->target);
	uk_free(node);
	uk_free(e);
	return -ENOMEM;
}

static int ramfs_link(struct uk_vfs_vnode *dir, const char *name, size_t len,
		      struct uk_vfs_vnode *vn)
{
	struct ramfs_dir *d;
	struct ramfs_dirent *e;
	int err = dir_check(dir, len);

	if (err)
		return err;
	if (S_ISDIR(vn->mode))
		return -EPERM;
	if (vn->mount != dir->mount)
		return -EXDEV;
	/* As Linux: neither a removed directory nor a removed file. */
	if (!dir->nlink || !vn->nlink)
		return -ENOENT;
	d = dir_of(dir);
	if (uk_ramfs_dir_find(d, name, len))
		return -EEXIST;
	e = uk_ramfs_dirent_new(name, len);
	if (!e || uk_ramfs_dir_reserve(d)) {
		uk_free(e);
		return -ENOMEM;
	}
	uk_vfs_vnode_get(vn);
	uk_ramfs_dir_insert(d, e, vn);
	vn->nlink++;
	uk_vfs_vnode_touch(vn, VFS_TOUCH_C);
	uk_vfs_vnode_touch(dir, VFS_TOUCH_M | VFS_TOUCH_C);
	return 0;
}

/*
 * vn has lost its name in dir (the entry is gone already): a link less,
 * and the entry's reference dropped, last of all since it may free vn.
 */
static void name_gone(struct uk_vfs_vnode *dir, struct uk_vfs_vnode *vn)
{
	if (S_ISDIR(vn->mode)) {
		vn->nlink = 0;
		dir->nlink--; /* its ".." */
	} else {
		vn->nlink--;
	}
	uk_vfs_vnode_touch(vn, VFS_TOUCH_C);
	uk_vfs_vnode_put(vn);
}

static int ramfs_unlink(struct uk_vfs_vnode *dir, const char *name, size_t len,
			struct uk_vfs_vnode *vn)
{
	struct ramfs_dirent *e;
	int err = dir_check(dir, len);

	if (err)
		return err;
	e = uk_ramfs_dir_find(dir_of(dir), name, len);
	if (!e || e->vn != vn)
		return -ENOENT;
	if (S_ISDIR(vn->mode) && dir_of(vn)->count)
		return -ENOTEMPTY;
	uk_ramfs_dir_remove(dir_of(dir), e);
	uk_vfs_vnode_touch(dir, VFS_TOUCH_M | VFS_TOUCH_C);
	name_gone(dir, vn);
	return 0;
}

/*
 * Without a replaced vnode the name moves to a new entry of ndir; with
 * one, replaced's entry is taken over (the name never stops existing,
 * as rename(2) promises) and replaced loses that name.
 */
static int ramfs_rename(struct uk_vfs_vnode *odir, const char *oname,
			size_t olen, struct uk_vfs_vnode *ndir,
			const char *nname, size_t nlen, struct uk_vfs_vnode *vn,
			struct uk_vfs_vnode *replaced)
{
	struct ramfs_dir *od, *nd;
	struct ramfs_dirent *oe, *ne, *fresh;
	int err;

	if ((err = dir_check(odir, olen)) || (err = dir_check(ndir, nlen)))
		return err;
	if (odir->mount != ndir->mount)
		return -EXDEV;
	od = dir_of(odir);
	nd = dir_of(ndir);
	oe = uk_ramfs_dir_find(od, oname, olen);
	if (!oe || oe->vn != vn)
		return -ENOENT;
	ne = uk_ramfs_dir_find(nd, nname, nlen);
	/* Both names are the file's already: nothing to do (POSIX). */
	if (ne && ne->vn == vn)
		return 0;
	if (replaced) {
		if (!ne || ne->vn != replaced)
			return -ENOENT;
		if (S_ISDIR(replaced->mode) && !S_ISDIR(vn->mode))
			return -EISDIR;
		if (!S_ISDIR(replaced->mode) && S_ISDIR(vn->mode))
			return -ENOTDIR;
		if (S_ISDIR(replaced->mode) && dir_of(replaced)->count)
			return -ENOTEMPTY;
	} else if (ne) {
		return -EEXIST;
	}
	if (!ndir->nlink)
		return -ENOENT;

	/*
	 * The entry of the new name takes over oe's reference. It goes in
	 * before oe goes out: a directory left empty frees its tables.
	 */
	if (replaced) {
		ne->vn = vn;
	} else {
		fresh = uk_ramfs_dirent_new(nname, nlen);
		if (!fresh || uk_ramfs_dir_reserve(nd)) {
			uk_free(fresh);
			return -ENOMEM;
		}
		uk_ramfs_dir_insert(nd, fresh, vn);
	}
	uk_ramfs_dir_remove(od, oe);
	if (S_ISDIR(vn->mode) && odir != ndir) {
		odir->nlink--; /* vn's ".." moves */
		ndir->nlink++;
	}
	uk_vfs_vnode_touch(odir, VFS_TOUCH_M | VFS_TOUCH_C);
	if (ndir != odir)
		uk_vfs_vnode_touch(ndir, VFS_TOUCH_M | VFS_TOUCH_C);
	uk_vfs_vnode_touch(vn, VFS_TOUCH_C);
	if (replaced)
		name_gone(ndir, replaced);
	return 0;
}

static int ramfs_readdir(struct uk_vfs_vnode *dir, uint64_t *cookie,
			 struct uk_vfs_dirent *ent)
{
	struct ramfs_dirent *e;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	e = uk_ramfs_dir_next(dir_of(dir), *cookie);
	if (!e)
		return 0;
	ent->ino = e->vn->ino;
	ent->type = dtype(e->vn->mode);
	uk_memcpy(ent->name, e->name, (size_t)e->len + 1);
	*cookie = e->id;
	return 1;
}

static ssize_t ramfs_readlink(struct uk_vfs_vnode *vn, char *buf, size_t len)
{
	size_t n;

	if (!S_ISLNK(vn->mode))
		return -EINVAL;
	/* Like readlink(2): a short buffer gets the start of the target. */
	n = UK_MIN(len, (size_t)vn->size);
	uk_memcpy(buf, ramfs_node(vn)->target, n);
	uk_vfs_vnode_touch(vn, VFS_TOUCH_A);
	return (ssize_t)n;
}

static int ramfs_fsync(struct uk_vfs_vnode *vn)
{
	return 0; /* the data is where it will ever be */
}

/*
 * Empty the directory top, and, with them, every directory below it that
 * only top's tree referred to: each entry's reference is dropped, which
 * frees what nobody else holds. Directories still to be emptied wait in
 * a list (through drain_next) rather than on the stack: a tree can be as
 * deep as paths are long.
 */
static void drain(struct uk_vfs_vnode *top)
{
	struct uk_vfs_vnode *d = top, *list = NULL, *vn;
	struct ramfs_dirent *e;
	uint64_t after;

	for (;;) {
		after = 0;
		while ((e = uk_ramfs_dir_next(dir_of(d), after))) {
			after = e->id;
			vn = e->vn;
			uk_ramfs_dir_remove(dir_of(d), e);
			if (!S_ISDIR(vn->mode)) {
				vn->nlink--;
			} else {
				vn->nlink = 0;
				if (dir_of(vn)->count) {
					/* The list keeps the entry's ref. */
					dir_of(vn)->drain_next = list;
					list = vn;
					continue;
				}
			}
			uk_vfs_vnode_put(vn);
		}
		if (d != top)
			uk_vfs_vnode_put(d);
		if (!list)
			return;
		d = list;
		list = dir_of(d)->drain_next;
	}
}

static void ramfs_inactive(struct uk_vfs_vnode *vn)
{
	struct ramfs_node *node = vn->priv;

	if (!node)
		return;
	switch (vn->mode & S_IFMT) {
	case S_IFDIR:
		/* Empty unless rmdir checks were skipped; drained anyway. */
		drain(vn);
		uk_ramfs_dir_free(&node->dir);
		break;
	case S_IFREG:
		uk_ramfs_file_free(&node->file);
		break;
	case S_IFLNK:
		uk_free(node->target);
		break;
	}
	uk_free(node);
	vn->priv = NULL;
}

static const struct uk_vfs_vnode_ops ramfs_ops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rename = ramfs_rename,
	.readdir = ramfs_readdir,
	.read = uk_ramfs_file_read,
	.write = uk_ramfs_file_write,
	.truncate = uk_ramfs_file_truncate,
	.fsync = ramfs_fsync,
	.readlink = ramfs_readlink,
	.open = NULL, /* vfscore opens plain files, fifos and devices */
	.inactive = ramfs_inactive,
};

static int ramfs_mount(struct uk_vfs_mount *m, const char *source,
		       const void *data)
{
	struct ramfs_node *node = uk_malloc(sizeof(*node));
	struct uk_vfs_vnode *root;

	if (!node)
		return -ENOMEM;
	uk_memset(node, 0, sizeof(*node));
	root = uk_vfs_vnode_alloc(m, &ramfs_ops, S_IFDIR | 0755);
	if (!root) {
		uk_free(node);
		return -ENOMEM;
	}
	root->priv = node;
	root->nlink = 2; /* "." and its own ".." */
	m->root = root;
	return 0;
}

/* Everything goes: the tree is freed as far as nobody else holds it. */
static void ramfs_unmount(struct uk_vfs_mount *m)
{
	struct uk_vfs_vnode *root = m->root;

	drain(root);
	root->nlink = 0;
	m->root = NULL;
	uk_vfs_vnode_put(root);
}

static const struct uk_vfs_fs_type ramfs = {
	.name = "ramfs",
	.mount = ramfs_mount,
	.unmount = ramfs_unmount,
};
VFS_FS_REGISTER(ramfs);
