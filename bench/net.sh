#!/bin/sh
# bench/net.sh - TCP over virtio-net and lwIP (not a test): libuk guests
# serving bench/net_stream.c and bench/net_http.c, against the same
# sources as static musl programs run as Linux processes on the host in the
# same run, and a Linux guest where one can be booted. This script owns the
# network set-up and tear-down, the runs and the table:
#
#   stream guest->host, host->guest
#                    MB/s (10^6 bytes) of STREAM_MIB MiB per run, median of
#                    STREAM_RUNS runs; timed on the host by net_stream's
#                    client (connect, command, last byte or "ok")
#   HTTP requests/s, mean latency
#                    wrk -t HTTP_THREADS -c HTTP_CONNS -d HTTP_SECONDS
#                    against net_http (epoll, keep-alive, a small fixed body)
#
# The network: as root with ip(8) and /dev/net/tun, a network namespace
# with a tap device (host end 10.77.0.1/30 in the namespace, the guest
# 10.77.0.2/30 through uk.net.ip/uk.net.gw); QEMU runs in the namespace
# with "-netdev tap" given after ukrun's "--", and so do the host peers.
# Otherwise (or with BENCH_NET=slirp) QEMU's user networking with forwarded
# ports (ukrun -p), and the output says so. The namespace, its tap and any
# process left running are removed on exit. The Linux processes talk over
# the host's loopback.
#
# The Linux guest column: a Linux kernel (LINUX_KERNEL, else the newest
# /boot/vmlinuz-*, else Debian's linux-image-amd64, installed with apt-get
# when possible) booted on the machine ukrun gives the libuk guests (-M
# microvm, one CPU, the same accelerator, virtio-net on virtio-mmio with the
# same tap netdev in the namespace, or slirp with the same forwards), but
# with LINUX_MEMORY (Debian's kernel does not fit in their 64M). Its
# initramfs, made here in $tmp (cpio newc): /init from
# bench/net_linux_init.c, the virtio-mmio and virtio-net modules (from
# /lib/modules/RELEASE/modules.dep, unpacked to plain .ko files) in
# dependency order, and the same net_stream and net_http as the Linux
# processes. init loads the modules, configures eth0 from "benchip=" and
# "benchgw=" on the kernel command line (10.77.0.2/30 via 10.77.0.1 on the
# tap, 10.0.2.15/24 via 10.0.2.2 under slirp), starts both servers, prints
# "linux-guest: ready" and powers off once the clients' "quit" and GET
# /quit have stopped them (else QEMU is killed). The same clients measure
# it. Under TCG the kernel is told the TSC frequency (tsc_early_khz, the
# host's: a TCG guest reads the host's TSC), since its own calibration
# against the emulated PIT fails now and then and the boot then hangs.
# Any failure makes the column "unavailable (reason)": no kernel, no
# "linux-guest: ready" within LINUX_TIMEOUT seconds (the last console line
# is shown: e.g. a kernel that hangs right after decompression under a
# nested KVM), init's own "linux-guest: error: ..." line (a module that
# does not load, no eth0). No number is ever printed for it without a
# measurement, and the goals that need it are then "not measurable here".
#
# Goals (from the issue): libuk ahead of the Linux guest on requests/s, and
# within 10% of it (at least 0.9 times its median) on stream throughput in
# both directions; yes or no with both figures. Under TCG (this host's KVM
# cannot run guest SSE code, or there is none) the guest figures are
# emulation figures: the accelerator is printed with them.
#
# Environment: BENCH_NET (auto or slirp), STREAM_MIB (default 32),
# STREAM_RUNS (default 5), HTTP_SECONDS (10), HTTP_THREADS (2),
# HTTP_CONNS (32), BENCH_TIMEOUT (seconds per guest, default 90; the
# Linux guest, which serves both, gets LINUX_TIMEOUT + 2 x BENCH_TIMEOUT +
# HTTP_SECONDS in all), LINUX_KERNEL, LINUX_TIMEOUT (seconds to boot,
# default 30), LINUX_MEMORY (default 128M), MUSL_GCC, UKRUN_ACCEL,
# UKRUN_CPU, UKRUN_QEMU. wrk and the kernel are installed with apt-get when
# missing and possible (root).
# Status 1 when a libuk guest failed (its console is shown).
set -u
BENCH_NET=${BENCH_NET:-auto}
STREAM_MIB=${STREAM_MIB:-32}
STREAM_RUNS=${STREAM_RUNS:-5}
HTTP_SECONDS=${HTTP_SECONDS:-10}
HTTP_THREADS=${HTTP_THREADS:-2}
HTTP_CONNS=${HTTP_CONNS:-32}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-90}
LINUX_TIMEOUT=${LINUX_TIMEOUT:-30}
LINUX_MEMORY=${LINUX_MEMORY:-128M}
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
bench_setup net_http
http_img=$img
bench_image net_stream
stream_img=$img
load=$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null)

