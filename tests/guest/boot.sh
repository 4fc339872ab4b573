#!/bin/sh
# tests/guest/boot.sh - every boot protocol on every QEMU machine type: the
# argv guest (which checks its own arguments) and a musl hello must run to
# completion.
. "$top_srcdir/tests/guest/lib.sh"

cmdline="uk.loglevel=info -- one \"two three\" 'fo\"ur'"
for proto in pvh multiboot; do
	img=$G/argv-$proto
	for machine in microvm pc q35; do
		boot "$img" -M "$machine" -c "$cmdline"
		if [ "$status" = 0 ] && printf '%s\n' "$out" | grep -q '^1\.\.[1-9][0-9]*$' &&
			! printf '%s\n' "$out" | grep -q '^not ok'; then
			ok "$proto on $machine: argv test passed"
		else
			not_ok "$proto on $machine: argv test failed (status $status)"
		fi
		expect_console "$proto on $machine: booted through $proto" \
			"uk: booted via $proto,"
	done
done

# Programs on musl (stdio, TLS, exit through exit_group) on every machine.
for proto in pvh multiboot; do
	for machine in microvm pc q35; do
		boot "$G/musl_hello-$proto" -M "$machine" -c "-- x y"
		expect_status "$proto on $machine: musl hello exits 0" 0
		expect_console "$proto on $machine: musl printf works" \
			'hello from musl: 3 args, pi=3\.14159'
	done
done
tap_done
