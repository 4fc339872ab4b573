/*
 * tests/unit/test_ramfs.c - host tests of lib/ramfs: every vnode
 * operation, called as vfscore calls them, on fakes of vfscore's vnode
 * calls (uk_vfs_vnode_alloc/get/put/touch, with put calling inactive on the
 * last reference of an unlinked vnode) and of the kernel allocators
 * (uk_malloc and the page allocator over the host's). The fakes count
 * what is live, so every test ends by unmounting and finding nothing
 * left, and can make the Nth allocation fail, so every operation is also
 * run out of memory at each of its allocations in turn.
 */
#include <check.h>
#include "unit_run.h"
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/pages.h>
#include <uk/vfs.h>

/* The fake allocators: counted, poisoned, and failing on demand. */
static long live_mem, live_pages, live_vnodes, nallocs;
static long fail_at;    /* the allocation that fails (0: none) */
static bool fail_after; /* ...and every one after it */
#define POISON 0xa5
#define MEM_MAGIC 0x6d656d6d656d6dULL
/* Larger blocks fail, as they would in a guest (and keep the host sane). */
#define BIG_BLOCK (64UL << 20)

static bool fail_now(void)
{
	nallocs++;
	return fail_at &&
	       (nallocs == fail_at || (fail_after && nallocs > fail_at));
}

void *uk_malloc(size_t size)
{
	uint64_t *p;

	if (!size || size > BIG_BLOCK || fail_now())
		return NULL;
	p = malloc(16 + size);
	ck_assert_ptr_nonnull(p);
	p[0] = MEM_MAGIC;
	p[1] = size;
	memset(p + 2, POISON, size);
	live_mem++;
	return p + 2;
}

void uk_free(void *q)
{
	uint64_t *p;

	if (!q)
		return;
	p = (uint64_t *)q - 2;
	ck_assert_msg(p[0] == MEM_MAGIC, "uk_free of %p: not uk_malloc's", q);
	p[0] = 0;
	free(p);
	live_mem--;
}

void *uk_realloc(void *q, size_t size)
{
	uint64_t *p;
	void *n;

	if (!q)
		return uk_malloc(size);
	p = (uint64_t *)q - 2;
	ck_assert(p[0] == MEM_MAGIC && size);
	if (size <= p[1])
		return q;
	n = uk_malloc(size);
	if (n) {
		memcpy(n, q, p[1]);
		uk_free(q);
	}
	return n;
}

void *uk_pages_alloc(unsigned int order)
{
	void *p;

	ck_assert_uint_eq(order, 0);
	if (fail_now())
		return NULL;
	p = aligned_alloc(UK_PAGE_SIZE, UK_PAGE_SIZE);
	memset(p, POISON, UK_PAGE_SIZE);
	live_pages++;
	return p;
}

void uk_pages_free(void *p, unsigned int order)
{
	ck_assert_uint_eq(order, 0);
	ck_assert_uint_eq((uintptr_t)p % UK_PAGE_SIZE, 0);
	free(p);
	live_pages--;
}

/* The fake vfscore: vnodes on the host heap; the clock ticks per touch. */
static long tick = 1;

struct uk_vfs_vnode *uk_vfs_vnode_alloc(struct uk_vfs_mount *m,
					const struct uk_vfs_vnode_ops *ops,
					mode_t mode)
{
	struct uk_vfs_vnode *vn;

	if (fail_now())
		return NULL;
	vn = calloc(1, sizeof(*vn));
	vn->ops = ops;
	vn->mount = m;
	vn->mode = mode;
	vn->ino = ++m->next_ino;
	vn->nlink = 1;
	vn->refs = 1;
	vn->atime.tv_sec = vn->mtime.tv_sec = vn->ctime.tv_sec = tick;
	live_vnodes++;
	return vn;
}

void uk_vfs_vnode_get(struct uk_vfs_vnode *vn)
{
	ck_assert_uint_gt(vn->refs, 0);
	vn->refs++;
}

void uk_vfs_vnode_put(struct uk_vfs_vnode *vn)
{
	ck_assert_uint_gt(vn->refs, 0);
	if (--vn->refs)
		return;
	/* Names hold references: a named vnode cannot lose its last one. */
	ck_assert_msg(vn->nlink == 0, "last reference of a vnode with links");
	vn->ops->inactive(vn);
	memset(vn, POISON, sizeof(*vn));
	free(vn);
	live_vnodes--;
}

void uk_vfs_vnode_touch(struct uk_vfs_vnode *vn, unsigned int which)
{
	tick++;
	if (which & VFS_TOUCH_A)
		vn->atime.tv_sec = tick;
	if (which & VFS_TOUCH_M)
		vn->mtime.tv_sec = tick;
	if (which & VFS_TOUCH_C)
		vn->ctime.tv_sec = tick;
}

