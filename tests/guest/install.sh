#!/bin/sh
# tests/guest/install.sh - the documented recipe against an installed tree:
# `make install DESTDIR=...`, then compile hello with
# `pkg-config --cflags libuk`, link with
# `gcc -nostdlib -T uk-kvm.ld hello.o -luk` (plus -L for the prefix, which is
# not a default search directory here) and boot the result; the same with
# `pkg-config --libs libuk` and with uk-gcc (-T picking each variant); the
# tools' --help and manual pages.
. "$top_srcdir/tests/guest/lib.sh"

dest=$(mktemp -d "${TMPDIR:-/tmp}/uk-install.XXXXXX") || exit 99
trap 'rm -rf "$dest"' EXIT
if ! ${MAKE:-make} -C "$top_builddir" install DESTDIR="$dest" >"$dest/install.log" 2>&1; then
	out=$(cat "$dest/install.log")
	not_ok "make install DESTDIR=..."
	tap_done
	exit 0
fi
ok "make install DESTDIR=..."

pcfile=$(find "$dest" -name libuk.pc | head -n 1)
libdir=$(dirname "$(dirname "$pcfile")")
prefix=$(dirname "$libdir")
case ${UK_ARCH:-x86_64} in
arm64) scripts="uk-kvm.ld uk-kvm-image.ld" ;;
*) scripts="uk-kvm.ld uk-kvm-pvh.ld uk-kvm-multiboot.ld uk-kvm-linux.ld" ;;
esac
# boot_as VARIANT IMAGE [ukrun options]: QEMU boots the Linux-protocol
# variant only through the test loader (lib.sh's boot_linux).
boot_as() {
	case $1 in
	*linux*) shift; boot_linux "$@" ;;
	*) shift; boot "$@" ;;
	esac
}

for f in libuk.a libukboot.a libukbase.a libukalloc.a libukplatkvm.a libukpaging.a $scripts; do
	if [ -f "$libdir/$f" ]; then ok "installed $f"; else out=$(find "$dest"); not_ok "installed $f"; fi
done

cflags=$(PKG_CONFIG_PATH=$(dirname "$pcfile") pkg-config --define-variable=prefix="$prefix" --cflags libuk)
out=$(cd "$dest" && ${CC:-gcc} $cflags -c "$top_srcdir/examples/hello/hello.c" -o hello.o 2>&1)
if [ $? = 0 ]; then ok "compile with pkg-config --cflags libuk ($cflags)"; else not_ok "compile with pkg-config --cflags"; fi
for variant in $scripts; do
	out=$(cd "$dest" && ${CC:-gcc} -nostdlib -T "$variant" hello.o -luk -L"$libdir" -o "hello-$variant" 2>&1)
	if [ $? = 0 ] && [ -z "$out" ]; then
		ok "link with -T $variant -luk, no warnings"
	else
		not_ok "link with -T $variant -luk, no warnings"
	fi
	boot_as "$variant" "$dest/hello-$variant" -c "-- installed"
	expect_status "installed-tree image ($variant) exits 0" 0
	expect_console "installed-tree image ($variant) runs main" '^argv\[1\] = "installed"$'
done

# pkg-config --libs: the default script, or a variant through the ldscript
# variable.
pc() { PKG_CONFIG_PATH=$(dirname "$pcfile") pkg-config --define-variable=prefix="$prefix" "$@" libuk; }
for variant in $(pc --variable=ldscripts); do
	libs=$(pc --define-variable=ldscript="$variant" --libs)
	out=$(cd "$dest" && ${CC:-gcc} hello.o $libs -o "hello-pc-$variant" 2>&1)
	if [ $? = 0 ] && [ -z "$out" ]; then ok "link with pkg-config --libs ($variant)"; else not_ok "link with pkg-config --libs ($variant)"; fi
	boot_as "$variant" "$dest/hello-pc-$variant" -c "-- pc"
	expect_console "pkg-config-linked image ($variant) runs main" '^argv\[1\] = "pc"$'
done

# uk-gcc: compile and link in one step (libuk's paths under the DESTDIR).
out=$(cd "$dest" && UK_SYSROOT=$dest "$prefix/bin/uk-gcc" -O2 \
	"$top_srcdir/tests/guest/musl_hello.c" -o musl-hello 2>&1)
if [ $? = 0 ] && [ -z "$out" ]; then ok "uk-gcc app.c -o app"; else not_ok "uk-gcc app.c -o app"; fi
boot "$dest/musl-hello" -c "-- from uk-gcc"
expect_status "uk-gcc image exits 0" 0
expect_console "uk-gcc image prints with musl's printf" '^hello from musl: 3 args, pi=3\.14159$'
# -T picks the boot protocol: a Multiboot 1 header (magic 0x1badb002) in
# the image's first 8 KiB only in the multiboot variant.
has_multiboot() { od -An -tx4 -N8192 -v "$1" | tr -s ' ' '\n' | grep -qx 1badb002; }
for variant in $scripts; do
	out=$(cd "$dest" && UK_SYSROOT=$dest "$prefix/bin/uk-gcc" -T "$variant" \
		"$top_srcdir/examples/hello/hello.c" -o "ukgcc-$variant" 2>&1)
	if [ $? = 0 ] && [ -z "$out" ]; then ok "uk-gcc -T $variant"; else not_ok "uk-gcc -T $variant"; fi
	case $variant in
	*multiboot*) want=yes ;;
	*) want=no ;;
	esac
	if has_multiboot "$dest/ukgcc-$variant"; then got=yes; else got=no; fi
	if [ "$got" = "$want" ]; then ok "uk-gcc -T $variant: Multiboot header: $want"; else out=; not_ok "uk-gcc -T $variant: Multiboot header: $got, expected $want"; fi
	boot_as "$variant" "$dest/ukgcc-$variant" -c "-- T"
	expect_console "uk-gcc -T $variant image runs main" '^argv\[1\] = "T"$'
done

# The tools' --help and manual pages.
for tool in uk-gcc ukrun; do
	out=$(UK_SYSROOT=$dest "$prefix/bin/$tool" --help 2>&1)
	if [ $? = 0 ] && printf '%s\n' "$out" | grep -q "^usage: $tool"; then ok "$tool --help"; else not_ok "$tool --help"; fi
	if [ -f "$prefix/share/man/man1/$tool.1" ]; then ok "$tool.1 installed"; else out=$(find "$dest"); not_ok "$tool.1 installed"; fi
done
if [ -f "$prefix/share/man/man7/libuk.7" ]; then ok "libuk.7 installed"; else not_ok "libuk.7 installed"; fi
if [ -x "$prefix/libexec/libuk/ukpack" ]; then ok "ukpack installed for ukrun"; else out=$(find "$dest"); not_ok "ukpack installed for ukrun"; fi
tap_done
