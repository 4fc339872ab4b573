/*
 * lib/uklock/mutex.c - sleeping mutexes: an owner and a wait queue. An
 * unlock hands the mutex straight to the first waiter, so a thread that
 * keeps relocking cannot starve the others. The calls run under the
 * kernel lock, so that no unlock on another CPU slips in between a
 * locker's check and its wait.
 */
#include <errno.h>
#include <uk/exit.h>
#include <uk/lock.h>

static void mutex_lock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();

	uk_spin_lock(&m->sl);
	if (m->owner == self) {
		uk_spin_unlock(&m->sl);
		uk_panic("mutex %p locked twice by thread %s", (void *)m,
			 uk_thread_name(self));
	}
	if (!m->owner) {
		m->owner = self;
		uk_spin_unlock(&m->sl);
		return;
	}
	uk_spin_unlock(&m->sl);
	/* The unlocking thread makes us the owner before waking us. */
	while (__atomic_load_n(&m->owner, __ATOMIC_ACQUIRE) != self)
		uk_waitq_wait(&m->waiters);
}

void uk_mutex_lock(struct uk_mutex *m)
{
	uk_klock_enter();
	mutex_lock(m);
	uk_klock_exit();
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	int rc = -EBUSY;

	uk_spin_lock(&m->sl);
	if (!m->owner) {
		m->owner = uk_thread_current();
		rc = 0;
	}
	uk_spin_unlock(&m->sl);
	return rc;
}

void uk_mutex_unlock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();
	struct uk_thread *next;

	uk_klock_enter();
	uk_spin_lock(&m->sl);
	if (m->owner != self) {
		uk_spin_unlock(&m->sl);
		uk_panic("mutex %p unlocked by thread %s, which does not hold it",
			 (void *)m, uk_thread_name(self));
	}
	next = m->waiters.head;
	__atomic_store_n(&m->owner, next, __ATOMIC_RELEASE);
	if (next)
		uk_waitq_wake_one(&m->waiters);
	uk_spin_unlock(&m->sl);
	uk_klock_exit();
}

bool uk_mutex_is_locked(struct uk_mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_ACQUIRE) != NULL;
}
