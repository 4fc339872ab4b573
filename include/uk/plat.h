/*
 * uk/plat.h - what a platform (plat/kvm/<arch>/) provides to libuk's
 * portable libraries. Libraries reach the hardware only through these calls.
 */
#ifndef UK_PLAT_H
#define UK_PLAT_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write bytes to the platform console as they are (no newline mapping). */
void ukplat_console_write(const char *buf, size_t len);

/* Read the bytes the console has received, up to 'len'; never blocks. */
size_t ukplat_console_read(char *buf, size_t len);

/*
 * Power off with 'status'. On QEMU with isa-debug-exit the status reaches
 * the QEMU process; otherwise the machine is shut down through ACPI, and as a
 * last resort the CPU halts with interrupts off.
 */
UK_NORETURN void ukplat_terminate(int status);

/* Monotonic time since boot in nanoseconds, and the raw cycle counter. */
uint64_t ukplat_monotonic_ns(void);
uint64_t ukplat_cycles(void);
/* Cycle counter frequency in Hz (0 when unknown), and the boot-entry stamp. */
uint64_t ukplat_cycles_hz(void);
uint64_t ukplat_boot_entry_cycles(void);

/*
 * Seconds since the Epoch at boot: the real-time clock, read on first use
 * and anchored to the monotonic clock (0 when the RTC is unreadable).
 */
int64_t ukplat_wallclock_boot_sec(void);

/* Read the real-time clock now (slow: device I/O); -1 when unreadable. */
int64_t ukplat_rtc_read_sec(void);

/*
 * Wait until the monotonic clock reaches 'deadline_ns'. Until timer
 * interrupts exist this spins politely (pause); it returns at once for a
 * deadline in the past.
 */
void ukplat_wait_until_ns(uint64_t deadline_ns);

/*
 * Fill 'buf' with 'len' bytes from the CPU's hardware random number
 * generator (RDSEED/RDRAND on x86_64). Returns len, or -ENODEV when the CPU
 * has none or it keeps failing.
 */
long ukplat_entropy_hw(void *buf, size_t len);

/* The CPU's spin-wait hint (pause / yield), for busy-wait loops. */
void ukplat_cpu_relax(void);

/* Thread pointer of the running code (FS base on x86_64, TPIDR_EL0 on arm64). */
void ukplat_tlsp_set(uintptr_t tp);
uintptr_t ukplat_tlsp_get(void);

/* Architecture capability word for AT_HWCAP (CPUID.1:EDX on x86_64). */
unsigned long ukplat_hwcap(void);

/*
 * Make the mapped page at 'page' (page-aligned) inaccessible, so that
 * running off a stack into it faults; the fault report then names 'what'
 * (a string with static storage). The page is unmapped and no longer
 * usable memory. Returns 0, -EINVAL (bad address, too many guards) or
 * -ENOMEM.
 */
int ukplat_guard_page(uintptr_t page, const char *what);

/* Change the protection (UK_PROT_* bits of uk/paging.h) of the mapped, page-aligned range [va, va+len). Returns 0, -EINVAL (alignment, W|X with W^X on), -ENOENT (not mapped) or -ENOMEM. */
int ukplat_mem_protect(uintptr_t va, size_t len, unsigned int prot);

/*
 * Execution contexts, for the scheduler: a stack, the registers a function
 * call preserves, the thread pointer and the FPU/SIMD state (x87/SSE/AVX
 * through XSAVE or FXSAVE; arm64 v0-v31, FPCR, FPSR). Application threads
 * keep live SIMD state across system calls, so every switch saves it; the
 * kernel itself never touches those registers.
 */
struct ukplat_ctx {
	uintptr_t sp;     /* where the switch left the saved registers */
	uintptr_t tlsp;   /* thread pointer (FS base / TPIDR_EL0) */
	void *fpu;        /* save area of ukplat_fpu_size() bytes, 64-aligned */
	uintptr_t other_sp; /* arm64: the stack pointer not in use at the
			     * switch (SP_EL1, the stack of this context's
			     * exceptions and system calls, when it runs on
			     * SP_EL0; SP_EL0 when it runs on SP_EL1) */
	uintptr_t spsel;  /* arm64: the stack selector in use */
	uintptr_t sys_stack; /* x86_64: top of this context's system-call
			      * stack (see ukplat_ctx_init) */
	uintptr_t sys_depth; /* x86_64: system calls in progress, plus
			      * one while running kernel code of its own */
};

/* Size of a context's FPU/SIMD save area (a multiple of 64). */
size_t ukplat_fpu_size(void);

