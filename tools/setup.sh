#!/bin/sh
# tools/setup.sh - set up a fresh Debian 12 machine for libuk and run the
# main job: install the build and test dependencies from Debian's packages,
# fetch lwIP's source, build libuk, and boot examples/hello under QEMU.
# gdb and gdb-multiarch serve ukrun --gdb's test; debhelper, fakeroot,
# lintian, debootstrap, rpm and cpio the packaging tests (make
# check-packages).
set -eu
cd "$(dirname "$0")/.."

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

# The real-software tests build Debian source packages (apt-get source):
# add Debian 12's source index when no deb-src entry exists yet.
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "setup: adding a deb-src entry (/etc/apt/sources.list.d/libuk-deb-src.sources)"
	$SUDO tee /etc/apt/sources.list.d/libuk-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
# arm64 is built with Debian's cross compiler against musl-dev:arm64
# (multiarch), and `make check` tests it as well (m4/uk_cross.m4).
if [ "$(dpkg --print-architecture)" = amd64 ] &&
	! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "setup: enabling the arm64 architecture for musl-dev:arm64"
	$SUDO dpkg --add-architecture arm64
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
	build-essential autoconf automake libtool pkgconf check dpkg-dev \
	musl-dev musl-tools qemu-system-x86 ca-certificates perl \
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross musl-dev:arm64 qemu-system-arm \
	gdb gdb-multiarch \
	debhelper fakeroot lintian debootstrap rpm cpio

# lwIP (AF_INET/AF_INET6) is built from Debian's source package, fetched
# once into third_party/ (ignored by git, never distributed) and handed to
# configure; libuk's own port layer is in lib/lwip.
if ! ls -d third_party/lwip-*/src >/dev/null 2>&1; then
	echo "setup: fetching Debian's lwip source package into third_party/"
	mkdir -p third_party
	(cd third_party && apt-get source lwip)
fi
lwip=$(ls -d "$PWD"/third_party/lwip-*/ | tail -n 1)

autoreconf -fi
./configure --with-lwip="$lwip"
make -j"$(nproc)"
./tools/ukrun -c "-- hello world" examples/hello/hello
