/*
 * plat/kvm/x86_64/lcpu.c - the lcpu interface (uk/lcpu.h) on x86_64:
 * who the calling CPU is (GS base points at its struct ukplat_x86_lcpu),
 * the per-CPU queues of calls that uk_lcpu_run fills and the IPI vector
 * drains, uk_lcpu_wait, the states, halt, and the idle loop a started CPU
 * parks in. Starting CPUs is smp.c's.
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
#include "cpu.h"

static void lock_raw(struct ukplat_x86_lcpu *c)
{
	while (__atomic_exchange_n(&c->lock, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&c->lock, __ATOMIC_RELAXED))
			__asm__ __volatile__("pause");
}

static void unlock_raw(struct ukplat_x86_lcpu *c)
{
	__atomic_store_n(&c->lock, 0, __ATOMIC_RELEASE);
}

uint64_t uk_lcpu_id(void)
{
	uint32_t id;

	__asm__ __volatile__("movl %%gs:%c1, %0"
			     : "=r"(id) : "i"(UKPLAT_LCPU_OFF_ID));
	return id;
}

unsigned int uk_lcpu_idx(void)
{
	uint32_t idx;

	__asm__ __volatile__("movl %%gs:%c1, %0"
			     : "=r"(idx) : "i"(UKPLAT_LCPU_OFF_IDX));
	return idx;
}

uintptr_t uk_lcpu_local_get(void)
{
	uintptr_t v;

	__asm__ __volatile__("movq %%gs:%c1, %0"
			     : "=r"(v) : "i"(UKPLAT_LCPU_OFF_LOCAL));
	return v;
}

void uk_lcpu_local_set(uintptr_t v)
{
	__asm__ __volatile__("movq %0, %%gs:%c1"
			     : : "r"(v), "i"(UKPLAT_LCPU_OFF_LOCAL) : "memory");
}

unsigned int uk_lcpu_count(void)
{
	return ukplat_x86_lcpu_count;
}

uint64_t uk_lcpu_id_of(unsigned int idx)
{
	if (idx >= ukplat_x86_lcpu_count)
		return UINT64_MAX;
	return ukplat_x86_lcpus[idx].apic_id;
}

static bool pending(const struct ukplat_x86_lcpu *c)
{
	return __atomic_load_n(&c->done, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(&c->queued, __ATOMIC_ACQUIRE);
}

int uk_lcpu_state(unsigned int idx)
{
	const struct ukplat_x86_lcpu *c;

	if (idx >= ukplat_x86_lcpu_count)
		return -EINVAL;
	c = &ukplat_x86_lcpus[idx];
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
	unsigned int count = ukplat_x86_lcpu_count;

	for (unsigned int i = 0; i < count; i++)
		sel[i] = !idx && ukplat_x86_lcpus[i].state ==
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

int uk_lcpu_run(const unsigned int *idx, unsigned int n, uk_lcpu_fn_t fn,
		void *arg)
{
	bool sel[UK_MAX_CPUS];
	unsigned int self = uk_lcpu_idx(), count = ukplat_x86_lcpu_count;
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
			lock_raw(&ukplat_x86_lcpus[i]);
	for (unsigned int i = 0; i < count && !rc; i++) {
		struct ukplat_x86_lcpu *c = &ukplat_x86_lcpus[i];

		if (!sel[i])
			continue;
		if (c->state != UKPLAT_LCPU_ONLINE)
			rc = -ENODEV;
		else if (c->tail - c->head == UKPLAT_LCPU_QUEUE)
			rc = -EAGAIN;
	}
	for (unsigned int i = 0; i < count; i++) {
		struct ukplat_x86_lcpu *c = &ukplat_x86_lcpus[i];

		if (!sel[i])
			continue;
		if (!rc) {
			c->q[c->tail % UKPLAT_LCPU_QUEUE].fn = fn;
			c->q[c->tail % UKPLAT_LCPU_QUEUE].arg = arg;
			c->tail++;
			__atomic_store_n(&c->queued, c->queued + 1,
					 __ATOMIC_RELEASE);
		}
		unlock_raw(c);
	}
	if (!rc)
		for (unsigned int i = 0; i < count; i++)
			if (sel[i])
				ukplat_x86_apic_send_ipi(
				    ukplat_x86_lcpus[i].apic_id,
				    UKPLAT_ICR_FIXED | UKPLAT_ICR_ASSERT |
					UKPLAT_VECTOR_IPI);
	ukplat_irq_restore(flags);
	if (!rc && me)
		fn(arg);
	return rc;
}

/* Run the calls queued on this CPU, one at a time, with interrupts off. */
static void drain(struct ukplat_x86_lcpu *c)
{
	struct ukplat_x86_call call;

	for (;;) {
		lock_raw(c);
		if (c->head == c->tail || c->state != UKPLAT_LCPU_ONLINE) {
			unlock_raw(c);
			return;
		}
		call = c->q[c->head % UKPLAT_LCPU_QUEUE];
		c->head++;
		unlock_raw(c);
		call.fn(call.arg);
		__atomic_fetch_add(&c->done, 1, __ATOMIC_RELEASE);
	}
}

void ukplat_x86_lcpu_ipi(void)
{
	/* First the EOI: an IPI sent while we drain then comes again. */
	ukplat_x86_apic_eoi();
	drain(ukplat_x86_lcpu_self());
}

void uk_lcpu_run_queued(void)
{
	unsigned long flags = ukplat_irq_save();

	drain(ukplat_x86_lcpu_self());
	ukplat_irq_restore(flags);
}

/* The scheduler's entry for parked CPUs (uk/plat.h). */
static void (*volatile idle_entry)(void);

int ukplat_lcpu_set_idle_entry(void (*fn)(void))
{
	idle_entry = fn;
	return 0;
}

void ukplat_x86_lcpu_idle(struct ukplat_x86_lcpu *c)
{
	for (;;) {
		__asm__ __volatile__("cli" : : : "memory");
		drain(c);
		if (idle_entry) {
			idle_entry();
			continue;
		}
		/* An IPI arriving after the drain ends this hlt (sti's delay). */
		__asm__ __volatile__("sti; hlt" : : : "memory");
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
		for (unsigned int i = 0; i < ukplat_x86_lcpu_count; i++)
			sel[i] = true;
	if (timeout_ns != UK_LCPU_WAIT_FOREVER) {
		now = ukplat_monotonic_ns();
		deadline = now + timeout_ns < now ? UINT64_MAX
						  : now + timeout_ns;
	}
	for (unsigned int i = 0; i < ukplat_x86_lcpu_count; i++) {
		struct ukplat_x86_lcpu *c = &ukplat_x86_lcpus[i];
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
			__asm__ __volatile__("pause");
		}
	}
	return 0;
}

void uk_lcpu_halt(void)
{
	struct ukplat_x86_lcpu *c = ukplat_x86_lcpu_self();

	__asm__ __volatile__("cli" : : : "memory");
	lock_raw(c);
	c->state = UKPLAT_LCPU_HALTED;
	c->head = c->tail;
	__atomic_store_n(&c->done, c->queued, __ATOMIC_RELEASE);
	unlock_raw(c);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
