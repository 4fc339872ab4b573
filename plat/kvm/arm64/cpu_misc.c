/*
 * plat/kvm/arm64/cpu_misc.c - small CPU services for the portable
 * libraries: the thread pointer (TPIDR_EL0, which musl also writes
 * directly), AT_HWCAP from the ID registers, and the RNDR generator.
 */
#include <errno.h>
#include <stddef.h>
#include <uk/plat.h>
#include "arm64.h"

void ukplat_tlsp_set(uintptr_t tp)
{
	SYSREG_WRITE(tpidr_el0, tp);
}

uintptr_t ukplat_tlsp_get(void)
{
	return SYSREG_READ(tpidr_el0);
}

/* Linux's arm64 HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h). */
#define HWCAP_FP      (1UL << 0)
#define HWCAP_ASIMD   (1UL << 1)
#define HWCAP_AES     (1UL << 3)
#define HWCAP_PMULL   (1UL << 4)
#define HWCAP_SHA1    (1UL << 5)
#define HWCAP_SHA2    (1UL << 6)
#define HWCAP_CRC32   (1UL << 7)
#define HWCAP_ATOMICS (1UL << 8)
#define HWCAP_FPHP    (1UL << 9)
#define HWCAP_ASIMDHP (1UL << 10)
#define HWCAP_CPUID   (1UL << 11)

static unsigned int field(uint64_t reg, unsigned int shift)
{
	return (unsigned int)(reg >> shift) & 0xf;
}

unsigned long ukplat_hwcap(void)
{
	uint64_t pfr0 = SYSREG_READ(id_aa64pfr0_el1);
	uint64_t isar0 = SYSREG_READ(id_aa64isar0_el1);
	/* Code runs at EL1, so reading ID registers never traps: CPUID. */
	unsigned long hw = HWCAP_CPUID;

	if (field(pfr0, 16) != 0xf) {
		hw |= HWCAP_FP;
		if (field(pfr0, 16) >= 1)
			hw |= HWCAP_FPHP;
	}
	if (field(pfr0, 20) != 0xf) {
		hw |= HWCAP_ASIMD;
		if (field(pfr0, 20) >= 1)
			hw |= HWCAP_ASIMDHP;
	}
	if (field(isar0, 4) >= 1)
		hw |= HWCAP_AES;
	if (field(isar0, 4) >= 2)
		hw |= HWCAP_PMULL;
	if (field(isar0, 8) >= 1)
		hw |= HWCAP_SHA1;
	if (field(isar0, 12) >= 1)
		hw |= HWCAP_SHA2;
	if (field(isar0, 16) >= 1)
		hw |= HWCAP_CRC32;
	if (field(isar0, 20) >= 2)
		hw |= HWCAP_ATOMICS;
	return hw;
}

/* RNDR (FEAT_RNG): NZCV.Z set means no random number this time. */
static int rndr(uint64_t *out)
{
	uint64_t v, nzcv;

	__asm__ __volatile__("mrs %0, s3_3_c2_c4_0\n\tmrs %1, nzcv"
			     : "=r"(v), "=r"(nzcv));
	*out = v;
	return !(nzcv & (1UL << 30));
}

long ukplat_entropy_hw(void *buf, size_t len)
{
	unsigned char *p = buf;

	if (field(SYSREG_READ(id_aa64isar0_el1), 60) < 1)
		return -ENODEV;
	for (size_t i = 0; i < len;) {
		uint64_t v;
		int tries = 0;

		while (!rndr(&v)) {
			if (++tries == 10)
				return -ENODEV;
		}
		for (int b = 0; b < 8 && i < len; b++, i++)
			p[i] = (unsigned char)(v >> (8 * b));
	}
	return (long)len;
}

void ukplat_cpu_relax(void)
{
	__asm__ __volatile__("yield" : : : "memory");
}
