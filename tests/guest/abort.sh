#!/bin/sh
# tests/guest/abort.sh - how a musl program ends (see abort.c): abort()
# ends the VM with status 134 and names SIGABRT, with or without a handler
# that returns; a signal's default action ends it with 128 + signo; an
# ignored signal does not; exit statuses keep their low 8 bits.
. "$top_srcdir/tests/guest/lib.sh"

msg='^uk: application terminated by signal'

boot "$G/abort-pvh" -c "-- abort"
expect_status "abort() exits with status 134" 134
expect_console "abort() names the signal" "$msg SIGABRT\$"
n=$(printf '%s\n' "$out" | grep -c "$msg")
if [ "$n" = 1 ]; then ok "the message is printed once"; else not_ok "the message is printed once ($n times)"; fi

boot "$G/abort-pvh" -c "-- handler"
expect_console "a SIGABRT handler runs" '^abort: handler ran for signal 6$'
expect_status "abort() still ends the program after the handler returns" 134
expect_console "and names SIGABRT" "$msg SIGABRT\$"
expect_no_console "abort() does not return" 'still running'

boot "$G/abort-pvh" -c "-- term"
expect_status "SIGTERM's default action: status 143" 143
expect_console "SIGTERM is named" "$msg SIGTERM\$"

boot "$G/abort-pvh" -c "-- ignore"
expect_status "an ignored SIGTERM does not end the program" 0
expect_console "the program went on" '^abort: survived an ignored SIGTERM$'

boot "$G/abort-pvh" -c "-- exit"
expect_status "exit(300) gives status 44 (300 & 0xff)" 44
boot "$G/abort-pvh" -c "-- _exit"
expect_status "_exit(7) (exit_group) gives status 7" 7
boot "$G/abort-pvh" -c "-- thread"
expect_status "the exit system call of the only thread gives status 9" 9
tap_done
