/*
 * plat/kvm/x86_64/acpi_poweroff.c - ACPI soft-off (S5) for machines without
 * isa-debug-exit, and the FADT's RTC century register for rtc.c.
 *
 * The tables are parsed only when needed (at power-off or the first
 * wall-clock read), never on the boot path. plat/common/acpi.c does the
 * parsing; this file performs the register writes it describes.
 */
#include <uk/bootinfo.h>
#include <uk/print.h>
#include "acpi.h"
#include "bootinfo_x86.h"
#include "cpu.h"

static uint32_t reg_read(const struct ukplat_acpi_reg *r)
{
	uintptr_t a = (uintptr_t)r->addr;

	if (r->space == UKPLAT_ACPI_GAS_IO) {
		if (r->width == 1)
			return inb((uint16_t)a);
		return r->width == 2 ? inw((uint16_t)a) : inl((uint16_t)a);
	}
	if (r->width == 1)
		return *(volatile uint8_t *)a;
	return r->width == 2 ? *(volatile uint16_t *)a : *(volatile uint32_t *)a;
}

static void reg_write(const struct ukplat_acpi_reg *r, uint32_t v)
{
	uintptr_t a = (uintptr_t)r->addr;

	if (r->space == UKPLAT_ACPI_GAS_IO) {
		if (r->width == 1)
			outb((uint16_t)a, (uint8_t)v);
		else if (r->width == 2)
			outw((uint16_t)a, (uint16_t)v);
		else
			outl((uint16_t)a, v);
	} else if (r->width == 1) {
		*(volatile uint8_t *)a = (uint8_t)v;
	} else if (r->width == 2) {
		*(volatile uint16_t *)a = (uint16_t)v;
	} else {
		*(volatile uint32_t *)a = v;
	}
}

static int find(struct ukplat_acpi_poweroff *po, const char **why)
{
	const struct uk_bootinfo *bi = uk_bootinfo_get();

	return ukplat_acpi_find_poweroff(bi ? bi->rsdp : 0, &ukplat_x86_phys,
					 po, why);
}

void ukplat_x86_acpi_poweroff(void)
{
	struct ukplat_acpi_poweroff po;
	const char *why;

	if (find(&po, &why) < 0) {
		uk_pr_crit("ACPI power-off unavailable: %s", why);
		return;
	}
	for (unsigned int i = 0; i < po.nr_regs; i++) {
		const struct ukplat_acpi_reg *r = &po.reg[i];

		reg_write(r, (reg_read(r) & ~r->mask) | r->value);
	}
	/* The write takes effect asynchronously on some machines. */
	for (volatile unsigned long spin = 0; spin < 10000000UL; spin++)
		;
}

unsigned int ukplat_x86_acpi_century_reg(void)
{
	struct ukplat_acpi_poweroff po;

	return find(&po, NULL) < 0 ? 0 : po.century_reg;
}
