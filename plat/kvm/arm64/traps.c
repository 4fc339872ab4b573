/*
 * plat/kvm/arm64/traps.c - what the exception vectors (vectors.S) hand to
 * C: system calls (`svc #0`: ESR_EL1.EC 0x15, number in x8, arguments in
 * x0-x5, result in x0, as Linux's arm64 ABI), IRQs (irq.c), and everything
 * else, which is fatal: a report with the exception class decoded from ESR_EL1, FAR, ELR,
 * SPSR, the registers and a frame-pointer backtrace (resolve with
 * `addr2line -e <image>`), then UK_EXIT_FAULT.
 */
#include <stdint.h>
#include <uk/console.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include "arm64.h"
#include "backtrace.h"
#include "gic.h"
#include "fault_context.h"
#include "smp.h"

#define ESR_EC(esr)  (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)

#define EC_UNKNOWN   0x00
#define EC_SVC64     0x15
#define EC_IABT_CUR  0x21
#define EC_PC_ALIGN  0x22
#define EC_DABT_CUR  0x25
#define EC_SP_ALIGN  0x26
#define EC_BRK       0x3c

extern const char ukplat_arm64_semihost_insn[];

static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00: return "unknown reason (undefined instruction)";
	case 0x01: return "WFI/WFE trapped";
	case 0x07: return "SVE/SIMD/FP access trapped";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC in AArch64";
	case 0x16: return "HVC in AArch64";
	case 0x17: return "SMC in AArch64";
	case 0x18: return "MSR/MRS/system instruction trapped";
	case 0x20: return "instruction abort from a lower EL";
	case 0x21: return "instruction abort";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort from a lower EL";
	case 0x25: return "data abort";
	case 0x26: return "SP alignment fault";
	case 0x2c: return "floating-point exception";
	case 0x2f: return "SError interrupt";
	case 0x30: return "breakpoint from a lower EL";
	case 0x31: return "breakpoint";
	case 0x32: return "software step from a lower EL";
	case 0x33: return "software step";
	case 0x34: return "watchpoint from a lower EL";
	case 0x35: return "watchpoint";
	case 0x3c: return "BRK instruction";
	default: return "reserved exception class";
	}
}

/* Data/instruction fault status code (ISS bits 5:0) of an abort. */
static const char *fsc_name(unsigned int fsc)
{
	switch (fsc & 0x3c) {
	case 0x04: return "translation fault (not mapped)";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	}
	switch (fsc) {
	case 0x00: case 0x01: case 0x02: case 0x03:
		return "address size fault";
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment fault";
	default: return "other fault";
	}
}

static bool frame_readable(uint64_t fp)
{
	return ukplat_arm64_readable(fp, 16);
}

static UK_NORETURN void fault_report(const struct ukplat_arm64_regs *r,
				     bool in_handler, const char *context)
{
	static int reporting;
	unsigned int ec = (unsigned int)ESR_EC(r->esr);
	bool data = ec == EC_DABT_CUR || ec == 0x24;

	/* A fault while reporting must not loop. */
	if (reporting++) {
		ukplat_console_write("\r\nuk: fault during fault handling\r\n", 37);
		ukplat_arm64_exit_hard(UK_EXIT_FAULT);
	}
	uk_printf("\nuk: CPU exception: %s (EC 0x%02x)%s\n", ec_name(ec), ec,
		  context);
	if (ec == EC_DABT_CUR || ec == EC_IABT_CUR || ec == 0x20 || ec == 0x24) {
		uk_printf("uk: %s, %s access at FAR %016lx\n",
			  fsc_name((unsigned int)(r->esr & 0x3f)),
			  ec == EC_DABT_CUR || ec == 0x24
				  ? ((r->esr & (1 << 6)) ? "write" : "read")
				  : "instruction fetch",
			  r->far);
	}
	/* In a handler the faulting code ran on SP_EL1, just above the frame. */
	ukplat_fault_print_context(data, r->far,
				   in_handler ? (uint64_t)(uintptr_t)(r + 1) : r->sp);
	uk_printf("uk: ESR %016lx FAR %016lx\n", r->esr, r->far);
	uk_printf("uk: ELR %016lx SPSR %016lx SP %016lx\n", r->elr, r->spsr, r->sp);
	for (int i = 0; i < 30; i += 3)
		uk_printf("uk: x%-2d %016lx x%-2d %016lx x%-2d %016lx\n", i, r->x[i],
			  i + 1, r->x[i + 1], i + 2, r->x[i + 2]);
	uk_printf("uk: x30 %016lx\n", r->x[30]);
	ukplat_print_backtrace(r->elr, r->x[29], frame_readable);
	uk_exit(UK_EXIT_FAULT);
}

/* Set once an HLT for semihosting trapped: the VMM has no semihosting. */
bool ukplat_arm64_no_semihosting;

/* in_handler: taken while SP_EL1 was in use (a system call, a handler). */
void ukplat_arm64_sync(struct ukplat_arm64_regs *r, unsigned long in_handler)
{
	unsigned int ec = (unsigned int)ESR_EC(r->esr);

	/*
	 * A system call from inside one is fine: signal handlers run within
	 * the kill/tkill that delivers them, and make calls of their own.
	 */
	if (uk_likely(ec == EC_SVC64)) {
		ukplat_arm64_lcpu_self()->svc_frame = r; /* for clone (syscall.c) */
		r->x[0] = (uint64_t)uk_syscall_from_app(r->x[8], (long)r->x[0],
							(long)r->x[1], (long)r->x[2],
							(long)r->x[3], (long)r->x[4],
							(long)r->x[5]);
		return;
	}
	/* HLT without -semihosting is undefined: go on to the next way out. */
	if (ec == EC_UNKNOWN && r->elr == (uintptr_t)ukplat_arm64_semihost_insn) {
		ukplat_arm64_no_semihosting = true;
		r->elr += 4;
		return;
	}
	fault_report(r, in_handler,
		     in_handler ? " [in a system call or exception handler]" : "");
}

void ukplat_arm64_async(struct ukplat_arm64_regs *r, unsigned long kind)
{
	static const char *const names[] = { "", "IRQ", "FIQ", "SError" };

	if ((kind & 3) == 3)
		fault_report(r, false, " [SError]");
	if ((kind & 3) == 1) {
		ukplat_arm64_irq();
		/*
		 * Taken on SP_EL0: not in a system call or handler, so the
		 * preemption handler may switch threads from here; this
		 * thread's SP_EL1 stack keeps the frame until it resumes.
		 */
		if (!(kind & 4))
			ukplat_arm64_preempt_check();
		return;
	}
	/* FIQs are never routed to us: one that arrives is unexpected. */
	uk_pr_warn("unexpected %s ignored", names[kind & 3]);
}

void ukplat_arm64_fatal(struct ukplat_arm64_regs *r, unsigned long from_lower)
{
	fault_report(r, !from_lower, from_lower ? " [from a lower exception level]"
					       : " [exception stack overflow]");
}