ns=
pids=
cleanup() {
	for p in $pids; do
		kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null
	done
	[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# The Linux programs (net_stream is also the host-side client).
for p in net_stream net_http; do
	built=0
	for cc in "$MUSL_GCC -static" "${CC_FOR_HOST:-cc}"; do
		# shellcheck disable=SC2086
		if command -v ${cc%% *} >/dev/null 2>&1 &&
			$cc -O2 -I"$top_srcdir/bench" -o "$tmp/$p" "$top_srcdir/bench/$p.c" 2>"$tmp/cc.err"; then
			built=1
			break
		fi
	done
	[ "$built" = 1 ] || { echo "bench/net: cannot build $p for Linux:"; cat "$tmp/cc.err"; exit 1; }
	[ "$p" = net_http ] && host_cc=${cc%% *}
done

# wrk: installed here if missing (benchmarks may; tests may not).
if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "bench/net: installing wrk (apt-get install -y wrk)"
	apt-get install -y wrk >"$tmp/apt.log" 2>&1 ||
		{ apt-get update >/dev/null 2>&1 && apt-get install -y wrk >"$tmp/apt.log" 2>&1; }
fi
have_wrk=0
command -v wrk >/dev/null 2>&1 && have_wrk=1

# The Linux guest's kernel: LINUX_KERNEL, else the newest /boot/vmlinuz-*,
# else Debian's, installed here like wrk.
newest_kernel() {
	# shellcheck disable=SC2012
	ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1
}
kernel=${LINUX_KERNEL:-}
kernel_why=
if [ -z "$kernel" ]; then
	kernel=$(newest_kernel)
	if [ -z "$kernel" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench/net: installing a Linux kernel for the Linux guest (apt-get install -y linux-image-amd64)"
		apt-get install -y linux-image-amd64 >"$tmp/apt-linux.log" 2>&1 ||
			{ apt-get update >/dev/null 2>&1 && apt-get install -y linux-image-amd64 >"$tmp/apt-linux.log" 2>&1; } ||
			kernel_why="apt-get install linux-image-amd64 failed: $(tail -n 1 "$tmp/apt-linux.log")"
		kernel=$(newest_kernel)
		[ -z "$kernel" ] && [ -z "$kernel_why" ] && kernel_why="apt-get installed linux-image-amd64, but there is no /boot/vmlinuz-*"
	fi
fi

# The network: a namespace with a tap device, else slirp.
mode=slirp
why=
if [ "$BENCH_NET" = slirp ]; then
	why="BENCH_NET=slirp"
elif [ "$(id -u)" != 0 ]; then
	why="not root"
elif ! command -v ip >/dev/null 2>&1; then
	why="no ip(8)"
elif [ ! -c /dev/net/tun ]; then
	why="no /dev/net/tun"
else
	ns=ukbench-net-$$
	if ip netns add "$ns" 2>"$tmp/ip.err" &&
		ip -n "$ns" tuntap add dev uktap0 mode tap 2>>"$tmp/ip.err" &&
		ip -n "$ns" addr add 10.77.0.1/30 dev uktap0 2>>"$tmp/ip.err" &&
		ip -n "$ns" link set uktap0 up 2>>"$tmp/ip.err" &&
		ip -n "$ns" link set lo up 2>>"$tmp/ip.err"; then
		mode=tap
	else
		why="ip failed: $(head -n 1 "$tmp/ip.err")"
		ip netns del "$ns" 2>/dev/null
		ns=
	fi
fi
if [ "$mode" = tap ]; then
	inns="ip netns exec $ns"
	gaddr=10.77.0.2
	stream_port=7000 http_port=8080
	stream_fwd=7000 http_fwd=8080
else
	inns=
	gaddr=127.0.0.1
	# host ports for the forwards: the guest's ports are 7000 and 8080
	stream_port=$((20000 + $$ % 10000 * 2))
	http_port=$((stream_port + 1))
	stream_fwd=7000 http_fwd=8080
fi
native_stream_port=$((40000 + $$ % 10000 * 2))
native_http_port=$((native_stream_port + 1))

# start_guest NAME IMG ARGS...: boots IMG in the background (its own
# process group), console in $tmp/NAME.raw and $tmp/NAME.err; $gpid
start_guest() {
	name=$1 gimg=$2
	shift 2
	a= # the application's arguments, one -A each
	for w in "$@"; do a="$a -A $w"; done
	if [ "$mode" = tap ]; then
		# shellcheck disable=SC2086
		setsid $inns "$top_builddir/tools/ukrun" -t "$BENCH_TIMEOUT" \
			-k uk.net.ip=10.77.0.2/30 -k uk.net.gw=10.77.0.1 $a "$gimg" -- \
			-netdev tap,id=n0,ifname=uktap0,script=no,downscript=no \
			-device virtio-net-device,netdev=n0 \
			>"$tmp/$name.raw" 2>"$tmp/$name.err" &
	else
		fwd=$stream_port:$stream_fwd
		[ "$name" = http ] && fwd=$http_port:$http_fwd
		# shellcheck disable=SC2086
		setsid "$top_builddir/tools/ukrun" -t "$BENCH_TIMEOUT" \
			-p "tcp:127.0.0.1:$fwd" $a "$gimg" \
			>"$tmp/$name.raw" 2>"$tmp/$name.err" &
	fi
	gpid=$!
	pids="$pids $gpid"
}

# finish_guest NAME: waits for the guest; its lines in $tmp/NAME; status 0
# when it got to "done" and ukrun's status was 0
finish_guest() {
	wait "$gpid"
	st=$?
	pids=$(echo "$pids" | tr ' ' '\n' | grep -vx "$gpid" | tr '\n' ' ')
	tr -d '\r' <"$tmp/$1.raw" | grep -v '^uk: ' >"$tmp/$1"
	if [ "$st" = 0 ] && grep -q '^done$' "$tmp/$1"; then
		return 0
	fi
	echo "bench/net: the $1 guest failed (ukrun status $st); its console (last 20 lines):"
	cat "$tmp/$1.raw" "$tmp/$1.err" | tr -d '\r' | tail -n 20 | sed 's/^/  /'
	echo
	return 1
}

# guest_accel NAME: the accelerator the guest ran under (CPUID signature,
# else ukrun's notice)
guest_accel() {
	case $(field "$tmp/$1" hypervisor 1) in
	TCGTCGTCGTCG) echo tcg ;;
	KVMKVMKVM*) echo kvm ;;
	*) if grep -q 'using TCG' "$tmp/$1.err" 2>/dev/null; then echo tcg; else echo "${UKRUN_ACCEL:-kvm}"; fi ;;
	esac
}

