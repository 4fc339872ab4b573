#!/bin/sh
# tests/guest/exit.sh - main's return value is the VM's exit status, through
# isa-debug-exit (x86_64) or semihosting (arm64) and ukrun, including
# statuses above 127.
. "$top_srcdir/tests/guest/lib.sh"

# 68 and 196 come out of QEMU as 137, which timeout(1) also uses.
for s in 0 1 42 62 68 127 128 196 200 255; do
	boot "$G/exitcode-pvh" -c "-- $s"
	expect_status "status $s comes back" "$s"
done
boot "$G/exitcode-pvh" -c "-- 200 partial"
expect_status "status 200 after an unterminated console line" 200
if [ "${UK_ARCH:-x86_64}" = x86_64 ]; then
	boot "$G/exitcode-multiboot" -c "-- 42"
	expect_status "status 42 comes back from a Multiboot image" 42
fi
tap_done
