#!/bin/sh
# tests/guest/smp_threads.sh - threads on every CPU (smp_threads.c) with
# 1, 2 and 4 CPUs, musl's pthread guest (pthread.c) with 4, and the TLB
# shootdown: a page one CPU revokes faults on another. arm64 drives one
# CPU, so it runs the one-CPU case.
. "$top_srcdir/tests/guest/lib.sh"

# Several vCPUs under TCG on a small host are slow.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-600}

case ${UK_ARCH:-x86_64} in
arm64)
	boot "$G/smp_threads-pvh" -m 64M -c "-- 1"
	relay_guest_tap "virt, 1 CPU"
	tap_done
	exit 0
	;;
esac

for n in 1 2 4; do
	boot "$G/smp_threads-pvh" -m 64M -n "$n" -c "-- $n"
	relay_guest_tap "microvm -smp $n"
done
boot "$G/smp_threads-pvh" -m 64M -n 4 -M q35 -c "-- 4"
relay_guest_tap "q35 -smp 4"

boot "$G/pthread-pvh" -m 64M -n 4
relay_guest_tap "pthread, -smp 4"

boot "$G/smp_threads-pvh" -m 64M -n 2 -c "-- tlb"
expect_status "tlb: reading a page revoked by another CPU exits with the fault status" 112
expect_console "tlb: the reader ran" '^smp_threads: tlb: reader on CPU [0-9]'
expect_console "tlb: the fault is a protection fault on a present page" \
	'#PF page fault \(vector 14\), error code 0x[0-9a-f]* \[not-present read'
expect_no_console "tlb: the stale translation was not used" 'unexpected'
tap_done
