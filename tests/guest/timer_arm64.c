/*
 * tests/guest/timer_arm64.c - the interrupt and one-shot timer interface
 * of <uk/plat.h>: IRQ masking (save/restore nesting, ukplat_irq_enabled),
 * deadlines in the past, 1 ms and 10 ms ahead, in sequence, re-armed from
 * inside the handler, and disarmed; each arming must run the handler
 * exactly once, with interrupts off, never before its deadline.
 * Lateness is printed; under TCG only a loose bound (50 ms) is asserted.
 * Uses <uk/plat.h> only, so it is portable; timer_arm64.sh boots it on
 * each arm64 interrupt controller set-up.
 */
#include <stdint.h>
#include <time.h>
#include <uk/plat.h>
#include "tap.h"

#define MS 1000000ULL
/* Loose: TCG on a busy host (make check -j) sometimes takes 20 ms. */
#define LATE_MAX (50 * MS)

static volatile unsigned int fired;
static volatile uint64_t fired_at[16];
static volatile int fired_irqs_on;
static volatile unsigned int rearm_left;
static uint64_t rearm_deadline[16];

static void handler(void)
{
	uint64_t now = ukplat_monotonic_ns();

	if (ukplat_irq_enabled())
		fired_irqs_on = 1;
	if (fired < 16)
		fired_at[fired] = now;
	fired++;
	if (rearm_left) {
		rearm_left--;
		rearm_deadline[fired] = now + 1 * MS;
		ukplat_timer_set_deadline(rearm_deadline[fired]);
	}
}

/* Arm 'deadline', halt until the handler ran; check once, on time. */
static void arm_and_halt(const char *what, uint64_t deadline)
{
	unsigned int before = fired;
	uint64_t armed = ukplat_monotonic_ns(), late;
	int halts = 0;

	ukplat_timer_set_deadline(deadline);
	while (fired == before) {
		ukplat_halt_irq();
		halts++;
	}
	/* A deadline already past is late from the moment it was armed. */
	late = fired_at[before] - (deadline > armed ? deadline : armed);
	uk_printf("# %s: lateness %lu us after %d halt(s)\n", what,
		  (unsigned long)(late / 1000), halts);
	tap_ok(fired == before + 1 && fired_at[before] >= deadline &&
		       late < LATE_MAX && !ukplat_irq_enabled(),
	       "%s: handler ran once, not early, < 50 ms late, IRQs off after halt",
	       what);
}

/* Spin with interrupts on for 'ns': nothing must fire. */
static unsigned int quiet_for(uint64_t ns)
{
	unsigned int before = fired;
	uint64_t end = ukplat_monotonic_ns() + ns;

	ukplat_irq_enable();
	while (ukplat_monotonic_ns() < end)
		;
	ukplat_irq_disable();
	return fired - before;
}

