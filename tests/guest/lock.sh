#!/bin/sh
# tests/guest/lock.sh - kernel locking primitives between threads (lock.c).
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/lock-pvh"
relay_guest_tap "lock"
tap_done
