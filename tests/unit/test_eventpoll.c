/*
 * tests/unit/test_eventpoll.c - host tests of lib/posix-event: eventfd,
 * epoll (ctl errors, level/edge/oneshot, wake-ups, nesting and loops,
 * removal at a file's last close, the cost of a wait), poll, ppoll,
 * select and pselect6, and the interest tree.
 *
 * lib/vfscore/file.c (open files and their poll queues) is linked as it
 * is; the rest of the kernel is faked, with one thread: a descriptor table
 * (an array), fake files whose poll returns a mask the test sets (counting
 * the calls), a clock the test moves, and wait queues where "blocking"
 * runs a hook standing for another thread, then returns woken if
 * something woke the queue, else times out (the clock jumps to the
 * deadline) or fails the test (an infinite wait nobody ends).
 */
#define _GNU_SOURCE
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/vfs.h>
#include "eventpoll.h"

/* --- the fake kernel --- */

#include "fake_alloc.h"

static uint64_t now_ns = 1000000000ULL;
uint64_t ukplat_monotonic_ns(void) { return now_ns; }

static struct uk_thread_sig sig;
struct uk_thread *uk_thread_current(void) { return (struct uk_thread *)&sig; }
struct uk_thread_sig *uk_thread_sig(struct uk_thread *t) { return &sig; }

/* While "blocked", the hook runs once as another thread would. */
static struct uk_waitq *blocked_on;
static int woken, waits;
static void (*hook)(void);

static int block(struct uk_waitq *wq)
{
	void (*h)(void) = hook;

	waits++;
	blocked_on = wq;
	woken = 0;
	hook = NULL;
	if (h)
		h();
	blocked_on = NULL;
	return woken;
}

/* A hook may end the wait as a signal for the thread would. */
static int signalled;

int uk_waitq_wait_intr(struct uk_waitq *wq, uint64_t deadline)
{
	int w;

	if (deadline && deadline <= now_ns)
		return -ETIMEDOUT;
	signalled = 0;
	w = block(wq);
	if (signalled)
		return -EINTR;
	if (w)
		return 0;
	ck_assert_msg(deadline, "an infinite wait that nothing ends");
	now_ns = deadline;
	return -ETIMEDOUT;
}

int uk_waitq_wake_one(struct uk_waitq *wq)
{
	if (wq != blocked_on || woken)
		return 0;
	woken = 1;
	return 1;
}

int uk_waitq_wake_all(struct uk_waitq *wq) { return uk_waitq_wake_one(wq); }

/*
 * The VFS: open files and poll queues are lib/vfscore/file.c itself; the
 * descriptor table is a plain array here, as fdtab.c behaves.
 */
void uk_vfs_vnode_put(struct uk_vfs_vnode *vn) { (void)vn; }

#define NFD 65536
static struct uk_vfs_file *fdtab[NFD];
static int fdflags[NFD];
static unsigned int fd_limit = 1024;

unsigned int uk_vfs_fd_limit(void) { return fd_limit; }

int uk_vfs_fd_install(struct uk_vfs_file *f, int min_fd, int fd_flags)
{
	for (unsigned int fd = (unsigned int)min_fd; fd < fd_limit; fd++) {
		if (!fdtab[fd]) {
			fdtab[fd] = f;
			fdflags[fd] = fd_flags;
			return (int)fd;
		}
	}
	return -EMFILE;
}

struct uk_vfs_file *uk_vfs_fd_get(int fd)
{
	if (fd < 0 || fd >= NFD || !fdtab[fd])
		return NULL;
	fdtab[fd]->refs++;
	return fdtab[fd];
}

int uk_vfs_fd_close(int fd)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);

	if (!f)
		return -EBADF;
	fdtab[fd] = NULL;
	f->refs--;
	uk_vfs_file_put(f);
	return 0;
}

static int fd_dup(int fd) { return uk_vfs_fd_install(uk_vfs_fd_get(fd), 0, 0); }

/* Fake files: poll answers 'mask'; every call is counted. */
struct fake {
	unsigned int mask;
	int *released;
};
static long polls;

static unsigned int fake_poll(struct uk_vfs_file *f)
{
	polls++;
	return ((struct fake *)f->priv)->mask;
}

static void fake_release(struct uk_vfs_file *f)
{
	struct fake *x = f->priv;

	if (x->released)
		(*x->released)++;
	free(x);
}

static const struct uk_vfs_file_ops fake_ops = { .poll = fake_poll,
					      .release = fake_release };

static int fake_new(unsigned int mask)
{
	struct fake *x = calloc(1, sizeof(*x));

	x->mask = mask;
	return uk_vfs_fd_install(uk_vfs_file_alloc(&fake_ops, x, O_RDWR), 0, 0);
}

/* Change a fake file's state and tell its watchers (notify 'ev'). */
static void fake_set(int fd, unsigned int mask, unsigned int ev)
{
	((struct fake *)fdtab[fd]->priv)->mask = mask;
	uk_vfs_file_notify(fdtab[fd], ev);
}

/* A regular file or directory of some file system: no poll operation. */
static struct uk_vfs_vnode reg_vnode = { .mode = S_IFREG | 0644 };
static struct uk_vfs_vnode dir_vnode = { .mode = S_IFDIR | 0755 };
static const struct uk_vfs_file_ops plain_ops = { 0 };

static int plain_new(struct uk_vfs_vnode *vn)
{
	struct uk_vfs_file *f = uk_vfs_file_alloc(&plain_ops, NULL, O_RDONLY);

	f->vnode = vn;
	return uk_vfs_fd_install(f, 0, 0);
}

/* --- system calls through their registrations --- */

