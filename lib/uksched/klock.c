/*
 * lib/uksched/klock.c - the kernel lock (uk/sched.h): a ticket lock (so
 * that CPUs get it in the order they asked: a CPU leaving one system call
 * and entering the next cannot starve another waiting for it), one owner
 * CPU, and a depth per CPU. Threads carry their depth across a switch
 * (sched.c drops the lock before switching away and the thread takes it
 * back when it runs again), so the owner is always the CPU running the
 * holder.
 *
 * A CPU takes a ticket and waits for its turn with interrupts off: an
 * interrupt handler's guard enters the lock too, and with a ticket of its
 * own behind ours it would wait for ever. Meanwhile the waiter runs the
 * calls queued on it: the owner may be waiting for one of them (a TLB
 * shootdown) before it lets go.
 */
#include <uk/exit.h>
#include <uk/lcpu.h>
#include <uk/plat.h>
#include "sched_impl.h"

#define NOBODY (-1)

/* The boot CPU holds it from the start: the init steps are kernel code. */
static volatile int owner = 0;
static unsigned int depth[UK_MAX_CPUS] = { 1 };
static unsigned int next_ticket = 1, serving = 0;

/* Take the lock at depth d for the calling CPU. */
static void take(unsigned int d)
{
	unsigned long flags = ukplat_irq_save();
	int me = (int)uk_lcpu_idx();
	unsigned int ticket;

	if (owner == me) {
		depth[me] += d;
		ukplat_irq_restore(flags);
		return;
	}
	ticket = __atomic_fetch_add(&next_ticket, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&serving, __ATOMIC_ACQUIRE) != ticket) {
		uk_lcpu_run_queued();
		ukplat_cpu_relax();
	}
	owner = me;
	depth[me] = d;
	ukplat_irq_restore(flags);
}

/* Let the next ticket in (interrupts off, the caller the owner). */
static void give(void)
{
	owner = NOBODY;
	__atomic_store_n(&serving, serving + 1, __ATOMIC_RELEASE);
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
	int held = owner == (int)uk_lcpu_idx();

	ukplat_irq_restore(flags);
	return held;
}

unsigned int uk_klock_drop(void)
{
	int me = (int)uk_lcpu_idx();
	unsigned int d;

	if (owner != me)
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
