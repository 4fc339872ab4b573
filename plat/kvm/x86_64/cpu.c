/*
 * plat/kvm/x86_64/cpu.c - per-CPU architectural state: GDT, TSS with its
 * interrupt stacks, IDT, EFER features, the FPU/SSE/AVX enable bits, the
 * syscall MSRs and GS base (struct ukplat_x86_lcpu). Every CPU runs
 * ukplat_x86_cpu_init: the boot CPU from start.c, the others from smp.c.
 *
 * Every exception and interrupt runs on an IST stack: applications and
 * libuk share ring 0, and a CPU-pushed frame on the interrupted stack would
 * overwrite the 128-byte red zone that musl's code relies on.
 */
#include <stdint.h>
#include <ukbase/string.h>
#include "cpu.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} UK_PACKED;
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout (SDM vol. 3, 6.14.1)");

struct table_desc {
	uint16_t limit;
	uint64_t base;
} UK_PACKED;

/* Every CPU's GDT starts as this; the TSS descriptor is its own. */
static const uint64_t gdt_template[5] = {
	0,
	0x00af9b000000ffffULL, /* UKPLAT_GDT_CODE: 64-bit code, DPL 0 */
	0x00cf93000000ffffULL, /* UKPLAT_GDT_DATA */
	0, 0,                  /* UKPLAT_GDT_TSS: filled at run time */
};
/* One IDT for all CPUs, filled by the boot CPU. */
static struct idt_gate idt[256] UK_ALIGNED(16);
/*
 * The boot CPU's interrupt stacks, each on top of its own guard page
 * (guard.c); the other CPUs' come from the page allocator (smp.c).
 */
static struct {
	uint8_t guard[4096];
	uint8_t stack[UKPLAT_IST_SIZE];
} ist_stacks[UKPLAT_IST_COUNT] UK_ALIGNED(4096) UK_SECTION(".bss.stacks");

struct ukplat_x86_lcpu ukplat_x86_lcpus[UK_MAX_CPUS];

#define MSR_GS_BASE 0xc0000101

/* One stub per vector, laid out at a fixed stride (trap_stubs.S). */
extern const char ukplat_x86_trap_stubs[];
extern const char ukplat_x86_trap_stubs_end[];

static void load_gdt_tss(struct ukplat_x86_lcpu *c)
{
	uint64_t base = (uint64_t)(uintptr_t)&c->tss;
	struct table_desc d = { sizeof(c->gdt) - 1,
				(uint64_t)(uintptr_t)c->gdt };

	uk_memcpy(c->gdt, gdt_template, sizeof(c->gdt));
	uk_memset(&c->tss, 0, sizeof(c->tss));
	for (int i = 0; i < UKPLAT_IST_COUNT; i++)
		c->tss.ist[i] = c->ist_top[i];
	c->tss.iomap_base = sizeof(c->tss);

	/* 16-byte available 64-bit TSS descriptor (type 9, present). */
	c->gdt[3] = (sizeof(c->tss) - 1) | ((base & 0xffffff) << 16) |
		    (0x89ULL << 40) | (((base >> 24) & 0xff) << 56);
	c->gdt[4] = base >> 32;

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"ltr %w3"
		: : "m"(d), "i"(UKPLAT_GDT_CODE), "i"(UKPLAT_GDT_DATA),
		    "r"(UKPLAT_GDT_TSS)
		: "rax", "memory");
}

static unsigned int vector_ist(unsigned int vec)
{
	switch (vec) {
	case 2:
		return UKPLAT_IST_NMI;
	case 8:
		return UKPLAT_IST_DF;
	case 18:
		return UKPLAT_IST_MC;
	default:
		return UKPLAT_IST_TRAP;
	}
}

static void fill_idt(void)
{
	uintptr_t stubs = (uintptr_t)ukplat_x86_trap_stubs;
	size_t stride = (size_t)(ukplat_x86_trap_stubs_end -
				 ukplat_x86_trap_stubs) / 256;

	for (unsigned int v = 0; v < 256; v++) {
		uint64_t a = stubs + v * stride;

		idt[v].offset_lo = a & 0xffff;
		idt[v].selector = UKPLAT_GDT_CODE;
		idt[v].ist = (uint8_t)vector_ist(v);
		idt[v].type_attr = 0x8e; /* present, DPL 0, interrupt gate */
		idt[v].offset_mid = (a >> 16) & 0xffff;
		idt[v].offset_hi = (uint32_t)(a >> 32);
	}
}

static void load_idt(void)
{
	struct table_desc d = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	__asm__ __volatile__("lidt %0" : : "m"(d));
}