/*
 * Prepare 'ctx' (whose fpu area the caller has set) to run entry(arg) on
 * 'stack_top' (16-byte aligned), with 'kstack_top' as its exception stack
 * on arm64. The FPU/SIMD state and the thread pointer start as the
 * caller's, as Linux's clone copies them. entry must not return. On
 * x86_64, 'stack_top' is also where the context's system calls run once
 * it has returned to the application (ukplat_syscall_child_return); until
 * then they run on the stack in use, as the boot context's always do.
 */
void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack_top, void *kstack_top,
		     void (*entry)(void *), void *arg);

/* Save the running context into 'from' and continue 'to'. */
void ukplat_ctx_switch(struct ukplat_ctx *from, struct ukplat_ctx *to);

/*
 * Application threads (clone). A new thread's first return to the
 * application is a copy of the system call its creator is making, with
 * the result 0 and another stack pointer: 'regs' holds that copy.
 * ukplat_syscall_child_regs fills it from the system call being served,
 * which must not have blocked or made another call yet (the platform keeps
 * only the latest entry's registers). ukplat_syscall_child_return, called
 * by the new context itself (made by ukplat_ctx_init), returns to the
 * application with those registers and never comes back; from then on the
 * context's system calls run on its own stack (x86_64: the stack given to
 * ukplat_ctx_init; arm64: its exception stack), never on the
 * application's, so a thread may unmap its own stack and exit.
 */
struct ukplat_syscall_regs {
	uint64_t r[36];
};
void ukplat_syscall_child_regs(struct ukplat_syscall_regs *regs, uintptr_t sp);
UK_NORETURN void ukplat_syscall_child_return(const struct ukplat_syscall_regs *regs);

/*
 * A fault report names the running thread through this callback (the
 * scheduler registers one): it writes a NUL-terminated description.
 */
void ukplat_fault_set_describer(void (*describe)(char *buf, size_t len));

/*
 * The exception stack a new context needs (arm64: its own SP_EL1, guarded
 * and placed so that the vectors can detect an overflow); x86_64 needs
 * none (its exceptions use the IST stacks) and returns NULL with *top = 0.
 * Returns a handle for ukplat_kstack_free, or NULL with *top = 0 when out
 * of memory on arm64 (the caller tells the two apart by ukplat_kstack_needed).
 */
int ukplat_kstack_needed(void);
void *ukplat_kstack_alloc(uintptr_t *top);
void ukplat_kstack_free(void *handle);

/*
 * Interrupts and the one-shot timer.
 *
 * Interrupts are off from boot until something enables them. The timer is
 * one-shot: ukplat_timer_set_deadline arms it for a monotonic time (a
 * deadline already past fires at once; 0 disarms it), and when it fires
 * the platform calls the handler given to ukplat_timer_set_handler, with
 * interrupts off, on the interrupt's own stack; the handler must not
 * switch threads. There is no periodic tick.
 */
unsigned long ukplat_irq_save(void);          /* disable; return the old state */
void ukplat_irq_restore(unsigned long flags); /* back to a saved state */
/*
 * Those two are also inline for code built for the kernel: they run tens
 * of times per system call and network frame, and a call and its return
 * cost more than the instruction itself (most of all under emulation).
 * The platform's functions (plat/kvm/<arch>/irq.c) do the same. Programs
 * for the host (unit tests) define UK_PLAT_IRQ_CALLS to call their own.
 */
#if !defined(UK_PLAT_IRQ_CALLS) && defined(__x86_64__)
static inline unsigned long ukplat_irq_save_inline(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f & (1UL << 9); /* RFLAGS.IF */
}

static inline void ukplat_irq_restore_inline(unsigned long flags)
{
	if (flags & (1UL << 9))
		__asm__ __volatile__("sti" : : : "memory");
	else
		__asm__ __volatile__("cli" : : : "memory");
}
#define ukplat_irq_save()         ukplat_irq_save_inline()
#define ukplat_irq_restore(flags) ukplat_irq_restore_inline(flags)
#elif !defined(UK_PLAT_IRQ_CALLS) && defined(__aarch64__)
static inline unsigned long ukplat_irq_save_inline(void)
{
	unsigned long f;

	__asm__ __volatile__("mrs %0, daif\n\tmsr daifset, #2"
			     : "=r"(f) : : "memory");
	return f;
}

static inline void ukplat_irq_restore_inline(unsigned long flags)
{
	if (flags & (1UL << 7)) /* DAIF.I */
		__asm__ __volatile__("msr daifset, #2" : : : "memory");
	else /* the isb lets a pending interrupt in right here */
		__asm__ __volatile__("msr daifclr, #2\n\tisb" : : : "memory");
}
#define ukplat_irq_save()         ukplat_irq_save_inline()
#define ukplat_irq_restore(flags) ukplat_irq_restore_inline(flags)
#endif
void ukplat_irq_enable(void);
void ukplat_irq_disable(void);
int ukplat_irq_enabled(void);
void ukplat_timer_set_handler(void (*handler)(void));
void ukplat_timer_set_deadline(uint64_t deadline_ns);
/*
 * Halt the CPU until an interrupt has been taken (its handler has run),
 * enabling interrupts only for the halt itself, atomically with it (sti;
 * hlt / wfi with the interrupt pending-check), so that a wake-up is never
 * lost between a check and the halt. Called and returns with interrupts
 * off.
 */
