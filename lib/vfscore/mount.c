/*
 * lib/vfscore/mount.c - the file system types registered in .uk_fs and
 * the mount table: uk_vfs_mount puts a file system's root over a directory
 * (the first mount, on "/", makes the root of the tree).
 */
#include <errno.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "vfs_impl.h"

extern const struct uk_vfs_fs_type *const __uk_fs_start[], *const __uk_fs_end[];

static struct uk_vfs_mount *mounts;
static unsigned int next_dev = 1;

struct uk_vfs_vnode *uk_vfs_root_vnode;
struct uk_vfs_vnode *uk_vfs_cwd_vnode;

const struct uk_vfs_fs_type *uk_vfs_fs_find(const char *name)
{
	for (const struct uk_vfs_fs_type *const *t = __uk_fs_start; t < __uk_fs_end; t++) {
		if (!uk_strcmp((*t)->name, name))
			return *t;
	}
	return NULL;
}

int uk_vfs_mount(const char *source, const char *target, const char *type,
	      const void *data)
{
	const struct uk_vfs_fs_type *fs = uk_vfs_fs_find(type);
	struct uk_vfs_nameidata nd;
	struct uk_vfs_mount *m;
	struct uk_vfs_vnode *covered = NULL;
	int rc;

	if (!fs)
		return -ENODEV;
	if (uk_vfs_root_vnode) {
		rc = uk_vfs_lookup(-100 /* AT_FDCWD */, target, VFS_LOOKUP_FOLLOW, &nd);
		if (rc < 0)
			return rc;
		covered = nd.vn;
		nd.vn = NULL;
		uk_vfs_nd_release(&nd);
		if (!S_ISDIR(covered->mode)) {
			uk_vfs_vnode_put(covered);
			return -ENOTDIR;
		}
		if (covered->mounted_here) {
			uk_vfs_vnode_put(covered);
			return -EBUSY;
		}
	} else if (uk_strcmp(target, "/")) {
		return -ENOENT; /* the root comes first */
	}
	m = uk_calloc(1, sizeof(*m));
	if (!m) {
		uk_vfs_vnode_put(covered);
		return -ENOMEM;
	}
	m->type = fs;
	m->covered = covered; /* the mount keeps this reference */
	m->dev = next_dev++;
	rc = fs->mount(m, source, data);
	if (rc < 0 || !m->root) {
		uk_free(m);
		uk_vfs_vnode_put(covered);
		return rc < 0 ? rc : -EIO;
	}
	m->next = mounts;
	mounts = m;
	if (covered) {
		covered->mounted_here = m;
	} else {
		uk_vfs_root_vnode = m->root;
		uk_vfs_vnode_get(m->root);
		uk_vfs_cwd_vnode = m->root;
		uk_vfs_vnode_get(m->root);
	}
	return 0;
}
