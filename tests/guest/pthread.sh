#!/bin/sh
# tests/guest/pthread.sh - musl's pthreads on libuk: the TAP guest
# (pthread.c), a thread's stack overflow into musl's guard page
# (pthread_guard.c), running out of memory for thread stacks
# (pthread_oom.c) and abort() in a thread (pthread_abort.c).
. "$top_srcdir/tests/guest/lib.sh"

# The guests create thousands of threads and, without KVM, run under TCG.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-600}

# 64 MiB: the detached and the joined threads' stacks would not fit in it
# if they were not given back (see test_detached in pthread.c).
boot "$G/pthread-pvh" -m 64M
relay_guest_tap "pthread"

boot "$G/pthread_guard-pvh"
expect_status "a thread's stack overflow exits with the fault status" 112
expect_console "the guest started" '^pthread_guard: start'
expect_console "the fault report names a stack overflow" 'stack overflow'
expect_no_console "the overflowing thread never returns" 'unexpected'

boot "$G/pthread_oom-pvh" -m 64M
relay_guest_tap "pthread_oom"

boot "$G/pthread_abort-pvh"
expect_status "abort() in a thread exits with status 134" 134
expect_console "the thread ran" '^pthread_abort: aborting in a thread'
expect_console "SIGABRT is named" '^uk: application terminated by signal SIGABRT$'
expect_no_console "main does not go on after abort()" 'unexpected'
tap_done
