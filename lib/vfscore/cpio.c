/*
 * lib/vfscore/cpio.c - reading cpio archives in the "newc" format (the
 * one Linux's initramfs uses): a 110-byte ASCII header of a magic and 13
 * hexadecimal fields, the name (its size counts the NUL), padding to 4
 * bytes, the data, padding to 4 bytes; a member named "TRAILER!!!" ends
 * the archive. "070702" archives also carry a checksum of each file's
 * data (the sum of its bytes), which is verified.
 *
 * The whole archive is validated first, so that a corrupt one is refused
 * before anything lands in the file tree.
 */
#include <errno.h>
#include <ukbase/string.h>
#include "cpio.h"

#define HDR_LEN 110
#define TRAILER "TRAILER!!!"
#define NAME_MAX_ 4096

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NFIELDS };

int uk_cpio_is_newc(const void *buf, size_t len)
{
	return len >= 6 && (!uk_memcmp(buf, "070701", 6) || !uk_memcmp(buf, "070702", 6));
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* The 8 hex digits at p; -1 when one is not a hex digit. */
static int64_t hex8(const char *p)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/*
 * Decode the member at 'off': fills *e and the offset of the next member.
 * Returns 1 for a member, 0 for the trailer, -EINVAL with *err set.
 */
static int decode(const char *buf, size_t len, size_t off, struct uk_cpio_entry *e,
		  size_t *next, struct uk_cpio_error *err)
{
	uint32_t f[NFIELDS];
	const char *h = buf + off;
	size_t name_end, data_end;
	int crc;

	err->offset = off;
	/* off may lie past len: a member's padding can run off a cut archive. */
	if (off > len || len - off < HDR_LEN) {
		err->what = len == off ? "archive ends without a TRAILER!!! member"
				       : "truncated header";
		if (off > len)
			err->offset = len;
		return -EINVAL;
	}
	if (uk_memcmp(h, "07070", 5) || (h[5] != '1' && h[5] != '2')) {
		err->what = "bad magic (not a newc header)";
		return -EINVAL;
	}
	crc = h[5] == '2';
	for (int i = 0; i < NFIELDS; i++) {
		int64_t v = hex8(h + 6 + 8 * i);

		if (v < 0) {
			err->what = "header field is not hexadecimal";
			return -EINVAL;
		}
		f[i] = (uint32_t)v;
	}
	if (f[F_NAMESIZE] < 2 || f[F_NAMESIZE] > NAME_MAX_) {
		err->what = "bad name size";
		return -EINVAL;
	}
	name_end = off + HDR_LEN + f[F_NAMESIZE];
	if (name_end > len) {
		err->what = "name runs past the end of the archive";
		return -EINVAL;
	}
	if (buf[name_end - 1] != '\0' ||
	    uk_strlen(h + HDR_LEN) != f[F_NAMESIZE] - 1) {
		err->what = "name is not NUL-terminated where its size says";
		return -EINVAL;
	}
	uk_memset(e, 0, sizeof(*e));
	e->name = h + HDR_LEN;
	e->offset = off;
	if (!uk_strcmp(e->name, TRAILER)) {
		*next = len;
		return 0;
	}
	data_end = pad4(name_end - off) + off + f[F_FILESIZE];
	if (pad4(name_end - off) + off > len || data_end > len || data_end < off) {
		err->what = "file data runs past the end of the archive";
		return -EINVAL;
	}
	e->ino = f[F_INO];
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->devmajor = f[F_DEVMAJOR];
	e->devminor = f[F_DEVMINOR];
	e->rdevmajor = f[F_RDEVMAJOR];
	e->rdevminor = f[F_RDEVMINOR];
	e->filesize = f[F_FILESIZE];
	e->data = buf + pad4(name_end - off) + off;
	if (crc) {
		uint32_t sum = 0;

		for (uint32_t i = 0; i < e->filesize; i++)
			sum += ((const unsigned char *)e->data)[i];
		if (sum != f[F_CHECK]) {
			err->what = "file data does not match its checksum";
			return -EINVAL;
		}
	}
	*next = off + pad4(data_end - off);
	return 1;
}

int uk_cpio_parse(const void *buf, size_t len,
		  int (*fn)(const struct uk_cpio_entry *e, void *arg), void *arg,
		  struct uk_cpio_error *err)
{
	struct uk_cpio_entry e;
	size_t off, next;
	int rc;

	/* Pass 1: the whole archive must be well-formed. */
	for (off = 0;; off = next) {
		rc = decode(buf, len, off, &e, &next, err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
	}
	/* Pass 2: hand the members over. */
	for (off = 0;; off = next) {
		if (decode(buf, len, off, &e, &next, err) == 0)
			return 0;
		rc = fn(&e, arg);
		if (rc < 0) {
			err->offset = off;
			err->what = "could not be created";
			return rc;
		}
	}
}
