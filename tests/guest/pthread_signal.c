/*
 * tests/guest/pthread_signal.c - signals aimed at other threads
 * (tkill/tgkill through musl): pthread_kill runs the handler in the
 * target thread, which may be blocked in a futex wait (sem_wait) or
 * asleep (nanosleep: EINTR with the time that remained); a signal the
 * target blocks waits until it unblocks it; and musl's synchronised
 * credential changes (setgid, setgroups, setresuid signal every thread
 * and wait for each), which need exactly this, complete in a program with
 * several threads, every thread seeing the new ids.
 *
 * The same program passes natively on Linux (run as root). Only main
 * prints: threads leave what they saw in globals.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

static volatile pid_t handler_tid;
static volatile int handler_calls;

static void on_usr1(int sig)
{
	(void)sig;
	handler_tid = (pid_t)syscall(SYS_gettid);
	handler_calls++;
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A thread blocked in sem_wait (a futex wait). */
static sem_t go;
static volatile pid_t waiter_tid;
static volatile int waiter_done;

static void *sem_waiter(void *arg)
{
	(void)arg;
	waiter_tid = gettid_();
	while (sem_wait(&go) == -1 && errno == EINTR)
		;
	waiter_done = 1;
	return NULL;
}

static void wait_until_set(volatile pid_t *p)
{
	while (!*p)
		sched_yield();
}

static void test_sem_waiter(void)
{
	pthread_t t;

	sem_init(&go, 0, 0);
	pthread_create(&t, NULL, sem_waiter, NULL);
	wait_until_set(&waiter_tid);
	/* let it block */
	for (int i = 0; i < 20; i++)
		sched_yield();
	handler_calls = 0;
	handler_tid = 0;
	check(pthread_kill(t, SIGUSR1) == 0, "pthread_kill to a thread in sem_wait");
	for (int i = 0; i < 1000 && !handler_calls; i++)
		sched_yield();
	check(handler_calls == 1 && handler_tid == waiter_tid && handler_tid != gettid_(),
	      "the handler ran once, in the target thread (tid %d, target %d)",
	      (int)handler_tid, (int)waiter_tid);
	check(!waiter_done, "and the target went back to waiting");
	sem_post(&go);
	pthread_join(t, NULL);
	check(waiter_done, "sem_post then ends its wait");
}

/* A thread asleep: EINTR with what remained. */
static volatile int sleep_rc, sleep_errno;
static volatile double sleep_elapsed, sleep_rem;
static volatile pid_t sleeper_tid;

static void *sleeper(void *arg)
{
	struct timespec req = { 2, 0 }, rem = { 0, 0 };
	double t0;

	(void)arg;
	sleeper_tid = gettid_();
	t0 = now_s();
	sleep_rc = nanosleep(&req, &rem);
	sleep_errno = errno;
	sleep_elapsed = now_s() - t0;
	sleep_rem = (double)rem.tv_sec + rem.tv_nsec / 1e9;
	return NULL;
}

static void test_sleeper(void)
{
	pthread_t t;
	struct timespec ms50 = { 0, 50000000 };

	pthread_create(&t, NULL, sleeper, NULL);
	wait_until_set(&sleeper_tid);
	nanosleep(&ms50, NULL);
	handler_calls = 0;
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	check(sleep_rc == -1 && sleep_errno == EINTR,
	      "a signalled nanosleep fails with EINTR (%d, %d)", sleep_rc, sleep_errno);
	check(sleep_elapsed < 1.9 && sleep_rem > 0.05 && sleep_rem < 2.0,
	      "after %.3f s, with %.3f s remaining", sleep_elapsed, sleep_rem);
	check(handler_calls == 1 && handler_tid == sleeper_tid,
	      "the handler ran in the sleeper");
}

/* A signal the target blocks waits for it to unblock. */
static sem_t step1, step2;
static volatile int calls_before_unblock;
static volatile pid_t blocker_tid;

static void *blocker(void *arg)
{
	sigset_t set;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	blocker_tid = gettid_();
	sem_post(&step1);
	while (sem_wait(&step2) == -1 && errno == EINTR)
		;
	calls_before_unblock = handler_calls;
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return NULL;
}

static void test_blocked(void)
{
	pthread_t t;

	sem_init(&step1, 0, 0);
	sem_init(&step2, 0, 0);
	handler_calls = 0;
	handler_tid = 0;
	pthread_create(&t, NULL, blocker, NULL);
	while (sem_wait(&step1) == -1 && errno == EINTR)
		;
	pthread_kill(t, SIGUSR1);
	sem_post(&step2);
	pthread_join(t, NULL);
	check(calls_before_unblock == 0 && handler_calls == 1 && handler_tid == blocker_tid,
	      "a blocked signal waits, then runs in the target when it unblocks");
}

/* Credentials changed while other threads wait in various ways. */
static sem_t stop;
static volatile uid_t seen_uid[3];
static volatile gid_t seen_gid[3];

static void *idler(void *arg)
{
	int i = (int)(long)arg;

	if (i == 2) {
		struct timespec ms = { 0, 20000000 };

		/* polls in short sleeps (interrupted ones included) */
		while (sem_trywait(&stop) == -1)
			nanosleep(&ms, NULL);
	} else {
		while (sem_wait(&stop) == -1 && errno == EINTR)
			;
	}
	seen_uid[i] = getuid();
	seen_gid[i] = getgid();
	return NULL;
}

static void test_credentials(void)
{
	pthread_t t[3];
	gid_t groups[1] = { 100 };
	uid_t r, e, s;
	int rc;

	sem_init(&stop, 0, 0);
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, idler, (void *)i);
	for (int i = 0; i < 20; i++)
		sched_yield();
	rc = setgroups(1, groups);
	check(rc == 0, "setgroups with three more threads (%d)", rc);
	rc = setgid(100);
	check(rc == 0 && getgid() == 100 && getegid() == 100, "setgid(100)");
	rc = setresuid(1000, 1000, 1000);
	check(rc == 0, "setresuid(1000, 1000, 1000)");
	getresuid(&r, &e, &s);
	check(r == 1000 && e == 1000 && s == 1000, "all three uids are 1000");
	check(FAILS(setuid(0), EPERM), "root cannot come back: EPERM");
	for (int i = 0; i < 3; i++)
		sem_post(&stop);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	check(seen_uid[0] == 1000 && seen_uid[1] == 1000 && seen_uid[2] == 1000 &&
		      seen_gid[0] == 100 && seen_gid[1] == 100 && seen_gid[2] == 100,
	      "every thread sees uid 1000, gid 100");
}

int main(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	test_sem_waiter();
	test_sleeper();
	test_blocked();
	test_credentials(); /* last: it drops root */
	return tap_done();
}
