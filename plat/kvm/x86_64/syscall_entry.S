/*
 * plat/kvm/x86_64/syscall_entry.S - the target of the `syscall`
 * instruction (MSR_LSTAR), executed at CPL 0 on the caller's own stack.
 *
 * On entry RAX holds the number, RDI RSI RDX R10 R8 R9 the arguments, RCX
 * the return address and R11 the caller's RFLAGS; FMASK has cleared IF, TF,
 * DF and AC. Like Linux, the call preserves every register but RAX (the
 * result), RCX and R11. The caller's 128-byte red zone is stepped over
 * before anything is pushed, and kernel code uses no SIMD registers, so
 * the caller's xmm/x87 state needs no saving. The return does not use
 * SYSRET (that would drop to ring 3): RFLAGS comes back with popfq, RIP
 * with `ret $128`, which also releases the red-zone gap.
 */
	.section .text.syscall, "ax"
	.code64
	.globl ukplat_x86_syscall_entry
ukplat_x86_syscall_entry:
	lea	-128(%rsp), %rsp	/* lea: leaves RFLAGS alone */
	push	%rcx			/* return address */
	push	%r11			/* caller's RFLAGS */
	push	%rbp
	mov	%rsp, %rbp
	and	$-16, %rsp		/* the ABI's call alignment */
	push	%rdi
	push	%rsi
	push	%rdx
	push	%r10
	push	%r8
	push	%r9

	/* uk_syscall_dispatch(nr, a0, a1, a2, a3, a4, a5): a5 on the stack */
	sub	$8, %rsp
	push	%r9
	mov	%r8, %r9
	mov	%r10, %r8
	mov	%rdx, %rcx
	mov	%rsi, %rdx
	mov	%rdi, %rsi
	mov	%rax, %rdi
	call	uk_syscall_dispatch
	add	$16, %rsp

	pop	%r9
	pop	%r8
	pop	%r10
	pop	%rdx
	pop	%rsi
	pop	%rdi
	mov	%rbp, %rsp
	pop	%rbp
	pop	%r11
	mov	%r11, %rcx		/* not preserved, as on Linux */
	push	%r11
	popfq
	ret	$128

	.section .note.GNU-stack, "", @progbits
