/*
 * plat/kvm/arm64/smp.c - the other CPUs: which there are (the device
 * tree's /cpus, started through PSCI), and starting them (uk_lcpu_start,
 * and all of them at boot).
 *
 * A CPU is started with PSCI CPU_ON (Arm DEN 0022, 64-bit function id
 * 0xc4000003): target MPIDR, the physical address of smp_entry.S's
 * entry, and the CPU's record as context id. One CPU starts at a time.
 * The new CPU takes the boot CPU's translation regime (saved here just
 * before), brings up its GIC CPU interface with the "calls queued" SGI
 * unmasked, says it is alive, runs its entry and parks in the idle loop
 * (lcpu.c). A halted CPU went through CPU_OFF: before starting it again
 * we wait until PSCI's AFFINITY_INFO reports it off (a CPU whose CPU_OFF
 * failed parks, stays on for PSCI, and cannot be started: -EBUSY).
 *
 * PSCI's refusals map onto uk/lcpu.h's errors: ALREADY_ON and ON_PENDING
 * -EBUSY; INVALID_PARAMETERS (no CPU with that MPIDR) and INVALID_ADDRESS
 * -EINVAL; NOT_SUPPORTED, DENIED, NOT_PRESENT, DISABLED -ENOTSUP;
 * INTERNAL_FAILURE and anything else -ETIMEDOUT (it did not come up).
 *
 * No PSCI, no usable /cpus, or no interrupt controller (no IPIs): one
 * console line, and one CPU. The stacks of the other CPUs (64 KiB to run
 * on, an exception stack laid out like the boot CPU's) come from the page
 * allocator.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/init.h>
#include <uk/lcpu.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "arm64.h"
#include "gic.h"
#include "smp.h"

#define RUN_STACK_SIZE (64 * 1024)
#define ALIVE_NS       5000000000ULL /* TCG can be slow to schedule it */
#define OFF_NS         1000000000ULL

struct ukplat_arm64_smp_regs ukplat_arm64_smp_regs;
static volatile int start_lock;

/* ---- discovery ---- */

void ukplat_arm64_smp_discover(const struct ukplat_fdt *fdt)
{
	static uint64_t ids[UK_MAX_CPUS];
	struct ukplat_fdt_cpus info;
	const char *why = "?";

	if (!ukplat_arm64_dev.has_psci) {
		uk_pr_warn("smp: no PSCI in the device tree (/psci with method "
			   "hvc or smc): running on one CPU");
		return;
	}
	if (ukplat_fdt_cpus(fdt, ukplat_arm64_lcpus[0].mpidr, ids,
			    UK_MAX_CPUS, &info, &why) < 0) {
		uk_pr_warn("smp: device tree /cpus unusable: %s: running on "
			   "one CPU", why);
		return;
	}
	if (info.dropped)
		uk_pr_warn("smp: %u CPUs beyond the maximum of %u left unused "
			   "(./configure --with-max-cpus)", info.dropped,
			   UK_MAX_CPUS);
	if (info.skipped)
		uk_pr_info("smp: %u CPU nodes left unused (disabled, not "
			   "started by PSCI, or listed twice)", info.skipped);
	for (unsigned int i = 1; i < info.count; i++) {
		ukplat_arm64_lcpus[i].idx = i;
		ukplat_arm64_lcpus[i].mpidr = ids[i];
		ukplat_arm64_lcpus[i].state = UKPLAT_LCPU_OFFLINE;
	}
	ukplat_arm64_lcpu_count = info.count;
}

/* ---- start-up ---- */

/* To the point of coherency: the new CPU reads it with the MMU off. */
static void clean_dcache(const void *p, size_t len)
{
	uint64_t line = 4UL << ((SYSREG_READ(ctr_el0) >> 16) & 0xf);
	uintptr_t a = (uintptr_t)p & ~(line - 1);

	for (; a < (uintptr_t)p + len; a += line)
		__asm__ __volatile__("dc cvac, %0" : : "r"(a) : "memory");
	__asm__ __volatile__("dsb ish" : : : "memory");
}