/* Helpers: a mounted ramfs, names as C strings. */
extern const struct uk_vfs_fs_type *const uk_vfs_fs_ramfs;
static struct uk_vfs_mount mnt;
static struct uk_vfs_vnode *root;
#define N(s) (s), strlen(s)

static void setup(void)
{
	memset(&mnt, 0, sizeof(mnt));
	ck_assert_int_eq(uk_vfs_fs_ramfs->mount(&mnt, NULL, NULL), 0);
	root = mnt.root;
}

/* Unmount frees all: nothing may be left of the allocators' work. */
static void teardown(void)
{
	fail_at = 0;
	uk_vfs_fs_ramfs->unmount(&mnt);
	ck_assert_ptr_null(mnt.root);
	ck_assert_int_eq(live_vnodes, 0);
	ck_assert_int_eq(live_mem, 0);
	ck_assert_int_eq(live_pages, 0);
}

static int create(struct uk_vfs_vnode *dir, const char *name, mode_t mode,
		  struct uk_vfs_vnode **out)
{
	const char *target = S_ISLNK(mode) ? "some/target" : NULL;

	return dir->ops->create(dir, N(name), mode, 0, target, out);
}

/* Make an entry and return it unreferenced (its name keeps it). */
static struct uk_vfs_vnode *mk(struct uk_vfs_vnode *dir, const char *name,
			    mode_t mode)
{
	struct uk_vfs_vnode *vn;

	ck_assert_int_eq(create(dir, name, mode, &vn), 0);
	uk_vfs_vnode_put(vn);
	return vn;
}

/* The vnode a name stands for (unreferenced), or NULL. */
static struct uk_vfs_vnode *look(struct uk_vfs_vnode *dir, const char *name)
{
	struct uk_vfs_vnode *vn;
	int r = dir->ops->lookup(dir, N(name), &vn);

	if (r == -ENOENT)
		return NULL;
	ck_assert_int_eq(r, 0);
	uk_vfs_vnode_put(vn);
	return vn;
}

static int rm(struct uk_vfs_vnode *dir, const char *name)
{
	struct uk_vfs_vnode *vn = look(dir, name);

	return dir->ops->unlink(dir, N(name), vn ? vn : dir);
}

/* The number of entries readdir lists (each one a name that looks up). */
static int count_entries(struct uk_vfs_vnode *dir)
{
	struct uk_vfs_dirent ent;
	uint64_t cookie = 0;
	int n = 0;

	while (dir->ops->readdir(dir, &cookie, &ent) == 1) {
		struct uk_vfs_vnode *vn = look(dir, ent.name);

		ck_assert_ptr_nonnull(vn);
		ck_assert_uint_eq(vn->ino, ent.ino);
		n++;
	}
	return n;
}

static ssize_t wr(struct uk_vfs_vnode *vn, const void *buf, size_t len,
		  off_t off)
{
	return vn->ops->write(vn, buf, len, off);
}

static ssize_t rd(struct uk_vfs_vnode *vn, void *buf, size_t len, off_t off)
{
	return vn->ops->read(vn, buf, len, off);
}

static bool all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return false;
	}
	return true;
}

START_TEST(mount_root)
{
	ck_assert_str_eq(uk_vfs_fs_ramfs->name, "ramfs");
	ck_assert_uint_eq(root->mode, S_IFDIR | 0755);
	ck_assert_uint_eq(root->nlink, 2);
	ck_assert_uint_eq(root->refs, 1);
	ck_assert_int_eq(count_entries(root), 0);
	ck_assert_ptr_null(look(root, "x"));
}
END_TEST

static const mode_t types[] = {S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR,
			       S_IFBLK, S_IFIFO, S_IFSOCK};
static const unsigned char dtypes[] = {DT_REG, DT_DIR, DT_LNK, DT_CHR,
				       DT_BLK, DT_FIFO, DT_SOCK};

