# bench/lib.sh - the shell shared by the benchmark scripts; sourced, not
# run (after `set -u`). It owns what bench/syscall.sh, bench/sched.sh and
# bench/unix.sh have in common: each boots a libuk image built from
# bench/NAME.c (make bench/NAME-uk) with ukrun, runs the same source built
# for Linux with musl-gcc right after, and prints a table from the "key
# value..." lines both halves print (bench/bench_util.h). bench/timer.sh
# uses bench_image only, bench/smp.sh bench_setup only.
#
#   bench_image NAME   $bench (NAME), $img (bench/NAME-uk, which must
#                      exist), the top_builddir and top_srcdir defaults,
#                      and ukrun's KVM probe image (UKRUN_PROBE_IMAGE)
#   bench_setup NAME   bench_image, the BENCH_TIMEOUT (600 s) and MUSL_GCC
#                      defaults, and $tmp (removed at exit)
#   bench_guest ARGS   boots the image with ARGS; sets $gstatus and $accel
#   bench_host ARGS... builds and runs the Linux program; sets $host
#   field, result      read the programs' lines
#   mhz, has_result, span, guest_header, host_header
#                      pieces of the tables

# bench_image NAME
bench_image() {
	bench=$1
	: "${top_builddir:=.}"
	: "${top_srcdir:=.}"
	img=$top_builddir/bench/$bench-uk
	UKRUN_PROBE_IMAGE=${UKRUN_PROBE_IMAGE:-$top_builddir/tools/kvmprobe}
	export UKRUN_PROBE_IMAGE
	[ -r "$img" ] || { echo "bench/$bench: $img missing (make bench/$bench-uk)" >&2; exit 1; }
}

# bench_setup NAME
bench_setup() {
	bench_image "$1"
	BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
	MUSL_GCC=${MUSL_GCC:-musl-gcc}
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ukbench-$bench.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM HUP
}

# field FILE KEY N: the Nth word after KEY on FILE's line "KEY ..."
field() {
	awk -v k="$2" -v n="$3" '$1 == k { print $(n + 1); exit }' "$1"
}
result() { # result FILE CASE N (1 cycles, 2 ns, 3 ns-min, 4 ns-max)
	awk -v k="$2" -v n="$3" '$1 == "result" && $2 == k { print $(n + 2); exit }' "$1"
}

# bench_guest ARGS: boots $img under ukrun with the command line "-- ARGS";
# its console in $tmp/guest.raw and $tmp/guest.err, its own lines (without
# libuk's "uk: " ones) in $tmp/guest, ukrun's status in $gstatus, and the
# accelerator in $accel (from the CPUID signature, else from ukrun's note
# about TCG, else UKRUN_ACCEL). Fails unless the guest got to "done".
bench_guest() {
	"$top_builddir/tools/ukrun" -t "$BENCH_TIMEOUT" -c "-- $1" "$img" \
		>"$tmp/guest.raw" 2>"$tmp/guest.err"
	gstatus=$?
	tr -d '\r' <"$tmp/guest.raw" | grep -v '^uk: ' >"$tmp/guest"
	case $(field "$tmp/guest" hypervisor 1) in
	TCGTCGTCGTCG) accel=tcg ;;
	KVMKVMKVM*) accel=kvm ;;
	*)
		if grep -q 'using TCG' "$tmp/guest.err"; then accel=tcg;
		else accel=${UKRUN_ACCEL:-kvm}; fi ;;
	esac
	[ "$gstatus" = 0 ] && grep -q '^done$' "$tmp/guest"
}

# bench_host ARGS...: builds bench/$bench.c as a static musl program for
# Linux (linked with $host_libs, if set) and runs it with ARGS; its lines in
# $tmp/host, and $host "ok" or why not.
bench_host() {
	host=none
	# shellcheck disable=SC2086
	if command -v "$MUSL_GCC" >/dev/null 2>&1 &&
		"$MUSL_GCC" -static -O2 -I"$top_srcdir/bench" -o "$tmp/$bench-linux" \
			"$top_srcdir/bench/$bench.c" ${host_libs:-} 2>"$tmp/cc.err"; then
		if "$tmp/$bench-linux" "$@" >"$tmp/host" 2>&1 && grep -q '^done$' "$tmp/host"; then
			host=ok
		else
			host="failed: $(tail -n 1 "$tmp/host")"
		fi
	else
		host="not built ($MUSL_GCC missing or failed; install musl-tools)"
		: >"$tmp/host"
	fi
}

# mhz HZ: "2100.3 MHz", or "unknown"
mhz() { awk -v v="${1:-0}" 'BEGIN { if (v > 0) printf "%.1f MHz", v / 1e6; else printf "unknown" }'; }

# has_result FILE CASE: whether FILE has CASE's result line
has_result() { [ -s "$1" ] && [ -n "$(result "$1" "$2" 2)" ]; }

# span FILE CASE: "ns-min..ns-max" of CASE
span() { echo "$(result "$1" "$2" 3)..$(result "$1" "$2" 4)"; }

# guest_header MACHINE WHAT: the header's lines on a guest that got to
# "done"; MACHINE follows "-M microvm" (", one CPU"), WHAT is what is an
# emulation cost under TCG ("guest figures are").
guest_header() {
	echo "guest: libuk on QEMU -M microvm$1, accelerator $accel (CPUID hypervisor: $(field "$tmp/guest" hypervisor 1))"
	[ "$accel" = tcg ] && echo "       TCG: $2 emulation costs, not hardware; compare with KVM on real hardware"
	echo "       TSC frequency reported by libuk: $(mhz "$(field "$tmp/guest" tsc-hz-reported 1)"), measured against its clock: $(mhz "$(field "$tmp/guest" tsc-hz-measured 1)")"
}

# host_header WHERE: the header's line on the host program; WHERE follows
# the kernel's release (", pinned to CPU 0")
host_header() {
	if [ "$host" = ok ]; then
		echo "host:  static musl program (musl-gcc -static), Linux $(uname -r)$1 (CPUID hypervisor: $(field "$tmp/host" hypervisor 1)), TSC measured: $(mhz "$(field "$tmp/host" tsc-hz-measured 1)")"
	else
		echo "host:  $host"
	fi
}
