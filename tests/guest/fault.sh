#!/bin/sh
# tests/guest/fault.sh - a NULL dereference and a divide error produce the
# fault report (exception, error code, registers, CR2, backtrace) and the
# fault status (112, UK_EXIT_FAULT).
. "$top_srcdir/tests/guest/lib.sh"

if [ "${UK_ARCH:-x86_64}" = arm64 ]; then
	boot "$G/fault-pvh" -c "-- null"
	expect_status "NULL write exits with the fault status" 112
	expect_console "report names the data abort and its class" \
		'CPU exception: data abort \(EC 0x25\)'
	expect_console "report decodes the fault status and access" \
		'translation fault \(not mapped\), write access at FAR 0000000000000000'
	expect_console "report shows ESR and FAR" '^uk: ESR [0-9a-f]{16} FAR 0000000000000000$'
	expect_console "report shows ELR and SPSR" '^uk: ELR [0-9a-f]{16} SPSR [0-9a-f]{16} SP [0-9a-f]{16}$'
	expect_console "report shows the registers" '^uk: x0  [0-9a-f]{16} x1  [0-9a-f]{16} x2  [0-9a-f]{16}$'
	expect_console "backtrace has the faulting frame" '^uk:   #0  0x00000000402[0-9a-f]{5}$'
	expect_console "backtrace has callers" '^uk:   #3  0x00000000402[0-9a-f]{5}$'
	expect_no_console "execution stops at the fault" 'survived'
	boot "$G/fault-pvh" -c "-- trap"
	expect_status "a BRK exits with the fault status" 112
	expect_console "report names the BRK" 'CPU exception: BRK instruction \(EC 0x3c\)'
	boot "$G/overflow-pvh"
	expect_status "stack overflow exits with the fault status" 112
	expect_console "stack overflow is named" \
		'in the guard page below the application stack: stack overflow'
	tap_done
	exit 0
fi

boot "$G/fault-pvh" -c "-- null"
expect_status "NULL write exits with the fault status" 112
expect_console "report names the page fault" \
	'CPU exception #PF page fault \(vector 14\), error code 0x2 \[not-present write\]'
expect_console "report shows CR2 = 0" 'CR2 0000000000000000'
expect_console "report shows the registers" '^uk: RAX [0-9a-f]{16} RBX [0-9a-f]{16}'
expect_console "report shows control registers" '^uk: CR0 [0-9a-f]{16} CR3 [0-9a-f]{16}'
expect_console "backtrace has the faulting frame" '^uk:   #0  0x0000000000[0-9a-f]{6}$'
expect_console "backtrace has callers" '^uk:   #3  0x0000000000[0-9a-f]{6}$'
expect_no_console "execution stops at the fault" 'survived'

boot "$G/fault-pvh" -c "-- div"
expect_status "divide error exits with the fault status" 112
expect_console "report names the divide error" 'CPU exception #DE divide error \(vector 0\)'
expect_console "divide error has a backtrace" '^uk:   #2  0x0000000000[0-9a-f]{6}$'
boot "$G/overflow-pvh"
expect_status "stack overflow exits with the fault status" 112
expect_console "stack overflow is named" \
	'in the guard page below the application stack: stack overflow'
boot "$G/fault-pvh" -c "-- trap"
expect_status "ud2 exits with the fault status" 112
expect_console "report names the invalid opcode" 'CPU exception #UD invalid opcode \(vector 6\)'
tap_done
