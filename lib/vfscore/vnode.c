/*
 * lib/vfscore/vnode.c - vnode life cycle: allocation with fresh inode
 * numbers and times, reference counting, and freeing through the file
 * system's inactive operation once nothing names or uses the vnode.
 */
#include <time.h>
#include <uk/alloc.h>
#include <uk/plat.h>
#include <ukbase/string.h>
#include "vfs_impl.h"

/* Wall-clock time now, for the vnode times. */
static struct timespec uk_vfs_now(void)
{
	uint64_t ns = ukplat_monotonic_ns();
	struct timespec ts;

	ts.tv_sec = (time_t)(ukplat_wallclock_boot_sec() + (int64_t)(ns / 1000000000ULL));
	ts.tv_nsec = (long)(ns % 1000000000ULL);
	return ts;
}

struct uk_vfs_vnode *uk_vfs_vnode_alloc(struct uk_vfs_mount *m,
				  const struct uk_vfs_vnode_ops *ops, mode_t mode)
{
	struct uk_vfs_vnode *vn = uk_calloc(1, sizeof(*vn));

	if (!vn)
		return NULL;
	vn->ops = ops;
	vn->mount = m;
	vn->refs = 1;
	vn->ino = ++m->next_ino;
	vn->mode = mode;
	vn->nlink = 1;
	vn->atime = vn->mtime = vn->ctime = uk_vfs_now();
	return vn;
}

void uk_vfs_vnode_get(struct uk_vfs_vnode *vn)
{
	vn->refs++;
}

void uk_vfs_vnode_put(struct uk_vfs_vnode *vn)
{
	if (!vn || --vn->refs)
		return;
	/*
	 * Nobody uses it any more. A vnode that a directory still names is
	 * kept alive by that entry's reference, so refs reach 0 only once it
	 * is unlinked (or its file system forgets it).
	 */
	if (vn->ops && vn->ops->inactive)
		vn->ops->inactive(vn);
	uk_free(vn);
}

void uk_vfs_vnode_touch(struct uk_vfs_vnode *vn, unsigned int which)
{
	struct timespec now = uk_vfs_now();

	if (which & VFS_TOUCH_A)
		vn->atime = now;
	if (which & VFS_TOUCH_M)
		vn->mtime = now;
	if (which & VFS_TOUCH_C)
		vn->ctime = now;
}
