/*
 * plat/kvm/arm64/timer.c - the one-shot timer of <uk/plat.h> on the EL1
 * virtual timer (CNTV_CVAL_EL0 / CNTV_CTL_EL0), which compares with the
 * same counter as the monotonic clock (CNTVCT_EL0, clock.c).
 *
 * Two users share the one comparator: the deadline armed through
 * ukplat_timer_set_deadline (the scheduler's, later) and a timed wait in
 * progress (ukplat_wait_until_ns). The hardware is set to the earlier of
 * the two; the registered handler runs only once its own deadline is
 * reached, so a wait never shows up as a spurious timer event.
 *
 * The timer's interrupt is level-triggered: it stays asserted while
 * ENABLE is set and the counter is past the compare value, so the
 * interrupt path turns the timer off before it calls the handler (which
 * may re-arm it) and before the EOI.
 */
#include <stdint.h>
#include <uk/plat.h>
#include "arm64.h"
#include "gic.h"
#include "smp.h"

#define CNTV_CTL_ENABLE (1U << 0)
#define CNTV_CTL_IMASK  (1U << 1)

#define NSEC_PER_SEC 1000000000UL

static void (*timer_handler)(void);
/*
 * Each CPU has its own virtual timer, and its own deadlines (smp.h's
 * timer_user: the handler's, 0 = disarmed; timer_wait: a waiter's, 0 =
 * nobody waits).
 */
#define user_deadline (ukplat_arm64_lcpu_self()->timer_user)
#define wait_deadline (ukplat_arm64_lcpu_self()->timer_wait)

/*
 * Counter value at which 'ns' (monotonic) is reached, rounded up so that
 * the interrupt never comes before the deadline; saturates far out.
 */
static uint64_t ns_to_counter(uint64_t ns)
{
	uint64_t hz = ukplat_cycles_hz(), sec = ns / NSEC_PER_SEC, ticks;

	if (sec > UINT64_MAX / hz - 1)
		return UINT64_MAX;
	/* ns % 10^9 < 2^30 and hz < 2^32: the product fits. */
	ticks = sec * hz + ((ns % NSEC_PER_SEC) * hz + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
	if (ticks > UINT64_MAX - ukplat_boot_entry_cycles())
		return UINT64_MAX;
	return ukplat_boot_entry_cycles() + ticks;
}

static void hw_off(void)
{
	SYSREG_WRITE(cntv_ctl_el0, 0);
	isb();
}

/* Program the comparator for the earlier pending deadline. Interrupts off. */
static void program(void)
{
	uint64_t d = user_deadline;

	if (wait_deadline && (!d || wait_deadline < d))
		d = wait_deadline;
	if (!d) {
		hw_off();
		return;
	}
	SYSREG_WRITE(cntv_cval_el0, ns_to_counter(d));
	SYSREG_WRITE(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}

void ukplat_arm64_timer_init(void)
{
	hw_off();
}

void ukplat_timer_set_handler(void (*handler)(void))
{
	unsigned long flags = ukplat_irq_save();

	timer_handler = handler;
	ukplat_irq_restore(flags);
}

void ukplat_timer_set_deadline(uint64_t deadline_ns)
{
	unsigned long flags = ukplat_irq_save();

	user_deadline = deadline_ns;
	program();
	ukplat_irq_restore(flags);
}

/* From the IRQ dispatch (irq.c), interrupts off, before the EOI. */
void ukplat_arm64_timer_irq(void)
{
	uint64_t now = ukplat_monotonic_ns();

	hw_off(); /* level-triggered: quiet it before the EOI */
	/* A reached deadline must not be programmed again: it would fire on. */
	if (wait_deadline && now >= wait_deadline)
		wait_deadline = 0;
	if (user_deadline && now >= user_deadline) {
		user_deadline = 0;
		if (timer_handler)
			timer_handler(); /* may re-arm: user_deadline, program() */
	}
	program();
}

int ukplat_arm64_timer_wait_until(uint64_t deadline_ns)
{
	unsigned long flags;

	if (!ukplat_arm64_gic)
		return 0;
	flags = ukplat_irq_save();
	while (ukplat_monotonic_ns() < deadline_ns) {
		wait_deadline = deadline_ns;
		program();
		ukplat_halt_irq();
	}
	wait_deadline = 0;
	program();
	ukplat_irq_restore(flags);
	return 1;
}

/* ukplat_halt_until_ns (uk/plat.h): one halt, ended by any interrupt. */
void ukplat_halt_until_ns(uint64_t deadline_ns)
{
	unsigned long flags = ukplat_irq_save();

	if (deadline_ns && ukplat_monotonic_ns() >= deadline_ns)
		goto out;
	if (!ukplat_arm64_gic) {
		if (!deadline_ns)
			ukplat_halt_irq();
		while (deadline_ns && ukplat_monotonic_ns() < deadline_ns)
			__asm__ __volatile__("yield");
		goto out;
	}
	wait_deadline = deadline_ns;
	program();
	ukplat_halt_irq();
	wait_deadline = 0;
	program();
out:
	ukplat_irq_restore(flags);
}
