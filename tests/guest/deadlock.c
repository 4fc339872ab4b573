/*
 * tests/guest/deadlock.c - every thread waits for something nobody will
 * send: the scheduler must say so and stop (UK_EXIT_PANIC), not hang.
 */
#include <uk/console.h>
#include <uk/sched.h>

static struct uk_waitq never;

static void stuck(void *arg)
{
	(void)arg;
	uk_waitq_wait(&never);
}

int main(void)
{
	struct uk_thread *t;

	if (uk_thread_create(&t, "stuck", stuck, NULL, 0))
		return 2;
	uk_thread_join(t);
	uk_printf("deadlock: survived (unexpected)\n");
	return 3;
}
