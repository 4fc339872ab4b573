/*
 * plat/kvm/x86_64/syscall.c - the system-call frame of syscall_entry.S as
 * C sees it, and the copy a cloned thread starts from (uk/plat.h).
 */
#include <stdint.h>
#include <uk/plat.h>
#include <ukbase/string.h>
#include "cpu.h"

/* From the lowest address up, as syscall_entry.S pushes it. */
struct syscall_frame {
	uint64_t nr;
	uint64_t r9, r8, r10, rdx, rsi, rdi;
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t rip, rflags, rsp;
};
_Static_assert(sizeof(struct syscall_frame) <= sizeof(struct ukplat_syscall_regs),
	       "the copy holds a frame");

void ukplat_syscall_child_regs(struct ukplat_syscall_regs *regs, uintptr_t sp)
{
	struct syscall_frame *f = (struct syscall_frame *)regs;

	uk_memcpy(f, ukplat_x86_lcpu_self()->sys_frame, sizeof(*f));
	f->rsp = sp;
}
