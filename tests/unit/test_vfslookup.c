/*
 * tests/unit/test_vfslookup.c - host tests of path resolution
 * (lib/vfscore/lookup.c) over a fake in-memory tree of three mounts:
 * ".", "..", the root's parent being the root, repeated and trailing
 * slashes, ENAMETOOLONG (a 256-byte name, a 4096-byte path), ENOTDIR
 * through a file, ENOENT and VFS_LOOKUP_PARENT, symlinks (absolute,
 * relative, chains, dangling, empty; 40 links followed, 41 -> ELOOP,
 * loops), mount points crossed down and back up through "..", and
 * dirfd, AT_FDCWD and VFS_LOOKUP_EMPTY. After every lookup each vnode
 * and file is back to its reference count and no buffer is left.
 *
 * The fake file system answers lookup and readlink from a table and
 * checks that it only ever sees real names; uk_vfs_vnode_get/put,
 * uk_vfs_fd_get/uk_vfs_file_put and uk_malloc/uk_free are counted fakes.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include "vfs_impl.h"

/* ---- the fake tree ---- */

struct node {
	struct uk_vfs_vnode vn; /* first: vnode <-> node */
	const char *name;
	int parent;             /* in its own file system; -1 for a root */
	const char *target;     /* symlinks */
};

enum { ROOT, D, E, F, EF, MNT, HIDDEN, BROOT, X, Y, SUB, CROOT, Z,
       HDIR, ABS, ABSIN, REL, UP, CHAIN, FLINK, DANGLING, EMPTY, LOOP, PA, PB, DLINK, L2, L1,
       CH0 /* ch0 .. ch40 */, NNODES = CH0 + 41 };

static struct node nodes[NNODES];
static struct uk_vfs_mount ma, mb, mc;
static char chnames[41][8], chtargets[41][8];
static int fs_lookups;

static int fs_lookup(struct uk_vfs_vnode *dir, const char *name, size_t len,
		     struct uk_vfs_vnode **out)
{
	int d = (int)((struct node *)dir - nodes);

	/* vfscore's contract: a real name, of a directory. */
	ck_assert(len > 0 && len <= VFS_NAME_MAX);
	ck_assert(!(len == 1 && name[0] == '.'));
	ck_assert(!(len == 2 && name[0] == '.' && name[1] == '.'));
	ck_assert(memchr(name, '/', len) == NULL);
	ck_assert(S_ISDIR(dir->mode));
	fs_lookups++;
	for (int i = 0; i < NNODES; i++) {
		if (nodes[i].parent == d && strlen(nodes[i].name) == len &&
		    !memcmp(nodes[i].name, name, len)) {
			nodes[i].vn.refs++;
			*out = &nodes[i].vn;
			return 0;
		}
	}
	return -ENOENT;
}

static ssize_t fs_readlink(struct uk_vfs_vnode *vn, char *buf, size_t len)
{
	const char *t = ((struct node *)vn)->target;
	size_t n = strlen(t) < len ? strlen(t) : len;

	ck_assert(S_ISLNK(vn->mode));
	memcpy(buf, t, n);
	return (ssize_t)n;
}

static const struct uk_vfs_vnode_ops ops = { .lookup = fs_lookup,
					     .readlink = fs_readlink };

static void add(int i, const char *name, int parent, mode_t mode,
		const char *target, struct uk_vfs_mount *m)
{
	nodes[i] = (struct node){ .name = name, .parent = parent, .target = target };
	nodes[i].vn.ops = &ops;
	nodes[i].vn.mode = mode;
	nodes[i].vn.mount = m;
	nodes[i].vn.refs = 1; /* the file system's own */
	nodes[i].vn.ino = (uint64_t)i;
}

/* ---- the fakes vfscore would provide ---- */

struct uk_vfs_vnode *uk_vfs_root_vnode, *uk_vfs_cwd_vnode;

void uk_vfs_vnode_get(struct uk_vfs_vnode *vn)
{
	vn->refs++;
}

void uk_vfs_vnode_put(struct uk_vfs_vnode *vn)
{
	if (!vn)
		return;
	ck_assert_msg(vn->refs > 1, "vnode %lu put once too often",
		      (unsigned long)vn->ino);
	vn->refs--;
}

static struct uk_vfs_file files[3]; /* fds 3 (/d), 4 (/f), 5 (a pipe) */