START_TEST(create_lookup_unlink_every_type)
{
	static char longname[VFS_NAME_MAX + 1];
	char name[16], buf[32];
	struct uk_vfs_vnode *vn, *again;
	struct uk_vfs_dirent ent;
	uint64_t cookie = 0;

	for (int i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		ck_assert_int_eq(root->ops->create(root, N(name),
						   types[i] | 0640, 0x0801,
						   "some/target", &vn), 0);
		ck_assert_uint_eq(vn->refs, 2); /* the name's and ours */
		ck_assert_uint_eq(vn->mode, types[i] | 0640);
		ck_assert_int_eq(root->ops->lookup(root, N(name), &again), 0);
		ck_assert_ptr_eq(again, vn);
		ck_assert_uint_eq(vn->refs, 3);
		uk_vfs_vnode_put(again);
		uk_vfs_vnode_put(vn);
		ck_assert_int_eq(root->ops->readdir(root, &cookie, &ent), 1);
		ck_assert_str_eq(ent.name, name);
		ck_assert_uint_eq(ent.type, dtypes[i]);
		ck_assert_uint_eq(ent.ino, vn->ino);
		ck_assert_uint_eq(vn->rdev, S_ISCHR(vn->mode) ||
					    S_ISBLK(vn->mode) ? 0x0801 : 0);
	}
	ck_assert_int_eq(root->ops->readdir(root, &cookie, &ent), 0);
	vn = look(root, "t2");
	ck_assert_int_eq(vn->size, 11);
	ck_assert_int_eq(vn->ops->readlink(vn, buf, sizeof(buf)), 11);
	ck_assert_mem_eq(buf, "some/target", 11);
	ck_assert_int_eq(vn->ops->readlink(vn, buf, 4), 4);
	ck_assert_int_eq(look(root, "t0")->ops->readlink(look(root, "t0"), buf,
							 4), -EINVAL);
	ck_assert_int_eq(create(root, "bad", S_IFMT, NULL), -EINVAL);
	ck_assert_int_eq(root->ops->create(root, N("nolink"), S_IFLNK, 0, NULL,
					   NULL), -EINVAL);
	ck_assert_int_eq(create(root, "t0", S_IFREG, NULL), -EEXIST);
	ck_assert_int_eq(create(root, "", S_IFREG, NULL), -ENOENT);
	memset(longname, 'n', sizeof(longname));
	ck_assert_int_eq(root->ops->create(root, longname, sizeof(longname),
					   S_IFREG, 0, NULL, NULL),
			 -ENAMETOOLONG);
	ck_assert_int_eq(create(look(root, "t0"), "x", S_IFREG, NULL),
			 -ENOTDIR);
	ck_assert_int_eq(create(root, "n", S_IFREG, NULL), 0); /* out NULL */
	ck_assert_uint_eq(look(root, "n")->refs, 1);
	/* Names are bytes and lengths: "t0" is not "t". */
	ck_assert_ptr_null(look(root, "t"));

	ck_assert_int_eq(rm(root, "missing"), -ENOENT);
	ck_assert_int_eq(root->ops->unlink(root, N("t0"), look(root, "t3")),
			 -ENOENT);
	for (int i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		ck_assert_int_eq(rm(root, name), 0);
		ck_assert_ptr_null(look(root, name));
	}
	ck_assert_int_eq(count_entries(root), 1);
	ck_assert_int_eq(live_vnodes, 2);
}
END_TEST

START_TEST(directory_nlink)
{
	struct uk_vfs_vnode *a = mk(root, "a", S_IFDIR | 0755), *b;

	ck_assert_uint_eq(root->nlink, 3);
	ck_assert_uint_eq(a->nlink, 2);
	b = mk(a, "b", S_IFDIR | 0755);
	mk(a, "f", S_IFREG | 0644);
	ck_assert_uint_eq(a->nlink, 3);
	ck_assert_int_eq(rm(root, "a"), -ENOTEMPTY);
	ck_assert_int_eq(rm(a, "f"), 0);
	ck_assert_int_eq(rm(root, "a"), -ENOTEMPTY);
	uk_vfs_vnode_get(b); /* someone's cwd */
	ck_assert_int_eq(rm(a, "b"), 0);
	ck_assert_uint_eq(b->nlink, 0);
	ck_assert_uint_eq(a->nlink, 2);
	ck_assert_int_eq(create(b, "x", S_IFREG, NULL), -ENOENT);
	ck_assert_int_eq(count_entries(b), 0);
	uk_vfs_vnode_put(b);
	ck_assert_int_eq(rm(root, "a"), 0);
	ck_assert_uint_eq(root->nlink, 2);
	ck_assert_int_eq(live_vnodes, 1);
}
END_TEST

