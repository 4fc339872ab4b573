#!/bin/sh
# tests/guest/hygiene.sh - boots the self-checking hygiene guest (see hygiene.c).
. "$top_srcdir/tests/guest/lib.sh"
run_tap_guest "$G/hygiene-pvh"
