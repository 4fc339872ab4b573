#!/bin/sh
# tests/guest/proc.sh - boots the self-checking proc guest (see proc.c)
# twice: with uk.hostname and uk.stack_size set, on QEMU's default CPU
# (no RDRAND under TCG: getrandom's seeded generator), and with the
# defaults on "-cpu max" (RDRAND: getrandom's hardware path). The guest's
# TAP lines of both boots are reported, labelled, as one stream.
. "$top_srcdir/tests/guest/lib.sh"

# part LABEL IMAGE CMDLINE [QEMU-ARGS...]
part() {
	label=$1 img=$2 cmdline=$3
	shift 3
	out=$("$UKRUN" -q -t "${GUEST_TIMEOUT:-120}" -c "$cmdline" "$img" -- "$@" 2>&1)
	status=$?
	printf '%s\n' "$out" | grep -E '^(not )?ok [0-9]+ - ' |
		sed -E "s/^(not )?ok [0-9]+ - /\\1ok - $label: /"
	printf '%s\n' "$out" | grep -E '^# ' | sed "s/^# /# $label: /"
	n=$(printf '%s\n' "$out" | grep -cE '^(not )?ok [0-9]+ - ')
	tap_n=$((tap_n + n))
	expect_status "$label: the guest exits with status 0" 0
	expect_console "$label: the guest printed its plan ($n checks)" "^1\\.\\.$n\$"
}

part options "$G/proc-pvh" \
	"uk.hostname=unikernel-test uk.stack_size=1048576 -- unikernel-test 1048576"
part defaults "$G/proc-pvh" "-- libuk" -cpu max
tap_done