int main(void)
{
	unsigned long f1, f2, f3;
	uint64_t t0, d;
	int ok;

	/* Interrupts are off from boot until something enables them. */
	tap_ok(!ukplat_irq_enabled(), "interrupts are off in main");
	f1 = ukplat_irq_save();
	ukplat_irq_enable();
	ok = ukplat_irq_enabled();
	f2 = ukplat_irq_save();
	ok = ok && !ukplat_irq_enabled();
	f3 = ukplat_irq_save();
	ok = ok && !ukplat_irq_enabled();
	ukplat_irq_restore(f3);
	ok = ok && !ukplat_irq_enabled();
	ukplat_irq_restore(f2);
	ok = ok && ukplat_irq_enabled();
	ukplat_irq_disable();
	ok = ok && !ukplat_irq_enabled();
	ukplat_irq_restore(f1);
	ok = ok && !ukplat_irq_enabled();
	tap_ok(ok, "irq_save/restore nest; enable/disable/enabled agree");

	ukplat_timer_set_handler(handler);
	tap_ok(quiet_for(5 * MS) == 0, "no timer interrupt before any deadline");

	arm_and_halt("deadline in the past", 1);
	arm_and_halt("deadline now", ukplat_monotonic_ns());
	arm_and_halt("+1 ms", ukplat_monotonic_ns() + 1 * MS);
	arm_and_halt("+10 ms", ukplat_monotonic_ns() + 10 * MS);
	for (int i = 0; i < 5; i++)
		arm_and_halt("sequence +2 ms", ukplat_monotonic_ns() + 2 * MS);

	/* Re-armed from inside the handler three times: four runs. */
	fired = 0;
	rearm_left = 3;
	d = ukplat_monotonic_ns() + 1 * MS;
	rearm_deadline[0] = d;
	ukplat_timer_set_deadline(d);
	while (fired < 4)
		ukplat_halt_irq();
	ok = fired == 4;
	for (int i = 0; i < 4; i++) {
		ok = ok && fired_at[i] >= rearm_deadline[i] &&
		     fired_at[i] - rearm_deadline[i] < LATE_MAX;
		uk_printf("# re-armed %d: lateness %lu us\n", i,
			  (unsigned long)((fired_at[i] - rearm_deadline[i]) / 1000));
	}
	tap_ok(ok, "re-armed from the handler: ran 4 times, each on time");
	tap_ok(quiet_for(20 * MS) == 0, "no run after the handler stopped re-arming");
	tap_ok(!fired_irqs_on, "the handler always ran with interrupts off");

	/* Disarm with 0: nothing arrives within 20 ms. */
	ukplat_timer_set_deadline(ukplat_monotonic_ns() + 5 * MS);
	ukplat_timer_set_deadline(0);
	tap_ok(quiet_for(20 * MS) == 0, "deadline 0 disarms: nothing within 20 ms");

	/* Re-arming replaces the deadline: one run, at the later one. */
	fired = 0;
	ukplat_timer_set_deadline(ukplat_monotonic_ns() + 2 * MS);
	d = ukplat_monotonic_ns() + 10 * MS;
	arm_and_halt("re-armed later (replaces the earlier one)", d);
	tap_ok(quiet_for(20 * MS) == 0 && fired == 1, "the replaced deadline never fired");

	/* A timed sleep waits on the timer and is never a timer event. */
	fired = 0;
	t0 = ukplat_monotonic_ns();
	ukplat_wait_until_ns(t0 + 10 * MS);
	d = ukplat_monotonic_ns() - t0;
	uk_printf("# wait_until +10 ms took %lu us\n", (unsigned long)(d / 1000));
	tap_ok(d >= 10 * MS && fired == 0 && !ukplat_irq_enabled(),
	       "ukplat_wait_until_ns waits 10 ms, runs no handler, leaves IRQs off");
	t0 = ukplat_monotonic_ns();
	ukplat_wait_until_ns(1);
	tap_ok(ukplat_monotonic_ns() - t0 < 5 * MS, "wait_until a past deadline returns at once");

	/* nanosleep: the wait happens inside a system call (SP_EL1 on arm64). */
	t0 = ukplat_monotonic_ns();
	nanosleep(&(struct timespec){ .tv_nsec = 15 * MS }, NULL);
	d = ukplat_monotonic_ns() - t0;
	uk_printf("# nanosleep 15 ms took %lu us\n", (unsigned long)(d / 1000));
	tap_ok(d >= 15 * MS && fired == 0, "nanosleep 15 ms sleeps at least 15 ms");

	/* A deadline armed across a sleep still fires once, on time. */
	fired = 0;
	d = ukplat_monotonic_ns() + 5 * MS;
	ukplat_timer_set_deadline(d);
	nanosleep(&(struct timespec){ .tv_nsec = 20 * MS }, NULL);
	tap_ok(fired == 1 && fired_at[0] >= d,
	       "a deadline falling inside a nanosleep fires once, not early");
	return tap_done();
}
