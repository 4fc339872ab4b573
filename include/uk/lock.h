/*
 * uk/lock.h - kernel locking primitives: spin locks, mutexes and counting
 * semaphores (the latter two sleep in the scheduler, uk/sched.h).
 *
 * Spin locks use acquire/release atomics, so they order memory between
 * CPUs. Mutexes and semaphores keep their state under a spin lock and
 * block through wait queues; on one CPU with the cooperative scheduler
 * nothing can run between their check and their wait. Not for use in
 * interrupt handlers.
 */
#ifndef UK_LOCK_H
#define UK_LOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/sched.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_spinlock {
	volatile int locked;
};
#define UK_SPINLOCK_INIT { 0 }

void uk_spin_lock(struct uk_spinlock *l);
bool uk_spin_trylock(struct uk_spinlock *l);
void uk_spin_unlock(struct uk_spinlock *l);

/* A sleeping lock with an owner; not recursive. Zero-initialised = unlocked. */
struct uk_mutex {
	struct uk_spinlock sl;
	struct uk_thread *owner;
	struct uk_waitq waiters;
};

void uk_mutex_lock(struct uk_mutex *m);
/* 0, or -EBUSY when another thread holds it. */
int uk_mutex_trylock(struct uk_mutex *m);
/* Unlocking a mutex the caller does not hold is a fatal error (uk_panic). */
void uk_mutex_unlock(struct uk_mutex *m);
bool uk_mutex_is_locked(struct uk_mutex *m);

/* A counting semaphore. */
struct uk_semaphore {
	struct uk_spinlock sl;
	long count;
	struct uk_waitq waiters;
};

void uk_semaphore_init(struct uk_semaphore *s, long count);
void uk_semaphore_down(struct uk_semaphore *s);
/* 0, or -ETIMEDOUT when the monotonic clock reached deadline_ns first. */
int uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline_ns);
/* 0, or -EAGAIN when the count is 0. */
int uk_semaphore_trydown(struct uk_semaphore *s);
void uk_semaphore_up(struct uk_semaphore *s);

#ifdef __cplusplus
}
#endif

#endif /* UK_LOCK_H */
