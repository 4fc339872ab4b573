/*
 * uk/vfs.h - the virtual file system (lib/vfscore): vnodes, open files,
 * the file descriptor table, mounts, and the poll queues behind
 * poll/select/epoll. File systems (ramfs, devfs) and anonymous file types
 * (pipes, eventfd, epoll, sockets) are written against this header.
 *
 * Objects and references:
 * - A vnode (struct uk_vfs_vnode) is a file-system object: directory, regular
 *   file, symlink, device, fifo, socket. vfscore keeps its attributes (the
 *   stat fields) in the vnode itself; the file system implements the
 *   operations that need its own data (struct uk_vfs_vnode_ops). Vnodes are
 *   counted: uk_vfs_vnode_get/put; the last put of a vnode that no directory
 *   names any more (nlink 0) calls ops->inactive, which frees the file
 *   system's data, and vfscore frees the vnode.
 * - An open file (struct uk_vfs_file) is what a descriptor refers to: the
 *   file's operations (struct uk_vfs_file_ops), status flags, position, and
 *   its poll queue. Anonymous files (pipes, eventfd, epoll, sockets) have
 *   no vnode. Files are counted: the descriptor table holds one reference
 *   per descriptor (dup shares the file), callers of uk_vfs_fd_get hold one
 *   while they use it; the last uk_vfs_file_put calls ops->release.
 *
 * Errors are negative errno values. Locking: the calls run in system calls
 * (interrupts off, one CPU); the SMP issue will add a lock per table.
 */
#ifndef UK_VFS_H
#define UK_VFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_vfs_vnode;
struct uk_vfs_file;
struct uk_vfs_mount;
struct iovec;

/* Longest path and name accepted (ENAMETOOLONG beyond), as Linux's. */
#define VFS_PATH_MAX 4096
#define VFS_NAME_MAX 255
/* Symlinks followed in one lookup before ELOOP, as Linux's. */
#define VFS_SYMLINK_MAX 40

/*
 * Poll queues: the one mechanism behind poll, select and epoll. A file
 * keeps the entries of everyone watching it; when its state changes, the
 * file calls uk_vfs_file_notify with the events that may now hold (EPOLLIN,
 * EPOLLOUT, EPOLLHUP...: the values of <poll.h>/<sys/epoll.h>), and every
 * entry's notify runs (interrupts off, no blocking). A file being freed
 * notifies VFS_POLLFREE: the entry must unlink itself right there (epoll
 * drops the item; this is how a closed file leaves every interest list).
 * The current state is always asked through the file's poll operation:
 * notifications are hints, never the state itself (events 0 means
 * "something changed, ask again"). A notify may unlink its own entry,
 * never another entry of the same queue.
 */
#define VFS_POLLFREE 0x4000u /* Linux's POLLFREE */

struct uk_vfs_poll_entry {
	struct uk_vfs_poll_entry *next, *prev;
	void (*notify)(struct uk_vfs_poll_entry *e, unsigned int events);
};

struct uk_vfs_pollq {
	struct uk_vfs_poll_entry *head;
};

void uk_vfs_pollq_add(struct uk_vfs_pollq *q, struct uk_vfs_poll_entry *e);
void uk_vfs_pollq_del(struct uk_vfs_pollq *q, struct uk_vfs_poll_entry *e);
/* Call every entry's notify (entries may unlink themselves meanwhile). */
void uk_vfs_pollq_notify(struct uk_vfs_pollq *q, unsigned int events);

/* One directory entry, as readdir returns it. */
struct uk_vfs_dirent {
	uint64_t ino;
	unsigned char type;           /* DT_REG, DT_DIR, ... of <dirent.h> */
	char name[VFS_NAME_MAX + 1];
};

/*
 * What a file system implements for its vnodes. Directory operations get
 * a directory vnode and a name (not NUL-terminated; never "", "." or "..",
 * which vfscore resolves itself; at most VFS_NAME_MAX bytes). Unneeded
 * operations may be NULL: vfscore then answers as Linux does for a file
 * system without them (EPERM for link, EINVAL for readlink, ...).
 */
