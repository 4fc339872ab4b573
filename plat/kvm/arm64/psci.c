/*
 * plat/kvm/arm64/psci.c - calling PSCI firmware (Arm DEN 0022) through
 * the conduit the device tree's /psci node names (HVC or SMC), with the
 * SMC Calling Convention (Arm DEN 0028): function id in x0, arguments
 * in x1-x3, result in x0; x4-x17 may be clobbered (SMCCC v1.0).
 */
#include <stdint.h>
#include "arm64.h"

int64_t ukplat_arm64_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (!ukplat_arm64_dev.has_psci)
		return UKPLAT_PSCI_NOT_SUPPORTED;
	if (ukplat_arm64_dev.psci_smc)
		__asm__ __volatile__("smc #0"
				     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				     :
				     : "x4", "x5", "x6", "x7", "x8", "x9",
				       "x10", "x11", "x12", "x13", "x14",
				       "x15", "x16", "x17", "memory");
	else
		__asm__ __volatile__("hvc #0"
				     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				     :
				     : "x4", "x5", "x6", "x7", "x8", "x9",
				       "x10", "x11", "x12", "x13", "x14",
				       "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}
