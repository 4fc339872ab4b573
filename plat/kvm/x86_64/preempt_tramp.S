/*
 * plat/kvm/x86_64/preempt_tramp.S - where an interrupt returns to when the
 * preemption handler must run (preempt.c): RSP points at the saved
 * registers and iret frame of the interrupted code, interrupts are off.
 * The context counts as running kernel code meanwhile (sys_depth), so its
 * system calls, if the handler makes any, stay on this stack.
 */
#include "cpu_defs.h"
#include "gprs.h"

	.text
	.globl ukplat_x86_preempt_tramp
ukplat_x86_preempt_tramp:
	incq	%gs:UKPLAT_LCPU_OFF_SYS_DEPTH
	mov	%rsp, %rbx		/* callee-saved: the frame */
	and	$-16, %rsp
	call	*ukplat_x86_preempt_fn(%rip)
	mov	%rbx, %rsp
	decq	%gs:UKPLAT_LCPU_OFF_SYS_DEPTH
	pop_gprs
	iretq

	.section .note.GNU-stack, "", @progbits