#define SC(name) extern const struct uk_syscall_entry uk_sysreg_##name
SC(epoll_create1); SC(epoll_ctl); SC(epoll_pwait); SC(epoll_pwait2);
SC(eventfd2); SC(ppoll); SC(pselect6);
#ifdef __x86_64__
SC(epoll_create); SC(epoll_wait); SC(eventfd); SC(poll); SC(select);
#endif
#define SYSCALL(name, ...) call(&uk_sysreg_##name, __VA_ARGS__, 0, 0, 0, 0, 0)
static long call(const struct uk_syscall_entry *e, long a0, long a1, long a2,
		 long a3, long a4, long a5, ...)
{
	return e->fn(a0, a1, a2, a3, a4, a5);
}
#define L(x) ((long)(x))

static long ctl(int ep, int op, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return SYSCALL(epoll_ctl, ep, op, fd, L(&ev));
}

static struct epoll_event evs[64];

static long ewait(int ep, int max, int ms)
{
	memset(evs, 0, sizeof(evs));
	return SYSCALL(epoll_pwait, ep, L(evs), max, ms, 0, 8);
}

static long efd_rw(int fd, int wr, uint64_t *v, size_t len)
{
	struct uk_vfs_file *f = fdtab[fd];

	return wr ? f->ops->write(f, v, len, &f->pos)
		  : f->ops->read(f, v, len, &f->pos);
}

static int new_ep(void) { return (int)SYSCALL(epoll_create1, 0); }

/* --- eventfd --- */

START_TEST(eventfd_counter)
{
	int fd = (int)SYSCALL(eventfd2, 5, EFD_NONBLOCK);
	uint64_t v = 0;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fdtab[fd]->flags, O_RDWR | O_NONBLOCK);
	ck_assert_uint_eq(uk_vfs_file_poll(fdtab[fd]), EPOLLIN | EPOLLOUT);
	ck_assert_int_eq(efd_rw(fd, 0, &v, 4), -EINVAL);
	ck_assert_int_eq(efd_rw(fd, 0, &v, 16), 8);
	ck_assert_uint_eq(v, 5);
	ck_assert_uint_eq(uk_vfs_file_poll(fdtab[fd]), EPOLLOUT);
	ck_assert_int_eq(efd_rw(fd, 0, &v, 8), -EAGAIN);
	v = 3;
	ck_assert_int_eq(efd_rw(fd, 1, &v, 7), -EINVAL);
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), 8);
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), 8);
	ck_assert_int_eq(efd_rw(fd, 0, &v, 8), 8);
	ck_assert_uint_eq(v, 6);
	v = UINT64_MAX;
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), -EINVAL);
	v = UINT64_MAX - 1;
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), 8);
	ck_assert_uint_eq(uk_vfs_file_poll(fdtab[fd]), EPOLLIN);
	v = 1;
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), -EAGAIN);
	v = 0; /* a write of 0 always fits */
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), 8);
	ck_assert_int_eq(uk_vfs_fd_close(fd), 0);
}
END_TEST

START_TEST(eventfd_semaphore_and_flags)
{
	int fd = (int)SYSCALL(eventfd2, 2, EFD_SEMAPHORE | EFD_NONBLOCK |
						   EFD_CLOEXEC);
	uint64_t v;

	ck_assert_int_eq(fdflags[fd], VFS_FD_CLOEXEC);
	for (int i = 0; i < 2; i++) {
		v = 0;
		ck_assert_int_eq(efd_rw(fd, 0, &v, 8), 8);
		ck_assert_uint_eq(v, 1);
	}
	ck_assert_int_eq(efd_rw(fd, 0, &v, 8), -EAGAIN);
	ck_assert_int_eq(SYSCALL(eventfd2, 0, 2), -EINVAL);
	ck_assert_int_eq(SYSCALL(eventfd2, 0, O_RDWR), -EINVAL);
#ifdef __x86_64__
	fd = (int)SYSCALL(eventfd, 7);
	ck_assert_int_eq(fdflags[fd], 0);
	ck_assert_int_eq(fdtab[fd]->flags, O_RDWR);
	ck_assert_int_eq(efd_rw(fd, 0, &v, 8), 8);
	ck_assert_uint_eq(v, 7);
#endif
}
END_TEST

static int hook_fd;

static void hook_write(void)
{
	uint64_t v = 4;

	ck_assert_int_eq(efd_rw(hook_fd, 1, &v, 8), 8);
}

static void hook_read(void)
{
	uint64_t v;

	ck_assert_int_eq(efd_rw(hook_fd, 0, &v, 8), 8);
}

START_TEST(eventfd_blocking)
{
	int fd = (int)SYSCALL(eventfd2, 0, 0);
	uint64_t v;

	hook_fd = fd;
	hook = hook_write;
	ck_assert_int_eq(efd_rw(fd, 0, &v, 8), 8);
	ck_assert_uint_eq(v, 4);
	ck_assert_int_eq(waits, 1);
	v = UINT64_MAX - 1;
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), 8);
	hook = hook_read; /* makes room for the blocked write */
	v = 9;
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), 8);
	ck_assert_int_eq(waits, 2);
	ck_assert_int_eq(efd_rw(fd, 0, &v, 8), 8);
	ck_assert_uint_eq(v, 9);
}
END_TEST

/* --- epoll_create, epoll_ctl --- */

static void hook_signal(void)
{
	signalled = 1;
}

/* A signal ends every wait: poll, select and epoll_wait fail with EINTR
 * (never restarted), eventfd's read and write are restarted after
 * SA_RESTART handlers (-UK_ERESTARTSYS). */
