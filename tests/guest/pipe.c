/*
 * tests/guest/pipe.c - pipes through musl (lib/vfscore/pipe.c): pipe and
 * pipe2 with their flags (O_NONBLOCK in F_GETFL, O_CLOEXEC in F_GETFD),
 * the ends' access modes, fstat, nonblocking EAGAIN and PIPE_BUF
 * atomicity at the 64 KiB capacity, threads that block in read and write
 * and are woken by each other, end of file, a megabyte through a pipe
 * byte-exact, two writer threads whose PIPE_BUF-sized writes never
 * interleave, EPIPE with SIGPIPE ignored or handled, FIONREAD and poll.
 * (SIGPIPE's default action is pipe_sigpipe.c's.)
 *
 * Only main prints (check() is not thread-safe): threads record what they
 * saw in globals and main checks after joining them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

#define CAPACITY (64 * 1024)

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int fl(int fd)
{
	return fcntl(fd, F_GETFL);
}

static void test_flags(void)
{
	int p[2] = { -1, -1 }, rc;
	struct stat st = { 0 };

	/* Calls before check(): its arguments are evaluated in any order. */
	rc = pipe(p);
	check(rc == 0 && p[0] >= 3 && p[1] >= 3 && p[0] != p[1],
	      "pipe gives two descriptors (%d, %d)", p[0], p[1]);
	check((fl(p[0]) & O_ACCMODE) == O_RDONLY &&
		      (fl(p[1]) & O_ACCMODE) == O_WRONLY,
	      "read end O_RDONLY, write end O_WRONLY");
	check(!(fl(p[0]) & O_NONBLOCK) && fcntl(p[0], F_GETFD) == 0 &&
		      fcntl(p[1], F_GETFD) == 0,
	      "pipe: blocking, no close-on-exec");
	rc = fstat(p[0], &st);
	check(rc == 0 && S_ISFIFO(st.st_mode),
	      "fstat: a fifo (mode %o)", (unsigned int)st.st_mode);
	check(FAILS(read(p[1], &st, 1), EBADF) && FAILS(write(p[0], "x", 1), EBADF),
	      "each end only reads or writes (EBADF)");
	check(FAILS(lseek(p[0], 0, SEEK_SET), ESPIPE), "lseek: ESPIPE");
	close(p[0]);
	close(p[1]);

	check(pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC &&
		      fcntl(p[1], F_GETFD) == FD_CLOEXEC && !(fl(p[1]) & O_NONBLOCK),
	      "pipe2(O_CLOEXEC): FD_CLOEXEC on both ends");
	close(p[0]);
	close(p[1]);
	check(pipe2(p, O_NONBLOCK) == 0 && (fl(p[0]) & O_NONBLOCK) &&
		      (fl(p[1]) & O_NONBLOCK) && fcntl(p[0], F_GETFD) == 0,
	      "pipe2(O_NONBLOCK): O_NONBLOCK on both ends");
	close(p[0]);
	close(p[1]);
	check(FAILS(pipe2(p, O_APPEND), EINVAL), "pipe2(O_APPEND): EINVAL");
}

static char big[CAPACITY + 8192];

static void test_nonblocking(void)
{
	int p[2], n = -1, r;
	ssize_t w, total = 0;

	pipe2(p, O_NONBLOCK);
	check(FAILS(read(p[0], big, 1), EAGAIN), "empty: read fails with EAGAIN");
	while ((w = write(p[1], big, 1000)) > 0)
		total += w;
	check(w == -1 && errno == EAGAIN && total == CAPACITY - CAPACITY % 1000,
	      "1000-byte writes fill %zd bytes, then EAGAIN", total);
	check(write(p[1], big, CAPACITY % 1000) == CAPACITY % 1000,
	      "the last %d bytes fit", CAPACITY % 1000);
	r = ioctl(p[0], FIONREAD, &n);
	check(r == 0 && n == CAPACITY, "FIONREAD: %d bytes (64 KiB)", n);
	check(FAILS(write(p[1], big, 1), EAGAIN), "full: write fails with EAGAIN");
	check(read(p[0], big, PIPE_BUF - 1) == PIPE_BUF - 1, "read PIPE_BUF-1");
	check(FAILS(write(p[1], big, PIPE_BUF), EAGAIN),
	      "PIPE_BUF bytes do not fit whole: EAGAIN, nothing written");
	r = ioctl(p[0], FIONREAD, &n);
	check(r == 0 && n == CAPACITY - PIPE_BUF + 1, "FIONREAD unchanged (%d)", n);
	check(write(p[1], big, PIPE_BUF + 100) == PIPE_BUF - 1,
	      "a larger write takes what fits");
	check(read(p[0], big, PIPE_BUF) == PIPE_BUF &&
		      write(p[1], big, PIPE_BUF) == PIPE_BUF,
	      "with PIPE_BUF bytes free, PIPE_BUF bytes go in");
	close(p[0]);
	close(p[1]);
}

