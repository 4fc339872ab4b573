/*
 * lib/ukboot/x86_64/enter_app.S - jump to the application's entry point
 * (musl's _start) on its Linux-style initial stack, as a Linux kernel
 * leaves a new process: RSP at argc, RDX = 0 (no dynamic-linker
 * finalizer), RBP = 0 (the outermost frame).
 *
 * void uk_boot_enter_app(void *entry, void *sp) -- does not return
 */
	.text
	.globl uk_boot_enter_app
uk_boot_enter_app:
	mov	%rsi, %rsp
	xor	%ebp, %ebp
	xor	%edx, %edx
	jmp	*%rdi

	.section .note.GNU-stack, "", @progbits
