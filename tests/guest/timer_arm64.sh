#!/bin/sh
# tests/guest/timer_arm64.sh - the timer/interrupt guest (timer_arm64.c) on
# each interrupt set-up of QEMU virt: GICv2 (the default), GICv3, and
# entered at EL2 (virtualization=on, which the entry drops to EL1), with
# GICv2 and GICv3.
. "$top_srcdir/tests/guest/lib.sh"
only_on arm64
GUEST_TIMEOUT=60
for m in virt virt,gic-version=3 virt,virtualization=on \
	virt,virtualization=on,gic-version=3; do
	boot "$G/timer_arm64-pvh" -M "$m"
	relay_guest_tap "$m"
done
tap_done
