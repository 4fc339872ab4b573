/*
 * lib/devfs/devfs.c - the devfs file system ("devfs"), which vfscore
 * mounts on /dev at boot. devfs owns the tree, not the devices:
 *
 *   /dev/<name>    every device registered anywhere with
 *                  VFS_DEVICE_REGISTER (the .uk_devices section), as a
 *                  vnode of the device's mode and rdev whose open hands the
 *                  file the device's operations;
 *   /dev/stdin, /dev/stdout, /dev/stderr
 *                  symlinks to fd/0, fd/1, fd/2, as on Linux (where they
 *                  point into /proc/self/fd);
 *   /dev/fd        the open descriptors: readdir lists them, and the name
 *                  "N" resolves to the vnode behind descriptor N (a "magic
 *                  link" as Linux's /proc/self/fd/N: no path is involved).
 *
 * The set of devices is fixed at link time, so mount makes every vnode
 * once (stable inode numbers) and devfs keeps one reference to each for
 * the life of the mount. Nobody may create or remove names (EPERM):
 * Linux's devtmpfs allows mknod, but nothing here needs it.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/vfs.h>
#include <ukbase/string.h>

/* The registered devices (the linker script's .uk_devices bounds). */
extern const struct uk_vfs_device *const __uk_devices_start[];
extern const struct uk_vfs_device *const __uk_devices_end[];

/* The symlinks every /dev has. Relative, so they work under any mount. */
static const struct {
	const char *name, *target;
} links[] = {
	{ "stdin", "fd/0" },
	{ "stdout", "fd/1" },
	{ "stderr", "fd/2" },
};

#define FD_DIR_NAME "fd"

/* One name in the root directory, with devfs's reference to its vnode. */
struct devfs_entry {
	const char *name;
	struct uk_vfs_vnode *vn;
};

/* A mount's state, the root vnode's priv. */
struct devfs {
	size_t n;
	struct devfs_entry ents[];
};

static unsigned char dtype(mode_t mode)
{
	return (unsigned char)((mode & S_IFMT) >> 12); /* DT_x == S_IFx >> 12 */
}

static int name_is(const char *s, const char *name, size_t len)
{
	return uk_strnlen(s, len + 1) == len && !uk_memcmp(s, name, len);
}

/* Names that cannot be; a device registered under one is skipped. */
static int bad_name(const char *s)
{
	size_t len = s ? uk_strnlen(s, VFS_NAME_MAX + 1) : 0;

	return !len || len > VFS_NAME_MAX || uk_strchr(s, '/') ||
	       !uk_strcmp(s, ".") || !uk_strcmp(s, "..");
}

static struct devfs_entry *find(struct devfs *d, const char *name, size_t len)
{
	for (size_t i = 0; i < d->n; i++) {
		if (name_is(d->ents[i].name, name, len))
			return &d->ents[i];
	}
	return NULL;
}

/* Nothing is made or removed in devfs, by any name. */
static int no_create(struct uk_vfs_vnode *dir, const char *name, size_t len,
		     mode_t mode, dev_t rdev, const char *target,
		     struct uk_vfs_vnode **out)
{
	(void)dir, (void)name, (void)len, (void)mode, (void)rdev;
	(void)target, (void)out;
	return -EPERM;
}

static int no_link(struct uk_vfs_vnode *dir, const char *name, size_t len,
		   struct uk_vfs_vnode *vn)
{
	(void)dir, (void)name, (void)len, (void)vn;
	return -EPERM;
}

static int no_rename(struct uk_vfs_vnode *odir, const char *oname, size_t olen,
		     struct uk_vfs_vnode *ndir, const char *nname, size_t nlen,
		     struct uk_vfs_vnode *vn, struct uk_vfs_vnode *replaced)
{
	(void)odir, (void)oname, (void)olen, (void)ndir, (void)nname;
	(void)nlen, (void)vn, (void)replaced;
	return -EPERM;
}

/* The root directory. */

static int root_lookup(struct uk_vfs_vnode *dir, const char *name, size_t len,
		       struct uk_vfs_vnode **out)
{
	struct devfs_entry *e = find(dir->priv, name, len);

	if (!e)
		return -ENOENT;
	uk_vfs_vnode_get(e->vn);
	*out = e->vn;
	return 0;
}

