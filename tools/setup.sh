#!/bin/sh
# tools/setup.sh - set up a fresh Debian 12 machine for libuk and run the
# main job: install the build and test dependencies from Debian's packages,
# build libuk, and boot examples/hello under QEMU.
set -eu
cd "$(dirname "$0")/.."

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
	build-essential autoconf automake libtool pkgconf check \
	musl-dev qemu-system-x86 ca-certificates

autoreconf -fi
./configure
make -j"$(nproc)"
./tools/ukrun -c "-- hello world" examples/hello/hello
