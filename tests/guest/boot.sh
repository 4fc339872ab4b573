#!/bin/sh
# tests/guest/boot.sh - every boot protocol on every QEMU machine type: the
# argv guest (which checks its own arguments) and a musl hello must run to
# completion.
. "$top_srcdir/tests/guest/lib.sh"

cmdline="uk.loglevel=info -- one \"two three\" 'fo\"ur'"

# argv_ok LABEL: the argv guest passed all its checks.
argv_ok() {
	if [ "$status" = 0 ] && printf '%s\n' "$out" | grep -q '^1\.\.[1-9][0-9]*$' &&
		! printf '%s\n' "$out" | grep -q '^not ok'; then
		ok "$1: argv test passed"
	else
		not_ok "$1: argv test failed (status $status)"
	fi
}

if [ "${UK_ARCH:-x86_64}" = arm64 ]; then
	# The ELF as is (QEMU: x0 = 0, device tree at the RAM base) and the
	# raw Linux Image (x0 = the device tree); GICv2 and v3; entered at
	# EL1 and at EL2; two CPU models.
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-boot.XXXXXX") || exit 99
	trap 'rm -rf "$tmp"' EXIT
	${OBJCOPY:-objcopy} -O binary "$G/argv-pvh" "$tmp/argv.img" &&
		${OBJCOPY:-objcopy} -O binary "$G/musl_hello-pvh" "$tmp/musl_hello.img" ||
		{ echo "Bail out! objcopy -O binary failed"; exit 1; }
	for form in elf image; do
		case $form in elf) argv=$G/argv-pvh hello=$G/musl_hello-pvh proto=elf ;;
		image) argv=$tmp/argv.img hello=$tmp/musl_hello.img proto=linux-image ;; esac
		for machine in virt virt,gic-version=3 virt,virtualization=on; do
			for cpu in cortex-a72 max; do
				label="$form on $machine -cpu $cpu"
				boot "$argv" -M "$machine" -C "$cpu" -c "$cmdline"
				argv_ok "$label"
				expect_console "$label: booted via $proto" "uk: booted via $proto,"
				case $machine in *gic-version=3*) gic=GICv3 ;; *) gic=GICv2 ;; esac
				expect_console "$label: $gic found in the device tree" "uk: $gic: distributor at"
				boot "$hello" -M "$machine" -C "$cpu" -c "-- x y"
				expect_status "$label: musl hello exits 0" 0
				expect_console "$label: musl printf works" \
					'hello from musl: 3 args, pi=3\.14159'
			done
		done
	done
	# The Image runs wherever it is loaded: with text_offset patched to
	# 6 MiB, QEMU puts it at 0x40600000 and it relocates itself.
	cp "$tmp/argv.img" "$tmp/moved.img" &&
		printf '\000\000\140\000' | dd of="$tmp/moved.img" bs=1 seek=8 conv=notrunc 2>/dev/null
	boot "$tmp/moved.img" -c "$cmdline"
	argv_ok "Image loaded 4 MiB above its link address"
	expect_console "Image loaded elsewhere: runs there" 'uk: paging: image at 40600000-'
	tap_done
	exit 0
fi

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
