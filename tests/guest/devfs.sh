#!/bin/sh
# tests/guest/devfs.sh - /dev (lib/devfs): the TAP guest (devfs.c), and
# the line it writes through /dev/stdout reaching the console.
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/devfs-pvh"
relay_guest_tap "devfs"
expect_console "a write to /dev/stdout reaches the console" \
	'^devfs: written through /dev/stdout$'
tap_done
