#!/bin/sh
# tests/pkg/deb.sh - the Debian packages, from make dist's tarball:
#  1. dpkg-buildpackage -us -uc -b builds libuk-dev (build architecture)
#     and libuk-dev-arm64-cross;
#  2. lintian reports no errors;
#  3. a fresh Debian root (debootstrap --variant=minbase, with gcc, pkgconf
#     and musl-dev; for the cross kit also gcc-aarch64-linux-gnu and
#     musl-dev:arm64) gets the packages with dpkg -i, and examples/hello is
#     built there with the documented commands, using only installed files:
#     the card's gcc lines, pkg-config --libs, uk-gcc (and the arm64 kit's
#     aarch64-linux-gnu-gcc and aarch64-linux-gnu-uk-gcc lines);
#  4. the images boot under QEMU with the installed ukrun.
#
# Needs root (chroot), dpkg-buildpackage, debhelper, lintian, debootstrap
# and a Debian mirror (UK_DEBIAN_MIRROR, default http://deb.debian.org/debian);
# skips otherwise. UK_DEB_CHECK=1 also runs make check in the package
# build (DEB_BUILD_OPTIONS=nocheck otherwise). UK_DEBOOTSTRAP_TARBALL names
# a tarball of a root made by an earlier run (UK_PKG_KEEP keeps it) to
# save the download.
. "$top_srcdir/tests/pkg/lib.sh"

for t in dpkg-buildpackage dh lintian debootstrap chroot; do
	command -v "$t" >/dev/null 2>&1 || skip_all "$t not found (tools/setup.sh installs it)"
done
[ "$(id -u)" = 0 ] || skip_all "installing into a chroot needs root"
arch=$(dpkg --print-architecture)
case $arch in
amd64) qemu_pkg=qemu-system-x86 ;;
arm64) qemu_pkg=qemu-system-arm ;;
*) skip_all "libuk has no $arch kit" ;;
esac

pkg_begin deb
dist_tarball
unpack_dist "$scratch/build"

# 1. Build.
jobs=$(nproc 2>/dev/null || echo 1)
opts=nocheck
[ "${UK_DEB_CHECK:-0}" = 1 ] && opts=
started=$(date +%s)
if (cd "$src" && DEB_BUILD_OPTIONS="$opts" dpkg-buildpackage -us -uc -b -J"$jobs") \
	>"$scratch/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b ($(($(date +%s) - started))s)"
else
	out=$(cat "$scratch/build.log")
	bail "dpkg-buildpackage -us -uc -b"
fi
deb=$(ls "$scratch"/build/libuk-dev_*_"$arch".deb 2>/dev/null)
cross=$(ls "$scratch"/build/libuk-dev-arm64-cross_*_all.deb 2>/dev/null)
[ -f "$deb" ] && ok "built $(basename "$deb")" || bail "no libuk-dev_*_$arch.deb"
if [ "$arch" = amd64 ]; then
	[ -f "$cross" ] && ok "built $(basename "$cross")" || bail "no libuk-dev-arm64-cross_*_all.deb"
fi

# The packages' relationships.
fields=$(dpkg-deb -f "$deb" Depends Recommends)
out=$fields
case $fields in *musl-dev*) ok "libuk-dev Depends on musl-dev" ;; *) not_ok "libuk-dev Depends on musl-dev" ;; esac
case $fields in *"$qemu_pkg"*) ok "libuk-dev Recommends $qemu_pkg" ;; *) not_ok "libuk-dev Recommends $qemu_pkg" ;; esac
out=$(dpkg-deb -c "$deb")
for f in ./usr/bin/uk-gcc ./usr/bin/ukrun ./usr/share/man/man1/ukrun.1.gz \
	./usr/share/man/man1/uk-gcc.1.gz ./usr/share/man/man7/libuk.7.gz \
	./usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/pkgconfig/libuk.pc \
	./usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/uk-kvm.ld \
	./usr/include/libuk/uk/init.h ./usr/libexec/libuk/ukpack; do
	if printf '%s\n' "$out" | awk '{ print $6 }' | grep -qx "$f"; then ok "libuk-dev ships $f"; else not_ok "libuk-dev ships $f"; fi
done

