/*
 * plat/kvm/x86_64/syscall_entry.S - the target of the `syscall`
 * instruction (MSR_LSTAR), executed at CPL 0, and the first return of a
 * cloned thread to the application.
 *
 * On entry RAX holds the number, RDI RSI RDX R10 R8 R9 the arguments, RCX
 * the return address and R11 the caller's RFLAGS; FMASK has cleared IF, TF,
 * DF and AC. Like Linux, the call preserves every register but RAX (the
 * result), RCX and R11 (which come back holding RIP and RFLAGS).
 *
 * Which stack: a thread that returned to the application through
 * ukplat_syscall_child_return has a system-call stack of its own
 * (sys_stack, switched with the context) and its calls run
 * there, never on the application's stack: musl's detached threads unmap
 * their own stack and then call exit. Everything else (the boot context,
 * kernel threads, and calls made from inside a call, such as a signal
 * handler's) stays on the stack in use, stepping over the caller's 128-byte
 * red zone first. sys_depth tells the two apart: it counts the
 * calls in progress, plus one for a context that is running kernel code of
 * its own (it starts at 1; the child return sets it to 0).
 *
 * The frame (struct syscall_frame in syscall.c, 16 words from RSP up): the
 * number, R9 R8 R10 RDX RSI RDI R15 R14 R13 R12 RBX RBP, the return
 * address, RFLAGS and the caller's RSP. sys_frame points at the
 * latest one for clone. Kernel code uses no SIMD registers, so the
 * caller's xmm/x87 state needs no saving.
 *
 * The state lives in the CPU's struct ukplat_x86_lcpu, reached through
 * GS (offsets in cpu_defs.h): every CPU makes system calls at once.
 * Applications leave GS alone (musl's thread pointer is FS), so the
 * entry needs no swapgs.
 */
#include "cpu_defs.h"

#define SYS_STACK   %gs:UKPLAT_LCPU_OFF_SYS_STACK
#define SYS_DEPTH   %gs:UKPLAT_LCPU_OFF_SYS_DEPTH
#define SYS_FRAME   %gs:UKPLAT_LCPU_OFF_SYS_FRAME
#define SYS_SCRATCH %gs:UKPLAT_LCPU_OFF_SYS_SCRATCH

	.section .text.syscall, "ax"
	.code64
	.globl ukplat_x86_syscall_entry
ukplat_x86_syscall_entry:
	/* RFLAGS is the caller's in R11: the flags are free to use. */
	mov	%rsp, SYS_SCRATCH
	cmpq	$0, SYS_DEPTH
	jne	1f
	mov	SYS_STACK, %rsp
	jmp	2f
1:	lea	-128(%rsp), %rsp
	and	$-16, %rsp		/* the ABI's call alignment */
2:	incq	SYS_DEPTH
	pushq	SYS_SCRATCH
	push	%r11			/* caller's RFLAGS */
	push	%rcx			/* return address */
	push	%rbp
	mov	%rsp, %rbp		/* backtraces continue at the caller */
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi
	push	%rsi
	push	%rdx
	push	%r10
	push	%r8
	push	%r9
	push	%rax
	mov	%rsp, SYS_FRAME

	/* uk_syscall_from_app(nr, a0, a1, a2, a3, a4, a5): a5 on the stack */
	sub	$8, %rsp
	push	%r9
	mov	%r8, %r9
	mov	%r10, %r8
	mov	%rdx, %rcx
	mov	%rsi, %rdx
	mov	%rdi, %rsi
	mov	%rax, %rdi
	call	uk_syscall_from_app
	add	$16, %rsp
	decq	SYS_DEPTH

	/* RSP at a frame's number, RAX the result. */
sys_return:
	add	$8, %rsp
	pop	%r9
	pop	%r8
	pop	%r10
	pop	%rdx
	pop	%rsi
	pop	%rdi
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	pop	%rcx			/* RCX = RIP, as on Linux */
	pop	%r11			/* R11 = RFLAGS */
	push	%r11
	popfq
	/*
	 * Interrupts may be on from here: they run on the IST stacks and
	 * never touch the stack in use, but preemption must wait until the
	 * jump (preempt.c): the frame's last word is still needed.
	 */
	.globl	ukplat_x86_sys_return_window, ukplat_x86_sys_return_window_end
ukplat_x86_sys_return_window:
	mov	(%rsp), %rsp
	jmp	*%rcx
ukplat_x86_sys_return_window_end:

	/*
	 * void ukplat_syscall_child_return(const struct ukplat_syscall_regs *)
	 * The copy is a frame (syscall.c); from now on the context's system
	 * calls switch to its own stack.
	 */
	.text
	.globl ukplat_syscall_child_return
ukplat_syscall_child_return:
	cli				/* no interrupt between the two stacks */
	movq	$0, SYS_DEPTH
	mov	%rdi, %rsp
	xor	%eax, %eax		/* clone returns 0 in the child */
	jmp	sys_return

	.section .note.GNU-stack, "", @progbits
