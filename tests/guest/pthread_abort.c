/*
 * tests/guest/pthread_abort.c - abort() in a thread other than main ends
 * the whole program with SIGABRT's status (134), not just that thread: main
 * is blocked in pthread_join and must never get to run on. Checked from
 * outside by pthread.sh.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *aborter(void *arg)
{
	(void)arg;
	printf("pthread_abort: aborting in a thread\n");
	abort();
}

int main(void)
{
	pthread_t t;
	int rc;

	/* abort() does not flush stdio. */
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("pthread_abort: start\n");
	rc = pthread_create(&t, NULL, aborter, NULL);
	if (rc) {
		printf("pthread_abort: pthread_create failed (%d)\n", rc);
		return 2;
	}
	pthread_join(t, NULL);
	printf("pthread_abort: still running after abort (unexpected)\n");
	return 3;
}
