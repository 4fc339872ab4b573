/*
 * bench/noop.S - the QEMU floor for bench/boot.sh: a PVH kernel whose first
 * instruction already reports exit through isa-debug-exit. Timing QEMU on
 * it shows how much of a boot is QEMU's own start-up and tear-down.
 * Linked with noop.ld at 1 MiB, outside libuk.
 */
	.section .note.pvh, "a"
	.p2align 2
	.long	4, 4, 18
	.asciz	"Xen"
	.long	noop_entry - noop_base + 0x100000

	.section .text, "ax"
	.code32
noop_base:
	.globl noop_entry
noop_entry:
	xor	%eax, %eax
	mov	$0xf4, %dx
	out	%eax, %dx
1:	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
