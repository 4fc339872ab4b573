#!/bin/sh
# tests/guest/smp.sh - the lcpu interface (smp.c) with 1, 2 and 4 CPUs on
# each x86_64 machine type, and the boot option uk.debug_bad_madt (a
# malformed MADT): one console line, then one CPU. arm64: 1, 2 and 4 CPUs
# on virt with GICv2 and GICv3, 2 entered at EL2 (SMC conduit), and
# device trees changed by dtbpatch.pl: no /cpus (one console line, one
# CPU), a CPU whose MPIDR PSCI rejects (it stays offline, the boot goes
# on).
. "$top_srcdir/tests/guest/lib.sh"

# boot_smp IMAGE CPUS [ukrun options]: boot() with QEMU's -smp CPUS.
boot_smp() {
	img=$1
	cpus=$2
	shift 2
	out=$("$UKRUN" -q -t "${GUEST_TIMEOUT:-120}" "$@" "$img" -- -smp "$cpus" 2>&1)
	status=$?
}

case ${UK_ARCH:-x86_64} in
arm64)
	for m in virt virt,gic-version=3; do
		for n in 1 2 4; do
			boot_smp "$G/smp-pvh" "$n" -M "$m" -c "-- $n"
			relay_guest_tap "$m -smp $n"
		done
	done
	# Entered at EL2 (every CPU drops to EL1); PSCI through SMC.
	boot_smp "$G/smp-pvh" 2 -M virt,virtualization=on -c "-- 2"
	relay_guest_tap "virt,virtualization=on -smp 2"

	# Odd device trees (QEMU's own, changed): -dtb needs the Image. QEMU
	# rewrites /psci (compatible, method) in a -dtb tree, so "no PSCI"
	# cannot be shown this way.
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-smp.XXXXXX") || exit 99
	trap 'rm -rf "$tmp"' EXIT
	patch="$top_srcdir/tests/guest/dtbpatch.pl"
	"$UK_QEMU" -M virt,dumpdtb="$tmp/virt.dtb" -cpu cortex-a72 -smp 2 \
		-m 64M -nographic -nodefaults >/dev/null 2>&1
	${OBJCOPY:-objcopy} -O binary "$G/smp-pvh" "$tmp/smp.img" &&
	${OBJCOPY:-objcopy} -O binary "$top_builddir/examples/hello/hello" \
		"$tmp/hello.img" &&
	perl "$patch" "$tmp/virt.dtb" "$tmp/nocpus.dtb" /cpus=name:cpuz &&
	perl "$patch" "$tmp/virt.dtb" "$tmp/badcpu.dtb" \
		/cpus/cpu@1:reg=u32:0x100 ||
		{ echo "Bail out! cannot prepare the device trees"; exit 1; }

	# boot_dtb IMAGE CMDLINE DTB: boot_smp with -smp 2 and that tree.
	boot_dtb() {
		out=$("$UKRUN" -q -t "${GUEST_TIMEOUT:-120}" -c "$2" "$1" -- \
			-smp 2 -dtb "$3" 2>&1)
		status=$?
	}
	boot_dtb "$tmp/smp.img" "-- 1" "$tmp/nocpus.dtb"
	relay_guest_tap "no /cpus node, -smp 2"
	expect_console "no /cpus node: one console line says so" \
		'^uk: smp: device tree /cpus unusable: no /cpus node: running on one CPU$'
	# PSCI CPU_ON answers INVALID_PARAMETERS for an MPIDR with no CPU.
	boot_dtb "$tmp/hello.img" "uk.loglevel=info --" "$tmp/badcpu.dtb"
	expect_status "a CPU PSCI does not know: the boot goes on" 0
	expect_console "that CPU did not start: EINVAL" \
		'^uk: smp: CPU 1 \(MPIDR 100\) did not start: error 22$'
	expect_console "and one of two CPUs is online" \
		'^uk: smp: 1 of 2 CPUs online$'
	tap_done
	exit 0
	;;
esac

for n in 1 2 4; do
	boot_smp "$G/smp-pvh" "$n" -c "-- $n"
	relay_guest_tap "microvm -smp $n"
done
for m in pc q35; do
	boot_smp "$G/smp-pvh" 4 -M "$m" -c "-- 4"
	relay_guest_tap "$m -smp 4"
done
boot_smp "$G/smp-multiboot" 2 -M pc -c "-- 2"
relay_guest_tap "Multiboot, pc -smp 2"

boot_smp "$G/smp-pvh" 2 -c "-- overflow"
expect_status "a call that runs off a secondary CPU's interrupt stack exits with the fault status" 112
# The call runs on the interrupt stack, or on the stack the CPU spins on
# if it was waiting for the kernel lock with interrupts off (uk/lcpu.h).
expect_console "the overflow is named" \
	'in the guard page below the (interrupt )?stack of a secondary CPU: stack overflow'
expect_no_console "the CPU does not go on" 'unexpected'

boot_smp "$G/smp-pvh" 4 -c "uk.debug_bad_madt -- 1"
relay_guest_tap "malformed MADT, -smp 4"
expect_console "malformed MADT: one console line says so" \
	'^uk: acpi: MADT unusable: bad MADT checksum: running on one CPU'
tap_done
