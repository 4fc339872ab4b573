#!/bin/sh
# tests/guest/pthread.sh - musl's pthreads on libuk: the TAP guest
# (pthread.c), a thread's stack overflow into musl's guard page
# (pthread_guard.c), running out of memory for thread stacks
# (pthread_oom.c), abort() in a thread (pthread_abort.c) and timer
# preemption of threads that spin (pthread_spin.c, uk.preempt_ms), and
# signals aimed at other threads, musl's credential changes among them
# (pthread_signal.c), and such signals ending waits in blocking calls
# (signal_wait.c: EINTR or a restart, as on Linux).
. "$top_srcdir/tests/guest/lib.sh"

# The guests create thousands of threads and, without KVM, run under TCG.
GUEST_TIMEOUT=${GUEST_TIMEOUT:-600}

# 64 MiB: the detached and the joined threads' stacks would not fit in it
# if they were not given back (see test_detached in pthread.c).
boot "$G/pthread-pvh" -m 64M
relay_guest_tap "pthread"

boot "$G/pthread_signal-pvh"
relay_guest_tap "pthread_signal"

boot "$G/signal_wait-pvh"
relay_guest_tap "signal_wait"

boot "$G/pthread_guard-pvh"
expect_status "a thread's stack overflow exits with the fault status" 112
expect_console "the guest started" '^pthread_guard: start'
expect_console "the fault report names a stack overflow" \
	'bytes below the stack pointer: stack overflow'
expect_console "the fault report names the thread (not main)" \
	'^uk: in thread clone \(id [0-9]+\)'
expect_no_console "the overflowing thread never returns" 'unexpected'

boot "$G/pthread_oom-pvh" -m 64M
relay_guest_tap "pthread_oom"

boot "$G/pthread_abort-pvh"
expect_status "abort() in a thread exits with status 134" 134
expect_console "the thread ran" '^pthread_abort: aborting in a thread'
expect_console "SIGABRT is named" '^uk: application terminated by signal SIGABRT$'
expect_no_console "main does not go on after abort()" 'unexpected'

# Preemption: threads that never make a system call share the CPU.
boot "$G/pthread_spin-pvh" -c "uk.loglevel=info uk.preempt_ms=5 --"
expect_console "preemption is on" "^uk: sched: preemptive, 5 ms time slices$"
relay_guest_tap "pthread_spin"

# The whole pthread guest again, preempted every millisecond.
boot "$G/pthread-pvh" -m 64M -c "uk.preempt_ms=1 --"
relay_guest_tap "pthread, preempted every 1 ms"

boot "$G/pthread_spin-pvh" -c "uk.preempt_ms=20000 --"
expect_status "a time slice out of range stops the boot (command-line status)" 114
expect_console "the console names the option" 'uk.preempt_ms=20000: the time slice must be'
tap_done
