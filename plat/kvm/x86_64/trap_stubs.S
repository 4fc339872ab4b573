/*
 * plat/kvm/x86_64/trap_stubs.S - entry stubs for all 256 IDT vectors and the
 * common path that saves the registers into a struct ukplat_x86_trapframe
 * (cpu.h) and calls ukplat_x86_trap.
 *
 * Each stub is padded to the same size (16 bytes) so that cpu.c can find
 * stub N at ukplat_x86_trap_stubs + N * stride. Vectors whose exception
 * pushes an error code (8, 10-14, 17, 21, 29, 30) skip the dummy push.
 */
#include "cpu_defs.h"
#include "gprs.h"

	.section .text.traps, "ax"
	.code64

	.p2align 4
	.globl ukplat_x86_trap_stubs
ukplat_x86_trap_stubs:
	vec = 0
	.rept	256
	.p2align 4
	.if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$vec
	jmp	trap_common
	vec = vec + 1
	.endr
	.p2align 4
	.globl ukplat_x86_trap_stubs_end
ukplat_x86_trap_stubs_end:

trap_common:
	push_gprs
	cld
	mov	%rsp, %rdi
	call	ukplat_x86_trap
	pop_gprs
	add	$16, %rsp		/* vector and error code */
	iretq

	.section .note.GNU-stack, "", @progbits