# stream_client OUT ADDR PORT [NETNS-PREFIX...]: the timed client runs
stream_client() {
	out=$1 addr=$2 port=$3
	shift 3
	if "$@" "$tmp/net_stream" wait "$addr" "$port" 90 ping; then
		"$@" timeout "$BENCH_TIMEOUT" "$tmp/net_stream" client "$addr" "$port" \
			"$STREAM_MIB" "$STREAM_RUNS" quit >"$out" 2>&1
	else
		echo "server did not answer" >"$out"
	fi
}

# http_client OUT ADDR PORT [NETNS-PREFIX...]: wrk, then /quit
http_client() {
	out=$1 addr=$2 port=$3
	shift 3
	if [ "$have_wrk" = 0 ]; then
		echo "wrk missing (apt-get install wrk)" >"$out"
	elif "$@" "$tmp/net_stream" wait "$addr" "$port" 90 http; then
		"$@" timeout $((HTTP_SECONDS + 30)) wrk -t "$HTTP_THREADS" -c "$HTTP_CONNS" \
			-d "${HTTP_SECONDS}s" "http://$addr:$port/" >"$out" 2>&1
	else
		echo "server did not answer" >"$out"
	fi
	"$@" "$tmp/net_stream" wait "$addr" "$port" 10 httpquit >/dev/null 2>&1
}