struct uk_vfs_file *uk_vfs_fd_get(int fd)
{
	if (fd < 3 || fd > 5)
		return NULL;
	files[fd - 3].refs++;
	return &files[fd - 3];
}

void uk_vfs_file_put(struct uk_vfs_file *f)
{
	ck_assert_uint_gt(f->refs, 1);
	f->refs--;
}

static int bufs; /* uk_malloc'd, not yet freed */

void *uk_malloc(size_t size)
{
	bufs++;
	return malloc(size);
}

void uk_free(void *p)
{
	bufs -= p != NULL;
	free(p);
}

static void setup(void)
{
	add(ROOT, "/", -1, S_IFDIR | 0755, NULL, &ma);
	add(D, "d", ROOT, S_IFDIR | 0755, NULL, &ma);
	add(E, "e", D, S_IFDIR | 0755, NULL, &ma);
	add(F, "f", ROOT, S_IFREG | 0644, NULL, &ma);
	add(EF, "f", E, S_IFREG | 0644, NULL, &ma);
	add(MNT, "mnt", ROOT, S_IFDIR | 0755, NULL, &ma);
	add(HIDDEN, "hidden", MNT, S_IFREG | 0644, NULL, &ma);
	add(BROOT, "/", -1, S_IFDIR | 0755, NULL, &mb);
	add(X, "x", BROOT, S_IFDIR | 0755, NULL, &mb);
	add(Y, "y", X, S_IFREG | 0644, NULL, &mb);
	add(SUB, "sub", BROOT, S_IFDIR | 0755, NULL, &mb);
	add(CROOT, "/", -1, S_IFDIR | 0755, NULL, &mc);
	add(Z, "z", CROOT, S_IFDIR | 0755, NULL, &mc);
	add(HDIR, "hdir", MNT, S_IFDIR | 0755, NULL, &ma);
	add(ABS, "abs", ROOT, S_IFLNK | 0777, "/d/e", &ma);
	add(ABSIN, "absin", E, S_IFLNK | 0777, "/d", &ma);
	add(REL, "rel", ROOT, S_IFLNK | 0777, "d/e", &ma);
	add(UP, "up", D, S_IFLNK | 0777, "../f", &ma);
	add(CHAIN, "chain", D, S_IFLNK | 0777, "../abs", &ma);
	add(FLINK, "flink", ROOT, S_IFLNK | 0777, "f", &ma);
	add(DANGLING, "dangling", ROOT, S_IFLNK | 0777, "nope", &ma);
	add(EMPTY, "empty", ROOT, S_IFLNK | 0777, "", &ma);
	add(LOOP, "loop", ROOT, S_IFLNK | 0777, "loop", &ma);
	add(PA, "pa", ROOT, S_IFLNK | 0777, "pb/x", &ma);
	add(PB, "pb", ROOT, S_IFLNK | 0777, "pa/x", &ma);
	add(DLINK, "dlink", ROOT, S_IFLNK | 0777, "d", &ma);
	add(L2, "l2", ROOT, S_IFLNK | 0777, "l1", &ma);
	add(L1, "l1", ROOT, S_IFLNK | 0777, "dlink", &ma);
	/* ch<i> -> ch<i+1>, ch40 -> d: from ch<i>, 41 - i links. */
	for (int i = 0; i <= 40; i++) {
		snprintf(chnames[i], 8, "ch%d", i);
		snprintf(chtargets[i], 8, i < 40 ? "ch%d" : "d", i + 1);
		add(CH0 + i, chnames[i], ROOT, S_IFLNK | 0777, chtargets[i], &ma);
	}
	ma = (struct uk_vfs_mount){ .root = &nodes[ROOT].vn };
	mb = (struct uk_vfs_mount){ .root = &nodes[BROOT].vn,
				    .covered = &nodes[MNT].vn };
	mc = (struct uk_vfs_mount){ .root = &nodes[CROOT].vn,
				    .covered = &nodes[SUB].vn };
	nodes[MNT].vn.mounted_here = &mb;
	nodes[SUB].vn.mounted_here = &mc;
	uk_vfs_root_vnode = uk_vfs_cwd_vnode = &nodes[ROOT].vn;
	files[0] = (struct uk_vfs_file){ .vnode = &nodes[D].vn, .refs = 1 };
	files[1] = (struct uk_vfs_file){ .vnode = &nodes[F].vn, .refs = 1 };
	files[2] = (struct uk_vfs_file){ .vnode = NULL, .refs = 1 };
}

