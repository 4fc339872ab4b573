/*
 * tests/guest/linuxboot_entry.S - the test loader's PVH entry (QEMU
 * -kernel, 32-bit protected mode, paging off, EBX = hvm_start_info) and
 * its way into 64-bit mode, set up the way a Firecracker-style VMM leaves
 * a CPU for the Linux 64-bit boot protocol: paging on with a 1 GiB
 * identity map (2 MiB pages), a flat GDT whose selectors are the ones
 * boot.rst names (__BOOT_CS 0x10, __BOOT_DS 0x18, unlike libuk's own
 * 0x08/0x10, so an image that kept them would be noticed), interrupts off.
 *
 * Not linked with libuk; load address 32 MiB (linuxboot_loader.ld).
 * Tested with QEMU 7.2 -M microvm (TCG).
 */
#define LOADER_CS 0x10
#define LOADER_DS 0x18

	.section .text.entry, "ax"
	.code32
	.globl loader_entry32
loader_entry32:
	cli
	cld
	mov	%ebx, loader_start_info
	mov	$loader_stack_top, %esp

	/* Three tables in .bss: PML4 -> PDPT -> one PD of 2 MiB pages. */
	mov	$pml4, %edi
	mov	$(3 * 4096 / 4), %ecx
	xor	%eax, %eax
	rep stosl
	movl	$(pdpt + 3), pml4
	movl	$(pd + 3), pdpt
	mov	$pd, %edi
	mov	$0x83, %eax		/* present, writable, 2 MiB */
	mov	$512, %ecx
1:	mov	%eax, (%edi)
	add	$0x200000, %eax
	add	$8, %edi
	loop	1b

	mov	%cr4, %eax
	or	$0x20, %eax		/* PAE */
	mov	%eax, %cr4
	mov	$pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx	/* EFER.LME */
	rdmsr
	or	$0x100, %eax
	wrmsr
	mov	%cr0, %eax
	or	$0x80000001, %eax	/* PG, PE */
	mov	%eax, %cr0
	lgdt	gdt_desc
	ljmp	$LOADER_CS, $start64

	.code64
start64:
	mov	$LOADER_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	$loader_stack_top, %rsp
	call	loader_main
2:	hlt
	jmp	2b

/*
 * loader_enter(entry, boot_params): the hand-over. RSP is the VMM's
 * (Firecracker uses 0x8ff0); nothing else is promised to the image.
 */
	.text
	.globl loader_enter
loader_enter:
	mov	%rdi, %rax
	mov	$0x8ff0, %rsp
	xor	%ebp, %ebp
	jmp	*%rax

	.section .rodata
	.p2align 3
gdt:
	.quad	0
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x10: 64-bit code */
	.quad	0x00cf93000000ffff	/* 0x18: data */
gdt_end:
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	gdt

	.bss
	.p2align 12
pml4:	.skip	4096
pdpt:	.skip	4096
pd:	.skip	4096
	.skip	16384
loader_stack_top:
	.globl loader_start_info
loader_start_info:
	.skip	4

	.section .note.GNU-stack, "", @progbits
