/*
 * plat/kvm/x86_64/pagetable.S - the boot page tables, generated at build
 * time: an identity map of the first 4 GiB of physical memory, writable and
 * executable. They are the early tables: paging.c later rewrites them in
 * place through the ukpaging walker (page protections, RAM above 4 GiB).
 *
 *   0 - 4 KiB      present at entry (boot loaders put their data there:
 *                  QEMU's PVH option ROM on pc/q35); paging.c unmaps it
 *                  once the boot data is read, so NULL dereferences fault
 *   4 KiB - 2 MiB  4 KiB pages (one page table)
 *   2 MiB - 3 GiB  2 MiB pages, write-back
 *   3 - 4 GiB      2 MiB pages, uncached: the MMIO hole of every QEMU x86
 *                  machine type (LAPIC, I/O APIC, virtio-mmio, PCI BARs);
 *                  paging.c makes the pages write-back where RAM is there
 *
 * Entries holding table addresses are 64-bit data the linker resolves (the
 * image is loaded at its link address), so no code runs to build them.
 */
#include "cpu_defs.h"

#define PT_FLAGS   (X86_PTE_P | X86_PTE_RW)
#define PD_WB      (X86_PTE_P | X86_PTE_RW | X86_PTE_PS)
#define PD_UC      (PD_WB | X86_PTE_PCD | X86_PTE_PWT)

	.section .data.pagetables, "aw"
	.p2align 12
	.globl ukplat_x86_pml4
ukplat_x86_pml4:
	.quad	pdpt + PT_FLAGS
	.fill	511, 8, 0

pdpt:
	.quad	pd0 + PT_FLAGS
	.quad	pd1 + PT_FLAGS
	.quad	pd2 + PT_FLAGS
	.quad	pd3 + PT_FLAGS
	.fill	508, 8, 0

pd0:
	.quad	pt0 + PT_FLAGS
	i = 1
	.rept	511
	.quad	(i << 21) + PD_WB
	i = i + 1
	.endr
pd1:
	.rept	512
	.quad	(i << 21) + PD_WB
	i = i + 1
	.endr
pd2:
	.rept	512
	.quad	(i << 21) + PD_WB
	i = i + 1
	.endr
pd3:
	.rept	512
	.quad	(i << 21) + PD_UC
	i = i + 1
	.endr

pt0:
	j = 0
	.rept	512
	.quad	(j << 12) + PT_FLAGS
	j = j + 1
	.endr

	.section .note.GNU-stack, "", @progbits
