/*
 * plat/kvm/arm64/smp_entry.S - where PSCI CPU_ON (Arm DEN 0022) starts a
 * secondary CPU: at the physical address of ukplat_arm64_secondary_entry
 * (the image runs identity-mapped, so that is also its virtual address),
 * MMU off, at EL2 or EL1, x0 = the context id smp.c passed: the CPU's
 * struct ukplat_arm64_lcpu. Tested with QEMU 7.2 -M virt (TCG; GICv2,
 * GICv3, virtualization=on).
 *
 * Steps, as entry.S does for the boot CPU: drop to EL1, enable FP/SIMD,
 * install the vectors, then load the boot CPU's translation regime as
 * smp.c saved it (MAIR, TCR, TTBR0 = the run-time tables paging.c built,
 * SCTLR with WXN: the same W^X), set SP_EL1 and SP_EL0 from the record,
 * TPIDR_EL1 to the record, and call ukplat_arm64_secondary_start(record).
 * Until the MMU is on every access is to Device memory: smp.c cleaned
 * what is read here to the point of coherency, and the loads are aligned.
 */
#include "cpu_defs.h"
#include "el2.h"
#include "smp.h"

	.text
	.balign	8
	.globl ukplat_arm64_secondary_entry
ukplat_arm64_secondary_entry:
	mov	x19, x0
	msr	daifset, #0xf
	el2_to_el1
	msr	daifset, #0xf
	ldr	x9, =SCTLR_EL1_RES1
	msr	sctlr_el1, x9
	isb
	mov	x9, #CPACR_EL1_FPEN
	msr	cpacr_el1, x9
	adrp	x9, ukplat_arm64_vectors
	add	x9, x9, :lo12:ukplat_arm64_vectors
	msr	vbar_el1, x9

	adrp	x9, ukplat_arm64_smp_regs
	add	x9, x9, :lo12:ukplat_arm64_smp_regs
	ldr	x10, [x9, #SMPREGS_MAIR]
	msr	mair_el1, x10
	ldr	x10, [x9, #SMPREGS_TCR]
	msr	tcr_el1, x10
	ldr	x10, [x9, #SMPREGS_TTBR0]
	msr	ttbr0_el1, x10
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x10, [x9, #SMPREGS_SCTLR]
	msr	sctlr_el1, x10
	isb

	msr	spsel, #1
	ldr	x10, [x19, #LCPU_OFF_EXC_TOP]
	mov	sp, x10
	msr	spsel, #0
	ldr	x10, [x19, #LCPU_OFF_STACK_TOP]
	mov	sp, x10
	msr	tpidr_el1, x19
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	ukplat_arm64_secondary_start
1:	wfi
	b	1b

	.section .note.GNU-stack, "", %progbits
