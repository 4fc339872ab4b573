/*
 * tests/unit/test_devfs.c - host tests of lib/devfs: the tree a mount
 * makes from a fake device table (listing, lookup, modes and numbers,
 * names that are refused, the symlinks), /dev/fd over a fake descriptor
 * table, EPERM for changes, the memory devices' operations, and that
 * unmounting frees every vnode.
 *
 * The device table is this program's: the linker-script symbols
 * __uk_devices_start/__uk_devices_end are set (in assembly) around an
 * array that each test fills with devices.c's five registrations and
 * three of its own.
 */
#define _GNU_SOURCE
#include <check.h>
#include "unit_run.h"
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <uk/alloc.h>
#include <uk/vfs.h>

/* The device table devfs.c walks. */
#define NDEV 8
const struct uk_vfs_device *test_devices[NDEV];
__asm__(".globl __uk_devices_start\n"
	".set __uk_devices_start, test_devices\n"
	".globl __uk_devices_end\n"
	".set __uk_devices_end, test_devices + 8 * 8\n");

extern const struct uk_vfs_device *const uk_vfs_dev_null, *const uk_vfs_dev_zero,
    *const uk_vfs_dev_full, *const uk_vfs_dev_random, *const uk_vfs_dev_urandom;
extern const struct uk_vfs_fs_type *const uk_vfs_fs_devfs;

/* The console stands for devices of other libraries: its open runs. */
static int console_opens;
static const struct uk_vfs_file_ops console_ops;

static int console_open(const struct uk_vfs_device *dev, struct uk_vfs_file *f)
{
	(void)dev;
	console_opens++;
	f->priv = &console_opens;
	return 0;
}

static const struct uk_vfs_device console = {
	"console", S_IFCHR | 0600, 5 << 8 | 1, &console_ops, console_open,
};
/* Taken names and bad names are left out, with a warning. */
static const struct uk_vfs_device dup_null = {
	"null", S_IFCHR | 0666, 99, &console_ops, NULL,
};
static const struct uk_vfs_device bad = {
	"a/b", S_IFCHR | 0666, 98, &console_ops, NULL,
};

/* uk_malloc and friends, counting what is not yet freed (fake_alloc_live). */
#include "fake_alloc.h"

static int warnings;

void uk_log(int level, const char *fmt, ...)
{
	(void)level, (void)fmt;
	warnings++;
}

void uk_random_fill(void *buf, size_t len)
{
	memset(buf, 0x5a, len);
}

/* Vnodes come from vfscore's own vnode.c; its clock is fixed here. */
uint64_t ukplat_monotonic_ns(void)
{
	return 0;
}

int64_t ukplat_wallclock_boot_sec(void)
{
	return 0;
}

/* A descriptor table: 0 a device, 1 a pipe, 5 a file, 7 a directory. */
static struct uk_vfs_file files[16];
static struct uk_vfs_vnode other_vnodes[3];

unsigned int uk_vfs_fd_limit(void)
{
	return 16;
}

struct uk_vfs_file *uk_vfs_fd_get(int fd)
{
	ck_assert(fd >= 0 && fd < 16);
	if (!files[fd].refs)
		return NULL;
	files[fd].refs++;
	return &files[fd];
}

void uk_vfs_file_put(struct uk_vfs_file *f)
{
	ck_assert_uint_gt(f->refs, 1);
	f->refs--;
}

static struct uk_vfs_mount mnt;
static struct uk_vfs_vnode *root;

static void setup(void)
{
	test_devices[0] = uk_vfs_dev_null;
	test_devices[1] = uk_vfs_dev_zero;
	test_devices[2] = &console;
	test_devices[3] = uk_vfs_dev_full;
	test_devices[4] = &dup_null;
	test_devices[5] = uk_vfs_dev_random;
	test_devices[6] = &bad;
	test_devices[7] = uk_vfs_dev_urandom;
	memset(&mnt, 0, sizeof(mnt));
	mnt.type = uk_vfs_fs_devfs;
	ck_assert_str_eq(uk_vfs_fs_devfs->name, "devfs");
	ck_assert_int_eq(uk_vfs_fs_devfs->mount(&mnt, NULL, NULL), 0);
	root = mnt.root;
	ck_assert_ptr_nonnull(root);

	memset(files, 0, sizeof(files));
	memset(other_vnodes, 0, sizeof(other_vnodes));
	other_vnodes[0].mode = S_IFCHR | 0600;
	other_vnodes[0].ino = 1000;
	other_vnodes[1].mode = S_IFREG | 0644;
	other_vnodes[1].ino = 1001;
	other_vnodes[2].mode = S_IFDIR | 0755;
	other_vnodes[2].ino = 1002;
	for (int i = 0; i < 3; i++)
		other_vnodes[i].refs = 1;
	files[0].refs = files[1].refs = files[5].refs = files[7].refs = 1;
	files[0].vnode = &other_vnodes[0];
	files[5].vnode = &other_vnodes[1];
	files[7].vnode = &other_vnodes[2];
}