# 2. lintian: no errors (warnings and notes are shown).
out=$(cd "$scratch/build" && lintian --tag-display-limit 0 ./*.changes 2>&1)
printf '%s\n' "$out" | grep -v '^E: ' | grep -E '^[WIN]: ' | sed 's/^/# lintian: /'
errors=$(printf '%s\n' "$out" | grep '^E: ')
if [ -z "$errors" ]; then ok "lintian: no errors"; else out=$errors; not_ok "lintian: no errors"; fi

# 3. A fresh root with the packages installed.
root=$scratch/root
mirror=${UK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-bookworm}")
cleanup_root() {
	for m in proc dev; do umount "$root/$m" 2>/dev/null; done
}
trap 'cleanup_root; [ -n "${UK_PKG_KEEP:-}" ] || rm -rf "$scratch"' EXIT
started=$(date +%s)
if [ -n "${UK_DEBOOTSTRAP_TARBALL:-}" ] && [ -f "$UK_DEBOOTSTRAP_TARBALL" ]; then
	mkdir -p "$root" && tar -xf "$UK_DEBOOTSTRAP_TARBALL" -C "$root" ||
		bail "unpack $UK_DEBOOTSTRAP_TARBALL"
	ok "fresh root from $UK_DEBOOTSTRAP_TARBALL"
else
	if debootstrap --variant=minbase --include=gcc,libc6-dev,pkgconf,musl-dev \
		"$suite" "$root" "$mirror" >"$scratch/debootstrap.log" 2>&1; then
		ok "debootstrap --variant=minbase $suite with gcc, pkgconf, musl-dev ($(($(date +%s) - started))s)"
	else
		out=$(tail -n 30 "$scratch/debootstrap.log")
		grep -qiE 'resolv|connect|download|Failed getting' "$scratch/debootstrap.log" &&
			skip_all "debootstrap could not reach $mirror"
		bail "debootstrap $suite"
	fi
	[ -n "${UK_PKG_KEEP:-}" ] && tar -cf "$scratch/root.tar" -C "$root" . &&
		echo "# root saved as $scratch/root.tar (UK_DEBOOTSTRAP_TARBALL)"
fi
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 /bin/sh -c "$1"; }
mount -t proc proc "$root/proc" 2>/dev/null
# libuk is not there before the packages are installed.
out=$(in_root 'ls /usr/lib/*/libuk* /usr/include/libuk /usr/bin/uk-gcc 2>&1')
[ $? != 0 ] && ok "the fresh root has no libuk files" || not_ok "the fresh root has no libuk files"

mkdir -p "$root/tmp/debs" "$root/tmp/hello"
cp "$deb" "$root/tmp/debs/"
cp "$top_srcdir/examples/hello/hello.c" "$root/tmp/hello/"
with_cross=0
if [ "$arch" = amd64 ]; then
	cp "$cross" "$root/tmp/debs/"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
	started=$(date +%s)
	if out=$(in_root "dpkg --add-architecture arm64 && apt-get -q update &&
		DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends \
			gcc-aarch64-linux-gnu musl-dev:arm64" 2>&1); then
		ok "the root gets gcc-aarch64-linux-gnu and musl-dev:arm64 ($(($(date +%s) - started))s)"
		with_cross=1
	else
		not_ok "the root gets gcc-aarch64-linux-gnu and musl-dev:arm64"
		rm -f "$root/tmp/debs/$(basename "$cross")"
	fi
fi
if check "dpkg -i the packages in the fresh root" in_root 'dpkg -i /tmp/debs/*.deb'; then :; else
	tap_done; exit 1
fi

# The card's commands, pkg-config --libs and uk-gcc, inside the root.
check "card: gcc \$(pkg-config --cflags libuk) -c hello.c" \
	in_root 'cd /tmp/hello && gcc $(pkg-config --cflags libuk) -c hello.c'
check "card: gcc -nostdlib -T uk-kvm.ld hello.o -luk -o hello" \
	in_root 'cd /tmp/hello && gcc -nostdlib -T uk-kvm.ld hello.o -luk -o hello'
check "gcc hello.o \$(pkg-config --libs libuk) -o hello-pc" \
	in_root 'cd /tmp/hello && gcc hello.o $(pkg-config --libs libuk) -o hello-pc'
check "uk-gcc -g hello.c -o hello-ukgcc" \
	in_root 'cd /tmp/hello && uk-gcc -g hello.c -o hello-ukgcc'
if [ "$arch" = amd64 ]; then
	check "uk-gcc -T uk-kvm-multiboot.ld hello.c -o hello-mb" \
		in_root 'cd /tmp/hello && uk-gcc -T uk-kvm-multiboot.ld hello.c -o hello-mb'
fi
if [ "$with_cross" = 1 ]; then
	check "arm64 kit: aarch64-linux-gnu-gcc with libuk.pc's --cflags" \
		in_root 'cd /tmp/hello && aarch64-linux-gnu-gcc $(PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig pkg-config --cflags libuk) -c hello.c -o hello-arm64.o'
	check "arm64 kit: aarch64-linux-gnu-gcc -nostdlib -T uk-kvm.ld hello.o -luk" \
		in_root 'cd /tmp/hello && aarch64-linux-gnu-gcc -nostdlib -T uk-kvm.ld hello-arm64.o -luk -o hello-arm64'
	check "arm64 kit: aarch64-linux-gnu-uk-gcc hello.c" \
		in_root 'cd /tmp/hello && aarch64-linux-gnu-uk-gcc hello.c -o hello-arm64-ukgcc'
fi
check "uk-gcc --help and ukrun --help run in the root" \
	in_root 'uk-gcc --help >/dev/null && ukrun --help >/dev/null'
cleanup_root

# 4. Boot them with the installed ukrun (and its KVM probe), QEMU from
# the host.
ukrun=$root/usr/bin/ukrun
export UKRUN_PROBE_IMAGE="$root/usr/libexec/libuk/kvmprobe" UKRUN_PACK="$root/usr/libexec/libuk/ukpack"
boot_check() {
	img=$root/tmp/hello/$1
	[ -f "$img" ] || { out=; not_ok "$1 boots (not built)"; return; }
	out=$("$ukrun" -q -t 120 -A "$1" "$img" 2>&1)
	st=$?
	if [ "$st" = 77 ]; then echo "ok $((tap_n = tap_n + 1)) # SKIP $1: no QEMU for it"; return; fi
	if [ "$st" = 0 ] && printf '%s\n' "$out" | grep -qx "argv\[1\] = \"$1\""; then
		ok "$1 boots under QEMU with the installed ukrun and runs main"
	else
		not_ok "$1 boots under QEMU with the installed ukrun (status $st)"
	fi
}
for img in hello hello-pc hello-ukgcc; do boot_check "$img"; done
[ "$arch" = amd64 ] && boot_check hello-mb
if [ "$with_cross" = 1 ]; then
	boot_check hello-arm64
	boot_check hello-arm64-ukgcc
fi
tap_done