START_TEST(hard_links)
{
	struct uk_vfs_vnode *d = mk(root, "d", S_IFDIR | 0755);
	struct uk_vfs_vnode *f = mk(root, "f", S_IFREG | 0644);
	char buf[4];

	ck_assert_int_eq(wr(f, "data", 4, 0), 4);
	ck_assert_int_eq(root->ops->link(d, N("g"), f), 0);
	ck_assert_int_eq(root->ops->link(root, N("h"), f), 0);
	ck_assert_uint_eq(f->nlink, 3);
	ck_assert_ptr_eq(look(d, "g"), f);
	ck_assert_int_eq(root->ops->link(root, N("h"), f), -EEXIST);
	ck_assert_int_eq(root->ops->link(root, N("dd"), d), -EPERM);
	ck_assert_uint_eq(d->nlink, 2);
	ck_assert_int_eq(rm(root, "f"), 0);
	ck_assert_int_eq(rm(root, "h"), 0);
	ck_assert_uint_eq(f->nlink, 1);
	ck_assert_int_eq(rd(look(d, "g"), buf, 4, 0), 4);
	ck_assert_mem_eq(buf, "data", 4);
	/* A file whose names are all gone cannot get one back. */
	uk_vfs_vnode_get(f);
	ck_assert_int_eq(rm(d, "g"), 0);
	ck_assert_uint_eq(f->nlink, 0);
	ck_assert_int_eq(rd(f, buf, 4, 0), 4); /* still open: data stays */
	ck_assert_int_eq(root->ops->link(root, N("back"), f), -ENOENT);
	ck_assert_int_eq(live_pages, 1);
	uk_vfs_vnode_put(f);
	ck_assert_int_eq(live_pages, 0);
	ck_assert_int_eq(live_vnodes, 2);
}
END_TEST

START_TEST(rename_entries)
{
	struct uk_vfs_vnode *a = mk(root, "a", S_IFDIR | 0755);
	struct uk_vfs_vnode *b = mk(root, "b", S_IFDIR | 0755);
	struct uk_vfs_vnode *f = mk(a, "f", S_IFREG | 0644);
	struct uk_vfs_vnode *sub = mk(a, "sub", S_IFDIR | 0755);
	struct uk_vfs_vnode *g, *e;
	const struct uk_vfs_vnode_ops *o = root->ops;

	/* Within a directory, then across. */
	ck_assert_int_eq(o->rename(a, N("f"), a, N("f2"), f, NULL), 0);
	ck_assert_ptr_null(look(a, "f"));
	ck_assert_ptr_eq(look(a, "f2"), f);
	ck_assert_int_eq(o->rename(a, N("f2"), b, N("f"), f, NULL), 0);
	ck_assert_ptr_eq(look(b, "f"), f);
	ck_assert_uint_eq(f->nlink, 1);
	ck_assert_int_eq(o->rename(a, N("f"), b, N("x"), f, NULL), -ENOENT);
	/* A directory moving takes its ".." along. */
	ck_assert_uint_eq(a->nlink, 3);
	ck_assert_int_eq(o->rename(a, N("sub"), b, N("sub"), sub, NULL), 0);
	ck_assert_uint_eq(a->nlink, 2);
	ck_assert_uint_eq(b->nlink, 3);
	ck_assert_uint_eq(sub->nlink, 2);
	ck_assert_uint_eq(count_entries(a), 0);
	/* Replacing a file; the replaced one lives on while held. */
	g = mk(a, "g", S_IFREG | 0644);
	uk_vfs_vnode_get(g);
	ck_assert_int_eq(o->rename(b, N("f"), a, N("g"), f, g), 0);
	ck_assert_ptr_eq(look(a, "g"), f);
	ck_assert_ptr_null(look(b, "f"));
	ck_assert_uint_eq(g->nlink, 0);
	ck_assert_uint_eq(g->refs, 1);
	uk_vfs_vnode_put(g);
	/* Replacing a directory: only an empty one. */
	e = mk(a, "e", S_IFDIR | 0755);
	mk(e, "inside", S_IFREG);
	ck_assert_uint_eq(a->nlink, 3);
	ck_assert_int_eq(o->rename(b, N("sub"), a, N("e"), sub, e), -ENOTEMPTY);
	ck_assert_int_eq(o->rename(a, N("g"), a, N("e"), f, e), -EISDIR);
	ck_assert_int_eq(o->rename(b, N("sub"), a, N("g"), sub, f), -ENOTDIR);
	ck_assert_int_eq(rm(e, "inside"), 0);
	uk_vfs_vnode_get(e); /* vfscore holds the vnodes it passes */
	ck_assert_int_eq(o->rename(b, N("sub"), a, N("e"), sub, e), 0);
	ck_assert_uint_eq(e->nlink, 0);
	uk_vfs_vnode_put(e);
	ck_assert_uint_eq(a->nlink, 3);
	ck_assert_uint_eq(b->nlink, 2);
	ck_assert_ptr_eq(look(a, "e"), sub);
	/* Two names of one file, or a name onto itself: nothing happens. */
	ck_assert_int_eq(o->link(b, N("h"), f), 0);
	ck_assert_int_eq(o->rename(a, N("g"), b, N("h"), f, f), 0);
	ck_assert_int_eq(o->rename(a, N("g"), a, N("g"), f, NULL), 0);
	ck_assert_ptr_eq(look(a, "g"), f);
	ck_assert_ptr_eq(look(b, "h"), f);
	ck_assert_uint_eq(f->nlink, 2);
	ck_assert_int_eq(o->rename(a, N("g"), b, N("h2"), f, NULL), 0);
	ck_assert_int_eq(o->rename(b, N("h2"), b, N("h"), f, NULL), 0);
	ck_assert_int_eq(count_entries(b), 2);
	ck_assert_int_eq(live_vnodes, 5);
}
END_TEST

