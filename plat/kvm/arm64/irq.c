/*
 * plat/kvm/arm64/irq.c - the CPU side of interrupts: masking IRQs with
 * PSTATE.I (the DAIF register), halting until one has been taken, and the
 * dispatch of an IRQ exception (vectors.S -> traps.c) through the GIC
 * (gic.h): acknowledge, run the owner (the queued calls of uk_lcpu_run
 * for the SGI GIC_SGI_CALLS, the timer, or every handler
 * registered for a device's SPI with ukplat_irq_register), end of
 * interrupt. A device's SPI is configured and unmasked (gic.c) when its
 * first handler is registered.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "arm64.h"
#include "gic.h"
#include "smp.h"

#define DAIF_I (1UL << 7)

/*
 * The SPIs with handlers: line_of[intid] is 1 + the index in lines[], or
 * 0. Lines only ever get handlers, so the dispatch reads them unlocked
 * (a count is published after its handler).
 */
#define MAX_LINES 64
struct irq_line {
	uint32_t intid;
	unsigned int flags;
	volatile unsigned int count;
	struct {
		ukplat_irq_handler_t fn;
		void *arg;
	} h[UKPLAT_IRQ_MAX_SHARED];
};
static struct irq_line lines[MAX_LINES];
static unsigned int nr_lines;
static uint8_t line_of[GIC_INTID_SPECIAL];
static volatile unsigned int nr_handlers;

/* INTIDs already reported as unexpected (one warning each). */
static uint32_t warned[GIC_INTID_SPECIAL / 32 + 1];

/* The functions behind uk/plat.h's inline versions, for callers by address
 * and code built without them. */
unsigned long (ukplat_irq_save)(void)
{
	return ukplat_irq_save_inline();
}

void (ukplat_irq_restore)(unsigned long flags)
{
	ukplat_irq_restore_inline(flags);
}

void ukplat_irq_enable(void)
{
	/* The isb lets a pending interrupt in right here, not later. */
	__asm__ __volatile__("msr daifclr, #2\n\tisb" : : : "memory");
}

void ukplat_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #2" : : : "memory");
}

int ukplat_irq_enabled(void)
{
	return !(SYSREG_READ(daif) & DAIF_I);
}

/*
 * WFI wakes on a pending IRQ even while PSTATE.I masks it, so the check
 * the caller made with interrupts off cannot race with the halt: an
 * interrupt that became pending after it makes the wfi return at once.
 * Interrupts are then unmasked for two instructions, which takes it.
 * Other wake-ups (WFI may return for any reason) halt again.
 */
static void (*preempt_fn)(void);
/* Per CPU (smp.h): IRQs taken, a preemption asked for, halting. */

void ukplat_preempt_set_handler(void (*fn)(void))
{
	preempt_fn = fn;
}

void ukplat_preempt_request(void)
{
	ukplat_arm64_lcpu_self()->preempt_requested = 1;
}

/* From ukplat_arm64_async, for an IRQ taken on SP_EL0, IRQs masked. */
void ukplat_arm64_preempt_check(void)
{
	struct ukplat_arm64_lcpu *c = ukplat_arm64_lcpu_self();

	if (!c->preempt_requested || !preempt_fn || c->halting)
		return;
	c->preempt_requested = 0;
	preempt_fn();
}

void ukplat_halt_irq(void)
{
	struct ukplat_arm64_lcpu *c = ukplat_arm64_lcpu_self();
	unsigned long seen = c->irqs_taken;

	c->halting = 1;
	do {
		__asm__ __volatile__("dsb sy\n\t"
				     "wfi\n\t"
				     "msr daifclr, #2\n\t"
				     "isb\n\t"
				     "msr daifset, #2"
				     : : : "memory");
	} while (c->irqs_taken == seen);
	c->halting = 0;
}