struct uk_vfs_vnode_ops {
	/* Directories. lookup returns a referenced vnode, or -ENOENT. */
	int (*lookup)(struct uk_vfs_vnode *dir, const char *name, size_t len,
		      struct uk_vfs_vnode **out);
	/*
	 * Make a new entry of type mode & S_IFMT (S_IFREG, S_IFDIR, S_IFIFO,
	 * S_IFSOCK, S_IFCHR, S_IFBLK; S_IFLNK with 'target'), returning it
	 * referenced in *out (out may be NULL). vfscore has checked that the
	 * name does not exist and sets uid, gid and times afterwards.
	 */
	int (*create)(struct uk_vfs_vnode *dir, const char *name, size_t len,
		      mode_t mode, dev_t rdev, const char *target,
		      struct uk_vfs_vnode **out);
	/* A new name for an existing non-directory vnode (nlink++). */
	int (*link)(struct uk_vfs_vnode *dir, const char *name, size_t len,
		    struct uk_vfs_vnode *vn);
	/*
	 * Remove a name: vfscore has looked it up and checked its type
	 * (rmdir only directories, unlink only others); the file system
	 * answers -ENOTEMPTY for a directory with entries and decrements
	 * nlink (a directory's to 0).
	 */
	int (*unlink)(struct uk_vfs_vnode *dir, const char *name, size_t len,
		      struct uk_vfs_vnode *vn);
	/*
	 * Move an entry; vfscore has checked types, loops (a directory into
	 * its own subtree: EINVAL) and replaced-target rules, and passes the
	 * replaced vnode (or NULL), which the file system unlinks.
	 */
	int (*rename)(struct uk_vfs_vnode *odir, const char *oname, size_t olen,
		      struct uk_vfs_vnode *ndir, const char *nname, size_t nlen,
		      struct uk_vfs_vnode *vn, struct uk_vfs_vnode *replaced);
	/*
	 * Directory listing: fill *ent with the entry at *cookie (0 = start;
	 * the file system chooses the cookies and advances *cookie) and
	 * return 1, or return 0 at the end. "." and ".." are vfscore's.
	 */
	int (*readdir)(struct uk_vfs_vnode *dir, uint64_t *cookie,
		       struct uk_vfs_dirent *ent);

	/* Regular files: data at byte offsets; size changes through truncate. */
	ssize_t (*read)(struct uk_vfs_vnode *vn, void *buf, size_t len, off_t off);
	ssize_t (*write)(struct uk_vfs_vnode *vn, const void *buf, size_t len,
			 off_t off);
	int (*truncate)(struct uk_vfs_vnode *vn, off_t size);
	int (*fsync)(struct uk_vfs_vnode *vn);

	/* Symlinks: copy the target (not NUL-terminated); returns its length. */
	ssize_t (*readlink)(struct uk_vfs_vnode *vn, char *buf, size_t len);

	/*
	 * Special files (devices, fifos, sockets): give an opening file its
	 * operations and private data (f->ops, f->priv). NULL for plain files.
	 */
	int (*open)(struct uk_vfs_vnode *vn, struct uk_vfs_file *f);

	/* Last reference gone and nlink 0: free the file system's data. */
	void (*inactive)(struct uk_vfs_vnode *vn);
};

struct uk_vfs_vnode {
	const struct uk_vfs_vnode_ops *ops;
	struct uk_vfs_mount *mount;        /* the mount the vnode belongs to */
	struct uk_vfs_mount *mounted_here; /* a mount covering this directory */
	struct uk_vfs_vnode *parent;       /* directories: the one holding it,
					 * kept by vfscore (NULL for a file
					 * system's root; not referenced) */
	void *priv;                     /* the file system's */
	unsigned int refs;
	/* Attributes: what stat reports; vfscore keeps them up to date. */
	uint64_t ino;
	mode_t mode;                    /* type and permission bits */
	nlink_t nlink;
	uid_t uid;
	gid_t gid;
	off_t size;
	dev_t rdev;
	struct timespec atime, mtime, ctime;
};

/*
 * A new vnode of 'mode' in mount m (ino, times set; nlink 1, refs 1, size
 * 0). For file systems' create and mount.
 */
struct uk_vfs_vnode *uk_vfs_vnode_alloc(struct uk_vfs_mount *m,
				  const struct uk_vfs_vnode_ops *ops, mode_t mode);