/* Directory times change with their entries, file times with their data. */
START_TEST(times)
{
	struct uk_vfs_vnode *d = mk(root, "d", S_IFDIR | 0755), *f;
	long t;

	ck_assert_int_eq(root->mtime.tv_sec, root->ctime.tv_sec);
	ck_assert_int_gt(root->mtime.tv_sec, 1);
	t = tick;
	f = mk(d, "f", S_IFREG);
	ck_assert_int_gt(d->mtime.tv_sec, t);
	ck_assert_int_gt(d->ctime.tv_sec, t);
	t = tick;
	wr(f, "x", 1, 0);
	ck_assert_int_gt(f->mtime.tv_sec, t);
	ck_assert_int_gt(f->ctime.tv_sec, t);
	ck_assert_int_le(d->mtime.tv_sec, t);
	t = tick;
	f->ops->truncate(f, 0);
	ck_assert_int_gt(f->mtime.tv_sec, t);
	t = tick;
	root->ops->link(root, N("l"), f);
	ck_assert_int_gt(f->ctime.tv_sec, t);
	ck_assert_int_le(f->mtime.tv_sec, t);
	ck_assert_int_gt(root->mtime.tv_sec, t);
	t = tick;
	root->ops->rename(d, N("f"), root, N("g"), f, NULL);
	ck_assert_int_gt(d->mtime.tv_sec, t);
	ck_assert_int_gt(root->mtime.tv_sec, t);
	ck_assert_int_gt(f->ctime.tv_sec, t);
	t = tick;
	rm(root, "l");
	ck_assert_int_gt(f->ctime.tv_sec, t);
	ck_assert_int_gt(root->ctime.tv_sec, t);
	ck_assert_int_le(f->mtime.tv_sec, t);
}
END_TEST

/*
 * A listing resumed after entries were removed (before and after the
 * cookie, enough to squeeze the table) and added still returns each
 * entry that stayed exactly once, and each new one at most once.
 */
START_TEST(readdir_stable)
{
	enum { OLD = 100, NEW = 30 };
	int seen[OLD + NEW] = {0}, n;
	struct uk_vfs_dirent ent;
	uint64_t cookie = 0;
	char name[16];

	for (int i = 0; i < OLD; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		mk(root, name, S_IFREG);
	}
	for (n = 0; n < 40; n++) {
		ck_assert_int_eq(root->ops->readdir(root, &cookie, &ent), 1);
		seen[atoi(ent.name + 1)]++;
	}
	/* Remove every entry listed but the last, and 40 to come. */
	for (int i = 0; i < 39; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		ck_assert_int_eq(rm(root, name), 0);
	}
	for (int i = 50; i < 90; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		ck_assert_int_eq(rm(root, name), 0);
	}
	for (int i = OLD; i < OLD + NEW; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		mk(root, name, S_IFREG);
	}
	ck_assert_int_eq(rm(root, "e39"), 0); /* the cookie's own entry */
	while (root->ops->readdir(root, &cookie, &ent) == 1)
		seen[atoi(ent.name + 1)]++;
	for (int i = 0; i < OLD + NEW; i++) {
		ck_assert_int_le(seen[i], 1);
		if (i < 50 || (i >= 90 && i < OLD))
			ck_assert_msg(seen[i] == 1, "e%d not listed", i);
		else if (i < OLD)
			ck_assert_msg(!seen[i], "removed e%d listed", i);
	}
	ck_assert_int_eq(count_entries(root), OLD - 80 + NEW);
}
END_TEST

