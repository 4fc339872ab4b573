/*
 * lib/vfscore/arm64/kstat.h - the kernel's struct stat on arm64 (the
 * asm-generic layout; what fstat and newfstatat copy out).
 */
#ifndef VFS_KSTAT_H
#define VFS_KSTAT_H

#include <stdint.h>

struct uk_kstat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t pad2;
	int64_t st_blocks;
	int64_t st_atime_sec;
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	uint32_t unused4, unused5;
};
_Static_assert(sizeof(struct uk_kstat) == 128, "arm64 struct stat ABI");

#endif /* VFS_KSTAT_H */
