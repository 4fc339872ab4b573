/*
 * lib/devfs/devices.c - the memory devices every Linux system has, with
 * Linux's numbers (major 1) and mode (crw-rw-rw-):
 *
 *   null     (1,3)  reads end of file, writes are swallowed;
 *   zero     (1,5)  reads zeros, writes are swallowed;
 *   full     (1,7)  reads zeros, writes fail with ENOSPC;
 *   random   (1,8)  random bytes (uk_random_fill); writes are swallowed;
 *   urandom  (1,9)  the same.
 *
 * None of them ever blocks: poll always says readable and writable (what
 * Linux's default for files without a poll operation says), and random
 * does not wait for entropy because uk_random_fill never does (Linux 5.6+
 * behaves the same once its pool is initialised). Linux lets lseek, pread
 * and pwrite work on all of them (their position means nothing), hence
 * VFS_FILE_SEEKABLE.
 */
#include <errno.h>
#include <poll.h>
#include <sys/stat.h>
#include <uk/random.h>
#include <uk/vfs.h>
#include <ukbase/string.h>

#define MEM_MAJOR 1
#define DEV_MODE (S_IFCHR | 0666)
/*
 * makedev() as musl and glibc encode it (dev_t of stat), written out
 * because glibc's (host unit tests) is no constant expression.
 */
#define MKDEV(ma, mi)                                                        \
	((dev_t)((((ma) & 0xfffff000ULL) << 32) | (((ma) & 0xfffULL) << 8) | \
		 (((mi) & 0xffffff00ULL) << 12) | ((mi) & 0xffULL)))

/* Linux's cap on one read or write (MAX_RW_COUNT). */
#define MAX_RW_COUNT 0x7ffff000UL

static size_t cap(size_t len)
{
	return len > MAX_RW_COUNT ? MAX_RW_COUNT : len;
}

static ssize_t read_eof(struct uk_vfs_file *f, void *buf, size_t len, off_t *off)
{
	(void)f, (void)buf, (void)len, (void)off;
	return 0;
}

static ssize_t read_zeros(struct uk_vfs_file *f, void *buf, size_t len,
			  off_t *off)
{
	(void)f, (void)off;
	len = cap(len);
	uk_memset(buf, 0, len);
	return (ssize_t)len;
}

static ssize_t read_random(struct uk_vfs_file *f, void *buf, size_t len,
			   off_t *off)
{
	(void)f, (void)off;
	len = cap(len);
	uk_random_fill(buf, len);
	return (ssize_t)len;
}

/*
 * Writes to random and urandom are accepted as on Linux (where they stir
 * the pool without crediting entropy); here they change nothing.
 */
static ssize_t write_sink(struct uk_vfs_file *f, const void *buf, size_t len,
			  off_t *off)
{
	(void)f, (void)buf, (void)off;
	return (ssize_t)cap(len);
}

static ssize_t write_full(struct uk_vfs_file *f, const void *buf, size_t len,
			  off_t *off)
{
	(void)f, (void)buf, (void)len, (void)off;
	return -ENOSPC;
}

static unsigned int always_ready(struct uk_vfs_file *f)
{
	(void)f;
	return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
}

static const struct uk_vfs_file_ops null_ops = {
	.read = read_eof,
	.write = write_sink,
	.poll = always_ready,
	.flags = VFS_FILE_SEEKABLE,
};

static const struct uk_vfs_file_ops zero_ops = {
	.read = read_zeros,
	.write = write_sink,
	.poll = always_ready,
	.flags = VFS_FILE_SEEKABLE,
};

static const struct uk_vfs_file_ops full_ops = {
	.read = read_zeros,
	.write = write_full,
	.poll = always_ready,
	.flags = VFS_FILE_SEEKABLE,
};

static const struct uk_vfs_file_ops random_ops = {
	.read = read_random,
	.write = write_sink,
	.poll = always_ready,
	.flags = VFS_FILE_SEEKABLE,
};

static const struct uk_vfs_device null = {
	"null", DEV_MODE, MKDEV(MEM_MAJOR, 3), &null_ops, NULL,
};
static const struct uk_vfs_device zero = {
	"zero", DEV_MODE, MKDEV(MEM_MAJOR, 5), &zero_ops, NULL,
};
static const struct uk_vfs_device full = {
	"full", DEV_MODE, MKDEV(MEM_MAJOR, 7), &full_ops, NULL,
};
static const struct uk_vfs_device random = {
	"random", DEV_MODE, MKDEV(MEM_MAJOR, 8), &random_ops, NULL,
};
static const struct uk_vfs_device urandom = {
	"urandom", DEV_MODE, MKDEV(MEM_MAJOR, 9), &random_ops, NULL,
};

VFS_DEVICE_REGISTER(null);
VFS_DEVICE_REGISTER(zero);
VFS_DEVICE_REGISTER(full);
VFS_DEVICE_REGISTER(random);
VFS_DEVICE_REGISTER(urandom);
