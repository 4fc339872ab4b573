/*
 * plat/kvm/x86_64/cpu.c - per-CPU architectural state: GDT, TSS with its
 * interrupt stacks, IDT, EFER features and the FPU/SSE/AVX enable bits.
 *
 * Every exception and interrupt runs on an IST stack: applications and
 * libuk share ring 0, and a CPU-pushed frame on the interrupted stack would
 * overwrite the 128-byte red zone that musl's code relies on.
 */
#include <stdint.h>
#include <ukbase/string.h>
#include "cpu.h"

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} UK_PACKED;
_Static_assert(sizeof(struct tss64) == 104, "TSS layout (SDM vol. 3, 8.7)");

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

static struct tss64 tss UK_ALIGNED(64);
static uint64_t gdt[5] UK_ALIGNED(16) = {
	0,
	0x00af9b000000ffffULL, /* UKPLAT_GDT_CODE: 64-bit code, DPL 0 */
	0x00cf93000000ffffULL, /* UKPLAT_GDT_DATA */
	0, 0,                  /* UKPLAT_GDT_TSS: filled at run time */
};
static struct idt_gate idt[256] UK_ALIGNED(16);
/* Each interrupt stack sits on top of its own guard page (guard.c). */
static struct {
	uint8_t guard[4096];
	uint8_t stack[UKPLAT_IST_SIZE];
} ist_stacks[UKPLAT_IST_COUNT] UK_ALIGNED(4096) UK_SECTION(".bss.stacks");

/* One stub per vector, laid out at a fixed stride (trap_stubs.S). */
extern const char ukplat_x86_trap_stubs[];
extern const char ukplat_x86_trap_stubs_end[];

static void load_gdt_tss(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	struct table_desc d = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

	for (int i = 0; i < UKPLAT_IST_COUNT; i++)
		tss.ist[i] = (uint64_t)(uintptr_t)&ist_stacks[i].stack[UKPLAT_IST_SIZE];
	tss.iomap_base = sizeof(tss);

	/* 16-byte available 64-bit TSS descriptor (type 9, present). */
	gdt[3] = (sizeof(tss) - 1) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;

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

static void load_idt(void)
{
	uintptr_t stubs = (uintptr_t)ukplat_x86_trap_stubs;
	size_t stride = (size_t)(ukplat_x86_trap_stubs_end -
				 ukplat_x86_trap_stubs) / 256;
	struct table_desc d = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	for (unsigned int v = 0; v < 256; v++) {
		uint64_t a = stubs + v * stride;

		idt[v].offset_lo = a & 0xffff;
		idt[v].selector = UKPLAT_GDT_CODE;
		idt[v].ist = (uint8_t)vector_ist(v);
		idt[v].type_attr = 0x8e; /* present, DPL 0, interrupt gate */
		idt[v].offset_mid = (a >> 16) & 0xffff;
		idt[v].offset_hi = (uint32_t)(a >> 32);
	}
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

void ukplat_x86_cpu_init(void)
{
	load_gdt_tss();
	load_idt();
	quiesce_pic();
	enable_features();
	setup_syscall();
}
