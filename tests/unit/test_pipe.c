/*
 * tests/unit/test_pipe.c - host tests of lib/vfscore/pipe.c: pipe2's
 * checks and the two ends it installs, the ring buffer (wrap-around, a
 * megabyte through it byte-exact), PIPE_BUF atomicity, blocking and
 * waking, a signal ending a wait, end of file, EPIPE with SIGPIPE, poll, FIONREAD, and that a
 * pipe is freed with its last end.
 *
 * vfscore, the scheduler and the dispatcher are fakes: a descriptor table
 * of 16 slots, files counted as vfscore counts them, and a wait
 * that runs the test's "other thread" (a hook) instead of blocking.
 */
#define _GNU_SOURCE
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/vfs.h>

#define PIPE_SIZE (64 * 1024)

/* uk_malloc and friends, counting what is not yet freed (fake_alloc_live). */
#include "fake_alloc.h"

/* Open files, as vfscore's file.c keeps them. */
static unsigned int notified[2]; /* events notified, by end (0 read, 1 write) */
static struct uk_vfs_file *ends[2];

struct uk_vfs_file *uk_vfs_file_alloc(const struct uk_vfs_file_ops *ops, void *priv,
				int flags)
{
	struct uk_vfs_file *f = uk_calloc(1, sizeof(*f));

	f->ops = ops;
	f->priv = priv;
	f->flags = flags;
	f->refs = 1;
	return f;
}

void uk_vfs_file_get(struct uk_vfs_file *f)
{
	f->refs++;
}

void uk_vfs_file_put(struct uk_vfs_file *f)
{
	if (!f || --f->refs)
		return;
	if (f->ops->release)
		f->ops->release(f);
	for (int i = 0; i < 2; i++)
		if (ends[i] == f)
			ends[i] = NULL;
	uk_free(f);
}

void uk_vfs_file_notify(struct uk_vfs_file *f, unsigned int events)
{
	/* Ends not yet handed to the test (pipe2 failing) are not watched. */
	for (int i = 0; i < 2; i++)
		if (ends[i] == f)
			notified[i] |= events;
}

/* The descriptor table; install fails once 'slots_free' runs out. */
static struct uk_vfs_file *table[16];
static int table_flags[16];
static int slots_free = 16;

int uk_vfs_fd_install(struct uk_vfs_file *f, int min_fd, int fd_flags)
{
	if (!slots_free)
		return -EMFILE;
	for (int fd = min_fd; fd < 16; fd++) {
		if (!table[fd]) {
			table[fd] = f;
			table_flags[fd] = fd_flags;
			slots_free--;
			return fd;
		}
	}
	return -EMFILE;
}

int uk_vfs_fd_close(int fd)
{
	struct uk_vfs_file *f = table[fd];

	if (!f)
		return -EBADF;
	table[fd] = NULL;
	slots_free++;
	uk_vfs_file_put(f);
	return 0;
}

/* The scheduler: waiting runs the hook, which plays the other thread. */
static struct uk_thread *me = (struct uk_thread *)0x1000;
static void (*hook)(struct uk_waitq *wq);
static int waits, wakes;

struct uk_thread *uk_thread_current(void)
{
	return me;
}

int uk_thread_id(const struct uk_thread *t)
{
	ck_assert_ptr_eq(t, me);
	return 7;
}

/* The hook may end the wait as a signal would: hook_signal. */
static int hook_signal;

int uk_waitq_wait_intr(struct uk_waitq *wq, uint64_t deadline_ns)
{
	ck_assert_uint_eq(deadline_ns, 0); /* pipes have no timeout */
	waits++;
	ck_assert_msg(hook != NULL, "the call blocked with nobody to wake it");
	ck_assert_msg(waits < 100, "the call keeps blocking");
	hook(wq);
	if (hook_signal) {
		hook_signal = 0;
		return -EINTR;
	}
	return 0;
}

int uk_waitq_wake_all(struct uk_waitq *wq)
{
	(void)wq;
	wakes++;
	return 0;
}

/* The dispatcher: only tkill(7, SIGPIPE) is expected. */
static int sigpipes;

