#!/bin/sh
# tests/guest/fault.sh - a NULL dereference and a divide error produce the
# fault report (exception, error code, registers, CR2, backtrace) and the
# fault status (112, UK_EXIT_FAULT).
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/fault-pvh" -c "-- null"
expect_status "NULL write exits with the fault status" 112
expect_console "report names the page fault" \
	'CPU exception #PF page fault \(vector 14\), error code 0x2 \[not-present write\]'
expect_console "report shows CR2 = 0" 'CR2 0000000000000000'
expect_console "report shows the registers" '^uk: RAX [0-9a-f]{16} RBX [0-9a-f]{16}'
expect_console "report shows control registers" '^uk: CR0 [0-9a-f]{16} CR3 [0-9a-f]{16}'
expect_console "backtrace has the faulting frame" '^uk:   #0  0x0000000000[0-9a-f]{6}$'
expect_console "backtrace has callers" '^uk:   #3  0x0000000000[0-9a-f]{6}$'
if printf '%s\n' "$out" | grep -q 'survived'; then
	not_ok "execution stops at the fault"
else
	ok "execution stops at the fault"
fi

boot "$G/fault-pvh" -c "-- div"
expect_status "divide error exits with the fault status" 112
expect_console "report names the divide error" 'CPU exception #DE divide error \(vector 0\)'
expect_console "divide error has a backtrace" '^uk:   #2  0x0000000000[0-9a-f]{6}$'
boot "$G/overflow-pvh"
expect_status "stack overflow exits with the fault status" 112
expect_console "stack overflow is named" \
	'CR2 is in the guard page below the application stack: stack overflow'
tap_done
