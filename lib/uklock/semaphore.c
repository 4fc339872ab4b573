/*
 * lib/uklock/semaphore.c - counting semaphores. An up with waiters passes
 * its unit straight to the first of them (the count stays 0), so units
 * cannot be taken by a thread that arrives later. Downs and ups run under
 * the kernel lock (no up on another CPU between a check and its wait).
 */
#include <errno.h>
#include <uk/lock.h>
#include <uk/plat.h>

void uk_semaphore_init(struct uk_semaphore *s, long count)
{
	s->sl = (struct uk_spinlock)UK_SPINLOCK_INIT;
	s->count = count;
	s->waiters = (struct uk_waitq){ 0, 0 };
}

static int down(struct uk_semaphore *s, bool timed, uint64_t deadline_ns)
{
	int rc;

	uk_spin_lock(&s->sl);
	if (s->count > 0) {
		s->count--;
		uk_spin_unlock(&s->sl);
		return 0;
	}
	uk_spin_unlock(&s->sl);
	/* Woken means handed a unit by uk_semaphore_up. */
	if (!timed) {
		uk_waitq_wait(&s->waiters);
		return 0;
	}
	rc = uk_waitq_wait_until(&s->waiters, deadline_ns);
	return rc;
}

void uk_semaphore_down(struct uk_semaphore *s)
{
	uk_klock_enter();
	down(s, false, 0);
	uk_klock_exit();
}

int uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline_ns)
{
	int rc;

	uk_klock_enter();
	rc = down(s, true, deadline_ns);
	uk_klock_exit();
	return rc;
}

int uk_semaphore_trydown(struct uk_semaphore *s)
{
	int rc = -EAGAIN;

	uk_spin_lock(&s->sl);
	if (s->count > 0) {
		s->count--;
		rc = 0;
	}
	uk_spin_unlock(&s->sl);
	return rc;
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	uk_klock_enter();
	uk_spin_lock(&s->sl);
	if (!uk_waitq_wake_one(&s->waiters))
		s->count++;
	uk_spin_unlock(&s->sl);
	uk_klock_exit();
}
