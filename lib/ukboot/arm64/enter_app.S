/*
 * lib/ukboot/arm64/enter_app.S - jump to the application's entry point
 * (musl's _start) on its Linux-style initial stack, as a Linux kernel
 * leaves a new process: SP at argc, x0 = 0 (no dynamic-linker finalizer),
 * x29 = x30 = 0 (the outermost frame).
 *
 * void uk_boot_enter_app(void *entry, void *sp) -- does not return
 */
	.text
	.globl uk_boot_enter_app
uk_boot_enter_app:
	mov	sp, x1
	mov	x16, x0
	mov	x0, xzr
	mov	x29, xzr
	mov	x30, xzr
	br	x16

	.section .note.GNU-stack, "", %progbits
