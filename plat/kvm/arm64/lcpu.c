/*
 * plat/kvm/arm64/lcpu.c - the lcpu interface (uk/lcpu.h) on arm64: who
 * the calling CPU is (TPIDR_EL1 points at its struct ukplat_arm64_lcpu),
 * the per-CPU queues of calls that uk_lcpu_run fills and the "calls
 * queued" SGI drains, uk_lcpu_wait, the states, halt (PSCI CPU_OFF on a
 * secondary CPU), and the idle loop a started CPU parks in. Finding and
 * starting CPUs is smp.c's.
 *
 * Each queue is a ring under a spin lock taken with interrupts off.
 * 'queued' counts the calls ever queued on the CPU, 'done' the ones it
 * finished (its start entry counts as one); uk_lcpu_wait compares them,
 * so a call queued but not yet picked up still counts as pending.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/lcpu.h>
#include <uk/plat.h>
#include "arm64.h"
#include "gic.h"
#include "smp.h"

struct ukplat_arm64_lcpu ukplat_arm64_lcpus[UK_MAX_CPUS];
unsigned int ukplat_arm64_lcpu_count = 1;

/* From start.c, before anything asks who is running. */
void ukplat_arm64_lcpu_init(void)
{
	struct ukplat_arm64_lcpu *c = &ukplat_arm64_lcpus[0];

	c->mpidr = SYSREG_READ(mpidr_el1) & UKPLAT_FDT_MPIDR_AFF;
	c->state = UKPLAT_LCPU_ONLINE;
	SYSREG_WRITE(tpidr_el1, c);
}

struct ukplat_arm64_lcpu *ukplat_arm64_lcpu_self(void)
{
	return (struct ukplat_arm64_lcpu *)SYSREG_READ(tpidr_el1);
}

void ukplat_arm64_lcpu_lock(struct ukplat_arm64_lcpu *c)
{
	while (__atomic_exchange_n(&c->lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&c->lock, __ATOMIC_RELAXED))
			__asm__ __volatile__("yield");
}

void ukplat_arm64_lcpu_unlock(struct ukplat_arm64_lcpu *c)
{
	__atomic_store_n(&c->lock, 0, __ATOMIC_RELEASE);
}

uint64_t uk_lcpu_id(void)
{
	return SYSREG_READ(mpidr_el1) & UKPLAT_FDT_MPIDR_AFF;
}

unsigned int uk_lcpu_idx(void)
{
	return ukplat_arm64_lcpu_self()->idx;
}

uintptr_t uk_lcpu_local_get(void)
{
	return ukplat_arm64_lcpu_self()->local;
}

void uk_lcpu_local_set(uintptr_t v)
{
	ukplat_arm64_lcpu_self()->local = v;
}

unsigned int uk_lcpu_count(void)
{
	return ukplat_arm64_lcpu_count;
}

uint64_t uk_lcpu_id_of(unsigned int idx)
{
	if (idx >= ukplat_arm64_lcpu_count)
		return UINT64_MAX;
	return ukplat_arm64_lcpus[idx].mpidr;
}

