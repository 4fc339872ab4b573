/*
 * bench/unix.c - AF_UNIX stream sockets between two threads, for
 * bench/unix.sh.
 *
 * One source, built twice: as a libuk image (make bench/unix-uk, with
 * -DBENCH_UK) and as a static musl program for Linux (musl-gcc -static).
 * Every run uses a fresh socketpair(AF_UNIX, SOCK_STREAM) and a fresh
 * partner thread (both made before the clock starts, closed and joined
 * after it stops); each case has a warm-up run and RUNS timed runs, each
 * timed with clock_gettime(CLOCK_MONOTONIC) (ns) and, on x86_64, with the
 * TSC (cycles), and the median run is printed per operation:
 *
 *   stream-64     throughput: the partner writes BYTES bytes in 64-byte
 *   stream-4k     (4 KiB, 64 KiB) write()s; the main thread reads them
 *   stream-64k    with read()s of the same size until every byte has
 *                 arrived. The clock runs from the one-byte "go" the main
 *                 thread sends the partner to the last byte read; the
 *                 figure is per message (bytes / ns x 1000 = MB/s)
 *   pingpong      latency: the main thread writes one byte, the partner
 *                 reads it and writes one byte back, the main thread reads
 *                 it; the figure is per round trip
 *
 * On Linux the process is first pinned to one CPU (sched_setaffinity), so
 * that both threads share that CPU, as in the (single-CPU) libuk guest.
 *
 * Usage: unix [MIB64 [MIB4K [MIB64K [ROUNDTRIPS [RUNS [TCGDIV]]]]]]: MiB
 * per run with 64 B, 4 KiB and 64 KiB messages (defaults 2, 128, 1024),
 * round trips per run (default 20000), runs (default 5, at most 31).
 * Where CPUID's hypervisor signature is TCG's (QEMU without KVM), the byte
 * counts and round trips are divided by TCGDIV (default 10), so that the
 * guest under emulation finishes in seconds; the "amounts" line says what
 * was used. Output lines are "key value..." for the script to parse; see
 * bench/unix.sh. Portable to arm64 (no cycle figures there: "-").
 * This file owns the socket cases and the pinning; the clocks, the CPUID
 * signature, the medians and the common output lines are
 * bench/bench_util.h's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

#define MAX_MSG (64 * 1024)

static void die(const char *what, int err)
{
	printf("error %s: %s\n", what, strerror(err));
	fflush(stdout);
	exit(1);
}

/* The writer's and the reader's buffers (not on the threads' stacks). */
static unsigned char wbuf[MAX_MSG], rbuf[MAX_MSG];

/* write() all of BUF[0..LEN) (a blocking stream socket may write less). */
static void write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("write", errno);
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* read() one byte; 0 at end of file. */
static int read_byte(int fd, unsigned char *c)
{
	for (;;) {
		ssize_t n = read(fd, c, 1);

		if (n == 1)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			die("read", errno);
	}
}

/* --- the partner thread ------------------------------------------------ */

enum bench_case { B_STREAM, B_PINGPONG };

struct job {
	enum bench_case which;
	int fd;		/* the partner's end */
	size_t msg;	/* B_STREAM: message size */
	uint64_t bytes; /* B_STREAM: bytes to write */
	long count;	/* B_PINGPONG: round trips */
};

/* B_STREAM: wait for the go byte, then write job->bytes in messages of
 * job->msg bytes. B_PINGPONG: echo one byte job->count times. */
static void *partner(void *arg)
{
	struct job *j = arg;
	unsigned char c;

	if (j->which == B_STREAM) {
		uint64_t left = j->bytes;

		if (!read_byte(j->fd, &c))
			die("read go", EPIPE);
		while (left) {
			size_t n = left < j->msg ? (size_t)left : j->msg;

			write_all(j->fd, wbuf, n);
			left -= n;
		}
	} else {
		for (long i = 0; i < j->count; i++) {
			if (!read_byte(j->fd, &c))
				die("read ping", EPIPE);
			write_all(j->fd, &c, 1);
		}
	}
	return NULL;
}

/* --- the main thread's side -------------------------------------------- */

/* Read BYTES bytes in reads of MSG bytes. */
static void stream_loop(int fd, size_t msg, uint64_t bytes)
{
	uint64_t got = 0;

	write_all(fd, (const unsigned char *)"g", 1);
	while (got < bytes) {
		ssize_t n = read(fd, rbuf, msg);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read", errno);
		}
		if (n == 0)
			die("read: early end of file after bytes", EPIPE);
		got += (uint64_t)n;
	}
	if (got != bytes)
		die("read: more bytes than written", EPROTO);
}

