#!/bin/sh
# tests/guest/mmap.sh - boots the mmap guest (see mmap.c): musl's memory
# system calls and a malloc stress; its console is the TAP stream.
. "$top_srcdir/tests/guest/lib.sh"
run_tap_guest "$G/mmap-pvh" -m 256M
