#!/bin/sh
# tests/guest/pipe.sh - pipes (lib/vfscore/pipe.c): the TAP guest
# (pipe.c: flags, blocking threads, a megabyte, PIPE_BUF atomicity, EPIPE,
# poll), and SIGPIPE's default action ending a guest (pipe_sigpipe.c).
. "$top_srcdir/tests/guest/lib.sh"

# Threads moving megabytes, possibly under TCG on a busy host.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-300}

boot "$G/pipe-pvh"
relay_guest_tap "pipe"

boot "$G/pipe_sigpipe-pvh"
expect_status "a write without a reader, SIGPIPE by default: status 141" 141
expect_console "the guest wrote" '^pipe_sigpipe: writing to a pipe'
expect_console "SIGPIPE is named" '^uk: application terminated by signal SIGPIPE$'
expect_no_console "the write does not return" 'unexpected'
tap_done