static int root_readdir(struct uk_vfs_vnode *dir, uint64_t *cookie,
			struct uk_vfs_dirent *ent)
{
	struct devfs *d = dir->priv;
	struct devfs_entry *e;

	/* The cookie is the index of the next entry. */
	if (*cookie >= d->n)
		return 0;
	e = &d->ents[(*cookie)++];
	ent->ino = e->vn->ino;
	ent->type = dtype(e->vn->mode);
	uk_strlcpy(ent->name, e->name, sizeof(ent->name));
	return 1;
}

/* The last reference to the root is gone (after unmount): free the table. */
static void root_inactive(struct uk_vfs_vnode *dir)
{
	uk_free(dir->priv);
	dir->priv = NULL;
}

static const struct uk_vfs_vnode_ops root_ops = {
	.lookup = root_lookup,
	.create = no_create,
	.link = no_link,
	.unlink = no_link,
	.rename = no_rename,
	.readdir = root_readdir,
	.inactive = root_inactive,
};

/* Device vnodes: priv is the struct uk_vfs_device. */

static int dev_open(struct uk_vfs_vnode *vn, struct uk_vfs_file *f)
{
	const struct uk_vfs_device *dev = vn->priv;

	f->ops = dev->ops;
	return dev->open ? dev->open(dev, f) : 0;
}

static const struct uk_vfs_vnode_ops dev_ops = {
	.open = dev_open,
};

/* Symlinks: priv is the target string. */

static ssize_t link_readlink(struct uk_vfs_vnode *vn, char *buf, size_t len)
{
	const char *target = vn->priv;
	size_t n = UK_MIN(uk_strlen(target), len);

	uk_memcpy(buf, target, n);
	return (ssize_t)n;
}

static const struct uk_vfs_vnode_ops link_ops = {
	.readlink = link_readlink,
};

/* /dev/fd. */

/*
 * "N" as Linux's /proc reads descriptor names: decimal digits, no sign,
 * no leading zero. -1 for anything else (or beyond the limit).
 */
