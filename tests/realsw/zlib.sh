#!/bin/sh
# tests/realsw/zlib.sh - real software: zlib's own self-checking test
# program `example` (what zlib's `make test` runs), built from Debian's
# source package the way zlib's authors build it, booted as a unikernel and
# compared with the same program as a static musl program on Linux.
#
# Each configuration is built twice from copies of one tree:
#   CC=musl-gcc LDFLAGS=-static ./configure --static ...; make example
#   CC=uk-gcc ./configure --static ...; make example
# and `example tmpst` must give the same exit status and output in the guest
# as on the host (tmpst: the file name zlib's `make test` passes).
#   --static          the default library; its test_gzio writes and reads
#                     back a .gz file, so the guest needs a writable file
#                     system. While libuk has none (open is not
#                     implemented), exactly that failure is reported as
#                     TODO (expected failure); any other difference fails.
#   --static --solo   zlib's own configuration without the gz* file
#                     functions: the whole self-test runs in memory
#                     (deflate/inflate, large buffers, flush, sync,
#                     dictionaries) and must match exactly.
#
# SKIP when the source cannot be fetched (no deb-src entry: see
# tests/realsw/lib.sh); set REALSW_KEEP=1 to keep the scratch directory.
set -u
. "$top_srcdir/tests/realsw/lib.sh"

realsw_begin zlib
fetch_source zlib
install_libuk

# zlib_config NAME "CONFIGURE-OPTIONS"
zlib_config() {
	name=$1 opts=$2
	ldir=$scratch/$name-linux
	gdir=$scratch/$name-uk
	cp -R "$srcdir" "$ldir" && cp -R "$srcdir" "$gdir" || exit 99

	if build "$name: Linux reference: CC=musl-gcc ./configure $opts; make example" \
		"$ldir/build.log" eval 'cd "$ldir" && CC=musl-gcc LDFLAGS=-static ./configure $opts && make example'; then
		run_linux "$ldir" ./example tmpst
		if [ "$lstatus" = 0 ]; then
			ok "$name: Linux reference: example exits 0"
		else
			out=$(tail -n 40 "$ldir/linux.out")
			not_ok "$name: Linux reference: example exits 0 (status $lstatus)"
			return
		fi
	else
		return
	fi

	build "$name: CC=uk-gcc ./configure $opts" "$gdir/configure.log" \
		eval 'cd "$gdir" && CC="$UKGCC" ./configure $opts' || return
	build "$name: make example (uk-gcc)" "$gdir/make.log" \
		eval 'cd "$gdir" && make example' || return

	boot "$gdir/example" -c "-- tmpst"
	todo=
	case " $opts " in
	*" --solo "*) ;;
	*)
		# test_gzio needs open(); while libuk has no file system, the
		# guest must match Linux up to its first gzopen and stop there.
		guest=$(printf '%s\n' "$out" | grep -v '^uk: ')
		n=$(printf '%s\n' "$guest" | wc -l)
		if [ "$status" = 1 ] &&
			[ "$(printf '%s\n' "$guest" | tail -n 1)" = "gzopen error" ] &&
			printf '%s\n' "$out" | grep -Eq '^uk: .*system call (open|openat) .*not implemented' &&
			[ "$(printf '%s\n' "$guest" | head -n $((n - 1)))" = "$(head -n $((n - 1)) "$ldir/linux.out")" ]; then
			todo="test_gzio needs a writable file system (libuk: open not implemented yet)"
		fi ;;
	esac
	compare_guest "$name: example" "$gdir" "$ldir/linux.out" "$todo"
}

zlib_config static "--static"
zlib_config solo "--static --solo"
tap_done
