#!/bin/sh
# tests/guest/initrd_fs.sh - cpio newc initrds unpacked into the root
# (initrd_fs.c checks the tree), and corrupt archives refused at boot with
# the offset and the problem (status 115) before main runs.
. "$top_srcdir/tests/guest/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-cpio.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
mk() { perl "$top_srcdir/tests/guest/mkcpio.pl" "$@"; }

cat >"$tmp/spec" <<'SPEC'
d . 755 0 0 0 1 2
d etc 755 0 0 0 2 2
f etc/hostname 644 0 0 1700000000 3 1 libuk-initrd\n
d ./bin 755 0 0 0 4 2
f ./bin/tool 4755 1000 100 0 5 1 #!tool\n
l bin/link 777 0 0 0 6 1 tool
f deep/a/b/c/file 600 0 0 0 7 1 x
f h1 644 0 0 0 8 2
f h2 644 0 0 0 8 2 shared\n
c dev2/null 666 0 0 0 9 1 1,3
p fifo 644 0 0 0 10 1
f empty 644 0 0 0 11 1
f private/secret 600 0 0 0 12 1 s
d private 700 0 0 0 13 2
SPEC

mk <"$tmp/spec" >"$tmp/good.cpio"
boot "$G/initrd_fs-pvh" -i "$tmp/good.cpio"
relay_guest_tap "newc"
mk -crc <"$tmp/spec" >"$tmp/crc.cpio"
boot "$G/initrd_fs-pvh" -i "$tmp/crc.cpio"
relay_guest_tap "newc with checksums"

# corrupt ARCHIVE "OFFSET: PROBLEM" PATTERN, DESCRIPTION
corrupt() {
	boot "$G/initrd_fs-pvh" -i "$1"
	expect_status "$3: the boot stops (status 115)" 115
	expect_console "$3: the console names the offset and the problem" \
		"^uk: initrd: corrupt cpio archive at offset $2"
	expect_no_console "$3: main never ran" '^ok '
}
size=$(wc -c <"$tmp/good.cpio" | tr -d ' ')
head -c $((size - 200)) "$tmp/good.cpio" >"$tmp/trunc.cpio"
corrupt "$tmp/trunc.cpio" '[0-9]+: (truncated header|file data runs past|archive ends|name runs past)' \
	"a truncated archive"
# The second member's magic (at offset 112: header 110 + "." NUL) spoilt.
perl -e 'local $/; $_ = <STDIN>; substr($_, 112, 6) = "123456"; print' \
	<"$tmp/good.cpio" >"$tmp/magic.cpio"
corrupt "$tmp/magic.cpio" '112: bad magic' "a bad magic in the second member"
perl -e 'local $/; $_ = <STDIN>; substr($_, 112 + 14, 1) = "z"; print' \
	<"$tmp/good.cpio" >"$tmp/hex.cpio"
corrupt "$tmp/hex.cpio" '112: header field is not hexadecimal' \
	"a header field that is not hexadecimal"
perl -e 'local $/; $_ = <STDIN>; s/libuk-initrd/libuk-INITRD/; print' \
	<"$tmp/crc.cpio" >"$tmp/sum.cpio"
corrupt "$tmp/sum.cpio" '[0-9]+: file data does not match its checksum' \
	"file data changed under its checksum"

# Not an archive at all: left alone, the boot goes on (initrd.sh reads it raw).
printf 'just some bytes\n' >"$tmp/raw"
boot "$G/initrd_fs-pvh" -i "$tmp/raw"
expect_console "a raw initrd is not unpacked: main runs" '^ok 1|^not ok 1'
tap_done
