#!/bin/sh
# tests/guest/runner.sh - ukrun itself: the KVM probe image works (under
# TCG here), a hung guest times out with status 124 and its console shown,
# bad usage is a harness error (99).
. "$top_srcdir/tests/guest/lib.sh"

if [ "${UK_ARCH:-x86_64}" = x86_64 ]; then
	out=$(UKRUN_ACCEL=tcg "$UKRUN" -q -t 60 "$top_builddir/tools/kvmprobe" 2>&1)
	status=$?
	expect_status "probe image exits 0" 0
	expect_console "probe image computes SSE and x87 results" '^kvmprobe: ok$'
fi

out=$("$UKRUN" -q -t 3 "$G/hang-pvh" 2>&1)
status=$?
expect_status "hung guest: timeout status 124" 124
expect_console "hung guest: console shown" '^hang: spinning forever$'
expect_console "hung guest: timeout reported" '^ukrun: timeout: guest still running after 3s'

out=$("$UKRUN" -q -M nosuch "$G/hang-pvh" 2>&1)
status=$?
expect_status "unknown machine: status 99" 99
expect_console "unknown machine: named" "unknown machine 'nosuch'"

out=$("$UKRUN" -q "$top_srcdir/tests/guest/lib.sh" 2>&1)
status=$?
expect_status "non-ELF image: status 99" 99
tap_done