/* Every reference and buffer back where it started. */
static void balanced(const char *path)
{
	for (int i = 0; i < NNODES; i++)
		ck_assert_msg(nodes[i].vn.refs == 1, "%s: vnode %d has %u refs",
			      path, i, nodes[i].vn.refs);
	for (int i = 0; i < 3; i++)
		ck_assert_msg(files[i].refs == 1, "%s: file %d", path, i);
	ck_assert_msg(bufs == 0, "%s: %d buffers left", path, bufs);
}

/* Resolve; expect rc and, on success, vn (-1: NULL) and dir (-1: NULL). */
static void expect_at(int dirfd, const char *path, unsigned int flags, int rc,
		      int vn, int dir, const char *last)
{
	struct uk_vfs_nameidata nd;
	int got = uk_vfs_lookup(dirfd, path, flags, &nd);

	if (!path)
		path = "(null)";

	ck_assert_msg(got == rc, "\"%.40s\": %d, not %d", path, got, rc);
	if (!got) {
		ck_assert_msg(nd.vn == (vn < 0 ? NULL : &nodes[vn].vn),
			      "\"%s\": vn %ld, not %d", path,
			      nd.vn ? (long)((struct node *)nd.vn - nodes) : -1L, vn);
		ck_assert_msg(nd.dir == (dir < 0 ? NULL : &nodes[dir].vn),
			      "\"%s\": dir %ld, not %d", path,
			      nd.dir ? (long)((struct node *)nd.dir - nodes) : -1L, dir);
		if (last) {
			ck_assert_str_eq(nd.last, last);
			ck_assert_uint_eq(nd.last_len, strlen(last));
		}
		uk_vfs_nd_release(&nd);
	} else {
		ck_assert(nd.vn == NULL && nd.dir == NULL);
	}
	balanced(path);
}

#define expect(path, flags, rc, vn, dir, last) \
	expect_at(AT_FDCWD, path, flags, rc, vn, dir, last)
#define FOLLOW VFS_LOOKUP_FOLLOW
#define PARENT VFS_LOOKUP_PARENT

/* ---- tests ---- */

START_TEST(dots_and_slashes)
{
	expect("/", 0, 0, ROOT, -1, "");
	expect("///", 0, 0, ROOT, -1, "");
	expect(".", 0, 0, ROOT, ROOT, ".");
	expect("..", 0, 0, ROOT, ROOT, "..");
	expect("/..", 0, 0, ROOT, ROOT, "..");
	expect("/../../..", 0, 0, ROOT, ROOT, "..");
	expect("/d/e/f", 0, 0, EF, E, "f");
	expect("//d///e//f", 0, 0, EF, E, "f");
	expect("d/./e/../e/f", 0, 0, EF, E, "f");
	expect("/d/e/../../f", 0, 0, F, ROOT, "f");
	expect("/d/e/..", 0, 0, D, E, "..");
	expect("/d/e/.", 0, 0, E, E, ".");
	expect("/d/e/../..", 0, 0, ROOT, D, "..");
	expect("/d/e/../../..", 0, 0, ROOT, ROOT, "..");
}
END_TEST

START_TEST(trailing_slashes)
{
	struct uk_vfs_nameidata nd;

	ck_assert_int_eq(uk_vfs_lookup(AT_FDCWD, "/d/e//", 0, &nd), 0);
	ck_assert_ptr_eq(nd.vn, &nodes[E].vn);
	ck_assert_str_eq(nd.last, "e");
	ck_assert(nd.trailing_slash);
	uk_vfs_nd_release(&nd);
	ck_assert_int_eq(uk_vfs_lookup(AT_FDCWD, "/d/e", 0, &nd), 0);
	ck_assert(!nd.trailing_slash);
	uk_vfs_nd_release(&nd);
	expect("/f/", 0, -ENOTDIR, 0, 0, NULL);
	expect("/d/e/f//", 0, -ENOTDIR, 0, 0, NULL);
	/* A symlink with a trailing slash is followed. */
	expect("/dlink/", 0, 0, D, ROOT, "d");
	expect("/abs/", 0, 0, E, D, "e");
	/* A trailing slash after a symlink follows it and wants a directory. */
	expect("/flink/", 0, -ENOTDIR, 0, 0, NULL);
	expect("/l2/", 0, 0, D, ROOT, "d");
}
END_TEST

