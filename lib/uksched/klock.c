/*
 * lib/uksched/klock.c - the kernel lock (uk/sched.h): one owner CPU and a
 * depth per CPU. Threads carry their depth across a switch (sched.c
 * drops the lock before switching away and the thread takes it back
 * when it runs again), so the owner is always the CPU running the
 * holder.
 *
 * The owner and depth change with interrupts off, so an interrupt
 * handler's guard (which enters the lock too) never sees them half-set.
 * A CPU waiting for the lock spins with interrupts as its caller had
 * them, and runs the calls queued on it meanwhile: the owner may be
 * waiting for one of them (a TLB shootdown) before it lets go.
 */
#include <uk/exit.h>
#include <uk/lcpu.h>
#include <uk/plat.h>
#include "sched_impl.h"

#define NOBODY (-1)

/* The boot CPU holds it from the start: the init steps are kernel code. */
static volatile int owner = 0;
static unsigned int depth[UK_MAX_CPUS] = { 1 };

/* Take the lock at depth d for the calling CPU (interrupts as they were). */
static void take(unsigned int d)
{
	for (;;) {
		unsigned long flags = ukplat_irq_save();
		int me = (int)uk_lcpu_idx(), expect = NOBODY;

		if (owner == me) {
			depth[me] += d;
			ukplat_irq_restore(flags);
			return;
		}
		if (__atomic_compare_exchange_n(&owner, &expect, me, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			depth[me] = d;
			ukplat_irq_restore(flags);
			return;
		}
		ukplat_irq_restore(flags);
		while (__atomic_load_n(&owner, __ATOMIC_RELAXED) != NOBODY) {
			uk_lcpu_run_queued();
			ukplat_cpu_relax();
		}
	}
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
		__atomic_store_n(&owner, NOBODY, __ATOMIC_RELEASE);
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
	__atomic_store_n(&owner, NOBODY, __ATOMIC_RELEASE);
	return d;
}

void uk_klock_regain(unsigned int d)
{
	if (d)
		take(d);
}
