#!/bin/sh
# tests/guest/timer.sh - the local APIC timer behind uk/plat.h's one-shot
# timer (timer.c checks itself) on every x86_64 machine type. Under TCG
# (QEMU 7.2) no CPU model offers x2APIC or TSC-deadline mode, so this
# covers the xAPIC one-shot path; the others need KVM.
. "$top_srcdir/tests/guest/lib.sh"
only_on x86_64
GUEST_TIMEOUT=60
for machine in microvm pc q35; do
	boot "$G/timer-pvh" -M "$machine" -c "uk.loglevel=info --"
	relay_guest_tap "$machine"
	expect_console "$machine: the timer says which mode it uses" \
		"timer: local APIC timer, x2?APIC, (TSC-deadline|one-shot) mode"
done
tap_done
