#!/bin/sh
# tests/guest/poweroff.sh - without the exit device libuk still powers the
# machine off: x86_64 without isa-debug-exit through ACPI (legacy PM1a_CNT
# on pc/q35, the hardware-reduced sleep control register on microvm);
# arm64 without semihosting through PSCI SYSTEM_OFF (HVC at EL1; SMC when
# QEMU emulates EL2, virtualization=on). QEMU exits 0, without a timeout.
. "$top_srcdir/tests/guest/lib.sh"

if [ "${UK_ARCH:-x86_64}" = arm64 ]; then
	for machine in virt virt,virtualization=on; do
		what="PSCI on $machine"
		out=$(timeout 120 "$UK_QEMU" -M "$machine" -cpu cortex-a72 -accel tcg -m 64M \
			-nodefaults -no-user-config -nographic -serial stdio -no-reboot \
			-kernel "$G/exitcode-pvh" -append "-- 0" </dev/null 2>&1)
		status=$?
		expect_status "$what: power-off ends QEMU with status 0" 0
		expect_console "$what: main ran" 'exiting with 0'
		expect_no_console "$what: no fault on the way out" 'fault|exception'
	done
	tap_done
	exit 0
fi

for proto in pvh multiboot; do
	for machine in microvm pc q35; do
		what="$proto on $machine"
		out=$(timeout 120 "$UK_QEMU" -M "$machine" -accel tcg -m 64M -nodefaults \
			-no-user-config -nographic -serial stdio -no-reboot \
			-kernel "$G/exitcode-$proto" -append "-- 0" </dev/null 2>&1)
		status=$?
		expect_status "$what: ACPI power-off ends QEMU with status 0" 0
		expect_console "$what: main ran" 'exiting with 0'
		expect_no_console "$what: no power-off failure reported" 'power-off|fault|resetting'
	done
done
tap_done
