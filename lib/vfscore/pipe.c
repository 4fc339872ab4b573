/*
 * lib/vfscore/pipe.c - pipes: the pipe and pipe2 system calls, and the
 * anonymous files behind them (a read end opened O_RDONLY and a write end
 * opened O_WRONLY, sharing one ring buffer). Linux's rules:
 *
 * - capacity 64 KiB (Linux's default of 16 pages), allocated with the pipe;
 * - read returns what is there (at most len), blocks while the pipe is
 *   empty and the write end is open, and returns 0 (end of file) once it
 *   is empty with the write end closed;
 * - write blocks while there is no room. A write of at most PIPE_BUF
 *   (4096) bytes goes in whole or not at all, so that writers sharing a
 *   pipe never interleave within such a write; larger writes go in as
 *   room appears, possibly interleaved with others;
 * - with the read end closed, write sends SIGPIPE to the writing thread
 *   and fails with EPIPE (what it wrote before the reader left counts);
 * - O_NONBLOCK: EAGAIN instead of blocking; a small write that does not
 *   fit whole is EAGAIN too, a large one writes what fits;
 * - poll: the read end is readable when data is there and reports HUP once
 *   the write end is closed; the write end is writable when PIPE_BUF bytes
 *   fit (Linux's "a free page slot" in a byte ring: a write that poll said
 *   was possible never blocks) and reports ERR once the read end is closed;
 * - ioctl FIONREAD: the bytes waiting to be read, on either end.
 *
 * A descriptor holds a reference to its end's file, and so does every
 * system call using it: a thread blocked in read or write keeps its own
 * end open, and an end's release (the last close) wakes the other end's
 * blocked threads and watchers. The pipe goes when both ends are gone.
 * No locking: system calls run with interrupts off on one CPU, and state
 * is looked at again after every wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/vfs.h>
#include <ukbase/string.h>

#define PIPE_SIZE (64 * 1024)

struct pipe {
	uint8_t *buf;           /* PIPE_SIZE bytes */
	size_t head;            /* index of the first unread byte */
	size_t count;           /* bytes waiting to be read */
	struct uk_vfs_file *rf;    /* the ends: NULL once released */
	struct uk_vfs_file *wf;
	struct uk_waitq readers; /* threads waiting for data */
	struct uk_waitq writers; /* threads waiting for room */
};

/* Append n bytes (n <= room), in two pieces when they wrap around. */
static void ring_put(struct pipe *p, const uint8_t *src, size_t n)
{
	size_t tail = (p->head + p->count) % PIPE_SIZE;
	size_t first = UK_MIN(n, (size_t)PIPE_SIZE - tail);

	uk_memcpy(p->buf + tail, src, first);
	uk_memcpy(p->buf, src + first, n - first);
	p->count += n;
}

/* Take n bytes (n <= count) from the front. */
static void ring_get(struct pipe *p, uint8_t *dst, size_t n)
{
	size_t first = UK_MIN(n, (size_t)PIPE_SIZE - p->head);

	uk_memcpy(dst, p->buf + p->head, first);
	uk_memcpy(dst + first, p->buf, n - first);
	p->head = (p->head + n) % PIPE_SIZE;
	p->count -= n;
	/* An empty ring starts over: large writes then go in one piece. */
	if (!p->count)
		p->head = 0;
}

static void pipe_free(struct pipe *p)
{
	uk_free(p->buf);
	uk_free(p);
}

/*
 * SIGPIPE for the writing thread, sent the way the application would
 * send it (tkill to itself), so that its disposition decides: the default
 * ends the application, SIG_IGN leaves the EPIPE to the caller, a handler
 * runs before write returns.
 */
static void send_sigpipe(void)
{
	long tid = uk_thread_id(uk_thread_current());

	uk_syscall_dispatch(UK_NR_tkill, tid, SIGPIPE, 0, 0, 0, 0);
}

static ssize_t pipe_read(struct uk_vfs_file *f, void *buf, size_t len,
			 off_t *off)
{
	struct pipe *p = f->priv;
	size_t n;

	(void)off;
	if (!len)
		return 0;
	while (!p->count) {
		if (!p->wf)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		/* A signal: the call runs again after SA_RESTART handlers. */
		if (uk_waitq_wait_intr(&p->readers, 0) == -EINTR)
			return -UK_ERESTARTSYS;
	}
	n = UK_MIN(len, p->count);
	ring_get(p, buf, n);
	/* Every blocked writer looks again: each needs a different room. */
	uk_waitq_wake_all(&p->writers);
	if (p->wf)
		uk_vfs_file_notify(p->wf, POLLOUT | POLLWRNORM);
	return (ssize_t)n;
}