/*
 * The 8259 PICs come up unprogrammed, with IRQs on vectors 8-15 where they
 * would look like CPU exceptions: move them to 0x20-0x2f and mask them all.
 */
static void quiesce_pic(void)
{
	static const uint8_t init[2][4] = {
		{ 0x11, 0x20, 0x04, 0x01 }, /* master: ICW1-4, vectors 0x20 */
		{ 0x11, 0x28, 0x02, 0x01 }, /* slave: vectors 0x28 */
	};
	static const uint16_t cmd[2] = { 0x20, 0xa0 };

	for (int i = 0; i < 2; i++) {
		outb(cmd[i], init[i][0]);
		for (int w = 1; w < 4; w++)
			outb(cmd[i] + 1, init[i][w]);
		outb(cmd[i] + 1, 0xff);
	}
}

static void enable_features(void)
{
	struct cpuid_regs ext = cpuid(0x80000000, 0);
	struct cpuid_regs f1 = cpuid(1, 0);
	uint64_t efer = rdmsr(X86_MSR_EFER) | X86_EFER_SCE;
	uint64_t cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

	if (ext.eax >= 0x80000001 && (cpuid(0x80000001, 0).edx & (1u << 20)))
		efer |= X86_EFER_NXE;
	wrmsr(X86_MSR_EFER, efer);

	/* x87 and SSE for applications (CR0.MP/NE set, EM/TS clear at entry). */
	write_cr0((read_cr0() & ~(uint64_t)(X86_CR0_EM | X86_CR0_TS)) |
		  X86_CR0_MP | X86_CR0_NE);
	if (f1.ecx & (1u << 26)) { /* XSAVE */
		uint64_t xcr0 = 0x3; /* x87, SSE */

		cr4 |= X86_CR4_OSXSAVE;
		write_cr4(cr4);
		if (f1.ecx & (1u << 28)) /* AVX */
			xcr0 |= 0x4;
		__asm__ __volatile__("xsetbv"
				     : : "c"(0), "a"((uint32_t)xcr0),
				       "d"((uint32_t)(xcr0 >> 32)));
	} else {
		write_cr4(cr4);
	}
}

void ukplat_x86_guard_ist_stacks(void)
{
	static const char *const names[UKPLAT_IST_COUNT] = {
		"exception stack", "double-fault stack", "NMI stack",
		"machine-check stack",
	};

	for (int i = 0; i < UKPLAT_IST_COUNT; i++)
		ukplat_x86_guard_add((uintptr_t)ist_stacks[i].guard, names[i]);
}

#define MSR_STAR  0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define RFLAGS_TF (1 << 8)
#define RFLAGS_IF (1 << 9)
#define RFLAGS_DF (1 << 10)
#define RFLAGS_AC (1 << 18)

/*
 * The `syscall` instruction at CPL 0: STAR's kernel CS (and SS = CS + 8,
 * matching the GDT), LSTAR the entry, FMASK the flags cleared on entry.
 */
static void setup_syscall(void)
{
	extern char ukplat_x86_syscall_entry[];

	wrmsr(MSR_STAR, (uint64_t)UKPLAT_GDT_CODE << 32);
	wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)ukplat_x86_syscall_entry);
	wrmsr(MSR_FMASK, RFLAGS_TF | RFLAGS_IF | RFLAGS_DF | RFLAGS_AC);
}

uint32_t ukplat_x86_cpuid_apic_id(void)
{
	if (cpuid(0, 0).eax >= 0xb && cpuid(0xb, 0).ebx != 0)
		return cpuid(0xb, 0).edx;       /* the full x2APIC id */
	return cpuid(1, 0).ebx >> 24;
}

void ukplat_x86_cpu_init(struct ukplat_x86_lcpu *c)
{
	c->self = c;
	c->sys_depth = 1; /* the CPU's first context runs kernel code */
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)c);
	load_gdt_tss(c);
	if (c->idx == 0) {
		fill_idt();
		quiesce_pic();
	}
	load_idt();
	enable_features();
	setup_syscall();
}

void ukplat_x86_cpu_init_boot(void)
{
	struct ukplat_x86_lcpu *c = &ukplat_x86_lcpus[0];

	c->idx = 0;
	c->state = UKPLAT_LCPU_ONLINE;
	c->apic_id = ukplat_x86_cpuid_apic_id();
	for (int i = 0; i < UKPLAT_IST_COUNT; i++)
		c->ist_top[i] = (uint64_t)(uintptr_t)
				&ist_stacks[i].stack[UKPLAT_IST_SIZE];
	ukplat_x86_cpu_init(c);
}
