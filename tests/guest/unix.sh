#!/bin/sh
# tests/guest/unix.sh - AF_UNIX sockets (lib/posix-unixsocket behind
# lib/posix-socket): the TAP guests for stream sockets (unix_stream.c:
# connections, shutdown, flags, a megabyte, threads in one epoll set) and
# for datagrams, seqpackets, names, options and descriptor passing
# (unix_msg.c).
. "$top_srcdir/tests/guest/lib.sh"

# Threads moving megabytes, possibly under TCG on a busy host.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-300}

boot "$G/unix_stream-pvh"
relay_guest_tap "unix_stream"

boot "$G/unix_msg-pvh"
relay_guest_tap "unix_msg"
tap_done
