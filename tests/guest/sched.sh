#!/bin/sh
# tests/guest/sched.sh - threads and the cooperative scheduler (sched.c),
# then a program whose every thread blocks: stopped with a message and the
# panic status, not a hang.
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/sched-pvh"
relay_guest_tap "sched"
boot "$G/deadlock-pvh"
expect_status "all threads blocked: panic status 113" 113
expect_console "all threads blocked: named" 'all threads are blocked'
tap_done