# The libuk guests, then the Linux processes right after.
status=0
# shellcheck disable=SC2086
start_guest stream "$stream_img" serve "$stream_fwd"
# shellcheck disable=SC2086
stream_client "$tmp/uk-stream" "$gaddr" "$stream_port" $inns
guest_stream=ok
finish_guest stream || { guest_stream=failed; status=1; }
accel=$(guest_accel stream)

start_guest http "$http_img" "$http_fwd"
# shellcheck disable=SC2086
http_client "$tmp/uk-http" "$gaddr" "$http_port" $inns
guest_http=ok
finish_guest http || { guest_http=failed; status=1; }
[ "$guest_stream" = ok ] || accel=$(guest_accel http)

timeout "$BENCH_TIMEOUT" "$tmp/net_stream" serve "$native_stream_port" >"$tmp/linux-stream-server" 2>&1 &
pids="$pids $!"
stream_client "$tmp/linux-stream" 127.0.0.1 "$native_stream_port"
timeout "$BENCH_TIMEOUT" "$tmp/net_http" "$native_http_port" >"$tmp/linux-http-server" 2>&1 &
pids="$pids $!"
http_client "$tmp/linux-http" 127.0.0.1 "$native_http_port"
wait

# The Linux guest: $kernel with an initramfs whose /init is
# bench/net_linux_init.c (modules, eth0, the two servers, then the line
# "linux-guest: ready"), on the machine ukrun gives the libuk guests.
# Sets $linux: "ok" with $tmp/lguest-stream and $tmp/lguest-http written
# by the same clients, or "unavailable (reason)".
linux_guest() {
	if [ -z "$kernel" ]; then
		linux="unavailable (no Linux kernel${kernel_why:+: $kernel_why}; install Debian's linux-image-amd64, or set LINUX_KERNEL)"
		return
	fi
	if [ ! -r "$kernel" ]; then
		linux="unavailable (cannot read the kernel $kernel)"
		return
	fi
	kname=$(basename "$kernel")
	# The release, for its modules: from the bzImage header ("HdrS" at
	# 0x202, the version string's offset - 0x200 at 0x20e), else the name.
	kver=
	if [ "$(dd if="$kernel" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ]; then
		voff=$(od -An -tu2 -j526 -N2 "$kernel" | tr -d ' ')
		kver=$(dd if="$kernel" bs=1 skip=$((voff + 512)) count=100 2>/dev/null |
			tr '\0' '\n' | head -n 1 | cut -d' ' -f1)
	fi
	[ -n "$kver" ] || kver=${kname#vmlinuz-}

	# The initramfs: the same static programs as the host-process column.
	rm -rf "$tmp/initrd"
	mkdir -p "$tmp/initrd/lib/modules"
	if [ "$host_cc" != "$MUSL_GCC" ]; then
		linux="unavailable (the initramfs needs static programs: $MUSL_GCC is missing or failed; install musl-tools)"
		return
	fi
	if ! "$MUSL_GCC" -static -O2 -std=gnu11 -o "$tmp/initrd/init" \
		"$top_srcdir/bench/net_linux_init.c" 2>"$tmp/cc.err"; then
		linux="unavailable (cannot build bench/net_linux_init.c: $(head -n 1 "$tmp/cc.err"))"
		return
	fi
	cp "$tmp/net_stream" "$tmp/net_http" "$tmp/initrd/"

	# virtio-mmio and virtio-net: built in, or modules with their
	# dependencies. A modules.dep line is "MODULE: DEPENDENCY..." with all
	# of them, the one to load first last (as modprobe reads it).
	moddir=/lib/modules/$kver
	mods=
	if [ -r "$moddir/modules.dep" ]; then
		for m in virtio_mmio virtio_net; do
			grep -q "/$m\.ko" "$moddir/modules.builtin" 2>/dev/null && continue
			line=$(grep "/$m\.ko[.a-z]*:" "$moddir/modules.dep" | head -n 1)
			if [ -z "$line" ]; then
				linux="unavailable ($m is neither built into $kver nor a module in $moddir)"
				return
			fi
			for f in $(echo "$line" | tr -d : | awk '{ for (i = NF; i > 1; i--) print $i; print $1 }'); do
				case " $mods " in *" $f "*) ;; *) mods="$mods $f" ;; esac
			done
		done
	fi
	# Plain .ko files for finit_module, listed in /modules in load order.
	: >"$tmp/initrd/modules"
	lmods=
	for f in $mods; do
		b=$(basename "$f")
		b=${b%%.ko*}
		case $f in
		*.ko) cat "$moddir/$f" ;;
		*.ko.xz) xz -dc "$moddir/$f" ;;
		*.ko.zst) zstd -dcq "$moddir/$f" ;;
		*.ko.gz) gzip -dc "$moddir/$f" ;;
		*) false ;;
		esac >"$tmp/initrd/lib/modules/$b.ko" 2>"$tmp/mod.err" || {
			linux="unavailable (cannot unpack $moddir/$f: $(head -n 1 "$tmp/mod.err"))"
			return
		}
		echo "/lib/modules/$b.ko" >>"$tmp/initrd/modules"
		lmods="$lmods${lmods:+ }$b"
	done
	if ! command -v cpio >/dev/null 2>&1 ||
		! (cd "$tmp/initrd" && find . | cpio -o -H newc >"$tmp/initrd.cpio" 2>"$tmp/cpio.err"); then
		linux="unavailable (cannot make the initramfs: needs cpio)"
		return
	fi

	# The machine and devices of the libuk guests (ukrun --dry-run shows
	# theirs), except the memory: Debian's kernel decompresses itself at
	# 16 MiB and needs 63 MiB more there, more than their 64M. Under TCG,
	# Linux's calibration of the TSC against the emulated PIT fails now and
	# then, and without HPET or PM timer (microvm has neither) the boot then
	# hangs; the TCG guest's TSC is the host's, so its frequency is given.
	lappend="console=ttyS0 panic=-1"
	if [ "$accel" = tcg ]; then
		khz=$(awk -F: '$1 ~ /^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo 2>/dev/null)
		[ -n "$khz" ] && [ "$khz" -gt 0 ] && lappend="$lappend tsc_early_khz=$khz"
	fi
	if [ "$mode" = tap ]; then
		lappend="$lappend benchip=10.77.0.2/30 benchgw=10.77.0.1"
		lnet=tap,id=n0,ifname=uktap0,script=no,downscript=no
	else
		lappend="$lappend benchip=10.0.2.15/24 benchgw=10.0.2.2"
		lnet=user,id=n0,hostfwd=tcp:127.0.0.1:$stream_port-:$stream_fwd,hostfwd=tcp:127.0.0.1:$http_port-:$http_fwd
	fi
	lmachine="-M microvm${UKRUN_CPU:+ -cpu $UKRUN_CPU} -accel $accel -m $LINUX_MEMORY"
	# shellcheck disable=SC2086
	setsid $inns timeout --kill-after=5 $((LINUX_TIMEOUT + 2 * BENCH_TIMEOUT + HTTP_SECONDS)) \
		"${UKRUN_QEMU:-qemu-system-x86_64}" $lmachine \
		-nodefaults -no-user-config -nographic -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$kernel" -initrd "$tmp/initrd.cpio" -append "$lappend" \
		-netdev "$lnet" -device virtio-net-device,netdev=n0 \
		</dev/null >"$tmp/lguest.raw" 2>"$tmp/lguest.err" &
	lpid=$!
	pids="$pids $lpid"

	# Up to LINUX_TIMEOUT seconds for init's marker (or its error line).
	waited=0 lstatus=
	while ! grep -q -e 'linux-guest: ready' -e 'linux-guest: error' "$tmp/lguest.raw"; do
		if ! kill -0 "$lpid" 2>/dev/null; then
			wait "$lpid"
			lstatus=$?
			break
		fi
		[ "$waited" -ge "$LINUX_TIMEOUT" ] && break
		sleep 1
		waited=$((waited + 1))
	done
	last=$(cat "$tmp/lguest.raw" "$tmp/lguest.err" | tr -d '\r' | grep -v '^ *$' | tail -n 1 | cut -c1-100)
	if grep -q 'linux-guest: ready' "$tmp/lguest.raw"; then
		linux=ok
		# shellcheck disable=SC2086
		stream_client "$tmp/lguest-stream" "$gaddr" "$stream_port" $inns
		# shellcheck disable=SC2086
		http_client "$tmp/lguest-http" "$gaddr" "$http_port" $inns
		# init powers off once both servers have quit; else it is killed
		waited=0
		while kill -0 "$lpid" 2>/dev/null && [ "$waited" -lt 20 ]; do
			sleep 1
			waited=$((waited + 1))
		done
	elif grep -q 'linux-guest: error' "$tmp/lguest.raw"; then
		linux="unavailable ($kname under $accel: $(tr -d '\r' <"$tmp/lguest.raw" | sed -n 's/.*linux-guest: error: //p' | head -n 1))"
	elif [ -n "$lstatus" ]; then
		linux="unavailable ($kname under $accel: QEMU ended (status $lstatus) before init was ready; last console line: $last)"
	elif grep -q 'linux-guest: init' "$tmp/lguest.raw"; then
		linux="unavailable ($kname under $accel: its init did not get ready within ${LINUX_TIMEOUT}s; last console line: $last)"
	else
		linux="unavailable ($kname did not reach its init within ${LINUX_TIMEOUT}s under $accel; last console line: $last)"
	fi
	kill -- "-$lpid" 2>/dev/null || kill "$lpid" 2>/dev/null
	wait "$lpid" 2>/dev/null
	pids=$(echo "$pids" | tr ' ' '\n' | grep -vx "$lpid" | tr '\n' ' ')
	tr -d '\r' <"$tmp/lguest.raw" >"$tmp/lguest"
}
linux_guest