void uk_vfs_vnode_get(struct uk_vfs_vnode *vn);
void uk_vfs_vnode_put(struct uk_vfs_vnode *vn);
/* Set the times named (VFS_TOUCH_A/M/C) to now. */
#define VFS_TOUCH_A 1
#define VFS_TOUCH_M 2
#define VFS_TOUCH_C 4
void uk_vfs_vnode_touch(struct uk_vfs_vnode *vn, unsigned int which);

/*
 * What an open file does. read and write get the position to use and
 * advance it (*off; positional calls pass their own); files without a
 * position (pipes, ttys, sockets) ignore it. ioctl returns -ENOTTY when it
 * does not know the request. poll returns the events that hold now
 * (EPOLLIN...), without blocking. NULL operations: EINVAL for read/write
 * (as on a file not open for it, vfscore checks the access mode first),
 * ENOTTY for ioctl, "always ready for what the mode allows" for poll.
 */
struct uk_vfs_file_ops {
	ssize_t (*read)(struct uk_vfs_file *f, void *buf, size_t len, off_t *off);
	ssize_t (*write)(struct uk_vfs_file *f, const void *buf, size_t len,
			 off_t *off);
	int (*ioctl)(struct uk_vfs_file *f, unsigned long req, void *arg);
	unsigned int (*poll)(struct uk_vfs_file *f);
	int (*fsync)(struct uk_vfs_file *f);
	/* Last reference gone: free the private data. */
	void (*release)(struct uk_vfs_file *f);
	/*
	 * Optional: readv/writev/preadv/pwritev as one operation (sockets:
	 * a datagram stays whole). vfscore has checked the vector, the access
	 * mode and the offset; a zero-length vector reaches them too. NULL:
	 * read/write per buffer.
	 */
	ssize_t (*readv)(struct uk_vfs_file *f, const struct iovec *iov,
			 int iovcnt, off_t *off);
	ssize_t (*writev)(struct uk_vfs_file *f, const struct iovec *iov,
			  int iovcnt, off_t *off);
	/* Flags: VFS_FILE_SEEKABLE (lseek, pread and pwrite allowed). */
	unsigned int flags;
	/*
	 * Anonymous files: the st_mode fstat reports (S_IFIFO | 0600 for
	 * pipes, S_IFSOCK | 0777 for sockets); 0 means 0600 without a type,
	 * as Linux's anonymous inodes (eventfd, epoll) show.
	 */
	mode_t anon_mode;
};
#define VFS_FILE_SEEKABLE 1u

struct uk_vfs_file {
	const struct uk_vfs_file_ops *ops;
	struct uk_vfs_vnode *vnode;  /* NULL for anonymous files */
	void *priv;               /* the file type's */
	unsigned int refs;
	int flags;                /* O_ACCMODE and the status flags (O_NONBLOCK,
				   * O_APPEND, O_DIRECTORY...) */
	off_t pos;
	struct uk_vfs_pollq pollq;   /* who watches it (poll, select, epoll) */
	uint64_t dir_cookie;      /* getdents64: the file system's cookie */
	off_t dir_pos;            /* ... and the position it stands for */
};

/*
 * A new open file with one reference: ops, private data, open flags
 * (O_ACCMODE | status flags). NULL when out of memory.
 */
struct uk_vfs_file *uk_vfs_file_alloc(const struct uk_vfs_file_ops *ops, void *priv,
				int flags);
void uk_vfs_file_get(struct uk_vfs_file *f);
void uk_vfs_file_put(struct uk_vfs_file *f);
/* The file's state changed: wake its watchers (see the poll queues). */
void uk_vfs_file_notify(struct uk_vfs_file *f, unsigned int events);
/* The events that hold now (the file's poll, or its default). */
unsigned int uk_vfs_file_poll(struct uk_vfs_file *f);

/*
 * The descriptor table (one per process; RLIMIT_NOFILE entries, lowest
 * free descriptor first).
 *
 * uk_vfs_fd_install takes over the caller's reference to f and returns the
 * descriptor (>= min_fd), or -EMFILE (-ENOMEM) with the reference still
 * the caller's. uk_vfs_fd_get returns the file with a
 * reference the caller must put, or NULL (EBADF). uk_vfs_fd_close drops the
 * table's reference: 0 or -EBADF.
 */
