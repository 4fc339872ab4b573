/*
 * plat/kvm/x86_64/terminate.c - powering the machine off with a status.
 *
 * First the isa-debug-exit port (0xf4, as libuk's runner configures QEMU):
 * QEMU then exits with (status << 1) | 1. Without that device the write is
 * ignored and ACPI shutdown follows, then an i8042 reset; a machine that
 * survives all three halts.
 */
#include <uk/plat.h>
#include <uk/print.h>
#include "cpu.h"

#define DEBUG_EXIT_PORT 0xf4

/* Power-off without ACPI: for paths that must not fault again. */
void ukplat_x86_exit_hard(int status)
{
	outl(DEBUG_EXIT_PORT, (uint32_t)status);
	/*
	 * i8042 pulse reset: how Firecracker stops a guest; QEMU resets (and
	 * exits with -no-reboot, as ukrun runs it).
	 */
	outb(0x64, 0xfe);
	halt_forever();
}

void ukplat_terminate(int status)
{
	static int terminating;

	outl(DEBUG_EXIT_PORT, (uint32_t)status);
	if (!terminating++) {
		ukplat_x86_acpi_poweroff();
		uk_pr_crit("power-off did not happen; resetting");
	}
	ukplat_x86_exit_hard(status);
}