/* A thread doing one thing to a descriptor after a delay. */
struct job {
	int fd;
	long delay_ms;
	enum { DO_WRITE, DO_READ, DO_CLOSE } what;
	size_t len;
	ssize_t result;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	static char buf[4096];

	sleep_ms(j->delay_ms);
	if (j->what == DO_WRITE)
		j->result = write(j->fd, "ping", j->len);
	else if (j->what == DO_READ)
		j->result = read(j->fd, buf, j->len);
	else
		j->result = close(j->fd);
	return NULL;
}

static void test_blocking(void)
{
	struct job j;
	pthread_t t;
	char buf[16];
	int p[2];
	ssize_t n;

	pipe(p);
	j = (struct job){ p[1], 20, DO_WRITE, 4, 0 };
	pthread_create(&t, NULL, run_job, &j);
	n = read(p[0], buf, sizeof(buf));
	pthread_join(t, NULL);
	check(n == 4 && !memcmp(buf, "ping", 4) && j.result == 4,
	      "read blocks until another thread writes");

	/* Fill it (nonblocking), then a blocking write waits for a reader. */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	while (write(p[1], big, sizeof(big)) > 0)
		;
	fcntl(p[1], F_SETFL, 0);
	j = (struct job){ p[0], 20, DO_READ, 1000, 0 };
	pthread_create(&t, NULL, run_job, &j);
	n = write(p[1], big, 100);
	pthread_join(t, NULL);
	check(n == 100 && j.result == 1000,
	      "write blocks on a full pipe until another thread reads");

	/* Empty it; the writer's close ends a blocked read with EOF. */
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	while (read(p[0], big, sizeof(big)) > 0)
		;
	fcntl(p[0], F_SETFL, 0);
	j = (struct job){ p[1], 20, DO_CLOSE, 0, -1 };
	pthread_create(&t, NULL, run_job, &j);
	n = read(p[0], buf, sizeof(buf));
	pthread_join(t, NULL);
	check(n == 0 && j.result == 0,
	      "closing the write end wakes a blocked reader with end of file");
	close(p[0]);
}

/* A megabyte in writes of assorted sizes, with a pattern to compare. */
#define MEGA (1 << 20)

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 13 + (i >> 12));
}

static void *mega_writer(void *arg)
{
	static const size_t sizes[] = { 1, 4096, 70000, 333, 65536, 4097, 20000 };
	static uint8_t buf[70000];
	int fd = *(int *)arg;
	size_t sent = 0;

	for (int k = 0; sent < MEGA; k++) {
		size_t n = sizes[k % 7];

		if (n > MEGA - sent)
			n = MEGA - sent;
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(sent + i);
		if (write(fd, buf, n) != (ssize_t)n)
			break;
		sent += n;
	}
	close(fd);
	return (void *)(uintptr_t)sent;
}

static void test_megabyte(void)
{
	static const size_t sizes[] = { 5000, 1, 65536, 777, 100000 };
	size_t got = 0, bad = 0;
	void *sent;
	pthread_t t;
	ssize_t n;
	int p[2];

	pipe(p);
	pthread_create(&t, NULL, mega_writer, &p[1]);
	for (int k = 0; (n = read(p[0], big, sizes[k % 5] < sizeof(big) ?
						     sizes[k % 5] : sizeof(big))) > 0;
	     k++) {
		for (ssize_t i = 0; i < n; i++)
			bad += (uint8_t)big[i] != pattern(got + (size_t)i);
		got += (size_t)n;
	}
	pthread_join(t, &sent);
	check((uintptr_t)sent == MEGA && got == MEGA && bad == 0 && n == 0,
	      "1 MiB through a pipe between threads, byte-exact (%zu read, "
	      "%zu wrong), then end of file", got, bad);
	close(p[0]);
}

/* Two writers of PIPE_BUF-sized records, each record one letter. */
#define RECORDS 150

struct writer {
	int fd;
	char letter;
	int written;
};