# The table.
echo "bench/net: TCP over virtio-net and lwIP, libuk guest vs the same programs as Linux processes and in a Linux guest"
if [ "$mode" = tap ]; then
	echo "network: tap device uktap0 in network namespace $ns (host end 10.77.0.1/30, guest 10.77.0.2/30 static: uk.net.ip, uk.net.gw)"
else
	echo "network: FALLBACK to QEMU user networking (slirp) with forwarded ports ($why); not a tap device"
fi
g_hdr="guest: libuk on QEMU -M microvm, one CPU, virtio-net (virtio-mmio), accelerator $(echo "$accel" | tr a-z A-Z)"
[ "$guest_stream" = ok ] && g_hdr="$g_hdr (CPUID hypervisor: $(field "$tmp/stream" hypervisor 1))"
echo "$g_hdr"
[ "$accel" = tcg ] && echo "       TCG: the guest figures (and ratios, goals) are emulation figures, not hardware; compare with KVM on real hardware"
echo "Linux: the same sources as host processes ($host_cc), Linux $(uname -r), over loopback (127.0.0.1); $(nproc) host CPUs shared with QEMU and the peers, load average ${load:-unknown} at the start"
if [ "$linux" = ok ]; then
	echo "Linux guest: $kname on the same QEMU -M microvm, one CPU, virtio-net (virtio-mmio) and network, accelerator $(echo "$accel" | tr '[:lower:]' '[:upper:]') (CPUID hypervisor: $(field "$tmp/lguest" hypervisor 1))"
	echo "       but $LINUX_MEMORY of memory (Debian's kernel does not fit in the libuk guests' 64M); /init bench/net_linux_init.c, modules: ${lmods:-none (built in)}"
