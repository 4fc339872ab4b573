/*
 * lib/uksched/klock.c - the kernel lock (uk/sched.h): one owner CPU and a
 * depth per CPU. Threads carry their depth across a switch (sched.c
 * drops the lock before switching away and the thread takes it back
 * when it runs again), so the owner is always the CPU running the
 * holder.
 *
 * Taking it is a compare-and-swap, not a queue: CPUs that are virtual
 * (vCPUs, more of them than host cores) get descheduled by the host, and
 * a queue would then wait for whichever waiter is next but not running.
 * A waiter that has spun STARVE_SPINS times without getting it marks
 * itself starving, and the next release hands the lock straight to it,
 * so that a CPU making one system call after another cannot keep it
 * from the others for ever.
 *
 * A waiter spins with interrupts off: it cannot be preempted (it must
 * still be there when the lock is handed to it), and an interrupt
 * handler's guard, which enters the lock too, never runs inside a wait.
 * Meanwhile it runs the calls queued on it: the owner may be waiting for
 * one of them (a TLB shootdown) before it lets go.
 */
#include <uk/exit.h>
#include <uk/lcpu.h>
#include <uk/plat.h>
#include "sched_impl.h"

#define NOBODY (-1)
#define STARVE_SPINS 4096

/* The boot CPU holds it from the start: the init steps are kernel code. */
static volatile int owner = 0;
static volatile int starving = NOBODY;
static unsigned int depth[UK_MAX_CPUS] = { 1 };

/* Take the lock at depth d for the calling CPU. */
static void take(unsigned int d)
{
	unsigned long flags = ukplat_irq_save();
	int me = (int)uk_lcpu_idx();
	unsigned long spins = 0;

	for (;;) {
		int expect = NOBODY;

		/* Ours already: recursion, or handed over to us (depth 0). */
		if (__atomic_load_n(&owner, __ATOMIC_ACQUIRE) == me) {
			if (starving == me)
				starving = NOBODY;
			break;
		}
		if (__atomic_compare_exchange_n(&owner, &expect, me, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
		uk_lcpu_run_queued();
		ukplat_cpu_relax();
		if (++spins == STARVE_SPINS) {
			expect = NOBODY;
			__atomic_compare_exchange_n(&starving, &expect, me,
						    false, __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED);
		}
	}
	depth[me] += d;
	ukplat_irq_restore(flags);
}

/* Let go (interrupts off, the caller the owner at depth 0). */
static void give(void)
{
	int next = __atomic_load_n(&starving, __ATOMIC_RELAXED);

	__atomic_store_n(&owner, next, __ATOMIC_RELEASE);
}

void uk_klock_enter(void)
{
	take(1);
}

void uk_klock_exit(void)
{
	unsigned long flags = ukplat_irq_save();
	int me = (int)uk_lcpu_idx();

	if (owner != me || !depth[me])
		uk_panic("kernel lock released by CPU %d, which does not hold it",
			 me);
	if (--depth[me] == 0)
		give();
	ukplat_irq_restore(flags);
}

int uk_klock_held(void)
{
	unsigned long flags = ukplat_irq_save();
	int held = owner == (int)uk_lcpu_idx() && depth[uk_lcpu_idx()];

	ukplat_irq_restore(flags);
	return held;
}

unsigned int uk_klock_drop(void)
{
	int me = (int)uk_lcpu_idx();
	unsigned int d;

	if (owner != me || !depth[me])
		return 0;
	d = depth[me];
	depth[me] = 0;
	give();
	return d;
}

void uk_klock_regain(unsigned int d)
{
	if (d)
		take(d);
}
