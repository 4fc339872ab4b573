/*
 * plat/kvm/x86_64/preempt.c - running the preemption handler (uk/plat.h)
 * in the interrupted context.
 *
 * Interrupts arrive on an IST stack that every interrupt reuses, so the
 * handler cannot switch threads there. Instead the interrupted registers
 * are copied onto the interrupted context's own stack, and the iret goes
 * to preempt_tramp.S on that stack, which calls the handler and then
 * returns to the interrupted code with an iret of its own. The stack is
 * the context's system-call stack when it was running application code
 * with one (its application stack may be on its way out, as in musl's
 * detached thread exit), else the interrupted stack below the 128-byte
 * red zone.
 */
#include <stdint.h>
#include <uk/plat.h>
#include "cpu.h"

#define RFLAGS_IF (1UL << 9)

/* What preempt_tramp.S pops: the registers, then an iret frame. */
struct preempt_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t rip, cs, rflags, rsp, ss;
};

extern char ukplat_x86_sys_return_window[], ukplat_x86_sys_return_window_end[];
void ukplat_x86_preempt_tramp(void);

void (*ukplat_x86_preempt_fn)(void);

void ukplat_preempt_set_handler(void (*fn)(void))
{
	ukplat_x86_preempt_fn = fn;
}

void ukplat_preempt_request(void)
{
	ukplat_x86_lcpu_self()->preempt_requested = 1;
}

void ukplat_x86_preempt_check(struct ukplat_x86_trapframe *tf)
{
	struct ukplat_x86_lcpu *c = ukplat_x86_lcpu_self();
	struct preempt_frame *f;
	uintptr_t sp;

	if (!c->preempt_requested || !ukplat_x86_preempt_fn)
		return;
	if (!(tf->rflags & RFLAGS_IF) || c->halting)
		return;
	/* Between popfq and the jump back, syscall_entry.S's frame is live. */
	if (tf->rip >= (uintptr_t)ukplat_x86_sys_return_window &&
	    tf->rip < (uintptr_t)ukplat_x86_sys_return_window_end)
		return;
	c->preempt_requested = 0;
	if (c->sys_depth == 0)
		sp = c->sys_stack;
	else
		sp = (tf->rsp - 128) & ~(uintptr_t)15;
	f = (struct preempt_frame *)sp - 1;
	/* The layouts agree from r15 to rax, and again from rip to ss. */
	__builtin_memcpy(f, tf, 15 * 8);
	f->rip = tf->rip;
	f->cs = tf->cs;
	f->rflags = tf->rflags;
	f->rsp = tf->rsp;
	f->ss = tf->ss;
	tf->rip = (uintptr_t)ukplat_x86_preempt_tramp;
	tf->rsp = (uintptr_t)f;
	tf->rflags &= ~RFLAGS_IF;
}
