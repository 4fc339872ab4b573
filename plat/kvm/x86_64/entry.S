/*
 * plat/kvm/x86_64/entry.S - the 32-bit boot entries and the switch to long
 * mode.
 *
 * Protocols: PVH (QEMU -kernel with an ELF64 carrying the
 * XEN_ELFNOTE_PHYS32_ENTRY note; EBX = struct hvm_start_info) and
 * Multiboot 1 (EAX = 0x2BADB002, EBX = struct multiboot_info). Both enter
 * in 32-bit protected mode with paging off, flat segments and no usable
 * stack. Load address: UKPLAT_LOAD_ADDR (1 MiB). Tested with QEMU 7.2
 * -M microvm, pc and q35 (TCG).
 *
 * The 64-bit tail (_ukplat_boot64) is shared: the Linux 64-bit entry
 * (entry_linux.S) joins it once it has loaded this file's GDT and page
 * tables.
 *
 * Images are linked with gcc's default -pie, where 32-bit absolute
 * relocations are refused. All 32-bit code and data therefore live in
 * .text.boot, whose load address the linker script pins to
 * UKPLAT_BOOT_CODE, and are addressed as constants relative to it; the one
 * address outside it (the page tables) is a word the linker script writes
 * at UKPLAT_BOOT_PML4_SLOT.
 */
#include "cpu_defs.h"

#define BOOT_ADDR(sym) ((sym) - _ukplat_boot_base + UKPLAT_BOOT_CODE)

	.section .text.boot, "ax"
	.code32
	.globl _ukplat_boot_base
_ukplat_boot_base:

	.globl _ukplat_pvh_entry
_ukplat_pvh_entry:
	mov	%ebx, %edi
	mov	$UKPLAT_BOOT_PVH, %esi
	xor	%ebp, %ebp
	jmp	start32

	.globl _ukplat_multiboot_entry
_ukplat_multiboot_entry:
	mov	%ebx, %edi
	mov	$UKPLAT_BOOT_MULTIBOOT, %esi
	mov	%eax, %ebp
	jmp	start32

/*
 * From here on: EDI = protocol data, ESI = protocol, EBP = Multiboot magic.
 * EBX:ECX keep the entry timestamp for the boot-time benchmark. The same
 * registers are the contract of _ukplat_boot64 below.
 */
start32:
	cli
	cld
	rdtsc
	mov	%edx, %ebx
	mov	%eax, %ecx

	lgdt	BOOT_ADDR(boot_gdt_desc)

	mov	%cr4, %eax
	or	$X86_CR4_PAE, %eax
	mov	%eax, %cr4

	mov	UKPLAT_BOOT_PML4_SLOT, %eax
	mov	%eax, %cr3

	/* EFER.LME; NXE and SCE are set later, once CPUID has been asked. */
	mov	%ecx, %esp		/* no stack yet: ESP is a free register */
	mov	$X86_MSR_EFER, %ecx
	rdmsr
	or	$X86_EFER_LME, %eax
	wrmsr
	mov	%esp, %ecx

	mov	$(X86_CR0_PE | X86_CR0_MP | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG), %eax
	mov	%eax, %cr0

	ljmp	$UKPLAT_GDT_CODE, $BOOT_ADDR(_ukplat_boot64)

/*
 * The shared 64-bit tail: entered in long mode on the boot GDT and the
 * build-time page tables, CS = UKPLAT_GDT_CODE, interrupts off, with the
 * registers named above (their upper halves are ignored).
 */
	.code64
	.globl _ukplat_boot64
_ukplat_boot64:
	mov	$UKPLAT_GDT_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs

	/* Keep the boot arguments in registers the bss clearing leaves alone. */
	mov	%edi, %r12d		/* protocol data */
	mov	%esi, %r13d		/* protocol */
	mov	%ebp, %r14d		/* Multiboot magic */
	shl	$32, %rbx
	or	%rcx, %rbx		/* entry timestamp */

	/* The loaders zero .bss, but Multiboot only promises it when asked. */
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	xor	%eax, %eax
	rep stosb

	lea	_ukplat_boot_stack_top(%rip), %rsp
	xor	%ebp, %ebp		/* ends frame-pointer backtraces */

	mov	%r13d, %edi
	mov	%r12d, %esi
	mov	%r14d, %edx
	mov	%rbx, %rcx
	call	ukplat_x86_start64
	ud2

