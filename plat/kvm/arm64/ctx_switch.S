/*
 * plat/kvm/arm64/ctx_switch.S - the register half of a context switch
 * (ctx.c): the callee-saved registers x19-x30 on the running stack, both
 * stack pointers and the stack selector in struct ukplat_ctx (sp at 0,
 * other_sp at 24, spsel at 32), and the FPU/SIMD save area.
 *
 * SP_EL1 cannot be read with MRS at EL1, and SP_EL0 not with MRS/MSR while
 * it is the selected stack: the code selects SP_EL1 first where needed.
 */
	.text
	/* void ukplat_arm64_stack_switch(struct ukplat_ctx *from, *to) */
	.globl ukplat_arm64_stack_switch
ukplat_arm64_stack_switch:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mrs	x9, spsel
	mov	x10, sp
	cbz	x9, 1f
	mrs	x11, sp_el0		/* on SP_EL1: the other is SP_EL0 */
	b	2f
1:	msr	spsel, #1		/* on SP_EL0: the other is SP_EL1 */
	mov	x11, sp
	msr	spsel, #0
2:	str	x10, [x0, #0]
	str	x11, [x0, #24]
	str	x9, [x0, #32]

	ldr	x10, [x1, #0]
	ldr	x11, [x1, #24]
	ldr	x9, [x1, #32]
	cbz	x9, 3f
	msr	spsel, #1		/* 'to' runs on SP_EL1; SP_EL0 may */
	msr	sp_el0, x11		/* only be written while not in use */
	mov	sp, x10
	b	4f
3:	msr	spsel, #1		/* 'to' runs on SP_EL0 */
	mov	sp, x11
	msr	spsel, #0
	mov	sp, x10
4:	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/* First code of a new context: entry(arg) from x19 and x20. */
	.globl ukplat_arm64_ctx_start
ukplat_arm64_ctx_start:
	mov	x0, x20
	blr	x19
	brk	#0x100			/* entry must not return */

	.globl ukplat_arm64_fpu_save
ukplat_arm64_fpu_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x9, fpcr
	mrs	x10, fpsr
	add	x11, x0, #512		/* stp reaches 504 bytes at most */
	stp	x9, x10, [x11]
	ret

	.globl ukplat_arm64_fpu_restore
ukplat_arm64_fpu_restore:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x11, x0, #512
	ldp	x9, x10, [x11]
	msr	fpcr, x9
	msr	fpsr, x10
	ret

	.section .note.GNU-stack, "", %progbits
