#!/bin/sh
# tests/guest/poweroff.sh - without isa-debug-exit, libuk powers the machine
# off through ACPI (legacy PM1a_CNT on pc/q35, the hardware-reduced sleep
# control register on microvm): QEMU exits 0, without a timeout.
. "$top_srcdir/tests/guest/lib.sh"

for machine in microvm pc q35; do
	out=$(timeout 120 "$UK_QEMU" -M "$machine" -accel tcg -m 64M -nodefaults \
		-no-user-config -nographic -serial stdio \
		-kernel "$top_builddir/examples/hello/hello" -append "-- off" </dev/null 2>&1)
	status=$?
	expect_status "$machine: ACPI power-off ends QEMU with status 0" 0
	expect_console "$machine: main ran" '^argv\[1\] = "off"'
	if printf '%s\n' "$out" | grep -q 'power-off failed\|ACPI power-off unavailable'; then
		not_ok "$machine: no power-off failure reported"
	else
		ok "$machine: no power-off failure reported"
	fi
done
tap_done
