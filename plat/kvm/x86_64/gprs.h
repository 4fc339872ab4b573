/*
 * plat/kvm/x86_64/gprs.h - assembler macros that push and pop the 15
 * general-purpose registers in the order of struct ukplat_x86_trapframe
 * (cpu.h), shared by the trap stubs and the preemption trampoline.
 */
#ifndef UKPLAT_X86_GPRS_H
#define UKPLAT_X86_GPRS_H

#ifdef __ASSEMBLER__
	.macro	push_gprs
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	.endm

	.macro	pop_gprs
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	.endm
#endif

#endif /* UKPLAT_X86_GPRS_H */
