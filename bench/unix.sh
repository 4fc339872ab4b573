#!/bin/sh
# bench/unix.sh - AF_UNIX stream sockets between two threads (not a test):
# a libuk guest (libuk's AF_UNIX socket layer under musl's pthreads)
# against the same source as a static musl program on Linux (a host
# process pinned to one CPU), measured in the same run. bench/unix.c does
# the timing (clock_gettime ns and, on x86_64, TSC cycles around each run,
# median of RUNS runs, a fresh socketpair and partner thread per run); this
# script builds the Linux program with musl-gcc, boots the guest image
# (make bench/unix-uk) with ukrun, runs the host program right after, and
# prints one table with both columns, their ratio and the goals:
#
#   stream, 64 B / 4 KiB / 64 KiB writes
#                    throughput in MB/s (10^6 bytes): one thread writes,
#                    the other reads with reads of the same size until
#                    every byte has arrived; the ratio is libuk's
#                    throughput over Linux's (higher is better for libuk)
#   1-byte round trip
#                    ping-pong of one byte each way, in us per round trip;
#                    the ratio is libuk's time over Linux's (lower is
#                    better for libuk)
#
# Goals (printed as met or not met, never a failure): 64 KiB stream
# throughput at least 2x Linux's, and a 1-byte round trip under 1 us.
# Under TCG (KVM unusable or absent) the guest figures are emulation
# figures, not hardware ones, and so are the ratio and the goals: the
# accelerator is printed with them (the guest reads it from CPUID's
# hypervisor leaf), and the guest then divides its amounts by TCGDIV.
#
# Environment: MIB64, MIB4K, MIB64K (MiB per run with 64 B, 4 KiB and
# 64 KiB messages, defaults 2, 128 and 1024), ROUNDTRIPS (per run, default
# 20000), RUNS (default 5, at most 31), TCGDIV (what the amounts are
# divided by in a guest under TCG, default 10), BENCH_TIMEOUT (seconds for
# the guest, default 120 here), MUSL_GCC, UKRUN_ACCEL. The defaults keep
# each case near a second on Linux and the guest within ~20 s under TCG.
#
# If the guest fails (or times out), its console is shown, its column reads
# "failed", the table is printed with the Linux column, and the status is 1.
# What this script shares with bench/sched.sh (the guest and host runs,
# the header lines) is bench/lib.sh's; this script owns the table.
set -u
MIB64=${MIB64:-2}
MIB4K=${MIB4K:-128}
MIB64K=${MIB64K:-1024}
ROUNDTRIPS=${ROUNDTRIPS:-20000}
RUNS=${RUNS:-5}
TCGDIV=${TCGDIV:-10}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-120}
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
bench_setup unix
args="$MIB64 $MIB4K $MIB64K $ROUNDTRIPS $RUNS $TCGDIV"

# The guest.
guest=ok
if ! bench_guest "$args"; then
	guest="failed (status $gstatus)"
	echo "bench/unix: guest failed (status $gstatus); its console (last 20 lines):"
	cat "$tmp/guest.raw" "$tmp/guest.err" | tr -d '\r' | tail -n 20 | sed 's/^/  /'
	echo
fi

# The host, right after.
host_libs=-lpthread
# shellcheck disable=SC2086
bench_host $args

# amounts FILE: the amounts per run one side used, from its "amounts" line
amounts() {
	awk '$1 == "amounts" {
		printf "%g MiB of 64 B, %g MiB of 4 KiB, %g MiB of 64 KiB messages, %s round trips",
			$2 / 1048576, $3 / 1048576, $4 / 1048576, $5
		if ($9 > 1) printf " (divided by %s: TCG)", $9
		exit
	}' "$1"
}

# The table.
echo "bench/unix: AF_UNIX socketpair(SOCK_STREAM) between two threads; median of $RUNS runs"
if [ "$guest" = ok ]; then
	guest_header ", one CPU" "guest figures (the ratios and goals too) are"
	echo "       per run: $(amounts "$tmp/guest")"
else
	echo "guest: libuk on QEMU -M microvm, accelerator $accel: $guest"
fi
host_header ", pinned to CPU $(field "$tmp/host" pinned-cpu 1)"
[ "$host" = ok ] && echo "       per run: $(amounts "$tmp/host")"
echo

fmt='%-28s  %10s %21s  %10s %21s  %11s  %s\n'
printf '%-28s  %-32s  %-32s\n' "" "libuk/$accel" Linux
printf "$fmt" case value min..max value min..max libuk/Linux goal
# value FILE CASE SIZE N: result N (2 median, 3 fastest, 4 slowest run's
# ns per operation) as MB/s for messages of SIZE bytes, or as us for SIZE 0
value() {
	awk -v ns="$(result "$1" "$2" "$4")" -v size="$3" 'BEGIN {
		if (ns <= 0) printf "-"
		else if (size > 0) printf "%.1f", size * 1000 / ns
		else printf "%.3f", ns / 1000
	}'
}
# cols FILE CASE SIZE SIDE: "value slowest..fastest" of one side; "failed"
# for a guest that failed, dashes for a missing result
cols() {
	if [ "$4" = guest ] && [ "$guest" != ok ]; then
		echo "failed failed"
	elif has_result "$1" "$2"; then
		if [ "$3" -gt 0 ]; then # MB/s: the slowest run has the most ns
			echo "$(value "$1" "$2" "$3" 2) $(value "$1" "$2" "$3" 4)..$(value "$1" "$2" "$3" 3)"
		else
			echo "$(value "$1" "$2" "$3" 2) $(value "$1" "$2" "$3" 3)..$(value "$1" "$2" "$3" 4)"
		fi
	else
		echo "- -"
	fi
}
# row LABEL CASE SIZE GOAL: SIZE 0 for the round trip; GOAL "ratio" (64 KiB
# throughput >= 2x Linux's), "latency" (round trip < 1 us) or nothing
row() {
	g=$(cols "$tmp/guest" "$2" "$3" guest)
	h=$(cols "$tmp/host" "$2" "$3" host)
	gns=
	[ "$guest" = ok ] && gns=$(result "$tmp/guest" "$2" 2)
	hns=$(result "$tmp/host" "$2" 2)
	# throughput: libuk over Linux = Linux ns over libuk ns
	ratio=$(awk -v a="${gns:-0}" -v b="${hns:-0}" -v size="$3" 'BEGIN {
		if (a > 0 && b > 0) printf "%.2fx", (size > 0 ? b / a : a / b)
		else printf "-" }')
	goal=
	case $4 in
	ratio)
		goal=$(awk -v r="$ratio" 'BEGIN {
			if (r == "-") printf "n/a"
			else printf "%s", (r + 0 >= 2 ? "met" : "not met") }')
		goal=">= 2x Linux: $goal" ;;
	latency)
		goal=$(awk -v ns="${gns:-0}" 'BEGIN {
			if (ns <= 0) printf "n/a"
			else printf "%s", (ns < 1000 ? "met" : "not met") }')
		goal="< 1 us: $goal" ;;
	esac
	case $4 in ?*)
		[ "$guest" = ok ] && [ "$accel" = tcg ] && goal="$goal, under TCG" ;;
	esac
	# shellcheck disable=SC2086
	printf "$fmt" "$1" $g $h "$ratio" "$goal"
}
row "stream 64 B writes, MB/s" stream-64 64 ""
row "stream 4 KiB writes, MB/s" stream-4k 4096 ""
row "stream 64 KiB writes, MB/s" stream-64k 65536 ratio
row "1-byte round trip, us" pingpong 0 latency
[ "$guest" = ok ] || exit 1
exit 0
