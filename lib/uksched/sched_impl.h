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
	/* SMP (cpus.c, klock.c): */
	unsigned int klock_depth;    /* the kernel lock's depth while away */
	bool is_idle;                /* a CPU's idle context, never queued */
	bool reaped;                 /* picked for freeing by uk_sched_reap */
};

/*
 * sched.c. The scheduler lock (run queue, sleep list, wait queues,
 * thread states, each CPU's running thread) is a spin lock taken with
 * interrupts off; it is held across a switch and let go by the thread
 * switched to (uk_sched_resume, or a new thread's start).
 */
unsigned long uk_sched_lock(void);
void uk_sched_unlock(unsigned long flags);
/* After a wait returned: unlock, then take back the kernel lock. */
void uk_sched_unlock_resume(struct uk_thread *self, unsigned long flags);
/* Pick the next thread and switch to it; the current one is already
 * queued or parked. Called and returns with the scheduler lock held. */
void uk_sched_switch_away(void);
/* Append t to the run queue (state RUNNABLE), waking an idle CPU. */
void uk_sched_make_runnable(struct uk_thread *t);
/* The running thread on this CPU, without creating "main" (NULL before). */
struct uk_thread *uk_sched_running(void);
struct uk_thread *uk_sched_main_thread(void);
/* Switch from prev (this CPU's running thread) to next. */
void uk_sched_switch_to(struct uk_thread *prev, struct uk_thread *next);
/* uk_waitq_wait with the scheduler lock held (and still held after). */
void uk_sched_wait_locked(struct uk_thread *self, struct uk_waitq *wq);
/* uk_waitq_wake_all with the scheduler lock held. */
int uk_sched_wake_all_locked(struct uk_waitq *wq);
/* Wake sleepers due, then pop the run queue (NULL: empty). */
struct uk_thread *uk_sched_pick(void);
/* The earliest sleeper's deadline (0: none). */
uint64_t uk_sched_next_deadline(void);

/* cpus.c: each CPU's running and idle threads, and waking idle CPUs. */
struct uk_sched_cpu {
	struct uk_thread *running;
	struct uk_thread *idle;      /* NULL: idles in the thread switching away */
	bool joined;                 /* runs threads */
	bool idling;                 /* halted in its idle loop, nothing to run */
};
extern struct uk_sched_cpu uk_sched_cpus[UK_MAX_CPUS];
/* Whether threads run on more than one CPU. */
extern bool uk_sched_smp;
/* Halt this CPU until a thread may be runnable (lock held, irqs off). */
void uk_sched_idle_wait(struct uk_sched_cpu *c, const char *who);
/* Have an idle CPU other than this one look at the run queue. */
void uk_sched_kick_idle(void);
/* The idle context of this CPU: loops picking threads (lock held). */
UK_NORETURN void uk_sched_idle_loop(void);

/* klock.c: give up the CPU's hold (returns the depth), take it back. */
unsigned int uk_klock_drop(void);
void uk_klock_regain(unsigned int depth);
/* preempt.c: the time slice (0: cooperative), and arming its end. */
extern uint64_t uk_sched_slice_ns;
void uk_sched_arm_slice(void);

/* Free the detached threads that have exited and left their CPU
 * (called without the scheduler lock). */
void uk_sched_reap(void);
/*
 * thread.c: an idle context, in no thread list: with 'fn', a thread of
 * its own that starts in fn with the scheduler lock held; without, the
 * context running now, saved by the first switch away from it.
 */
struct uk_thread *uk_thread_bare(const char *name, void (*fn)(void *));

#endif /* UKSCHED_IMPL_H */
