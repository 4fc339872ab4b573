#!/bin/sh
# bench/boot.sh - boot-time benchmark of examples/hello (not a test).
#
# For each accelerator that works here (KVM when ukrun's probe allows, TCG
# always) it prints the median over RUNS boots of:
#   - the QEMU process wall time, beside the same for a no-op kernel (the
#     floor: QEMU's own start-up and tear-down);
#   - the guest's time from its first instruction to main (TSC-stamped in
#     the guest, printed at exit with uk.bootstats);
# and, once: the stripped image size and the smallest -m that boots.
# Targets: entry-to-main <= 100 us under KVM, stripped image <= 100 KiB,
# boots with -m 2M.
set -u
: "${top_builddir:=.}"
RUNS=${RUNS:-10}
QEMU=${QEMU:-qemu-system-x86_64}
hello=$top_builddir/examples/hello/hello
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
if [ -w /dev/kvm ]; then
	qemu_run kvm "$probe" 16M
	if [ "$st" = 1 ] && grep -q 'kvmprobe: ok' "$tmp/out"; then
		accels="kvm tcg"
	else
		echo "note: this host's KVM cannot run guest SSE/x87 code; KVM rows use libuk's SSE-free hello only"
		accels="kvm-ssefree tcg"
	fi
fi

printf '%-12s %14s %14s %16s %14s\n' accel "qemu wall ms" "noop floor ms" "entry-main us" "entry-main cyc"
for acc in $accels; do
	a=${acc%-ssefree}
	: >"$tmp/wall"; : >"$tmp/floor"; : >"$tmp/us"; : >"$tmp/cyc"
	for _ in $(seq "$RUNS"); do
		t0=$(now_ns); qemu_run "$a" "$noop" 16M; t1=$(now_ns)
		echo $(( (t1 - t0) / 1000 )) >>"$tmp/floor"
		t0=$(now_ns); qemu_run "$a" "$hello" 16M "uk.bootstats --"; t1=$(now_ns)
		[ "$st" = 1 ] || { echo "$acc: hello failed (status $st)"; cat "$tmp/out"; exit 1; }
		echo $(( (t1 - t0) / 1000 )) >>"$tmp/wall"
		tr -d '\r' <"$tmp/out" | sed -n 's/^uk: bootstats: entry-to-main \([0-9]*\) cycles, \([0-9]*\) ns.*/\1 \2/p' >"$tmp/line"
		read -r cyc ns <"$tmp/line" || { cyc=-; ns=-; }
		echo "$cyc" >>"$tmp/cyc"
		[ "$ns" = - ] || echo $((ns / 1000)) >>"$tmp/us"
	done
	w=$(median <"$tmp/wall"); f=$(median <"$tmp/floor")
	printf '%-12s %14s %14s %16s %14s\n' "$acc" \
		"$(awk -v v="$w" 'BEGIN { printf "%.1f", v / 1000 }')" \
		"$(awk -v v="$f" 'BEGIN { printf "%.1f", v / 1000 }')" \
		"$(median <"$tmp/us")" "$(median <"$tmp/cyc")"
done

strip -o "$tmp/hello.stripped" "$hello"
size=$(wc -c <"$tmp/hello.stripped")
printf '\n%-28s %8d bytes (%d KiB; target <= 100 KiB)\n' "stripped hello image" "$size" $(( (size + 1023) / 1024 ))

smallest=-
for m in 1M 2M 3M 4M 6M 8M 16M; do
	qemu_run tcg "$hello" "$m"
	if [ "$st" = 1 ]; then smallest=$m; break; fi
done
printf '%-28s %8s (target: boots with 2M)\n' "smallest -m that boots" "$smallest"
