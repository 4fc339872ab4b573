/*
 * plat/kvm/x86_64/timer.c - the one-shot timer of uk/plat.h on the local
 * APIC timer, and the waits of ukplat_wait_until_ns that sleep on it.
 *
 * Mode: TSC-deadline when CPUID.1:ECX[24] offers it (the deadline is a TSC
 * value, no conversion through a second clock), else one-shot count mode
 * with divide-by-1, its count computed from the APIC timer's frequency
 * (CPUID 0x15 or the hypervisor's 0x40000010 leaf, else measured against
 * the TSC once, on first use).
 *
 * Two deadlines share the hardware: the one the handler's owner armed and
 * the one a ukplat_wait_until_ns caller is halting for; the earlier of the
 * two is programmed. An interrupt that arrives before the clock reaches
 * the user's deadline (rounding, a count clamped to 32 bits) re-arms
 * instead of calling the handler, so the handler never runs early.
 */
#include <stdint.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "cpu.h"

#define MSR_TSC_DEADLINE  0x6e0
#define LVT_MASKED        (1u << 16)
#define LVT_ONESHOT       (0u << 17)
#define LVT_TSC_DEADLINE  (2u << 17)
#define DIVIDE_BY_1       0xb
#define CALIBRATE_NS      2000000ULL

static int ready;           /* 0: not tried, 1: usable, -1: no APIC */
static int tsc_deadline;
static uint64_t apic_hz;    /* one-shot mode: timer ticks per second */
static void (*handler)(void);
/*
 * Each CPU's timer is its own local APIC's: the deadlines are per CPU
 * (struct ukplat_x86_lcpu's timer_user / timer_wait, 0: none), and so is
 * the LVT set-up (timer_lvt), done the first time the CPU uses it.
 */
#define user_deadline (ukplat_x86_lcpu_self()->timer_user)
#define wait_deadline (ukplat_x86_lcpu_self()->timer_wait)

/* The APIC timer's frequency as the CPU or hypervisor states it; 0: unknown. */
static uint64_t stated_hz(void)
{
	struct cpuid_regs r;

	if (cpuid(0, 0).eax >= 0x15) {
		r = cpuid(0x15, 0);
		if (r.ecx) /* the core crystal clock drives the APIC timer */
			return r.ecx;
	}
	if ((cpuid(1, 0).ecx & (1u << 31)) &&
	    cpuid(0x40000000, 0).eax >= 0x40000010) {
		r = cpuid(0x40000010, 0);
		if (r.ebx) /* APIC bus frequency in kHz */
			return (uint64_t)r.ebx * 1000;
	}
	return 0;
}

/* Count down from the maximum, masked, for CALIBRATE_NS of the TSC clock. */
static uint64_t measured_hz(void)
{
	uint64_t t0, t1;
	uint32_t left;

	ukplat_x86_apic_write(UKPLAT_APIC_LVT_TIMER,
			      LVT_MASKED | LVT_ONESHOT | UKPLAT_VECTOR_TIMER);
	ukplat_x86_apic_write(UKPLAT_APIC_TIMER_DIV, DIVIDE_BY_1);
	t0 = ukplat_monotonic_ns();
	ukplat_x86_apic_write(UKPLAT_APIC_TIMER_INIT, 0xffffffffu);
	do
		t1 = ukplat_monotonic_ns();
	while (t1 - t0 < CALIBRATE_NS);
	left = ukplat_x86_apic_read(UKPLAT_APIC_TIMER_CUR);
	ukplat_x86_apic_write(UKPLAT_APIC_TIMER_INIT, 0);
	return (uint64_t)(0xffffffffu - left) * 1000000000ULL / (t1 - t0);
}

/* This CPU's timer interrupt: one-shot or TSC-deadline, unmasked. */
static void lvt_setup(void)
{
	ukplat_x86_apic_write(UKPLAT_APIC_LVT_TIMER,
			      (tsc_deadline ? LVT_TSC_DEADLINE : LVT_ONESHOT) |
				      UKPLAT_VECTOR_TIMER);
	if (tsc_deadline) /* the LVT write must land before the MSR write */
		__asm__ __volatile__("mfence" : : : "memory");
	else
		ukplat_x86_apic_write(UKPLAT_APIC_TIMER_DIV, DIVIDE_BY_1);
	ukplat_x86_lcpu_self()->timer_lvt = 1;
}

static int timer_ready(void)
{
	if (ready) {
		if (ready > 0 && !ukplat_x86_lcpu_self()->timer_lvt)
			lvt_setup();
		return ready > 0;
	}
	ready = -1;
	if (ukplat_x86_apic_init() < 0)
		return 0;
	ukplat_cycles_hz(); /* the clock's own lazy calibration, done now */
	tsc_deadline = !!(cpuid(1, 0).ecx & (1u << 24));
	if (!tsc_deadline) {
		apic_hz = stated_hz();
		if (!apic_hz)
			apic_hz = measured_hz();
		if (apic_hz < 1000000) {
			uk_pr_warn("timer: APIC timer frequency %lu Hz is implausible; "
				   "no timer interrupts", apic_hz);
			return 0;
		}
	}
	lvt_setup();
	uk_pr_info("timer: local APIC timer, %s, %s mode (%lu Hz)",
		   ukplat_x86_apic_is_x2apic() ? "x2APIC" : "xAPIC",
		   tsc_deadline ? "TSC-deadline" : "one-shot",
		   tsc_deadline ? ukplat_cycles_hz() : apic_hz);
	ready = 1;
	return 1;
}

