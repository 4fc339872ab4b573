/*
 * lib/ramfs/ramfs.h - ramfs's private data, shared by its three files:
 * ramfs.c (the file system type and the vnode operations), dir.c (the
 * directory table) and file.c (regular files' data).
 *
 * Every directory, regular file and symlink has a struct ramfs_node in
 * vn->priv; devices, fifos and sockets have no data of their own
 * (priv NULL).
 */
#ifndef RAMFS_H
#define RAMFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <uk/vfs.h>

/* Largest file (EFBIG beyond): 1 TiB, far more than any guest has RAM for. */
#define RAMFS_MAX_SIZE ((off_t)1 << 40)

/* A name in a directory. The entry holds a reference to its vnode. */
struct ramfs_dirent {
	struct ramfs_dirent *hnext; /* next in the hash chain */
	struct uk_vfs_vnode *vn;
	uint64_t id;                /* readdir order; the cookie */
	uint32_t hash;
	uint16_t len;
	char name[];                /* len bytes and a NUL */
};

/*
 * A slot of a directory's readdir order: entries by increasing id, the
 * slots of removed entries kept (e NULL) until enough of them pile up to
 * be worth squeezing out, so that a removal costs no shifting.
 */
struct ramfs_slot {
	uint64_t id;
	struct ramfs_dirent *e;
};

/*
 * A directory: the entries hashed by name (lookup) and in id order
 * (readdir, whose cookie is the id of the entry last returned: entries
 * removed or added during a listing then move nothing else).
 */
struct ramfs_dir {
	struct ramfs_dirent **buckets; /* nbuckets chains; power of two */
	size_t nbuckets;
	size_t count;                  /* live entries */
	struct ramfs_slot *slots;      /* nslots used of cap */
	size_t nslots, cap, ndead;
	uint64_t last_id;              /* the last id given; ids start at 1 */
	struct uk_vfs_vnode *drain_next;  /* unmount's list of directories */
};

/* Regular file data: page-sized chunks, NULL ones reading as zeros. */
struct ramfs_file {
	void **chunks; /* cap chunk pointers; none past the size's last page */
	size_t cap;
};

struct ramfs_node {
	union {
		struct ramfs_dir dir;
		struct ramfs_file file;
		char *target; /* symlinks; NUL-terminated, size = length */
	};
};

static inline struct ramfs_node *ramfs_node(const struct uk_vfs_vnode *vn)
{
	return vn->priv;
}

/* dir.c */
struct ramfs_dirent *uk_ramfs_dir_find(struct ramfs_dir *d, const char *name,
				       size_t len);
/* A new entry, not yet in any directory; NULL when out of memory. */
struct ramfs_dirent *uk_ramfs_dirent_new(const char *name, size_t len);
/* Room for one more entry, so that uk_ramfs_dir_insert cannot fail. */
int uk_ramfs_dir_reserve(struct ramfs_dir *d);
void uk_ramfs_dir_insert(struct ramfs_dir *d, struct ramfs_dirent *e,
			 struct uk_vfs_vnode *vn);
/* Take e out of d (its reference stays with the caller) and free it. */
void uk_ramfs_dir_remove(struct ramfs_dir *d, struct ramfs_dirent *e);
/* The first live entry whose id is greater than 'after', or NULL. */
struct ramfs_dirent *uk_ramfs_dir_next(const struct ramfs_dir *d,
				       uint64_t after);
/* Free the tables of an empty directory. */
void uk_ramfs_dir_free(struct ramfs_dir *d);

/* file.c */
ssize_t uk_ramfs_file_read(struct uk_vfs_vnode *vn, void *buf, size_t len,
			   off_t off);
ssize_t uk_ramfs_file_write(struct uk_vfs_vnode *vn, const void *buf,
			    size_t len, off_t off);
int uk_ramfs_file_truncate(struct uk_vfs_vnode *vn, off_t size);
void uk_ramfs_file_free(struct ramfs_file *f);

#endif /* RAMFS_H */
