/*
 * plat/kvm/x86_64/cpu_defs.h - architectural constants of the x86_64
 * platform, shared by assembly, C and the linker script templates (so it
 * holds #defines only).
 */
#ifndef UKPLAT_X86_64_CPU_DEFS_H
#define UKPLAT_X86_64_CPU_DEFS_H

/*
 * Every x86_64 image is linked and loaded at 1 MiB. The linker script puts
 * the boot page table root's address in the first 8 bytes (the 32-bit entry
 * code reads it from there) and the 32-bit code (.text.boot) right after.
 */
#define UKPLAT_LOAD_ADDR      0x100000
#define UKPLAT_BOOT_PML4_SLOT UKPLAT_LOAD_ADDR
#define UKPLAT_BOOT_CODE      (UKPLAT_LOAD_ADDR + 8)

/* Boot protocol identifiers handed from the entries to the start path. */
#define UKPLAT_BOOT_PVH       1
#define UKPLAT_BOOT_MULTIBOOT 2
#define UKPLAT_BOOT_LINUX     3 /* Linux 64-bit boot protocol (boot_params) */

/* Segment selectors of the kernel GDT (gdt.c and the boot GDT agree). */
#define UKPLAT_GDT_CODE 0x08
#define UKPLAT_GDT_DATA 0x10
#define UKPLAT_GDT_TSS  0x18

#define X86_CR0_PE (1 << 0)
#define X86_CR0_MP (1 << 1)
#define X86_CR0_EM (1 << 2)
#define X86_CR0_TS (1 << 3)
#define X86_CR0_NE (1 << 5)
#define X86_CR0_WP (1 << 16)
#define X86_CR0_PG (1 << 31)

#define X86_CR4_PAE        (1 << 5)
#define X86_CR4_PGE        (1 << 7)
#define X86_CR4_OSFXSR     (1 << 9)
#define X86_CR4_OSXMMEXCPT (1 << 10)
#define X86_CR4_OSXSAVE    (1 << 18)

#define X86_MSR_EFER     0xc0000080
#define X86_EFER_SCE     (1 << 0)
#define X86_EFER_LME     (1 << 8)
#define X86_EFER_NXE     (1 << 11)

/* Page table entry bits. */
#define X86_PTE_P   0x001
#define X86_PTE_RW  0x002
#define X86_PTE_PWT 0x008
#define X86_PTE_PCD 0x010
#define X86_PTE_PS  0x080

/* Interrupt stack table slots (1-based, as in the IDT gate's IST field). */
#define UKPLAT_IST_TRAP  1 /* exceptions and interrupts */
#define UKPLAT_IST_DF    2 /* double fault */
#define UKPLAT_IST_NMI   3 /* NMI */
#define UKPLAT_IST_MC    4 /* machine check */
#define UKPLAT_IST_COUNT 4
#define UKPLAT_IST_SIZE  16384

#define UKPLAT_BOOT_STACK_SIZE 65536

/* Offsets in struct ukplat_x86_lcpu (cpu.h), read GS-relative. */
#define UKPLAT_LCPU_OFF_IDX   8
#define UKPLAT_LCPU_OFF_ID    12
#define UKPLAT_LCPU_OFF_LOCAL 16
/* syscall_entry.S's state for the context running on the CPU */
#define UKPLAT_LCPU_OFF_SYS_STACK  24
#define UKPLAT_LCPU_OFF_SYS_DEPTH  32
#define UKPLAT_LCPU_OFF_SYS_FRAME  40
#define UKPLAT_LCPU_OFF_SYS_SCRATCH 48

/*
 * Application processors start in real mode at the page the SIPI names
 * (smp.c copies the trampoline of entry.S there; start.c keeps the page
 * from the allocators): below 1 MiB, clear of the BIOS data area and of
 * the 0x9000 area where QEMU's Multiboot loader puts its data.
 */
#define UKPLAT_AP_TRAMPOLINE  0x7000
/* Boot GDT selector of the 32-bit code segment the trampoline jumps to. */
#define UKPLAT_BOOT_GDT_CODE32 0x18

/*
 * Interrupt vectors of the local APIC (apic.c, timer.c). The spurious
 * vector's low four bits must be 1s on older APICs (SDM vol. 3, 10.9).
 */
#define UKPLAT_VECTOR_TIMER    0xef
#define UKPLAT_VECTOR_IPI      0xf0 /* uk_lcpu_run calls (lcpu.c) */
#define UKPLAT_VECTOR_SPURIOUS 0xff
/*
 * Device interrupts through the I/O APICs (ioapic.c): one vector per line
 * in use, handed out from the bottom, above the PICs' 0x20-0x2f (masked,
 * but their spurious IRQs 7/15 still arrive there).
 */
#define UKPLAT_VECTOR_IRQ_FIRST 0x30
/* The PICs' ISA IRQs 0-15 (cpu.c programs them; pic.c, without an APIC). */
#define UKPLAT_VECTOR_PIC       0x20
#define UKPLAT_VECTOR_IRQ_COUNT 0xb0 /* 0x30-0xdf */

#endif /* UKPLAT_X86_64_CPU_DEFS_H */
