#!/bin/sh
# tests/guest/event.sh - poll, select, epoll and eventfd (lib/posix-event):
# every call and flag from one thread (event.c), then threads woken by
# other threads and 10 000 registered eventfds (event_threads.c).
. "$top_srcdir/tests/guest/lib.sh"

# Under TCG the threads' sleeps and the 10 000 files take a while.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-300}

boot "$G/event-pvh"
relay_guest_tap "event"

boot "$G/event_threads-pvh" -m 128M
relay_guest_tap "event_threads"
tap_done
