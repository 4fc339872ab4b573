/*
 * lib/uksched/sched_impl.h - the thread structure and the scheduler's
 * internal calls, shared by thread.c and sched.c.
 */
#ifndef UKSCHED_IMPL_H
#define UKSCHED_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/plat.h>
#include <uk/sched.h>

enum uk_thread_state {
	UK_THREAD_RUNNABLE,  /* running, or in the run queue */
	UK_THREAD_BLOCKED,   /* in a wait queue */
	UK_THREAD_SLEEPING,  /* in the sleep list, until wakeup_ns */
	UK_THREAD_EXITED,    /* waiting for uk_thread_join */
};

struct uk_thread {
	struct ukplat_ctx ctx;
	struct uk_thread *next;      /* run queue or wait queue */
	enum uk_thread_state state;
	uint64_t wakeup_ns;
	int id;
	const char *name;
	void (*fn)(void *);
	void *arg;
	void *stack;                 /* pages: a guard page, then the stack */
	size_t stack_pages;
	void *kstack;                /* ukplat_kstack_alloc handle */
	struct uk_waitq joiners;
	bool joining;
	struct uk_waitq *waiting_on; /* while BLOCKED: the queue it is in */
	bool timed_out;              /* set when a timed wait's deadline came */
	struct uk_thread *sleep_next; /* sleep list (a timed waiter is in both) */
	struct uk_thread *all_next;  /* every thread not yet freed */
	bool detached;               /* freed at exit, not by a join */
	int *clear_tid;              /* zeroed at exit (uk_thread_set_clear_tid) */
	struct uk_thread_sig sig;    /* posix-process's, see uk/sched.h */
	/* Interruptions (uk_thread_interrupt): */
	bool intr_pending;           /* asked for, not yet seen by a wait */
	bool intr_ok;                /* in an interruptible wait now */
	bool interrupted;            /* that wait ended by an interruption */
};

/* Pick the next thread and switch to it; the current one is already queued or parked. */
void uk_sched_switch_away(void);
/* Append t to the run queue (state RUNNABLE). */
void uk_sched_make_runnable(struct uk_thread *t);
/* The running thread, without creating "main". */
extern struct uk_thread *uk_sched_running;
struct uk_thread *uk_sched_main_thread(void);
/* preempt.c: the time slice (0: cooperative), and arming its end. */
extern uint64_t uk_sched_slice_ns;
void uk_sched_arm_slice(void);

/* Free the detached threads that have exited (not the running one). */
void uk_sched_reap(void);

#endif /* UKSCHED_IMPL_H */
