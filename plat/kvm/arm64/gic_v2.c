/*
 * plat/kvm/arm64/gic_v2.c - GICv2 (IHI 0048): the memory-mapped
 * distributor (GICD) and CPU interface (GICC).
 *
 * Interrupt groups are left as reset or firmware set them: without the
 * Security Extensions (QEMU virt without secure=on) everything is Group 0,
 * which the CPU interface signals as IRQ while FIQEn is clear; under a
 * secure firmware we see the Non-secure view, where bit 0 of both CTLRs
 * enables Group 1. Writing 1 to bit 0 is right in both cases.
 */
#include <errno.h>
#include "arm64.h"
#include "gic.h"

#define GICD_CTLR        0x000
#define GICD_ISENABLER   0x100
#define GICD_ICENABLER   0x180
#define GICD_ICPENDR     0x280
#define GICD_IPRIORITYR  0x400

#define GICC_CTLR        0x00
#define GICC_PMR         0x04
#define GICC_BPR         0x08
#define GICC_IAR         0x0c
#define GICC_EOIR        0x10

static int v2_init(const char **why)
{
	uint64_t d = ukplat_arm64_dev.gicd, c = ukplat_arm64_dev.gicc;

	if (!d || !c) {
		*why = "GICv2 without a distributor or CPU interface address";
		return -ENODEV;
	}
	mmio_write32(d + GICD_CTLR, 0);
	mmio_write32(c + GICC_CTLR, 0);
	/* This CPU's SGIs and PPIs (banked): all off, nothing pending. */
	mmio_write32(d + GICD_ICENABLER, 0xffffffff);
	mmio_write32(d + GICD_ICPENDR, 0xffffffff);
	mmio_write32(c + GICC_PMR, GIC_PMR_ALLOW);
	mmio_write32(c + GICC_BPR, 0);
	mmio_write32(d + GICD_CTLR, 1);
	mmio_write32(c + GICC_CTLR, 1);
	return 0;
}

static void v2_enable_ppi(uint32_t intid)
{
	uint64_t d = ukplat_arm64_dev.gicd;
	uint64_t prio = d + GICD_IPRIORITYR + (intid & ~3U);
	unsigned int shift = (intid & 3) * 8;
	uint32_t v = mmio_read32(prio);

	v = (v & ~(0xffU << shift)) | ((uint32_t)GIC_PRIO_DEFAULT << shift);
	mmio_write32(prio, v);
	mmio_write32(d + GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static uint32_t v2_ack(void)
{
	return mmio_read32(ukplat_arm64_dev.gicc + GICC_IAR);
}

/* Bits 12:10 name the CPU that sent an SGI; the INTID is bits 9:0. */
static uint32_t v2_intid(uint32_t raw)
{
	return raw & 0x3ff;
}

static void v2_eoi(uint32_t raw)
{
	mmio_write32(ukplat_arm64_dev.gicc + GICC_EOIR, raw);
}

const struct ukplat_arm64_gic_ops ukplat_arm64_gicv2 = {
	.name = "GICv2",
	.init = v2_init,
	.enable_ppi = v2_enable_ppi,
	.ack = v2_ack,
	.intid = v2_intid,
	.eoi = v2_eoi,
};
