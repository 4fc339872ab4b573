#!/bin/sh
# tests/guest/smp_threads.sh - threads on every CPU (smp_threads.c) with
# 1, 2 and 4 CPUs, musl's pthread guest (pthread.c) with 4, and the TLB
# shootdown: a page one CPU revokes faults on another (x86_64: IPIs;
# arm64: broadcast TLB invalidation), on both architectures.
. "$top_srcdir/tests/guest/lib.sh"

# Several vCPUs under TCG on a small host are slow.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-600}

case ${UK_ARCH:-x86_64} in
arm64) machine=virt ;;
*) machine=microvm ;;
esac

for n in 1 2 4; do
	boot "$G/smp_threads-pvh" -m 64M -n "$n" -c "-- $n"
	relay_guest_tap "$machine -smp $n"
done
case ${UK_ARCH:-x86_64} in
arm64)
	boot "$G/smp_threads-pvh" -m 64M -n 4 -M virt,gic-version=3 -c "-- 4"
	relay_guest_tap "virt GICv3 -smp 4"
	;;
*)
	boot "$G/smp_threads-pvh" -m 64M -n 4 -M q35 -c "-- 4"
	relay_guest_tap "q35 -smp 4"
	;;
esac

boot "$G/pthread-pvh" -m 64M -n 4
relay_guest_tap "pthread, -smp 4"

boot "$G/smp_threads-pvh" -m 64M -n 2 -c "-- tlb"
expect_status "tlb: reading a page revoked by another CPU exits with the fault status" 112
expect_console "tlb: the reader ran" '^smp_threads: tlb: reader on CPU [0-9]'
case ${UK_ARCH:-x86_64} in
arm64) expect_console "tlb: the fault is a data abort" 'data abort' ;;
*) expect_console "tlb: the fault is a page fault on a revoked page" \
	'#PF page fault \(vector 14\), error code 0x[0-9a-f]* \[not-present read' ;;
esac
expect_no_console "tlb: the stale translation was not used" 'unexpected'
tap_done