static int parse_fd(const char *name, size_t len)
{
	unsigned long v = 0;

	if (!len || len > 10 || (name[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(name[i] - '0');
	}
	return v < uk_vfs_fd_limit() ? (int)v : -1;
}

/*
 * The vnode behind descriptor N. Anonymous files (pipes, sockets, eventfd)
 * have none: ENXIO, as Linux answers for sockets. Directories: ENXIO as
 * well, because vfscore records the directory a lookup found a directory
 * in as its parent (for ".." and getcwd), and the parent of a directory
 * reached through /dev/fd/N is not /dev/fd.
 */
static int fd_lookup(struct uk_vfs_vnode *dir, const char *name, size_t len,
		     struct uk_vfs_vnode **out)
{
	int fd = parse_fd(name, len), rc = 0;
	struct uk_vfs_file *f;

	(void)dir;
	f = fd < 0 ? NULL : uk_vfs_fd_get(fd);
	if (!f)
		return -ENOENT;
	if (!f->vnode || S_ISDIR(f->vnode->mode)) {
		rc = -ENXIO;
	} else {
		uk_vfs_vnode_get(f->vnode);
		*out = f->vnode;
	}
	uk_vfs_file_put(f);
	return rc;
}

static void fmt_uint(char *buf, unsigned int v)
{
	char tmp[10];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*buf++ = tmp[--n];
	*buf = '\0';
}

/*
 * The open descriptors, lowest first; the cookie is the next descriptor
 * to look at, so descriptors opened or closed meanwhile are seen or not
 * as with any directory that changes during a listing. The type and inode
 * are those of the vnode a lookup gives (what stat through the name
 * reports); anonymous files show DT_UNKNOWN and an inode of their own.
 */
static int fd_readdir(struct uk_vfs_vnode *dir, uint64_t *cookie,
		      struct uk_vfs_dirent *ent)
{
	unsigned int limit = uk_vfs_fd_limit();

	(void)dir;
	for (; *cookie < limit; (*cookie)++) {
		struct uk_vfs_file *f = uk_vfs_fd_get((int)*cookie);

		if (!f)
			continue;
		if (f->vnode) {
			ent->ino = f->vnode->ino;
			ent->type = dtype(f->vnode->mode);
		} else {
			ent->ino = (UINT64_C(1) << 32) | *cookie;
			ent->type = DT_UNKNOWN;
		}
		uk_vfs_file_put(f);
		fmt_uint(ent->name, (unsigned int)*cookie);
		(*cookie)++;
		return 1;
	}
	return 0;
}

static const struct uk_vfs_vnode_ops fd_ops = {
	.lookup = fd_lookup,
	.create = no_create,
	.link = no_link,
	.unlink = no_link,
	.rename = no_rename,
	.readdir = fd_readdir,
};

/* Mounting. */

static int add(struct devfs *d, const char *name, struct uk_vfs_vnode *vn)
{
	if (!vn)
		return -ENOMEM;
	d->ents[d->n].name = name;
	d->ents[d->n].vn = vn;
	d->n++;
	return 0;
}

static void drop_entries(struct devfs *d)
{
	size_t n = d->n;

	/* Lookups through a root that outlives the mount find nothing. */
	d->n = 0;
	for (size_t i = 0; i < n; i++)
		uk_vfs_vnode_put(d->ents[i].vn);
}

static int devfs_mount(struct uk_vfs_mount *m, const char *source,
		       const void *data)
{
	size_t ndev = (size_t)(__uk_devices_end - __uk_devices_start);
	size_t max = ndev + UK_ARRAY_SIZE(links) + 1;
	struct uk_vfs_vnode *root, *vn;
	struct devfs *d;
	int rc = 0;

	(void)source, (void)data;
	d = uk_calloc(1, sizeof(*d) + max * sizeof(d->ents[0]));
	if (!d)
		return -ENOMEM;
	root = uk_vfs_vnode_alloc(m, &root_ops, S_IFDIR | 0755);
	if (!root) {
		uk_free(d);
		return -ENOMEM;
	}
	root->priv = d;
	root->nlink = 3; /* ".", its name in the parent, and fd's ".." */

	/* The fixed names first, so that no device can take them. */
	for (size_t i = 0; !rc && i < UK_ARRAY_SIZE(links); i++) {
		vn = uk_vfs_vnode_alloc(m, &link_ops, S_IFLNK | 0777);
		if (vn) {
			vn->priv = (void *)(uintptr_t)links[i].target;
			vn->size = (off_t)uk_strlen(links[i].target);
		}
		rc = add(d, links[i].name, vn);
	}
	if (!rc) {
		/* Linux's /proc/self/fd is dr-x------ too. */
		vn = uk_vfs_vnode_alloc(m, &fd_ops, S_IFDIR | 0500);
		if (vn)
			vn->nlink = 2;
		rc = add(d, FD_DIR_NAME, vn);
	}
	for (size_t i = 0; !rc && i < ndev; i++) {
		const struct uk_vfs_device *dev = __uk_devices_start[i];

		if (bad_name(dev->name) ||
		    find(d, dev->name, uk_strlen(dev->name))) {
			uk_pr_warn("devfs: device \"%s\" not listed (bad or "
				   "duplicate name)",
				   dev->name ? dev->name : "(null)");
			continue;
		}
		vn = uk_vfs_vnode_alloc(m, &dev_ops, dev->mode);
		if (vn) {
			vn->rdev = dev->rdev;
			vn->priv = (void *)(uintptr_t)dev; /* never written */
		}
		rc = add(d, dev->name, vn);
	}
	if (rc) {
		drop_entries(d);
		uk_vfs_vnode_put(root); /* frees d */
		return rc;
	}
	/* uk_vfs_vnode_alloc's reference is m->root's; devfs keeps its own. */
	m->root = root;
	m->priv = root;
	uk_vfs_vnode_get(root);
	return 0;
}

/*
 * devfs lets go of its vnodes; m->root keeps the reference that the
 * unmounting side drops. Whatever is still open (a device, a listing of
 * /dev) stays valid until closed.
 */
static void devfs_unmount(struct uk_vfs_mount *m)
{
	struct uk_vfs_vnode *root = m->priv;

	drop_entries(root->priv);
	m->priv = NULL;
	uk_vfs_vnode_put(root);
}

static const struct uk_vfs_fs_type devfs = {
	.name = "devfs",
	.mount = devfs_mount,
	.unmount = devfs_unmount,
};
VFS_FS_REGISTER(devfs);
