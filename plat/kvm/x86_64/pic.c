/*
 * plat/kvm/x86_64/pic.c - the two 8259A PICs as the interrupt controller
 * of a machine without a local APIC (ioapic.c falls back to them): ISA
 * IRQ n on vector UKPLAT_VECTOR_PIC + n, unmasked line by line, level or
 * edge through the ELCR, ended with a non-specific EOI.
 *
 * cpu.c has already moved them to vectors 0x20-0x2f and masked every
 * line; the master's IRQ 2 is the cascade from the slave and stays
 * unmasked once a slave line is in use. A line the PIC raised but no
 * longer has in service when asked (IRQ 7 or 15) is spurious: no EOI at
 * that PIC (8259A datasheet, "interrupt sequence"; a slave's spurious
 * IRQ 15 still had the master's cascade line in service).
 */
#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"

#define MASTER_CMD  0x20
#define MASTER_DATA 0x21
#define SLAVE_CMD   0xa0
#define SLAVE_DATA  0xa1
#define ELCR_MASTER 0x4d0   /* edge/level control: 1 = level, per IRQ */
#define ELCR_SLAVE  0x4d1
#define OCW2_EOI    0x20    /* non-specific end of interrupt */
#define OCW3_ISR    0x0b    /* the next read of the command port: ISR */
#define CASCADE     2

static uint16_t mask = 0xffff; /* what cpu.c left */

static void write_mask(void)
{
	outb(MASTER_DATA, (uint8_t)mask);
	outb(SLAVE_DATA, (uint8_t)(mask >> 8));
}

void ukplat_x86_pic_enable(unsigned int irq, bool level)
{
	uint16_t port = irq < 8 ? ELCR_MASTER : ELCR_SLAVE;
	uint8_t bit = (uint8_t)(1u << (irq % 8)), elcr = inb(port);

	outb(port, level ? (uint8_t)(elcr | bit) : (uint8_t)(elcr & ~bit));
	mask &= (uint16_t)~(1u << irq);
	if (irq >= 8)
		mask &= (uint16_t)~(1u << CASCADE);
	write_mask();
}

static bool in_service(uint16_t cmd, unsigned int bit)
{
	outb(cmd, OCW3_ISR);
	return inb(cmd) & (1u << bit);
}

bool ukplat_x86_pic_spurious(unsigned int irq)
{
	if (irq == 7 && !in_service(MASTER_CMD, 7))
		return true;
	if (irq == 15 && !in_service(SLAVE_CMD, 7)) {
		outb(MASTER_CMD, OCW2_EOI); /* the cascade was real */
		return true;
	}
	return false;
}

void ukplat_x86_pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(SLAVE_CMD, OCW2_EOI);
	outb(MASTER_CMD, OCW2_EOI);
}
