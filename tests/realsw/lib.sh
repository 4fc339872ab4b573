# tests/realsw/lib.sh - shared by the real-software tests (sourced).
#
# A real-software test fetches a Debian source package with `apt-get source`
# into a scratch directory under $top_builddir (removed at exit, never
# committed), builds the package's own self-checking test programs twice the
# way its authors build them, once with musl-gcc as static Linux programs
# (the reference) and once with libuk's uk-gcc as unikernel images, runs the
# first on the host and boots the second with ukrun, and checks that both
# give the same exit status and the same output. Only the serial console's
# CRs (ukrun drops them) and libuk's own "uk: " lines are normalised away.
#
# Skips (exit 0 with "1..0 # SKIP ...") when the source cannot be fetched
# (no deb-src entry, no network, no dpkg-source) or musl-gcc is missing;
# fails when the package builds but a guest result differs.

. "$top_srcdir/tests/guest/lib.sh"

# Guest runs are short (a few seconds under TCG); a hang should not cost
# the default two minutes per boot.
: "${GUEST_TIMEOUT:=90}"

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# realsw_begin NAME: makes the scratch directory $scratch and the clean
# environment the foreign builds run in.
realsw_begin() {
	mkdir -p "$top_builddir/tests/realsw" || exit 99
	scratch=$(mktemp -d "$top_builddir/tests/realsw/scratch-$1.XXXXXX") || exit 99
	if [ -n "${REALSW_KEEP:-}" ]; then
		echo "# keeping scratch directory $scratch"
	else
		trap 'rm -rf "$scratch"' EXIT
	fi
	trap 'exit 130' INT TERM HUP
	# The foreign builds get the environment their authors expect: no
	# flags from a packaging build, no jobserver or variable overrides
	# leaking in from our own make.
	unset CFLAGS CPPFLAGS LDFLAGS LIBS MAKEFLAGS MFLAGS MAKELEVEL \
		MAKEOVERRIDES GNUMAKEFLAGS
}

# fetch_source PKG: unpacks Debian's source package PKG in $scratch/src and
# sets $srcdir to the unpacked tree; skips the test when it cannot.
fetch_source() {
	command -v apt-get >/dev/null 2>&1 ||
		skip_all "$1 source not available (apt-get not found)"
	command -v dpkg-source >/dev/null 2>&1 ||
		skip_all "$1 source not available (dpkg-source not found: install dpkg-dev)"
	command -v musl-gcc >/dev/null 2>&1 ||
		skip_all "musl-gcc not found (install musl-tools): no Linux reference to compare with"
	mkdir "$scratch/src" || exit 99
	if ! (cd "$scratch/src" && timeout 300 apt-get source "$1") \
		>"$scratch/apt.log" 2>&1; then
		if grep -q "deb-src" "$scratch/apt.log"; then
			skip_all "$1 source not available (needs a deb-src entry)"
		fi
		why=$(grep '^E:' "$scratch/apt.log" | tail -n 1)
		skip_all "$1 source not available (apt-get source failed: ${why:-no error line})"
	fi
	srcdir=
	for d in "$scratch/src/$1"-*; do
		[ -d "$d" ] && srcdir=$d
	done
	[ -n "$srcdir" ] || skip_all "$1 source not available (apt-get source unpacked nothing)"
	ok "apt-get source $1 ($(basename "$srcdir"))"
}

# install_libuk: `make install DESTDIR=$scratch/dest` (as
# tests/guest/install.sh does), then exports UK_SYSROOT and sets $UKGCC, the
# build tree's uk-gcc, whose paths then point into the scratch install.
install_libuk() {
	if ! ${MAKE:-make} -C "$top_builddir" install DESTDIR="$scratch/dest" \
		>"$scratch/install.log" 2>&1; then
		out=$(tail -n 30 "$scratch/install.log")
		not_ok "make install DESTDIR=<scratch>"
		echo "Bail out! cannot install libuk into the scratch directory"
		exit 99
	fi
	ok "libuk installed into the scratch directory (make install DESTDIR=...)"
	UK_SYSROOT=$scratch/dest
	export UK_SYSROOT
	UKGCC=$top_builddir/tools/uk-gcc
}

# build DESCRIPTION LOG COMMAND...: runs COMMAND (in a subshell), output in
# LOG; one TAP line, with the log's tail on failure. Returns its status.
build() {
	desc=$1 log=$2
	shift 2
	if ("$@") >"$log" 2>&1; then
		ok "$desc"
		return 0
	fi
	out=$(tail -n 30 "$log")
	not_ok "$desc"
	return 1
}

# run_linux DIR PROGRAM [ARGS...]: runs a Linux reference program in DIR
# (stdin from /dev/null, stdout and stderr together); sets $lstatus and
# leaves the output in $DIR/linux.out.
run_linux() {
	dir=$1
	shift
	(cd "$dir" && timeout 120 "$@") </dev/null >"$dir/linux.out" 2>&1
	lstatus=$?
}

# compare_guest NAME DIR LINUXOUT [TODO]: compares the last boot ($out,
# $status) with the Linux reference run ($lstatus, LINUXOUT). Two TAP lines:
# exit status and output. TODO, when given, marks both as expected
# failures (for a gap the caller has identified exactly).
compare_guest() {
	name=$1 dir=$2 lout=$3 todo=${4:+ # TODO $4}
	printf '%s\n' "$out" | tr -d '\r' | grep -v '^uk: ' >"$dir/guest.out"
	ref=$(cat "$lout")
	printf '%s\n' "$ref" >"$dir/linux.norm"
	if [ "$status" = "$lstatus" ]; then
		ok "$name: guest exit status $status, as on Linux$todo"
	else
		tap_n=$((tap_n + 1))
		echo "not ok $tap_n - $name: guest exit status $status, Linux $lstatus$todo"
		echo "# console (last 40 lines):"
		printf '%s\n' "$out" | tail -n 40 | sed 's/^/# | /'
	fi
	if diff -u "$dir/linux.norm" "$dir/guest.out" >"$dir/diff" 2>&1; then
		ok "$name: guest output identical to Linux's ($(wc -l <"$dir/guest.out") lines)$todo"
	else
		tap_n=$((tap_n + 1))
		echo "not ok $tap_n - $name: guest output differs from Linux's$todo"
		head -n 100 "$dir/diff" | sed 's/^/# /'
		[ "$(wc -l <"$dir/diff")" -le 100 ] || echo "# (diff truncated at 100 lines)"
	fi
}
