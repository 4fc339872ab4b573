#!/bin/sh
# tests/guest/clock.sh - monotonic clock and RTC wall clock (the guest
# checks; the host's time is passed on the command line).
. "$top_srcdir/tests/guest/lib.sh"
run_tap_guest "$G/clock-pvh" -c "-- $(date +%s)"
