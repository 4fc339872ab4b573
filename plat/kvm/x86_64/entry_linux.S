/*
 * plat/kvm/x86_64/entry_linux.S - the Linux 64-bit boot protocol entry
 * (e_entry of images linked with uk-kvm-linux.ld).
 *
 * Protocol: Linux Documentation/arch/x86/boot.rst, "64-bit Boot Protocol",
 * as Firecracker uses it for an ELF kernel: 64-bit mode, paging on with an
 * identity map of (at least) the loaded image, the zero page and the
 * command line; a flat GDT of the VMM's; interrupts off; RSI = physical
 * address of struct boot_params (the "zero page"). No stack is promised.
 * Load address: UKPLAT_LOAD_ADDR (1 MiB). Tested with QEMU 7.2 -M microvm
 * (TCG) through the test loader tests/guest/linuxboot_loader.c, which plays
 * Firecracker's part.
 *
 * Everything the VMM set up lives in memory libuk will hand out (Firecracker:
 * GDT at 0x500, page tables at 0x9000, the zero page at 0x7000 where the
 * other CPUs start), so the entry first moves onto libuk's own stack, GDT
 * and build-time page tables, then joins the tail the PVH and Multiboot
 * entries share (_ukplat_boot64 in entry.S).
 */
#include "cpu_defs.h"

	.section .text, "ax"
	.code64
	.globl _ukplat_linux_entry
_ukplat_linux_entry:
	cli
	cld
	mov	%rsi, %r8		/* boot_params; rdtsc keeps r8 */
	rdtsc
	mov	%edx, %ebx		/* entry timestamp in EBX:ECX, */
	mov	%eax, %ecx		/* as _ukplat_boot64 wants it */

	lea	_ukplat_boot_stack_top(%rip), %rsp
	lgdt	_ukplat_boot_gdt_desc64(%rip)
	/* Reload CS from the new GDT: a far return is the 64-bit way. */
	pushq	$UKPLAT_GDT_CODE
	lea	1f(%rip), %rax
	pushq	%rax
	lretq
1:
	/*
	 * The build-time tables identity-map 4 GiB, so this code (and the
	 * stack) stay where they are across the switch.
	 */
	lea	ukplat_x86_pml4(%rip), %rax
	mov	%rax, %cr3
	/* The CR0 the 32-bit entries set; PE and PG are already on. */
	mov	$(X86_CR0_PE | X86_CR0_MP | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG), %eax
	mov	%rax, %cr0

	/*
	 * Boot data is read through the 4 GiB identity map and handed on in
	 * 32 bits: a zero page above it is passed as 0, which the translator
	 * reports as inaccessible.
	 */
	mov	%r8, %rax
	shr	$32, %rax
	jz	2f
	xor	%r8d, %r8d
2:
	mov	%r8d, %edi
	mov	$UKPLAT_BOOT_LINUX, %esi
	xor	%ebp, %ebp
	jmp	_ukplat_boot64

	.section .note.GNU-stack, "", @progbits