START_TEST(large_directory)
{
	enum { COUNT = 10000 };
	struct uk_vfs_dirent ent;
	uint64_t cookie = 0;
	static char seen[COUNT];
	char name[16];
	int n = 0;

	for (int i = 0; i < COUNT; i++) {
		snprintf(name, sizeof(name), "file-%d", i);
		ck_assert_ptr_null(look(root, name));
		mk(root, name, S_IFREG);
	}
	for (int i = 0; i < COUNT; i++) {
		snprintf(name, sizeof(name), "file-%d", i);
		ck_assert_ptr_nonnull(look(root, name));
	}
	while (root->ops->readdir(root, &cookie, &ent) == 1) {
		int i = atoi(ent.name + 5);

		ck_assert(!seen[i]);
		seen[i] = 1;
		n++;
	}
	ck_assert_int_eq(n, COUNT);
	for (int i = 0; i < COUNT; i += 2) {
		snprintf(name, sizeof(name), "file-%d", i);
		ck_assert_int_eq(rm(root, name), 0);
	}
	ck_assert_int_eq(count_entries(root), COUNT / 2);
	ck_assert_ptr_nonnull(look(root, "file-9999"));
	ck_assert_ptr_null(look(root, "file-9998"));
}
END_TEST

START_TEST(file_data)
{
	struct uk_vfs_vnode *f = mk(root, "f", S_IFREG | 0644);
	static char big[3 * UK_PAGE_SIZE], out[3 * UK_PAGE_SIZE + 100];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 1);
	ck_assert_int_eq(rd(f, out, 10, 0), 0);
	ck_assert_int_eq(wr(f, "hello", 0, 0), 0);
	ck_assert_int_eq(f->size, 0);
	/* Across page boundaries, at an odd offset. */
	ck_assert_int_eq(wr(f, big, sizeof(big), 100), sizeof(big));
	ck_assert_int_eq(f->size, sizeof(big) + 100);
	ck_assert_int_eq(live_pages, 4);
	ck_assert_int_eq(rd(f, out, sizeof(out), 0), sizeof(big) + 100);
	ck_assert(all_zero(out, 100));
	ck_assert_mem_eq(out + 100, big, sizeof(big));
	ck_assert_int_eq(rd(f, out, 10, sizeof(big) + 95), 5);
	ck_assert_int_eq(rd(f, out, 10, sizeof(big) + 100), 0);
	ck_assert_int_eq(rd(f, out, 10, 1 << 30), 0);
	ck_assert_int_eq(rd(f, out, 10, -1), -EINVAL);
	ck_assert_int_eq(wr(f, "x", 1, -1), -EINVAL);
	/* Overwrite in place. */
	ck_assert_int_eq(wr(f, "HELLO", 5, 4094), 5);
	ck_assert_int_eq(rd(f, out, 7, 4093), 7);
	ck_assert_mem_eq(out + 1, "HELLO", 5);
	ck_assert_int_eq(f->size, sizeof(big) + 100);
	/* Not a regular file. */
	ck_assert_int_eq(rd(root, out, 1, 0), -EISDIR);
	ck_assert_int_eq(wr(root, out, 1, 0), -EISDIR);
	ck_assert_int_eq(root->ops->truncate(root, 0), -EISDIR);
	ck_assert_int_eq(f->ops->fsync(f), 0);
}
END_TEST

START_TEST(holes_and_truncate)
{
	struct uk_vfs_vnode *f = mk(root, "f", S_IFREG | 0644);
	static char out[3 * UK_PAGE_SIZE];

	/* A write far out leaves a hole that costs no pages. */
	ck_assert_int_eq(wr(f, "end", 3, 100000), 3);
	ck_assert_int_eq(f->size, 100003);
	ck_assert_int_eq(live_pages, 1);
	ck_assert_int_eq(rd(f, out, sizeof(out), 90000), 10003);
	ck_assert(all_zero(out, 10000));
	ck_assert_mem_eq(out + 10000, "end", 3);
	/* Shrinking frees whole pages and zeros the rest of the last one. */
	memset(out, 'a', sizeof(out));
	ck_assert_int_eq(wr(f, out, sizeof(out), 0), sizeof(out));
	ck_assert_int_eq(live_pages, 4);
	ck_assert_int_eq(f->ops->truncate(f, 5000), 0);
	ck_assert_int_eq(f->size, 5000);
	ck_assert_int_eq(live_pages, 2);
	ck_assert_int_eq(f->ops->truncate(f, 3 * UK_PAGE_SIZE), 0);
	ck_assert_int_eq(live_pages, 2);
	ck_assert_int_eq(rd(f, out, sizeof(out), 0), sizeof(out));
	for (int i = 0; i < 5000; i++)
		ck_assert_int_eq(out[i], 'a');
	ck_assert(all_zero(out + 5000, sizeof(out) - 5000));
	/* Writing past the end after a shrink: the gap reads as zeros too. */
	ck_assert_int_eq(f->ops->truncate(f, 10), 0);
	ck_assert_int_eq(wr(f, "z", 1, 20), 1);
	ck_assert_int_eq(rd(f, out, 21, 0), 21);
	ck_assert(all_zero(out + 10, 10));
	ck_assert_int_eq(f->ops->truncate(f, 0), 0);
	ck_assert_int_eq(live_pages, 0);
	ck_assert_int_eq(f->ops->truncate(f, -1), -EINVAL);
}
END_TEST

