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

/* Move the sleepers whose deadline has come to the run queue. */
static void wake_sleepers(uint64_t now)
{
	while (sleepers && sleepers->wakeup_ns <= now) {
		struct uk_thread *t = sleepers;

		sleepers = t->next;
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
		if (!sleepers) {
			uk_pr_crit("all threads are blocked (the running one, %s, "
				   "waits for an event nothing can send)", prev->name);
			uk_exit(UK_EXIT_PANIC);
		}
		/* Nothing to run: wait for the earliest deadline. */
		ukplat_wait_until_ns(sleepers->wakeup_ns);
	}
	if (next == prev)
		return;
	uk_sched_running = next;
	ukplat_ctx_switch(&prev->ctx, &next->ctx);
}

void uk_sched_yield(void)
{
	struct uk_thread *self = uk_thread_current();

	uk_sched_make_runnable(self);
	uk_sched_switch_away();
}

void uk_sched_sleep_until(uint64_t deadline_ns)
{
	struct uk_thread *self = uk_thread_current(), **pp = &sleepers;

	self->state = UK_THREAD_SLEEPING;
	self->wakeup_ns = deadline_ns;
	/* After every sleeper with the same deadline: FIFO among equals. */
	while (*pp && (*pp)->wakeup_ns <= deadline_ns)
		pp = &(*pp)->next;
	self->next = *pp;
	*pp = self;
	uk_sched_switch_away();
}

void uk_waitq_wait(struct uk_waitq *wq)
{
	struct uk_thread *self = uk_thread_current();

	self->state = UK_THREAD_BLOCKED;
	q_push(wq, self);
	uk_sched_switch_away();
}

int uk_waitq_wake_one(struct uk_waitq *wq)
{
	struct uk_thread *t = q_pop(wq);

	if (!t)
		return 0;
	uk_sched_make_runnable(t);
	return 1;
}

int uk_waitq_wake_all(struct uk_waitq *wq)
{
	int n = 0;

	while (uk_waitq_wake_one(wq))
		n++;
	return n;
}
