#!/bin/sh
# tests/guest/exit.sh - main's return value is the VM's exit status, through
# isa-debug-exit and ukrun, including statuses above 127.
. "$top_srcdir/tests/guest/lib.sh"

for s in 0 1 42 127 128 200 255; do
	boot "$G/exitcode-pvh" -c "-- $s"
	expect_status "status $s comes back" "$s"
done
tap_done
