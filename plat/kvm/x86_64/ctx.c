/*
 * plat/kvm/x86_64/ctx.c - execution contexts for the scheduler (uk/plat.h):
 * FPU/SIMD state through XSAVE (every component XCR0 enables) or FXSAVE,
 * the FS base as thread pointer, the system-call stack and depth of
 * syscall_entry.S, and the stack switch of ctx_switch.S.
 */
#include <stdint.h>
#include <uk/plat.h>
#include "cpu.h"

void ukplat_x86_stack_switch(uintptr_t *from_sp, uintptr_t to_sp);
void ukplat_x86_ctx_start(void);

static size_t fpu_size; /* 0 until first asked */
static int use_xsave;

size_t ukplat_fpu_size(void)
{
	if (!fpu_size) {
		use_xsave = (cpuid(1, 0).ecx & (1u << 26)) != 0 &&
			    (read_cr4() & X86_CR4_OSXSAVE);
		/* CPUID.(EAX=0DH,ECX=0).EBX: the area XCR0's components need. */
		fpu_size = use_xsave ? cpuid(0xd, 0).ebx : 512;
		fpu_size = (fpu_size + 63) & ~(size_t)63;
	}
	return fpu_size;
}

static void fpu_save(void *area)
{
	if (use_xsave)
		__asm__ __volatile__("xsave64 (%0)" : : "r"(area), "a"(-1), "d"(-1)
				     : "memory");
	else
		__asm__ __volatile__("fxsave64 (%0)" : : "r"(area) : "memory");
}

static void fpu_restore(const void *area)
{
	if (use_xsave)
		__asm__ __volatile__("xrstor64 (%0)" : : "r"(area), "a"(-1), "d"(-1)
				     : "memory");
	else
		__asm__ __volatile__("fxrstor64 (%0)" : : "r"(area) : "memory");
}

void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack_top, void *kstack_top,
		     void (*entry)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)stack_top;

	(void)kstack_top; /* exceptions use the IST stacks */
	ukplat_fpu_size();
	if (ctx->fpu) {
		/* XSAVE leaves the header's reserved bytes alone: clear them. */
		for (size_t i = 512; i < 576 && use_xsave; i++)
			((unsigned char *)ctx->fpu)[i] = 0;
		fpu_save(ctx->fpu);
	}
	ctx->tlsp = ukplat_tlsp_get();
	/*
	 * What ukplat_x86_stack_switch pops: r15, r14, r13, r12, rbx, rbp,
	 * then its return address. r12/r13 carry the entry and argument to
	 * ukplat_x86_ctx_start, which runs with RSP = stack_top (16-byte
	 * aligned, as before a call).
	 */
	*--sp = (uint64_t)(uintptr_t)ukplat_x86_ctx_start;
	*--sp = 0;                                   /* rbp: outermost frame */
	*--sp = 0;                                   /* rbx */
	*--sp = (uint64_t)(uintptr_t)entry;          /* r12 */
	*--sp = (uint64_t)(uintptr_t)arg;            /* r13 */
	*--sp = 0;                                   /* r14 */
	*--sp = 0;                                   /* r15 */
	ctx->sp = (uintptr_t)sp;
	/* Kernel code first: calls stay on this stack (syscall_entry.S). */
	ctx->sys_stack = (uintptr_t)stack_top;
	ctx->sys_depth = 1;
}

void ukplat_ctx_switch(struct ukplat_ctx *from, struct ukplat_ctx *to)
{
	struct ukplat_x86_lcpu *c = ukplat_x86_lcpu_self();

	from->tlsp = ukplat_tlsp_get();
	if (from->fpu)
		fpu_save(from->fpu);
	if (to->fpu)
		fpu_restore(to->fpu);
	if (to->tlsp != from->tlsp)
		ukplat_tlsp_set(to->tlsp);
	from->sys_stack = c->sys_stack;
	from->sys_depth = c->sys_depth;
	c->sys_stack = to->sys_stack;
	c->sys_depth = to->sys_depth;
	ukplat_x86_stack_switch(&from->sp, to->sp);
}

/* Exceptions and interrupts run on the IST stacks: no per-context stack. */
int ukplat_kstack_needed(void)
{
	return 0;
}

void *ukplat_kstack_alloc(uintptr_t *top)
{
	*top = 0;
	return NULL;
}

void ukplat_kstack_free(void *handle)
{
	(void)handle;
}
