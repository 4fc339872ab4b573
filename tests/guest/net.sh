#!/bin/sh
# tests/guest/net.sh - networking through virtio-net and lwIP under QEMU's
# user networking (slirp; no privileges): the guest net_slirp.c talks to
# the host peers of netpeer.pl (HTTP, UDP echo, a closed port) on the
# host's loopback through the gateway 10.0.2.2 (and fec0::2 over IPv6),
# and serves a TCP echo that a host client reaches through a forwarded
# port (ukrun -p). Runs with DHCP (the default) and with a static address;
# once more with DHCP on x86_64 pc, over virtio-pci (MSI-X); net_epoll.c
# holds 1000 host connections in one epoll set; net_exit.c exits with data
# still to send (the host must get all of it, or a line says it was lost)
# and leaves six connections unread for a while (lent receive buffers,
# then copies); a malformed address option stops the boot. Skipped without --with-lwip.
. "$top_srcdir/tests/guest/lib.sh"

if [ -z "${UK_LWIP_DIR:-}" ]; then
	echo "1..0 # SKIP libuk was configured without lwIP (--with-lwip=DIR)"
	exit 0
fi

# A megabyte each way through slirp under TCG on a busy host.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-300}
PEER="perl $top_srcdir/tests/guest/netpeer.pl"

