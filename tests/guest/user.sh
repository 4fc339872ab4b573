#!/bin/sh
# tests/guest/user.sh - users, groups and credentials with the default user
# database (user.c), the login name from uk.login and uk.env, and
# malformed uk.login values refused at boot (status 114).
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/user-pvh"
relay_guest_tap "defaults"
expect_no_console "defaults: the lookups need no missing system call" "is not implemented"

boot "$G/user-pvh" -c "uk.login=alice.b_2-c -- alice.b_2-c"
relay_guest_tap "uk.login=alice.b_2-c"
long=abcdefghijklmnopqrstuvwxyz012345
boot "$G/user-pvh" -c "uk.login=$long -- $long"
relay_guest_tap "a 32-character uk.login"
boot "$G/user-pvh" -c "uk.login=alice uk.env=LOGNAME=bob -- bob"
relay_guest_tap "uk.env=LOGNAME wins over uk.login"

# bad VALUE DESCRIPTION
bad() {
	boot "$G/user-pvh" -c "uk.login=$1 -- x"
	expect_status "$2: the boot stops (status 114)" 114
	expect_console "$2: one line names the option" \
		"^uk: bad boot option 'uk.login=.*': uk.login expects a user name"
	expect_no_console "$2: main never ran" '^(not )?ok '
}
bad "" "an empty uk.login"
bad "-x" "a uk.login starting with '-'"
bad "a:b" "a uk.login with a ':'"
bad "abcdefghijklmnopqrstuvwxyz0123456" "a 33-character uk.login"
tap_done
