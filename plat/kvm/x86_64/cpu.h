/*
 * plat/kvm/x86_64/cpu.h - the x86_64 platform's internal interface:
 * instruction wrappers and the functions each file offers the others,
 * grouped by the file that implements them.
 */
#ifndef UKPLAT_X86_64_CPU_H
#define UKPLAT_X86_64_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/essentials.h>
#include "cpu_defs.h"

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
			     : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ __volatile__("cpuid"
			     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			     : "a"(leaf), "c"(subleaf));
	return r;
}

#define DEFINE_CR_ACCESS(n)                                                  \
	static inline uint64_t read_cr##n(void)                              \
	{                                                                    \
		uint64_t v;                                                  \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));        \
		return v;                                                    \
	}                                                                    \
	static inline void write_cr##n(uint64_t v)                           \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR_ACCESS(0)
DEFINE_CR_ACCESS(2)
DEFINE_CR_ACCESS(3)
DEFINE_CR_ACCESS(4)
#undef DEFINE_CR_ACCESS

static inline UK_NORETURN void halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

/* Registers saved by the trap stubs (trap_stubs.S), lowest address first. */
struct ukplat_x86_trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};
_Static_assert(sizeof(struct ukplat_x86_trapframe) == 22 * 8,
	       "trap frame layout is shared with traps.S");

/* start.c */
struct ukplat_phys_access;
extern const struct ukplat_phys_access ukplat_x86_phys;
UK_NORETURN void ukplat_x86_start64(uint32_t protocol, uint32_t info,
				    uint32_t magic, uint64_t entry_tsc);

/* cpu.c */
#ifndef UK_MAX_CPUS
#error "UK_MAX_CPUS comes from configure (m4/uk_smp.m4)"
#endif

struct ukplat_x86_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} UK_PACKED;
_Static_assert(sizeof(struct ukplat_x86_tss) == 104,
	       "TSS layout (SDM vol. 3, 8.7)");

/* struct ukplat_x86_lcpu's state */
#define UKPLAT_LCPU_OFFLINE 0
#define UKPLAT_LCPU_ONLINE  1
#define UKPLAT_LCPU_HALTED  2
#define UKPLAT_LCPU_STARTING 3

/* One call queued on a CPU (lcpu.c). */
struct ukplat_x86_call {
	void (*fn)(void *);
	void *arg;
};
#define UKPLAT_LCPU_QUEUE 16

/*
 * Everything one CPU owns; GS base points at it (so %gs:0 is 'self').
 * The fields up to 'local' are read GS-relative (offsets in cpu_defs.h).
 */
struct ukplat_x86_lcpu {
	struct ukplat_x86_lcpu *self;
	uint32_t idx;
	uint32_t apic_id;
	uintptr_t local;                /* uk_lcpu_local_get/set */
	/*
	 * syscall_entry.S's, for the context running here (ctx.c swaps
	 * stack and depth with the context): its system-call stack, the
	 * calls in progress (+1 for kernel code), the latest frame, and
	 * where the entry parks the caller's RSP.
	 */
	uintptr_t sys_stack;
	uintptr_t sys_depth;
	void *sys_frame;
	uintptr_t sys_scratch;
	/* timer.c: this CPU's local APIC timer */
	volatile uint64_t timer_user, timer_wait;
	int timer_lvt;
	/* preempt.c, irq.c; traps.c counts the interrupts this CPU took */
	volatile int preempt_requested, halting;
	volatile unsigned long irqs_taken;
	volatile int state;             /* UKPLAT_LCPU_* (lcpu.c) */
	volatile int alive;             /* set by the CPU when it has started */
	/* the calls: a ring under 'lock', counters for uk_lcpu_wait */
	volatile int lock;
	volatile uint64_t queued, done;
	unsigned int head, tail;
	struct ukplat_x86_call q[UKPLAT_LCPU_QUEUE];
	/* how it starts (smp.c) */
	void (*entry)(void *);
	void *entry_arg;
	uintptr_t stack_top;            /* the stack it starts on */
	void *stacks;                   /* libuk's pages: stack + IST stacks */
	/* architectural state (cpu.c) */
	uint64_t ist_top[UKPLAT_IST_COUNT];
	uint64_t gdt[5] UK_ALIGNED(16);
	struct ukplat_x86_tss tss UK_ALIGNED(64);
};
_Static_assert(__builtin_offsetof(struct ukplat_x86_lcpu, idx) ==
	       UKPLAT_LCPU_OFF_IDX, "cpu_defs.h");
_Static_assert(__builtin_offsetof(struct ukplat_x86_lcpu, apic_id) ==
	       UKPLAT_LCPU_OFF_ID, "cpu_defs.h");
_Static_assert(__builtin_offsetof(struct ukplat_x86_lcpu, local) ==
	       UKPLAT_LCPU_OFF_LOCAL, "cpu_defs.h");
_Static_assert(__builtin_offsetof(struct ukplat_x86_lcpu, sys_stack) ==
	       UKPLAT_LCPU_OFF_SYS_STACK, "cpu_defs.h");
_Static_assert(__builtin_offsetof(struct ukplat_x86_lcpu, sys_depth) ==
	       UKPLAT_LCPU_OFF_SYS_DEPTH, "cpu_defs.h");
_Static_assert(__builtin_offsetof(struct ukplat_x86_lcpu, sys_frame) ==
	       UKPLAT_LCPU_OFF_SYS_FRAME, "cpu_defs.h");