long uk_syscall_dispatch(unsigned long nr, long a0, long a1, long a2, long a3,
			 long a4, long a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	ck_assert_int_eq(nr, UK_NR_tkill);
	ck_assert_int_eq(a0, 7);
	ck_assert_int_eq(a1, SIGPIPE);
	sigpipes++;
	return 0;
}

extern const struct uk_syscall_entry uk_sysreg_pipe2;
#ifdef __x86_64__
extern const struct uk_syscall_entry uk_sysreg_pipe;
#endif

static long sys_pipe2(int *fds, int flags)
{
	return uk_sysreg_pipe2.fn((long)fds, flags, 0, 0, 0, 0);
}

/* A new pipe: ends[0] reads, ends[1] writes. */
static void make(int flags)
{
	int fds[2] = { -1, -1 };

	ck_assert_int_eq(sys_pipe2(fds, flags), 0);
	ends[0] = table[fds[0]];
	ends[1] = table[fds[1]];
}

static void close_end(int i)
{
	for (int fd = 0; fd < 16; fd++)
		if (table[fd] && table[fd] == ends[i])
			uk_vfs_fd_close(fd);
}

static ssize_t rd(void *buf, size_t len)
{
	return ends[0]->ops->read(ends[0], buf, len, &ends[0]->pos);
}

static ssize_t wr(const void *buf, size_t len)
{
	return ends[1]->ops->write(ends[1], buf, len, &ends[1]->pos);
}

static unsigned int poll_end(int i)
{
	return ends[i]->ops->poll(ends[i]);
}

static int nread(void)
{
	int n = -1;

	ck_assert_int_eq(ends[0]->ops->ioctl(ends[0], FIONREAD, &n), 0);
	return n;
}

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 11));
}

static uint8_t wbuf[PIPE_SIZE * 2], rbuf[PIPE_SIZE * 2];

static void fill(size_t from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wbuf[i] = pattern(from + i);
}

static void setup(void)
{
	memset(table, 0, sizeof(table));
	slots_free = 16;
	ends[0] = ends[1] = NULL;
	notified[0] = notified[1] = 0;
	hook = NULL;
	waits = wakes = sigpipes = 0;
	fake_alloc_live = 0;
}

