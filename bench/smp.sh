#!/bin/sh
# bench/smp.sh - what several CPUs buy and cost (not a test), with the
# guest bench/smp.c (make bench/smp-uk) booted by ukrun:
#
#   speed-up    N CPU-bound threads (equal work each) under QEMU -smp 1
#               and -smp N; speed-up = time(-smp 1) / time(-smp N), for
#               each N in SMP_CPUS (default: 2 and the host's core count,
#               at most 8). Goal: at least 0.9 x N.
#   ipi         one uk_lcpu_run + uk_lcpu_wait round trip CPU 0 -> CPU 1
#   futex       one hand-over of a futex word between two threads
#               (FUTEX_WAKE to the other's return from FUTEX_WAIT), and
#               how many of them crossed CPUs
#
# A -smp N guest can only run N threads at once if the host gives QEMU N
# cores; with TCG each vCPU is a host thread (multi-threaded TCG), with
# KVM too. Under TCG (KVM unusable here, or absent) the times are
# emulation times, and the accelerator is printed with them.
#
# Environment: ITERS (work per thread, default 20000000), ROUNDS (IPI and
# futex rounds, default 20000), RUNS (median of, default 3), SMP_CPUS,
# BENCH_TIMEOUT (seconds per guest, default 600), UKRUN_ACCEL.
set -u
ITERS=${ITERS:-20000000}
ROUNDS=${ROUNDS:-20000}
RUNS=${RUNS:-3}
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
bench_setup smp
cores=$(nproc 2>/dev/null || echo 1)
[ "$cores" -gt 8 ] && cores=8
SMP_CPUS=${SMP_CPUS:-$(printf '%s\n' 2 "$cores" | sort -nu | tr '\n' ' ')}
: >"$tmp/accel"

# guest CPUS ARGS: boots the image; prints the "result" value, or
# "failed" (with the console on stderr).
guest() {
	cpus=$1
	shift
	"$top_builddir/tools/ukrun" -t "$BENCH_TIMEOUT" -n "$cpus" -c "-- $*" "$img" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	# (in a command substitution: the accelerator goes through a file)
	grep -q 'using TCG' "$tmp/err" && echo tcg >"$tmp/accel"
	if [ "$rc" != 0 ] || ! tr -d '\r' <"$tmp/out" | grep -q '^done$'; then
		echo "bench/smp: guest -smp $cpus $* failed (status $rc):" >&2
		: >"$tmp/failed"
		tr -d '\r' <"$tmp/out" | tail -n 10 | sed 's/^/  /' >&2
		cat "$tmp/err" | sed 's/^/  /' >&2
		echo failed
		return
	fi
	tr -d '\r' <"$tmp/out" | awk '$1 == "result" { print $3; exit }'
}

ms() { awk -v v="$1" 'BEGIN { if (v ~ /^[0-9]+$/) printf "%.1f", v / 1e6; else printf "%s", v }'; }

echo "bench/smp: threads over several CPUs; median of $RUNS runs; host has $(nproc 2>/dev/null || echo '?') cores"
printf '%-28s %12s %12s %9s %s\n' "case" "-smp 1" "-smp N" "speed-up" "goal (0.9 x N)"
for n in $SMP_CPUS; do
	one=$(guest 1 spin "$n" "$ITERS" "$RUNS")
	many=$(guest "$n" spin "$n" "$ITERS" "$RUNS")
	up=$(awk -v a="$one" -v b="$many" 'BEGIN { if (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 0) printf "%.2fx", a / b; else printf "-" }')
	goal=$(awk -v a="$one" -v b="$many" -v n="$n" 'BEGIN {
		if (!(a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 0)) { printf "-"; exit }
		printf "%s", (a / b >= 0.9 * n) ? "met" : "not met" }')
	printf '%-28s %9s ms %9s ms %9s %s\n' "$n threads x $ITERS rounds" "$(ms "$one")" "$(ms "$many")" "$up" "$goal (N = $n)"
done
ipi=$(guest 2 ipi "$ROUNDS" "$RUNS")
printf '%-28s %12s %s\n' "IPI round trip, -smp 2" "$ipi ns" "(uk_lcpu_run + uk_lcpu_wait, CPU 0 -> 1)"
futex=$(guest 2 futex "$ROUNDS" "$RUNS")
cross=$(tr -d '\r' <"$tmp/out" | awk '$1 == "cross" { print $2; exit }')
printf '%-28s %12s %s\n' "futex hand-over, -smp 2" "$futex ns" "(${cross:-?}% of hand-overs crossed CPUs)"
futex1=$(guest 1 futex "$ROUNDS" "$RUNS")
printf '%-28s %12s %s\n' "futex hand-over, -smp 1" "$futex1 ns" "(same CPU: a switch)"
accel=$(cat "$tmp/accel")
accel=${accel:-kvm}
echo "accelerator: $accel$( [ "$accel" = tcg ] && echo ' (multi-threaded TCG: each vCPU a host thread; emulation times, not hardware figures)')"
# A failed guest printed "failed" in its cell and its console above.
[ ! -e "$tmp/failed" ]
