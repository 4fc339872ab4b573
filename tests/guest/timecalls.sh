#!/bin/sh
# tests/guest/timecalls.sh - boots the self-checking timecalls guest (see
# timecalls.c), giving it the host's time to compare its wall clock with.
. "$top_srcdir/tests/guest/lib.sh"
run_tap_guest "$G/timecalls-pvh" -c "-- $(date +%s)"
