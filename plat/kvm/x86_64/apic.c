/*
 * plat/kvm/x86_64/apic.c - the boot CPU's local APIC: finding it,
 * enabling it (x2APIC through MSRs when the CPU offers it, the xAPIC's
 * memory-mapped registers otherwise), register access and EOI
 * (Intel SDM vol. 3, ch. 10 "Advanced Programmable Interrupt Controller").
 *
 * The boot CPU's is set up on first use (the timer's, or the start of
 * the other CPUs), not at boot, so that programs which never arm the
 * timer on a one-CPU machine run exactly as before. Every other CPU
 * enables its own in the mode the boot CPU chose, when it starts
 * (ukplat_x86_apic_init_ap). The memory-mapped page is at the same
 * address on every CPU, and each CPU sees its own APIC there.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/print.h>
#include "cpu.h"

#define MSR_APIC_BASE     0x1b
#define APIC_BASE_EXTD    (1UL << 10) /* x2APIC mode */
#define APIC_BASE_EN      (1UL << 11) /* global enable */
#define APIC_BASE_ADDR    0x000ffffffffff000UL
#define MSR_X2APIC_FIRST  0x800 /* register at MMIO offset o: 0x800 + o/16 */

#define APIC_SVR_ENABLE   (1u << 8)
#define APIC_ID           0x020
#define APIC_ICR_LOW      0x300
#define APIC_ICR_HIGH     0x310
#define ICR_PENDING       (1u << 12)   /* xAPIC delivery status */
#define MSR_X2APIC_ICR    0x830        /* one 64-bit register */

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
		rc = ukplat_x86_map_device(base & APIC_BASE_ADDR, 4096);
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

/* Enable this CPU's APIC the way the boot CPU's was (SDM 10.12.5). */
int ukplat_x86_apic_init_ap(void)
{
	uint64_t base;

	if (state <= 0)
		return -ENODEV;
	base = rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_EN))
		wrmsr(MSR_APIC_BASE, base |= APIC_BASE_EN);
	if (x2apic && !(base & APIC_BASE_EXTD))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
	ukplat_x86_apic_write(UKPLAT_APIC_TPR, 0);
	ukplat_x86_apic_write(UKPLAT_APIC_SVR,
			      APIC_SVR_ENABLE | UKPLAT_VECTOR_SPURIOUS);
	return 0;
}

uint32_t ukplat_x86_apic_id(void)
{
	uint32_t v = ukplat_x86_apic_read(APIC_ID);

	return x2apic ? v : v >> 24;
}

/*
 * Send an interprocessor interrupt ('icr_low': vector, delivery mode,
 * level) to the APIC 'apic_id'. The xAPIC takes the destination and the
 * command in two writes, which no interrupt may come between; it is
 * ready for the next command once its delivery status clears.
 */
void ukplat_x86_apic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	unsigned long flags;

	if (x2apic) {
		/* WRMSR to the ICR is not serializing: order earlier stores. */
		__asm__ __volatile__("mfence" : : : "memory");
		wrmsr(MSR_X2APIC_ICR, (uint64_t)apic_id << 32 | icr_low);
		return;
	}
	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	while (mmio[APIC_ICR_LOW / 4] & ICR_PENDING)
		__asm__ __volatile__("pause");
	mmio[APIC_ICR_HIGH / 4] = apic_id << 24;
	mmio[APIC_ICR_LOW / 4] = icr_low;
	while (mmio[APIC_ICR_LOW / 4] & ICR_PENDING)
		__asm__ __volatile__("pause");
	if (flags & (1UL << 9))
		__asm__ __volatile__("sti" : : : "memory");
}
