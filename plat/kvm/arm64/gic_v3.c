/*
 * plat/kvm/arm64/gic_v3.c - GICv3 (IHI 0069): the distributor with
 * affinity routing, each CPU's redistributor (found by its affinity,
 * woken through GICR_WAKER; SGIs and PPIs live in its SGI frame, 64 KiB
 * above it) and the system-register CPU interface (ICC_*_EL1), Group 1;
 * SGIs to other CPUs through ICC_SGI1R_EL1.
 *
 * Entered at EL2 (virt,virtualization=on), EL1 can only use ICC_* if
 * ICC_SRE_EL2.Enable and .SRE are set: el2.h sets them before a CPU
 * drops to EL1, and sre_enable() here checks that ICC_SRE_EL1.SRE stuck.
 */
#include <errno.h>
#include "arm64.h"
#include "gic.h"

#define GICD_CTLR          0x0000
#define GICD_CTLR_GRP1     (1U << 1)  /* EnableGrp1 (DS=1) / EnableGrp1NS */
#define GICD_CTLR_ARE      (1U << 4)  /* ARE (DS=1) / ARE_NS */
#define GICD_CTLR_RWP      (1U << 31)

#define GICD_IGROUPR       0x0080
#define GICD_IROUTER       0x6000     /* 64 bits per INTID */

#define GICR_CTLR          0x0000
#define GICR_CTLR_RWP      (1U << 3)
#define GICR_TYPER         0x0008     /* 64 bits */
#define GICR_TYPER_VLPIS   (1U << 1)
#define GICR_TYPER_LAST    (1U << 4)
#define GICR_WAKER         0x0014
#define GICR_WAKER_SLEEP   (1U << 1)  /* ProcessorSleep */
#define GICR_WAKER_ASLEEP  (1U << 2)  /* ChildrenAsleep */
#define GICR_FRAME         0x10000    /* RD_base to SGI_base, and frame size */
#define GICR_IGROUPR0      0x0080     /* in the SGI frame */
#define GICR_ISENABLER0    0x0100
#define GICR_ICENABLER0    0x0180
#define GICR_ICPENDR0      0x0280
#define GICR_ICACTIVER0    0x0380
#define GICR_IPRIORITYR    0x0400

#define ICC_SRE_SRE        1

#define SPIN_LIMIT         10000000UL

static int wait_clear(uint64_t reg, uint32_t bits)
{
	for (unsigned long i = 0; i < SPIN_LIMIT; i++) {
		if (!(mmio_read32(reg) & bits))
			return 0;
	}
	return -ETIMEDOUT;
}

/* Walk the redistributor frames for the one whose affinity is ours. */
static uint64_t find_redistributor(void)
{
	uint64_t mpidr = SYSREG_READ(mpidr_el1);
	uint32_t aff = (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
	uint64_t rd = ukplat_arm64_dev.gicr;
	uint64_t end = rd + ukplat_arm64_dev.gicr_len;

	while (rd + 2 * GICR_FRAME <= end) {
		uint32_t typer_lo = mmio_read32(rd + GICR_TYPER);
		uint32_t typer_hi = mmio_read32(rd + GICR_TYPER + 4);

		if (typer_hi == aff)
			return rd;
		if (typer_lo & GICR_TYPER_LAST)
			break;
		/* GICv4 adds two frames for virtual LPIs. */
		rd += (typer_lo & GICR_TYPER_VLPIS ? 4 : 2) * GICR_FRAME;
	}
	return 0;
}

/* ICC_SRE_EL1.SRE: the system register interface, on this CPU. */
static int sre_enable(const char **why)
{
	SYSREG_WRITE(icc_sre_el1, SYSREG_READ(icc_sre_el1) | ICC_SRE_SRE);
	isb();
	if (!(SYSREG_READ(icc_sre_el1) & ICC_SRE_SRE)) {
		*why = "GICv3 system register interface cannot be enabled (ICC_SRE_EL1.SRE)";
		return -ENODEV;
	}
	return 0;
}

/* The calling CPU's redistributor and CPU interface. */
static int v3_cpu_init(const char **why)
{
	uint64_t rd, sgi;

	if (sre_enable(why) < 0)
		return -ENODEV;
	rd = find_redistributor();
	if (!rd) {
		*why = "GICv3: no redistributor matches this CPU's MPIDR affinity";
		return -ENODEV;
	}
	/* The redistributor stays asleep (no interrupts reach us) until woken. */
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (wait_clear(rd + GICR_WAKER, GICR_WAKER_ASLEEP) < 0) {
		*why = "GICv3: the redistributor did not wake up (GICR_WAKER)";
		return -ETIMEDOUT;
	}
	sgi = rd + GICR_FRAME;
	mmio_write32(sgi + GICR_ICENABLER0, 0xffffffff);
	if (wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP) < 0)
		goto rwp;
	mmio_write32(sgi + GICR_ICPENDR0, 0xffffffff);
	/* A CPU started again may have left one active. */
	mmio_write32(sgi + GICR_ICACTIVER0, 0xffffffff);
	/* Non-secure Group 1, the group ICC_IAR1_EL1 acknowledges. */
	mmio_write32(sgi + GICR_IGROUPR0, 0xffffffff);

	SYSREG_WRITE(icc_pmr_el1, GIC_PMR_ALLOW);
	SYSREG_WRITE(icc_bpr1_el1, 0);
	SYSREG_WRITE(icc_igrpen1_el1, 1);
	isb();
	return 0;
rwp:
	*why = "GICv3: a register write never completed (RWP stuck)";
	return -ETIMEDOUT;
}

