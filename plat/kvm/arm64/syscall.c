/*
 * plat/kvm/arm64/syscall.c - the copy of an `svc` frame a cloned thread
 * starts from (uk/plat.h); vectors.S returns through it.
 */
#include <stdint.h>
#include <uk/plat.h>
#include <ukbase/string.h>
#include "arm64.h"
#include "smp.h"


_Static_assert(sizeof(struct ukplat_arm64_regs) <= sizeof(struct ukplat_syscall_regs),
	       "the copy holds a frame");

void ukplat_syscall_child_regs(struct ukplat_syscall_regs *regs, uintptr_t sp)
{
	struct ukplat_arm64_regs *r = (struct ukplat_arm64_regs *)regs;

	uk_memcpy(r, ukplat_arm64_lcpu_self()->svc_frame, sizeof(*r));
	r->x[0] = 0; /* clone returns 0 in the child */
	r->sp = sp;
}
