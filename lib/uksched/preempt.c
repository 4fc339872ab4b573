/*
 * lib/uksched/preempt.c - timer-driven preemption, off unless the boot
 * option uk.preempt_ms=<slice> (or configure's --with-preempt-ms) gives a
 * time slice in milliseconds.
 *
 * When it is on, every switch arms the one-shot timer for the end of the
 * new thread's slice (sched.c), and the idle wait disarms it, so an idle
 * CPU still gets no tick. The timer interrupt only asks the platform for
 * preemption; the platform then runs uk_sched_preempt in the interrupted
 * thread (uk/plat.h), which yields: the thread goes to the back of the run
 * queue, sleepers whose time has come are woken, and the next thread runs.
 * The platform declines while a system call or the scheduler itself runs
 * (interrupts are off there), so only application code is preempted.
 * Interrupts are enabled before main starts, and every new thread starts
 * with them enabled.
 */
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "sched_impl.h"

#ifndef UK_PREEMPT_MS_DEFAULT
#define UK_PREEMPT_MS_DEFAULT 0
#endif

static uint64_t preempt_ms = UK_PREEMPT_MS_DEFAULT;
UK_PARAM_U64(preempt_ms, "uk.preempt_ms", &preempt_ms);

/* The slice in nanoseconds; 0: cooperative. */
uint64_t uk_sched_slice_ns;

/*
 * The platform may decline a request (the thread was in a system call);
 * the timer is armed again so that the next slice end asks again.
 */
static void slice_expired(void)
{
	ukplat_preempt_request();
	uk_sched_arm_slice();
}

static void preempt_now(void)
{
	uk_sched_yield();
}

static int uk_sched_preempt_init(void)
{
	if (!preempt_ms)
		return 0;
	if (preempt_ms > 10000) {
		uk_pr_crit("uk.preempt_ms=%lu: the time slice must be 1..10000 ms "
			   "(0: cooperative)", (unsigned long)preempt_ms);
		uk_exit(UK_EXIT_CMDLINE);
	}
	uk_sched_slice_ns = preempt_ms * 1000000ULL;
	ukplat_timer_set_handler(slice_expired);
	ukplat_preempt_set_handler(preempt_now);
	uk_pr_info("sched: preemptive, %lu ms time slices", (unsigned long)preempt_ms);
	uk_sched_arm_slice();
	ukplat_irq_enable();
	return 0;
}
UK_INIT(uk_sched_preempt_init, UK_INIT_CLASS_SCHED);

void uk_sched_arm_slice(void)
{
	if (uk_sched_slice_ns)
		ukplat_timer_set_deadline(ukplat_monotonic_ns() + uk_sched_slice_ns);
}
