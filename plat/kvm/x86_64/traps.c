/*
 * plat/kvm/x86_64/traps.c - what happens when the CPU raises an exception or
 * an interrupt arrives that nobody expects.
 *
 * CPU exceptions are fatal: the report names the exception, prints the
 * error code, the registers, CR0/CR2/CR3/CR4 and a frame-pointer backtrace
 * (libuk is built with frame pointers; resolve the addresses with
 * `addr2line -e <image>`), then the machine exits with UK_EXIT_FAULT.
 * The local APIC timer's vector goes to timer.c, the IPI vector to
 * lcpu.c, the device interrupts' vectors to ioapic.c; other interrupts
 * are logged once per vector and ignored.
 */
#include <stdbool.h>
#include <stdint.h>
#include <uk/console.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "backtrace.h"
#include "fault_context.h"
#include "cpu.h"

static const char *const exception_names[32] = {
	[0] = "#DE divide error",
	[1] = "#DB debug",
	[2] = "NMI",
	[3] = "#BP breakpoint",
	[4] = "#OF overflow",
	[5] = "#BR bound range exceeded",
	[6] = "#UD invalid opcode",
	[7] = "#NM device not available",
	[8] = "#DF double fault",
	[10] = "#TS invalid TSS",
	[11] = "#NP segment not present",
	[12] = "#SS stack-segment fault",
	[13] = "#GP general protection",
	[14] = "#PF page fault",
	[16] = "#MF x87 floating-point error",
	[17] = "#AC alignment check",
	[18] = "#MC machine check",
	[19] = "#XM SIMD floating-point exception",
	[20] = "#VE virtualization exception",
	[21] = "#CP control protection",
};

/* Frames must be 8-byte aligned and readable (a bad one must not fault). */
static bool frame_readable(uint64_t fp)
{
	return ukplat_x86_readable(fp, 16);
}

static void print_pf_detail(uint64_t err)
{
	uk_printf(" [%s %s%s%s]", (err & 1) ? "protection" : "not-present",
		  (err & 2) ? "write" : "read", (err & 16) ? " ifetch" : "",
		  (err & 8) ? " reserved-bit" : "");
}

/*
 * A present page refused the access: say which protection did it (W^X:
 * the image's text and rodata are read-only, nothing else is executable).
 */
static void print_protection(uint64_t err, uint64_t addr)
{
	const char *where = ukplat_x86_paging_describe(addr);
	const char *what;

	if (!(err & 1) || (err & 8))
		return;
	if (err & 16)
		what = "instruction fetch from no-execute memory";
	else if (err & 2)
		what = "write to read-only memory";
	else
		return;
	uk_printf("uk: page-protection fault: %s%s%s%s\n", what,
		  where ? " (" : "", where ? where : "", where ? ")" : "");
}

static UK_NORETURN void fault_report(const struct ukplat_x86_trapframe *tf)
{
	const char *name = tf->vector < 32 ? exception_names[tf->vector] : NULL;
	static int reporting;

	/*
	 * A fault while reporting (or while exiting after a report) must not
	 * loop: every exception reuses the same interrupt stack.
	 */
	if (reporting++) {
		ukplat_console_write("\r\nuk: fault during fault handling\r\n", 37);
		ukplat_x86_exit_hard(UK_EXIT_FAULT);
	}

	uk_printf("\nuk: CPU exception %s (vector %lu), error code 0x%lx",
		  name ? name : "(reserved)", tf->vector, tf->error);
	if (tf->vector == 14)
		print_pf_detail(tf->error);
	uk_printf("\n");
	if (tf->vector == 14)
		print_protection(tf->error, read_cr2());
	ukplat_fault_print_context(tf->vector == 14, read_cr2(), tf->rsp);
	uk_printf("uk: RIP %016lx CS %04lx RFLAGS %016lx\n", tf->rip, tf->cs,
		  tf->rflags);
	uk_printf("uk: RSP %016lx SS %04lx CR2 %016lx\n", tf->rsp, tf->ss,
		  read_cr2());
	uk_printf("uk: RAX %016lx RBX %016lx RCX %016lx\n", tf->rax, tf->rbx,
		  tf->rcx);
	uk_printf("uk: RDX %016lx RSI %016lx RDI %016lx\n", tf->rdx, tf->rsi,
		  tf->rdi);
	uk_printf("uk: RBP %016lx R8  %016lx R9  %016lx\n", tf->rbp, tf->r8,
		  tf->r9);
	uk_printf("uk: R10 %016lx R11 %016lx R12 %016lx\n", tf->r10, tf->r11,
		  tf->r12);
	uk_printf("uk: R13 %016lx R14 %016lx R15 %016lx\n", tf->r13, tf->r14,
		  tf->r15);
	uk_printf("uk: CR0 %016lx CR3 %016lx CR4 %016lx\n", read_cr0(),
		  read_cr3(), read_cr4());
	ukplat_print_backtrace(tf->rip, tf->rbp, frame_readable);
	uk_exit(UK_EXIT_FAULT);
}

void ukplat_x86_trap(struct ukplat_x86_trapframe *tf)
{
	static int reported[256 / 32];

	if (tf->vector < 32)
		fault_report(tf);
	ukplat_x86_lcpu_self()->irqs_taken++; /* timer.c's timer-less wait */
	if (tf->vector == UKPLAT_VECTOR_TIMER) {
		ukplat_x86_timer_interrupt();
		ukplat_x86_preempt_check(tf);
		return;
	}
	if (tf->vector - UKPLAT_VECTOR_IRQ_FIRST < UKPLAT_VECTOR_IRQ_COUNT) {
		/* A handler may have woken a thread: let it be scheduled. */
		ukplat_x86_irq_dispatch((unsigned int)tf->vector);
		ukplat_x86_preempt_check(tf);
		return;
	}
	if (tf->vector - UKPLAT_VECTOR_PIC < 16 &&
	    ukplat_x86_pic_dispatch((unsigned int)tf->vector)) {
		ukplat_x86_preempt_check(tf);
		return;
	}
	if (tf->vector == UKPLAT_VECTOR_IPI) {
		ukplat_x86_lcpu_ipi();
		return;
	}
	/* The APIC's spurious interrupt wants no EOI and means nothing. */
	if (tf->vector == UKPLAT_VECTOR_SPURIOUS)
		return;
	/*
	 * Anything else (a PIC spurious IRQ 7/15 among them) is logged once
	 * per vector and ignored.
	 */
	if (!(reported[tf->vector / 32] & (1 << (tf->vector % 32)))) {
		reported[tf->vector / 32] |= 1 << (tf->vector % 32);
		uk_pr_warn("unexpected interrupt on vector %lu ignored", tf->vector);
	}
}
