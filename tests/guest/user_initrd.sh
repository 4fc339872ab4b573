#!/bin/sh
# tests/guest/user_initrd.sh - an initrd that carries its own user database
# (several users, a group of 201 members): user_initrd.c checks that musl
# sees exactly the initrd's files; an initrd with /etc/passwd only gets the
# default /etc/group next to it.
. "$top_srcdir/tests/guest/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-user.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
mk() { perl "$top_srcdir/tests/guest/mkcpio.pl" "$@"; }

passwd='root:x:0:0:Super User:/root:/bin/ash\n'
passwd=$passwd'daemon:x:1:1:daemon:/usr/sbin:/sbin/nologin\n'
passwd=$passwd'alice:x:1000:1000:Alice Liddell,,,:/home/alice:/bin/sh\n'
passwd=$passwd'bob:x:1001:1001:Bob:/home/bob:/bin/sh\n'
passwd=$passwd'carol:x:1002:100:Carol:/home/carol:/bin/false\n'
members=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "u%03d,", i; printf "alice" }')
group='root:x:0:\ndaemon:x:1:\nwheel:x:10:alice,bob\nusers:x:100:alice,bob,carol\n'
group=$group'alice:x:1000:\nbob:x:1001:\nbig:x:2000:'$members'\n'

cat >"$tmp/full" <<SPEC
d . 755 0 0 0 1 2
d etc 755 0 0 0 2 2
f etc/passwd 644 0 0 0 3 1 $passwd
f etc/group 644 0 0 0 4 1 $group
SPEC
mk <"$tmp/full" >"$tmp/full.cpio"
boot "$G/user_initrd-pvh" -i "$tmp/full.cpio" -c "uk.loglevel=info --"
relay_guest_tap "initrd database"
expect_console "initrd database: the boot log says the files came from the initrd" \
	"users: /etc/passwd comes from the initrd"

cat >"$tmp/passwd" <<SPEC
f etc/passwd 644 0 0 0 3 1 $passwd
SPEC
mk <"$tmp/passwd" >"$tmp/passwd.cpio"
boot "$G/user_initrd-pvh" -i "$tmp/passwd.cpio" -c "uk.loglevel=info -- passwd-only"
relay_guest_tap "initrd /etc/passwd only"
expect_console "initrd /etc/passwd only: the default /etc/group is written" \
	"users: /etc/group holds the default entry"
tap_done
