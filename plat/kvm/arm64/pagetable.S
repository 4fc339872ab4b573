/*
 * plat/kvm/arm64/pagetable.S - the boot page tables, generated at build
 * time (VMSAv8-64, 4 KiB granule, 48-bit VA through TTBR0_EL1).
 *
 * One level-1 table of 1 GiB blocks, reached from two level-0 slots:
 *   L0[0]    identity map: 0-1 GiB Device-nGnRE, never executable (QEMU
 *            virt's flash and devices: GIC, PL011, PL031, virtio-mmio);
 *            1-256 GiB normal write-back memory (virt's RAM window)
 *   L0[511]  the same at UKPLAT_DIRECTMAP_BASE, the direct map
 * These permissive tables live only until paging.c has built the run-time
 * tables (image sections with their own permissions, RAM never
 * executable, NULL unmapped). Entries holding table addresses are data the
 * linker resolves: the image runs at its link address.
 */
#include "cpu_defs.h"

#define BLOCK_DEVICE (PTE_BLOCK | PTE_ATTR_DEVICE | PTE_AF | PTE_PXN | PTE_UXN)
#define BLOCK_NORMAL (PTE_BLOCK | PTE_ATTR_NORMAL | PTE_SH_INNER | PTE_AF)

	.section .data.pagetables, "aw"
	.balign	4096
	.globl ukplat_arm64_boot_l0
ukplat_arm64_boot_l0:
	.quad	boot_l1 + PTE_TABLE
	.fill	510, 8, 0
	.quad	boot_l1 + PTE_TABLE

	.balign	4096
boot_l1:
	.quad	BLOCK_DEVICE
	i = 1
	.rept	255
	.quad	(i << 30) + BLOCK_NORMAL
	i = i + 1
	.endr
	.fill	256, 8, 0

	.section .note.GNU-stack, "", %progbits