static int lookup(struct uk_vfs_vnode *dir, const char *name, size_t len,
		  struct uk_vfs_vnode **out)
{
	*out = NULL;
	return dir->ops->lookup(dir, name, len, out);
}

static struct uk_vfs_vnode *get(const char *name)
{
	struct uk_vfs_vnode *vn;

	ck_assert_int_eq(lookup(root, name, strlen(name), &vn), 0);
	ck_assert_ptr_nonnull(vn);
	return vn;
}

/* The listing of 'dir' as "name:type " pairs. */
static char *list(struct uk_vfs_vnode *dir)
{
	static char out[1024];
	struct uk_vfs_dirent ent;
	uint64_t cookie = 0;
	int rc;

	out[0] = '\0';
	while ((rc = dir->ops->readdir(dir, &cookie, &ent)) == 1)
		sprintf(out + strlen(out), "%s:%d ", ent.name, ent.type);
	ck_assert_int_eq(rc, 0);
	/* The end stays the end. */
	ck_assert_int_eq(dir->ops->readdir(dir, &cookie, &ent), 0);
	return out;
}

START_TEST(root_listing)
{
	ck_assert_uint_eq(root->mode, S_IFDIR | 0755);
	ck_assert_str_eq(list(root), "stdin:10 stdout:10 stderr:10 fd:4 "
				     "null:2 zero:2 console:2 full:2 "
				     "random:2 urandom:2 ");
	ck_assert_int_eq(warnings, 2);
}
END_TEST

START_TEST(devices_by_name)
{
	static const struct {
		const char *name;
		unsigned int minor;
	} mem[] = { { "null", 3 }, { "zero", 5 }, { "full", 7 },
		    { "random", 8 }, { "urandom", 9 } };
	struct uk_vfs_vnode *vn;

	for (size_t i = 0; i < 5; i++) {
		vn = get(mem[i].name);
		ck_assert_uint_eq(vn->mode, S_IFCHR | 0666);
		ck_assert_uint_eq(vn->rdev, makedev(1, mem[i].minor));
		ck_assert_uint_eq(vn->refs, 2);
		uk_vfs_vnode_put(vn);
	}
	vn = get("console");
	ck_assert_uint_eq(vn->mode, S_IFCHR | 0600);
	ck_assert_uint_eq(vn->rdev, makedev(5, 1));
	uk_vfs_vnode_put(vn);
	/* Names are (pointer, length): "nullx" of length 4 is "null". */
	ck_assert_int_eq(lookup(root, "nullx", 4, &vn), 0);
	ck_assert_uint_eq(vn->rdev, makedev(1, 3));
	uk_vfs_vnode_put(vn);
	ck_assert_int_eq(lookup(root, "nullx", 5, &vn), -ENOENT);
	ck_assert_int_eq(lookup(root, "nul", 3, &vn), -ENOENT);
	ck_assert_int_eq(lookup(root, "a", 1, &vn), -ENOENT);
	ck_assert_ptr_null(vn);
}
END_TEST

START_TEST(symlinks)
{
	static const char *names[] = { "stdin", "stdout", "stderr" };
	char buf[16];

	for (int i = 0; i < 3; i++) {
		struct uk_vfs_vnode *vn = get(names[i]);
		ssize_t n = vn->ops->readlink(vn, buf, sizeof(buf));

		ck_assert_uint_eq(vn->mode, S_IFLNK | 0777);
		ck_assert_int_eq(n, 4);
		ck_assert_int_eq(vn->size, 4);
		ck_assert(memcmp(buf, "fd/", 3) == 0 && buf[3] == '0' + i);
		/* A short buffer gets the start. */
		ck_assert_int_eq(vn->ops->readlink(vn, buf, 2), 2);
		uk_vfs_vnode_put(vn);
	}
}
END_TEST

