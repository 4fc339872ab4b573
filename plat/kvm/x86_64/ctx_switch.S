/*
 * plat/kvm/x86_64/ctx_switch.S - the stack half of a context switch: push
 * the registers the SysV ABI says a call preserves, store RSP, load the
 * other context's RSP, pop its registers and return into it.
 *
 * void ukplat_x86_stack_switch(uintptr_t *from_sp, uintptr_t to_sp)
 */
	.text
	.globl ukplat_x86_stack_switch
ukplat_x86_stack_switch:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

/* First code of a new context: entry(arg) from r12 and r13. */
	.globl ukplat_x86_ctx_start
ukplat_x86_ctx_start:
	mov	%r13, %rdi
	call	*%r12
	ud2			/* entry must not return */

	.section .note.GNU-stack, "", @progbits
