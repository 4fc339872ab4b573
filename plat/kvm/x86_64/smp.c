/*
 * plat/kvm/x86_64/smp.c - the other CPUs: which there are (the ACPI MADT),
 * and starting them (uk_lcpu_start, and all of them at boot).
 *
 * Start-up follows the MP initialization protocol (Intel SDM vol. 3,
 * 9.4.4.1 and 10.6.1): INIT, 10 ms, a startup IPI naming the trampoline
 * page (entry.S, copied to UKPLAT_AP_TRAMPOLINE, which start.c keeps from
 * the allocators), 200 us, a second startup IPI if the CPU has not
 * answered yet. One CPU starts at a time, so the two words that tell
 * the trampoline where to go serve them all. A started CPU runs
 * ukplat_x86_cpu_init as the boot CPU did, enables its APIC, says it is
 * alive, runs its entry and parks in the idle loop (lcpu.c).
 *
 * A missing or malformed MADT (or the boot option uk.debug_bad_madt,
 * which makes the check see a copy with one byte changed) leaves one CPU
 * and one console line. The stacks of the other CPUs (64 KiB to run on,
 * four 16 KiB interrupt stacks) come from the page allocator, each above
 * an inaccessible guard page; a fault in one is reported as an overflow
 * of that CPU's stack (ap_guard_lookup).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/bootinfo.h>
#include <uk/init.h>
#include <uk/lcpu.h>
#include <uk/pages.h>
#include <uk/paging.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "acpi.h"
#include "cpu.h"
#include "guards.h"
#include "phys_access.h"

#define AP_STACK_SIZE   (64 * 1024)
/* [guard][stack][guard][IST 1][guard][IST 2]...: one span per CPU */
#define AP_GUARD        UK_PAGE_SIZE
#define AP_IST_SPAN     (AP_GUARD + UKPLAT_IST_SIZE)
#define AP_SPAN         (AP_GUARD + AP_STACK_SIZE + \
			 UKPLAT_IST_COUNT * AP_IST_SPAN)
#define AP_PAGES        (AP_SPAN / UK_PAGE_SIZE)
#define AP_IST_BASE(b)  ((b) + AP_GUARD + AP_STACK_SIZE)
#define INIT_DELAY_NS   10000000ULL  /* INIT to first SIPI: 10 ms */
#define SIPI_DELAY_NS   200000ULL    /* between the SIPIs: 200 us */
#define ALIVE_NS        1000000000ULL /* TCG can be slow to schedule it */

unsigned int ukplat_x86_lcpu_count = 1;
/* Read by entry.S's ap_start64. */
uintptr_t ukplat_x86_ap_boot_stack;
struct ukplat_x86_lcpu *ukplat_x86_ap_boot_lcpu;

extern const char ukplat_x86_ap_tramp[], ukplat_x86_ap_tramp_end[];

static struct ukplat_acpi_cpu cpus[UK_MAX_CPUS];
static volatile int start_lock;

static _Bool bad_madt;
UK_PARAM_BOOL(debug_bad_madt, "uk.debug_bad_madt", &bad_madt);

/* ---- discovery ---- */

/* uk.debug_bad_madt: the MADT's bytes as seen through a changed copy (a
 * page taken only then: the smallest machines have none to spare). */
static uint64_t bad_pa;
static uint8_t *bad_copy;
static uint32_t bad_len;

static const void *bad_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa == bad_pa && len <= bad_len)
		return bad_copy;
	return ukplat_phys_map(&ukplat_x86_phys, pa, len);
}

static const struct ukplat_phys_access bad_phys = { bad_map, NULL };

static int find_madt(uint64_t rsdp, const uint8_t **madt, uint32_t *len,
		     const char **why)
{
	uint64_t pa;
	int rc;

	rc = ukplat_acpi_find_madt(rsdp, &ukplat_x86_phys, &pa, madt, why);
	if (rc || !bad_madt)
		goto out;
	bad_copy = uk_pages_alloc(0);
	if (!bad_copy) {
		uk_pr_warn("smp: uk.debug_bad_madt: no page for the copy");
		goto out;
	}
	bad_len = ((const struct ukplat_acpi_sdt_hdr *)*madt)->length;
	if (bad_len > UK_PAGE_SIZE)
		bad_len = UK_PAGE_SIZE;
	uk_memcpy(bad_copy, *madt, bad_len);
	bad_copy[bad_len - 1] ^= 0x5a;
	bad_pa = pa;
	rc = ukplat_acpi_find_madt(rsdp, &bad_phys, &pa, madt, why);
out:
	if (!rc)
		*len = ((const struct ukplat_acpi_sdt_hdr *)*madt)->length;
	return rc;
}

