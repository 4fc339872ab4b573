#!/bin/sh
# tests/guest/ctx.sh - execution contexts for the scheduler (see ctx.c),
# on every machine type.
. "$top_srcdir/tests/guest/lib.sh"

case ${UK_ARCH:-x86_64} in
arm64) machines="virt virt,gic-version=3 virt,virtualization=on" ;;
*) machines="microvm pc q35" ;;
esac
for m in $machines; do
	boot "$G/ctx-pvh" -M "$m"
	expect_status "$m: the context test exits 0" 0
	expect_console "$m: it printed its plan" '^1\.\.7$'
	expect_no_console "$m: no check failed" '^not ok'
done
tap_done
