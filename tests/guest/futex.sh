#!/bin/sh
# tests/guest/futex.sh - the futex system call (futex.c).
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/futex-pvh"
relay_guest_tap "futex"
tap_done
