#!/bin/sh
# tests/guest/musl_basic.sh - the musl_basic guest's own TAP checks, then
# what only the outside can see: atexit handlers ran in reverse order after
# main, stdout's buffer was flushed at exit, and each unimplemented system
# call was named once on the console.
. "$top_srcdir/tests/guest/lib.sh"

boot "$G/musl_basic-pvh" -c "uk.env=TZ=UTC uk.env=UKTEST=yes -- alpha \"beta gamma\""
guest_status=$status
guest_out=$out
# The guest's own checks become ours, renumbered after our own.
printf '%s\n' "$out" | grep -E '^(not )?ok [0-9]+ - ' | sed -E 's/^(not )?ok [0-9]+ - /\1ok - guest: /' |
	while IFS= read -r line; do echo "$line"; done
n_guest=$(printf '%s\n' "$out" | grep -cE '^(not )?ok [0-9]+ - ')
tap_n=$n_guest
out=$guest_out
status=$guest_status
expect_status "main's status 0 reaches ukrun" 0
expect_console "the guest printed its plan" '^1\.\.[0-9]+$'
expect_console "atexit handlers ran in reverse order, after main" \
	'^atexit: second registered, ran first$'
expect_console "exit() flushed stdout's buffer" 'atexit: first registered, ran last$'
case ${UK_ARCH:-x86_64} in arm64) acct_nr=89 ;; *) acct_nr=163 ;; esac
if [ "$(printf '%s\n' "$out" | grep -c "system call acct ($acct_nr) is not implemented")" = 1 ]; then
	ok "the unimplemented call is named once, though called twice"
else
	not_ok "the unimplemented call is named once, though called twice"
fi
expect_console "a number beyond the table is reported" 'system call 1000 does not exist'
tap_done
