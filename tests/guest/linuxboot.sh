#!/bin/sh
# tests/guest/linuxboot.sh - images linked with uk-kvm-linux.ld boot
# through the Linux 64-bit boot protocol: the test loader (PVH, QEMU
# -kernel) copies the image QEMU's generic loader put at 64 MiB, builds
# boot_params at 0x7000 as Firecracker does and enters e_entry with RSI
# pointing at it. The command line, an initrd and a zero page without the
# "HdrS" magic each take one boot; one more on -M pc with two CPUs, where
# the ACPI tables are found and the second CPU starts in the page the
# zero page was in (so nothing may still be read from it).
. "$top_srcdir/tests/guest/lib.sh"
only_on x86_64

# No PVH note and no Multiboot header: QEMU -kernel refuses the image.
boot "$G/hello-linux"
expect_status "QEMU cannot boot the image itself (ukrun: QEMU error)" 99
expect_no_console "so it never runs without the loader" '^Hello from libuk!$'

boot_linux "$G/hello-linux" -c "uk.loglevel=info -- hello world"
expect_status "hello (Linux boot protocol) exits 0" 0
expect_console "the loader entered the image's e_entry" \
	'^linuxboot: entering 0x0*1[0-9a-f]{5} with boot_params at 0x7000$'
expect_console "libuk says it was booted via linux" 'uk: booted via linux,'
expect_console "hello greets" '^Hello from libuk!$'
expect_console "argv[1] from the zero page's command line" '^argv\[1\] = "hello"$'
expect_console "argv[2] from the zero page's command line" '^argv\[2\] = "world"$'

boot_linux "$G/hello-linux" -M pc -n 2 -c "uk.loglevel=info -- pc"
expect_status "hello on -M pc with 2 CPUs exits 0" 0
expect_console "both CPUs start (ACPI MADT found, page 0x7000 reused)" \
	'uk: smp: 2 of 2 CPUs online'
expect_console "argv survives the zero page's reuse" '^argv\[1\] = "pc"$'

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-linuxboot.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt 300 ]; do
	printf 'line %06d of the initrd handed over in boot_params\n' $i
	i=$((i + 1))
done >"$tmp/initrd"
size=$(wc -c <"$tmp/initrd" | tr -d ' ')
want=$(cksum <"$tmp/initrd" | cut -d' ' -f1)
boot_linux "$G/initrd-linux" -i "$tmp/initrd"
expect_status "initrd-linux sees the ramdisk of boot_params" 0
expect_console "its length and contents are the file's" \
	"^initrd: $size bytes, cksum $want, reserved\$"

boot_linux "$G/hello-linux" -c "ldr.nomagic -- hello"
expect_status "a zero page without \"HdrS\" stops the boot (UK_EXIT_BOOTINFO)" 115
expect_console "with one line naming the problem" \
	'unusable boot information: Linux boot_params has no "HdrS" setup header magic'
expect_no_console "and the application never runs" '^Hello from libuk!$'
tap_done
