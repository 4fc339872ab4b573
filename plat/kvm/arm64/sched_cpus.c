/*
 * plat/kvm/arm64/sched_cpus.c - what the scheduler may ask of the other
 * CPUs on arm64 (uk/plat.h): nothing yet. They are started (smp.c) and
 * take uk_lcpu_run calls, but do not run threads: their idle loop does
 * not call into the scheduler, and the timer and halt bookkeeping
 * (ukplat_halt_irq, preemption) is the boot CPU's. (Page-table changes
 * already reach them: paging.c's TLBIs are inner-shareable broadcasts.)
 */
#include <errno.h>
#include <uk/plat.h>

int ukplat_lcpu_set_idle_entry(void (*fn)(void))
{
	(void)fn;
	return -ENOTSUP;
}
