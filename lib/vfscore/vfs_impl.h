/*
 * lib/vfscore/vfs_impl.h - vfscore's internal interface, grouped by the
 * file that implements each part.
 */
#ifndef VFS_IMPL_H
#define VFS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <uk/user.h>
#include <uk/vfs.h>

/* lookup.c */

/*
 * The result of resolving a path: the parent directory and the last
 * component, and the vnode it names (NULL when that name does not exist,
 * which only VFS_LOOKUP_PARENT allows). Every vnode held is referenced;
 * uk_vfs_nd_release drops them.
 */
struct uk_vfs_nameidata {
	struct uk_vfs_vnode *dir;   /* parent of the last component */
	struct uk_vfs_vnode *vn;    /* what the path names, or NULL */
	char last[VFS_NAME_MAX + 1]; /* the last component ("" for "/") */
	size_t last_len;
	bool trailing_slash;     /* the path ended in '/' */
};

#define VFS_LOOKUP_FOLLOW 1u  /* follow a symlink in the last component */
#define VFS_LOOKUP_PARENT 2u  /* the last component may be missing */
#define VFS_LOOKUP_EMPTY  4u  /* "" names dirfd itself (AT_EMPTY_PATH) */
#define VFS_LOOKUP_MUSTDIR 8u /* internal: a trailing slash was seen, the
			       * end must be a directory (symlinks followed) */

/*
 * Resolve 'path' from dirfd (AT_FDCWD: the working directory; absolute
 * paths from the root). Errors: -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG,
 * -EBADF (dirfd), -EFAULT (NULL path).
 */
int uk_vfs_lookup(int dirfd, const char *path, unsigned int flags,
	       struct uk_vfs_nameidata *nd);
void uk_vfs_nd_release(struct uk_vfs_nameidata *nd);
/* One name in one directory, crossing mounts and handling "." and "..". */
int uk_vfs_lookup_one(struct uk_vfs_vnode *dir, const char *name, size_t len,
		   struct uk_vfs_vnode **out);
/* The root and working directory (referenced by the caller on use). */
extern struct uk_vfs_vnode *uk_vfs_root_vnode;
extern struct uk_vfs_vnode *uk_vfs_cwd_vnode;
/* The parent of directory 'dir' (across mount points), referenced. */
struct uk_vfs_vnode *uk_vfs_parent_of(struct uk_vfs_vnode *dir);

/* mount.c */
const struct uk_vfs_fs_type *uk_vfs_fs_find(const char *name);

/* open.c */

/* Open the vnode (referenced by the caller, which keeps its reference). */
int uk_vfs_open_vnode(struct uk_vfs_vnode *vn, int flags, struct uk_vfs_file **out);
/* openat's work, minus installing a descriptor. */
int uk_vfs_open_path(int dirfd, const char *path, int flags, mode_t mode,
		  struct uk_vfs_file **out);
/* Make a name (mknodat, mkdirat, symlinkat's work). */
int uk_vfs_make_node_ref(int dirfd, const char *path, mode_t mode, dev_t rdev,
			 const char *target, struct uk_vfs_vnode **out);
int uk_vfs_make_node(int dirfd, const char *path, mode_t mode, dev_t rdev,
		  const char *target);

/*
 * The file-creation mask and the owner of new files (the file-system uid
 * and gid, as on Linux) are credentials of the process, kept by
 * lib/posix-user (uk/user.h); without that library they are 022 and root.
 */
mode_t uk_user_umask(void) __attribute__((weak));
void uk_user_uids(struct uk_user_ids *out) __attribute__((weak));
void uk_user_gids(struct uk_user_ids *out) __attribute__((weak));
static inline mode_t uk_vfs_umask(void)
{
	return uk_user_umask ? uk_user_umask() : 022;
}
static inline void uk_vfs_set_creator(struct uk_vfs_vnode *vn)
{
	struct uk_user_ids u = { 0, 0, 0, 0 }, g = { 0, 0, 0, 0 };

	if (uk_user_uids && uk_user_gids) {
		uk_user_uids(&u);
		uk_user_gids(&g);
	}
	vn->uid = u.fs;
	vn->gid = g.fs;
}

/* attr.c */
/* Set the size of a regular file (truncate's work). */
int uk_vfs_truncate_vnode(struct uk_vfs_vnode *vn, off_t size);

/* rw.c */
ssize_t uk_vfs_file_read(struct uk_vfs_file *f, void *buf, size_t len, off_t *off);
ssize_t uk_vfs_file_write(struct uk_vfs_file *f, const void *buf, size_t len,
		       off_t *off);

#endif /* VFS_IMPL_H */
