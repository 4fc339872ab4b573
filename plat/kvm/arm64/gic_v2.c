/*
 * plat/kvm/arm64/gic_v2.c - GICv2 (IHI 0048): the memory-mapped
 * distributor (GICD) and CPU interface (GICC).
 *
 * Interrupt groups are left as reset or firmware set them: without the
 * Security Extensions (QEMU virt without secure=on) everything is Group 0,
 * which the CPU interface signals as IRQ while FIQEn is clear; under a
 * secure firmware we see the Non-secure view, where bit 0 of both CTLRs
 * enables Group 1. Writing 1 to bit 0 is right in both cases.
 *
 * SGIs (GICD_SGIR) name their targets by CPU interface number, which
 * each CPU learns from its banked GICD_ITARGETSR0.
 */
#include <errno.h>
#include "arm64.h"
#include "gic.h"

#define GICD_CTLR        0x000
#define GICD_ICPENDR     0x280
#define GICD_ICACTIVER   0x380
#define GICD_ITARGETSR   0x800
#define GICD_SGIR        0xf00
#define GICD_SGIR_TARGET_SHIFT 16  /* CPUTargetList; TargetListFilter 0 */

#define GICC_CTLR        0x00
#define GICC_PMR         0x04
#define GICC_BPR         0x08
#define GICC_IAR         0x0c
#define GICC_EOIR        0x10

/* The calling CPU's interface and banked SGI/PPI registers. */
static int v2_cpu_init(const char **why)
{
	uint64_t d = ukplat_arm64_dev.gicd, c = ukplat_arm64_dev.gicc;

	(void)why;
	mmio_write32(c + GICC_CTLR, 0);
	/*
	 * This CPU's SGIs and PPIs (banked): all off, nothing pending or
	 * active (a CPU started again may have left one active).
	 */
	mmio_write32(d + GICD_ICENABLER, 0xffffffff);
	mmio_write32(d + GICD_ICPENDR, 0xffffffff);
	mmio_write32(d + GICD_ICACTIVER, 0xffffffff);
	mmio_write32(c + GICC_PMR, GIC_PMR_ALLOW);
	mmio_write32(c + GICC_BPR, 0);
	mmio_write32(c + GICC_CTLR, 1);
	return 0;
}

static int v2_init(const char **why)
{
	uint64_t d = ukplat_arm64_dev.gicd, c = ukplat_arm64_dev.gicc;

	if (!d || !c) {
		*why = "GICv2 without a distributor or CPU interface address";
		return -ENODEV;
	}
	mmio_write32(d + GICD_CTLR, 0);
	v2_cpu_init(why);
	mmio_write32(d + GICD_CTLR, 1);
	return 0;
}

/*
 * GICD_ITARGETSR0-7 (SGIs, PPIs) read as the calling CPU's own target
 * bit in every byte: the CPU interface number, which need not be Aff0.
 */
static uint32_t v2_cpu_target(void)
{
	return (uint8_t)mmio_read32(ukplat_arm64_dev.gicd + GICD_ITARGETSR);
}

static void v2_send_sgi(uint32_t intid, uint64_t mpidr, uint32_t target)
{
	(void)mpidr;
	/* The queue in normal memory before the write to the device. */
	__asm__ __volatile__("dsb ishst" : : : "memory");
	mmio_write32(ukplat_arm64_dev.gicd + GICD_SGIR,
		     (target & 0xff) << GICD_SGIR_TARGET_SHIFT | (intid & 0xf));
}

static void v2_enable_ppi(uint32_t intid)
{
	uint64_t d = ukplat_arm64_dev.gicd;

	ukplat_arm64_gic_set_byte(d + GICD_IPRIORITYR, intid, GIC_PRIO_DEFAULT);
	mmio_write32(d + GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

/*
 * The SPI goes to this CPU only: GICD_ITARGETSR0-7 (SGIs, PPIs) read as
 * this CPU's own target bit in every byte. Interrupt groups are left as
 * for the PPIs (see the top of the file).
 */
static void v2_enable_spi(uint32_t intid, bool edge)
{
	uint64_t d = ukplat_arm64_dev.gicd;
	uint64_t cfg = d + GICD_ICFGR + (intid / 16) * 4;
	unsigned int shift = (intid % 16) * 2;
	uint32_t v;

	/* The trigger may only change while the interrupt is disabled. */
	mmio_write32(d + GICD_ICENABLER + (intid / 32) * 4, 1U << (intid % 32));
	v = mmio_read32(cfg) & ~(GICD_ICFGR_EDGE << shift);
	mmio_write32(cfg, v | (edge ? GICD_ICFGR_EDGE << shift : 0));
	ukplat_arm64_gic_set_byte(d + GICD_IPRIORITYR, intid, GIC_PRIO_DEFAULT);
	ukplat_arm64_gic_set_byte(d + GICD_ITARGETSR, intid,
				  (uint8_t)mmio_read32(d + GICD_ITARGETSR));
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
	.cpu_init = v2_cpu_init,
	.enable_ppi = v2_enable_ppi,
	.cpu_target = v2_cpu_target,
	.send_sgi = v2_send_sgi,
	.enable_spi = v2_enable_spi,
	.ack = v2_ack,
	.intid = v2_intid,
	.eoi = v2_eoi,
};
