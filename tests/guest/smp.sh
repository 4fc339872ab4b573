#!/bin/sh
# tests/guest/smp.sh - the lcpu interface (smp.c) with 1, 2 and 4 CPUs on
# each x86_64 machine type, and the boot option uk.debug_bad_madt (a
# malformed MADT): one console line, then one CPU. arm64 runs the
# one-CPU implementation.
. "$top_srcdir/tests/guest/lib.sh"

# boot_smp IMAGE CPUS [ukrun options]: boot() with QEMU's -smp CPUS.
boot_smp() {
	img=$1
	cpus=$2
	shift 2
	out=$("$UKRUN" -q -t "${GUEST_TIMEOUT:-120}" "$@" "$img" -- -smp "$cpus" 2>&1)
	status=$?
}

case ${UK_ARCH:-x86_64} in
arm64)
	boot "$G/smp-pvh" -c "-- 1"
	relay_guest_tap "virt, 1 CPU"
	tap_done
	exit 0
	;;
esac

for n in 1 2 4; do
	boot_smp "$G/smp-pvh" "$n" -c "-- $n"
	relay_guest_tap "microvm -smp $n"
done
for m in pc q35; do
	boot_smp "$G/smp-pvh" 4 -M "$m" -c "-- 4"
	relay_guest_tap "$m -smp 4"
done
boot_smp "$G/smp-multiboot" 2 -M pc -c "-- 2"
relay_guest_tap "Multiboot, pc -smp 2"

boot_smp "$G/smp-pvh" 4 -c "uk.debug_bad_madt -- 1"
relay_guest_tap "malformed MADT, -smp 4"
expect_console "malformed MADT: one console line says so" \
	'^uk: acpi: MADT unusable: bad MADT checksum: running on one CPU'
tap_done
