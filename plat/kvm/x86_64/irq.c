/*
 * plat/kvm/x86_64/irq.c - the CPU's interrupt flag (RFLAGS.IF) as the
 * portable interface of uk/plat.h sees it, and the halt that waits for an
 * interrupt without losing one.
 *
 * The legacy PICs are masked (cpu.c); interrupts come from the local
 * APIC (timer.c, lcpu.c) and the I/O APICs (ioapic.c).
 */
#include <uk/plat.h>
#include "cpu.h"

#define RFLAGS_IF (1UL << 9)

static inline unsigned long read_rflags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

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
	__asm__ __volatile__("sti" : : : "memory");
}

void ukplat_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

int ukplat_irq_enabled(void)
{
	return !!(read_rflags() & RFLAGS_IF);
}

/*
 * STI delays interrupt recognition until after the next instruction, so
 * "sti; hlt" cannot take an interrupt between the two: one that is pending
 * already, or arrives later, ends the HLT after its handler has run.
 */
void ukplat_halt_irq(void)
{
	struct ukplat_x86_lcpu *c = ukplat_x86_lcpu_self();

	c->halting = 1; /* no preemption out of the halt (preempt.c) */
	__asm__ __volatile__("sti; hlt; cli" : : : "memory");
	c->halting = 0;
}
