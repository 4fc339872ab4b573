#!/bin/sh
# tests/guest/clock-multiboot.sh - the clock guest booted through Multiboot,
# which gives no RSDP: the RTC's century register comes from ACPI tables
# found by scanning low memory, which must happen before page 0 is unmapped.
. "$top_srcdir/tests/guest/lib.sh"
only_on x86_64
run_tap_guest "$G/clock-multiboot" -c "-- $(date +%s)"
