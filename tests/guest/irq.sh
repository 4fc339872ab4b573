#!/bin/sh
# tests/guest/irq.sh - device interrupts (irq.c) from emulated devices.
# x86_64: the CMOS RTC on QEMU microvm with ACPI (two I/O APICs from the
# MADT), microvm without ACPI (the assumed single I/O APIC, said on the
# console), pc and q35 (the MADT's override ISA 0 -> GSI 2, exercised by
# the PIT), and pc with a CPU without a local APIC (the 8259 PICs). arm64: the PL031 RTC on virt with GICv2 and GICv3.
. "$top_srcdir/tests/guest/lib.sh"
GUEST_TIMEOUT=60
# The platform's routing lines are uk_pr_info: uk.loglevel=info shows them.

case ${UK_ARCH:-x86_64} in
arm64)
	# The INTIDs each distributor has (GICD_TYPER): 256 SPIs on GICv2,
	# 224 on GICv3.
	for m in virt:288 virt,gic-version=3:256; do
		boot "$G/irq-pvh" -M "${m%:*}" -c "uk.loglevel=info -- ${m#*:}"
		relay_guest_tap "${m%:*}"
		expect_console "${m%:*}: the distributor reports ${m#*:} INTIDs" \
			"^uk: GICv.: distributor at .*, ${m#*:} interrupt lines"
	done
	tap_done
	exit 0
	;;
esac

boot "$G/irq-pvh" -c "uk.loglevel=info --"
relay_guest_tap "microvm"
expect_console "microvm: the MADT's two I/O APICs are used" \
	'^uk: ioapic: I/O APIC at 0xfec10000, GSIs 24-47'
expect_no_console "microvm: no fallback with ACPI" 'no usable MADT'

boot "$G/irq-pvh" -M microvm,acpi=off -c "uk.loglevel=info --"
relay_guest_tap "microvm,acpi=off"
expect_console "microvm,acpi=off: the assumed I/O APIC is said once" \
	'^uk: ioapic: no usable MADT \(.*\): assuming one I/O APIC at 0xfec00000, GSIs from 0, ISA IRQs identity-mapped'

for m in pc q35; do
	boot "$G/irq-pvh" -M "$m" -c "uk.loglevel=info -- pit"
	relay_guest_tap "$m"
	expect_console "$m: the MADT's override of ISA IRQ 0 is applied" \
		'^uk: ioapic: ISA IRQ 0 -> GSI 2 \(edge, active high\)'
done

# A CPU without a local APIC: the 8259 PICs carry the ISA IRQs.
boot "$G/irq-pvh" -M pc -C qemu64,-apic -c "uk.loglevel=info -- pit"
relay_guest_tap "pc, no local APIC"
expect_console "no local APIC: the PICs are said to be in use" \
	'^uk: irq: no local APIC: device interrupts through the 8259 PICs'
expect_no_console "no local APIC: no I/O APIC is programmed" '^uk: ioapic:'
tap_done
