/*
 * lib/vfscore/initrd.c - the initrd (QEMU -initrd) unpacked into the root
 * at boot when it is a cpio "newc" archive, as Linux fills its initramfs:
 * directories, regular files, symlinks, hard links, device nodes and
 * fifos, with their modes, owners and modification times. Missing parent
 * directories are made on the way. Names may start with "./" or "/".
 *
 * An initrd that is not a newc archive is left alone (the application can
 * still read it through the boot information). A corrupt archive stops
 * the boot with one line naming its offset and the problem, and
 * UK_EXIT_BOOTINFO, before anything is unpacked.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <uk/alloc.h>
#include <uk/bootinfo.h>
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "cpio.h"
#include "vfs_impl.h"

/* Hard links: the first path seen for each inode number. */
struct link_seen {
	uint32_t ino;
	char *path;
	struct link_seen *next;
};

struct unpack {
	char *path;   /* VFS_PATH_MAX bytes: "/" + the member's name */
	struct link_seen *links;
	unsigned int files;
};

/* mkdir -p of every parent of 'path' (which starts with '/'). */
static void make_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		uk_vfs_kmkdir(path, 0755);
		*p = '/';
	}
}

static int write_all(const char *path, const void *data, size_t len, mode_t mode)
{
	struct uk_vfs_file *f;
	ssize_t n;
	int rc;

	rc = uk_vfs_kopen(path, O_WRONLY | O_CREAT | O_TRUNC, mode, &f);
	if (rc < 0)
		return rc;
	while (len) {
		n = uk_vfs_kwrite(f, data, len);
		if (n <= 0) {
			uk_vfs_file_put(f);
			return n < 0 ? (int)n : -EIO;
		}
		data = (const char *)data + n;
		len -= (size_t)n;
	}
	uk_vfs_file_put(f);
	return 0;
}

static int link_or_remember(struct unpack *u, const struct uk_cpio_entry *e, bool *linked)
{
	struct link_seen *l;

	*linked = false;
	for (l = u->links; l; l = l->next) {
		if (l->ino == e->ino) {
			struct uk_vfs_nameidata o;
			int rc = uk_vfs_lookup(AT_FDCWD, l->path, 0, &o);

			if (rc < 0)
				return rc;
			rc = -EPERM;
			{
				struct uk_vfs_nameidata n;

				if (uk_vfs_lookup(AT_FDCWD, u->path, VFS_LOOKUP_PARENT, &n) == 0) {
					rc = n.vn ? -EEXIST
						  : n.dir->ops->link(n.dir, n.last, n.last_len, o.vn);
					uk_vfs_nd_release(&n);
				}
			}
			uk_vfs_nd_release(&o);
			*linked = rc == 0;
			return rc;
		}
	}
	l = uk_malloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->path = uk_strdup(u->path);
	if (!l->path) {
		uk_free(l);
		return -ENOMEM;
	}
	l->ino = e->ino;
	l->next = u->links;
	u->links = l;
	return 0;
}

static int unpack_one(const struct uk_cpio_entry *e, void *arg)
{
	struct unpack *u = arg;
	const char *name = e->name;
	mode_t type = e->mode & S_IFMT, perm = e->mode & 07777;
	struct timespec mtime = { .tv_sec = e->mtime, .tv_nsec = 0 };
	size_t n;
	bool linked = false;
	int rc;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	if (!name[0] || !uk_strcmp(name, "."))
		return 0; /* the root itself */
	n = uk_strlen(name);
	if (n + 2 > VFS_PATH_MAX)
		return -ENAMETOOLONG;
	u->path[0] = '/';
	uk_memcpy(u->path + 1, name, n + 1);
	make_parents(u->path);

	switch (type) {
	case S_IFDIR:
		rc = uk_vfs_kmkdir(u->path, perm);
		if (rc == -EEXIST)
			rc = 0; /* made as a parent already: the mode comes below */
		break;
	case S_IFREG:
		rc = e->nlink > 1 ? link_or_remember(u, e, &linked) : 0;
		if (rc == 0 && (!linked || e->filesize))
			rc = write_all(u->path, e->data, e->filesize, perm);
		u->files++;
		break;
	case S_IFLNK: {
		char *target = uk_malloc((size_t)e->filesize + 1);

		if (!target)
			return -ENOMEM;
		uk_memcpy(target, e->data, e->filesize);
		target[e->filesize] = '\0';
		rc = uk_vfs_ksymlink(target, u->path);
		uk_free(target);
		break;
	}
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		rc = uk_vfs_kmknod(u->path, type | perm,
				   makedev(e->rdevmajor, e->rdevminor));
		break;
	default:
		rc = -EINVAL;
	}
	if (rc < 0)
		return rc;
	if (type != S_IFLNK) {
		struct uk_vfs_nameidata nd;

		if (uk_vfs_lookup(AT_FDCWD, u->path, 0, &nd) == 0) {
			nd.vn->mode = (nd.vn->mode & S_IFMT) | perm;
			uk_vfs_nd_release(&nd);
		}
	}
	uk_vfs_kchown(u->path, e->uid, e->gid);
	uk_vfs_kutimes(u->path, &mtime);
	return 0;
}

static int uk_vfs_initrd_init(void)
{
	struct uk_bootinfo *bi = uk_bootinfo_get();
	struct uk_cpio_error err = { 0, "" };
	struct unpack u = { 0 };
	const void *base;
	int rc;

	if (!bi || !bi->initrd_base || !bi->initrd_len)
		return 0;
	base = (const void *)(uintptr_t)bi->initrd_base;
	if (!uk_cpio_is_newc(base, bi->initrd_len)) {
		uk_pr_info("initrd: not a cpio newc archive (%lu bytes): left to the application",
			   (unsigned long)bi->initrd_len);
		return 0;
	}
	u.path = uk_malloc(VFS_PATH_MAX);
	if (!u.path)
		return -ENOMEM;
	rc = uk_cpio_parse(base, bi->initrd_len, unpack_one, &u, &err);
	while (u.links) {
		struct link_seen *l = u.links;

		u.links = l->next;
		uk_free(l->path);
		uk_free(l);
	}
	if (rc < 0) {
		if (rc == -EINVAL && uk_strcmp(err.what, "could not be created")) {
			uk_pr_crit("initrd: corrupt cpio archive at offset %lu: %s",
				   (unsigned long)err.offset, err.what);
			uk_exit(UK_EXIT_BOOTINFO);
		}
		uk_pr_crit("initrd: the member at offset %lu (%s) could not be created: error %d",
			   (unsigned long)err.offset, u.path, -rc);
		uk_free(u.path);
		uk_exit(UK_EXIT_BOOTINFO);
	}
	uk_free(u.path);
	uk_pr_info("initrd: unpacked into / (%u files)", u.files);
	return 0;
}
UK_INIT(uk_vfs_initrd_init, UK_INIT_CLASS_FS);
