#!/bin/sh
# bench/syscall.sh - the cost of one system call (not a test): a libuk guest
# (musl's `syscall` instruction trapped in ring 0 and dispatched by libuk)
# against the same source as a static musl program on Linux (a host
# process), measured in the same run. bench/syscall.c does the timing
# (TSC cycles and clock_gettime ns around loops of CALLS calls, median of
# RUNS runs); this script builds the Linux program with musl-gcc, boots the
# guest image (make bench/syscall-uk) with ukrun, runs the host program
# right after, and prints one table.
#
# Under TCG (KVM unusable or absent) the guest figures are emulation
# figures, not hardware ones: the accelerator is printed with them (the
# guest reads it from CPUID's hypervisor leaf).
# Targets: trapped path <= 25 ns, direct-call path <= 5 ns (libuk has no
# direct-call path yet: n/a).
#
# Environment: CALLS (default 1000000), RUNS (default 5, at most 31),
# BENCH_TIMEOUT (seconds for the guest, default 600), MUSL_GCC, UKRUN_ACCEL.
# What this script shares with bench/sched.sh (the guest and host runs,
# the header lines) is bench/lib.sh's; this script owns the table.
set -u
CALLS=${CALLS:-1000000}
RUNS=${RUNS:-5}
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
bench_setup syscall

# The guest.
if ! bench_guest "$CALLS $RUNS"; then
	echo "bench/syscall: guest failed (status $gstatus):"
	sed 's/^/  /' "$tmp/guest.raw" "$tmp/guest.err"
	exit 1
fi

# The host, right after.
bench_host "$CALLS" "$RUNS"

# The table.
echo "bench/syscall: one system call, per call; median of $RUNS runs x $CALLS calls"
guest_header "" "guest figures are"
host_header ""
echo

fmt='%-30s %-14s %10s %10s %17s  %s\n'
printf "$fmt" call where cycles ns "ns min..max" target
row() { # row LABEL WHERE FILE CASE TARGET-NS
	if has_result "$3" "$4"; then
		ns=$(result "$3" "$4" 2)
		target=
		if [ -n "$5" ]; then
			met=$(awk -v v="$ns" -v t="$5" 'BEGIN { print (v <= t) ? "met" : "not met" }')
			[ "$accel" = tcg ] && [ "$2" != Linux ] && met="$met, under TCG"
			target="<= $5 ns ($met)"
		fi
		printf "$fmt" "$1" "$2" "$(result "$3" "$4" 1)" "$ns" \
			"$(span "$3" "$4")" "$target"
	else
		printf "$fmt" "$1" "$2" - - - ""
	fi
}
row "syscall(SYS_getpid)" "libuk/$accel" "$tmp/guest" getpid 25
row "syscall(SYS_getpid)" Linux "$tmp/host" getpid ""
row "syscall(SYS_clock_gettime)" "libuk/$accel" "$tmp/guest" clock_gettime 25
row "syscall(SYS_clock_gettime)" Linux "$tmp/host" clock_gettime ""
row "clock_gettime() (libc: trap)" "libuk/$accel" "$tmp/guest" clock_gettime-libc 25
row "clock_gettime() (libc: vDSO)" Linux "$tmp/host" clock_gettime-libc ""
row "empty loop (floor)" "libuk/$accel" "$tmp/guest" loop ""
row "empty loop (floor)" Linux "$tmp/host" loop ""
printf "$fmt" "direct call (no trap)" libuk n/a n/a n/a "<= 5 ns (libuk has no direct-call path yet)"