static int v3_init(const char **why)
{
	uint64_t d = ukplat_arm64_dev.gicd;

	if (sre_enable(why) < 0)
		return -ENODEV;
	/* Affinity routing first (it may only change while groups are off). */
	mmio_write32(d + GICD_CTLR, 0);
	if (wait_clear(d + GICD_CTLR, GICD_CTLR_RWP) < 0)
		goto rwp;
	mmio_write32(d + GICD_CTLR, GICD_CTLR_ARE);
	if (wait_clear(d + GICD_CTLR, GICD_CTLR_RWP) < 0)
		goto rwp;
	mmio_write32(d + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	if (wait_clear(d + GICD_CTLR, GICD_CTLR_RWP) < 0)
		goto rwp;
	return v3_cpu_init(why);
rwp:
	*why = "GICv3: a register write never completed (RWP stuck)";
	return -ETIMEDOUT;
}

/* cpu_init found the calling CPU's redistributor: it is there. */
static void v3_enable_ppi(uint32_t intid)
{
	uint64_t sgi = find_redistributor() + GICR_FRAME;

	ukplat_arm64_gic_set_byte(sgi + GICR_IPRIORITYR, intid,
				  GIC_PRIO_DEFAULT);
	mmio_write32(sgi + GICR_ISENABLER0, 1U << intid);
}

static uint32_t v3_cpu_target(void)
{
	return 0;
}

/*
 * ICC_SGI1R_EL1 (IHI 0069): Aff3 55:48, RS 47:44
 * (which 16 of Aff0's values TargetList covers), IRM 40 (0: the list),
 * Aff2 39:32, INTID 27:24, Aff1 23:16, TargetList 15:0.
 */
static void v3_send_sgi(uint32_t intid, uint64_t mpidr, uint32_t target)
{
	uint64_t aff0 = mpidr & 0xff, v;

	(void)target;
	v = ((mpidr >> 32) & 0xff) << 48 | (aff0 >> 4) << 44 |
	    ((mpidr >> 16) & 0xff) << 32 | (uint64_t)(intid & 0xf) << 24 |
	    ((mpidr >> 8) & 0xff) << 16 | 1ULL << (aff0 & 0xf);
	/* The queue in memory before the SGI is generated. */
	__asm__ __volatile__("dsb ish" : : : "memory");
	SYSREG_WRITE(icc_sgi1r_el1, v);
	isb();
}

/*
 * The SPI goes to this CPU (GICD_IROUTER: its affinity, IRM 0) in
 * Group 1, the group ICC_IAR1_EL1 acknowledges (an SPI resets to Group 0,
 * which would arrive as FIQ).
 */
static void v3_enable_spi(uint32_t intid, bool edge)
{
	uint64_t d = ukplat_arm64_dev.gicd, mpidr = SYSREG_READ(mpidr_el1);
	uint64_t cfg = d + GICD_ICFGR + (intid / 16) * 4;
	uint64_t route = d + GICD_IROUTER + (uint64_t)intid * 8;
	unsigned int shift = (intid % 16) * 2;
	uint32_t v;

	/* Trigger and group may only change while it is disabled. */
	mmio_write32(d + GICD_ICENABLER + (intid / 32) * 4, 1U << (intid % 32));
	wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
	v = mmio_read32(cfg) & ~(GICD_ICFGR_EDGE << shift);
	mmio_write32(cfg, v | (edge ? GICD_ICFGR_EDGE << shift : 0));
	v = mmio_read32(d + GICD_IGROUPR + (intid / 32) * 4);
	mmio_write32(d + GICD_IGROUPR + (intid / 32) * 4, v | 1U << (intid % 32));
	ukplat_arm64_gic_set_byte(d + GICD_IPRIORITYR, intid, GIC_PRIO_DEFAULT);
	mmio_write32(route, (uint32_t)(mpidr & 0xffffff));
	mmio_write32(route + 4, (uint32_t)((mpidr >> 32) & 0xff));
	mmio_write32(d + GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static uint32_t v3_ack(void)
{
	return (uint32_t)SYSREG_READ(icc_iar1_el1);
}

static uint32_t v3_intid(uint32_t raw)
{
	return raw & 0xffffff;
}

static void v3_eoi(uint32_t raw)
{
	SYSREG_WRITE(icc_eoir1_el1, raw);
	isb();
}

const struct ukplat_arm64_gic_ops ukplat_arm64_gicv3 = {
	.name = "GICv3",
	.init = v3_init,
	.cpu_init = v3_cpu_init,
	.enable_ppi = v3_enable_ppi,
	.cpu_target = v3_cpu_target,
	.send_sgi = v3_send_sgi,
	.enable_spi = v3_enable_spi,
	.ack = v3_ack,
	.intid = v3_intid,
	.eoi = v3_eoi,
};
