#!/bin/sh
# tests/guest/install.sh - the documented recipe against an installed tree:
# `make install DESTDIR=...`, then compile hello with
# `pkg-config --cflags libuk`, link with
# `gcc -nostdlib -T uk-kvm.ld hello.o -luk` (plus -L for the prefix, which is
# not a default search directory here) and boot the result.
. "$top_srcdir/tests/guest/lib.sh"

dest=$(mktemp -d "${TMPDIR:-/tmp}/uk-install.XXXXXX") || exit 99
trap 'rm -rf "$dest"' EXIT
if ! ${MAKE:-make} -C "$top_builddir" install DESTDIR="$dest" >"$dest/install.log" 2>&1; then
	out=$(cat "$dest/install.log")
	not_ok "make install DESTDIR=..."
	
# uk-gcc: compile and link in one step (libuk's paths under the DESTDIR).
out=$(cd "$dest" && UK_SYSROOT=$dest "$prefix/bin/uk-gcc" -O2 \
	"$top_srcdir/tests/guest/musl_hello.c" -o musl-hello 2>&1)
if [ $? = 0 ] && [ -z "$out" ]; then ok "uk-gcc app.c -o app"; else not_ok "uk-gcc app.c -o app"; fi
boot "$dest/musl-hello" -c "-- from uk-gcc"
expect_status "uk-gcc image exits 0" 0
expect_console "uk-gcc image prints with musl's printf" '^hello from musl: 3 args, pi=3\.14159$'
tap_done
	exit 0
fi
ok "make install DESTDIR=..."

pcfile=$(find "$dest" -name libuk.pc | head -n 1)
libdir=$(dirname "$(dirname "$pcfile")")
prefix=$(dirname "$libdir")
case ${UK_ARCH:-x86_64} in
arm64) scripts="uk-kvm.ld uk-kvm-image.ld" ;;
*) scripts="uk-kvm.ld uk-kvm-pvh.ld uk-kvm-multiboot.ld" ;;
esac
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
	boot "$dest/hello-$variant" -c "-- installed"
	expect_status "installed-tree image ($variant) exits 0" 0
	expect_console "installed-tree image ($variant) runs main" '^argv\[1\] = "installed"$'
done

# uk-gcc: compile and link in one step (libuk's paths under the DESTDIR).
out=$(cd "$dest" && UK_SYSROOT=$dest "$prefix/bin/uk-gcc" -O2 \
	"$top_srcdir/tests/guest/musl_hello.c" -o musl-hello 2>&1)
if [ $? = 0 ] && [ -z "$out" ]; then ok "uk-gcc app.c -o app"; else not_ok "uk-gcc app.c -o app"; fi
boot "$dest/musl-hello" -c "-- from uk-gcc"
expect_status "uk-gcc image exits 0" 0
expect_console "uk-gcc image prints with musl's printf" '^hello from musl: 3 args, pi=3\.14159$'
tap_done
