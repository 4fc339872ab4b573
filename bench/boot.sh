#!/bin/sh
# bench/boot.sh - boot-time benchmark (not a test) of two images:
# examples/hello (printf from musl) and bench/hello_uk (libuk's own SSE-free
# console calls, which also boots where KVM cannot run guest SSE code).
#
# For each image and each accelerator that works here (KVM when ukrun's
# probe allows, TCG always) it prints the median over RUNS boots of:
#   - the QEMU process wall time, beside the same for a no-op kernel (the
#     floor: QEMU's own start-up and tear-down);
#   - the guest's time from its first instruction to main (TSC-stamped in
#     the guest, printed at exit with uk.bootstats);
# and, once: the stripped image size and the smallest -m that boots.
# Targets: entry-to-application <= 100 us under KVM; stripped image
# <= 100 KiB without musl, <= 200 KB with musl's printf; boots with -m 2M.
set -u
: "${top_builddir:=.}"
RUNS=${RUNS:-10}
QEMU=${QEMU:-qemu-system-x86_64}
images="$top_builddir/examples/hello/hello $top_builddir/bench/hello_uk"
noop=$top_builddir/bench/noop
probe=$top_builddir/tools/kvmprobe
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ukbench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

now_ns() { date +%s%N; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

# qemu_run ACCEL IMAGE MEM [APPEND]: console into $tmp/out, status in $st
qemu_run() {
	timeout 60 "$QEMU" -M microvm -accel "$1" -m "$3" -nodefaults -no-user-config \
		-nographic -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$2" -append "${4:-}" </dev/null >"$tmp/out" 2>&1
	st=$?
}

accels=tcg
kvm_sse=0
if [ -w /dev/kvm ]; then
	qemu_run kvm "$probe" 16M
	if [ "$st" = 1 ] && grep -q 'kvmprobe: ok' "$tmp/out"; then
		accels="kvm tcg"
		kvm_sse=1
	else
		echo "note: this host's KVM cannot run guest SSE/x87 code: KVM rows only for hello_uk"
		accels="kvm tcg"
	fi
fi

printf '%-10s %-6s %14s %14s %16s %14s\n' image accel "qemu wall ms" "noop floor ms" "entry-app us" "entry-app cyc"
for hello in $images; do
	name=$(basename "$hello")
	for acc in $accels; do
		[ "$acc" = kvm ] && [ "$kvm_sse" = 0 ] && [ "$name" = hello ] && continue
		: >"$tmp/wall"; : >"$tmp/floor"; : >"$tmp/us"; : >"$tmp/cyc"
		for _ in $(seq "$RUNS"); do
			t0=$(now_ns); qemu_run "$acc" "$noop" 16M; t1=$(now_ns)
			echo $(( (t1 - t0) / 1000 )) >>"$tmp/floor"
			t0=$(now_ns); qemu_run "$acc" "$hello" 16M "uk.bootstats --"; t1=$(now_ns)
			[ "$st" = 1 ] || { echo "$name/$acc: boot failed (status $st)"; cat "$tmp/out"; exit 1; }
			echo $(( (t1 - t0) / 1000 )) >>"$tmp/wall"
			tr -d '\r' <"$tmp/out" | sed -n 's/^uk: bootstats: entry-to-app \([0-9]*\) cycles, \([0-9]*\) ns.*/\1 \2/p' >"$tmp/line"
			read -r cyc ns <"$tmp/line" || { cyc=-; ns=-; }
			echo "$cyc" >>"$tmp/cyc"
			[ "$ns" = - ] || echo $((ns / 1000)) >>"$tmp/us"
		done
		w=$(median <"$tmp/wall"); f=$(median <"$tmp/floor")
		printf '%-10s %-6s %14s %14s %16s %14s\n' "$name" "$acc" \
			"$(awk -v v="$w" 'BEGIN { printf "%.1f", v / 1000 }')" \
			"$(awk -v v="$f" 'BEGIN { printf "%.1f", v / 1000 }')" \
			"$(median <"$tmp/us")" "$(median <"$tmp/cyc")"
	done
done

echo
printf '%-10s %12s %10s %18s\n' image "stripped B" "KiB" "smallest -m"
for hello in $images; do
	name=$(basename "$hello")
	strip -o "$tmp/stripped" "$hello"
	size=$(wc -c <"$tmp/stripped")
	smallest=-
	for m in 1M 2M 3M 4M 6M 8M 16M; do
		qemu_run tcg "$hello" "$m"
		if [ "$st" = 1 ]; then smallest=$m; break; fi
	done
	printf '%-10s %12d %10d %18s\n' "$name" "$size" $(( (size + 1023) / 1024 )) "$smallest"
done
echo "targets: hello_uk <= 100 KiB, hello (musl printf) <= 200 KB, both boot with -m 2M"
