#!/bin/sh
# tests/guest/cmdline.sh - libuk options before "--": unknown ones are
# named in a warning and ignored; malformed ones stop the boot with one
# clear line and status 114 (UK_EXIT_CMDLINE).
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/exitcode-pvh" -c "uk.nosuch=1 -- 5"
expect_status "unknown option: boot continues" 5
expect_console "unknown option: warning names it" \
	"^uk: unknown boot option 'uk.nosuch=1' ignored$"

boot "$G/exitcode-pvh" -c "uk.loglevel=loud -- 5"
expect_status "malformed value: status 114" 114
expect_console "malformed value: message names option and expectation" \
	"^uk: bad boot option 'uk.loglevel=loud': uk.loglevel expects "

boot "$G/exitcode-pvh" -c "uk.loglevel -- 5"
expect_status "option without a value: status 114" 114
expect_console "option without a value: message names it" "^uk: bad boot option 'uk.loglevel'"

boot "$G/exitcode-pvh" -c "-- \"unterminated"
expect_status "unterminated quote: status 114" 114
expect_console "unterminated quote: message" '^uk: bad command line: unterminated quote'

boot "$G/exitcode-pvh" -c "5"
expect_status "without \"--\" every word is the application's" 5
tap_done