START_TEST(no_changes)
{
	struct uk_vfs_vnode *null = get("null"), *fd = get("fd"), *out;

	ck_assert_int_eq(root->ops->create(root, "x", 1, S_IFREG | 0644, 0,
					   NULL, &out), -EPERM);
	ck_assert_int_eq(root->ops->create(root, "d", 1, S_IFDIR | 0755, 0,
					   NULL, &out), -EPERM);
	ck_assert_int_eq(root->ops->unlink(root, "null", 4, null), -EPERM);
	ck_assert_int_eq(root->ops->link(root, "n2", 2, null), -EPERM);
	ck_assert_int_eq(root->ops->rename(root, "null", 4, root, "n2", 2,
					   null, NULL), -EPERM);
	ck_assert_int_eq(fd->ops->create(fd, "9", 1, S_IFREG | 0644, 0, NULL,
					 &out), -EPERM);
	ck_assert_int_eq(fd->ops->unlink(fd, "0", 1, &other_vnodes[0]), -EPERM);
	ck_assert_str_eq(list(root), "stdin:10 stdout:10 stderr:10 fd:4 "
				     "null:2 zero:2 console:2 full:2 "
				     "random:2 urandom:2 ");
	uk_vfs_vnode_put(null);
	uk_vfs_vnode_put(fd);
}
END_TEST

START_TEST(open_gives_device_ops)
{
	struct uk_vfs_vnode *vn = get("console");
	struct uk_vfs_file f = { 0 };

	ck_assert_int_eq(vn->ops->open(vn, &f), 0);
	ck_assert_ptr_eq(f.ops, &console_ops);
	ck_assert_ptr_eq(f.priv, &console_opens);
	ck_assert_int_eq(console_opens, 1);
	uk_vfs_vnode_put(vn);
	vn = get("zero");
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(vn->ops->open(vn, &f), 0);
	ck_assert_ptr_eq(f.ops, uk_vfs_dev_zero->ops);
	uk_vfs_vnode_put(vn);
}
END_TEST

START_TEST(fd_directory)
{
	struct uk_vfs_vnode *fd = get("fd"), *vn;
	struct uk_vfs_dirent ent;
	uint64_t cookie = 0;

	ck_assert_uint_eq(fd->mode, S_IFDIR | 0500);
	/* Types and inodes of what the names lead to; a pipe's unknown. */
	ck_assert_str_eq(list(fd), "0:2 1:0 5:8 7:4 ");
	ck_assert_int_eq(fd->ops->readdir(fd, &cookie, &ent), 1);
	ck_assert_uint_eq(ent.ino, 1000);
	ck_assert_int_eq(fd->ops->readdir(fd, &cookie, &ent), 1);
	ck_assert_uint_gt(ent.ino, 0xffffffffULL);

	ck_assert_int_eq(lookup(fd, "0", 1, &vn), 0);
	ck_assert_ptr_eq(vn, &other_vnodes[0]);
	ck_assert_uint_eq(other_vnodes[0].refs, 2);
	uk_vfs_vnode_put(vn);
	ck_assert_int_eq(lookup(fd, "5", 1, &vn), 0);
	ck_assert_ptr_eq(vn, &other_vnodes[1]);
	uk_vfs_vnode_put(vn);
	/* A pipe has no vnode; a directory is refused (see devfs.c). */
	ck_assert_int_eq(lookup(fd, "1", 1, &vn), -ENXIO);
	ck_assert_int_eq(lookup(fd, "7", 1, &vn), -ENXIO);
	ck_assert_int_eq(lookup(fd, "2", 1, &vn), -ENOENT);
	ck_assert_int_eq(lookup(fd, "05", 2, &vn), -ENOENT);
	ck_assert_int_eq(lookup(fd, "16", 2, &vn), -ENOENT);
	ck_assert_int_eq(lookup(fd, "99999999999", 11, &vn), -ENOENT);
	ck_assert_int_eq(lookup(fd, "-1", 2, &vn), -ENOENT);
	ck_assert_int_eq(lookup(fd, "5x", 2, &vn), -ENOENT);
	/* Every uk_vfs_fd_get was put back. */
	for (int i = 0; i < 16; i++)
		ck_assert_uint_le(files[i].refs, 1);
	/* The listing follows the table. */
	files[1].refs = 0;
	files[12].refs = 1;
	ck_assert_str_eq(list(fd), "0:2 5:8 7:4 12:0 ");
	uk_vfs_vnode_put(fd);
}
END_TEST