static ssize_t pipe_write(struct uk_vfs_file *f, const void *buf, size_t len,
			  off_t *off)
{
	const uint8_t *src = buf;
	struct pipe *p = f->priv;
	size_t done = 0, room, n;
	/* Room needed before anything goes in: all of a small write. */
	size_t need = len <= PIPE_BUF ? len : 1;

	(void)off;
	if (!len)
		return 0;
	for (;;) {
		if (!p->rf) {
			send_sigpipe();
			return done ? (ssize_t)done : -EPIPE;
		}
		room = PIPE_SIZE - p->count;
		if (room >= need) {
			n = UK_MIN(room, len - done);
			ring_put(p, src + done, n);
			done += n;
			uk_waitq_wake_all(&p->readers);
			uk_vfs_file_notify(p->rf, POLLIN | POLLRDNORM);
			if (done == len)
				return (ssize_t)done;
			continue;
		}
		if (f->flags & O_NONBLOCK)
			return done ? (ssize_t)done : -EAGAIN;
		/* A signal: what went in counts, else as for read. */
		if (uk_waitq_wait_intr(&p->writers, 0) == -EINTR)
			return done ? (ssize_t)done : -UK_ERESTARTSYS;
	}
}

static int pipe_ioctl(struct uk_vfs_file *f, unsigned long req, void *arg)
{
	struct pipe *p = f->priv;

	if (req != FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	*(int *)arg = (int)p->count;
	return 0;
}

static unsigned int read_poll(struct uk_vfs_file *f)
{
	struct pipe *p = f->priv;
	unsigned int ev = 0;

	if (p->count)
		ev |= POLLIN | POLLRDNORM;
	if (!p->wf)
		ev |= POLLHUP;
	return ev;
}

static unsigned int write_poll(struct uk_vfs_file *f)
{
	struct pipe *p = f->priv;
	unsigned int ev = 0;

	if (PIPE_SIZE - p->count >= PIPE_BUF)
		ev |= POLLOUT | POLLWRNORM;
	if (!p->rf)
		ev |= POLLERR;
	return ev;
}

/* The last reference to an end: the other end hears about it. */
static void read_release(struct uk_vfs_file *f)
{
	struct pipe *p = f->priv;

	p->rf = NULL;
	if (!p->wf) {
		pipe_free(p);
		return;
	}
	/* Blocked writers wake up to EPIPE. */
	uk_waitq_wake_all(&p->writers);
	uk_vfs_file_notify(p->wf, POLLERR | POLLOUT | POLLWRNORM);
}

static void write_release(struct uk_vfs_file *f)
{
	struct pipe *p = f->priv;

	p->wf = NULL;
	if (!p->rf) {
		pipe_free(p);
		return;
	}
	/* Blocked readers wake up to what is left, then end of file. */
	uk_waitq_wake_all(&p->readers);
	uk_vfs_file_notify(p->rf, POLLHUP | POLLIN | POLLRDNORM);
}

static const struct uk_vfs_file_ops read_ops = {
	.read = pipe_read,
	.ioctl = pipe_ioctl,
	.poll = read_poll,
	.release = read_release,
	.anon_mode = S_IFIFO | 0600,
};

static const struct uk_vfs_file_ops write_ops = {
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = write_poll,
	.release = write_release,
	.anon_mode = S_IFIFO | 0600,
};

static long make_pipe(int *fds, int flags)
{
	int status = flags & O_NONBLOCK, fd_flags = 0, rfd, wfd;
	struct uk_vfs_file *rf, *wf;
	struct pipe *p;

	/* O_DIRECT (packet mode) and notification pipes are not supported. */
	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	if (!fds)
		return -EFAULT;
	if (flags & O_CLOEXEC)
		fd_flags = VFS_FD_CLOEXEC;
	p = uk_calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->buf = uk_malloc(PIPE_SIZE);
	rf = p->buf ? uk_vfs_file_alloc(&read_ops, p, O_RDONLY | status) : NULL;
	if (!rf) {
		pipe_free(p);
		return -ENOMEM;
	}
	p->rf = rf;
	wf = uk_vfs_file_alloc(&write_ops, p, O_WRONLY | status);
	if (!wf) {
		uk_vfs_file_put(rf); /* frees the pipe: no write end */
		return -ENOMEM;
	}
	p->wf = wf;

	rfd = uk_vfs_fd_install(rf, 0, fd_flags);
	if (rfd < 0) {
		uk_vfs_file_put(rf);
		uk_vfs_file_put(wf);
		return rfd;
	}
	wfd = uk_vfs_fd_install(wf, 0, fd_flags);
	if (wfd < 0) {
		uk_vfs_fd_close(rfd);
		uk_vfs_file_put(wf);
		return wfd;
	}
	fds[0] = rfd;
	fds[1] = wfd;
	return 0;
}

UK_SYSCALL_DEFINE2(pipe2, int *, fds, int, flags)
{
	return make_pipe(fds, flags);
}

#ifdef __x86_64__
/* arm64 has pipe2 only. */
UK_SYSCALL_DEFINE1(pipe, int *, fds)
{
	return make_pipe(fds, 0);
}
#endif
