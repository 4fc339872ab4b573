#!/bin/sh
# bench/timer.sh - timer lateness on each x86_64 machine type (not a
# test): boots bench/timer-uk (make bench/timer-uk), which prints its own
# table. Targets are for KVM; under TCG the figures are emulation ones.
# The image and probe set-up is bench/lib.sh's.
set -u
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
bench_image timer
for machine in microvm pc q35; do
	echo "== -M $machine"
	"$top_builddir/tools/ukrun" -q -t "${BENCH_TIMEOUT:-120}" -M "$machine" "$img" ||
		echo "bench/timer: the guest failed on $machine (status $?)"
done