START_TEST(large_offsets)
{
	struct uk_vfs_vnode *f = mk(root, "f", S_IFREG | 0644);
	const off_t tib = (off_t)1 << 40, gib = (off_t)1 << 30;
	long base = live_mem;
	char out[16];

	ck_assert_int_eq(wr(f, "x", 1, tib), -EFBIG);
	ck_assert_int_eq(f->ops->truncate(f, tib + 1), -EFBIG);
	ck_assert_int_eq(f->ops->truncate(f, tib), 0);
	ck_assert_int_eq(rd(f, out, 16, tib - 8), 8);
	ck_assert(all_zero(out, 8));
	ck_assert_int_eq(live_mem, base); /* nothing allocated for the size */
	/* The chunk array for 1 TiB is more memory than the fake has. */
	ck_assert_int_eq(wr(f, "0123456789", 10, tib - 4), -ENOSPC);
	ck_assert_int_eq(f->size, tib);
	ck_assert_int_eq(wr(f, "0123456789", 10, 4 * gib), 10);
	ck_assert_int_eq(rd(f, out, 10, 4 * gib), 10);
	ck_assert_mem_eq(out, "0123456789", 10);
	ck_assert_int_eq(f->ops->truncate(f, 4 * gib + 5), 0);
	ck_assert_int_eq(rd(f, out, 16, 4 * gib), 5);
	ck_assert_int_eq(f->ops->truncate(f, 100), 0);
	ck_assert_int_eq(live_pages, 0);
	ck_assert_int_eq(live_mem, base + 1); /* the array shrank, and stays */
}
END_TEST

/* Unmounting frees a whole tree, deep and with links across it. */
START_TEST(unmount_frees_tree)
{
	struct uk_vfs_vnode *d = root, *f, *held;
	char name[16];

	f = mk(root, "f", S_IFREG);
	wr(f, "data", 4, 8192);
	for (int i = 0; i < 500; i++) {
		d = mk(d, "d", S_IFDIR | 0755);
		snprintf(name, sizeof(name), "l%d", i);
		ck_assert_int_eq(d->ops->link(d, N(name), f), 0);
		mk(d, "s", S_IFLNK);
		mk(d, "c", S_IFCHR);
	}
	held = mk(d, "held", S_IFREG);
	uk_vfs_vnode_get(held);
	ck_assert_uint_eq(f->nlink, 501);
	uk_vfs_fs_ramfs->unmount(&mnt);
	ck_assert_int_eq(live_vnodes, 1);
	ck_assert_uint_eq(held->nlink, 0);
	uk_vfs_vnode_put(held);
	ck_assert_int_eq(live_vnodes + live_mem + live_pages, 0);
	setup(); /* for teardown */
}
END_TEST

/*
 * Run op with its 1st, 2nd, ... allocation failing, until it makes fewer
 * allocations than that. A failure must be ENOMEM/ENOSPC and change
 * nothing (check); an operation may also get by without the allocation
 * (a short write, a hash table left smaller), and is then undone.
 */
static void each_failure(int (*op)(void), void (*undo)(void),
			 void (*check)(void))
{
	long live = live_mem + live_pages + live_vnodes;
	int r;

	for (long n = 1;; n++) {
		nallocs = 0;
		fail_at = n;
		r = op();
		fail_at = 0;
		if (r >= 0 && nallocs < n)
			return;
		if (r >= 0)
			undo();
		else
			ck_assert_msg(r == -ENOMEM || r == -ENOSPC,
				      "allocation %ld failing: %d", n, r);
		ck_assert_int_eq(live_mem + live_pages + live_vnodes, live);
		check();
	}
}

static struct uk_vfs_vnode *dir, *file;

static int op_mkdir(void)
{
	return create(dir, "new", S_IFDIR | 0755, NULL);
}

static int op_symlink(void)
{
	return create(dir, "sym", S_IFLNK | 0777, NULL);
}

static int op_link(void)
{
	return dir->ops->link(dir, N("link"), file);
}

static int op_rename(void)
{
	return dir->ops->rename(root, N("file"), dir, N("moved"), file, NULL);
}

static int op_write(void)
{
	static char buf[2 * UK_PAGE_SIZE + 10];

	memset(buf, 'w', sizeof(buf));
	return (int)wr(file, buf, sizeof(buf), 5 * UK_PAGE_SIZE - 5);
}