static int psci_errno(int64_t r)
{
	switch (r) {
	case UKPLAT_PSCI_ALREADY_ON:
	case UKPLAT_PSCI_ON_PENDING:
		return -EBUSY;
	case UKPLAT_PSCI_INVALID_PARAMETERS:
	case UKPLAT_PSCI_INVALID_ADDRESS:
		return -EINVAL;
	case UKPLAT_PSCI_NOT_SUPPORTED:
	case UKPLAT_PSCI_DENIED:
	case UKPLAT_PSCI_NOT_PRESENT:
	case UKPLAT_PSCI_DISABLED:
		return -ENOTSUP;
	default:
		return -ETIMEDOUT;
	}
}

/* Until PSCI says the CPU is off; false if it stays on. */
static bool wait_off(const struct ukplat_arm64_lcpu *c)
{
	uint64_t end = ukplat_monotonic_ns() + OFF_NS;

	do {
		if (ukplat_arm64_psci(UKPLAT_PSCI_AFFINITY_INFO64, c->mpidr, 0,
				      0) == UKPLAT_PSCI_AFF_OFF)
			return true;
		__asm__ __volatile__("yield");
	} while (ukplat_monotonic_ns() < end);
	return false;
}

static int wait_alive(struct ukplat_arm64_lcpu *c)
{
	uint64_t end = ukplat_monotonic_ns() + ALIVE_NS;
	int alive;

	do {
		alive = __atomic_load_n(&c->alive, __ATOMIC_ACQUIRE);
		if (alive)
			return alive;
		__asm__ __volatile__("yield");
	} while (ukplat_monotonic_ns() < end);
	return 0;
}

/* CPU_ON for one CPU whose stacks and entry are set. */
static int start_one(struct ukplat_arm64_lcpu *c)
{
	int64_t r;

	if (c->state == UKPLAT_LCPU_HALTED && !wait_off(c))
		return -EBUSY;
	c->alive = 0;
	c->state = UKPLAT_LCPU_STARTING;
	ukplat_arm64_smp_regs.mair = SYSREG_READ(mair_el1);
	ukplat_arm64_smp_regs.tcr = SYSREG_READ(tcr_el1);
	ukplat_arm64_smp_regs.ttbr0 = SYSREG_READ(ttbr0_el1);
	ukplat_arm64_smp_regs.sctlr = SYSREG_READ(sctlr_el1);
	clean_dcache(&ukplat_arm64_smp_regs, sizeof(ukplat_arm64_smp_regs));
	clean_dcache(c, sizeof(*c));
	r = ukplat_arm64_psci(UKPLAT_PSCI_CPU_ON64, c->mpidr,
			      (uintptr_t)ukplat_arm64_secondary_entry,
			      (uintptr_t)c);
	if (r != UKPLAT_PSCI_SUCCESS) {
		c->state = UKPLAT_LCPU_OFFLINE;
		return psci_errno(r);
	}
	/* < 0: its GIC CPU interface failed, and it turned itself off. */
	if (wait_alive(c) <= 0) {
		c->state = UKPLAT_LCPU_OFFLINE;
		return -ETIMEDOUT;
	}
	return 0;
}

void ukplat_arm64_secondary_start(struct ukplat_arm64_lcpu *c)
{
	const struct ukplat_arm64_gic_ops *gic = ukplat_arm64_gic;
	const char *why;

	if (gic->cpu_init(&why) < 0) {
		__atomic_store_n(&c->alive, -1, __ATOMIC_RELEASE);
		ukplat_arm64_psci(UKPLAT_PSCI_CPU_OFF, 0, 0, 0);
		for (;;)
			__asm__ __volatile__("wfi");
	}
	gic->enable_ppi(GIC_SGI_CALLS);
	/* Its own virtual timer, for the threads it runs (timer.c). */
	ukplat_arm64_timer_init();
	if (ukplat_arm64_dev.timer_irq >= 16 && ukplat_arm64_dev.timer_irq < 32)
		gic->enable_ppi(ukplat_arm64_dev.timer_irq);
	c->gic_target = gic->cpu_target();
	ukplat_arm64_lcpu_lock(c);
	c->state = UKPLAT_LCPU_ONLINE;
	ukplat_arm64_lcpu_unlock(c);
	__atomic_store_n(&c->alive, 1, __ATOMIC_RELEASE);
	if (c->entry) {
		ukplat_irq_enable();
		c->entry(c->entry_arg);
		ukplat_irq_disable();
		__atomic_fetch_add(&c->done, 1, __ATOMIC_RELEASE);
	}
	ukplat_arm64_lcpu_idle(c);
}

