#!/bin/sh
# tests/guest/console_in.sh - console input through the line discipline:
# the guest checks what fgets/read return for typed-in lines.
. "$top_srcdir/tests/guest/lib.sh"
run_tap_guest "$G/console_in-pvh" -s "$top_srcdir/tests/guest/console_in.input"
