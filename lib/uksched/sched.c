/*
 * lib/uksched/sched.c - the cooperative scheduler: a FIFO run queue, the
 * sleep list ordered by deadline, wait queues, and the idle wait.
 */
#include <errno.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "sched_impl.h"

struct uk_thread *uk_sched_running;
static struct uk_waitq runq;
static struct uk_thread *sleepers; /* sorted by wakeup_ns */

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

void uk_sched_switch_away(void)
{
	struct uk_thread *prev = uk_sched_running, *next;

	for (;;) {
		wake_sleepers(ukplat_monotonic_ns());
		next = q_pop(&runq);
		if (next)
			break;
		/* Device interrupts may still wake someone; else none can. */
		if (!sleepers && !ukplat_irq_handlers()) {
			uk_pr_crit("all threads are blocked (the running one, %s, "
				   "waits for an event nothing can send)", prev->name);
			uk_exit(UK_EXIT_PANIC);
		}
		/*
		 * Nothing to run: halt, tickless, until the earliest deadline
		 * or an interrupt (a device's may have woken a thread).
		 */
		if (uk_sched_slice_ns)
			ukplat_timer_set_deadline(0);
		ukplat_halt_until_ns(sleepers ? sleepers->wakeup_ns : 0);
	}
	uk_sched_arm_slice();
	if (next == prev)
		return;
	uk_sched_running = next;
	ukplat_ctx_switch(&prev->ctx, &next->ctx);
	uk_sched_reap();
}

/*
 * The public calls run with interrupts off, so that preemption (which
 * only happens from an interrupt) never finds the queues half-changed.
 */
void uk_sched_yield(void)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = ukplat_irq_save();

	uk_sched_make_runnable(self);
	uk_sched_switch_away();
	ukplat_irq_restore(flags);
}

void uk_sched_sleep_until(uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = ukplat_irq_save();

	self->state = UK_THREAD_SLEEPING;
	sleep_insert(self, deadline_ns);
	uk_sched_switch_away();
	ukplat_irq_restore(flags);
}

static void waitq_wait(struct uk_thread *self, struct uk_waitq *wq)
{
	self->state = UK_THREAD_BLOCKED;
	self->waiting_on = wq;
	q_push(wq, self);
	uk_sched_switch_away();
}

void uk_waitq_wait(struct uk_waitq *wq)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = ukplat_irq_save();

	waitq_wait(self, wq);
	ukplat_irq_restore(flags);
}

int uk_waitq_wait_until(struct uk_waitq *wq, uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags;

	if (deadline_ns <= ukplat_monotonic_ns())
		return -ETIMEDOUT;
	flags = ukplat_irq_save();
	self->timed_out = false;
	sleep_insert(self, deadline_ns);
	waitq_wait(self, wq);
	ukplat_irq_restore(flags);
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
	unsigned long flags = ukplat_irq_save();
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
	ukplat_irq_restore(flags);
	return rc;
}

int uk_sched_sleep_until_intr(uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = ukplat_irq_save();
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
	ukplat_irq_restore(flags);
	return rc;
}

void uk_thread_interrupt(struct uk_thread *t)
{
	unsigned long flags = ukplat_irq_save();

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
	ukplat_irq_restore(flags);
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
	unsigned long flags = ukplat_irq_save();
	int n = waitq_wake_one(wq);

	ukplat_irq_restore(flags);
	return n;
}

int uk_waitq_wake_all(struct uk_waitq *wq)
{
	unsigned long flags = ukplat_irq_save();
	int n = 0;

	while (waitq_wake_one(wq))
		n++;
	ukplat_irq_restore(flags);
	return n;
}
