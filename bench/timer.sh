#!/bin/sh
# bench/timer.sh - timer lateness on each x86_64 machine type (not a
# test): boots bench/timer-uk (make bench/timer-uk), which prints its own
# table. Targets are for KVM; under TCG the figures are emulation ones.
set -u
: "${top_builddir:=.}"
img=$top_builddir/bench/timer-uk
UKRUN_PROBE_IMAGE=${UKRUN_PROBE_IMAGE:-$top_builddir/tools/kvmprobe}
export UKRUN_PROBE_IMAGE
[ -r "$img" ] || { echo "bench/timer: $img missing (make bench/timer-uk)" >&2; exit 1; }
for machine in microvm pc q35; do
	echo "== -M $machine"
	"$top_builddir/tools/ukrun" -q -t "${BENCH_TIMEOUT:-120}" -M "$machine" "$img" ||
		echo "bench/timer: the guest failed on $machine (status $?)"
done
