/*
 * tests/guest/lock.c - kernel locking primitives (uk/lock.h) between
 * threads: mutual exclusion with the lock held across yields, hand-off in
 * arrival order, trylock; semaphores as a producer/consumer channel, timed
 * downs that expire (not early) or succeed; timed wait queues; spin lock
 * trylock.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/lock.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include "tap.h"

static struct uk_mutex m;
static int inside, overlap, acquired[4], n_acquired;

static void contender(void *arg)
{
	int id = (int)(uintptr_t)arg;

	for (int r = 0; r < 5; r++) {
		uk_mutex_lock(&m);
		if (inside++)
			overlap = 1;
		if (n_acquired < 4)
			acquired[n_acquired] = id;
		n_acquired++;
		uk_sched_yield(); /* others run, and must not get in */
		uk_sched_yield();
		inside--;
		uk_mutex_unlock(&m);
	}
}

static struct uk_semaphore items, slots;
static int ring[4], head, tail, consumed_sum, consumed_ok = 1;

static void producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= 100; i++) {
		uk_semaphore_down(&slots);
		ring[head++ % 4] = i;
		uk_semaphore_up(&items);
	}
}

static void consumer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= 100; i++) {
		uk_semaphore_down(&items);
		if (ring[tail++ % 4] != i)
			consumed_ok = 0;
		consumed_sum += i;
		uk_semaphore_up(&slots);
	}
}

static struct uk_semaphore late;

static void late_up(void *arg)
{
	uk_sched_sleep_until(*(uint64_t *)arg);
	uk_semaphore_up(&late);
}

int main(void)
{
	struct uk_thread *t[4];
	struct uk_spinlock sl = UK_SPINLOCK_INIT;
	uint64_t t0, when;
	int rc;

	for (int i = 0; i < 4; i++)
		uk_thread_create(&t[i], "contender", contender, (void *)(uintptr_t)i, 0);
	uk_sched_yield();
	tap_ok(uk_mutex_is_locked(&m) && uk_mutex_trylock(&m) == -EBUSY,
	       "a held mutex: trylock gives EBUSY");
	for (int i = 0; i < 4; i++)
		uk_thread_join(t[i]);
	tap_ok(!overlap && n_acquired == 20, "20 critical sections, never two at once");
	tap_ok(acquired[0] == 0 && acquired[1] == 1 && acquired[2] == 2 && acquired[3] == 3,
	       "the mutex goes to waiters in arrival order (%d %d %d %d)",
	       acquired[0], acquired[1], acquired[2], acquired[3]);
	tap_ok(!uk_mutex_is_locked(&m) && uk_mutex_trylock(&m) == 0,
	       "a free mutex: trylock takes it");
	uk_mutex_unlock(&m);

	uk_semaphore_init(&items, 0);
	uk_semaphore_init(&slots, 4);
	uk_thread_create(&t[0], "consumer", consumer, NULL, 0);
	uk_thread_create(&t[1], "producer", producer, NULL, 0);
	uk_thread_join(t[0]);
	uk_thread_join(t[1]);
	tap_ok(consumed_ok && consumed_sum == 5050,
	       "100 items through a 4-slot ring guarded by two semaphores, in order");
	tap_ok(uk_semaphore_trydown(&items) == -EAGAIN, "trydown on 0: EAGAIN");

	uk_semaphore_init(&late, 0);
	t0 = ukplat_monotonic_ns();
	rc = uk_semaphore_down_until(&late, t0 + 10000000);
	tap_ok(rc == -ETIMEDOUT && ukplat_monotonic_ns() >= t0 + 10000000,
	       "a timed down expires, not before its deadline (%d)", rc);
	when = ukplat_monotonic_ns() + 5000000;
	uk_thread_create(&t[0], "late", late_up, &when, 0);
	rc = uk_semaphore_down_until(&late, ukplat_monotonic_ns() + 1000000000);
	tap_ok(rc == 0 && ukplat_monotonic_ns() >= when,
	       "a timed down succeeds when the unit comes in time (%d)", rc);
	uk_thread_join(t[0]);
	tap_ok(uk_semaphore_down_until(&late, 0) == -ETIMEDOUT,
	       "a deadline in the past: ETIMEDOUT at once");

	tap_ok(uk_spin_trylock(&sl) && !uk_spin_trylock(&sl), "spin trylock: once");
	uk_spin_unlock(&sl);
	uk_spin_lock(&sl);
	tap_ok(sl.locked, "spin lock taken");
	uk_spin_unlock(&sl);
	return tap_done();
}
