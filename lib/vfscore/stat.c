/*
 * lib/vfscore/stat.c - file status: fstat, stat, lstat, newfstatat and
 * statx, from the vnode's attributes (anonymous files report their type
 * from their operations, as Linux's pipefs, sockfs and anonymous inodes
 * do). The layout of struct stat is the architecture's (kstat.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "kstat.h"
#include "vfs_impl.h"

#define BLKSIZE 4096

/* The device number st_dev of anonymous files (Linux: an unnamed superblock). */
#define ANON_DEV 0xd

static void fill_vnode(const struct uk_vfs_vnode *vn, struct uk_kstat *st)
{
	uk_memset(st, 0, sizeof(*st));
	st->st_dev = vn->mount ? vn->mount->dev : 0;
	st->st_ino = vn->ino;
	st->st_nlink = vn->nlink;
	st->st_mode = vn->mode;
	st->st_uid = vn->uid;
	st->st_gid = vn->gid;
	st->st_rdev = vn->rdev;
	st->st_size = vn->size;
	st->st_blksize = BLKSIZE;
	st->st_blocks = (vn->size + 511) / 512;
	st->st_atime_sec = vn->atime.tv_sec;
	st->st_atime_nsec = vn->atime.tv_nsec;
	st->st_mtime_sec = vn->mtime.tv_sec;
	st->st_mtime_nsec = vn->mtime.tv_nsec;
	st->st_ctime_sec = vn->ctime.tv_sec;
	st->st_ctime_nsec = vn->ctime.tv_nsec;
}

static void fill_file(const struct uk_vfs_file *f, struct uk_kstat *st)
{
	if (f->vnode) {
		fill_vnode(f->vnode, st);
		return;
	}
	uk_memset(st, 0, sizeof(*st));
	st->st_dev = ANON_DEV;
	st->st_ino = (uint64_t)(uintptr_t)f >> 4; /* stable and unique while open */
	st->st_nlink = 1;
	st->st_mode = f->ops->anon_mode ? f->ops->anon_mode : 0600;
	st->st_blksize = BLKSIZE;
}

UK_SYSCALL_DEFINE2(fstat, int, fd, struct uk_kstat *, st)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);

	if (!f)
		return -EBADF;
	if (!st) {
		uk_vfs_file_put(f);
		return -EFAULT;
	}
	fill_file(f, st);
	uk_vfs_file_put(f);
	return 0;
}

/* newfstatat's work: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_NO_AUTOMOUNT. */
static long stat_at(int dirfd, const char *path, struct uk_kstat *st, int flags)
{
	struct uk_vfs_nameidata nd;
	unsigned int lf = 0;
	int rc;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if (!st)
		return -EFAULT;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		lf |= VFS_LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH) {
		/* "" with AT_EMPTY_PATH: the descriptor itself, any file type. */
		if (path && !path[0]) {
			struct uk_vfs_file *f = dirfd == AT_FDCWD ? NULL : uk_vfs_fd_get(dirfd);

			if (dirfd != AT_FDCWD) {
				if (!f)
					return -EBADF;
				fill_file(f, st);
				uk_vfs_file_put(f);
				return 0;
			}
		}
		lf |= VFS_LOOKUP_EMPTY;
	}
	rc = uk_vfs_lookup(dirfd, path, lf, &nd);
	if (rc < 0)
		return rc;
	fill_vnode(nd.vn, st);
	uk_vfs_nd_release(&nd);
	return 0;
}

UK_SYSCALL_DEFINE4(newfstatat, int, dirfd, const char *, path,
		   struct uk_kstat *, st, int, flags)
{
	return stat_at(dirfd, path, st, flags);
}

#ifdef __x86_64__
UK_SYSCALL_DEFINE2(stat, const char *, path, struct uk_kstat *, st)
{
	return stat_at(AT_FDCWD, path, st, 0);
}

UK_SYSCALL_DEFINE2(lstat, const char *, path, struct uk_kstat *, st)
{
	return stat_at(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}
#endif

/* struct statx (include/uapi/linux/stat.h): the same on every architecture. */
struct uk_statx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct uk_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad1;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct uk_statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};
_Static_assert(sizeof(struct uk_statx) == 256, "struct statx ABI");

#define STATX_BASIC_STATS 0x7ffu
#define STATX_RESERVED 0x80000000u
#define AT_STATX_SYNC_TYPE 0x6000

static uint32_t dev_major(uint64_t d)
{
	return (uint32_t)(((d >> 32) & 0xfffff000u) | ((d >> 8) & 0xfffu));
}

static uint32_t dev_minor(uint64_t d)
{
	return (uint32_t)(((d >> 12) & 0xffffff00u) | (d & 0xffu));
}

UK_SYSCALL_DEFINE5(statx, int, dirfd, const char *, path, int, flags,
		   unsigned int, mask, struct uk_statx *, stx)
{
	struct uk_kstat st;
	long rc;

	if (mask & STATX_RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	rc = stat_at(dirfd, path, &st, flags & ~AT_STATX_SYNC_TYPE);
	if (rc < 0)
		return rc;
	uk_memset(stx, 0, sizeof(*stx));
	stx->stx_mask = STATX_BASIC_STATS;
	stx->stx_blksize = (uint32_t)st.st_blksize;
	stx->stx_nlink = (uint32_t)st.st_nlink;
	stx->stx_uid = st.st_uid;
	stx->stx_gid = st.st_gid;
	stx->stx_mode = (uint16_t)st.st_mode;
	stx->stx_ino = st.st_ino;
	stx->stx_size = (uint64_t)st.st_size;
	stx->stx_blocks = (uint64_t)st.st_blocks;
	stx->stx_atime.tv_sec = (int64_t)st.st_atime_sec;
	stx->stx_atime.tv_nsec = (uint32_t)st.st_atime_nsec;
	stx->stx_mtime.tv_sec = (int64_t)st.st_mtime_sec;
	stx->stx_mtime.tv_nsec = (uint32_t)st.st_mtime_nsec;
	stx->stx_ctime.tv_sec = (int64_t)st.st_ctime_sec;
	stx->stx_ctime.tv_nsec = (uint32_t)st.st_ctime_nsec;
	stx->stx_rdev_major = dev_major(st.st_rdev);
	stx->stx_rdev_minor = dev_minor(st.st_rdev);
	stx->stx_dev_major = dev_major(st.st_dev);
	stx->stx_dev_minor = dev_minor(st.st_dev);
	return 0;
}