void ukplat_halt_irq(void);
/*
 * Halt once: return when one interrupt has been taken or the monotonic
 * clock reaches deadline_ns (0: no deadline), whichever comes first. The
 * scheduler idles with it, so that a device interrupt that made a thread
 * runnable ends the idle at once. Called with interrupts off or on.
 */
void ukplat_halt_until_ns(uint64_t deadline_ns);

/*
 * Device interrupts. 'irq' is the platform's number for an interrupt
 * line, as the device's description gives it: x86_64 a GSI (an I/O APIC
 * input; ISA IRQs 0-15 after the MADT's source overrides, which the
 * platform applies: pass the ISA number for an ISA device), arm64 a GIC
 * INTID (SPI n is 32 + n). 'flags' gives the trigger mode and polarity.
 *
 * The handler runs with interrupts off, on the interrupt's own stack, and
 * MUST NOT block or switch threads; it may wake threads (uk_waitq_wake_*).
 * It returns nonzero when its device had raised the interrupt (a line
 * may be shared: every handler of the line runs). The platform ends the
 * interrupt (EOI) after the handlers have run, so a level-triggered
 * device must have been acknowledged by its handler.
 *
 * Returns 0 (the line is unmasked), -EINVAL for a line the interrupt
 * controller does not have or bad flags, -EBUSY when the line already has
 * UKPLAT_IRQ_MAX_SHARED handlers, -ENODEV when the platform has no
 * controller for device interrupts.
 *
 * The handlers of one line share its signal: flags that differ from its
 * first registration's are -EINVAL. x86_64: an ISA IRQ's trigger and
 * polarity are the ISA bus's (edge, active high) unless the MADT's
 * override says otherwise; 'flags' then only has to be valid. arm64: the
 * GIC takes level-high and rising-edge SPIs only, so UKPLAT_IRQ_ACTIVE_LOW
 * is -EINVAL, and so is any INTID outside the distributor's SPIs.
 */
#define UKPLAT_IRQ_EDGE        0x0
#define UKPLAT_IRQ_LEVEL       0x1
#define UKPLAT_IRQ_ACTIVE_HIGH 0x0
#define UKPLAT_IRQ_ACTIVE_LOW  0x2
#define UKPLAT_IRQ_MAX_SHARED  4
typedef int (*ukplat_irq_handler_t)(void *arg);
int ukplat_irq_register(unsigned int irq, unsigned int flags,
			ukplat_irq_handler_t handler, void *arg);
/* How many device interrupt handlers are registered (the scheduler's
 * "everything is blocked" check: with none, nothing can wake a thread). */
unsigned int ukplat_irq_handlers(void);

/*
 * Preemption. An interrupt handler (the timer's) calls
 * ukplat_preempt_request to have the function given to
 * ukplat_preempt_set_handler run in the interrupted context once the
 * interrupt is over: as if the interrupted code had called it, on that
 * context's stack, with interrupts off; when it returns (possibly after
 * other threads ran), the interrupted code resumes exactly. The request
 * is dropped (the caller asks again later) when the interrupted code had
 * interrupts off, was halting in ukplat_halt_irq, was inside a system
 * call, or (x86_64) was leaving one.
 */
void ukplat_preempt_set_handler(void (*fn)(void));
void ukplat_preempt_request(void);

/*
 * The scheduler's hold on the other CPUs (uk/sched.h).
 *
 * ukplat_lcpu_set_idle_entry: from now on, every CPU other than the boot
 * CPU that is parked idle (uk/lcpu.h) calls fn() from its idle loop,
 * outside any interrupt handler, with interrupts off, on the stack it was
 * started on; fn may keep the CPU for good. Calls queued with
 * uk_lcpu_run still reach the CPU whenever it has interrupts on. The
 * caller wakes the parked CPUs (a uk_lcpu_run call) so that they notice.
 * Returns 0, or -ENOTSUP when the other CPUs cannot run threads here.
 *
 * ukplat_irq_set_guard: enter() runs before the handlers of a device
 * interrupt, leave() after them (the kernel lock).
 */
int ukplat_lcpu_set_idle_entry(void (*fn)(void));
void ukplat_irq_set_guard(void (*enter)(void), void (*leave)(void));

/* Image bounds, from the linker script. */
extern char __uk_image_start[], __uk_image_end[];

#ifdef __cplusplus
}
#endif

#endif /* UK_PLAT_H */