static int alloc_stacks(struct ukplat_arm64_lcpu *c)
{
	if (!c->stacks) {
		c->stacks = uk_pages_alloc_n(RUN_STACK_SIZE / 4096);
		if (!c->stacks)
			return -ENOMEM;
	}
	if (!c->kstack) {
		c->kstack = ukplat_kstack_alloc(&c->kstack_top);
		if (!c->kstack)
			return -ENOMEM;
	}
	return 0;
}

static int check_request(const unsigned int *idx, unsigned int n)
{
	bool seen[UK_MAX_CPUS] = { false };

	if (!idx || n == 0)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (idx[i] >= ukplat_arm64_lcpu_count || seen[idx[i]] ||
		    idx[i] == uk_lcpu_idx())
			return -EINVAL;
		seen[idx[i]] = true;
	}
	for (unsigned int i = 0; i < n; i++) {
		int st = ukplat_arm64_lcpus[idx[i]].state;

		if (st == UKPLAT_LCPU_ONLINE || st == UKPLAT_LCPU_STARTING)
			return -EBUSY;
	}
	if (!ukplat_arm64_gic || !ukplat_arm64_dev.has_psci)
		return -ENOTSUP;
	for (unsigned int i = 0; i < n; i++)
		if (alloc_stacks(&ukplat_arm64_lcpus[idx[i]]) < 0)
			return -ENOMEM;
	return 0;
}

int uk_lcpu_start(const unsigned int *idx, unsigned int n,
		  void *const *stack_tops, const uk_lcpu_fn_t *entries,
		  void *arg)
{
	int rc;

	while (__atomic_exchange_n(&start_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("yield");
	rc = check_request(idx, n);
	for (unsigned int i = 0; i < n && !rc; i++) {
		struct ukplat_arm64_lcpu *c = &ukplat_arm64_lcpus[idx[i]];

		c->entry = entries ? entries[i] : NULL;
		c->entry_arg = arg;
		c->stack_top = stack_tops && stack_tops[i]
				       ? (uintptr_t)stack_tops[i]
				       : (uintptr_t)c->stacks + RUN_STACK_SIZE;
		c->exc_top = c->kstack_top;
		c->head = c->tail = 0;
		c->done = c->queued;
		if (c->entry)
			c->queued++;
		rc = start_one(c);
	}
	__atomic_store_n(&start_lock, 0, __ATOMIC_RELEASE);
	return rc;
}

/* At boot: start every CPU the device tree lists. */
static int ukplat_arm64_smp_init(void)
{
	const struct ukplat_arm64_gic_ops *gic = ukplat_arm64_gic;
	unsigned int online = 1;

	if (gic) {
		/* The boot CPU takes calls too (in its halts). */
		gic->enable_ppi(GIC_SGI_CALLS);
		ukplat_arm64_lcpus[0].gic_target = gic->cpu_target();
	}
	if (ukplat_arm64_lcpu_count == 1)
		return 0;
	if (!gic) {
		uk_pr_warn("smp: no interrupt controller for IPIs: running on "
			   "one CPU");
		ukplat_arm64_lcpu_count = 1;
		return 0;
	}
	for (unsigned int i = 1; i < ukplat_arm64_lcpu_count; i++) {
		int rc = uk_lcpu_start(&i, 1, NULL, NULL, NULL);

		if (rc)
			uk_pr_warn("smp: CPU %u (MPIDR %lx) did not start: "
				   "error %d", i, ukplat_arm64_lcpus[i].mpidr,
				   -rc);
		else
			online++;
	}
	uk_pr_info("smp: %u of %u CPUs online", online,
		   ukplat_arm64_lcpu_count);
	return 0;
}
UK_INIT(ukplat_arm64_smp_init, UK_INIT_CLASS_TIME);
