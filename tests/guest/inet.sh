#!/bin/sh
# tests/guest/inet.sh - AF_INET and AF_INET6 sockets over lwIP's loopback
# interface (lib/lwip behind lib/posix-socket): the TAP guest inet_lo.c
# (TCP echo of a megabyte, UDP echoes, errors, non-blocking calls, poll,
# epoll) on 127.0.0.1 and ::1. Skipped when configure had no --with-lwip.
. "$top_srcdir/tests/guest/lib.sh"

if [ -z "${UK_LWIP_DIR:-}" ]; then
	echo "1..0 # SKIP libuk was configured without lwIP (--with-lwip=DIR)"
	exit 0
fi

# A megabyte through TCP under TCG on a busy host.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-300}

boot "$G/inet_lo-pvh"
relay_guest_tap "inet_lo"
tap_done
