/*
 * lib/uksched/sched.c - the cooperative scheduler: a FIFO run queue
 * shared by every CPU, the sleep list ordered by deadline, wait queues,
 * and the switch. The scheduler lock (sched_impl.h) guards them all.
 */
#include <errno.h>
#include <uk/exit.h>
#include <uk/lcpu.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "sched_impl.h"

static struct uk_waitq runq;
static struct uk_thread *sleepers; /* sorted by wakeup_ns */
static volatile int lock_word;

unsigned long uk_sched_lock(void)
{
	unsigned long flags = ukplat_irq_save();

	while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock_word, __ATOMIC_RELAXED))
			ukplat_cpu_relax();
	return flags;
}

void uk_sched_unlock(unsigned long flags)
{
	__atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
	ukplat_irq_restore(flags);
}

void uk_sched_unlock_resume(struct uk_thread *self, unsigned long flags)
{
	unsigned int d = self->klock_depth;

	self->klock_depth = 0;
	uk_sched_unlock(flags);
	uk_klock_regain(d);
	uk_sched_reap();
}

static void q_push(struct uk_waitq *q, struct uk_thread *t)
{
	t->next = NULL;
	if (q->tail)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
}

static struct uk_thread *q_pop(struct uk_waitq *q)
{
	struct uk_thread *t = q->head;

	if (t) {
		q->head = t->next;
		if (!q->head)
			q->tail = NULL;
		t->next = NULL;
	}
	return t;
}

void uk_sched_make_runnable(struct uk_thread *t)
{
	t->state = UK_THREAD_RUNNABLE;
	q_push(&runq, t);
	if (uk_sched_smp)
		uk_sched_kick_idle();
}

static void q_remove(struct uk_waitq *q, struct uk_thread *t)
{
	struct uk_thread **pp = &q->head, *prev = NULL;

	while (*pp && *pp != t) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if (!*pp)
		return;
	*pp = t->next;
	if (q->tail == t)
		q->tail = prev;
	t->next = NULL;
}

static void sleep_insert(struct uk_thread *t, uint64_t deadline_ns)
{
	struct uk_thread **pp = &sleepers;

	t->wakeup_ns = deadline_ns;
	/* After every sleeper with the same deadline: FIFO among equals. */
	while (*pp && (*pp)->wakeup_ns <= deadline_ns)
		pp = &(*pp)->sleep_next;
	t->sleep_next = *pp;
	*pp = t;
}

static void sleep_remove(struct uk_thread *t)
{
	struct uk_thread **pp = &sleepers;

	while (*pp && *pp != t)
		pp = &(*pp)->sleep_next;
	if (*pp)
		*pp = t->sleep_next;
	t->sleep_next = NULL;
}

/*
 * Move the sleepers whose deadline has come to the run queue; a timed
 * waiter leaves its wait queue with timed_out set.
 */
static void wake_sleepers(uint64_t now)
{
	while (sleepers && sleepers->wakeup_ns <= now) {
		struct uk_thread *t = sleepers;

		sleepers = t->sleep_next;
		t->sleep_next = NULL;
		if (t->state == UK_THREAD_BLOCKED) {
			q_remove(t->waiting_on, t);
			t->waiting_on = NULL;
			t->timed_out = true;
		}
		uk_sched_make_runnable(t);
	}
}

struct uk_thread *uk_sched_pick(void)
{
	wake_sleepers(ukplat_monotonic_ns());
	return q_pop(&runq);
}

uint64_t uk_sched_next_deadline(void)
{
	return sleepers ? sleepers->wakeup_ns : 0;
}

void uk_sched_switch_to(struct uk_thread *prev, struct uk_thread *next)
{
	struct uk_sched_cpu *c = &uk_sched_cpus[uk_lcpu_idx()];

	if (next->is_idle) {
		if (uk_sched_slice_ns)
			ukplat_timer_set_deadline(0);
	} else {
		uk_sched_arm_slice();
	}
	if (next == prev)
		return;
	prev->klock_depth = uk_klock_drop();
	c->running = next;
	/* The lock stays held; the thread switched to lets it go. */
	ukplat_ctx_switch(&prev->ctx, &next->ctx);
}

void uk_sched_switch_away(void)
{
	struct uk_sched_cpu *c = &uk_sched_cpus[uk_lcpu_idx()];
	struct uk_thread *prev = c->running, *next;

	for (;;) {
		next = uk_sched_pick();
		if (next)
			break;
		if (c->idle) {
			next = c->idle;
			break;
		}
		/* No idle context (yet): idle in prev's, one CPU only. */
		uk_sched_idle_wait(c, prev->name);
	}
	uk_sched_switch_to(prev, next);
}

