#!/bin/sh
# tests/guest/devicetree.sh - arm64: the device tree decides the boot. A
# tree given with -dtb works; a corrupt one (a property whose name lies
# outside the strings block) and a missing one (ELF boot with -dtb: QEMU
# then leaves nothing at the RAM base) end the boot with one line naming
# the problem and status 115 (UK_EXIT_BOOTINFO), never a hang.
. "$top_srcdir/tests/guest/lib.sh"
only_on arm64

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-dtb.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
"$UK_QEMU" -M virt,dumpdtb="$tmp/virt.dtb" -cpu cortex-a72 -m 64M -nographic \
	-nodefaults >/dev/null 2>&1
${OBJCOPY:-objcopy} -O binary "$top_builddir/examples/hello/hello" "$tmp/hello.img"
# perl is part of every Debian system: point the name of the last property
# of the structure block far past the strings block.
perl -e '
	local $/; open(F, "<", $ARGV[0]) or die; binmode F; my $b = <F>;
	my ($ostruct, $sstruct) = (unpack("N", substr($b, 8, 4)), unpack("N", substr($b, 36, 4)));
	my ($p, $last) = ($ostruct, -1);
	while ($p < $ostruct + $sstruct) {
		my $t = unpack("N", substr($b, $p, 4));
		if ($t == 1) { my $e = index($b, "\0", $p + 4); $p = ($e + 4) & ~3; }
		elsif ($t == 3) { my $len = unpack("N", substr($b, $p + 4, 4)); $last = $p; $p = ($p + 12 + $len + 3) & ~3; }
		elsif ($t == 2 || $t == 4) { $p += 4; }
		else { last; }
	}
	die "no property" if $last < 0;
	substr($b, $last + 8, 4) = pack("N", 0x7ffffff0);
	open(O, ">", $ARGV[1]) or die; binmode O; print O $b;
' "$tmp/virt.dtb" "$tmp/bad.dtb" || { echo "Bail out! cannot prepare the device trees"; exit 1; }

# boot_dtb IMAGE CMDLINE QEMU-ARGS...: like boot, with QEMU arguments.
boot_dtb() {
	img=$1 cmd=$2
	shift 2
	out=$("$UKRUN" -q -t "${GUEST_TIMEOUT:-120}" -c "$cmd" "$img" -- "$@" 2>&1)
	status=$?
}

boot_dtb "$tmp/hello.img" "-- from-file" -dtb "$tmp/virt.dtb"
expect_status "a device tree from a file (-dtb) boots" 0
expect_console "and its command line arrives" '^argv\[1\] = "from-file"$'

boot_dtb "$tmp/hello.img" "" -dtb "$tmp/bad.dtb"
expect_status "a corrupt device tree: status 115" 115
expect_console "a corrupt device tree: one line naming the defect" \
	'^uk: unusable boot information: no valid device tree at [0-9a-f]+: device tree property name outside the strings block$'

boot_dtb "$top_builddir/examples/hello/hello" "" -dtb "$tmp/virt.dtb"
expect_status "no device tree: status 115" 115
expect_console "no device tree: one line saying so" \
	'^uk: unusable boot information: no valid device tree at 40000000: bad device tree magic'
tap_done
