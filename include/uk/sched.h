/*
 * uk/sched.h - threads and the cooperative scheduler.
 *
 * Every thread has its own stack (with an inaccessible guard page below
 * it), its own thread pointer and FPU/SIMD state, and on arm64 its own
 * exception stack. The boot context, which runs the application's main,
 * is the first thread. Threads run until they yield, block, sleep or
 * exit; the run queue is first in, first out. When no thread can run the
 * CPU waits for the earliest sleeper's deadline; with no sleeper either,
 * every thread waits for another: the boot stops with "all threads are
 * blocked" and UK_EXIT_PANIC rather than hanging.
 *
 * With several CPUs every CPU runs threads: one run queue,
 * shared by all, under the scheduler's own spin lock; a CPU with nothing
 * to run halts and is woken by an inter-processor interrupt when a
 * thread becomes runnable. Application code (the main thread once main
 * has started, and every thread created by clone) runs on all CPUs at
 * once, with interrupts on. Kernel code runs under the kernel lock
 * below: system calls, kernel threads, device interrupt handlers, the
 * boot until main.
 *
 * The uk_thread_*, uk_sched_*, uk_waitq_* calls are safe on any CPU, with
 * or without the kernel lock. Not safe to call from interrupt handlers,
 * except uk_waitq_wake_*.
 */
#ifndef UK_SCHED_H
#define UK_SCHED_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_thread;

/*
 * Per-thread signal state, which posix-process keeps in each thread as
 * Linux keeps it per task: the blocked mask, the signals pending for the
 * thread with their si_code, the alternate signal stack. The scheduler
 * only holds it: a new thread starts with its creator's mask, nothing
 * pending and no alternate stack, as a clone(CLONE_VM) child does.
 */
struct uk_thread_sig {
	uint64_t blocked;
	uint64_t pending;
	int pending_code[65];   /* by signal number (1..64) */
	void *alt_sp;
	size_t alt_size;
	int alt_flags;
	int no_restart;         /* a handler without SA_RESTART ran */
};

/* A queue of threads waiting for something (FIFO). Zero-initialised = empty. */
struct uk_waitq {
	struct uk_thread *head, *tail;
};

/* Default stack size of uk_thread_create when stack_size is 0. */
#define UK_THREAD_STACK_DEFAULT (64 * 1024)

/*
 * Create a thread running fn(arg), runnable at once (it runs when the
 * creator yields or blocks). stack_size 0 means the default; it is rounded
 * up to pages. Returns 0 with *out set, -EINVAL (no fn, or a name or stack
 * size out of range) or -ENOMEM.
 */
int uk_thread_create(struct uk_thread **out, const char *name,
		     void (*fn)(void *), void *arg, size_t stack_size);

/* The running thread (the boot context is thread "main"). */
struct uk_thread *uk_thread_current(void);
const char *uk_thread_name(const struct uk_thread *t);
/* A number unique among living threads; main is 1. */
int uk_thread_id(const struct uk_thread *t);

/*
 * The kernel lock: held by at most one CPU, recursively. Kernel code that
 * is not thread-safe on its own (the VFS, the network stack, drivers)
 * runs under it, as it would on one CPU: system calls take it on entry,
 * device interrupt handlers before they run, kernel threads (those
 * created by uk_thread_create) and the boot context until main hold it
 * while they run. A thread that blocks gives it up and takes it again,
 * at the same depth, before its wait returns. Application code that
 * calls libuk's kernel interfaces directly (other than this header's,
 * uk/lock.h's and uk/lcpu.h's) from a thread of its own MUST hold it.
 * uk_klock_exit panics when the CPU does not hold the lock.
 */
void uk_klock_enter(void);
void uk_klock_exit(void);
/* Whether the calling CPU holds the kernel lock. */
int uk_klock_held(void);

/* Let every other runnable thread run once before this one continues. */
void uk_sched_yield(void);

/* The signal state of thread 't' (see struct uk_thread_sig). */
struct uk_thread_sig *uk_thread_sig(struct uk_thread *t);

/* The living thread with id 'id', or NULL. */
struct uk_thread *uk_thread_find(int id);
/* How many threads have not exited (main included). */
int uk_thread_count(void);

/*
 * End the running thread (returning from fn does the same). The last
 * thread to end, whichever it is, ends the application with status 0;
 * main may end before the others.
 */
UK_NORETURN void uk_thread_exit(void);

/*
 * Wait until 't' has exited, then free it. Returns 0; -EINVAL for the
 * running thread, main, or one already being joined or detached.
 */
int uk_thread_join(struct uk_thread *t);

/*
 * Nobody will join 't': free it once it has exited (at once if it has).
 * Returns 0; -EINVAL for main or one already being joined or detached.
 */
int uk_thread_detach(struct uk_thread *t);

/*
 * The address the thread's id is cleared at when it exits (Linux's
 * clear_child_tid, set by clone and set_tid_address; NULL for none). The
 * scheduler only keeps it: the exit system call does the clearing.
 */
void uk_thread_set_clear_tid(struct uk_thread *t, int *p);
int *uk_thread_clear_tid(const struct uk_thread *t);

/* Sleep until the monotonic clock reaches deadline_ns (past: yield). */
void uk_sched_sleep_until(uint64_t deadline_ns);

/* Block the running thread on 'wq' until uk_waitq_wake_* picks it. */
void uk_waitq_wait(struct uk_waitq *wq);
/*
 * The same, giving up when the monotonic clock reaches deadline_ns:
 * returns 0 when woken, -ETIMEDOUT when the deadline came first.
 */
int uk_waitq_wait_until(struct uk_waitq *wq, uint64_t deadline_ns);
/*
 * Interruptible waits, for system calls a signal may cut short (futex
 * waits, sleeps): the same as uk_waitq_wait_until (deadline_ns 0: none)
 * and uk_sched_sleep_until, returning -EINTR when uk_thread_interrupt
 * ended the wait or had been called since the thread last looked.
 */
int uk_waitq_wait_intr(struct uk_waitq *wq, uint64_t deadline_ns);
int uk_sched_sleep_until_intr(uint64_t deadline_ns);
/*
 * Ask thread t to leave its interruptible wait (now, or at its next one):
 * posix-process calls it for a signal aimed at t. uk_thread_interrupt_clear
 * withdraws the request for the running thread once nothing is pending.
 */
void uk_thread_interrupt(struct uk_thread *t);
void uk_thread_interrupt_clear(void);

/* Make the first waiter (or all) runnable; returns how many woke. */
int uk_waitq_wake_one(struct uk_waitq *wq);
int uk_waitq_wake_all(struct uk_waitq *wq);

#ifdef __cplusplus
}
#endif

#endif /* UK_SCHED_H */