dir=$(mktemp -d "${TMPDIR:-/tmp}/uknet.XXXXXX")
$PEER serve "$dir" &
peer=$!
trap 'kill $peer 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
i=0
while [ ! -s "$dir/http.port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
http=$(cat "$dir/http.port")
udp=$(cat "$dir/udp.port")
closed=$(cat "$dir/closed.port")
reset=$(cat "$dir/reset.port")
http6=$(cat "$dir/http6.port")
# IPv6 needs the host's ::1 (netpeer.pl says "none" without it).
v6=
[ "$http6" != none ] && v6="-A http6=$http6"

# dhcp_run LABEL [ukrun options]: a DHCP boot of net_slirp serving TCP
# echo on 7777, while the host client sends its megabyte through hostfwd.
dhcp_run() {
	label=$1
	shift
	$PEER echo "$fwd" 1048576 "$GUEST_TIMEOUT" >"$dir/echo.out" 2>&1 &
	client=$!
	boot "$G/net_slirp-pvh" -k uk.loglevel=info -p "tcp:127.0.0.1:$fwd:7777" \
		-A addr=10.0.2.15 -A dns=10.0.2.3 -A "http=$http" -A "udp=$udp" \
		-A "closed=$closed" -A echo=7777 "$@"
	wait $client
	echo_status=$?
	relay_guest_tap "$label"
	if [ "$echo_status" = 0 ]; then
		ok "$label: the host client's megabyte came back byte-exact through hostfwd"
	else
		not_ok "$label: host echo client: $(cat "$dir/echo.out")"
	fi
}

# DHCP: slirp leases 10.0.2.15 and names 10.0.2.3 as the name server.
fwd=$($PEER freeport)
dhcp_run dhcp -A "reset=$reset" $v6
expect_console "DHCP: the boot reports en0's lease" \
	'net: en0 \(virtio-net0\) 52:54:00:12:34:56 10\.0\.2\.15/24 gw 10\.0\.2\.2 \(DHCP\)'
expect_console "DHCP: at exit, en0's counters (log level info)" \
	'net: en0 queue 0: rx [1-9][0-9]* \(merged [0-9]+\), tx [1-9][0-9]* \(tso [0-9]+, renotified [0-9]+\)'

# x86_64 pc: the same over virtio-pci (the PCI scan, MSI-X vectors).
if [ "${UK_ARCH:-x86_64}" = x86_64 ]; then
	dhcp_run "pc dhcp" -M pc
	expect_console "pc: virtio-net over virtio-pci with MSI-X" \
		'virtio-net0: modern virtio-pci [0-9a-f:.]+ msix'
fi

# Static configuration: no DHCP, the options' address and name server.
boot "$G/net_slirp-pvh" -k uk.loglevel=info -k uk.net.ip=10.0.2.20/24 \
	-k uk.net.gw=10.0.2.2 -k uk.net.dns=10.0.2.3 -p "tcp:127.0.0.1:$fwd:7777" \
	-A addr=10.0.2.20 -A dns=10.0.2.3 -A "http=$http" -A "udp=$udp" \
	-A "closed=$closed"
relay_guest_tap "static"
expect_console "static: the boot reports the configured address" \
	'net: en0 \(virtio-net0\) [0-9a-f:]+ 10\.0\.2\.20/24 gw 10\.0\.2\.2'
expect_no_console "static: no DHCP" 'DHCP'

# An epoll server in the guest holding 1000 host connections at once.
fwd2=$($PEER freeport)
$PEER conns "$fwd2" 1000 "$GUEST_TIMEOUT" >"$dir/conns.out" 2>&1 &
client=$!
boot "$G/net_epoll-pvh" -m 256M -p "tcp:127.0.0.1:$fwd2:7000" -A 7000 -A 1000
wait $client
conns_status=$?
relay_guest_tap "epoll"
if [ "$conns_status" = 0 ]; then
	ok "the host client's 1000 connections were held and answered"
else
	not_ok "host client: $(cat "$dir/conns.out")"
fi

# drain_run LABEL STATUS BYTES PAUSE [net_exit arguments]: the host reads
# BYTES from net_exit (after PAUSE seconds without reading, unless 0); the
# guest must end with STATUS, the host get every byte, then EOF. Boot
# options in $drain_opts.
fwd3=$($PEER freeport)
drain_opts=
drain_run() {
	label=$1 want=$2 bytes=$3 pause=$4
	shift 4
	$PEER drain "$fwd3" "$bytes" "$GUEST_TIMEOUT" "$pause" >"$dir/drain.out" 2>&1 &
	client=$!
	a=
	for w in "$@"; do a="$a -A $w"; done
	# shellcheck disable=SC2086
	boot "$G/net_exit-pvh" -k uk.net.ip=10.0.2.15/24 -k uk.net.gw=10.0.2.2 \
		$drain_opts -p "tcp:127.0.0.1:$fwd3:7001" -A 7001 $a
	drain_end=$(date +%s.%N)
	wait $client
	drain_status=$?
	expect_status "$label: status $want" "$want"
	if [ "$drain_status" = 0 ]; then
		ok "$label: the host got all $bytes bytes, then EOF"
	else
		not_ok "$label: $(cat "$dir/drain.out")"
		show_console
	fi
}

# A program that exits right after its writes, the socket left open: the
# peer gets every byte and then the end of the stream (the stack finishes
# before the machine powers off); the status is the program's.
drain_run "exit with data still to send" 3 524288 0 send 524288
expect_no_console "exit with data still to send: nothing reported lost" \
	'still had data'
# close() with data still queued and a peer that reads only after a
# pause: everything arrives while the program goes on (status 5 after).
drain_run "close with data queued, a slow reader" 5 1048576 2 close 1048576 4
# The segment that carries the FIN lost once, after close(): TCP sends it
# again on its own timer while the program sleeps, no socket left open,
# so the host has the end of the stream seconds before the machine ends
# (at the exit, the stack would finish the connection anyway).
drain_opts="-k uk.loglevel=info -k uk.net.debug_drop_fin"
drain_run "close, its FIN lost once" 5 1048576 0 close 1048576 10
drain_opts=
eof_at=$(sed -n 's/^drain: ok .* then EOF at \([0-9.]*\)$/\1/p' "$dir/drain.out")
if [ -n "$eof_at" ] && awk -v e="$eof_at" -v x="$drain_end" \
	'BEGIN { exit !(x - e >= 4) }'; then
	ok "close, its FIN lost once: resent while the program ran on ($(awk -v e="$eof_at" -v x="$drain_end" 'BEGIN { printf "%.1f", x - e }') s before its end)"
else
	not_ok "close, its FIN lost once: EOF at ${eof_at:-never}, the machine ended at $drain_end"
fi
expect_console "close, its FIN lost once: the FIN was dropped" \
	'net: virtio-net0: dropped the first FIN \(uk\.net\.debug_drop_fin\)'
expect_no_console "close, its FIN lost once: nothing reported lost at exit" \
	'still had data'

# A peer that stops reading cannot hold the exit up for ever: it comes
# after the stack's bounded wait, with one line saying what was lost.
$PEER hold "$fwd3" "$GUEST_TIMEOUT" >"$dir/hold.out" 2>&1 &
holder=$!
boot "$G/net_exit-pvh" -k uk.net.ip=10.0.2.15/24 -k uk.net.gw=10.0.2.2 \
	-p "tcp:127.0.0.1:$fwd3:7001" -A 7001 -A stall
kill $holder 2>/dev/null
wait $holder 2>/dev/null
expect_status "exit while the peer does not read: status 4, after the bounded wait" 4
expect_console "exit while the peer does not read: the loss is reported" \
	'net: exit: 1 TCP connection\(s\) still had data unacknowledged after 3 s: lost'

# Data a program has not read yet: the stack keeps it in the device's
# receive buffers, lent, up to a bound, and copies the rest, so that the
# device always has buffers: six connections' windows (some 260 frames)
# left unread for 2 s, then read whole.
$PEER push "$fwd3" 6 262144 "$GUEST_TIMEOUT" >"$dir/push.out" 2>&1 &
pusher=$!
boot "$G/net_exit-pvh" -k uk.loglevel=info -k uk.net.ip=10.0.2.15/24 \
	-k uk.net.gw=10.0.2.2 -p "tcp:127.0.0.1:$fwd3:7001" -A 7001 -A unread \
	-A 6 -A 262144 -A 2
wait $pusher
push_status=$?
expect_status "unread for 2 s: every connection's 262144 bytes arrive whole (status 6)" 6
if [ "$push_status" = 0 ]; then
	ok "unread for 2 s: the host sent them all"
else
	not_ok "unread for 2 s: $(cat "$dir/push.out")"
fi
expect_console "unread for 2 s: frames were lent, and copied past the bound" \
	'net: en0: received frames lent [1-9][0-9]*, copied [1-9][0-9]*'

# A malformed address stops the boot with the option named.
boot "$G/net_slirp-pvh" -k uk.net.ip=10.0.2.300/24 -p "tcp:127.0.0.1:$fwd:7777"
expect_status "uk.net.ip=10.0.2.300/24: status 114" 114
expect_console "uk.net.ip=10.0.2.300/24: the option is named" \
	"bad boot option 'uk.net.ip=10.0.2.300/24': uk.net.ip expects an IPv4 address"
boot "$G/net_slirp-pvh" -k uk.net.dns=10.0.2.3,nowhere -p "tcp:127.0.0.1:$fwd:7777"
expect_status "uk.net.dns with a bad address: status 114" 114
tap_done
