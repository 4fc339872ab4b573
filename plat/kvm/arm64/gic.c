/*
 * plat/kvm/arm64/gic.c - the Arm Generic Interrupt Controller, v2 or v3
 * (IHI 0048 and IHI 0069), as the device tree describes it: reported and
 * left quiet. The distributor is disabled so that no device interrupt is
 * forwarded until a driver asks for one (the scheduler's timer, virtio).
 */
#include <uk/init.h>
#include <uk/print.h>
#include "arm64.h"

#define GICD_CTLR  0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR  0x0008
#define GICC_CTLR  0x0000

static int ukplat_arm64_gic_init(void)
{
	const struct ukplat_arm64_devices *d = &ukplat_arm64_dev;
	uint32_t typer;

	if (!d->gic_version) {
		uk_pr_warn("no usable interrupt controller in the device tree");
		return 0;
	}
	mmio_write32(d->gicd + GICD_CTLR, 0);
	if (d->gic_version == 2 && d->gicc)
		mmio_write32(d->gicc + GICC_CTLR, 0);
	typer = mmio_read32(d->gicd + GICD_TYPER);
	uk_pr_info("GICv%u: distributor at %lx, %u interrupt lines, %s at %lx; "
		   "virtual timer on INTID %u", d->gic_version, d->gicd,
		   ((typer & 0x1f) + 1) * 32,
		   d->gic_version == 3 ? "redistributors" : "CPU interface",
		   d->gic_version == 3 ? d->gicr : d->gicc, d->timer_irq);
	return 0;
}
UK_INIT(ukplat_arm64_gic_init, UK_INIT_CLASS_PLAT);
