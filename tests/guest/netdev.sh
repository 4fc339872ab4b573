#!/bin/sh
# tests/guest/netdev.sh - uk/netdev.h over virtio-net (netdev.c) with QEMU
# user networking, on each way a virtio-mmio transport is found and
# driven: x86_64 microvm with ACPI (the DSDT's LNRO0005 devices) and with
# acpi=off (virtio_mmio.device= on the command line, which must not reach
# argv), arm64 virt (the device tree); each with the legacy (QEMU 7.2's
# default) and the modern (force-legacy=false) register layout; once with
# a device MTU (VIRTIO_NET_F_MTU). Without a -netdev the guest must see no
# device. x86_64 pc and q35: virtio-pci found by the PCI scan, with the
# modern interface (transitional and modern-only devices) and the legacy
# one (disable-modern=on), interrupts by MSI-X or, with vectors=0, INTx,
# and once behind a PCIe root port (a bus found through its bridge);
# the driver's console line names the transport. Few boots: SeaBIOS is
# slow under TCG (and romfile= spares it iPXE's option ROM).
. "$top_srcdir/tests/guest/lib.sh"

MAC=52:54:00:12:34:56
NET="-netdev user,id=n0 -device virtio-net-device,netdev=n0,mac=$MAC"
PCI="-netdev user,id=n0 -device virtio-net-pci,netdev=n0,mac=$MAC,romfile="
BDF='[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]'
MODERN="-global virtio-mmio.force-legacy=false"

# run LABEL MACHINE ARG [QEMU args]
run() {
	label=$1 machine=$2 arg=$3
	shift 3
	out=$("$UKRUN" -q -t "${GUEST_TIMEOUT:-120}" -M "$machine" \
		-c "uk.loglevel=info uk.net=0 -- $arg" "$G/netdev-pvh" -- "$@" 2>&1)
	status=$?
	relay_guest_tap "$label"
}

case ${UK_ARCH:-x86_64} in
arm64)
	run "virt legacy" virt "$MAC" $NET
	expect_console "virt legacy: the device tree's transport, legacy" \
		'virtio-net0: legacy virtio-mmio'
	run "virt modern" virt "$MAC" $NET $MODERN
	expect_console "virt modern: the modern interface" \
		'virtio-net0: modern virtio-mmio'
	run "virt, device MTU 4000" virt "$MAC 4000" $NET,host_mtu=4000
	run "virt, no -netdev" virt none
	;;
*)
	run "microvm ACPI legacy" microvm "$MAC" $NET
	expect_console "microvm ACPI legacy: found through the DSDT, legacy" \
		'virtio-net0: legacy virtio-mmio'
	run "microvm ACPI modern" microvm "$MAC" $NET $MODERN
	expect_console "microvm ACPI modern: the modern interface" \
		'virtio-net0: modern virtio-mmio'
	run "microvm acpi=off legacy" microvm,acpi=off "$MAC" $NET
	expect_no_console "microvm acpi=off: the token left the command line" \
		'command line ".*virtio_mmio'
	run "microvm acpi=off modern" microvm,acpi=off "$MAC" $NET $MODERN
	run "microvm, device MTU 4000" microvm "$MAC 4000" $NET,host_mtu=4000 $MODERN
	run "microvm, no -netdev" microvm none
	run "microvm acpi=off, no -netdev" microvm,acpi=off none
	expect_no_console "microvm: no PCI, no virtio-pci" 'virtio-pci'

	run "pc transitional" pc "$MAC" $PCI
	expect_console "pc transitional: the modern interface, MSI-X" \
		"virtio-net0: modern virtio-pci $BDF msix, mac $MAC"
	run "pc legacy" pc "$MAC" $PCI,disable-modern=on
	expect_console "pc legacy: the legacy interface, MSI-X" \
		"virtio-net0: legacy virtio-pci $BDF msix, mac $MAC"
	run "pc modern-only INTx" pc "$MAC" $PCI,disable-legacy=on,vectors=0
	expect_console "pc modern-only vectors=0: INTx" \
		"virtio-net0: modern virtio-pci $BDF intx irq [0-9]+, mac $MAC"
	run "pc legacy INTx" pc "$MAC" $PCI,disable-modern=on,vectors=0
	expect_console "pc legacy vectors=0: INTx" \
		"virtio-net0: legacy virtio-pci $BDF intx irq [0-9]+, mac $MAC"
	# A CPU without a local APIC: no MSI, INTx through the 8259 PICs.
	UKRUN_CPU=qemu64,-apic
	export UKRUN_CPU
	run "pc, no local APIC" pc "$MAC" $PCI
	unset UKRUN_CPU
	expect_console "pc, no local APIC: INTx through the PICs" \
		"virtio-net0: modern virtio-pci $BDF intx irq [0-9]+, mac $MAC"
	run "q35 modern-only" q35 "$MAC" $PCI,disable-legacy=on
	expect_console "q35 modern-only: MSI-X" \
		"virtio-net0: modern virtio-pci $BDF msix, mac $MAC"
	run "q35 behind a root port" q35 "$MAC" \
		-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 $PCI,bus=rp1
	expect_console "q35 root port: found on bus 1 (the bridge scanned)" \
		"virtio-net0: modern virtio-pci 01:00\.0 msix, mac $MAC"
	run "q35 legacy INTx" q35 "$MAC" $PCI,disable-modern=on,vectors=0
	expect_console "q35 legacy vectors=0: INTx" \
		"virtio-net0: legacy virtio-pci $BDF intx irq [0-9]+, mac $MAC"
	;;
esac
tap_done