START_TEST(signal_ends_waits)
{
	int fd = (int)SYSCALL(eventfd2, 0, 0), ep = (int)SYSCALL(epoll_create1, 0);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct epoll_event e = { .events = EPOLLIN }, out;
	uint64_t v = UINT64_MAX - 1;

	hook = hook_signal;
	ck_assert_int_eq(efd_rw(fd, 0, &v, 8), -UK_ERESTARTSYS);
	hook = hook_signal;
	ck_assert_int_eq(SYSCALL(ppoll, L(&p), 1, 0, 0, 8), -EINTR);
	ck_assert_ptr_null(fdtab[fd]->pollq.head);
	ck_assert_int_eq(SYSCALL(epoll_ctl, ep, EPOLL_CTL_ADD, fd, L(&e)), 0);
	hook = hook_signal;
	ck_assert_int_eq(SYSCALL(epoll_pwait, ep, L(&out), 1, -1, 0, 8), -EINTR);
	v = UINT64_MAX - 1;
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), 8);
	hook = hook_signal; /* the counter is full: the write waits */
	v = 5;
	ck_assert_int_eq(efd_rw(fd, 1, &v, 8), -UK_ERESTARTSYS);
	ck_assert_int_eq(waits, 4);
}
END_TEST

START_TEST(epoll_create_flags)
{
	int ep = (int)SYSCALL(epoll_create1, EPOLL_CLOEXEC);

	ck_assert_int_ge(ep, 0);
	ck_assert_int_eq(fdflags[ep], VFS_FD_CLOEXEC);
	ck_assert_ptr_nonnull(uk_epoll_of(fdtab[ep]));
	ck_assert_int_eq(SYSCALL(epoll_create1, 1), -EINVAL);
#ifdef __x86_64__
	ck_assert_int_eq(SYSCALL(epoll_create, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(epoll_create, -1), -EINVAL);
	ep = (int)SYSCALL(epoll_create, 1);
	ck_assert_int_eq(fdflags[ep], 0);
#endif
	fd_limit = (unsigned int)ep + 1;
	ck_assert_int_eq(SYSCALL(epoll_create1, 0), -EMFILE);
	ck_assert_int_eq(SYSCALL(eventfd2, 0, 0), -EMFILE);
}
END_TEST

START_TEST(epoll_ctl_errors)
{
	int ep = new_ep(), a = fake_new(0), ef = (int)SYSCALL(eventfd2, 0, 0);
	int reg = plain_new(&reg_vnode), dir = plain_new(&dir_vnode), ep2;

	ck_assert_int_eq(SYSCALL(epoll_ctl, ep, EPOLL_CTL_ADD, a, 0), -EFAULT);
	ck_assert_int_eq(SYSCALL(epoll_ctl, ep, 7, a, 0), -EFAULT);
	ck_assert_int_eq(ctl(99, EPOLL_CTL_ADD, a, EPOLLIN, 0), -EBADF);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, 99, EPOLLIN, 0), -EBADF);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, -1, EPOLLIN, 0), -EBADF);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, reg, EPOLLIN, 0), -EPERM);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, dir, EPOLLIN, 0), -EPERM);
	/* EPERM comes before "not an epoll". */
	ck_assert_int_eq(ctl(a, EPOLL_CTL_ADD, reg, EPOLLIN, 0), -EPERM);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0), -EINVAL);
	ck_assert_int_eq(ctl(ef, EPOLL_CTL_ADD, a, EPOLLIN, 0), -EINVAL);
	ck_assert_int_eq(ctl(ep, 0, a, EPOLLIN, 0), -EINVAL);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_DEL, a, 0, 0), -ENOENT);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN, 0), -ENOENT);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLOUT, 0), -EEXIST);
	ck_assert_int_eq(ctl(ep, 0, a, EPOLLIN, 0), -EINVAL);
	/* DEL ignores its event argument. */
	ck_assert_int_eq(SYSCALL(epoll_ctl, ep, EPOLL_CTL_DEL, a, 0), 0);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_DEL, a, 0, 0), -ENOENT);

	/* EPOLLEXCLUSIVE and its restrictions. */
	ep2 = new_ep();
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN | EPOLLEXCLUSIVE,
			     0), -EINVAL);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a,
			     EPOLLIN | EPOLLONESHOT | EPOLLEXCLUSIVE, 0),
			 -EINVAL);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a,
			     EPOLLPRI | EPOLLEXCLUSIVE, 0), -EINVAL);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a,
			     EPOLLIN | EPOLLOUT | EPOLLET | EPOLLEXCLUSIVE, 0),
			 0);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLEXCLUSIVE, 0),
			 -EINVAL);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN, 0), -EINVAL);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_DEL, a, 0, 0), 0);
	/* A descriptor of the same file is another item. */
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, fd_dup(a), EPOLLIN, 0), 0);
	ck_assert_uint_eq(uk_epoll_of(fdtab[ep])->nitems, 2);
	/* A file with no poll operation that is not plain is always ready. */
	fdtab[reg]->vnode = NULL;
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, reg, EPOLLIN, 1), 0);
}
END_TEST