/*
 * The public calls run under the scheduler lock, with interrupts off, so
 * that neither another CPU nor preemption (which only happens from an
 * interrupt) finds the queues half-changed.
 */
void uk_sched_yield(void)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_sched_lock();

	q_push(&runq, self); /* no CPU to wake: this one picks next */
	self->state = UK_THREAD_RUNNABLE;
	uk_sched_switch_away();
	uk_sched_unlock_resume(self, flags);
}

void uk_sched_sleep_until(uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_sched_lock();

	self->state = UK_THREAD_SLEEPING;
	sleep_insert(self, deadline_ns);
	uk_sched_switch_away();
	uk_sched_unlock_resume(self, flags);
}

static void waitq_wait(struct uk_thread *self, struct uk_waitq *wq)
{
	self->state = UK_THREAD_BLOCKED;
	self->waiting_on = wq;
	q_push(wq, self);
	uk_sched_switch_away();
}

void uk_sched_wait_locked(struct uk_thread *self, struct uk_waitq *wq)
{
	waitq_wait(self, wq);
}

void uk_waitq_wait(struct uk_waitq *wq)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_sched_lock();

	waitq_wait(self, wq);
	uk_sched_unlock_resume(self, flags);
}

int uk_waitq_wait_until(struct uk_waitq *wq, uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags;

	if (deadline_ns <= ukplat_monotonic_ns())
		return -ETIMEDOUT;
	flags = uk_sched_lock();
	self->timed_out = false;
	sleep_insert(self, deadline_ns);
	waitq_wait(self, wq);
	uk_sched_unlock_resume(self, flags);
	return self->timed_out ? -ETIMEDOUT : 0;
}

/* The end of an interruptible wait: -EINTR when interrupted. */
static int intr_end(struct uk_thread *self)
{
	self->intr_ok = false;
	if (!self->interrupted)
		return 0;
	self->interrupted = false;
	self->intr_pending = false;
	return -EINTR;
}

int uk_waitq_wait_intr(struct uk_waitq *wq, uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_sched_lock();
	int rc;

	if (self->intr_pending) {
		self->intr_pending = false;
		rc = -EINTR;
	} else if (deadline_ns && deadline_ns <= ukplat_monotonic_ns()) {
		rc = -ETIMEDOUT;
	} else {
		self->timed_out = false;
		self->intr_ok = true;
		if (deadline_ns)
			sleep_insert(self, deadline_ns);
		waitq_wait(self, wq);
		rc = intr_end(self);
		if (!rc && self->timed_out)
			rc = -ETIMEDOUT;
	}
	uk_sched_unlock_resume(self, flags);
	return rc;
}

int uk_sched_sleep_until_intr(uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_sched_lock();
	int rc;

	if (self->intr_pending) {
		self->intr_pending = false;
		rc = -EINTR;
	} else {
		self->state = UK_THREAD_SLEEPING;
		self->intr_ok = true;
		sleep_insert(self, deadline_ns);
		uk_sched_switch_away();
		rc = intr_end(self);
	}
	uk_sched_unlock_resume(self, flags);
	return rc;
}

void uk_thread_interrupt(struct uk_thread *t)
{
	unsigned long flags = uk_sched_lock();

	t->intr_pending = true;
	if (t->intr_ok && (t->state == UK_THREAD_BLOCKED ||
			   t->state == UK_THREAD_SLEEPING)) {
		if (t->state == UK_THREAD_BLOCKED) {
			q_remove(t->waiting_on, t);
			t->waiting_on = NULL;
		}
		sleep_remove(t);
		t->intr_ok = false;
		t->interrupted = true;
		uk_sched_make_runnable(t);
	}
	uk_sched_unlock(flags);
}

void uk_thread_interrupt_clear(void)
{
	uk_thread_current()->intr_pending = false;
}

static int waitq_wake_one(struct uk_waitq *wq)
{
	struct uk_thread *t = q_pop(wq);

	if (!t)
		return 0;
	t->waiting_on = NULL;
	sleep_remove(t); /* a timed waiter leaves the sleep list too */
	uk_sched_make_runnable(t);
	return 1;
}

int uk_waitq_wake_one(struct uk_waitq *wq)
{
	unsigned long flags = uk_sched_lock();
	int n = waitq_wake_one(wq);

	uk_sched_unlock(flags);
	return n;
}

/* With the scheduler lock held (thread exit). */
int uk_sched_wake_all_locked(struct uk_waitq *wq)
{
	int n = 0;

	while (waitq_wake_one(wq))
		n++;
	return n;
}

int uk_waitq_wake_all(struct uk_waitq *wq)
{
	unsigned long flags = uk_sched_lock();
	int n = uk_sched_wake_all_locked(wq);

	uk_sched_unlock(flags);
	return n;
}