static void discover(void)
{
	const struct uk_bootinfo *bi = uk_bootinfo_get();
	struct ukplat_acpi_cpus info;
	const uint8_t *madt;
	const char *why;
	uint32_t len;
	int rc;

	rc = find_madt(bi ? bi->rsdp : 0, &madt, &len, &why);
	if (!rc)
		rc = ukplat_acpi_madt_cpus(madt, len,
					   ukplat_x86_lcpus[0].apic_id, cpus,
					   UK_MAX_CPUS, &info, &why);
	if (rc) {
		uk_pr_warn("acpi: MADT unusable: %s: running on one CPU", why);
		return;
	}
	if (info.dropped)
		uk_pr_warn("smp: %u CPUs beyond the maximum of %u left unused "
			   "(./configure --with-max-cpus)", info.dropped,
			   UK_MAX_CPUS);
	if (info.duplicates)
		uk_pr_info("acpi: MADT lists %u APIC ids twice",
			   info.duplicates);
	for (unsigned int i = 1; i < info.count; i++) {
		ukplat_x86_lcpus[i].idx = i;
		ukplat_x86_lcpus[i].apic_id = cpus[i].apic_id;
		ukplat_x86_lcpus[i].state = UKPLAT_LCPU_OFFLINE;
	}
	ukplat_x86_lcpu_count = info.count;
}

/* ---- start-up ---- */

static void delay_ns(uint64_t ns)
{
	uint64_t end = ukplat_monotonic_ns() + ns;

	while (ukplat_monotonic_ns() < end)
		__asm__ __volatile__("pause");
}

static bool wait_alive(struct ukplat_x86_lcpu *c, uint64_t ns)
{
	uint64_t end = ukplat_monotonic_ns() + ns;

	do {
		if (__atomic_load_n(&c->alive, __ATOMIC_ACQUIRE))
			return true;
		__asm__ __volatile__("pause");
	} while (ukplat_monotonic_ns() < end);
	return false;
}

/* INIT-SIPI-SIPI for one CPU whose stacks and entry are set. */
static int start_one(struct ukplat_x86_lcpu *c)
{
	const uint32_t sipi = UKPLAT_ICR_STARTUP | UKPLAT_ICR_ASSERT |
			      (UKPLAT_AP_TRAMPOLINE >> 12);

	c->alive = 0;
	c->state = UKPLAT_LCPU_STARTING;
	ukplat_x86_ap_boot_stack = c->stack_top;
	ukplat_x86_ap_boot_lcpu = c;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ukplat_x86_apic_send_ipi(c->apic_id,
				 UKPLAT_ICR_INIT | UKPLAT_ICR_ASSERT);
	delay_ns(INIT_DELAY_NS);
	ukplat_x86_apic_send_ipi(c->apic_id, sipi);
	if (!wait_alive(c, SIPI_DELAY_NS))
		ukplat_x86_apic_send_ipi(c->apic_id, sipi);
	if (!wait_alive(c, ALIVE_NS)) {
		c->state = UKPLAT_LCPU_OFFLINE;
		return -ETIMEDOUT;
	}
	return 0;
}