START_TEST(not_dirs_and_missing)
{
	expect("/f/x", 0, -ENOTDIR, 0, 0, NULL);
	expect("/f/.", 0, -ENOTDIR, 0, 0, NULL);
	expect("/f/..", 0, -ENOTDIR, 0, 0, NULL);
	expect("/d/e/f/x/y", PARENT, -ENOTDIR, 0, 0, NULL);
	expect("/nope", 0, -ENOENT, 0, 0, NULL);
	expect("/nope/x", PARENT, -ENOENT, 0, 0, NULL);
	expect("", 0, -ENOENT, 0, 0, NULL);
	expect(NULL, 0, -EFAULT, 0, 0, NULL);
	/* A missing last component with PARENT: its directory and name. */
	expect("/d/new", PARENT, 0, -1, D, "new");
	expect("d/e/../new/", PARENT, 0, -1, D, "new");
	expect("/d/e/f", PARENT, 0, EF, E, "f"); /* existing: as usual */
	expect("/mnt/new", PARENT, 0, -1, BROOT, "new");
}
END_TEST

START_TEST(name_too_long)
{
	static char p[4200];

	/* 255 bytes reach the file system; 256 do not. */
	p[0] = '/';
	memset(p + 1, 'a', 255);
	p[256] = '\0';
	expect(p, 0, -ENOENT, 0, 0, NULL);
	memset(p + 1, 'a', 256);
	p[257] = '\0';
	expect(p, PARENT, -ENAMETOOLONG, 0, 0, NULL);
	strcpy(p + 257, "/x");
	expect(p, 0, -ENAMETOOLONG, 0, 0, NULL);
	/* 4095 bytes are a path, 4096 are not (even of slashes). */
	memset(p, '/', 4094);
	strcpy(p + 4094, "d");
	expect(p, 0, 0, D, ROOT, "d");
	memset(p, '/', 4095);
	strcpy(p + 4095, "d");
	fs_lookups = 0;
	expect(p, 0, -ENAMETOOLONG, 0, 0, NULL);
	ck_assert_int_eq(fs_lookups, 0);
	memset(p, '/', 4199);
	p[4199] = '\0';
	expect(p, 0, -ENAMETOOLONG, 0, 0, NULL);
}
END_TEST

START_TEST(symlinks)
{
	expect("/abs", 0, 0, ABS, ROOT, "abs");   /* the link itself */
	expect("/abs", FOLLOW, 0, E, D, "e");
	expect("/abs/f", 0, 0, EF, E, "f");       /* in the middle: followed */
	expect("/rel/f", 0, 0, EF, E, "f");
	expect("/d/e/absin", FOLLOW, 0, D, ROOT, "d"); /* from the root */
	expect("/d/e/absin/e/absin/e", 0, 0, E, D, "e");
	expect("d/up", FOLLOW, 0, F, ROOT, "f");  /* relative to the link's dir */
	expect("/d/chain/f", 0, 0, EF, E, "f");   /* a link to a link */
	expect("/d/chain/..", 0, 0, D, E, "..");  /* ".." of the target */
	expect("/l2", FOLLOW, 0, D, ROOT, "d");
	expect("/l2/e/f", 0, 0, EF, E, "f");
	expect("/flink", FOLLOW, 0, F, ROOT, "f");
	expect("/flink/x", 0, -ENOTDIR, 0, 0, NULL);
	expect("/dangling", 0, 0, DANGLING, ROOT, "dangling");
	expect("/dangling", FOLLOW, -ENOENT, 0, 0, NULL);
	expect("/dangling", FOLLOW | PARENT, 0, -1, ROOT, "nope");
	expect("/dangling/x", PARENT, -ENOENT, 0, 0, NULL);
	expect("/empty", FOLLOW, -ENOENT, 0, 0, NULL);
	expect("/empty/x", 0, -ENOENT, 0, 0, NULL);
}
END_TEST