START_TEST(epoll_wait_errors)
{
	int ep = new_ep(), ef = (int)SYSCALL(eventfd2, 1, 0);
	uint64_t mask = 0;
	struct timespec bad = { 0, 1000000000 };

	ck_assert_int_eq(ewait(ep, 0, 0), -EINVAL);
	ck_assert_int_eq(ewait(ep, -1, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(epoll_pwait, ep, L(evs), INT32_MAX, 0, 0, 8),
			 -EINVAL);
	ck_assert_int_eq(ewait(99, 1, 0), -EBADF);
	ck_assert_int_eq(ewait(ef, 1, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(epoll_pwait, ep, L(evs), 1, 0, L(&mask), 4),
			 -EINVAL);
	/* Without a mask, its size does not matter. */
	ck_assert_int_eq(SYSCALL(epoll_pwait, ep, L(evs), 1, 0, 0, 4), 0);
	ck_assert_int_eq(SYSCALL(epoll_pwait2, ep, L(evs), 1, L(&bad), 0, 8),
			 -EINVAL);
	bad.tv_nsec = -1;
	ck_assert_int_eq(SYSCALL(epoll_pwait2, ep, L(evs), 1, L(&bad), 0, 8),
			 -EINVAL);
	/* The timeout is checked before anything else. */
	ck_assert_int_eq(SYSCALL(epoll_pwait2, 99, L(evs), 0, L(&bad), 0, 8),
			 -EINVAL);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, ef, EPOLLIN, 0), 0);
	ck_assert_int_eq(SYSCALL(epoll_pwait, ep, 0, 1, 0, 0, 8), -EFAULT);
	ck_assert_int_eq(ewait(ep, 1, 0), 1); /* the item stayed ready */
#ifdef __x86_64__
	ck_assert_int_eq(SYSCALL(epoll_wait, ep, L(evs), 0, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(epoll_wait, ep, L(evs), 4, 0), 1);
#endif
}
END_TEST

/* --- triggering --- */

START_TEST(level_triggered)
{
	int ep = new_ep(), a = fake_new(EPOLLIN);

	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, 42), 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(ewait(ep, 8, 0), 1);
		ck_assert_uint_eq(evs[0].events, EPOLLIN);
		ck_assert_uint_eq(evs[0].data.u64, 42);
	}
	/* Not ready any more: dropped from the ready list on the next wait. */
	((struct fake *)fdtab[a]->priv)->mask = EPOLLOUT;
	ck_assert_int_eq(ewait(ep, 8, 0), 0);
	polls = 0;
	ck_assert_int_eq(ewait(ep, 8, 0), 0);
	ck_assert_int_eq(polls, 0);
	/* Only the events asked for are reported; ERR and HUP always. */
	fake_set(a, EPOLLOUT | EPOLLHUP | EPOLLPRI, EPOLLHUP);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
	ck_assert_uint_eq(evs[0].events, EPOLLHUP);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_MOD, a, EPOLLOUT | EPOLLPRI, 7), 0);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
	ck_assert_uint_eq(evs[0].events, EPOLLOUT | EPOLLHUP | EPOLLPRI);
	ck_assert_uint_eq(evs[0].data.u64, 7);
}
END_TEST

START_TEST(edge_triggered)
{
	int ep = new_ep(), a = fake_new(EPOLLIN);

	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLET, 1), 0);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
	ck_assert_int_eq(ewait(ep, 8, 0), 0); /* still readable: no new edge */
	fake_set(a, EPOLLIN, EPOLLIN);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
	ck_assert_int_eq(ewait(ep, 8, 0), 0);
	/* A notify of events not asked for is no edge. */
	fake_set(a, EPOLLIN | EPOLLOUT, EPOLLOUT);
	polls = 0;
	ck_assert_int_eq(ewait(ep, 8, 0), 0);
	ck_assert_int_eq(polls, 0);
	/* An unknown change (0) is one. */
	fake_set(a, EPOLLIN, 0);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
}
END_TEST

START_TEST(oneshot)
{
	int ep = new_ep(), a = fake_new(EPOLLIN);

	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLONESHOT, 1),
			 0);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
	ck_assert_int_eq(ewait(ep, 8, 0), 0);
	fake_set(a, EPOLLIN | EPOLLERR, EPOLLIN | EPOLLERR);
	ck_assert_int_eq(ewait(ep, 8, 0), 0); /* disarmed: even ERR waits */
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLONESHOT, 2),
			 0);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
	ck_assert_uint_eq(evs[0].events, EPOLLIN | EPOLLERR);
	ck_assert_uint_eq(evs[0].data.u64, 2);
	ck_assert_int_eq(ewait(ep, 8, 0), 0);
	/* Re-armed without ONESHOT: level-triggered from now on. */
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_MOD, a, EPOLLIN, 3), 0);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
}
END_TEST

/* Level-triggered items take turns when maxevents is small. */
START_TEST(round_robin)
{
	int ep = new_ep(), fds[3];
	uint64_t seen = 0;

	for (int i = 0; i < 3; i++) {
		fds[i] = fake_new(EPOLLIN);
		ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, fds[i], EPOLLIN, i), 0);
	}
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(ewait(ep, 1, 0), 1);
		seen |= 1u << evs[0].data.u64;
	}
	ck_assert_uint_eq(seen, 7);
	ck_assert_int_eq(ewait(ep, 64, 0), 3);
}
END_TEST

/* --- waiting --- */

static int hook_fake;

static void hook_ready(void)
{
	now_ns += 5000000;
	fake_set(hook_fake, EPOLLIN, EPOLLIN);
}

static void hook_nothing(void)
{
	now_ns += 1000000;
	fake_set(hook_fake, EPOLLOUT, EPOLLOUT); /* not asked for */
}

START_TEST(epoll_wakeups)
{
	int ep = new_ep(), a = fake_new(0);
	uint64_t t0;

	hook_fake = a;
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, 5), 0);
	ck_assert_int_eq(ewait(ep, 8, 0), 0);
	ck_assert_int_eq(waits, 0);
	hook = hook_ready;
	ck_assert_int_eq(ewait(ep, 8, -1), 1);
	ck_assert_int_eq(waits, 1);
	ck_assert_uint_eq(evs[0].data.u64, 5);
	fake_set(a, 0, 0);
	/* A finite timeout ends at its deadline, not before. */
	t0 = now_ns;
	hook = hook_nothing;
	ck_assert_int_eq(ewait(ep, 8, 25), 0);
	ck_assert_uint_eq(now_ns - t0, 25000000);
	/* ... unless something happens first. */
	hook = hook_ready;
	t0 = now_ns;
	ck_assert_int_eq(ewait(ep, 8, 25), 1);
	ck_assert_uint_eq(now_ns - t0, 5000000);
}
END_TEST

