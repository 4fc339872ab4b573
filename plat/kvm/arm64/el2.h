/*
 * plat/kvm/arm64/el2.h - the drop from EL2 to EL1 that every CPU's entry
 * makes (entry.S for the boot CPU, smp_entry.S for the others): QEMU
 * enters at EL2 with -M virt,virtualization=on, and PSCI CPU_ON starts a
 * CPU at the highest EL the caller's firmware offers. Assembly only.
 */
#ifndef UKPLAT_ARM64_EL2_H
#define UKPLAT_ARM64_EL2_H

#include "cpu_defs.h"

/*
 * At EL2: EL1 runs AArch64, reads the counter, and gets FP/SIMD and a
 * GICv3's system registers; then eret to EL1h with DAIF masked. At EL1:
 * nothing. Uses x9; continues after the macro at EL1 either way.
 */
	.macro	el2_to_el1
	mrs	x9, CurrentEL
	cmp	x9, #CURRENTEL_EL2
	b.ne	9991f
	mov	x9, #HCR_EL2_RW
	msr	hcr_el2, x9
	mrs	x9, cnthctl_el2
	orr	x9, x9, #CNTHCTL_EL2_EL1PCEN
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #CPTR_EL2_RES1
	msr	cptr_el2, x9
	msr	hstr_el2, xzr
	/*
	 * A GICv3 CPU interface (ID_AA64PFR0_EL1.GIC != 0): EL1 may use
	 * ICC_* only with ICC_SRE_EL2.Enable and .SRE set (else its
	 * ICC_SRE_EL1 accesses trap here). QEMU 7.2 has them fixed at 1
	 * (reads 0xf); firmware elsewhere may not. Without it the register
	 * does not exist.
	 */
	mrs	x9, id_aa64pfr0_el1
	ubfx	x9, x9, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x9, 9990f
	mrs	x9, icc_sre_el2
	orr	x9, x9, #ICC_SRE_EL2_SRE	/* 0b1001 is no logical immediate */
	orr	x9, x9, #ICC_SRE_EL2_ENABLE
	msr	icc_sre_el2, x9
	isb
9990:
	ldr	x9, =SCTLR_EL1_RES1
	msr	sctlr_el1, x9
	mov	x9, #SPSR_EL1H_DAIF
	msr	spsr_el2, x9
	adr	x9, 9991f
	msr	elr_el2, x9
	eret
9991:
	.endm

#endif /* UKPLAT_ARM64_EL2_H */
