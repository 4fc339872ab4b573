/*
 * plat/kvm/x86_64/cpu_misc.c - small CPU services for libraries: the
 * thread pointer (FS base), the hardware random number generator, the
 * AT_HWCAP word. (ukplat_wait_until_ns halts on the APIC timer: timer.c.)
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/plat.h>
#include <ukbase/string.h>
#include "cpu.h"

#define MSR_FS_BASE 0xc0000100

void ukplat_tlsp_set(uintptr_t tp)
{
	wrmsr(MSR_FS_BASE, tp);
}

uintptr_t ukplat_tlsp_get(void)
{
	return (uintptr_t)rdmsr(MSR_FS_BASE);
}

unsigned long ukplat_hwcap(void)
{
	return cpuid(1, 0).edx;
}

/* One 64-bit value from RDSEED (preferred) or RDRAND; retries a few times. */
static int hw_random64(int use_rdseed, uint64_t *v)
{
	for (int tries = 0; tries < 10; tries++) {
		unsigned char ok;

		if (use_rdseed)
			__asm__ __volatile__("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		else
			__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 0;
	}
	return -1;
}

long ukplat_entropy_hw(void *buf, size_t len)
{
	int has_rdrand = !!(cpuid(1, 0).ecx & (1u << 30));
	int has_rdseed = cpuid(0, 0).eax >= 7 && (cpuid(7, 0).ebx & (1u << 18));
	unsigned char *p = buf;

	if (!has_rdrand && !has_rdseed)
		return -ENODEV;
	for (size_t off = 0; off < len; off += 8) {
		uint64_t v;
		size_t n = len - off < 8 ? len - off : 8;

		if (hw_random64(has_rdseed, &v) < 0 &&
		    (!has_rdrand || hw_random64(0, &v) < 0))
			return -ENODEV;
		uk_memcpy(p + off, &v, n);
	}
	return (long)len;
}

void ukplat_cpu_relax(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}
