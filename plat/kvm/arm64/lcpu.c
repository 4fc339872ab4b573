/*
 * plat/kvm/arm64/lcpu.c - the lcpu interface (uk/lcpu.h) on arm64, for
 * the boot CPU alone until secondary CPUs are started through PSCI: one
 * CPU, index 0, its id MPIDR_EL1's affinity fields; uk_lcpu_run on it
 * runs the call at once; nothing can be started. The per-CPU word is
 * reached through TPIDR_EL1, which start.c points at this CPU's record.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/lcpu.h>
#include "arm64.h"

#define MPIDR_AFF_MASK 0xff00ffffffULL   /* Aff3, Aff2, Aff1, Aff0 */

struct lcpu {
	uintptr_t local;
};

static struct lcpu boot_lcpu;

void ukplat_arm64_lcpu_init(void)
{
	__asm__ __volatile__("msr tpidr_el1, %0" : : "r"(&boot_lcpu));
}

static struct lcpu *self(void)
{
	return (struct lcpu *)SYSREG_READ(tpidr_el1);
}

uint64_t uk_lcpu_id(void)
{
	return SYSREG_READ(mpidr_el1) & MPIDR_AFF_MASK;
}

unsigned int uk_lcpu_idx(void)
{
	return 0;
}

unsigned int uk_lcpu_count(void)
{
	return 1;
}

uint64_t uk_lcpu_id_of(unsigned int idx)
{
	return idx == 0 ? uk_lcpu_id() : UINT64_MAX;
}

int uk_lcpu_state(unsigned int idx)
{
	return idx == 0 ? UK_LCPU_BUSY : -EINVAL;
}

uintptr_t uk_lcpu_local_get(void)
{
	return self()->local;
}

void uk_lcpu_local_set(uintptr_t v)
{
	self()->local = v;
}

int uk_lcpu_start(const unsigned int *idx, unsigned int n,
		  void *const *stack_tops, const uk_lcpu_fn_t *entries,
		  void *arg)
{
	(void)stack_tops;
	(void)entries;
	(void)arg;
	/* Every index is either out of range or the caller. */
	(void)idx;
	(void)n;
	return -EINVAL;
}

int uk_lcpu_run(const unsigned int *idx, unsigned int n, uk_lcpu_fn_t fn,
		void *arg)
{
	if (!fn)
		return -EINVAL;
	if (idx) {
		for (unsigned int i = 0; i < n; i++)
			if (idx[i] != 0 || i > 0)
				return -EINVAL;
		if (n == 0)
			return 0;
	}
	fn(arg);
	return 0;
}

int uk_lcpu_wait(const unsigned int *idx, unsigned int n,
		 uint64_t timeout_ns)
{
	(void)timeout_ns;
	if (idx)
		for (unsigned int i = 0; i < n; i++)
			if (idx[i] != 0)
				return -EINVAL;
	return 0;
}

void uk_lcpu_halt(void)
{
	for (;;)
		__asm__ __volatile__("msr daifset, #0xf\n\twfi");
}
