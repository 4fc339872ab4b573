/*
 * plat/kvm/x86_64/apic.c - the boot CPU's local APIC: finding it,
 * enabling it (x2APIC through MSRs when the CPU offers it, the xAPIC's
 * memory-mapped registers otherwise), register access and EOI
 * (Intel SDM vol. 3, ch. 10 "Advanced Programmable Interrupt Controller").
 *
 * It is set up on first use (the timer's), not at boot, so that programs
 * which never arm the timer run exactly as before.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/paging.h>
#include <uk/print.h>
#include "cpu.h"

#define MSR_APIC_BASE     0x1b
#define APIC_BASE_EXTD    (1UL << 10) /* x2APIC mode */
#define APIC_BASE_EN      (1UL << 11) /* global enable */
#define APIC_BASE_ADDR    0x000ffffffffff000UL
#define MSR_X2APIC_FIRST  0x800 /* register at MMIO offset o: 0x800 + o/16 */

#define APIC_SVR_ENABLE   (1u << 8)

static int state;       /* 0: not tried, 1: ready, -1: absent */
static int x2apic;
static volatile uint32_t *mmio;

uint32_t ukplat_x86_apic_read(uint32_t reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(MSR_X2APIC_FIRST + reg / 16);
	return mmio[reg / 4];
}

void ukplat_x86_apic_write(uint32_t reg, uint32_t v)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_FIRST + reg / 16, v);
	else
		mmio[reg / 4] = v;
}

void ukplat_x86_apic_eoi(void)
{
	ukplat_x86_apic_write(UKPLAT_APIC_EOI, 0);
}

int ukplat_x86_apic_is_x2apic(void)
{
	return x2apic;
}

/*
 * The xAPIC page must be mapped uncached. The build-time tables map the
 * 3-4 GiB window uncached and paging.c keeps it so except where RAM is;
 * an APIC moved elsewhere (no QEMU machine does) is mapped here.
 */
static int map_xapic(uint64_t base)
{
	struct uk_pagetable *pt = ukplat_x86_pagetable();
	int rc;

	if (base >= (3ULL << 30) && base < (4ULL << 30))
		return 0;
	if (!pt)
		return -EFAULT;
	rc = uk_paging_map(pt, base, base, UK_PAGING_PAGE_SIZE,
			   UK_PROT_READ | UK_PROT_WRITE,
			   UK_PAGING_MEM_DEVICE | UK_PAGING_REPLACE);
	return rc;
}

int ukplat_x86_apic_init(void)
{
	uint64_t base;
	struct cpuid_regs f1;
	int rc;

	if (state)
		return state > 0 ? 0 : -ENODEV;
	state = -1;
	f1 = cpuid(1, 0);
	if (!(f1.edx & (1u << 9))) {
		uk_pr_warn("apic: the CPU has no local APIC; no timer interrupts");
		return -ENODEV;
	}
	base = rdmsr(MSR_APIC_BASE);
	if (f1.ecx & (1u << 21)) {
		/* x2APIC is entered from the enabled xAPIC state (SDM 10.12.5). */
		if (!(base & APIC_BASE_EN))
			wrmsr(MSR_APIC_BASE, base |= APIC_BASE_EN);
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
		x2apic = 1;
	} else {
		rc = map_xapic(base & APIC_BASE_ADDR);
		if (rc < 0) {
			uk_pr_warn("apic: cannot map the xAPIC at 0x%lx (error %d); "
				   "no timer interrupts", base & APIC_BASE_ADDR, -rc);
			return -ENODEV;
		}
		mmio = (volatile uint32_t *)(uintptr_t)(base & APIC_BASE_ADDR);
		if (!(base & APIC_BASE_EN))
			wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN);
	}
	/* Accept every priority; software-enable with the spurious vector. */
	ukplat_x86_apic_write(UKPLAT_APIC_TPR, 0);
	ukplat_x86_apic_write(UKPLAT_APIC_SVR,
			      APIC_SVR_ENABLE | UKPLAT_VECTOR_SPURIOUS);
	state = 1;
	return 0;
}
