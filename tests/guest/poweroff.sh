#!/bin/sh
# tests/guest/poweroff.sh - without isa-debug-exit, libuk powers the machine
# off through ACPI (legacy PM1a_CNT on pc/q35, the hardware-reduced sleep
# control register on microvm): QEMU exits 0, without a timeout.
. "$top_srcdir/tests/guest/lib.sh"
only_on x86_64

for proto in pvh multiboot; do
	for machine in microvm pc q35; do
		what="$proto on $machine"
		out=$(timeout 120 "$UK_QEMU" -M "$machine" -accel tcg -m 64M -nodefaults \
			-no-user-config -nographic -serial stdio -no-reboot \
			-kernel "$G/exitcode-$proto" -append "-- 0" </dev/null 2>&1)
		status=$?
		expect_status "$what: ACPI power-off ends QEMU with status 0" 0
		expect_console "$what: main ran" 'exiting with 0'
		if printf '%s\n' "$out" | grep -q 'power-off\|fault\|resetting'; then
			not_ok "$what: no power-off failure reported"
		else
			ok "$what: no power-off failure reported"
		fi
	done
done
tap_done