static void hook_check_mask(void)
{
	ck_assert_uint_eq(sig.blocked, 1ULL << (SIGUSR1 - 1));
	fake_set(hook_fake, EPOLLIN, EPOLLIN);
}

START_TEST(pwait_sigmask)
{
	int ep = new_ep(), a = fake_new(0);
	uint64_t mask = (1ULL << (SIGUSR1 - 1)) | (1ULL << (SIGKILL - 1)) |
			(1ULL << (SIGSTOP - 1));
	struct timespec ts = { 1, 0 };

	hook_fake = a;
	sig.blocked = 1ULL << (SIGINT - 1);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, 0), 0);
	hook = hook_check_mask;
	ck_assert_int_eq(SYSCALL(epoll_pwait, ep, L(evs), 4, -1, L(&mask), 8),
			 1);
	ck_assert_uint_eq(sig.blocked, 1ULL << (SIGINT - 1));
	fake_set(a, 0, 0);
	hook = hook_check_mask;
	ck_assert_int_eq(SYSCALL(epoll_pwait2, ep, L(evs), 4, L(&ts), L(&mask),
				 8), 1);
	ck_assert_uint_eq(sig.blocked, 1ULL << (SIGINT - 1));
}
END_TEST

/* --- files going away --- */

START_TEST(pollfree_removes_items)
{
	int ep = new_ep(), ep2 = new_ep(), released = 0;
	int a = fake_new(EPOLLIN), b;
	struct uk_eventpoll *e = uk_epoll_of(fdtab[ep]);

	((struct fake *)fdtab[a]->priv)->released = &released;
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(ep2, EPOLL_CTL_ADD, a, EPOLLIN, 0), 0);
	b = fd_dup(a);
	/* Closing one descriptor of a file still open keeps the item. */
	ck_assert_int_eq(uk_vfs_fd_close(a), 0);
	ck_assert_uint_eq(e->nitems, 1);
	ck_assert_int_eq(ewait(ep, 8, 0), 1);
	/* The last close removes it from every instance, ready or not. */
	ck_assert_int_eq(uk_vfs_fd_close(b), 0);
	ck_assert_int_eq(released, 1);
	ck_assert_uint_eq(e->nitems, 0);
	ck_assert_ptr_null(e->rd_head);
	ck_assert_uint_eq(uk_epoll_of(fdtab[ep2])->nitems, 0);
	ck_assert_int_eq(ewait(ep, 8, 0), 0);
	ck_assert_int_eq(ewait(ep2, 8, 0), 0);
	/* A new file at the same number is not the old item. */
	a = fake_new(EPOLLIN);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_DEL, a, 0, 0), -ENOENT);
}
END_TEST

START_TEST(epoll_close_leaves_queues)
{
	int ep = new_ep(), a = fake_new(EPOLLIN);
	int ef = (int)SYSCALL(eventfd2, 0, 0);

	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, a, EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, ef, EPOLLIN, 0), 0);
	ck_assert_ptr_nonnull(fdtab[a]->pollq.head);
	ck_assert_int_eq(uk_vfs_fd_close(ep), 0);
	ck_assert_ptr_null(fdtab[a]->pollq.head);
	ck_assert_ptr_null(fdtab[ef]->pollq.head);
	fake_set(a, EPOLLIN, EPOLLIN); /* nobody listens any more */
}
END_TEST

/* --- nesting --- */

START_TEST(nested_instances)
{
	int outer = new_ep(), inner = new_ep(), a = fake_new(0);
	struct pollfd pfd = { .fd = inner, .events = POLLIN };
	struct timespec zero = { 0, 0 };

	ck_assert_int_eq(ctl(inner, EPOLL_CTL_ADD, a, EPOLLIN, 1), 0);
	ck_assert_int_eq(ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2), 0);
	ck_assert_int_eq(ewait(outer, 8, 0), 0);
	ck_assert_int_eq(SYSCALL(ppoll, L(&pfd), 1, L(&zero), 0, 8), 0);
	hook_fake = a;
	hook = hook_ready;
	ck_assert_int_eq(ewait(outer, 8, -1), 1);
	ck_assert_uint_eq(evs[0].events, EPOLLIN);
	ck_assert_uint_eq(evs[0].data.u64, 2);
	ck_assert_int_eq(SYSCALL(ppoll, L(&pfd), 1, 0, 0, 8), 1);
	ck_assert_uint_eq(pfd.revents, POLLIN);
	ck_assert_int_eq(ewait(inner, 8, 0), 1);
	ck_assert_uint_eq(evs[0].data.u64, 1);
	/* Polling an instance prunes ready items that have nothing. */
	fake_set(a, 0, 0);
	ck_assert_uint_eq(uk_vfs_file_poll(fdtab[inner]), 0);
	ck_assert_ptr_null(uk_epoll_of(fdtab[inner])->rd_head);
	/* Closing the inner instance takes it out of the outer one. */
	ck_assert_int_eq(uk_vfs_fd_close(inner), 0);
	ck_assert_uint_eq(uk_epoll_of(fdtab[outer])->nitems, 0);
	ck_assert_ptr_null(fdtab[a]->pollq.head);
}
END_TEST

