/*
 * plat/kvm/arm64/clock.c - the monotonic clock: the generic timer's
 * virtual counter (CNTVCT_EL0) at the frequency firmware or the VMM wrote
 * to CNTFRQ_EL0. Time zero is the counter value stamped at the boot entry.
 * Timed waits sleep in wfi until the virtual timer's interrupt.
 */
#include <stdint.h>
#include <uk/plat.h>
#include "arm64.h"
#include "gic.h"

static uint64_t entry_cycles;

void ukplat_arm64_clock_set_entry(uint64_t cycles)
{
	entry_cycles = cycles;
}

uint64_t ukplat_boot_entry_cycles(void)
{
	return entry_cycles;
}

uint64_t ukplat_cycles(void)
{
	isb(); /* no reading ahead of earlier instructions */
	return SYSREG_READ(cntvct_el0);
}

uint64_t ukplat_cycles_hz(void)
{
	return SYSREG_READ(cntfrq_el0) & 0xffffffffUL;
}

uint64_t ukplat_monotonic_ns(void)
{
	uint64_t hz = ukplat_cycles_hz();
	uint64_t d = ukplat_cycles() - entry_cycles;

	if (!hz)
		return 0;
	/* hz < 2^32, so the remainder's product fits in 64 bits. */
	return d / hz * 1000000000UL + d % hz * 1000000000UL / hz;
}

/*
 * Halt on the virtual timer (timer.c) until the deadline; a past one
 * returns at once. Without a working GIC the CPU spins politely instead.
 */
void ukplat_wait_until_ns(uint64_t deadline_ns)
{
	if (ukplat_arm64_timer_wait_until(deadline_ns))
		return;
	while (ukplat_monotonic_ns() < deadline_ns)
		__asm__ __volatile__("yield");
}