static bool pending(const struct ukplat_arm64_lcpu *c)
{
	return __atomic_load_n(&c->done, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(&c->queued, __ATOMIC_ACQUIRE);
}

int uk_lcpu_state(unsigned int idx)
{
	const struct ukplat_arm64_lcpu *c;

	if (idx >= ukplat_arm64_lcpu_count)
		return -EINVAL;
	c = &ukplat_arm64_lcpus[idx];
	switch (c->state) {
	case UKPLAT_LCPU_ONLINE:
		return idx == 0 || pending(c) ? UK_LCPU_BUSY : UK_LCPU_IDLE;
	case UKPLAT_LCPU_HALTED:
		return UK_LCPU_HALTED;
	default:
		return UK_LCPU_OFFLINE;
	}
}

/* Mark in sel[] the CPUs idx[0..n) names (NULL: the running ones). */
static int select_cpus(const unsigned int *idx, unsigned int n, bool *sel)
{
	unsigned int count = ukplat_arm64_lcpu_count;

	for (unsigned int i = 0; i < count; i++)
		sel[i] = !idx && ukplat_arm64_lcpus[i].state ==
					 UKPLAT_LCPU_ONLINE;
	if (!idx)
		return 0;
	for (unsigned int i = 0; i < n; i++) {
		if (idx[i] >= count || sel[idx[i]])
			return -EINVAL;
		sel[idx[i]] = true;
	}
	return 0;
}

/* Queue on every selected CPU, or on none; locks held by the caller. */
static int enqueue(const bool *sel, uk_lcpu_fn_t fn, void *arg)
{
	for (unsigned int i = 0; i < ukplat_arm64_lcpu_count; i++) {
		const struct ukplat_arm64_lcpu *c = &ukplat_arm64_lcpus[i];

		if (!sel[i])
			continue;
		if (c->state != UKPLAT_LCPU_ONLINE)
			return -ENODEV;
		if (c->tail - c->head == UKPLAT_LCPU_QUEUE)
			return -EAGAIN;
	}
	for (unsigned int i = 0; i < ukplat_arm64_lcpu_count; i++) {
		struct ukplat_arm64_lcpu *c = &ukplat_arm64_lcpus[i];

		if (!sel[i])
			continue;
		c->q[c->tail % UKPLAT_LCPU_QUEUE].fn = fn;
		c->q[c->tail % UKPLAT_LCPU_QUEUE].arg = arg;
		c->tail++;
		__atomic_store_n(&c->queued, c->queued + 1, __ATOMIC_RELEASE);
	}
	return 0;
}

int uk_lcpu_run(const unsigned int *idx, unsigned int n, uk_lcpu_fn_t fn,
		void *arg)
{
	bool sel[UK_MAX_CPUS];
	unsigned int self = uk_lcpu_idx(), count = ukplat_arm64_lcpu_count;
	const struct ukplat_arm64_gic_ops *gic = ukplat_arm64_gic;
	unsigned long flags;
	bool me;
	int rc;

	if (!fn)
		return -EINVAL;
	rc = select_cpus(idx, n, sel);
	if (rc)
		return rc;
	me = sel[self];
	sel[self] = false;
	flags = ukplat_irq_save();
	/* All the locks, in index order (no two callers can deadlock). */
	for (unsigned int i = 0; i < count; i++)
		if (sel[i])
			ukplat_arm64_lcpu_lock(&ukplat_arm64_lcpus[i]);
	rc = enqueue(sel, fn, arg);
	for (unsigned int i = 0; i < count; i++)
		if (sel[i])
			ukplat_arm64_lcpu_unlock(&ukplat_arm64_lcpus[i]);
	/* Only started CPUs take calls, and they need a GIC to start. */
	for (unsigned int i = 0; i < count && !rc; i++) {
		const struct ukplat_arm64_lcpu *c = &ukplat_arm64_lcpus[i];

		if (sel[i])
			gic->send_sgi(GIC_SGI_CALLS, c->mpidr, c->gic_target);
	}
	ukplat_irq_restore(flags);
	if (!rc && me)
		fn(arg);
	return rc;
}

/* Run the calls queued on this CPU, one at a time, with interrupts off. */
static void drain(struct ukplat_arm64_lcpu *c)
{
	struct ukplat_arm64_call call;

	for (;;) {
		ukplat_arm64_lcpu_lock(c);
		if (c->head == c->tail || c->state != UKPLAT_LCPU_ONLINE) {
			ukplat_arm64_lcpu_unlock(c);
			return;
		}
		call = c->q[c->head % UKPLAT_LCPU_QUEUE];
		c->head++;
		ukplat_arm64_lcpu_unlock(c);
		call.fn(call.arg);
		__atomic_fetch_add(&c->done, 1, __ATOMIC_RELEASE);
	}
}

void uk_lcpu_run_queued(void)
{
	unsigned long flags = ukplat_irq_save();

	drain(ukplat_arm64_lcpu_self());
	ukplat_irq_restore(flags);
}

/* irq.c ended the SGI first: one sent while we drain comes again. */
void ukplat_arm64_lcpu_ipi(void)
{
	drain(ukplat_arm64_lcpu_self());
}

/*
 * WFI wakes on a pending interrupt even while PSTATE.I masks it; the
 * SGI is then taken (and the queue drained) in the two instructions
 * with interrupts on.
 */
/* The scheduler's entry for parked CPUs (uk/plat.h). */
static void (*volatile idle_entry)(void);

int ukplat_lcpu_set_idle_entry(void (*fn)(void))
{
	idle_entry = fn;
	return 0;
}

void ukplat_arm64_lcpu_idle(struct ukplat_arm64_lcpu *c)
{
	for (;;) {
		ukplat_irq_disable();
		drain(c);
		if (idle_entry) {
			idle_entry();
			continue;
		}
		__asm__ __volatile__("dsb sy\n\twfi\n\tmsr daifclr, #2\n\tisb"
				     : : : "memory");
	}
}

int uk_lcpu_wait(const unsigned int *idx, unsigned int n,
		 uint64_t timeout_ns)
{
	bool sel[UK_MAX_CPUS];
	unsigned int self = uk_lcpu_idx();
	uint64_t deadline = UINT64_MAX, now;
	int rc;

	rc = select_cpus(idx, n, sel);
	if (rc)
		return rc;
	if (!idx) /* all: those not running have nothing pending */
		for (unsigned int i = 0; i < ukplat_arm64_lcpu_count; i++)
			sel[i] = true;
	if (timeout_ns != UK_LCPU_WAIT_FOREVER) {
		now = ukplat_monotonic_ns();
		deadline = now + timeout_ns < now ? UINT64_MAX
						  : now + timeout_ns;
	}
	for (unsigned int i = 0; i < ukplat_arm64_lcpu_count; i++) {
		struct ukplat_arm64_lcpu *c = &ukplat_arm64_lcpus[i];
		uint64_t snap;

		if (!sel[i] || i == self)
			continue;
		snap = __atomic_load_n(&c->queued, __ATOMIC_ACQUIRE);
		while (c->state == UKPLAT_LCPU_ONLINE &&
		       __atomic_load_n(&c->done, __ATOMIC_ACQUIRE) < snap) {
			if (deadline != UINT64_MAX &&
			    ukplat_monotonic_ns() >= deadline)
				return -ETIMEDOUT;
			/* The CPU we wait for may be waiting for us. */
			uk_lcpu_run_queued();
			__asm__ __volatile__("yield");
		}
	}
	return 0;
}

/*
 * A secondary CPU leaves through PSCI CPU_OFF, so that uk_lcpu_start can
 * start it again (smp.c waits for PSCI to see it off first); should
 * CPU_OFF return (it only does on failure), it parks for good, and PSCI
 * keeps reporting it on.
 */
void uk_lcpu_halt(void)
{
	struct ukplat_arm64_lcpu *c = ukplat_arm64_lcpu_self();

	ukplat_irq_disable();
	ukplat_arm64_lcpu_lock(c);
	c->state = UKPLAT_LCPU_HALTED;
	c->head = c->tail;
	__atomic_store_n(&c->done, c->queued, __ATOMIC_RELEASE);
	ukplat_arm64_lcpu_unlock(c);
	if (c->idx != 0)
		ukplat_arm64_psci(UKPLAT_PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ __volatile__("msr daifset, #0xf\n\twfi");
}
