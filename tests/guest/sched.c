/*
 * tests/guest/sched.c - threads and the cooperative scheduler (uk/sched.h):
 * FIFO order of yields, wait queues, sleeps woken in deadline order and
 * never early, join after exit, each thread's own floating-point control
 * state and thread pointer, stacks that really are separate, and many
 * threads created and joined (no leak).
 */
#include <stdint.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include "fpctl.h"
#include "tap.h"

static char order[64];
static int order_len;
static struct uk_waitq wq;
static volatile int woken;

static void note(char c)
{
	if (order_len < (int)sizeof(order) - 1)
		order[order_len++] = c;
}

static void yielder(void *arg)
{
	char c = (char)(uintptr_t)arg;

	for (int i = 0; i < 3; i++) {
		note(c);
		uk_sched_yield();
	}
}

static void waiter(void *arg)
{
	(void)arg;
	note('w');
	uk_waitq_wait(&wq);
	woken++;
	note('W');
}

struct sleeper {
	uint64_t deadline, woke;
	char tag;
};

static void sleeper(void *arg)
{
	struct sleeper *s = arg;

	uk_sched_sleep_until(s->deadline);
	s->woke = ukplat_monotonic_ns();
	note(s->tag);
}

static volatile int state_ok = 1;

static void stateful(void *arg)
{
	uintptr_t i = (uintptr_t)arg;
	volatile uintptr_t on_stack = 0xabc0 + i;

	fpctl_set(FPCTL(i));
	for (int r = 0; r < 50; r++) {
		uk_sched_yield();
		if (fpctl_get() != FPCTL(i) || on_stack != 0xabc0 + i)
			state_ok = 0;
	}
}

static void nothing(void *arg)
{
	(void)arg;
}

int main(void)
{
	struct uk_thread *t[8];
	struct sleeper s[3];
	uint64_t now;
	int rc, ok = 1;
	size_t before;

	tap_ok(uk_thread_id(uk_thread_current()) == 1 &&
		       uk_thread_name(uk_thread_current())[0] == 'm',
	       "the boot context is thread 1, \"main\"");

	/* Three yielding threads interleave in creation order. */
	order_len = 0;
	for (int i = 0; i < 3; i++)
		uk_thread_create(&t[i], "yielder", yielder, (void *)(uintptr_t)('a' + i), 0);
	for (int i = 0; i < 3; i++)
		uk_thread_join(t[i]);
	order[order_len] = 0;
	tap_ok(order_len == 9 && !__builtin_memcmp(order, "abcabcabc", 9),
	       "yields run threads first in, first out (%s)", order);

	/* A wait queue: blocked until woken, not before. */
	order_len = 0;
	uk_thread_create(&t[0], "waiter", waiter, NULL, 0);
	uk_thread_create(&t[1], "waiter", waiter, NULL, 0);
	uk_sched_yield();
	tap_ok(woken == 0 && order_len == 2, "waiters block (%d woken)", woken);
	tap_ok(uk_waitq_wake_one(&wq) == 1, "wake_one wakes one");
	uk_sched_yield();
	tap_ok(woken == 1, "the woken waiter ran, the other still waits");
	tap_ok(uk_waitq_wake_all(&wq) == 1 && uk_waitq_wake_all(&wq) == 0,
	       "wake_all wakes the rest, then nobody");
	uk_thread_join(t[0]);
	uk_thread_join(t[1]);
	tap_ok(woken == 2, "both waiters finished");

	/*
	 * Sleepers wake in deadline order, never before their deadline. The
	 * deadlines are 50 ms apart: on a loaded host TCG may take tens of
	 * milliseconds before the last sleeper even starts.
	 */
	order_len = 0;
	now = ukplat_monotonic_ns();
	s[0] = (struct sleeper){ now + 150000000, 0, '3' };
	s[1] = (struct sleeper){ now + 50000000, 0, '1' };
	s[2] = (struct sleeper){ now + 100000000, 0, '2' };
	for (int i = 0; i < 3; i++)
		uk_thread_create(&t[i], "sleeper", sleeper, &s[i], 0);
	for (int i = 0; i < 3; i++)
		uk_thread_join(t[i]);
	order[order_len] = 0;
	tap_ok(!__builtin_memcmp(order, "123", 3), "sleepers wake in deadline order (%s)", order);
	for (int i = 0; i < 3; i++)
		ok &= s[i].woke >= s[i].deadline;
	tap_ok(ok, "no sleeper woke before its deadline (late by %lu, %lu, %lu us)",
	       (unsigned long)(s[1].woke - s[1].deadline) / 1000,
	       (unsigned long)(s[2].woke - s[2].deadline) / 1000,
	       (unsigned long)(s[0].woke - s[0].deadline) / 1000);
	now = ukplat_monotonic_ns();
	uk_sched_sleep_until(now + 5000000);
	tap_ok(ukplat_monotonic_ns() >= now + 5000000, "main sleeps too");

	/* Each thread keeps its floating-point control state and its stack. */
	for (int i = 0; i < 4; i++)
		uk_thread_create(&t[i], "stateful", stateful, (void *)(uintptr_t)i, 0);
	for (int i = 0; i < 4; i++)
		uk_thread_join(t[i]);
	tap_ok(state_ok, "4 threads x 50 yields keep their FP control and stack values");

	/* Errors. */
	tap_ok(uk_thread_create(&t[0], "bad", NULL, NULL, 0) == -22, "no function: EINVAL");
	tap_ok(uk_thread_join(uk_thread_current()) == -22, "joining oneself: EINVAL");

	/* 200 threads created and joined leave the free memory as it was. */
	uk_thread_create(&t[0], "warm-up", nothing, NULL, 0);
	uk_thread_join(t[0]);
	before = uk_pages_free_count();
	rc = 0;
	for (int i = 0; i < 200 && !rc; i++) {
		rc = uk_thread_create(&t[0], "short", nothing, NULL, 0);
		if (!rc)
			rc = uk_thread_join(t[0]);
	}
	tap_ok(rc == 0 && uk_pages_free_count() == before,
	       "200 threads created and joined, no page leaked (%lu -> %lu free)",
	       (unsigned long)before, (unsigned long)uk_pages_free_count());
	return tap_done();
}