/*
 * Application processors (smp.c). The startup IPI starts them in real mode
 * at CS = UKPLAT_AP_TRAMPOLINE >> 4, IP = 0, where smp.c has copied
 * ukplat_x86_ap_tramp .. ukplat_x86_ap_tramp_end: enough 16-bit code to
 * load the boot GDT and jump, in 32-bit protected mode, into the image.
 * From there on they take the boot CPU's way into long mode, on the same
 * page tables (their root is still the word at UKPLAT_BOOT_PML4_SLOT),
 * with EFER.NXE set before paging since the tables now use the NX bit.
 */
	.code16
	.globl ukplat_x86_ap_tramp, ukplat_x86_ap_tramp_end
ukplat_x86_ap_tramp:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	lgdtl	ap_gdt_desc - ukplat_x86_ap_tramp
	mov	%cr0, %eax
	or	$X86_CR0_PE, %eax
	mov	%eax, %cr0
	ljmpl	$UKPLAT_BOOT_GDT_CODE32, $BOOT_ADDR(ap_start32)
	.p2align 2
ap_gdt_desc:
	.word	boot_gdt_end - boot_gdt - 1
	.long	BOOT_ADDR(boot_gdt)
ukplat_x86_ap_tramp_end:

	.code32
ap_start32:
	mov	$UKPLAT_GDT_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%cr4, %eax
	or	$X86_CR4_PAE, %eax
	mov	%eax, %cr4
	mov	UKPLAT_BOOT_PML4_SLOT, %eax
	mov	%eax, %cr3
	mov	$X86_MSR_EFER, %ecx
	rdmsr
	or	$(X86_EFER_LME | X86_EFER_NXE), %eax
	wrmsr
	mov	$(X86_CR0_PE | X86_CR0_MP | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG), %eax
	mov	%eax, %cr0
	ljmp	$UKPLAT_GDT_CODE, $BOOT_ADDR(ap_start64)

	.code64
ap_start64:
	mov	$UKPLAT_GDT_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	/* smp.c starts one CPU at a time and says where, in these words. */
	mov	ukplat_x86_ap_boot_stack(%rip), %rsp
	mov	ukplat_x86_ap_boot_lcpu(%rip), %rdi
	xor	%ebp, %ebp
	call	ukplat_x86_ap_start64
	ud2

/*
 * Boot GDT: null, 64-bit code, data, and the 32-bit code the AP
 * trampoline enters protected mode with. Accessed bits preset: never
 * written (the GDT lies in read-only text once paging.c has run).
 */
	.p2align 3
boot_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x08: code, L=1, DPL 0 */
	.quad	0x00cf93000000ffff	/* 0x10: data */
	.quad	0x00cf9b000000ffff	/* 0x18: 32-bit code (APs) */
boot_gdt_end:
boot_gdt_desc:
	.word	boot_gdt_end - boot_gdt - 1
	.long	BOOT_ADDR(boot_gdt)
/* The same GDT for lgdt in 64-bit mode, which reads an 8-byte base. */
	.globl _ukplat_boot_gdt_desc64
_ukplat_boot_gdt_desc64:
	.word	boot_gdt_end - boot_gdt - 1
	.quad	BOOT_ADDR(boot_gdt)

/* The boot stack (main runs on it) above its guard page (guard.c). */
	.section .bss.stacks, "aw", @nobits
	.p2align 12
	.globl _ukplat_boot_stack_guard
_ukplat_boot_stack_guard:
	.skip	4096
	.globl _ukplat_boot_stack_top
_ukplat_boot_stack:
	.skip	UKPLAT_BOOT_STACK_SIZE
_ukplat_boot_stack_top:

	.section .note.GNU-stack, "", @progbits
