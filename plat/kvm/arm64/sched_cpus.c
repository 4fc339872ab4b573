/*
 * plat/kvm/arm64/sched_cpus.c - what the scheduler may ask of the other
 * CPUs on arm64 (uk/plat.h, uk/lcpu.h): nothing yet. The boot CPU is the
 * only one libuk drives here, so no CPU can run threads for the
 * scheduler and no call is ever queued for the calling CPU.
 */
#include <errno.h>
#include <uk/lcpu.h>
#include <uk/plat.h>

int ukplat_lcpu_set_idle_entry(void (*fn)(void))
{
	(void)fn;
	return -ENOTSUP;
}

void uk_lcpu_run_queued(void)
{
}
