/*
 * plat/kvm/arm64/vectors.S - the exception vector table (VBAR_EL1) and
 * the trap frames.
 *
 * libuk runs at EL1 with SPSel = 0: kernel code and the application use
 * SP_EL0, so every exception switches to SP_EL1, the exception stack, and
 * lands in the "current EL with SP0" group. That is where `svc #0` from
 * musl arrives (the frame does not touch the caller's stack; arm64 has no
 * red zone anyway, but a faulting stack must not be written to). System
 * calls run on SP_EL1, so an exception inside one (a fault, the HLT of a
 * semihosting exit without semihosting) lands in the "current EL with SPx"
 * group: those entries first test whether SP_EL1 ran off its stack
 * (cpu_defs.h explains the bit test), and only an overflow switches to the
 * emergency stack, where it is reported. Anything from a lower EL is fatal.
 *
 * The frame (struct ukplat_arm64_regs): x0-x30, SP_EL0, ELR, SPSR, ESR,
 * FAR. Every register is restored on return except what the C handler
 * changed in the frame (x0 for a system call), as Linux preserves them.
 */
#include "cpu_defs.h"

	.macro	save_frame
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #0 * 8]
	stp	x2, x3, [sp, #2 * 8]
	stp	x4, x5, [sp, #4 * 8]
	stp	x6, x7, [sp, #6 * 8]
	stp	x8, x9, [sp, #8 * 8]
	stp	x10, x11, [sp, #10 * 8]
	stp	x12, x13, [sp, #12 * 8]
	stp	x14, x15, [sp, #14 * 8]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #18 * 8]
	stp	x20, x21, [sp, #20 * 8]
	stp	x22, x23, [sp, #22 * 8]
	stp	x24, x25, [sp, #24 * 8]
	stp	x26, x27, [sp, #26 * 8]
	stp	x28, x29, [sp, #28 * 8]
	mrs	x21, sp_el0
	stp	x30, x21, [sp, #REGS_X30]
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x22, x23, [sp, #REGS_ELR]
	mrs	x24, esr_el1
	mrs	x25, far_el1
	stp	x24, x25, [sp, #REGS_ESR]
	/* A frame record so that backtraces cross into the interrupted code. */
	mov	x29, xzr
	mov	x0, sp
	.endm

	.macro	restore_frame
	ldp	x22, x23, [sp, #REGS_ELR]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	ldp	x30, x21, [sp, #REGS_X30]
	msr	sp_el0, x21
	ldp	x0, x1, [sp, #0 * 8]
	ldp	x2, x3, [sp, #2 * 8]
	ldp	x4, x5, [sp, #4 * 8]
	ldp	x6, x7, [sp, #6 * 8]
	ldp	x8, x9, [sp, #8 * 8]
	ldp	x10, x11, [sp, #10 * 8]
	ldp	x12, x13, [sp, #12 * 8]
	ldp	x14, x15, [sp, #14 * 8]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #18 * 8]
	ldp	x20, x21, [sp, #20 * 8]
	ldp	x22, x23, [sp, #22 * 8]
	ldp	x24, x25, [sp, #24 * 8]
	ldp	x26, x27, [sp, #26 * 8]
	ldp	x28, x29, [sp, #28 * 8]
	add	sp, sp, #REGS_SIZE
	eret
	.endm

	.macro	ventry target
	.balign	0x80
	b	\target
	.endm

	/*
	 * SPx entries: without touching memory or any register but x0 (its
	 * value recovered by arithmetic), reserve the frame and check that
	 * the new SP is still inside the exception stack.
	 */
	.macro	spx_entry handler, kind
	sub	sp, sp, #REGS_SIZE
	add	sp, sp, x0		/* sp = new_sp + x0 */
	sub	x0, sp, x0		/* x0 = new_sp */
	tbz	x0, #UKPLAT_EXC_STACK_SHIFT, exc_stack_overflow
	sub	x0, sp, x0		/* x0 = its own value again */
	sub	sp, sp, x0		/* sp = new_sp */
	add	sp, sp, #REGS_SIZE	/* save_frame reserves it again */
	save_frame
	mov	x1, #\kind
	bl	\handler
	restore_frame
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.globl ukplat_arm64_vectors
ukplat_arm64_vectors:
	ventry	sp0_sync	/* current EL, SP_EL0 */
	ventry	sp0_irq
	ventry	sp0_fiq
	ventry	sp0_serror
	ventry	spx_sync	/* current EL, SP_EL1 */
	ventry	spx_irq
	ventry	spx_fiq
	ventry	spx_serror
	ventry	lower		/* lower EL, AArch64 */
	ventry	lower
	ventry	lower
	ventry	lower
	ventry	lower		/* lower EL, AArch32 */
	ventry	lower
	ventry	lower
	ventry	lower

sp0_sync:
	save_frame
	mov	x1, #0
	bl	ukplat_arm64_sync
	restore_frame

sp0_irq:
	save_frame
	mov	x1, #1
	bl	ukplat_arm64_async
	restore_frame

sp0_fiq:
	save_frame
	mov	x1, #2
	bl	ukplat_arm64_async
	restore_frame

sp0_serror:
	save_frame
	mov	x1, #3
	bl	ukplat_arm64_async
	restore_frame

spx_sync:
	spx_entry ukplat_arm64_sync, 1
spx_irq:
	spx_entry ukplat_arm64_async, 5	/* 4: taken on SP_EL1 */
spx_fiq:
	spx_entry ukplat_arm64_async, 6
spx_serror:
	spx_entry ukplat_arm64_async, 7

exc_stack_overflow:
	/* x0 = new_sp, sp = new_sp + the interrupted x0. */
	sub	x0, sp, x0
	/* TPIDRRO_EL0 is unused (nothing runs at EL0): a scratch register. */
	msr	tpidrro_el0, x0
	adrp	x0, ukplat_arm64_emerg_stack_top
	add	x0, x0, :lo12:ukplat_arm64_emerg_stack_top
	mov	sp, x0
	mrs	x0, tpidrro_el0
	save_frame
	mov	x1, #0
	bl	ukplat_arm64_fatal
1:	wfi
	b	1b

	/*
	 * void ukplat_syscall_child_return(const struct ukplat_syscall_regs *)
	 * A cloned thread's first return to the application: the copy of its
	 * creator's `svc` frame (syscall.c) goes to the top of this context's
	 * exception stack, and returns from there like any system call.
	 */
	.globl ukplat_syscall_child_return
ukplat_syscall_child_return:
	msr	daifset, #0xf		/* ELR/SPSR must survive until eret */
	msr	spsel, #1
	sub	sp, sp, #REGS_SIZE
	mov	x1, sp
	mov	x2, #REGS_SIZE
3:	ldp	x3, x4, [x0], #16
	stp	x3, x4, [x1], #16
	subs	x2, x2, #16
	b.ne	3b
	restore_frame

lower:
	save_frame
	mov	x1, #1
	bl	ukplat_arm64_fatal
2:	wfi
	b	2b

	.section .note.GNU-stack, "", %progbits
