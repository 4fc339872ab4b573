/*
 * plat/kvm/arm64/gic.h - the small interface through which the IRQ
 * dispatch (irq.c) and the timer (timer.c) drive either GIC version
 * (gic_v2.c, gic_v3.c), chosen by gic.c from the device tree.
 */
#ifndef UKPLAT_ARM64_GIC_H
#define UKPLAT_ARM64_GIC_H

#include <stdbool.h>
#include <stdint.h>

/* INTIDs 1020-1023 are special; 1023 means "nothing pending" (spurious). */
#define GIC_INTID_SPECIAL 1020
#define GIC_INTID_SPI     32    /* SPIs: 32 up to the distributor's lines */
/* The SGI (INTIDs 0-15) that says "calls queued" (uk_lcpu_run). */
#define GIC_SGI_CALLS     1

/* Distributor registers both versions share (IHI 0048 4.3, IHI 0069 12.9). */
#define GICD_ISENABLER    0x0100
#define GICD_ICENABLER    0x0180
#define GICD_IPRIORITYR   0x0400
#define GICD_ICFGR        0x0c00
#define GICD_ICFGR_EDGE   2u     /* per 2-bit field: 1x edge, 0x level */

struct ukplat_arm64_gic_ops {
	const char *name;
	/* Bring up distributor, redistributor/CPU interface; 0 or -errno. */
	int (*init)(const char **why);
	/*
	 * The calling CPU's own part, on a CPU started after init: v2 its
	 * CPU interface and banked SGI/PPI state, v3 its redistributor and
	 * ICC_* registers; everything masked. 0 or -errno.
	 */
	int (*cpu_init)(const char **why);
	/* Unmask one SGI or PPI of the calling CPU at the standard priority. */
	void (*enable_ppi)(uint32_t intid);
	/* What send_sgi needs besides the MPIDR to reach the calling CPU. */
	uint32_t (*cpu_target)(void);
	/*
	 * Send SGI 'intid' to the CPU with affinity 'mpidr' and cpu_target()
	 * 'target'; memory written before is visible to it when it takes it.
	 */
	void (*send_sgi)(uint32_t intid, uint64_t mpidr, uint32_t target);
	/*
	 * Configure one SPI (edge or level, the standard priority, routed to
	 * this CPU, the group the CPU interface acknowledges) and unmask it.
	 */
	void (*enable_spi)(uint32_t intid, bool edge);
	/*
	 * Acknowledge the highest-priority pending interrupt: the raw
	 * value, to be handed back to eoi(); its INTID is (raw & 0xffffff)
	 * on v3, (raw & 0x3ff) on v2 (see intid()).
	 */
	uint32_t (*ack)(void);
	uint32_t (*intid)(uint32_t raw);
	void (*eoi)(uint32_t raw);
};

extern const struct ukplat_arm64_gic_ops ukplat_arm64_gicv2, ukplat_arm64_gicv3;
/* The controller in use once gic.c has initialised it; NULL otherwise. */
extern const struct ukplat_arm64_gic_ops *ukplat_arm64_gic;

/* Priority given to every enabled interrupt, and the mask that lets it in. */
#define GIC_PRIO_DEFAULT 0xa0
#define GIC_PMR_ALLOW    0xf0

/*
 * gic.c: configure and unmask SPI 'intid' as an edge- or level-triggered
 * line: 0, -EINVAL outside the SPIs the distributor has, -ENODEV without
 * a usable GIC.
 */
int ukplat_arm64_gic_enable_spi(uint32_t intid, bool edge);
/* Set the 8-bit field of 'intid' in a byte-per-interrupt register array. */
void ukplat_arm64_gic_set_byte(uint64_t base, uint32_t intid, uint8_t v);

/* irq.c: an IRQ exception (from ukplat_arm64_async). */
void ukplat_arm64_irq(void);
/* timer.c: quiet the timer at boot; the IRQ dispatch calls the handler. */
void ukplat_arm64_timer_init(void);
void ukplat_arm64_timer_irq(void);
/* clock.c: wait with the timer; false when there is no interrupt path. */
int ukplat_arm64_timer_wait_until(uint64_t deadline_ns);

#endif /* UKPLAT_ARM64_GIC_H */