else
	echo "Linux guest: unavailable (the reason is below the table)"
fi
echo "stream: $STREAM_MIB MiB per run, median of $STREAM_RUNS runs (slowest..fastest), timed by the host-side client"
if [ "$have_wrk" = 1 ]; then
	echo "http:   $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2) -t$HTTP_THREADS -c$HTTP_CONNS -d${HTTP_SECONDS}s, HTTP/1.1 keep-alive, one small fixed body"
else
	echo "http:   wrk missing (apt-get install wrk): not measured"
fi
echo

fmt='%-27s  %9s %17s  %9s %17s  %9s %17s  %13s %11s\n'
printf '%-27s  %-27s  %-27s  %-27s\n' "" "libuk/$accel" "Linux process" "Linux guest/$accel"
printf "$fmt" case value slowest..fastest value slowest..fastest value slowest..fastest libuk/process libuk/guest

# smed FILE DIR: the median of a stream result, or nothing
smed() { awk -v d="$2" '$1 == "result" && $2 == d { print $3; exit }' "$1" 2>/dev/null; }
# scols FILE DIR: "median slowest..fastest" of a stream result, or why not
scols() {
	m=$(smed "$1" "$2")
	if [ -n "$m" ]; then
		awk -v d="$2" '$1 == "result" && $2 == d { printf "%.1f %.1f..%.1f", $3, $4, $5; exit }' "$1"
	else
		echo "failed -"
	fi
}
# wrk_rps FILE / wrk_lat FILE: requests/s, mean latency in ms
wrk_rps() { awk '$1 == "Requests/sec:" { printf "%.0f", $2; exit }' "$1" 2>/dev/null; }
wrk_lat() {
	awk '$1 == "Latency" {
		v = $2; u = v; sub(/^[0-9.]+/, "", u); v += 0
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
		printf "%.2f", v; exit }' "$1" 2>/dev/null
}
# ratio A B: A/B as "0.12x"
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { a += 0; b += 0; if (a > 0 && b > 0) printf "%.3fx", a / b; else printf "-" }'; }