_Static_assert(__builtin_offsetof(struct ukplat_x86_lcpu, sys_scratch) ==
	       UKPLAT_LCPU_OFF_SYS_SCRATCH, "cpu_defs.h");

extern struct ukplat_x86_lcpu ukplat_x86_lcpus[UK_MAX_CPUS];

static inline struct ukplat_x86_lcpu *ukplat_x86_lcpu_self(void)
{
	struct ukplat_x86_lcpu *c;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/*
 * Load the GDT, TSS (IST stacks from c->ist_top), IDT, enable the FPU,
 * SSE, AVX, NX and the syscall MSRs, and point GS base at 'c': the one
 * initialisation every CPU runs, the boot CPU first.
 */
void ukplat_x86_cpu_init(struct ukplat_x86_lcpu *c);
/* The boot CPU's: its static IST stacks, index 0, its APIC id. */
void ukplat_x86_cpu_init_boot(void);
void ukplat_x86_guard_ist_stacks(void);
/* This CPU's APIC id from CPUID (leaf 0xB when present, else leaf 1). */
uint32_t ukplat_x86_cpuid_apic_id(void);

/* paging.c */
struct uk_bootinfo;
struct uk_pagetable;
void ukplat_x86_paging_init(struct uk_bootinfo *bi);
/* The live tables, or NULL while the build-time tables are still as built. */
struct uk_pagetable *ukplat_x86_pagetable(void);
/* Which part of the image 'addr' lies in, for fault reports; NULL: none. */
const char *ukplat_x86_paging_describe(uint64_t addr);
/* Whether [addr, addr + len) can be read without faulting (len <= 4 KiB). */
_Bool ukplat_x86_readable(uint64_t addr, uint64_t len);
/* Map device registers at [base, base + len) uncached; 0 or -errno. */
int ukplat_x86_map_device(uint64_t base, uint64_t len);

/* guard.c */
void ukplat_x86_guard_add(uintptr_t page, const char *what);

/* terminate.c */
UK_NORETURN void ukplat_x86_exit_hard(int status);

/* traps.c */
void ukplat_x86_trap(struct ukplat_x86_trapframe *tf);

/* preempt.c: after an interrupt, run the preemption handler if asked. */
void ukplat_x86_preempt_check(struct ukplat_x86_trapframe *tf);

/* pic.c: the 8259 PICs, for a CPU without a local APIC (ioapic.c) */
void ukplat_x86_pic_enable(unsigned int irq, bool level);
bool ukplat_x86_pic_spurious(unsigned int irq);
void ukplat_x86_pic_eoi(unsigned int irq);
/* ioapic.c: a PIC vector's handlers; 0 when the PICs are not in use. */
int ukplat_x86_pic_dispatch(unsigned int vector);

/* console_com1.c */
void ukplat_com1_init(void);

/* acpi_poweroff.c */
void ukplat_x86_acpi_poweroff(void);
unsigned int ukplat_x86_acpi_century_reg(void);

/* apic.c: register offsets as in the xAPIC page (SDM vol. 3, table 10-1) */
#define UKPLAT_APIC_TPR        0x080
#define UKPLAT_APIC_EOI        0x0b0
#define UKPLAT_APIC_SVR        0x0f0
#define UKPLAT_APIC_LVT_TIMER  0x320
#define UKPLAT_APIC_TIMER_INIT 0x380
#define UKPLAT_APIC_TIMER_CUR  0x390
#define UKPLAT_APIC_TIMER_DIV  0x3e0
/* Find and enable the local APIC, once; 0, or -ENODEV (said on the console). */
int ukplat_x86_apic_init(void);
int ukplat_x86_apic_is_x2apic(void);
uint32_t ukplat_x86_apic_read(uint32_t reg);
void ukplat_x86_apic_write(uint32_t reg, uint32_t v);
void ukplat_x86_apic_eoi(void);

/* apic.c: this CPU's APIC (an application processor's), as the boot
 * CPU's was set up; the IPIs (ICR: SDM vol. 3, 10.6.1). */
int ukplat_x86_apic_init_ap(void);
uint32_t ukplat_x86_apic_id(void);
#define UKPLAT_ICR_FIXED    0x00000
#define UKPLAT_ICR_INIT     0x00500
#define UKPLAT_ICR_STARTUP  0x00600
#define UKPLAT_ICR_ASSERT   0x04000
void ukplat_x86_apic_send_ipi(uint32_t apic_id, uint32_t icr_low);

/* lcpu.c: the IPI vector's interrupt, with interrupts off */
void ukplat_x86_lcpu_ipi(void);
/* What a started CPU does after its entry: serve calls, forever. */
UK_NORETURN void ukplat_x86_lcpu_idle(struct ukplat_x86_lcpu *c);

/* smp.c: processor discovery and AP start (init step) */
extern unsigned int ukplat_x86_lcpu_count;
int ukplat_x86_smp_start(struct ukplat_x86_lcpu *c, void *stack_top,
			 void (*entry)(void *), void *arg);
UK_NORETURN void ukplat_x86_ap_start64(struct ukplat_x86_lcpu *c);

/* ioapic.c: a device interrupt's vector (UKPLAT_VECTOR_IRQ_*), with
 * interrupts off: its handlers, then the EOI. */
void ukplat_x86_irq_dispatch(unsigned int vector);

/* timer.c: the timer vector's interrupt, with interrupts off */
void ukplat_x86_timer_interrupt(void);

/* clock.c */
void ukplat_x86_clock_set_entry(uint64_t entry_tsc);

#endif /* UKPLAT_X86_64_CPU_H */
