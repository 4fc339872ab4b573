/*
 * lib/vfscore/x86_64/kstat.h - the kernel's struct stat on x86_64 (what
 * fstat, stat, lstat and newfstatat copy out; musl copies it field by
 * field into its own struct stat).
 */
#ifndef VFS_KSTAT_H
#define VFS_KSTAT_H

#include <stdint.h>

struct uk_kstat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;
	uint64_t st_atime_sec, st_atime_nsec;
	uint64_t st_mtime_sec, st_mtime_nsec;
	uint64_t st_ctime_sec, st_ctime_nsec;
	int64_t unused[3];
};
_Static_assert(sizeof(struct uk_kstat) == 144, "x86_64 struct stat ABI");

#endif /* VFS_KSTAT_H */
