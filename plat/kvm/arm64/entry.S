/*
 * plat/kvm/arm64/entry.S - the arm64 boot entry: Linux Image protocol
 * (Documentation/arch/arm64/booting.rst), the header itself being written
 * by the linker script (ldscripts/arm64/uk-kvm.ld.S) in front of this code.
 *
 * Linked at UKPLAT_LOAD_ADDR (RAM + 2 MiB on QEMU virt); runs wherever it
 * is loaded (a 2 MiB aligned base + text_offset, e.g. Firecracker's RAM at
 * 2 GiB), as long as RAM lies within the boot tables' 1-256 GiB. Entered with
 * the MMU off at EL2 or EL1, x0 = physical address of the device tree
 * (an ELF -kernel boot gives x0 = 0: start.c then looks at the RAM base).
 * Tested with QEMU 7.2 -M virt (TCG; cortex-a72, max; virtualization=on).
 *
 * Steps: drop from EL2 to EL1 (letting EL1 use a GICv3's system
 * registers), enable FP/SIMD, install the vectors, apply
 * the image's own relocations (moving it to wherever it was loaded), turn
 * the MMU on with the build-time tables (pagetable.S), zero .bss, set the
 * exception stack (SP_EL1) and the boot stack (SP_EL0; code runs with SPSel = 0 so that every exception
 * switches to SP_EL1), then call ukplat_arm64_start(dtb, entry_cycles).
 */
#include "cpu_defs.h"
#include "el2.h"

	.section .text.boot, "ax"
	.globl _ukplat_entry
_ukplat_entry:
	mov	x19, x0			/* device tree */
	isb
	mrs	x20, cntvct_el0		/* boot entry stamp */

	el2_to_el1
	msr	daifset, #0xf
	ldr	x9, =SCTLR_EL1_RES1	/* MMU and caches off until the tables are in */
	msr	sctlr_el1, x9
	isb
	mov	x9, #CPACR_EL1_FPEN
	msr	cpacr_el1, x9
	adrp	x9, ukplat_arm64_vectors
	add	x9, x9, :lo12:ukplat_arm64_vectors
	msr	vbar_el1, x9

	/*
	 * Relocate to where the loader put the image: gcc links -pie by
	 * default and, on AArch64, ld leaves the slots of R_AARCH64_RELATIVE
	 * relocations zero (the value is in the addend), so every absolute
	 * pointer in the image, the boot page tables' included, is written
	 * here as addend + (load address - link address). This runs with the
	 * MMU off: the entries and their targets are 8-byte aligned, as
	 * Device memory requires. A -no-pie link has no such relocations and
	 * must be loaded at its link address.
	 */
	adr	x21, _ukplat_entry
	ldr	x22, =(UKPLAT_LOAD_ADDR + 64)
	sub	x21, x21, x22		/* delta */
	adrp	x9, __uk_rela_start
	add	x9, x9, :lo12:__uk_rela_start
	adrp	x10, __uk_rela_end
	add	x10, x10, :lo12:__uk_rela_end
2:	cmp	x9, x10
	b.hs	3f
	ldp	x11, x12, [x9], #24	/* r_offset, r_info */
	cmp	x12, #1027		/* R_AARCH64_RELATIVE */
	b.ne	2b			/* start.c checks that none other exists */
	ldur	x13, [x9, #-8]		/* r_addend */
	add	x13, x13, x21
	str	x13, [x11, x21]
	b	2b
3:
	/* MMU: 48-bit VA, 4 KiB granule, physical size from PARange (max 48). */
	ldr	x9, =MAIR_EL1_BOOT
	msr	mair_el1, x9
	mrs	x9, id_aa64mmfr0_el1
	and	x9, x9, #7
	cmp	x9, #5
	mov	x10, #5
	csel	x9, x9, x10, ls
	lsl	x9, x9, #TCR_EL1_IPS_SHIFT
	ldr	x10, =TCR_EL1_BOOT
	orr	x10, x10, x9
	msr	tcr_el1, x10
	adrp	x9, ukplat_arm64_boot_l0
	msr	ttbr0_el1, x9
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x9, =(SCTLR_EL1_RES1 | SCTLR_EL1_M | SCTLR_EL1_C | SCTLR_EL1_I | SCTLR_EL1_SA)
	msr	sctlr_el1, x9
	isb

3:
	/* .bss (16-byte aligned by the linker script) */
	adrp	x9, __bss_start
	add	x9, x9, :lo12:__bss_start
	adrp	x10, __bss_end
	add	x10, x10, :lo12:__bss_end
4:	cmp	x9, x10
	b.hs	5f
	stp	xzr, xzr, [x9], #16
	b	4b
5:
	/* SPSel = 1 here: this sets SP_EL1, the exception stack. */
	adrp	x9, ukplat_arm64_exc_stack_top
	add	x9, x9, :lo12:ukplat_arm64_exc_stack_top
	mov	sp, x9
	msr	spsel, #0
	adrp	x9, _ukplat_boot_stack_top
	add	x9, x9, :lo12:_ukplat_boot_stack_top
	mov	sp, x9
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	bl	ukplat_arm64_start
6:	wfi
	b	6b

	.section .bss.stacks, "aw", %nobits
	.balign	4096
	.globl _ukplat_boot_stack_guard
_ukplat_boot_stack_guard:
	.skip	4096
	.skip	UKPLAT_BOOT_STACK_SIZE
	.globl _ukplat_boot_stack_top
_ukplat_boot_stack_top:

	/* See cpu_defs.h: emergency stack, guard page, exception stack. */
	.balign	2 * UKPLAT_EXC_STACK_SIZE
	.skip	UKPLAT_EXC_STACK_SIZE - 4096
	.globl ukplat_arm64_emerg_stack_top
ukplat_arm64_emerg_stack_top:
	.globl ukplat_arm64_exc_stack_guard
ukplat_arm64_exc_stack_guard:
	.skip	4096
	.skip	UKPLAT_EXC_STACK_SIZE
	.globl ukplat_arm64_exc_stack_top
ukplat_arm64_exc_stack_top:

	.section .note.GNU-stack, "", %progbits