static void undo_mkdir(void)
{
	ck_assert_int_eq(rm(dir, "new"), 0);
}

static void undo_symlink(void)
{
	ck_assert_int_eq(rm(dir, "sym"), 0);
}

static void undo_link(void)
{
	ck_assert_int_eq(rm(dir, "link"), 0);
}

static void undo_rename(void)
{
	ck_assert_int_eq(dir->ops->rename(dir, N("moved"), root, N("file"),
					  file, NULL), 0);
}

static void undo_write(void)
{
	ck_assert_int_eq(file->ops->truncate(file, 3), 0);
}

static void unchanged(void)
{
	char out[4];

	ck_assert_uint_eq(dir->nlink, 2);
	ck_assert_uint_eq(file->nlink, 1);
	ck_assert_int_eq(file->size, 3);
	ck_assert_int_eq(rd(file, out, 4, 0), 3);
	ck_assert_mem_eq(out, "abc", 3);
	ck_assert_int_eq(count_entries(dir), 16);
	ck_assert_int_eq(count_entries(root), 2);
	ck_assert_ptr_eq(look(root, "file"), file);
	ck_assert_ptr_null(look(dir, "new"));
	ck_assert_ptr_null(look(dir, "moved"));
}

START_TEST(allocation_failures)
{
	char name[16], out[8];

	/* Sixteen entries: the next one needs larger tables. */
	dir = mk(root, "dir", S_IFDIR | 0755);
	for (int i = 0; i < 16; i++) {
		snprintf(name, sizeof(name), "x%d", i);
		mk(dir, name, S_IFREG);
	}
	file = mk(root, "file", S_IFREG | 0644);
	ck_assert_int_eq(wr(file, "abc", 3, 0), 3);
	each_failure(op_mkdir, undo_mkdir, unchanged);
	ck_assert_uint_eq(dir->nlink, 3);
	undo_mkdir();
	each_failure(op_symlink, undo_symlink, unchanged);
	ck_assert_int_eq(look(dir, "sym")->size, 11);
	undo_symlink();
	each_failure(op_link, undo_link, unchanged);
	ck_assert_uint_eq(file->nlink, 2);
	undo_link();
	each_failure(op_rename, undo_rename, unchanged);
	ck_assert_ptr_eq(look(dir, "moved"), file);
	undo_rename();
	each_failure(op_write, undo_write, unchanged);
	ck_assert_int_eq(file->size, 7 * UK_PAGE_SIZE + 5);
	undo_write();
	/*
	 * A write that gets some pages is short; one that gets none fails.
	 * (undo_write shrank the chunk array: the write needs it first.)
	 */
	fail_after = true;
	nallocs = 0;
	fail_at = 3; /* the array, the first page, then nothing */
	ck_assert_int_eq(op_write(), 5);
	ck_assert_int_eq(file->size, 5 * UK_PAGE_SIZE);
	ck_assert_int_eq(rd(file, out, 8, 5 * UK_PAGE_SIZE - 6), 6);
	ck_assert_mem_eq(out, "\0wwwww", 6);
	fail_at = 0;
	undo_write();
	nallocs = 0;
	fail_at = 2; /* the array, then nothing */
	ck_assert_int_eq(op_write(), -ENOSPC);
	fail_after = false;
	fail_at = 0;
	unchanged();
	/* Mounting out of memory. */
	for (fail_at = 1; fail_at <= 2; fail_at++) {
		struct uk_vfs_mount m = {0};

		nallocs = 0;
		ck_assert_int_eq(uk_vfs_fs_ramfs->mount(&m, NULL, NULL),
				 -ENOMEM);
	}
}
END_TEST

static Suite *ramfs_suite(void)
{
	Suite *s = suite_create("ramfs");
	TCase *tc = tcase_create("namespace");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mount_root);
	tcase_add_test(tc, create_lookup_unlink_every_type);
	tcase_add_test(tc, directory_nlink);
	tcase_add_test(tc, hard_links);
	tcase_add_test(tc, rename_entries);
	tcase_add_test(tc, times);
	tcase_add_test(tc, readdir_stable);
	tcase_add_test(tc, large_directory);
	tcase_add_test(tc, unmount_frees_tree);
	suite_add_tcase(s, tc);

	tc = tcase_create("data");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, file_data);
	tcase_add_test(tc, holes_and_truncate);
	tcase_add_test(tc, large_offsets);
	suite_add_tcase(s, tc);

	tc = tcase_create("memory");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ramfs_suite());

	/* Each test in its own process: the counters start from zero. */
	return unit_run(sr, true);
}
