#!/bin/sh
# tests/guest/initrd.sh - an initrd given to QEMU (-initrd) reaches the
# application byte for byte, through every boot protocol's translation
# (PVH and Multiboot modules on x86_64, the device tree's /chosen on
# arm64), and is kept out of the page allocator.
. "$top_srcdir/tests/guest/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-initrd.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
# 300 KiB and a few bytes: not a whole number of pages.
i=0
while [ $i -lt 3000 ]; do
	printf 'line %06d of the libuk initrd test, padded to a hundred bytes...........................\n' $i
	i=$((i + 1))
done >"$tmp/initrd"
printf 'tail' >>"$tmp/initrd"
size=$(wc -c <"$tmp/initrd" | tr -d ' ')
want=$(cksum <"$tmp/initrd" | cut -d' ' -f1)

imgs=$G/initrd-pvh
[ "${UK_ARCH:-x86_64}" = x86_64 ] && imgs="$imgs $G/initrd-multiboot"
for img in $imgs; do
	boot "$img" -i "$tmp/initrd"
	expect_status "$(basename "$img"): the guest sees an initrd" 0
	expect_console "$(basename "$img"): its length and contents are the file's" \
		"^initrd: $size bytes, cksum $want, reserved\$"
done
boot "$G/initrd-pvh"
expect_status "without -initrd the boot description has none" 1
expect_console "and says so" '^initrd: none$'
tap_done
