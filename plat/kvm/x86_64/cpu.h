/*
 * plat/kvm/x86_64/cpu.h - the x86_64 platform's internal interface:
 * instruction wrappers and the functions each file offers the others,
 * grouped by the file that implements them.
 */
#ifndef UKPLAT_X86_64_CPU_H
#define UKPLAT_X86_64_CPU_H

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
void ukplat_x86_cpu_init(void);
void ukplat_x86_guard_ist_stacks(void);

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

/* guard.c */
void ukplat_x86_guard_add(uintptr_t page, const char *what);

/* terminate.c */
UK_NORETURN void ukplat_x86_exit_hard(int status);

/* traps.c */
void ukplat_x86_trap(struct ukplat_x86_trapframe *tf);

/* preempt.c: after an interrupt, run the preemption handler if asked. */
void ukplat_x86_preempt_check(struct ukplat_x86_trapframe *tf);
extern volatile int ukplat_x86_halting;

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

/* timer.c: the timer vector's interrupt, with interrupts off */
void ukplat_x86_timer_interrupt(void);

/* clock.c */
void ukplat_x86_clock_set_entry(uint64_t entry_tsc);

#endif /* UKPLAT_X86_64_CPU_H */
