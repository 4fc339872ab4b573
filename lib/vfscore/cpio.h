/*
 * lib/vfscore/cpio.h - the cpio "newc" archive reader (cpio.c), portable
 * and host-tested, used by initrd.c to fill the root at boot.
 */
#ifndef VFS_CPIO_H
#define VFS_CPIO_H

#include <stddef.h>
#include <stdint.h>

/* One member of the archive, as its header describes it. */
struct uk_cpio_entry {
	const char *name;     /* NUL-terminated, as stored ("./a", "a/b") */
	uint32_t ino, mode, uid, gid, nlink;
	uint32_t mtime;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
	const void *data;     /* filesize bytes: contents or symlink target */
	uint32_t filesize;
	size_t offset;        /* where its header starts in the archive */
};

/* Why an archive was refused: where and what. */
struct uk_cpio_error {
	size_t offset;
	const char *what;     /* a static string */
};

/* Whether buf starts like a newc archive ("070701", or "070702" with CRCs). */
int uk_cpio_is_newc(const void *buf, size_t len);

/*
 * Call fn for every member up to the "TRAILER!!!" entry (not included).
 * Returns 0; -EINVAL with *err set when the archive is malformed
 * (checked before any member is passed on: a corrupt archive changes
 * nothing); or the first negative value fn returns (err->offset then names
 * that member and err->what is "could not be created").
 */
int uk_cpio_parse(const void *buf, size_t len,
		  int (*fn)(const struct uk_cpio_entry *e, void *arg), void *arg,
		  struct uk_cpio_error *err);

#endif /* VFS_CPIO_H */
