/*
 * plat/kvm/arm64/terminate.c - powering the machine off with a status.
 *
 * First semihosting SYS_EXIT_EXTENDED (Arm semihosting specification
 * v2.0: operation 0x20, parameter block {ADP_Stopped_ApplicationExit,
 * status}), which makes QEMU run with -semihosting exit with the status.
 * Without semihosting the HLT instruction is undefined: traps.c recognises
 * that exception at this instruction and resumes after it. Then PSCI
 * SYSTEM_OFF (Arm DEN 0022, function 0x84000008; psci.c) through the
 * conduit the device tree names; a machine that survives both halts.
 */
#include <uk/plat.h>
#include <uk/print.h>
#include "arm64.h"

#define SEMIHOST_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* Address of the HLT below, for traps.c. */
extern const char ukplat_arm64_semihost_insn[];

static __attribute__((noinline)) void semihost_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)status };
	register uint64_t x0 __asm__("x0") = SEMIHOST_EXIT_EXTENDED;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ __volatile__(".globl ukplat_arm64_semihost_insn\n"
			     "ukplat_arm64_semihost_insn:\n"
			     "hlt #0xf000"
			     : "+r"(x0)
			     : "r"(x1)
			     : "memory");
}

void ukplat_arm64_exit_hard(int status)
{
	if (!ukplat_arm64_no_semihosting)
		semihost_exit(status);
	ukplat_arm64_psci(UKPLAT_PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ __volatile__("msr daifset, #0xf\n\twfi");
}

void ukplat_terminate(int status)
{
	ukplat_arm64_exit_hard(status);
}
