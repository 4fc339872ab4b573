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
set -u
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
CALLS=${CALLS:-1000000}
RUNS=${RUNS:-5}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
MUSL_GCC=${MUSL_GCC:-musl-gcc}
img=$top_builddir/bench/syscall-uk
UKRUN_PROBE_IMAGE=${UKRUN_PROBE_IMAGE:-$top_builddir/tools/kvmprobe}
export UKRUN_PROBE_IMAGE
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ukbench-syscall.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

[ -r "$img" ] || { echo "bench/syscall: $img missing (make bench/syscall-uk)" >&2; exit 1; }

# field FILE KEY N: the Nth word after KEY on FILE's line "KEY ..."
field() {
	awk -v k="$2" -v n="$3" '$1 == k { print $(n + 1); exit }' "$1"
}
result() { # result FILE CASE N (1 cycles, 2 ns, 3 ns-min, 4 ns-max)
	awk -v k="$2" -v n="$3" '$1 == "result" && $2 == k { print $(n + 2); exit }' "$1"
}

# The guest.
"$top_builddir/tools/ukrun" -t "$BENCH_TIMEOUT" -c "-- $CALLS $RUNS" "$img" \
	>"$tmp/guest.raw" 2>"$tmp/guest.err"
gstatus=$?
tr -d '\r' <"$tmp/guest.raw" | grep -v '^uk: ' >"$tmp/guest"
if [ "$gstatus" != 0 ] || ! grep -q '^done$' "$tmp/guest"; then
	echo "bench/syscall: guest failed (status $gstatus):"
	sed 's/^/  /' "$tmp/guest.raw" "$tmp/guest.err"
	exit 1
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
	"$MUSL_GCC" -static -O2 -o "$tmp/syscall-linux" "$top_srcdir/bench/syscall.c" 2>"$tmp/cc.err"; then
	if "$tmp/syscall-linux" "$CALLS" "$RUNS" >"$tmp/host" 2>&1 && grep -q '^done$' "$tmp/host"; then
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
echo "bench/syscall: one system call, per call; median of $RUNS runs x $CALLS calls"
echo "guest: libuk on QEMU -M microvm, accelerator $accel (CPUID hypervisor: $(field "$tmp/guest" hypervisor 1))"
[ "$accel" = tcg ] && echo "       TCG: guest figures are emulation costs, not hardware; compare with KVM on real hardware"
echo "       TSC frequency reported by libuk: $(mhz "$(field "$tmp/guest" tsc-hz-reported 1)"), measured against its clock: $(mhz "$(field "$tmp/guest" tsc-hz-measured 1)")"
if [ "$host" = ok ]; then
	echo "host:  static musl program (musl-gcc -static), Linux $(uname -r) (CPUID hypervisor: $(field "$tmp/host" hypervisor 1)), TSC measured: $(mhz "$(field "$tmp/host" tsc-hz-measured 1)")"
else
	echo "host:  $host"
fi
echo

fmt='%-30s %-14s %10s %10s %17s  %s\n'
printf "$fmt" call where cycles ns "ns min..max" target
row() { # row LABEL WHERE FILE CASE TARGET-NS
	if [ -s "$3" ] && [ -n "$(result "$3" "$4" 1)" ]; then
		ns=$(result "$3" "$4" 2)
		target=
		if [ -n "$5" ]; then
			met=$(awk -v v="$ns" -v t="$5" 'BEGIN { print (v <= t) ? "met" : "not met" }')
			[ "$accel" = tcg ] && [ "$2" != Linux ] && met="$met, under TCG"
			target="<= $5 ns ($met)"
		fi
		printf "$fmt" "$1" "$2" "$(result "$3" "$4" 1)" "$ns" \
			"$(result "$3" "$4" 3)..$(result "$3" "$4" 4)" "$target"
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
