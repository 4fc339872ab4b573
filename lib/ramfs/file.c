/*
 * lib/ramfs/file.c - ramfs's regular files: the data, in page-sized chunks
 * from the page allocator, found through an array of chunk pointers
 * indexed by offset / UK_PAGE_SIZE.
 *
 * Chunks are allocated when written; a NULL chunk, or one past the end of
 * the array, reads as zeros, so holes and files grown by truncate cost
 * nothing. The array only grows as far as the last chunk written.
 *
 * Invariant: every byte past vn->size reads as zero. Chunks wholly past
 * the size are freed, and the part of the last chunk past the size is
 * kept zeroed; so extending the file, by write or truncate, exposes zeros
 * without touching the data.
 *
 * Running out of memory is ENOSPC (the file system is full): a write
 * stops at the first chunk it cannot get and reports what it wrote.
 */
#include <errno.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/pages.h>
#include <ukbase/string.h>
#include "ramfs.h"

#define CHUNK UK_PAGE_SIZE

/* The error for data operations on something else than a regular file. */
static int not_regular(const struct uk_vfs_vnode *vn)
{
	return S_ISDIR(vn->mode) ? -EISDIR : -EINVAL;
}

/* Make the array cover chunks [0, n); the new pointers are NULL. */
static int cover(struct ramfs_file *f, size_t n)
{
	size_t cap = f->cap * 2 > n ? f->cap * 2 : n;
	void **c;

	if (n <= f->cap)
		return 0;
	/* Doubling makes appending cheap; fall back on the exact need. */
	c = uk_realloc(f->chunks, cap * sizeof(*c));
	if (!c && cap > n) {
		cap = n;
		c = uk_realloc(f->chunks, cap * sizeof(*c));
	}
	if (!c)
		return -ENOSPC;
	uk_memset(c + f->cap, 0, (cap - f->cap) * sizeof(*c));
	f->chunks = c;
	f->cap = cap;
	return 0;
}

ssize_t uk_ramfs_file_read(struct uk_vfs_vnode *vn, void *buf, size_t len,
			   off_t off)
{
	struct ramfs_file *f;
	char *p = buf;
	size_t done, n, i, in;
	uint64_t pos;

	if (!S_ISREG(vn->mode))
		return not_regular(vn);
	if (off < 0)
		return -EINVAL;
	if (off >= vn->size || !len)
		return 0;
	f = &ramfs_node(vn)->file;
	if (len > (uint64_t)(vn->size - off))
		len = (size_t)(vn->size - off);
	for (done = 0; done < len; done += n) {
		pos = (uint64_t)off + done;
		i = (size_t)(pos / CHUNK);
		in = (size_t)(pos % CHUNK);
		n = UK_MIN(CHUNK - in, len - done);
		if (i < f->cap && f->chunks[i])
			uk_memcpy(p + done, (char *)f->chunks[i] + in, n);
		else
			uk_memset(p + done, 0, n);
	}
	uk_vfs_vnode_touch(vn, VFS_TOUCH_A);
	return (ssize_t)len;
}

ssize_t uk_ramfs_file_write(struct uk_vfs_vnode *vn, const void *buf,
			    size_t len, off_t off)
{
	struct ramfs_file *f;
	const char *p = buf;
	size_t done, n, i, in;
	uint64_t pos;
	void *c;
	int err;

	if (!S_ISREG(vn->mode))
		return not_regular(vn);
	if (off < 0)
		return -EINVAL;
	if (!len)
		return 0;
	/* As Linux: a write that crosses the limit stops at it. */
	if (off >= RAMFS_MAX_SIZE)
		return -EFBIG;
	if (len > (uint64_t)(RAMFS_MAX_SIZE - off))
		len = (size_t)(RAMFS_MAX_SIZE - off);
	f = &ramfs_node(vn)->file;
	err = cover(f, (size_t)(((uint64_t)off + len - 1) / CHUNK) + 1);
	if (err)
		return err;
	for (done = 0; done < len; done += n) {
		pos = (uint64_t)off + done;
		i = (size_t)(pos / CHUNK);
		in = (size_t)(pos % CHUNK);
		n = UK_MIN(CHUNK - in, len - done);
		if (!f->chunks[i]) {
			c = uk_pages_alloc(0);
			if (!c)
				break;
			/* What the write leaves of a new chunk reads as 0. */
			if (n < CHUNK)
				uk_memset(c, 0, CHUNK);
			f->chunks[i] = c;
		}
		uk_memcpy((char *)f->chunks[i] + in, p + done, n);
	}
	if (!done)
		return -ENOSPC;
	if ((off_t)(off + done) > vn->size)
		vn->size = (off_t)(off + done);
	uk_vfs_vnode_touch(vn, VFS_TOUCH_M | VFS_TOUCH_C);
	return (ssize_t)done;
}

/* A smaller array for a file that shrank a lot; kept as is on failure. */
static void shrink_array(struct ramfs_file *f, size_t n)
{
	void **c;

	if (!n) {
		uk_free(f->chunks);
		f->chunks = NULL;
		f->cap = 0;
		return;
	}
	if (n >= f->cap / 4)
		return;
	c = uk_malloc(n * sizeof(*c));
	if (!c)
		return;
	uk_memcpy(c, f->chunks, n * sizeof(*c));
	uk_free(f->chunks);
	f->chunks = c;
	f->cap = n;
}

int uk_ramfs_file_truncate(struct uk_vfs_vnode *vn, off_t size)
{
	struct ramfs_file *f;
	size_t keep, in;

	if (!S_ISREG(vn->mode))
		return not_regular(vn);
	if (size < 0)
		return -EINVAL;
	if (size > RAMFS_MAX_SIZE)
		return -EFBIG;
	f = &ramfs_node(vn)->file;
	if (size < vn->size) {
		keep = (size_t)(((uint64_t)size + CHUNK - 1) / CHUNK);
		for (size_t i = keep; i < f->cap; i++) {
			if (f->chunks[i]) {
				uk_pages_free(f->chunks[i], 0);
				f->chunks[i] = NULL;
			}
		}
		/* Keep the invariant: zeros past the size. */
		in = (size_t)(size % CHUNK);
		if (in && keep - 1 < f->cap && f->chunks[keep - 1])
			uk_memset((char *)f->chunks[keep - 1] + in, 0,
				  CHUNK - in);
		if (keep < f->cap)
			shrink_array(f, keep);
	}
	vn->size = size;
	/* As Linux: truncate marks the times even when the size stays. */
	uk_vfs_vnode_touch(vn, VFS_TOUCH_M | VFS_TOUCH_C);
	return 0;
}

void uk_ramfs_file_free(struct ramfs_file *f)
{
	for (size_t i = 0; i < f->cap; i++) {
		if (f->chunks[i])
			uk_pages_free(f->chunks[i], 0);
	}
	uk_free(f->chunks);
	f->chunks = NULL;
	f->cap = 0;
}