# lcol VALUE: the Linux guest's column, or why there is none
lcol() { if [ "$linux" = ok ]; then echo "${1:-failed}"; else echo unavailable; fi; }
for d in get put; do
	label="stream guest->host, MB/s"
	[ "$d" = put ] && label="stream host->guest, MB/s"
	g=$(scols "$tmp/uk-stream" "$d")
	h=$(scols "$tmp/linux-stream" "$d")
	l="unavailable -"
	[ "$linux" = ok ] && l=$(scols "$tmp/lguest-stream" "$d")
	# shellcheck disable=SC2086
	gm=$(smed "$tmp/uk-stream" "$d")
	printf "$fmt" "$label" $g $h $l "$(ratio "$gm" "$(smed "$tmp/linux-stream" "$d")")" \
		"$(ratio "$gm" "$(smed "$tmp/lguest-stream" "$d")")"
done
for f in uk-stream linux-stream lguest-stream; do
	grep '^net_stream: \|server did not answer' "$tmp/$f" 2>/dev/null | sed "s/^/  $f: /"
done
g=$(wrk_rps "$tmp/uk-http"); h=$(wrk_rps "$tmp/linux-http"); l=$(wrk_rps "$tmp/lguest-http")
printf "$fmt" "HTTP requests/s" "${g:-failed}" "" "${h:-failed}" "" "$(lcol "$l")" "" "$(ratio "$g" "$h")" "$(ratio "$g" "$l")"
gl=$(wrk_lat "$tmp/uk-http"); hl=$(wrk_lat "$tmp/linux-http"); ll=$(wrk_lat "$tmp/lguest-http")
printf "$fmt" "HTTP mean latency, ms" "${gl:-failed}" "" "${hl:-failed}" "" "$(lcol "$ll")" "" "$(ratio "$gl" "$hl")" "$(ratio "$gl" "$ll")"
for f in uk-http linux-http lguest-http; do
	e=$(awk '/Socket errors|Non-2xx/ { print; exit }' "$tmp/$f" 2>/dev/null)
	[ -n "$e" ] && echo "  $f: wrk reports:$e"
