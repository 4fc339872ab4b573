#!/bin/sh
# tests/realsw/utf8proc.sh - real software: utf8proc's own self-checking
# test programs, built from Debian's source package with utf8proc's plain
# Makefile (no configure step), booted as unikernels and compared with the
# same programs as static musl programs on Linux.
#
# utf8proc's `make check` runs eleven programs; two of them read Unicode
# data files that its Makefile downloads (normtest, graphemetest) and one
# reads two more (iscase), so this test runs the others, which check the
# library against tables compiled into them, in memory: charwidth, misc,
# valid, iterate, case, custom. Each stops with exit status 1 at its first
# failed check. Built with each program's own Makefile target:
#   make CC=musl-gcc LDFLAGS=-static test/charwidth ...
#   make CC=uk-gcc test/charwidth ...
# (charwidth and case also compare with the C library's wcwidth/towupper,
# so they exercise musl's wide-character tables in the guest too).
#
# SKIP when the source cannot be fetched (no deb-src entry: see
# tests/realsw/lib.sh); set REALSW_KEEP=1 to keep the scratch directory.
set -u
. "$top_srcdir/tests/realsw/lib.sh"

progs="charwidth misc valid iterate case custom"
targets=
for p in $progs; do targets="$targets test/$p"; done

realsw_begin utf8proc
fetch_source utf8proc
install_libuk

ldir=$scratch/linux
gdir=$scratch/uk
cp -R "$srcdir" "$ldir" && cp -R "$srcdir" "$gdir" || exit 99

build "Linux reference: make CC=musl-gcc LDFLAGS=-static$targets" "$ldir/build.log" \
	eval 'cd "$ldir" && make CC=musl-gcc LDFLAGS=-static $targets' || { tap_done; exit 0; }
build "make CC=uk-gcc$targets" "$gdir/build.log" \
	eval 'cd "$gdir" && make CC="$UKGCC" $targets' || { tap_done; exit 0; }

for p in $progs; do
	mkdir "$ldir/$p.run" "$gdir/$p.run" || exit 99
	run_linux "$ldir/$p.run" "$ldir/test/$p"
	if [ "$lstatus" != 0 ]; then
		out=$(tail -n 40 "$ldir/$p.run/linux.out")
		not_ok "Linux reference: test/$p exits 0 (status $lstatus)"
		continue
	fi
	boot "$gdir/test/$p"
	compare_guest "test/$p" "$gdir/$p.run" "$ldir/$p.run/linux.out"
done
tap_done
