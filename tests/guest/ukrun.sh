#!/bin/sh
# tests/guest/ukrun.sh - ukrun's options: help and version, kernel and
# application arguments (-k, -A), CPUs (-n), read-only directory shares
# packed into the initrd (-d; read-write refused with status 98), port
# forwards (-p: the host ports listen while the guest runs), --dry-run, and
# --gdb with a real debugger stopping at main with its source line.
. "$top_srcdir/tests/guest/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-ukrun.XXXXXX") || exit 99
bgpid=
trap '[ -n "$bgpid" ] && kill "$bgpid" 2>/dev/null; rm -rf "$tmp"' EXIT
LS=$G/lstree-pvh

# run_ukrun ARGS...: ukrun without booting through boot() (no -q/-t added).
run_ukrun() {
	out=$("$UKRUN" "$@" 2>&1)
	status=$?
}

run_ukrun --help
expect_status "--help exits 0" 0
expect_console "--help shows the usage" '^usage: ukrun \[options\] IMAGE'
expect_console "--help names every option" '--share HOSTDIR:GUESTPATH.*' 
run_ukrun -V
expect_console "-V prints the version" '^ukrun [0-9]+\.[0-9]+'
run_ukrun --no-such-option "$LS"
expect_status "an unknown option is a usage error (99)" 99

# Arguments: -k adds libuk options, -A application words (quoted for the
# guest's parser), in the order given.
boot "$LS" -k uk.loglevel=warn -k "uk.env=UKTEST=it's here" -A /nosuch -A "/two words"
expect_status "-k/-A: the guest exits 0" 0
expect_console "-k reaches libuk (uk.env with a quote and a space)" "^UKTEST=it's here$"
expect_console "-A reaches argv" '^missing /nosuch$'
expect_console "-A keeps a word with a space whole" '^missing /two words$'
run_ukrun -q -c "-- x" -A y "$LS"
expect_status "-c with -A: refused (99)" 99

# CPUs: QEMU gets -smp; libuk runs on the boot CPU and the guest still
# boots and exits.
run_ukrun --dry-run -a tcg -n 2 -m 32M "$LS"
expect_console "--dry-run -n 2 -m 32M: QEMU gets -smp 2 and -m 32M" ' -m 32M -smp 2 '
boot "$LS" -n 2 -A /
expect_status "-n 2: the guest boots and exits 0" 0
run_ukrun -q -n zero "$LS"
expect_status "-n zero: refused (99)" 99

# Shares.
mkdir -p "$tmp/host/sub/deeper"
printf 'first line\nsecond\n' >"$tmp/host/notes.txt"
chmod 640 "$tmp/host/notes.txt"
printf 'deep\n' >"$tmp/host/sub/deeper/file"
ln -s notes.txt "$tmp/host/link"
boot "$LS" -d "$tmp/host:/mnt/data" -A /mnt
expect_status "-d HOSTDIR:/mnt/data: the guest exits 0" 0
expect_console "the mount point's parent exists" '^dir /mnt 755$'
expect_console "a shared file, with its mode and contents" '^file /mnt/data/notes.txt 640 18 "first line"$'
expect_console "a file two directories down" '^file /mnt/data/sub/deeper/file 644 5 "deep"$'
expect_console "a symbolic link stays a link" '^link /mnt/data/link -> notes.txt$'
boot "$LS" -d "$tmp/host:/:ro" -d "$tmp/host/sub:/srv/x:ro" -A /notes.txt -A /srv/x/deeper/file
expect_status "two shares, one at /: the guest exits 0" 0
expect_console "share at /: its entries land in /" '^file /notes.txt 640 18 "first line"$'
expect_console "second share: at its own path" '^file /srv/x/deeper/file 644 5 "deep"$'
printf 'd etc 755 0 0 0 1 2\nf etc/motd 644 0 0 0 2 1 from the initrd\\n\n' |
	perl "$top_srcdir/tests/guest/mkcpio.pl" >"$tmp/base.cpio"
boot "$LS" -i "$tmp/base.cpio" -d "$tmp/host/sub:/data" -A /etc/motd -A /data/deeper/file
expect_console "-i newc plus -d: the initrd's own files stay" '^file /etc/motd 644 16 "from the initrd"$'
expect_console "-i newc plus -d: the share is added" '^file /data/deeper/file 644 5 "deep"$'
printf 'raw bytes\n' >"$tmp/raw"
boot "$LS" -i "$tmp/raw" -d "$tmp/host:/data"
expect_status "-i raw plus -d: refused (99)" 99
expect_console "-i raw plus -d: the reason is given" 'not a cpio newc archive'
boot "$LS" -d "$tmp/host:/data:rw"
expect_status "a read-write share is refused with status 98" 98
expect_console "the refusal says why" "read-write sharing of '.*' is not available: libuk has no virtio file system driver yet"
boot "$LS" -d "$tmp/host:relative"
expect_status "a relative guest path is refused (99)" 99
boot "$LS" -d "$tmp/nosuch:/data"
expect_status "a missing host directory is refused (99)" 99

