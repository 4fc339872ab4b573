#!/bin/sh
# tests/wx-configure.sh - the W^X option of configure (m4/uk_wx.m4):
# --disable-wx is accepted and turns enforcement off in the kernel flags
# (-DUK_WX_ENFORCE=0), and a value other than yes/no stops configure with
# a message naming it. (The default, on, is what tests/guest/wx.sh checks
# in the build under test.) configure runs in a
# scratch directory holding only what it reads, so the source tree (which
# may be configured in place) stays untouched.
set -u
: "${top_srcdir:=.}"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; sed 's/^/# | /' "$tmp/log"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-wxcfg.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/lib/ukboot"
cp "$top_srcdir/configure" "$top_srcdir/Makefile.in" \
	"$top_srcdir/libuk.pc.in" "$tmp/src/" &&
	cp -R "$top_srcdir/build-aux" "$tmp/src/" &&
	cp "$top_srcdir/lib/ukboot/boot.c" "$tmp/src/lib/ukboot/" || exit 99
chmod -R u+w "$tmp/src"

# run NAME ARGS...: configure in $tmp/NAME; the status is configure's.
run() {
	name=$1
	shift
	mkdir -p "$tmp/$name"
	# The configuration under test (a cross build sets CC for its host).
	(cd "$tmp/$name" && "$tmp/src/configure" -C --cache-file="$tmp/cache" \
		${UK_HOST:+--host="$UK_HOST"} "$@") >"$tmp/log" 2>&1
}
flags() {
	sed -n 's/^UK_KERNEL_CFLAGS = //p' "$tmp/$1/Makefile"
}

if run off --disable-wx && flags off | grep -q -- '-DUK_WX_ENFORCE=0'; then
	ok "--disable-wx: configure succeeds, kernel flags say UK_WX_ENFORCE=0"
else
	not_ok "--disable-wx: configure succeeds, kernel flags say UK_WX_ENFORCE=0"
fi
if ! run bad --enable-wx=sometimes &&
	grep -q "not 'sometimes'" "$tmp/log"; then
	ok "--enable-wx=sometimes: configure stops and names the value"
else
	not_ok "--enable-wx=sometimes: configure stops and names the value"
fi
echo "1..$n"