static void *record_writer(void *arg)
{
	struct writer *w = arg;
	char rec[PIPE_BUF];

	memset(rec, w->letter, sizeof(rec));
	for (int i = 0; i < RECORDS; i++) {
		if (write(w->fd, rec, sizeof(rec)) != sizeof(rec))
			break;
		w->written++;
		/* Let the other writer in: the records must interleave. */
		sched_yield();
	}
	return NULL;
}

static void test_atomic_writers(void)
{
	struct writer a = { 0, 'A', 0 }, b = { 0, 'B', 0 };
	static char stream[PIPE_BUF + 3000];
	size_t fill = 0, torn = 0, count[2] = { 0, 0 }, switches = 0;
	char last = 0;
	pthread_t ta, tb;
	ssize_t n;
	int p[2];

	pipe(p);
	a.fd = b.fd = p[1];
	pthread_create(&ta, NULL, record_writer, &a);
	pthread_create(&tb, NULL, record_writer, &b);
	/*
	 * Reads of 3000 bytes, whatever the record boundaries, with the
	 * writers let in after each: they find room for part of a record
	 * (where a write split at the room's end would let the other writer
	 * in). The stream is cut into records as they complete.
	 */
	while (count[0] + count[1] < 2 * RECORDS &&
	       (n = read(p[0], stream + fill, 3000)) > 0) {
		sched_yield();
		fill += (size_t)n;
		if (fill < PIPE_BUF)
			continue;
		for (size_t i = 1; i < PIPE_BUF; i++)
			torn += stream[i] != stream[0];
		count[stream[0] == 'B']++;
		switches += last && stream[0] != last;
		last = stream[0];
		fill -= PIPE_BUF;
		memmove(stream, stream + PIPE_BUF, fill);
	}
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	check(a.written == RECORDS && b.written == RECORDS &&
		      count[0] == RECORDS && count[1] == RECORDS && torn == 0,
	      "two writers' PIPE_BUF-sized writes never interleave (%zu A, "
	      "%zu B, %zu bytes torn)", count[0], count[1], torn);
	check(switches > 0, "the writers took turns (%zu switches)", switches);
	close(p[0]);
	close(p[1]);
}

static int sigpipe_calls;

static void on_sigpipe(int sig)
{
	if (sig == SIGPIPE)
		sigpipe_calls++;
}

static void test_epipe(void)
{
	int p[2];

	pipe(p);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	check(FAILS(write(p[1], "x", 1), EPIPE),
	      "no reader, SIGPIPE ignored: write fails with EPIPE");
	signal(SIGPIPE, on_sigpipe);
	check(FAILS(write(p[1], big, 10000), EPIPE) && sigpipe_calls == 1,
	      "with a handler: it runs once, and write fails with EPIPE");
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);

	/* The write end stays open as long as a duplicate does. */
	pipe2(p, O_NONBLOCK);
	int d = dup(p[1]);

	close(p[1]);
	check(FAILS(read(p[0], big, 1), EAGAIN), "a dup keeps the write end open");
	close(d);
	check(read(p[0], big, 1) == 0, "closing the dup: end of file");
	close(p[0]);
}

static void test_poll(void)
{
	struct pollfd pf[2];
	struct job j;
	pthread_t t;
	int p[2], r;

	pipe(p);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	r = poll(pf, 2, 0);
	if (r == -1 && errno == ENOSYS) {
		check(1, "poll # SKIP no poll system call linked");
		close(p[0]);
		close(p[1]);
		return;
	}
	check(r == 1 && pf[0].revents == 0 && pf[1].revents == POLLOUT,
	      "poll: empty pipe writable, not readable");
	j = (struct job){ p[1], 20, DO_WRITE, 4, 0 };
	pthread_create(&t, NULL, run_job, &j);
	r = poll(pf, 1, 10000);
	pthread_join(t, NULL);
	check(r == 1 && pf[0].revents == POLLIN,
	      "poll waits until another thread writes: POLLIN");
	close(p[1]);
	r = poll(pf, 1, 0);
	check(r == 1 && pf[0].revents == (POLLIN | POLLHUP),
	      "writer gone: POLLIN|POLLHUP (%#x)", pf[0].revents);
	close(p[0]);

	pipe(p);
	close(p[0]);
	pf[1].fd = p[1];
	r = poll(&pf[1], 1, 0);
	check(r == 1 && (pf[1].revents & POLLERR),
	      "reader gone: POLLERR on the write end (%#x)", pf[1].revents);
	close(p[1]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_flags();
	test_nonblocking();
	test_blocking();
	test_megabyte();
	test_atomic_writers();
	test_epipe();
	test_poll();
	return tap_done();
}