# Port forwards.
run_ukrun --dry-run -a tcg -p 8080:80 -p udp:5353:53 -p tcp:0.0.0.0:2222:22 "$LS"
expect_console "-p: user networking with every forward" \
	'-netdev user,id=uknet0,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=udp:127.0.0.1:5353-:53,hostfwd=tcp:0.0.0.0:2222-:22 '
expect_console "-p: a virtio-net device on the netdev" '-device virtio-net-(device|pci),netdev=uknet0'
run_ukrun -q -p 8080:99999 "$LS"
expect_status "-p with a bad port: refused (99)" 99
run_ukrun -q -p sctp:1:2 "$LS"
expect_status "-p with an unknown protocol: refused (99)" 99

# listening PROTO PORT: the host has a socket bound to 127.0.0.1:PORT
# (TCP: listening).
listening() {
	hex=$(printf '0100007F:%04X' "$2")
	case $1 in
	tcp) awk -v a="$hex" '$2 == a && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp ;;
	udp) awk -v a="$hex" '$2 == a { f = 1 } END { exit !f }' /proc/net/udp ;;
	esac
}
tport=$((20000 + $$ % 20000))
uport=$((tport + 1))
"$UKRUN" -q -t 8 -p "$tport:80" -p "udp:$uport:53" "$G/hang-pvh" >"$tmp/fwd.out" 2>&1 &
bgpid=$!
n=0
while [ $n -lt 60 ] && ! listening tcp "$tport"; do sleep 0.1; n=$((n + 1)); done
if listening tcp "$tport"; then ok "-p $tport:80: the host port listens while the guest runs"
else out=$(cat /proc/net/tcp); not_ok "-p $tport:80: the host port listens while the guest runs"; fi
if listening udp "$uport"; then ok "-p udp:$uport:53: the host UDP port is bound"
else out=$(cat /proc/net/udp); not_ok "-p udp:$uport:53: the host UDP port is bound"; fi
wait "$bgpid"
status=$?
bgpid=
expect_status "the forwarding guest ran until its timeout (124)" 124

# A debugger: --gdb waits before the first instruction; gdb (gdb-multiarch
# for a foreign architecture) loads the image's symbols, stops at main and
# shows its source line, and the guest then runs to its end.
img=$top_builddir/examples/hello/hello
run_ukrun --dry-run -a tcg --gdb=4321 "$img"
expect_console "--gdb=4321: QEMU waits for gdb on port 4321" ' -gdb tcp::4321 -S '
gdb=
case ${UK_ARCH:-x86_64}:$(uname -m) in
x86_64:x86_64|arm64:aarch64) command -v gdb >/dev/null 2>&1 && gdb=gdb ;;
esac
[ -z "$gdb" ] && command -v gdb-multiarch >/dev/null 2>&1 && gdb=gdb-multiarch
if [ -z "$gdb" ]; then
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP no gdb for ${UK_ARCH:-x86_64} images"
else
	gport=$((tport + 2))
	"$UKRUN" -q -t 120 --gdb="$gport" -A debugged "$img" >"$tmp/gdb.out" 2>&1 &
	bgpid=$!
	n=0
	while [ $n -lt 100 ] && ! listening tcp "$gport"; do sleep 0.1; n=$((n + 1)); done
	out=$(timeout 100 "$gdb" -nx -batch "$img" -ex "target remote :$gport" \
		-ex 'break main' -ex continue -ex 'info line *$pc' -ex continue 2>&1)
	expect_console "gdb stops at main" '^Breakpoint 1, main \(argc=2'
	if readelf -S "$img" 2>/dev/null | grep -q '\.debug_line'; then
		expect_console "gdb shows main's source line" 'Line [0-9]+ of ".*hello\.c"'
	fi
	wait "$bgpid"
	status=$?
	bgpid=
	out=$(cat "$tmp/gdb.out")
	expect_status "the debugged guest runs on to exit 0" 0
	expect_console "the debugged guest got its argument" '^argv\[1\] = "debugged"$'
	expect_console "ukrun names the gdb command" "waiting for a debugger on port $gport: $gdb .*hello -ex 'target remote :$gport'"
fi
tap_done