static void pingpong_loop(int fd, long count)
{
	unsigned char c = 'p';

	for (long i = 0; i < count; i++) {
		write_all(fd, &c, 1);
		if (!read_byte(fd, &c))
			die("read pong", EPIPE);
	}
}

/* One timed run: a fresh socketpair and partner (outside the timed
 * region), the main thread's loop (timed), then the teardown. */
static void run_case(struct job *j, uint64_t *cyc, uint64_t *ns)
{
	struct bench_span s;
	pthread_t t;
	int sv[2], err;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair", errno);
	j->fd = sv[1];
	err = pthread_create(&t, NULL, partner, j);
	if (err)
		die("pthread_create", err);
	s = bench_start();
	if (j->which == B_STREAM)
		stream_loop(sv[0], j->msg, j->bytes);
	else
		pingpong_loop(sv[0], j->count);
	bench_stop(&s);
	err = pthread_join(t, NULL);
	if (err)
		die("pthread_join", err);
	close(sv[0]);
	close(sv[1]);
	*cyc = s.cyc;
	*ns = s.ns;
}

int main(int argc, char *argv[])
{
	long mib64 = argc > 1 ? atol(argv[1]) : 2;
	long mib4k = argc > 2 ? atol(argv[2]) : 128;
	long mib64k = argc > 3 ? atol(argv[3]) : 1024;
	long roundtrips = argc > 4 ? atol(argv[4]) : 20000;
	int runs = argc > 5 ? atoi(argv[5]) : 5;
	long tcgdiv = argc > 6 ? atol(argv[6]) : 10;
	struct {
		const char *name;
		enum bench_case which;
		size_t msg;
		uint64_t bytes;
		long count;
	} cases[] = {
	    {"stream-64", B_STREAM, 64, 0, 0},
	    {"stream-4k", B_STREAM, 4096, 0, 0},
	    {"stream-64k", B_STREAM, 65536, 0, 0},
	    {"pingpong", B_PINGPONG, 1, 0, 0},
	};
	uint64_t cyc[BENCH_MAX_RUNS], ns[BENCH_MAX_RUNS];
	char sig[13];
	long div = 1;

	if (mib64 < 1 || mib4k < 1 || mib64k < 1 || roundtrips < 1 ||
	    runs < 1 || runs > BENCH_MAX_RUNS || tcgdiv < 1) {
		fprintf(stderr,
			"usage: %s [MIB64 [MIB4K [MIB64K [ROUNDTRIPS [RUNS <= "
			"%d [TCGDIV]]]]]]\n",
			argv[0], BENCH_MAX_RUNS);
		return 2;
	}
	bench_hv_signature(sig);
	if (!strcmp(sig, "TCGTCGTCGTCG"))
		div = tcgdiv;
	/* whole messages, at least one each */
	cases[0].bytes = ((uint64_t)mib64 << 20) / (uint64_t)div / 64 * 64;
	cases[1].bytes = ((uint64_t)mib4k << 20) / (uint64_t)div / 4096 * 4096;
	cases[2].bytes =
	    ((uint64_t)mib64k << 20) / (uint64_t)div / 65536 * 65536;
	cases[3].count = roundtrips / div;
	for (int c = 0; c < 3; c++)
		if (cases[c].bytes < cases[c].msg)
			cases[c].bytes = cases[c].msg;
	if (cases[3].count < 1)
		cases[3].count = 1;
	/* amounts BYTES64 BYTES4K BYTES64K ROUNDTRIPS runs RUNS div DIV */
	printf("amounts %llu %llu %llu %ld runs %d div %ld\n",
	       (unsigned long long)cases[0].bytes,
	       (unsigned long long)cases[1].bytes,
	       (unsigned long long)cases[2].bytes, cases[3].count, runs, div);
	bench_print_platform();
	bench_pin_one_cpu();
	fflush(stdout);
	memset(wbuf, 0x5a, sizeof(wbuf));
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct job j = {cases[c].which, -1, cases[c].msg,
				cases[c].bytes, cases[c].count};
		double ops = cases[c].which == B_STREAM
				 ? (double)(cases[c].bytes / cases[c].msg)
				 : (double)cases[c].count;
		struct job warm = j;

		/* Warm up: first-use paths (buffers, page faults). */
		warm.bytes = (j.bytes / 10 + j.msg) / j.msg * j.msg;
		warm.count = j.count / 10 + 1;
		run_case(&warm, &cyc[0], &ns[0]);
		for (int r = 0; r < runs; r++)
			run_case(&j, &cyc[r], &ns[r]);
		/* per message / round trip: cycles (median), ns median, min,
		 * max */
		bench_report(cases[c].name, cyc, ns, runs, ops);
	}
	bench_print_tsc_measured();
	printf("done\n");
	return 0;
}