/* Called with IRQs masked (one CPU: nothing else can run meanwhile). */
static int add_handler(uint32_t intid, unsigned int flags,
		       ukplat_irq_handler_t fn, void *arg)
{
	struct irq_line *l;
	unsigned int n;
	int rc;

	if (intid < GIC_INTID_SPI || intid >= GIC_INTID_SPECIAL)
		return -EINVAL;
	if (line_of[intid]) {
		l = &lines[line_of[intid] - 1];
		if (l->count == UKPLAT_IRQ_MAX_SHARED)
			return -EBUSY;
		if (l->flags != flags) /* one line has one trigger */
			return -EINVAL;
	} else {
		if (nr_lines == MAX_LINES)
			return -EBUSY;
		l = &lines[nr_lines];
		l->intid = intid;
		l->flags = flags;
		l->count = 0;
	}
	n = l->count;
	l->h[n].fn = fn;
	l->h[n].arg = arg;
	__atomic_store_n(&l->count, n + 1, __ATOMIC_RELEASE);
	if (n == 0) {
		rc = ukplat_arm64_gic_enable_spi(intid,
						 !(flags & UKPLAT_IRQ_LEVEL));
		if (rc < 0) {
			l->count = 0;
			return rc;
		}
		line_of[intid] = (uint8_t)(++nr_lines);
	}
	nr_handlers++;
	return 0;
}

/*
 * The GIC takes level-high and rising-edge signals only (IHI 0069 1.2.2):
 * an active-low line is refused.
 */
int ukplat_irq_register(unsigned int irq, unsigned int flags,
			ukplat_irq_handler_t handler, void *arg)
{
	unsigned long saved;
	int rc;

	if (!handler || (flags & ~(unsigned int)UKPLAT_IRQ_LEVEL))
		return -EINVAL;
	if (!ukplat_arm64_gic)
		return -ENODEV;
	saved = ukplat_irq_save();
	rc = add_handler(irq, flags, handler, arg);
	ukplat_irq_restore(saved);
	return rc;
}

unsigned int ukplat_irq_handlers(void)
{
	return nr_handlers;
}

static void (*guard_enter)(void), (*guard_leave)(void);

void ukplat_irq_set_guard(void (*enter)(void), void (*leave)(void))
{
	guard_enter = enter;
	guard_leave = leave;
}

/* Every handler of the device line 'intid'; false when it has none. */
static bool dispatch(uint32_t intid)
{
	const struct irq_line *l;
	void (*leave)(void) = guard_leave;
	unsigned int n;

	if (intid < GIC_INTID_SPI || !line_of[intid])
		return false;
	l = &lines[line_of[intid] - 1];
	n = __atomic_load_n(&l->count, __ATOMIC_ACQUIRE);
	if (guard_enter && leave)
		guard_enter();
	for (unsigned int k = 0; k < n; k++)
		l->h[k].fn(l->h[k].arg);
	if (guard_enter && leave)
		leave();
	return true;
}

/* From ukplat_arm64_async (traps.c), IRQs masked, on SP_EL1. */
void ukplat_arm64_irq(void)
{
	const struct ukplat_arm64_gic_ops *gic = ukplat_arm64_gic;
	uint32_t raw, intid;

	/* What this CPU's ukplat_halt_irq waits for. */
	ukplat_arm64_lcpu_self()->irqs_taken++;
	if (!gic) {
		uk_pr_warn("IRQ without an interrupt controller set up: ignored");
		return;
	}
	raw = gic->ack();
	intid = gic->intid(raw);
	/* 1023: nothing pending any more (taken by then); no EOI for it. */
	if (intid >= GIC_INTID_SPECIAL)
		return;
	if (intid == GIC_SGI_CALLS) {
		/*
		 * First the EOI: an SGI sent while we drain then comes again,
		 * and a call that halts this CPU leaves nothing active.
		 */
		gic->eoi(raw);
		ukplat_arm64_lcpu_ipi();
		return;
	}
	if (intid == ukplat_arm64_dev.timer_irq) {
		ukplat_arm64_timer_irq();
	} else if (!dispatch(intid) &&
		   !(warned[intid / 32] & (1U << (intid % 32)))) {
		warned[intid / 32] |= 1U << (intid % 32);
		uk_pr_warn("unexpected IRQ on INTID %u ignored", intid);
	}
	gic->eoi(raw);
}
