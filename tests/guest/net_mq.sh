#!/bin/sh
# tests/guest/net_mq.sh - virtio-net with checksum offload and several
# queue pairs (VIRTIO_NET_F_MQ) behind lwIP: QEMU on a multiqueue tap
# (-netdev tap,queues=4 with its virtio-net header, which offers CSUM and
# GUEST_CSUM) in a network namespace of its own, the host end
# 10.77.0.1/24 there running netpeer.pl's TCP and UDP echo; the guest
# net_mq.c at 10.77.0.2 moves a megabyte each way over 16 flows at once
# (4 of them over IPv6: fd77::2 to the host's fd77::1, on-link as lwIP
# takes a static address's /64)
# and checks the queue counts, the offloads (checksums, TSO frames sent
# and merged TCP frames received) and that several queues carried
# traffic in each direction; UDP datagrams the host sends through
# a raw socket (no checksum the device vouches for) are checked by lwIP:
# a wrong checksum dropped, a right one delivered; a packet socket on the
# tap finishes the guest's partial TCP checksums as a device would and
# checks them (the host kernel itself trusts them). Boots: x86_64 pc (virtio-pci, an
# MSI-X vector per queue), pc again with too few vectors (one shared),
# microvm (virtio-mmio, one shared line); arm64 virt (virtio-mmio).
# Needs root, ip(8) with netns and /dev/net/tun: skipped otherwise (QEMU
# user networking, which offers neither offloads nor queues, is net.sh's).
. "$top_srcdir/tests/guest/lib.sh"

if [ -z "${UK_LWIP_DIR:-}" ]; then
	echo "1..0 # SKIP libuk was configured without lwIP (--with-lwip=DIR)"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root (a network namespace and a tap device)"
	exit 0
fi
if ! command -v ip >/dev/null 2>&1 || [ ! -c /dev/net/tun ]; then
	echo "1..0 # SKIP needs ip(8) and /dev/net/tun"
	exit 0
fi

GUEST_TIMEOUT=${GUEST_TIMEOUT:-120}
PEER="perl $top_srcdir/tests/guest/netpeer.pl"
ns=uknetmq$$
dir=$(mktemp -d "${TMPDIR:-/tmp}/uknetmq.XXXXXX")
peer=
cleanup() {
	[ -n "$peer" ] && kill "$peer" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

if ! { ip netns add "$ns" &&
	ip -n "$ns" tuntap add dev uktap0 mode tap multi_queue &&
	ip -n "$ns" addr add 10.77.0.1/24 dev uktap0 &&
	ip -n "$ns" addr add fd77::1/64 dev uktap0 nodad &&
	ip -n "$ns" link set uktap0 up &&
	ip -n "$ns" link set lo up; } 2>"$dir/ip.err"; then
	echo "1..0 # SKIP no network namespace with a tap: $(head -n 1 "$dir/ip.err")"
	exit 0
fi

ip netns exec "$ns" $PEER tapserve 10.77.0.1 "$dir" &
peer=$!
i=0
while [ ! -s "$dir/tcp.port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
tcp=$(cat "$dir/tcp.port")
udp=$(cat "$dir/udp.port")
tcp6=$(cat "$dir/tcp6.port")
TAP="-netdev tap,id=n0,ifname=uktap0,script=no,downscript=no,queues=4,vhost=off"

# run LABEL MACHINE DEVICE: boot net_mq on the tap, relay its checks.
run() {
	label=$1 machine=$2 device=$3
	rm -f "$dir/csum.out"
	ip netns exec "$ns" $PEER csumcheck uktap0 "$dir/csum.out" &
	sniff=$!
	out=$(ip netns exec "$ns" "$UKRUN" -q -t "$GUEST_TIMEOUT" -M "$machine" \
		-m 256M -c "uk.loglevel=info uk.net.ip=10.77.0.2/24 uk.net.gw=10.77.0.1 uk.net.ip6=fd77::2/64 -- \
peer=10.77.0.1 tcp=$tcp udp=$udp peer6=fd77::1 tcp6=$tcp6 pairs=4 csum=1 gso=1" "$G/net_mq-pvh" -- \
		$TAP -device "$device,netdev=n0,mq=on" 2>&1)
	status=$?
	kill -TERM $sniff
	wait $sniff
	relay_guest_tap "$label"
	# The host kernel trusts a partial checksum on local delivery: the
	# sniffer finishes each as a device would and checks it.
	set -- $(cat "$dir/csum.out" 2>/dev/null) # tcp N partial P bad B
	if [ "${4:-0}" -gt 0 ] && [ "${6:-1}" = 0 ]; then
		ok "$label: $4 of the guest's $2 TCP frames left their checksum to the device, all right once finished"
	else
		not_ok "$label: the guest's TCP checksums: '$(cat "$dir/csum.out" 2>/dev/null)'"
	fi
	# The driver's line: CTRL_VQ (bit 17), MQ (22), CSUM (0), GUEST_CSUM (1),
	# MRG_RXBUF (15), GUEST_TSO4/6 (7, 8).
	f=$(printf '%s\n' "$out" | sed -n 's/.*virtio-net0: .* features \(0x[0-9a-f]*\) queue pairs 4 of 4.*/\1/p')
	if [ -n "$f" ] && [ $((f & 0x428183)) = $((0x428183)) ]; then
		ok "$label: the driver negotiated CTRL_VQ, MQ, CSUM, GUEST_CSUM, MRG_RXBUF, GUEST_TSO4/6 ($f), 4 pairs"
	else
		not_ok "$label: feature bits or queue pairs (features '${f:-none}')"
	fi
	printf '%s\n' "$out" | grep '^# queue' | sed "s/^# /# $label: /"
}

case ${UK_ARCH:-x86_64} in
arm64)
	run "virt mmio" virt virtio-net-device
	;;
*)
	run "pc msix" pc virtio-net-pci,vectors=10,romfile=
	expect_console "pc msix: MSI-X" 'virtio-net0: modern virtio-pci [0-9a-f:.]+ msix'
	expect_no_console "pc msix: a vector per queue" 'one vector for all'
	run "pc shared vector" pc virtio-net-pci,vectors=2,romfile=
	expect_console "pc shared vector: one vector for the 9 queues" \
		'2 MSI-X entries for 9 queues: one vector for all'
	run "microvm mmio" microvm virtio-net-device
	;;
esac
tap_done
