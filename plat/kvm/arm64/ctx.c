/*
 * plat/kvm/arm64/ctx.c - execution contexts for the scheduler (uk/plat.h):
 * v0-v31, FPCR and FPSR, TPIDR_EL0 as thread pointer, and both stack
 * pointers with the stack selector (ctx_switch.S). A context that runs on
 * SP_EL0 has its own SP_EL1, so that its exceptions and system calls (and
 * a thread that blocks inside one) never share a stack with another's.
 */
#include <stdint.h>
#include <uk/pages.h>
#include <uk/paging.h>
#include <uk/plat.h>
#include "arm64.h"

/* 32 128-bit registers, FPCR, FPSR; rounded up to 64 bytes. */
#define FPU_AREA_SIZE 576

void ukplat_arm64_fpu_save(void *area);
void ukplat_arm64_fpu_restore(const void *area);
void ukplat_arm64_stack_switch(struct ukplat_ctx *from, struct ukplat_ctx *to);
void ukplat_arm64_ctx_start(void);

size_t ukplat_fpu_size(void)
{
	return FPU_AREA_SIZE;
}

void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack_top, void *kstack_top,
		     void (*entry)(void *), void *arg)
{
	/*
	 * What ukplat_arm64_stack_switch pops: x29, x30 (its return
	 * address), then x19-x28. x19/x20 carry entry and argument to
	 * ukplat_arm64_ctx_start, which runs with SP = stack_top.
	 */
	uint64_t *frame = (uint64_t *)stack_top - 12;

	for (int i = 0; i < 12; i++)
		frame[i] = 0;
	frame[1] = (uint64_t)(uintptr_t)ukplat_arm64_ctx_start;
	frame[2] = (uint64_t)(uintptr_t)entry;
	frame[3] = (uint64_t)(uintptr_t)arg;
	ctx->sp = (uintptr_t)frame;
	ctx->other_sp = (uintptr_t)kstack_top;
	ctx->spsel = 0;
	ctx->tlsp = ukplat_tlsp_get();
	if (ctx->fpu)
		ukplat_arm64_fpu_save(ctx->fpu);
}

void ukplat_ctx_switch(struct ukplat_ctx *from, struct ukplat_ctx *to)
{
	from->tlsp = ukplat_tlsp_get();
	if (from->fpu)
		ukplat_arm64_fpu_save(from->fpu);
	if (to->fpu)
		ukplat_arm64_fpu_restore(to->fpu);
	ukplat_tlsp_set(to->tlsp);
	ukplat_arm64_stack_switch(from, to);
}

/*
 * A context's SP_EL1 stack, laid out like the boot CPU's (cpu_defs.h): the
 * stack in the upper half of a block aligned to twice its size, a guard
 * page just below it. The buddy allocator aligns blocks to their region,
 * not to their size, so the aligned window is cut from a block twice as
 * large again.
 */
int ukplat_kstack_needed(void)
{
	return 1;
}

#define KSTACK_WIN (2 * UKPLAT_EXC_STACK_SIZE)

/* The buddy order of a block that surely holds an aligned window. */
static unsigned int kstack_order(void)
{
	unsigned int order = 0;

	while ((4096UL << order) < 2 * KSTACK_WIN)
		order++;
	return order;
}

/* The window's base inside the block. */
static uintptr_t kstack_base(const void *block)
{
	return ((uintptr_t)block + KSTACK_WIN - 1) & ~(uintptr_t)(KSTACK_WIN - 1);
}

void *ukplat_kstack_alloc(uintptr_t *top)
{
	void *block = uk_pages_alloc(kstack_order());
	uintptr_t base;

	*top = 0;
	if (!block)
		return NULL;
	base = kstack_base(block);
	if (ukplat_mem_protect(base + UKPLAT_EXC_STACK_SIZE - 4096, 4096, UK_PROT_NONE) < 0) {
		uk_pages_free(block, kstack_order());
		return NULL;
	}
	*top = base + KSTACK_WIN;
	return block;
}

void ukplat_kstack_free(void *handle)
{
	if (!handle)
		return;
	/* Back to read-write: the allocator's pages are. */
	ukplat_mem_protect(kstack_base(handle) + UKPLAT_EXC_STACK_SIZE - 4096, 4096,
			   UK_PROT_READ | UK_PROT_WRITE);
	uk_pages_free(handle, kstack_order());
}
