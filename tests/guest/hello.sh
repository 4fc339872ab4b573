#!/bin/sh
# tests/guest/hello.sh - the hello example greets, prints its arguments
# and exits with status 0.
. "$top_srcdir/tests/guest/lib.sh"

boot "$top_builddir/examples/hello/hello" -c "-- hello world"
expect_status "hello exits with status 0" 0
expect_console "hello greets" '^Hello from libuk!$'
expect_console "hello prints argv[1]" '^argv\[1\] = "hello"$'
expect_console "hello prints argv[2]" '^argv\[2\] = "world"$'
# The smallest memory: arm64's image sits 2 MiB into RAM, its device tree
# above it.
case ${UK_ARCH:-x86_64} in arm64) min=4M ;; *) min=2M ;; esac
boot "$top_builddir/examples/hello/hello" -m $min
expect_status "hello boots with -m $min" 0
tap_done
