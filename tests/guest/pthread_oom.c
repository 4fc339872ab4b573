/*
 * tests/guest/pthread_oom.c - running out of memory for thread stacks:
 * threads with 8 MiB stacks are created, each blocking on a semaphore so
 * that its stack stays in use, until pthread_create fails. It must fail
 * cleanly with EAGAIN (musl's answer when the stack mmap or clone fails),
 * every thread created so far must still run and join, and once they are
 * joined their memory must be back: creating a thread works again.
 * pthread.sh boots this guest with 64 MiB, so the failure comes after a
 * handful of threads.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include "musl_tap.h"

#define STACK_SIZE (8u << 20)
/* A bound in case memory never runs out (a host without limits). */
#define MAX_THREADS 512

static sem_t go;
static volatile int failure_seen;
static int saw_failure[MAX_THREADS];

static void *holder(void *arg)
{
	int i = (int)(intptr_t)arg;

	while (sem_wait(&go) && errno == EINTR)
		;
	saw_failure[i] = failure_seen;
	return (void *)(intptr_t)(i + 1);
}

static void *return_arg(void *arg)
{
	return arg;
}

int main(void)
{
	static pthread_t t[MAX_THREADS];
	pthread_attr_t attr;
	int n, rc = 0, joined = 0, blocked = 0;
	void *v;

	sem_init(&go, 0, 0);
	pthread_attr_init(&attr);
	check(pthread_attr_setstacksize(&attr, STACK_SIZE) == 0,
	      "8 MiB stack size accepted");
	for (n = 0; n < MAX_THREADS; n++) {
		rc = pthread_create(&t[n], &attr, holder, (void *)(intptr_t)n);
		if (rc)
			break;
	}
	check(rc != 0,
	      "pthread_create failed after %d threads with 8 MiB stacks", n);
	check(rc == EAGAIN, "the failure is EAGAIN (got %d)", rc);
	check(n >= 1, "at least one thread was created before it (%d)", n);

	/* Only now let the threads go. */
	failure_seen = 1;
	for (int i = 0; i < n; i++)
		sem_post(&go);
	for (int i = 0; i < n; i++) {
		v = NULL;
		if (pthread_join(t[i], &v) == 0 &&
		    v == (void *)(intptr_t)(i + 1))
			joined++;
		blocked += saw_failure[i];
	}
	check(joined == n, "all %d threads joined with their values (%d)", n,
	      joined);
	check(blocked == n,
	      "none got past its semaphore before the failure (%d of %d)",
	      blocked, n);

	v = NULL;
	rc = pthread_create(&t[0], &attr, return_arg, (void *)(intptr_t)42);
	if (rc == 0)
		rc = pthread_join(t[0], &v);
	check(rc == 0 && v == (void *)(intptr_t)42,
	      "after the joins, an 8 MiB-stack thread runs again (%d)", rc);
	pthread_attr_destroy(&attr);
	sem_destroy(&go);
	return tap_done();
}