#define VFS_FD_CLOEXEC 1
int uk_vfs_fd_install(struct uk_vfs_file *f, int min_fd, int fd_flags);
struct uk_vfs_file *uk_vfs_fd_get(int fd);
int uk_vfs_fd_close(int fd);
/* The descriptor limit (RLIMIT_NOFILE), and changing it (-EMFILE/-EPERM). */
unsigned int uk_vfs_fd_limit(void);
int uk_vfs_fd_set_limit(unsigned int n);

/*
 * File systems register a type by name with VFS_FS_REGISTER(variable),
 * which defines the global uk_vfs_fs_<variable>; linking the library is
 * all it takes. mount fills m->root (a referenced directory
 * vnode) and may keep m->priv.
 */
struct uk_vfs_fs_type {
	const char *name;
	int (*mount)(struct uk_vfs_mount *m, const char *source, const void *data);
	void (*unmount)(struct uk_vfs_mount *m);
};

struct uk_vfs_mount {
	const struct uk_vfs_fs_type *type;
	struct uk_vfs_vnode *root;    /* the mounted file system's root */
	struct uk_vfs_vnode *covered; /* the directory it hides; NULL for "/" */
	void *priv;
	dev_t dev;                 /* st_dev of its vnodes */
	uint64_t next_ino;         /* uk_vfs_vnode_alloc's numbering */
	struct uk_vfs_mount *next;
};

#define VFS_FS_REGISTER(fs)                                                  \
	const struct uk_vfs_fs_type *const uk_vfs_fs_##fs                       \
	    UK_USED UK_SECTION(".uk_fs") UK_ALIGNED(8) = &(fs)

/*
 * Mount file system 'type' on the directory 'target' ("/" first, at
 * boot). -ENODEV for an unknown type, -ENOENT/-ENOTDIR for the target,
 * -EBUSY when something is mounted there already.
 */
int uk_vfs_mount(const char *source, const char *target, const char *type,
	      const void *data);

/*
 * Device files (lib/devfs lists them in /dev): a name, mode (S_IFCHR and
 * permission bits), device number, and the operations an open file gets;
 * open, when set, runs for every open (to set f->priv). Registered with
 * VFS_DEVICE_REGISTER(variable), which defines the global
 * uk_vfs_dev_<variable>; linking the library is all it takes.
 */
struct uk_vfs_device {
	const char *name;
	mode_t mode;
	dev_t rdev;
	const struct uk_vfs_file_ops *ops;
	int (*open)(const struct uk_vfs_device *dev, struct uk_vfs_file *f);
};

#define VFS_DEVICE_REGISTER(d)                                               \
	const struct uk_vfs_device *const uk_vfs_dev_##d                        \
	    UK_USED UK_SECTION(".uk_devices") UK_ALIGNED(8) = &(d)

/*
 * Kernel-side file access, for libraries that build the file tree at
 * boot (initrd, /etc files): the system calls' own paths, relative to the
 * root when the path is relative. Return 0 or a negative errno.
 */
int uk_vfs_kopen(const char *path, int flags, mode_t mode, struct uk_vfs_file **out);
ssize_t uk_vfs_kwrite(struct uk_vfs_file *f, const void *buf, size_t len);
ssize_t uk_vfs_kread(struct uk_vfs_file *f, void *buf, size_t len);
/*
 * A default file written at boot: create 'path' with 'len' bytes unless it
 * exists (an initrd's wins). 1: written, 0: it was there, or -errno.
 */
int uk_vfs_kcreate(const char *path, mode_t mode, const void *buf, size_t len);
int uk_vfs_kmkdir(const char *path, mode_t mode);
int uk_vfs_ksymlink(const char *target, const char *path);
int uk_vfs_kmknod(const char *path, mode_t mode, dev_t dev);
int uk_vfs_kchown(const char *path, uid_t uid, gid_t gid);
int uk_vfs_kutimes(const char *path, const struct timespec *mtime);
/*
 * For sockets bound to a path (AF_UNIX), paths relative to the working
 * directory as the socket calls take them: make a socket node (mode &
 * ~umask; -EEXIST when the name exists) and return it referenced; find
 * the vnode a path names (symlinks followed), referenced.
 */
int uk_vfs_ksocknode(const char *path, mode_t mode, struct uk_vfs_vnode **out);
int uk_vfs_klookup(const char *path, struct uk_vfs_vnode **out);

#ifdef __cplusplus
}
#endif

#endif /* UK_VFS_H */
