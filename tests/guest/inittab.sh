#!/bin/sh
# tests/guest/inittab.sh - boots the self-checking inittab guest (see inittab.c).
. "$top_srcdir/tests/guest/lib.sh"
run_tap_guest "$G/inittab-pvh"