/* A device's file, opened through its vnode. */
static struct uk_vfs_file dev_file(const char *name)
{
	struct uk_vfs_vnode *vn = get(name);
	struct uk_vfs_file f = { 0 };

	ck_assert_int_eq(vn->ops->open(vn, &f), 0);
	uk_vfs_vnode_put(vn);
	return f;
}

START_TEST(memory_devices)
{
	struct uk_vfs_file f;
	unsigned char buf[100];
	off_t off = 0;
	const unsigned int all = POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;

	f = dev_file("null");
	memset(buf, 0xff, sizeof(buf));
	ck_assert_int_eq(f.ops->read(&f, buf, sizeof(buf), &off), 0);
	ck_assert_uint_eq(buf[0], 0xff);
	ck_assert_int_eq(f.ops->write(&f, buf, sizeof(buf), &off), 100);
	ck_assert_uint_eq(f.ops->poll(&f), all);
	ck_assert(f.ops->flags & VFS_FILE_SEEKABLE);

	f = dev_file("zero");
	ck_assert_int_eq(f.ops->read(&f, buf, 50, &off), 50);
	ck_assert_uint_eq(buf[0], 0);
	ck_assert_uint_eq(buf[49], 0);
	ck_assert_uint_eq(buf[50], 0xff);
	ck_assert_int_eq(f.ops->write(&f, buf, 7, &off), 7);
	ck_assert_uint_eq(f.ops->poll(&f), all);

	f = dev_file("full");
	memset(buf, 0xff, sizeof(buf));
	ck_assert_int_eq(f.ops->read(&f, buf, 10, &off), 10);
	ck_assert_uint_eq(buf[9], 0);
	ck_assert_int_eq(f.ops->write(&f, buf, 10, &off), -ENOSPC);
	ck_assert_uint_eq(f.ops->poll(&f), all);

	f = dev_file("random");
	ck_assert_int_eq(f.ops->read(&f, buf, 20, &off), 20);
	ck_assert_uint_eq(buf[19], 0x5a);
	ck_assert_uint_eq(buf[20], 0xff);
	ck_assert_int_eq(f.ops->write(&f, buf, 20, &off), 20);
	f = dev_file("urandom");
	ck_assert_int_eq(f.ops->read(&f, buf, 30, &off), 30);
	ck_assert_uint_eq(buf[29], 0x5a);
	ck_assert_uint_eq(f.ops->poll(&f), all);
	/* Nothing has a position. */
	ck_assert_int_eq(off, 0);
}
END_TEST

START_TEST(unmount_frees)
{
	struct uk_vfs_vnode *vn = get("zero"), *none;

	uk_vfs_fs_devfs->unmount(&mnt);
	/* What is still referenced stays; the root finds nothing more. */
	ck_assert_uint_eq(vn->refs, 1);
	ck_assert_int_eq(lookup(root, "zero", 4, &none), -ENOENT);
	ck_assert_str_eq(list(root), "");
	uk_vfs_vnode_put(vn);
	uk_vfs_vnode_put(root); /* m->root's reference, vfscore's to drop */
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

static Suite *devfs_suite(void)
{
	Suite *s = suite_create("devfs");
	TCase *tc = tcase_create("tree");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, root_listing);
	tcase_add_test(tc, devices_by_name);
	tcase_add_test(tc, symlinks);
	tcase_add_test(tc, no_changes);
	tcase_add_test(tc, open_gives_device_ops);
	tcase_add_test(tc, fd_directory);
	tcase_add_test(tc, unmount_frees);
	suite_add_tcase(s, tc);

	tc = tcase_create("devices");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, memory_devices);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(devfs_suite()), true);
}