START_TEST(pipe2_checks)
{
	int fds[2] = { -1, -1 };

	ck_assert_int_eq(sys_pipe2(fds, O_DIRECT), -EINVAL);
	ck_assert_int_eq(sys_pipe2(fds, O_APPEND), -EINVAL);
	ck_assert_int_eq(sys_pipe2(fds, 0x80000000), -EINVAL);
	ck_assert_int_eq(sys_pipe2(NULL, 0), -EFAULT);
	ck_assert_int_eq(fake_alloc_live, 0);

	ck_assert_int_eq(sys_pipe2(fds, 0), 0);
	ck_assert_int_eq(fds[0], 0);
	ck_assert_int_eq(fds[1], 1);
	ck_assert_int_eq(table[0]->flags, O_RDONLY);
	ck_assert_int_eq(table[1]->flags, O_WRONLY);
	ck_assert_int_eq(table_flags[0], 0);
	ck_assert_ptr_null(table[0]->vnode);
	/* Neither end reads/writes the other's way, and neither seeks. */
	ck_assert_ptr_null(table[0]->ops->write);
	ck_assert_ptr_null(table[1]->ops->read);
	ck_assert_int_eq(table[0]->ops->flags & VFS_FILE_SEEKABLE, 0);

	ck_assert_int_eq(sys_pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
	ck_assert_int_eq(fds[0], 2);
	ck_assert_int_eq(fds[1], 3);
	ck_assert_int_eq(table[2]->flags, O_RDONLY | O_NONBLOCK);
	ck_assert_int_eq(table[3]->flags, O_WRONLY | O_NONBLOCK);
	ck_assert_int_eq(table_flags[2], VFS_FD_CLOEXEC);
	ck_assert_int_eq(table_flags[3], VFS_FD_CLOEXEC);
#ifdef __x86_64__
	ck_assert_int_eq(uk_sysreg_pipe.fn((long)fds, 0, 0, 0, 0, 0), 0);
	ck_assert_int_eq(fds[0], 4);
	ck_assert_int_eq(table[4]->flags, O_RDONLY);
	ck_assert_int_eq(table_flags[5], 0);
#endif
	for (int fd = 0; fd < 16; fd++)
		uk_vfs_fd_close(fd);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

/* No room for the second descriptor: nothing stays behind. */
START_TEST(pipe2_emfile)
{
	int fds[2] = { -1, -1 };

	slots_free = 1;
	ck_assert_int_eq(sys_pipe2(fds, 0), -EMFILE);
	ck_assert_int_eq(fds[0], -1);
	ck_assert_ptr_null(table[0]);
	ck_assert_int_eq(slots_free, 1);
	slots_free = 0;
	ck_assert_int_eq(sys_pipe2(fds, 0), -EMFILE);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

START_TEST(ring_wraps)
{
	make(O_NONBLOCK);
	fill(0, 40000);
	ck_assert_int_eq(wr(wbuf, 40000), 40000);
	ck_assert_int_eq(rd(rbuf, 30000), 30000);
	ck_assert(memcmp(rbuf, wbuf, 30000) == 0);
	/* 10000 left at 30000..40000; 50000 more wrap past the end. */
	fill(40000, 50000);
	ck_assert_int_eq(wr(wbuf, 50000), 50000);
	ck_assert_int_eq(nread(), 60000);
	ck_assert_int_eq(rd(rbuf, sizeof(rbuf)), 60000);
	for (size_t i = 0; i < 60000; i++)
		ck_assert_uint_eq(rbuf[i], pattern(30000 + i));
	ck_assert_int_eq(nread(), 0);
}
END_TEST

/* A megabyte in writes and reads of odd sizes, byte-exact. */
START_TEST(megabyte)
{
	size_t wsz[] = { 1, 4095, 4096, 4097, 65535, 65536, 100000, 333 };
	size_t rsz[] = { 7, 65536, 1, 5000, 40000, 4096, 12345 };
	size_t sent = 0, got = 0, wi = 0, ri = 0;
	const size_t total = 1 << 20;

	make(O_NONBLOCK);
	while (got < total) {
		for (;;) {
			size_t n = UK_MIN(wsz[wi++ % 8], total - sent);
			ssize_t w;

			if (!n)
				break;
			fill(sent, n);
			w = wr(wbuf, n);
			if (w == -EAGAIN)
				break;
			ck_assert_int_gt(w, 0);
			sent += (size_t)w;
		}
		ssize_t r = rd(rbuf, rsz[ri++ % 7]);

		size_t bad = 0;

		ck_assert_int_gt(r, 0);
		/* One assertion per read: a million ck_asserts take seconds. */
		for (ssize_t i = 0; i < r; i++)
			bad += rbuf[i] != pattern(got + (size_t)i);
		ck_assert_uint_eq(bad, 0);
		got += (size_t)r;
	}
	ck_assert_uint_eq(sent, total);
	ck_assert_int_eq(rd(rbuf, 1), -EAGAIN);
}
END_TEST

START_TEST(pipe_buf_atomic_nonblocking)
{
	make(O_NONBLOCK);
	ck_assert_int_eq(wr(wbuf, PIPE_SIZE - 4095), PIPE_SIZE - 4095);
	/* PIPE_BUF bytes do not fit whole: none go in. */
	ck_assert_int_eq(wr(wbuf, PIPE_BUF), -EAGAIN);
	ck_assert_int_eq(nread(), PIPE_SIZE - 4095);
	ck_assert_int_eq(wr(wbuf, 4000), 4000);
	/* 95 bytes of room: a large write takes what fits... */
	ck_assert_int_eq(wr(wbuf, PIPE_BUF + 1), 95);
	ck_assert_int_eq(nread(), PIPE_SIZE);
	/* ...and nothing at all fits now. */
	ck_assert_int_eq(wr(wbuf, 1), -EAGAIN);
	ck_assert_int_eq(wr(wbuf, PIPE_SIZE), -EAGAIN);
	ck_assert_int_eq(wr(wbuf, 0), 0);
}
END_TEST

/*
 * The other thread reads 50 bytes at a time, finding none of the waiting
 * small write in the pipe yet.
 */
static void drain50(struct uk_waitq *wq)
{
	(void)wq;
	ck_assert_int_eq(nread(), PIPE_SIZE - 100 - 50 * (waits - 1));
	ck_assert_int_eq(rd(rbuf, 50), 50);
}

START_TEST(pipe_buf_atomic_blocking)
{
	make(0);
	ck_assert_int_eq(wr(wbuf, PIPE_SIZE - 100), PIPE_SIZE - 100);
	hook = drain50;
	/* 200 bytes wait until all fit: 100 + 50 + 50 of room. */
	ck_assert_int_eq(wr(wbuf, 200), 200);
	ck_assert_int_eq(waits, 2);
	ck_assert_int_eq(nread(), PIPE_SIZE);
}
END_TEST

static void drain_all(struct uk_waitq *wq)
{
	(void)wq;
	/* Nothing of the large write may be missing from the front. */
	ck_assert_int_eq(nread(), PIPE_SIZE);
	ck_assert_int_eq(rd(rbuf, PIPE_SIZE), PIPE_SIZE);
}

START_TEST(large_write_splits)
{
	make(0);
	ck_assert_int_eq(wr(wbuf, PIPE_SIZE - 1000), PIPE_SIZE - 1000);
	hook = drain_all;
	/* 1000 bytes go in at once, the rest after each wait. */
	ck_assert_int_eq(wr(wbuf, 2 * PIPE_SIZE), 2 * PIPE_SIZE);
	ck_assert_int_eq(waits, 2);
	ck_assert_int_eq(nread(), 2 * PIPE_SIZE - 1000 - PIPE_SIZE);
}
END_TEST

static void write_hello(struct uk_waitq *wq)
{
	(void)wq;
	ck_assert_int_eq(wr("hello", 5), 5);
}

static void close_writer(struct uk_waitq *wq)
{
	(void)wq;
	close_end(1);
}

START_TEST(read_blocks_then_eof)
{
	make(0);
	hook = write_hello;
	ck_assert_int_eq(rd(rbuf, sizeof(rbuf)), 5);
	ck_assert(memcmp(rbuf, "hello", 5) == 0);
	ck_assert_int_eq(waits, 1);
	/* Empty, writer gone while waiting: end of file. */
	hook = close_writer;
	ck_assert_int_eq(rd(rbuf, sizeof(rbuf)), 0);
	ck_assert_int_eq(waits, 2);
	ck_assert_int_eq(rd(rbuf, 0), 0);
	close_end(0);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

static void signal_arrives(struct uk_waitq *wq)
{
	(void)wq;
	hook_signal = 1;
}

/* A signal ends a wait: nothing moved yet, the call is restarted after
 * SA_RESTART handlers (-UK_ERESTARTSYS); a write keeps what went in. */
START_TEST(signal_ends_wait)
{

	make(0);
	hook = signal_arrives;
	ck_assert_int_eq(rd(rbuf, sizeof(rbuf)), -UK_ERESTARTSYS);
	ck_assert_int_eq(waits, 1);
	ck_assert_int_eq(wr(wbuf, PIPE_SIZE + 10), PIPE_SIZE);
	ck_assert_int_eq(waits, 2);
	hook = signal_arrives;
	ck_assert_int_eq(wr("x", 1), -UK_ERESTARTSYS);
	close_end(0);
	close_end(1);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

START_TEST(eof_after_data)
{
	make(O_NONBLOCK);
	ck_assert_int_eq(rd(rbuf, 10), -EAGAIN);
	ck_assert_int_eq(wr("abc", 3), 3);
	close_end(1);
	ck_assert_uint_eq(poll_end(0), POLLIN | POLLRDNORM | POLLHUP);
	ck_assert_int_eq(rd(rbuf, 2), 2);
	ck_assert_int_eq(rd(rbuf, 10), 1);
	ck_assert_int_eq(rd(rbuf, 10), 0);
	ck_assert_uint_eq(poll_end(0), POLLHUP);
	close_end(0);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

START_TEST(epipe)
{
	make(0);
	close_end(0);
	ck_assert_int_eq(wr("x", 1), -EPIPE);
	ck_assert_int_eq(sigpipes, 1);
	ck_assert_int_eq(wr(wbuf, 100000), -EPIPE);
	ck_assert_int_eq(sigpipes, 2);
	/* A write of nothing is no write: no signal. */
	ck_assert_int_eq(wr(wbuf, 0), 0);
	ck_assert_int_eq(sigpipes, 2);
	ck_assert_uint_eq(poll_end(1), POLLOUT | POLLWRNORM | POLLERR);
	close_end(1);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

static void close_reader(struct uk_waitq *wq)
{
	(void)wq;
	close_end(0);
}

/* The reader leaves while a large write waits: what went in counts. */
START_TEST(epipe_while_blocked)
{
	make(0);
	hook = close_reader;
	ck_assert_int_eq(wr(wbuf, PIPE_SIZE + 10), PIPE_SIZE);
	ck_assert_int_eq(sigpipes, 1);
	ck_assert_int_eq(waits, 1);
	ck_assert(notified[1] & POLLERR);
	close_end(1);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

START_TEST(poll_and_notify)
{
	make(O_NONBLOCK);
	ck_assert_uint_eq(poll_end(0), 0);
	ck_assert_uint_eq(poll_end(1), POLLOUT | POLLWRNORM);
	ck_assert_int_eq(wr("a", 1), 1);
	ck_assert_uint_eq(notified[0], POLLIN | POLLRDNORM);
	ck_assert_uint_eq(poll_end(0), POLLIN | POLLRDNORM);
	/* Writable while PIPE_BUF bytes fit, not just one. */
	ck_assert_int_eq(wr(wbuf, PIPE_SIZE - PIPE_BUF - 1), PIPE_SIZE - PIPE_BUF - 1);
	ck_assert_uint_eq(poll_end(1), POLLOUT | POLLWRNORM);
	ck_assert_int_eq(wr("b", 1), 1);
	ck_assert_uint_eq(poll_end(1), 0);
	ck_assert_int_eq(rd(rbuf, 1), 1);
	ck_assert_uint_eq(notified[1], POLLOUT | POLLWRNORM);
	ck_assert_uint_eq(poll_end(1), POLLOUT | POLLWRNORM);
	notified[0] = 0;
	close_end(1);
	ck_assert(notified[0] & POLLHUP);
	ck_assert_uint_eq(poll_end(0), POLLIN | POLLRDNORM | POLLHUP);
	close_end(0);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

START_TEST(fionread)
{
	int n = -1;

	make(O_NONBLOCK);
	ck_assert_int_eq(nread(), 0);
	ck_assert_int_eq(wr(wbuf, 1234), 1234);
	ck_assert_int_eq(nread(), 1234);
	/* The write end answers too, as on Linux. */
	ck_assert_int_eq(ends[1]->ops->ioctl(ends[1], FIONREAD, &n), 0);
	ck_assert_int_eq(n, 1234);
	ck_assert_int_eq(ends[0]->ops->ioctl(ends[0], TCGETS, &n), -ENOTTY);
}
END_TEST

/* dup: the end lives until its last descriptor closes. */
START_TEST(shared_end)
{
	int fd;

	make(O_NONBLOCK);
	uk_vfs_file_get(ends[1]);
	fd = uk_vfs_fd_install(ends[1], 0, 0);
	ck_assert_int_eq(fd, 2);
	uk_vfs_fd_close(1);
	ck_assert_int_eq(rd(rbuf, 1), -EAGAIN);
	ck_assert_uint_eq(poll_end(0), 0);
	uk_vfs_fd_close(2);
	ck_assert_int_eq(rd(rbuf, 1), 0);
	close_end(0);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

static Suite *pipe_suite(void)
{
	Suite *s = suite_create("pipe");
	TCase *tc = tcase_create("pipe2");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, pipe2_checks);
	tcase_add_test(tc, pipe2_emfile);
	suite_add_tcase(s, tc);

	tc = tcase_create("ring");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, ring_wraps);
	tcase_add_test(tc, megabyte);
	tcase_add_test(tc, pipe_buf_atomic_nonblocking);
	tcase_add_test(tc, pipe_buf_atomic_blocking);
	tcase_add_test(tc, large_write_splits);
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, read_blocks_then_eof);
	tcase_add_test(tc, signal_ends_wait);
	tcase_add_test(tc, eof_after_data);
	tcase_add_test(tc, epipe);
	tcase_add_test(tc, epipe_while_blocked);
	tcase_add_test(tc, poll_and_notify);
	tcase_add_test(tc, fionread);
	tcase_add_test(tc, shared_end);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(pipe_suite()), true);
}
