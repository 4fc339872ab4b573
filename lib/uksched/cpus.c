/*
 * lib/uksched/cpus.c - threads on every CPU: each CPU's running thread
 * and idle context, the idle loop, taking the other CPUs over from the
 * platform (ukplat_lcpu_set_idle_entry), and waking an idle CPU when a
 * thread becomes runnable.
 *
 * A CPU with nothing to run switches to its idle context, which has a
 * stack of its own: the thread that blocked may be picked up by another
 * CPU at once, and an exited thread's stack may be freed, so no CPU may
 * idle on a thread's stack. (With one CPU, and before this file's init
 * step, the boot CPU has no idle context and idles in the thread that
 * blocked: nothing else can resume it meanwhile.)
 *
 * An idle CPU halts with interrupts on; uk_sched_make_runnable sends an
 * IPI (an empty uk_lcpu_run call) to one idle CPU, marking it busy first
 * so that the next wake-up picks another. Each CPU's local timer ends
 * its halt at the earliest sleeper's deadline.
 */
#include <errno.h>
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/lcpu.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "sched_impl.h"

struct uk_sched_cpu uk_sched_cpus[UK_MAX_CPUS];
bool uk_sched_smp;

#define JOIN_WAIT_NS 1000000000ULL /* TCG may be slow to get to them */

struct uk_thread *uk_sched_running(void)
{
	unsigned long flags = ukplat_irq_save(); /* no move between the reads */
	struct uk_thread *t = uk_sched_cpus[uk_lcpu_idx()].running;

	ukplat_irq_restore(flags);
	return t;
}

static void wake_call(void *arg)
{
	(void)arg; /* the interrupt itself ends the halt */
}

void uk_sched_kick_idle(void)
{
	unsigned int me = uk_lcpu_idx(), n = uk_lcpu_count();

	for (unsigned int i = 0; i < n; i++) {
		struct uk_sched_cpu *c = &uk_sched_cpus[i];

		if (i == me || !c->idling)
			continue;
		c->idling = false;
		/* -ENODEV: halted for good; -EAGAIN: it has a wake-up coming */
		if (uk_lcpu_run(&i, 1, wake_call, NULL) != -ENODEV)
			return;
	}
}

/* Whether any CPU other than this one is running a thread. */
static bool others_busy(unsigned int me)
{
	for (unsigned int i = 0; i < uk_lcpu_count(); i++)
		if (i != me && uk_sched_cpus[i].joined &&
		    !uk_sched_cpus[i].idling)
			return true;
	return false;
}

void uk_sched_idle_wait(struct uk_sched_cpu *c, const char *who)
{
	unsigned int me = uk_lcpu_idx();
	uint64_t deadline = uk_sched_next_deadline();

	/* Device interrupts, or a thread on another CPU, may still wake one. */
	if (!deadline && !ukplat_irq_handlers() && !others_busy(me)) {
		uk_pr_crit("all threads are blocked (the running one, %s, "
			   "waits for an event nothing can send)", who);
		uk_exit(UK_EXIT_PANIC);
	}
	__atomic_store_n(&c->idling, true, __ATOMIC_SEQ_CST);
	/* Interrupts stay off until the halt: flags saying "off". */
	uk_sched_unlock(ukplat_irq_save());
	ukplat_halt_until_ns(deadline);
	uk_sched_lock();
	c->idling = false;
}

void uk_sched_idle_loop(void)
{
	struct uk_sched_cpu *c = &uk_sched_cpus[uk_lcpu_idx()];
	const char *last = "idle";

	for (;;) {
		struct uk_thread *next = uk_sched_pick();

		if (next) {
			last = next->name;
			uk_sched_switch_to(c->idle, next);
			continue;
		}
		uk_sched_idle_wait(c, last);
	}
}

/* The boot CPU's idle context starts here, switched to with the lock held. */
static void idle_main(void *arg)
{
	(void)arg;
	uk_sched_idle_loop();
}

/* A parked CPU joins, from the platform's idle loop, interrupts off. */
static void ap_join(void)
{
	struct uk_sched_cpu *c = &uk_sched_cpus[uk_lcpu_idx()];

	/* Not before the boot CPU has made the idle records (it calls again). */
	if (!__atomic_load_n(&uk_sched_smp, __ATOMIC_ACQUIRE))
		return;
	if (!c->idle) {
		uk_pr_err("sched: no memory for CPU %u's idle context: "
			  "it runs no threads", uk_lcpu_idx());
		uk_lcpu_halt();
	}
	uk_sched_lock();
	/* The idle context is this very stack, as main is the boot's. */
	c->running = c->idle;
	c->idling = false;
	__atomic_store_n(&c->joined, true, __ATOMIC_RELEASE);
	uk_sched_idle_loop();
}

static unsigned int joined_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < uk_lcpu_count(); i++)
		n += __atomic_load_n(&uk_sched_cpus[i].joined, __ATOMIC_ACQUIRE);
	return n;
}

static int uk_sched_cpus_init(void)
{
	struct uk_sched_cpu *boot = &uk_sched_cpus[0];
	unsigned int online = 0;
	uint64_t until;

	uk_thread_current(); /* the boot context becomes "main" */
	boot->joined = true;
	/* Device interrupt handlers are kernel code: they run under the lock. */
	ukplat_irq_set_guard(uk_klock_enter, uk_klock_exit);
	/* One CPU idles in the thread that blocked, as nothing can resume it. */
	if (uk_lcpu_count() == 1 || ukplat_lcpu_set_idle_entry(ap_join) < 0)
		return 0;
	boot->idle = uk_thread_bare("idle", idle_main);
	if (!boot->idle)
		return -ENOMEM;
	/* Their idle records now, from here: the allocator is kernel code. */
	for (unsigned int i = 1; i < uk_lcpu_count(); i++) {
		if (uk_lcpu_state(i) != UK_LCPU_IDLE)
			continue;
		uk_sched_cpus[i].idle = uk_thread_bare("idle", NULL);
		online++;
	}
	/* Wake the parked CPUs so that they notice; then wait for them. */
	__atomic_store_n(&uk_sched_smp, true, __ATOMIC_RELEASE);
	uk_lcpu_run(NULL, 0, wake_call, NULL);
	until = ukplat_monotonic_ns() + JOIN_WAIT_NS;
	while (joined_count() < online + 1 && ukplat_monotonic_ns() < until)
		ukplat_cpu_relax();
	uk_pr_info("sched: threads on %u CPUs", joined_count());
	/* Application code takes IPIs (TLB shootdowns, calls) on every CPU. */
	ukplat_irq_enable();
	return 0;
}
UK_INIT(uk_sched_cpus_init, UK_INIT_CLASS_SCHED);
