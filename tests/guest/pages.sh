#!/bin/sh
# tests/guest/pages.sh - boots the self-checking pages guest (see pages.c).
. "$top_srcdir/tests/guest/lib.sh"
run_tap_guest "$G/pages-pvh"
