#!/bin/sh
# tests/guest/socket_dispatch.sh - lib/posix-socket's dispatch to address-
# family drivers: the TAP guest (socket_dispatch.c, with the test drivers
# of socket_testdrv.c), and the console line of the driver whose init
# fails at boot.
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/socket_dispatch-pvh"
relay_guest_tap "socket_dispatch"
expect_console "a driver whose init fails is disabled, and the console says why" \
	'^uk: socket: driver faildrv disabled: init failed: ENODEV$'
expect_no_console "the working drivers are not disabled" \
	'socket: driver (testdrv|minidrv) disabled'
tap_done
