/*
 * tests/guest/pthread_guard.c - a thread that recurses without bound runs
 * off the bottom of its musl-allocated stack into the guard page musl puts
 * below it; the kernel must turn that into its fault report (naming a stack
 * overflow) and the fault status, rather than let the thread write over
 * whatever lies below. Checked from outside by pthread.sh.
 */
#include <pthread.h>
#include <stdio.h>

static volatile int sink, stop;

/*
 * 1 KiB per frame, well under musl's guard size, so that the recursion
 * cannot step over the guard page; noipa and the use of the result after
 * the call keep it a real, non-tail call. 'stop' is never set: it only
 * shows the compiler a way out of the recursion.
 */
__attribute__((noinline, noipa)) static int recurse(int depth)
{
	volatile char frame[1024];

	frame[0] = (char)depth;
	if (stop)
		return depth;
	sink = recurse(depth + 1) + frame[0];
	return sink;
}

static void *overflow(void *arg)
{
	(void)arg;
	printf("pthread_guard: recursing in a thread\n");
	recurse(0);
	printf("pthread_guard: returned (unexpected)\n");
	return NULL;
}

int main(void)
{
	pthread_t t;
	int rc;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("pthread_guard: start\n");
	rc = pthread_create(&t, NULL, overflow, NULL);
	if (rc) {
		printf("pthread_guard: pthread_create failed (%d)\n", rc);
		return 2;
	}
	pthread_join(t, NULL);
	printf("pthread_guard: the thread ended (unexpected)\n");
	return 3;
}