START_TEST(loops_and_depth)
{
	int e[7];

	for (int i = 0; i < 7; i++)
		e[i] = new_ep();
	/* A cycle: e0 -> e1 -> e2 -> e0. */
	ck_assert_int_eq(ctl(e[0], EPOLL_CTL_ADD, e[1], EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(e[1], EPOLL_CTL_ADD, e[2], EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(e[2], EPOLL_CTL_ADD, e[0], EPOLLIN, 0), -ELOOP);
	ck_assert_int_eq(ctl(e[1], EPOLL_CTL_ADD, e[0], EPOLLIN, 0), -ELOOP);
	/* Chains of 5 instances are allowed, 6 are not, from either end. */
	ck_assert_int_eq(ctl(e[2], EPOLL_CTL_ADD, e[3], EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(e[3], EPOLL_CTL_ADD, e[4], EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(e[4], EPOLL_CTL_ADD, e[5], EPOLLIN, 0), -ELOOP);
	ck_assert_int_eq(ctl(e[5], EPOLL_CTL_ADD, e[0], EPOLLIN, 0), -ELOOP);
	ck_assert_int_eq(ctl(e[5], EPOLL_CTL_ADD, e[6], EPOLLIN, 0), 0);
	/* e0 e1 e2 e5 e6 is 5 long; e0 e1 e2 e3 e5 e6 would be 6. */
	ck_assert_int_eq(ctl(e[2], EPOLL_CTL_ADD, e[5], EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(e[3], EPOLL_CTL_ADD, e[5], EPOLLIN, 0), -ELOOP);
	ck_assert_int_eq(ctl(e[2], EPOLL_CTL_DEL, e[5], 0, 0), 0);
	/* A diamond is no loop. */
	ck_assert_int_eq(ctl(e[0], EPOLL_CTL_ADD, e[3], EPOLLIN, 0), 0);
	/* Shorter again, the chain may grow. */
	ck_assert_int_eq(ctl(e[0], EPOLL_CTL_DEL, e[1], 0, 0), 0);
	ck_assert_int_eq(ctl(e[0], EPOLL_CTL_DEL, e[3], 0, 0), 0);
	ck_assert_int_eq(ctl(e[4], EPOLL_CTL_ADD, e[5], EPOLLIN, 0), -ELOOP);
	ck_assert_int_eq(ctl(e[5], EPOLL_CTL_DEL, e[6], 0, 0), 0);
	ck_assert_int_eq(ctl(e[4], EPOLL_CTL_ADD, e[5], EPOLLIN, 0), 0);
	ck_assert_int_eq(ctl(e[0], EPOLL_CTL_ADD, e[1], EPOLLIN, 0), -ELOOP);
	/* Closing an instance in the middle of the chain cuts it. */
	ck_assert_int_eq(uk_vfs_fd_close(e[3]), 0);
	ck_assert_int_eq(ctl(e[0], EPOLL_CTL_ADD, e[1], EPOLLIN, 0), 0);
}
END_TEST

/* --- scale --- */

START_TEST(ten_thousand_one_ready)
{
	int ep = new_ep(), fds[10000];

	fd_limit = 16384;
	for (int i = 0; i < 10000; i++) {
		fds[i] = fake_new(0);
		ck_assert_int_eq(ctl(ep, EPOLL_CTL_ADD, fds[i], EPOLLIN, i), 0);
	}
	ck_assert_uint_eq(uk_epoll_of(fdtab[ep])->nitems, 10000);
	polls = 0;
	ck_assert_int_eq(ewait(ep, 64, 0), 0);
	ck_assert_int_eq(polls, 0);
	fake_set(fds[6789], EPOLLIN, EPOLLIN);
	ck_assert_int_eq(ewait(ep, 64, 0), 1);
	ck_assert_uint_eq(evs[0].data.u64, 6789);
	ck_assert_int_eq(polls, 1);
	/* And ctl finds its item among them. */
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_MOD, fds[1234], EPOLLIN, 99), 0);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_DEL, fds[4321], 0, 0), 0);
	ck_assert_int_eq(ctl(ep, EPOLL_CTL_DEL, fds[4321], 0, 0), -ENOENT);
	for (int i = 0; i < 10000; i += 2)
		ck_assert_int_eq(uk_vfs_fd_close(fds[i]), 0);
	ck_assert_uint_eq(uk_epoll_of(fdtab[ep])->nitems, 4999);
}
END_TEST

/* The AVL invariants: ordered keys, heights, balance. */
static int check_tree(struct uk_ep_item *n, const struct uk_ep_item *lo,
		      const struct uk_ep_item *hi, int *count)
{
	int l, r;

	if (!n)
		return 0;
	(*count)++;
	if (lo)
		ck_assert(lo->file < n->file ||
			  (lo->file == n->file && lo->fd < n->fd));
	if (hi)
		ck_assert(n->file < hi->file ||
			  (n->file == hi->file && n->fd < hi->fd));
	l = check_tree(n->left, lo, n, count);
	r = check_tree(n->right, n, hi, count);
	ck_assert_int_le(abs(l - r), 1);
	ck_assert_int_eq(n->height, 1 + (l > r ? l : r));
	return n->height;
}

START_TEST(tree_invariants)
{
	enum { N = 3000 };
	static struct uk_ep_item items[N];
	static char files[64];
	struct uk_ep_item *root = NULL;
	int in[N] = { 0 }, count = N, seen;

	srand(7);
	for (int i = 0; i < N; i++) {
		items[i].file = (struct uk_vfs_file *)&files[rand() % 64];
		items[i].fd = i;
		uk_eptree_insert(&root, &items[i]);
		in[i] = 1;
	}
	for (int round = 0; round < 4 * N; round++) {
		int i = rand() % N;

		if (in[i]) {
			uk_eptree_remove(&root, &items[i]);
			count--;
		} else {
			uk_eptree_insert(&root, &items[i]);
			count++;
		}
		in[i] = !in[i];
		if (round % 500 == 0) {
			seen = 0;
			check_tree(root, NULL, NULL, &seen);
			ck_assert_int_eq(seen, count);
		}
	}
	for (int i = 0; i < N; i++)
		ck_assert_ptr_eq(uk_eptree_find(root, items[i].file, i),
				 in[i] ? &items[i] : NULL);
	ck_assert_int_le(root->height, 17); /* 1.44 log2(3000) */
}
END_TEST

/* --- poll, ppoll --- */

START_TEST(poll_basics)
{
	int a = fake_new(EPOLLIN | EPOLLOUT), b = fake_new(EPOLLHUP);
	struct pollfd p[4] = {
		{ .fd = a, .events = POLLIN, .revents = 0x7fff },
		{ .fd = -5, .events = POLLIN, .revents = 0x7fff },
		{ .fd = 77, .events = POLLIN },
		{ .fd = b, .events = 0 },
	};
	struct timespec ts = { 0, 0 };

	ck_assert_int_eq(SYSCALL(ppoll, L(p), 4, L(&ts), 0, 8), 3);
	ck_assert_int_eq(p[0].revents, POLLIN);
	ck_assert_int_eq(p[1].revents, 0);
	ck_assert_int_eq(p[2].revents, POLLNVAL);
	ck_assert_int_eq(p[3].revents, POLLHUP);
	ck_assert_int_eq(waits, 0);
	ck_assert_ptr_null(fdtab[a]->pollq.head);
	ck_assert_uint_eq(fdtab[a]->refs, 1);
	ck_assert_int_eq(SYSCALL(ppoll, L(p), 1025, L(&ts), 0, 8), -EINVAL);
	ck_assert_int_eq(SYSCALL(ppoll, 0, 1, L(&ts), 0, 8), -EFAULT);
	ck_assert_int_eq(SYSCALL(ppoll, L(p), 1, L(&ts), L(&ts), 16), -EINVAL);
	ts.tv_nsec = 1000000000;
	ck_assert_int_eq(SYSCALL(ppoll, L(p), 1, L(&ts), 0, 8), -EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	ck_assert_int_eq(SYSCALL(ppoll, L(p), 1, L(&ts), 0, 8), -EINVAL);
#ifdef __x86_64__
	ck_assert_int_eq(SYSCALL(poll, L(p), 4, 0), 3);
	ck_assert_int_eq(SYSCALL(poll, L(p), 1025, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(poll, 0, 0, 0), 0);
#endif
}
END_TEST

START_TEST(poll_waits)
{
	int a = fake_new(0), b = fake_new(0);
	struct pollfd p[2] = { { .fd = a, .events = POLLIN },
			       { .fd = b, .events = POLLIN } };
	struct timespec ts = { 0, 30000000 };
	uint64_t t0 = now_ns;

	hook_fake = b;
	hook = hook_ready;
	ck_assert_int_eq(SYSCALL(ppoll, L(p), 2, 0, 0, 8), 1);
	ck_assert_int_eq(p[0].revents, 0);
	ck_assert_int_eq(p[1].revents, POLLIN);
	ck_assert_int_eq(waits, 1);
	ck_assert_ptr_null(fdtab[a]->pollq.head);
	ck_assert_ptr_null(fdtab[b]->pollq.head);
	ck_assert_uint_eq(fdtab[b]->refs, 1);
	/* A notify of other events does not end the wait; the timeout does. */
	fake_set(b, 0, 0);
	t0 = now_ns;
	hook = hook_nothing;
	ck_assert_int_eq(SYSCALL(ppoll, L(p), 2, L(&ts), 0, 8), 0);
	ck_assert_uint_eq(now_ns - t0, 30000000);
	ck_assert_int_eq(ts.tv_sec, 0);
	ck_assert_int_eq(ts.tv_nsec, 0);
	/* The time left is written back. */
	ts.tv_sec = 2;
	hook = hook_ready;
	ck_assert_int_eq(SYSCALL(ppoll, L(p), 2, L(&ts), 0, 8), 1);
	ck_assert_int_eq(ts.tv_sec, 1);
	ck_assert_int_eq(ts.tv_nsec, 995000000);
#ifdef __x86_64__
	fake_set(b, 0, 0);
	t0 = now_ns;
	ck_assert_int_eq(SYSCALL(poll, L(p), 2, 7), 0);
	ck_assert_uint_eq(now_ns - t0, 7000000);
	hook = hook_ready;
	ck_assert_int_eq(SYSCALL(poll, L(p), 2, -1), 1);
#endif
}
END_TEST

START_TEST(poll_eventfd)
{
	int fd = (int)SYSCALL(eventfd2, 0, 0);
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDNORM | POLLOUT };
	struct timespec zero = { 0, 0 };
	uint64_t v = 1;

	hook_fd = fd;
	ck_assert_int_eq(SYSCALL(ppoll, L(&p), 1, 0, 0, 8), 1);
	ck_assert_int_eq(p.revents, POLLOUT);
	p.events = POLLIN;
	hook = hook_write;
	ck_assert_int_eq(SYSCALL(ppoll, L(&p), 1, 0, 0, 8), 1);
	ck_assert_int_eq(p.revents, POLLIN);
	/* eventfd reports POLLIN without POLLRDNORM, as on Linux. */
	p.events = POLLRDNORM;
	ck_assert_int_eq(SYSCALL(ppoll, L(&p), 1, L(&zero), 0, 8), 0);
	ck_assert_int_eq(efd_rw(fd, 0, &v, 8), 8);
}
END_TEST

/* --- select, pselect6 --- */

static unsigned long setbits(fd_set *s) { return s->fds_bits[0]; }

START_TEST(select_sets)
{
	int r = fake_new(EPOLLIN), w = fake_new(EPOLLOUT);
	int x = fake_new(EPOLLPRI);
	int e = fake_new(EPOLLERR), none = fake_new(0);
	fd_set in, out, ex;
	struct timespec ts = { 0, 0 };
	struct { const uint64_t *m; size_t n; } pack = { NULL, 3 };

	FD_ZERO(&in);
	FD_ZERO(&out);
	FD_ZERO(&ex);
	FD_SET(r, &in);
	FD_SET(w, &in);
	FD_SET(e, &in);
	FD_SET(none, &in);
	FD_SET(w, &out);
	FD_SET(e, &out);
	FD_SET(r, &ex);
	FD_SET(x, &ex);
	ck_assert_int_eq(SYSCALL(pselect6, none + 1, L(&in), L(&out), L(&ex),
				 L(&ts), L(&pack)), 5);
	ck_assert_uint_eq(setbits(&in), (1UL << r) | (1UL << e));
	ck_assert_uint_eq(setbits(&out), (1UL << w) | (1UL << e));
	ck_assert_uint_eq(setbits(&ex), 1UL << x);
	/* A descriptor not open: EBADF, sets untouched. */
	FD_SET(none + 3, &in);
	ck_assert_int_eq(SYSCALL(pselect6, none + 4, L(&in), 0, 0, L(&ts), 0),
			 -EBADF);
	ck_assert(FD_ISSET(none + 3, &in));
	/* ... unless above n. */
	ck_assert_int_eq(SYSCALL(pselect6, none + 1, L(&in), 0, 0, L(&ts), 0),
			 2);
	ck_assert_int_eq(SYSCALL(pselect6, -1, 0, 0, 0, L(&ts), 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(pselect6, 0, 0, 0, 0, L(&ts), 0), 0);
	pack.m = &pack.n;
	ck_assert_int_eq(SYSCALL(pselect6, 0, 0, 0, 0, L(&ts), L(&pack)),
			 -EINVAL);
	ts.tv_nsec = -1;
	ck_assert_int_eq(SYSCALL(pselect6, 0, 0, 0, 0, L(&ts), 0), -EINVAL);
	ck_assert_ptr_null(fdtab[r]->pollq.head);
	ck_assert_uint_eq(fdtab[r]->refs, 1);
}
END_TEST

START_TEST(select_waits)
{
	int a = fake_new(0);
	fd_set in;
	struct timespec ts = { 1, 0 };
	uint64_t t0 = now_ns;

	hook_fake = a;
	FD_ZERO(&in);
	FD_SET(a, &in);
	hook = hook_ready;
	ck_assert_int_eq(SYSCALL(pselect6, a + 1, L(&in), 0, 0, L(&ts), 0), 1);
	ck_assert_int_eq(ts.tv_sec, 0);
	ck_assert_int_eq(ts.tv_nsec, 995000000);
	fake_set(a, 0, 0);
	t0 = now_ns;
	ck_assert_int_eq(SYSCALL(pselect6, a + 1, L(&in), 0, 0, L(&ts), 0), 0);
	ck_assert_uint_eq(now_ns - t0, 995000000);
	ck_assert_int_eq(ts.tv_nsec, 0);
	ck_assert_uint_eq(setbits(&in), 0);
#ifdef __x86_64__
	{
		struct timeval tv = { 0, 1500000 };

		FD_SET(a, &in);
		hook = hook_ready;
		ck_assert_int_eq(SYSCALL(select, a + 1, L(&in), 0, 0, L(&tv)),
				 1);
		ck_assert_int_eq(tv.tv_sec, 1);
		ck_assert_int_eq(tv.tv_usec, 495000);
		tv.tv_usec = -1;
		ck_assert_int_eq(SYSCALL(select, a + 1, L(&in), 0, 0, L(&tv)),
				 -EINVAL);
		tv = (struct timeval){ -1, 2000000 }; /* normalised: 1 s */
		ck_assert_int_eq(SYSCALL(select, a + 1, L(&in), 0, 0, L(&tv)),
				 1);
		ck_assert_int_eq(SYSCALL(select, 99999, L(&in), 0, 0, 0), 1);
	}
#endif
}
END_TEST

int main(void)
{
	Suite *s = suite_create("eventpoll");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, eventfd_counter);
	tcase_add_test(tc, eventfd_semaphore_and_flags);
	tcase_add_test(tc, eventfd_blocking);
	tcase_add_test(tc, signal_ends_waits);
	tcase_add_test(tc, epoll_create_flags);
	tcase_add_test(tc, epoll_ctl_errors);
	tcase_add_test(tc, epoll_wait_errors);
	tcase_add_test(tc, level_triggered);
	tcase_add_test(tc, edge_triggered);
	tcase_add_test(tc, oneshot);
	tcase_add_test(tc, round_robin);
	tcase_add_test(tc, epoll_wakeups);
	tcase_add_test(tc, pwait_sigmask);
	tcase_add_test(tc, pollfree_removes_items);
	tcase_add_test(tc, epoll_close_leaves_queues);
	tcase_add_test(tc, nested_instances);
	tcase_add_test(tc, loops_and_depth);
	tcase_add_test(tc, ten_thousand_one_ready);
	tcase_add_test(tc, tree_invariants);
	tcase_add_test(tc, poll_basics);
	tcase_add_test(tc, poll_waits);
	tcase_add_test(tc, poll_eventfd);
	tcase_add_test(tc, select_sets);
	tcase_add_test(tc, select_waits);
	suite_add_tcase(s, tc);
	return unit_run(srunner_create(s), true);
}
