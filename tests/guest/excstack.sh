#!/bin/sh
# tests/guest/excstack.sh - arm64: running off the exception stack (a
# signal handler that recurses deeply; handlers run inside the delivering
# system call, on SP_EL1) is reported from the emergency stack with the
# fault status, never a hang.
. "$top_srcdir/tests/guest/lib.sh"
only_on arm64

boot "$G/excstack-pvh"
expect_status "exception stack overflow: fault status" 112
expect_console "the report says what overflowed" 'CPU exception: .* \[exception stack overflow\]'
expect_console "FAR lies in the guard page below the exception stack" \
	'in the guard page below the exception stack: stack overflow'
expect_no_console "execution stops at the overflow" 'survived'
tap_done