void ukplat_x86_ap_start64(struct ukplat_x86_lcpu *c)
{
	ukplat_x86_cpu_init(c);
	(void)ukplat_x86_apic_init_ap();
	while (__atomic_exchange_n(&c->lock, 1, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("pause");
	c->state = UKPLAT_LCPU_ONLINE;
	__atomic_store_n(&c->lock, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&c->alive, 1, __ATOMIC_RELEASE);
	if (c->entry) {
		__asm__ __volatile__("sti" : : : "memory");
		c->entry(c->entry_arg);
		__asm__ __volatile__("cli" : : : "memory");
		__atomic_fetch_add(&c->done, 1, __ATOMIC_RELEASE);
	}
	ukplat_x86_lcpu_idle(c);
}

/* The guard pages of the stacks at 'base': 0 the stack's, 1.. the ISTs'. */
static uintptr_t guard_page(uintptr_t base, int i)
{
	return i == 0 ? base : AP_IST_BASE(base) + (uintptr_t)(i - 1) * AP_IST_SPAN;
}

/* For fault reports (guards.h): an overflow of another CPU's stacks. */
static const char *ap_guard_lookup(uint64_t addr)
{
	for (unsigned int n = 1; n < ukplat_x86_lcpu_count; n++) {
		uintptr_t base = (uintptr_t)ukplat_x86_lcpus[n].stacks;

		if (!base || addr - base >= AP_SPAN)
			continue;
		for (int i = 0; i <= UKPLAT_IST_COUNT; i++)
			if (addr - guard_page(base, i) < AP_GUARD)
				return i ? "interrupt stack of a secondary CPU"
					 : "stack of a secondary CPU";
	}
	return NULL;
}

static int alloc_stacks(struct ukplat_x86_lcpu *c)
{
	uintptr_t base;

	if (!c->stacks) {
		c->stacks = uk_pages_alloc_n(AP_PAGES);
		if (!c->stacks)
			return -ENOMEM;
		base = (uintptr_t)c->stacks;
		for (int i = 0; i <= UKPLAT_IST_COUNT; i++)
			if (ukplat_mem_protect(guard_page(base, i), AP_GUARD,
					       UK_PROT_NONE) < 0)
				uk_pr_warn("smp: CPU %u: no guard page below a stack",
					   c->idx);
		ukplat_guards_set_lookup(ap_guard_lookup);
	}
	base = (uintptr_t)c->stacks;
	for (int i = 0; i < UKPLAT_IST_COUNT; i++)
		c->ist_top[i] = AP_IST_BASE(base) +
				(uint64_t)(i + 1) * AP_IST_SPAN;
	return 0;
}

static int check_request(const unsigned int *idx, unsigned int n)
{
	bool seen[UK_MAX_CPUS] = { false };

	if (!idx || n == 0)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (idx[i] >= ukplat_x86_lcpu_count || seen[idx[i]] ||
		    idx[i] == uk_lcpu_idx())
			return -EINVAL;
		seen[idx[i]] = true;
	}
	for (unsigned int i = 0; i < n; i++) {
		int st = ukplat_x86_lcpus[idx[i]].state;

		if (st == UKPLAT_LCPU_ONLINE || st == UKPLAT_LCPU_STARTING)
			return -EBUSY;
	}
	if (ukplat_x86_apic_init() < 0)
		return -ENOTSUP;
	for (unsigned int i = 0; i < n; i++)
		if (alloc_stacks(&ukplat_x86_lcpus[idx[i]]) < 0)
			return -ENOMEM;
	return 0;
}

int uk_lcpu_start(const unsigned int *idx, unsigned int n,
		  void *const *stack_tops, const uk_lcpu_fn_t *entries,
		  void *arg)
{
	int rc;

	while (__atomic_exchange_n(&start_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("pause");
	rc = check_request(idx, n);
	for (unsigned int i = 0; i < n && !rc; i++) {
		struct ukplat_x86_lcpu *c = &ukplat_x86_lcpus[idx[i]];

		c->entry = entries ? entries[i] : NULL;
		c->entry_arg = arg;
		c->stack_top = stack_tops && stack_tops[i]
				   ? (uintptr_t)stack_tops[i]
				   : (uintptr_t)c->stacks + AP_GUARD + AP_STACK_SIZE;
		c->head = c->tail = 0;
		c->done = c->queued;
		if (c->entry)
			c->queued++;
		rc = start_one(c);
	}
	__atomic_store_n(&start_lock, 0, __ATOMIC_RELEASE);
	return rc;
}

/* At boot: find the CPUs, start those the firmware says are enabled. */
static int ukplat_x86_smp_init(void)
{
	unsigned int online = 1;

	discover();
	if (ukplat_x86_lcpu_count == 1)
		return 0;
	uk_memcpy((void *)(uintptr_t)UKPLAT_AP_TRAMPOLINE, ukplat_x86_ap_tramp,
		  (size_t)(ukplat_x86_ap_tramp_end - ukplat_x86_ap_tramp));
	for (unsigned int i = 1; i < ukplat_x86_lcpu_count; i++) {
		int rc;

		if (!cpus[i].online)
			continue;
		rc = uk_lcpu_start(&i, 1, NULL, NULL, NULL);
		if (rc == -ENOTSUP) {
			uk_pr_warn("smp: no local APIC: running on one CPU");
			ukplat_x86_lcpu_count = 1;
			return 0;
		}
		if (rc)
			uk_pr_warn("smp: CPU %u (APIC id %u) did not start: "
				   "error %d", i, ukplat_x86_lcpus[i].apic_id,
				   -rc);
		else
			online++;
	}
	uk_pr_info("smp: %u of %u CPUs online", online,
		   ukplat_x86_lcpu_count);
	return 0;
}
UK_INIT(ukplat_x86_smp_init, UK_INIT_CLASS_TIME);