done
[ -z "$(wrk_rps "$tmp/uk-http")" ] && [ -s "$tmp/uk-http" ] && echo "  libuk http: $(tail -n 1 "$tmp/uk-http")"
[ "$linux" = ok ] && [ -z "$l" ] && [ -s "$tmp/lguest-http" ] && echo "  Linux guest http: $(tail -n 1 "$tmp/lguest-http")"
[ "$guest_http" = ok ] && echo "  libuk http guest answered $(field "$tmp/http" requests 1) requests in all"
if [ "$linux" = ok ] && { [ -z "$l" ] || [ -z "$(smed "$tmp/lguest-stream" get)" ] || [ -z "$(smed "$tmp/lguest-stream" put)" ]; }; then
	echo "  the Linux guest's console (last 20 lines):"
	tail -n 20 "$tmp/lguest" | sed 's/^/    /'
fi
echo
[ "$linux" = ok ] || { echo "Linux guest: $linux"; echo; }
echo "goals (from the issue):"
goal() { printf '  %-72s %s\n' "$1:" "$2"; }
# mbs VALUE: a stream median as in the table, or "failed"
mbs() { if [ -n "$1" ]; then awk -v v="$1" 'BEGIN { printf "%.1f", v }'; else echo failed; fi; }
l_http="libuk ahead of the Linux guest on HTTP requests/s"
l_stream="libuk within 10% of the Linux guest on stream throughput"
if [ "$linux" = ok ]; then
	g=$(wrk_rps "$tmp/uk-http"); l=$(wrk_rps "$tmp/lguest-http")
	if [ -n "$g" ] && [ -n "$l" ]; then
		goal "$l_http" "$(awk -v a="$g" -v b="$l" 'BEGIN { print (a > b) ? "yes" : "no" }') ($g vs $l requests/s, $(ratio "$g" "$l"))"
	else
		goal "$l_http" "not measured (an HTTP run failed: libuk ${g:-failed}, Linux guest ${l:-failed})"
	fi
	# within 10%: at least 0.9 times the Linux guest's median
	for d in get put; do
		dir="guest->host"
		[ "$d" = put ] && dir="host->guest"
		g=$(smed "$tmp/uk-stream" "$d"); l=$(smed "$tmp/lguest-stream" "$d")
		if [ -n "$g" ] && [ -n "$l" ]; then
			goal "$l_stream, $dir" "$(awk -v a="$g" -v b="$l" 'BEGIN {
				printf "%s (%.1f vs %.1f MB/s, ", (a >= 0.9 * b) ? "yes" : "no", a, b }')$(ratio "$g" "$l"))"
		else
			goal "$l_stream, $dir" "not measured (a stream run failed: libuk $(mbs "$g"), Linux guest $(mbs "$l"))"
		fi
	done
	[ "$accel" = tcg ] && echo "  (both guests under TCG: emulation, not hardware)"
else
	goal "$l_http" "not measurable here (the Linux guest is unavailable: see above)"
	goal "$l_stream" "not measurable here (the Linux guest is unavailable: see above)"
	[ "$accel" = tcg ] && echo "  (any comparison here would be under TCG: emulation, not hardware)"
fi
exit $status
