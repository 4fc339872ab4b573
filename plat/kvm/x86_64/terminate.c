/*
 * plat/kvm/x86_64/terminate.c - powering the machine off with a status.
 *
 * First the isa-debug-exit port (0xf4, as libuk's runner configures QEMU):
 * QEMU then exits with (status << 1) | 1. Without that device the write is
 * ignored and ACPI shutdown follows; a machine that survives both halts.
 */
#include <uk/plat.h>
#include <uk/print.h>
#include "cpu.h"

#define DEBUG_EXIT_PORT 0xf4

void ukplat_terminate(int status)
{
	outl(DEBUG_EXIT_PORT, (uint32_t)status);
	ukplat_x86_acpi_poweroff();
	uk_pr_crit("power-off failed (no isa-debug-exit, no usable ACPI); halting");
	halt_forever();
}
