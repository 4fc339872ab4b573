#!/bin/sh
# tests/guest/vfs.sh - the file system calls on libuk's VFS (vfs.c).
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/vfs-pvh"
relay_guest_tap "vfs"
tap_done
