/*
 * plat/kvm/arm64/cpu_defs.h - constants shared by the arm64 assembly, C
 * code and the linker script (so: plain #defines only).
 *
 * System register fields are from the Arm ARM (DDI 0487), chapter D17.
 */
#ifndef UKPLAT_ARM64_CPU_DEFS_H
#define UKPLAT_ARM64_CPU_DEFS_H

/*
 * QEMU virt's RAM starts at 1 GiB. The image is linked 2 MiB above it:
 * as a Linux Image, QEMU and Firecracker-style loaders put it at RAM +
 * text_offset; as an ELF, QEMU places its 1 MiB device tree at the RAM
 * base only when that space lies below the image (PLATFORM-NOTES).
 */
/* Integer constants usable from C (unsigned long) and assembly alike. */
#ifdef __ASSEMBLER__
#define UKPLAT_UL(x) x
#else
#define UKPLAT_UL(x) x##UL
#endif

#define UKPLAT_RAM_BASE       0x40000000
#define UKPLAT_TEXT_OFFSET    0x200000
#define UKPLAT_LOAD_ADDR      (UKPLAT_RAM_BASE + UKPLAT_TEXT_OFFSET)

/* Where the first 512 GiB of physical memory are mapped (TTBR0, L0[511]). */
#define UKPLAT_DIRECTMAP_BASE UKPLAT_UL(0x0000ff8000000000)

/*
 * The exception stack (SP_EL1): 2^UKPLAT_EXC_STACK_SHIFT bytes, placed in
 * the upper half of a block aligned to twice its size, so that every valid
 * stack pointer has bit UKPLAT_EXC_STACK_SHIFT set and one that ran off
 * the bottom has it clear: the vectors test that bit before they store
 * anything. The lower half holds a guard page (at its top) and the
 * emergency stack used to report such an overflow.
 */
#define UKPLAT_EXC_STACK_SHIFT 15
#define UKPLAT_EXC_STACK_SIZE  (1 << UKPLAT_EXC_STACK_SHIFT)
#define UKPLAT_BOOT_STACK_SIZE 0x10000

/* Trap frame layout (struct ukplat_arm64_regs). */
#define REGS_X0      0
#define REGS_X30     (30 * 8)
#define REGS_SP      (31 * 8)
#define REGS_ELR     (32 * 8)
#define REGS_SPSR    (33 * 8)
#define REGS_ESR     (34 * 8)
#define REGS_FAR     (35 * 8)
#define REGS_SIZE    (36 * 8)

/* CurrentEL */
#define CURRENTEL_EL2 (2 << 2)

/* HCR_EL2 */
#define HCR_EL2_RW    (UKPLAT_UL(1) << 31)

/* ID_AA64PFR0_EL1.GIC (bits 27:24): a GICv3+ system-register interface */
#define ID_AA64PFR0_GIC_SHIFT 24

/* ICC_SRE_EL2: SRE (system registers at EL2), Enable (EL1 may use them) */
#define ICC_SRE_EL2_SRE    (1 << 0)
#define ICC_SRE_EL2_ENABLE (1 << 3)

/* SPSR: EL1h with D, A, I, F masked */
#define SPSR_EL1H_DAIF 0x3c5

/*
 * SCTLR_EL1: the RES1 bits of ARMv8.0 (11, 20, 22, 23, 28, 29), then
 * M (MMU), C (data cache), SA (SP alignment check), I (instruction cache),
 * WXN (write implies execute-never).
 */
#define SCTLR_EL1_RES1 0x30d00800
#define SCTLR_EL1_M    (1 << 0)
#define SCTLR_EL1_C    (1 << 2)
#define SCTLR_EL1_SA   (1 << 3)
#define SCTLR_EL1_I    (1 << 12)
#define SCTLR_EL1_WXN  (1 << 19)

/* CPACR_EL1.FPEN = 0b11: no FP/SIMD traps at EL1/EL0 */
#define CPACR_EL1_FPEN (3 << 20)

/* CPTR_EL2 RES1 bits (non-VHE): 0-7, 9, 12, 13; TFP (bit 10) clear */
#define CPTR_EL2_RES1 0x33ff

/* CNTHCTL_EL2: EL1PCTEN | EL1PCEN (EL1 reads the physical counter/timer) */
#define CNTHCTL_EL2_EL1PCEN 0x3

/*
 * TCR_EL1: T0SZ = 16 (48-bit VA), inner/outer write-back write-allocate,
 * inner shareable table walks, 4 KiB granule for TTBR0; EPD1 disables
 * TTBR1 walks (libuk uses TTBR0 only). IPS is filled in from
 * ID_AA64MMFR0_EL1.PARange at run time (bits 34:32).
 */
#define TCR_EL1_T0SZ_48  16
#define TCR_EL1_IRGN0_WB (1 << 8)
#define TCR_EL1_ORGN0_WB (1 << 10)
#define TCR_EL1_SH0_IS   (3 << 12)
#define TCR_EL1_EPD1     (1 << 23)
#define TCR_EL1_IPS_SHIFT 32
#define TCR_EL1_BOOT (TCR_EL1_T0SZ_48 | TCR_EL1_IRGN0_WB | TCR_EL1_ORGN0_WB | \
		      TCR_EL1_SH0_IS | TCR_EL1_EPD1)

/* MAIR_EL1: Attr0 Normal write-back, Attr1 Device-nGnRE (= UKPTE_ARM64_MAIR) */
#define MAIR_EL1_BOOT 0x04ff

/* Block descriptor bits for the boot tables (lib/ukpaging/arm64/pte.h). */
#define PTE_VALID     (1 << 0)
#define PTE_TABLE     (3 << 0)
#define PTE_BLOCK     (1 << 0)
#define PTE_ATTR_NORMAL (0 << 2)
#define PTE_ATTR_DEVICE (1 << 2)
#define PTE_SH_INNER  (3 << 8)
#define PTE_AF        (1 << 10)
#define PTE_PXN       (UKPLAT_UL(1) << 53)
#define PTE_UXN       (UKPLAT_UL(1) << 54)

#endif /* UKPLAT_ARM64_CPU_DEFS_H */