static uint64_t ns_to_ticks_up(uint64_t ns, uint64_t hz)
{
	return ns / 1000000000u * hz +
	       (ns % 1000000000u * hz + 999999999u) / 1000000000u;
}

/* Program the hardware for monotonic time 'ns' (0: stop). */
static void program(uint64_t ns)
{
	uint64_t now, count;

	if (tsc_deadline) {
		uint64_t tsc = 0; /* 0 disarms */

		if (ns) /* rounded up: never before ns */
			tsc = ukplat_boot_entry_cycles() +
			      ns_to_ticks_up(ns, ukplat_cycles_hz());
		wrmsr(MSR_TSC_DEADLINE, tsc);
		return;
	}
	if (!ns) {
		ukplat_x86_apic_write(UKPLAT_APIC_TIMER_INIT, 0);
		return;
	}
	now = ukplat_monotonic_ns();
	count = ns > now ? ns_to_ticks_up(ns - now, apic_hz) : 1;
	if (count == 0)
		count = 1; /* 0 would stop the timer */
	if (count > 0xffffffffu)
		count = 0xffffffffu; /* fires early; the interrupt re-arms */
	ukplat_x86_apic_write(UKPLAT_APIC_TIMER_INIT, (uint32_t)count);
}

/* The earlier of the pending deadlines (0: none) goes to the hardware. */
static void reprogram(void)
{
	uint64_t u = user_deadline, w = wait_deadline, next;

	next = u && (!w || u < w) ? u : w;
	program(next);
}

void ukplat_timer_set_handler(void (*fn)(void))
{
	handler = fn;
}

void ukplat_timer_set_deadline(uint64_t deadline_ns)
{
	unsigned long flags = ukplat_irq_save();

	if (timer_ready()) {
		user_deadline = deadline_ns;
		reprogram();
	} else if (deadline_ns) {
		static int said;

		if (!said++)
			uk_pr_warn("timer: no local APIC timer; deadlines never fire");
	}
	ukplat_irq_restore(flags);
}

void ukplat_x86_timer_interrupt(void)
{
	uint64_t now = ukplat_monotonic_ns();
	uint64_t u = user_deadline;

	if (u && now >= u) {
		user_deadline = 0;
		if (handler)
			handler();
	}
	/* A waiter whose time has come resumes after the iret; forget it. */
	if (wait_deadline && ukplat_monotonic_ns() >= wait_deadline)
		wait_deadline = 0;
	reprogram();
	ukplat_x86_apic_eoi();
}

/*
 * Halt until the monotonic clock reaches deadline_ns; each interrupt ends
 * one halt, and the clock decides whether to halt again. A deadline the
 * handler's owner armed keeps firing during the wait. Without an APIC the
 * CPU spins.
 */
void ukplat_wait_until_ns(uint64_t deadline_ns)
{
	unsigned long flags;

	if (ukplat_monotonic_ns() >= deadline_ns)
		return;
	flags = ukplat_irq_save();
	if (!timer_ready()) {
		ukplat_irq_restore(flags);
		while (ukplat_monotonic_ns() < deadline_ns)
			__asm__ __volatile__("pause");
		return;
	}
	while (ukplat_monotonic_ns() < deadline_ns) {
		wait_deadline = deadline_ns;
		reprogram();
		ukplat_halt_irq();
	}
	wait_deadline = 0;
	reprogram();
	ukplat_irq_restore(flags);
}

/*
 * Halt once: until one interrupt has been taken or the clock reaches
 * deadline_ns (0: no deadline). The scheduler idles with it, so that a
 * device interrupt that made a thread runnable ends the idle at once.
 */
void ukplat_halt_until_ns(uint64_t deadline_ns)
{
	unsigned long flags = ukplat_irq_save();

	if (deadline_ns && ukplat_monotonic_ns() >= deadline_ns)
		goto out;
	if (!timer_ready()) {
		struct ukplat_x86_lcpu *c = ukplat_x86_lcpu_self();
		unsigned long seen = c->irqs_taken;

		if (!deadline_ns) {
			ukplat_halt_irq();
			goto out;
		}
		/* No timer to end a halt: spin, taking interrupts, until one came. */
		__asm__ __volatile__("sti" : : : "memory");
		while (c->irqs_taken == seen &&
		       ukplat_monotonic_ns() < deadline_ns)
			__asm__ __volatile__("pause");
		__asm__ __volatile__("cli" : : : "memory");
		goto out;
	}
	wait_deadline = deadline_ns;
	reprogram();
	ukplat_halt_irq();
	wait_deadline = 0;
	reprogram();
out:
	ukplat_irq_restore(flags);
}
