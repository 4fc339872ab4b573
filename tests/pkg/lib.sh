# tests/pkg/lib.sh - shared by the packaging tests (sourced): TAP helpers,
# a scratch directory, and the distribution tarball they start from.
#
# UK_DIST_TARBALL names make dist's tarball (make check-packages makes it
# once for all the tests); without it a test runs make dist itself.

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
top_builddir=$(cd "$top_builddir" && pwd)
top_srcdir=$(cd "$top_srcdir" && pwd)
tap_n=0
out=

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() {
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $*"
	[ -n "$out" ] && printf '%s\n' "$out" | tail -n 40 | sed 's/^/# | /'
	return 0
}
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
tap_done() { echo "1..$tap_n"; }
# bail DESCRIPTION: a step everything after it needs failed.
bail() { not_ok "$1"; tap_done; exit 1; }
# check DESCRIPTION COMMAND...: ok when COMMAND succeeds ($out: its output).
check() {
	desc=$1
	shift
	out=$("$@" 2>&1)
	if [ $? = 0 ]; then ok "$desc"; return 0; fi
	not_ok "$desc"
	return 1
}

# pkg_begin NAME: makes $scratch (removed at exit unless UK_PKG_KEEP is set).
pkg_begin() {
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/uk-pkg-$1.XXXXXX") || exit 99
	if [ -n "${UK_PKG_KEEP:-}" ]; then
		echo "# keeping $scratch"
	else
		trap 'rm -rf "$scratch"' EXIT
	fi
	trap 'exit 130' INT TERM HUP
	# Package builds set their own flags.
	unset CFLAGS CPPFLAGS LDFLAGS LIBS MAKEFLAGS MFLAGS MAKELEVEL \
		MAKEOVERRIDES GNUMAKEFLAGS DESTDIR
}

# dist_tarball: sets $tarball to make dist's tarball.
dist_tarball() {
	if [ -n "${UK_DIST_TARBALL:-}" ] && [ -f "$UK_DIST_TARBALL" ]; then
		tarball=$UK_DIST_TARBALL
		return
	fi
	out=$(${MAKE:-make} -C "$top_builddir" dist 2>&1) || bail "make dist"
	tarball=$(ls -t "$top_builddir"/libuk-*.tar.xz 2>/dev/null | head -n 1)
	[ -f "$tarball" ] || bail "make dist made no libuk-*.tar.xz"
}

# unpack_dist DIR: the tarball unpacked in DIR; sets $src to its tree.
unpack_dist() {
	mkdir -p "$1" && tar -xJf "$tarball" -C "$1" || bail "unpack $tarball"
	src=$(ls -d "$1"/libuk-*/ | head -n 1)
	src=${src%/}
}
