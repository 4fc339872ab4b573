/*
 * plat/kvm/arm64/arm64.h - what the arm64 platform files share: system
 * register access, the trap frame, and the devices the device tree named.
 */
#ifndef UKPLAT_ARM64_H
#define UKPLAT_ARM64_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/bootinfo.h>
#include <uk/essentials.h>
#include "cpu_defs.h"
#include "fdt.h"

#define SYSREG_READ(r)                                                       \
	({                                                                   \
		uint64_t v_;                                                 \
		__asm__ __volatile__("mrs %0, " #r : "=r"(v_));             \
		v_;                                                          \
	})
#define SYSREG_WRITE(r, v)                                                   \
	__asm__ __volatile__("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void)
{
	__asm__ __volatile__("isb" : : : "memory");
}

static inline uint32_t mmio_read32(uint64_t addr)
{
	uint32_t v;

	__asm__ __volatile__("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	__asm__ __volatile__("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

/* The trap frame built by vectors.S (offsets in cpu_defs.h). */
struct ukplat_arm64_regs {
	uint64_t x[31];
	uint64_t sp;    /* SP_EL0: the interrupted code's stack */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};
_Static_assert(sizeof(struct ukplat_arm64_regs) == REGS_SIZE, "trap frame");

/* lcpu.c: point TPIDR_EL1 at the boot CPU's record (uk/lcpu.h). */
void ukplat_arm64_lcpu_init(void);
/* smp.c: the CPUs the device tree lists (after the console is up). */
void ukplat_arm64_smp_discover(const struct ukplat_fdt *fdt);

/* PSCI function ids (64-bit calling convention where it matters). */
#define UKPLAT_PSCI_CPU_OFF        0x84000002UL
#define UKPLAT_PSCI_CPU_ON64       0xc4000003UL
#define UKPLAT_PSCI_AFFINITY_INFO64 0xc4000004UL
#define UKPLAT_PSCI_SYSTEM_OFF     0x84000008UL
/* PSCI return codes. */
#define UKPLAT_PSCI_SUCCESS            0
#define UKPLAT_PSCI_NOT_SUPPORTED      (-1)
#define UKPLAT_PSCI_INVALID_PARAMETERS (-2)
#define UKPLAT_PSCI_DENIED             (-3)
#define UKPLAT_PSCI_ALREADY_ON         (-4)
#define UKPLAT_PSCI_ON_PENDING         (-5)
#define UKPLAT_PSCI_INTERNAL_FAILURE   (-6)
#define UKPLAT_PSCI_NOT_PRESENT        (-7)
#define UKPLAT_PSCI_DISABLED           (-8)
#define UKPLAT_PSCI_INVALID_ADDRESS    (-9)
/* AFFINITY_INFO's answers. */
#define UKPLAT_PSCI_AFF_ON             0
#define UKPLAT_PSCI_AFF_OFF            1

/*
 * psci.c: call PSCI through the device tree's conduit; its result, or
 * UKPLAT_PSCI_NOT_SUPPORTED without a usable /psci node.
 */
int64_t ukplat_arm64_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* irq.c: run the preemption handler if an interrupt asked for it. */
void ukplat_arm64_preempt_check(void);


/* Devices from the device tree (physical addresses; 0 when absent). */
struct ukplat_arm64_devices {
	uint64_t uart;          /* PL011 */
	uint64_t rtc;           /* PL031 */
	unsigned int gic_version;       /* 2 or 3; 0 when none was found */
	uint64_t gicd, gicd_len;        /* distributor */
	uint64_t gicc, gicc_len;        /* v2 CPU interface */
	uint64_t gicr, gicr_len;        /* v3 redistributors */
	uint32_t timer_irq;             /* virtual timer PPI (INTID) */
	bool psci_smc;          /* conduit: SMC (else HVC) */
	bool has_psci;
};

extern struct ukplat_arm64_devices ukplat_arm64_dev;

/* The QEMU virt PL011, for messages before the device tree is read. */
#define UKPLAT_ARM64_FALLBACK_UART 0x09000000UL

void ukplat_arm64_clock_set_entry(uint64_t cycles);
void ukplat_pl011_init(uint64_t base);
int ukplat_arm64_devices_probe(const struct ukplat_fdt *fdt, const char **why);
void ukplat_arm64_guard_add(uintptr_t page, const char *what);
bool ukplat_arm64_readable(uint64_t addr, uint64_t len);
UK_NORETURN void ukplat_arm64_exit_hard(int status);
extern bool ukplat_arm64_no_semihosting;

#endif /* UKPLAT_ARM64_H */