START_TEST(link_limits)
{
	char p[32];

	/* From ch1: 40 links to /d; from ch0: 41. */
	expect("/ch1", FOLLOW, 0, D, ROOT, "d");
	expect("/ch1/e/f", 0, 0, EF, E, "f");
	expect("/ch0", FOLLOW, -ELOOP, 0, 0, NULL);
	expect("/ch0/e", 0, -ELOOP, 0, 0, NULL);
	expect("/ch0", 0, 0, CH0, ROOT, "ch0");
	/* The count is per resolution: two 20-link walks in one path. */
	snprintf(p, sizeof(p), "/ch21/../ch21");
	expect(p, FOLLOW, 0, D, ROOT, "d");
	snprintf(p, sizeof(p), "/ch20/../ch21");
	expect(p, FOLLOW, -ELOOP, 0, 0, NULL);
	/* Loops. */
	expect("/loop", FOLLOW, -ELOOP, 0, 0, NULL);
	expect("/loop/x", 0, -ELOOP, 0, 0, NULL);
	expect("/loop", 0, 0, LOOP, ROOT, "loop");
	expect("/pa", FOLLOW, -ELOOP, 0, 0, NULL);
}
END_TEST

START_TEST(mounts)
{
	expect("/mnt", 0, 0, BROOT, ROOT, "mnt");
	expect("/mnt/x/y", 0, 0, Y, X, "y");
	expect("/mnt/hidden", 0, -ENOENT, 0, 0, NULL);
	expect("/mnt/..", 0, 0, ROOT, BROOT, "..");
	expect("/mnt/x/../../d", 0, 0, D, ROOT, "d");
	expect("/mnt/sub", 0, 0, CROOT, BROOT, "sub");
	expect("/mnt/sub/z/..", 0, 0, CROOT, Z, "..");
	expect("/mnt/sub/..", 0, 0, BROOT, CROOT, "..");
	expect("/mnt/sub/z/../../..", 0, 0, ROOT, BROOT, "..");
	expect("/mnt/sub/../../f", 0, 0, F, ROOT, "f");
	/* From a working directory inside the mounts. */
	uk_vfs_cwd_vnode = &nodes[CROOT].vn;
	expect("..", 0, 0, BROOT, CROOT, "..");
	expect("../..", 0, 0, ROOT, BROOT, "..");
	expect("../../mnt/sub/z", 0, 0, Z, CROOT, "z");
	expect("z/../../x/y", 0, 0, Y, X, "y");
	/*
	 * Under a mount point, from before the mount: ".." lands on the
	 * mount point, hence on what is mounted there.
	 */
	nodes[HDIR].vn.parent = &nodes[MNT].vn;
	uk_vfs_cwd_vnode = &nodes[HDIR].vn;
	expect("..", 0, 0, BROOT, HDIR, "..");
	expect("../x", 0, 0, X, BROOT, "x");
}
END_TEST

START_TEST(dirfds)
{
	expect_at(3, "e/f", 0, 0, EF, E, "f");
	expect_at(3, "..", 0, 0, ROOT, D, "..");
	expect_at(3, "/f", 0, 0, F, ROOT, "f");      /* absolute: dirfd unused */
	expect_at(9, "/f", 0, 0, F, ROOT, "f");
	expect_at(9, "f", 0, -EBADF, 0, 0, NULL);
	expect_at(4, "x", 0, -ENOTDIR, 0, 0, NULL);
	expect_at(5, "x", 0, -ENOTDIR, 0, 0, NULL);  /* a pipe */
	expect_at(4, "", VFS_LOOKUP_EMPTY, 0, F, -1, NULL);
	expect_at(3, "", VFS_LOOKUP_EMPTY, 0, D, -1, NULL);
	expect_at(3, "", 0, -ENOENT, 0, 0, NULL);
	expect_at(AT_FDCWD, "", VFS_LOOKUP_EMPTY, 0, ROOT, -1, NULL);
	/* A working directory is one chdir resolved: its parent is known. */
	expect("/d/e", 0, 0, E, D, "e");
	uk_vfs_cwd_vnode = &nodes[E].vn;
	expect("f", 0, 0, EF, E, "f");
	expect("./../e/./f", 0, 0, EF, E, "f");
	expect("/f", 0, 0, F, ROOT, "f");
	/* No root yet. */
	uk_vfs_root_vnode = NULL;
	expect("/f", 0, -ENOENT, 0, 0, NULL);
}
END_TEST

static Suite *lookup_suite(void)
{
	Suite *s = suite_create("vfslookup");
	TCase *tc = tcase_create("lookup");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, dots_and_slashes);
	tcase_add_test(tc, trailing_slashes);
	tcase_add_test(tc, not_dirs_and_missing);
	tcase_add_test(tc, name_too_long);
	tcase_add_test(tc, symlinks);
	tcase_add_test(tc, link_limits);
	tcase_add_test(tc, mounts);
	tcase_add_test(tc, dirfds);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(lookup_suite()), true);
}
