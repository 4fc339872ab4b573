/*
 * plat/kvm/arm64/gic.c - picks the Arm Generic Interrupt Controller driver
 * the device tree asks for (gic_v2.c, IHI 0048; gic_v3.c, IHI 0069),
 * brings it up and unmasks the virtual timer's PPI; a device's SPI is
 * forwarded once a handler is registered for it (irq.c, through
 * ukplat_arm64_gic_enable_spi). The IRQ dispatch (irq.c) reaches the
 * controller through ukplat_arm64_gic.
 */
#include <errno.h>
#include <uk/init.h>
#include <uk/print.h>
#include "arm64.h"
#include "gic.h"

#define GICD_CTLR  0x0000
#define GICD_TYPER 0x0004

const struct ukplat_arm64_gic_ops *ukplat_arm64_gic;
/* One past the highest SPI INTID (GICD_TYPER.ITLinesNumber). */
static uint32_t spi_end;

void ukplat_arm64_gic_set_byte(uint64_t base, uint32_t intid, uint8_t v)
{
	uint64_t reg = base + (intid & ~3U);
	unsigned int shift = (intid & 3) * 8;

	mmio_write32(reg, (mmio_read32(reg) & ~(0xffU << shift)) |
			  (uint32_t)v << shift);
}

int ukplat_arm64_gic_enable_spi(uint32_t intid, bool edge)
{
	if (!ukplat_arm64_gic)
		return -ENODEV;
	if (intid < GIC_INTID_SPI || intid >= spi_end)
		return -EINVAL;
	ukplat_arm64_gic->enable_spi(intid, edge);
	return 0;
}

static int ukplat_arm64_gic_init(void)
{
	const struct ukplat_arm64_devices *d = &ukplat_arm64_dev;
	const struct ukplat_arm64_gic_ops *ops;
	const char *why = "unknown error";
	uint32_t typer;

	ukplat_arm64_timer_init();
	if (!d->gic_version) {
		uk_pr_warn("no usable interrupt controller in the device tree: "
			   "no interrupts, timed waits spin");
		return 0;
	}
	typer = mmio_read32(d->gicd + GICD_TYPER);
	uk_pr_info("GICv%u: distributor at %lx, %u interrupt lines, %s at %lx; "
		   "virtual timer on INTID %u", d->gic_version, d->gicd,
		   ((typer & 0x1f) + 1) * 32,
		   d->gic_version == 3 ? "redistributors" : "CPU interface",
		   d->gic_version == 3 ? d->gicr : d->gicc, d->timer_irq);
	ops = d->gic_version == 3 ? &ukplat_arm64_gicv3 : &ukplat_arm64_gicv2;
	if (ops->init(&why) < 0) {
		/* Leave the distributor off: no interrupt can reach the CPU. */
		mmio_write32(d->gicd + GICD_CTLR, 0);
		uk_pr_err("%s not usable, no interrupts: %s", ops->name, why);
		return 0;
	}
	if (d->timer_irq < 16 || d->timer_irq >= 32) {
		uk_pr_err("no virtual timer PPI in the device tree (got INTID %u): "
			  "no timer interrupts", d->timer_irq);
		return 0;
	}
	ops->enable_ppi(d->timer_irq);
	/* 32 * (ITLinesNumber + 1) INTIDs, the special ones excepted. */
	spi_end = ((typer & 0x1f) + 1) * 32;
	if (spi_end > GIC_INTID_SPECIAL)
		spi_end = GIC_INTID_SPECIAL;
	ukplat_arm64_gic = ops;
	return 0;
}
UK_INIT(ukplat_arm64_gic_init, UK_INIT_CLASS_PLAT);

