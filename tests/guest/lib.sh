# tests/guest/lib.sh - shared by the guest test scripts (sourced).
#
# A script boots images with the build tree's ukrun and reports TAP. Guests
# that print TAP themselves are passed through with run_tap_guest; the other
# checks (exit statuses, console lines) are numbered by the script.

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
top_builddir=$(cd "$top_builddir" && pwd)
top_srcdir=$(cd "$top_srcdir" && pwd)
UKRUN=$top_builddir/tools/ukrun
UKRUN_PROBE_IMAGE=$top_builddir/tools/kvmprobe
UKRUN_STATE_DIR=$top_builddir/tests/guest/.ukrun-state
export UKRUN_PROBE_IMAGE UKRUN_STATE_DIR
G=$top_builddir/tests/guest

tap_n=0

if [ -z "${UK_QEMU:-}" ]; then
	echo "1..0 # SKIP QEMU for ${UK_ARCH:-this architecture} not found"
	exit 0
fi

# only_on ARCH: skip the whole script on other architectures.
only_on() {
	if [ "${UK_ARCH:-x86_64}" != "$1" ]; then
		echo "1..0 # SKIP $1 only"
		exit 0
	fi
}

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $*"
	show_console
}

tap_done() {
	echo "1..$tap_n"
}

show_console() {
	printf '%s\n' "$out" | sed 's/^/# | /'
}

# boot IMAGE [ukrun options]: sets $out (console and ukrun's messages) and
# $status. Runs quiet (-q) so that only the guest's console is captured.
boot() {
	img=$1
	shift
	out=$("$UKRUN" -q -t "${GUEST_TIMEOUT:-120}" "$@" "$img" 2>&1)
	status=$?
}

# boot_linux IMAGE [ukrun options]: boot an image linked with
# uk-kvm-linux.ld the way a Firecracker-style VMM would, through the test
# loader (linuxboot_loader.c): QEMU boots the loader, and its generic
# loader puts IMAGE, raw, at 64 MiB (so the guest gets 128 MiB). Sets $out
# and $status like boot.
boot_linux() {
	img=$1
	shift
	out=$("$UKRUN" -q -t "${GUEST_TIMEOUT:-120}" -m 128M "$@" "$G/linuxboot_loader" -- \
		-device "loader,file=$img,addr=0x4000000,force-raw=on" 2>&1)
	status=$?
}

# expect_status DESCRIPTION STATUS
expect_status() {
	if [ "$status" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1 (exit status $status, expected $2)"
	fi
}

# expect_console DESCRIPTION PATTERN (grep -E on the console)
expect_console() {
	if printf '%s\n' "$out" | grep -Eq -- "$2"; then
		ok "$1"
	else
		not_ok "$1 (console lacks /$2/)"
	fi
}

# expect_no_console DESCRIPTION PATTERN: the console must NOT match.
expect_no_console() {
	if printf '%s\n' "$out" | grep -Eq -- "$2"; then
		not_ok "$1 (console has /$2/)"
	else
		ok "$1"
	fi
}

# run_tap_guest IMAGE [ukrun options]: the guest's console is the TAP
# stream; a non-zero status or a missing plan fails the test.
run_tap_guest() {
	boot "$@"
	printf '%s\n' "$out"
	if [ "$status" != 0 ]; then
		echo "Bail out! guest $1 exited with status $status"
		exit 1
	fi
}

# relay_guest_tap LABEL: after boot, the guest's own TAP lines in $out
# become this script's (renumbered, prefixed with LABEL), and one more
# check says the guest exited 0 after as many results as its plan named.
relay_guest_tap() {
	lines=$(printf '%s\n' "$out" | grep -E '^(not )?ok ')
	while IFS= read -r line; do
		case $line in
		ok*) ok "$1: ${line#ok * - }" ;;
		not*) not_ok "$1: ${line#not ok * - }" ;;
		esac
	done <<LINES
$lines
LINES
	plan=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p')
	n=$(printf '%s\n' "$lines" | grep -c .)
	if [ "$status" = 0 ] && [ -n "$plan" ] && [ "$n" = "$plan" ]; then
		ok "$1: the guest ran all $plan checks and exited 0"
	else
		not_ok "$1: guest status $status, $n results, plan '${plan:-none}'"
	fi
}
