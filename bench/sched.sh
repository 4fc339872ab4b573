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
set -u
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
ROUNDTRIPS=${ROUNDTRIPS:-100000}
CREATES=${CREATES:-5000}
LOCKS=${LOCKS:-2000000}
RUNS=${RUNS:-5}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
MUSL_GCC=${MUSL_GCC:-musl-gcc}
img=$top_builddir/bench/sched-uk
UKRUN_PROBE_IMAGE=${UKRUN_PROBE_IMAGE:-$top_builddir/tools/kvmprobe}
export UKRUN_PROBE_IMAGE
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ukbench-sched.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

[ -r "$img" ] || { echo "bench/sched: $img missing (make bench/sched-uk)" >&2; exit 1; }
args="$ROUNDTRIPS $CREATES $LOCKS $RUNS"

# field FILE KEY N: the Nth word after KEY on FILE's line "KEY ..."
field() {
	awk -v k="$2" -v n="$3" '$1 == k { print $(n + 1); exit }' "$1"
}
result() { # result FILE CASE N (1 cycles, 2 ns, 3 ns-min, 4 ns-max)
	awk -v k="$2" -v n="$3" '$1 == "result" && $2 == k { print $(n + 2); exit }' "$1"
}

# The guest.
"$top_builddir/tools/ukrun" -t "$BENCH_TIMEOUT" -c "-- $args" "$img" \
	>"$tmp/guest.raw" 2>"$tmp/guest.err"
gstatus=$?
tr -d '\r' <"$tmp/guest.raw" | grep -v '^uk: ' >"$tmp/guest"
guest=ok
if [ "$gstatus" != 0 ] || ! grep -q '^done$' "$tmp/guest"; then
	guest="failed (status $gstatus)"
	echo "bench/sched: guest failed (status $gstatus); its console (last 20 lines):"
	cat "$tmp/guest.raw" "$tmp/guest.err" | tr -d '\r' | tail -n 20 | sed 's/^/  /'
	echo
fi
case $(field "$tmp/guest" hypervisor 1) in
TCGTCGTCGTCG) accel=tcg ;;
KVMKVMKVM*) accel=kvm ;;
*)
	if grep -q 'using TCG' "$tmp/guest.err"; then accel=tcg;
	else accel=${UKRUN_ACCEL:-kvm}; fi ;;
esac

# The host, right after.
host=none
if command -v "$MUSL_GCC" >/dev/null 2>&1 &&
	"$MUSL_GCC" -static -O2 -o "$tmp/sched-linux" "$top_srcdir/bench/sched.c" -lpthread 2>"$tmp/cc.err"; then
	# shellcheck disable=SC2086
	if "$tmp/sched-linux" $args >"$tmp/host" 2>&1 && grep -q '^done$' "$tmp/host"; then
		host=ok
	else
		host="failed: $(tail -n 1 "$tmp/host")"
	fi
else
	host="not built ($MUSL_GCC missing or failed; install musl-tools)"
	: >"$tmp/host"
fi

# The table.
mhz() { awk -v v="${1:-0}" 'BEGIN { if (v > 0) printf "%.1f MHz", v / 1e6; else printf "unknown" }'; }
echo "bench/sched: thread operations; median of $RUNS runs x ($ROUNDTRIPS round trips, $CREATES creates, $LOCKS locks)"
if [ "$guest" = ok ]; then
	echo "guest: libuk on QEMU -M microvm, one CPU, accelerator $accel (CPUID hypervisor: $(field "$tmp/guest" hypervisor 1))"
	[ "$accel" = tcg ] && echo "       TCG: guest figures (and the ratio) are emulation costs, not hardware; compare with KVM on real hardware"
	echo "       TSC frequency reported by libuk: $(mhz "$(field "$tmp/guest" tsc-hz-reported 1)"), measured against its clock: $(mhz "$(field "$tmp/guest" tsc-hz-measured 1)")"
else
	echo "guest: libuk on QEMU -M microvm, accelerator $accel: $guest"
fi
if [ "$host" = ok ]; then
	echo "host:  static musl program (musl-gcc -static), Linux $(uname -r), pinned to CPU $(field "$tmp/host" pinned-cpu 1) (CPUID hypervisor: $(field "$tmp/host" hypervisor 1)), TSC measured: $(mhz "$(field "$tmp/host" tsc-hz-measured 1)")"
else
	echo "host:  $host"
fi
echo

fmt='%-30s  %10s %10s %21s  %10s %10s %21s  %11s\n'
printf '%-30s  %-43s  %-43s\n' "" "libuk/$accel" Linux
printf "$fmt" operation cycles ns "ns min..max" cycles ns "ns min..max" libuk/Linux
# cols FILE CASE: "cycles ns min..max" of one side, or dashes
cols() {
	if [ -s "$1" ] && [ -n "$(result "$1" "$2" 2)" ]; then
		echo "$(result "$1" "$2" 1) $(result "$1" "$2" 2) $(result "$1" "$2" 3)..$(result "$1" "$2" 4)"
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
