#!/bin/sh
# bench/sched.sh - the cost of thread operations (not a test): a libuk
# guest (musl's pthreads over libuk's clone, futex and cooperative
# scheduler) against the same source as a static musl program on Linux (a
# host process pinned to one CPU), measured in the same run.
# bench/sched.c does the timing (clock_gettime ns and, on x86_64, TSC
# cycles around loops, median of RUNS runs); this script builds the Linux
# program with musl-gcc, boots the guest image (make bench/sched-uk) with
# ukrun, runs the host program right after, and prints one table with both
# columns and their ratio:
#
#   context switch   two threads ping-pong on a futex word; per switch
#                    (one round trip is two switches)
#   create+join      pthread_create + pthread_join of a trivial thread
#   mutex            uncontended pthread_mutex_lock + unlock
#
# Under TCG (KVM unusable or absent) the guest figures are emulation
# figures, not hardware ones, and so is the ratio: the accelerator is
# printed with them (the guest reads it from CPUID's hypervisor leaf).
#
# Environment: ROUNDTRIPS (ping-pong round trips per run, default 100000),
# CREATES (default 5000), LOCKS (default 2000000), RUNS (default 5, at most
# 31), BENCH_TIMEOUT (seconds for the guest, default 600), MUSL_GCC,
# UKRUN_ACCEL. The defaults keep the guest under two minutes under TCG.
#
# If the guest fails, its console is shown, the table is printed with the
# Linux column only, and the status is 1.
# What this script shares with bench/syscall.sh (the guest and host runs,
# the header lines) is bench/lib.sh's; this script owns the table.
set -u
ROUNDTRIPS=${ROUNDTRIPS:-100000}
CREATES=${CREATES:-5000}
LOCKS=${LOCKS:-2000000}
RUNS=${RUNS:-5}
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
bench_setup sched
args="$ROUNDTRIPS $CREATES $LOCKS $RUNS"

# The guest.
guest=ok
if ! bench_guest "$args"; then
	guest="failed (status $gstatus)"
	echo "bench/sched: guest failed (status $gstatus); its console (last 20 lines):"
	cat "$tmp/guest.raw" "$tmp/guest.err" | tr -d '\r' | tail -n 20 | sed 's/^/  /'
	echo
fi

# The host, right after.
host_libs=-lpthread
# shellcheck disable=SC2086
bench_host $args

# The table.
echo "bench/sched: thread operations; median of $RUNS runs x ($ROUNDTRIPS round trips, $CREATES creates, $LOCKS locks)"
if [ "$guest" = ok ]; then
	guest_header ", one CPU" "guest figures (and the ratio) are"
else
	echo "guest: libuk on QEMU -M microvm, accelerator $accel: $guest"
fi
host_header ", pinned to CPU $(field "$tmp/host" pinned-cpu 1)"
echo

fmt='%-30s  %10s %10s %21s  %10s %10s %21s  %11s\n'
printf '%-30s  %-43s  %-43s\n' "" "libuk/$accel" Linux
printf "$fmt" operation cycles ns "ns min..max" cycles ns "ns min..max" libuk/Linux
# cols FILE CASE: "cycles ns min..max" of one side, or dashes
cols() {
	if has_result "$1" "$2"; then
		echo "$(result "$1" "$2" 1) $(result "$1" "$2" 2) $(span "$1" "$2")"
	else
		echo "- - -"
	fi
}
row() { # row LABEL CASE
	g=$(cols "$tmp/guest" "$2")
	h=$(cols "$tmp/host" "$2")
	ratio=$(awk -v a="$(result "$tmp/guest" "$2" 2)" -v b="$(result "$tmp/host" "$2" 2)" \
		'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else printf "-" }')
	# shellcheck disable=SC2086
	printf "$fmt" "$1" $g $h "$ratio"
}
row "context switch (futex), each" switch
row "pthread_create+join, each" create
row "mutex lock+unlock, each pair" mutex
[ "$guest" = ok ] || exit 1
exit 0
