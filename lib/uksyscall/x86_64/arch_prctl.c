/*
 * lib/uksyscall/x86_64/arch_prctl.c - arch_prctl: the FS and GS bases
 * musl sets for the thread pointer (ARCH_SET_FS) and reads back.
 */
#include <errno.h>
#include <uk/plat.h>
#include <uk/syscall.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* GS base belongs to the kernel's per-CPU data (SMP); the app gets a copy. */
static unsigned long app_gs;

UK_SYSCALL_DEFINE2(arch_prctl, int, code, unsigned long, addr)
{
	switch (code) {
	case ARCH_SET_FS:
		ukplat_tlsp_set(addr);
		return 0;
	case ARCH_GET_FS:
		*(unsigned long *)addr = ukplat_tlsp_get();
		return 0;
	case ARCH_SET_GS:
		app_gs = addr;
		return 0;
	case ARCH_GET_GS:
		*(unsigned long *)addr = app_gs;
		return 0;
	default:
		return -EINVAL;
	}
}
