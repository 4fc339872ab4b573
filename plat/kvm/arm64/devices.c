/*
 * plat/kvm/arm64/devices.c - the devices the platform itself drives,
 * found in the device tree: the console UART (PL011, from /chosen's
 * stdout-path or the first "arm,pl011"), the real-time clock (PL031), the
 * interrupt controller (GICv2 "arm,cortex-a15-gic"/"arm,gic-400", GICv3
 * "arm,gic-v3"), the generic timer ("arm,armv8-timer"), PSCI with its
 * conduit and the virtio-mmio transports (plat/common/virtio). Only the console is required; the others are reported when
 * missing and their features degrade (no RTC: wall clock at the Epoch).
 */
#include <errno.h>
#include <ukbase/string.h>
#include <uk/print.h>
#include "arm64.h"
#include "virtio/virtio.h"

struct ukplat_arm64_devices ukplat_arm64_dev;

static int first_enabled(const struct ukplat_fdt *fdt, const char *compat)
{
	int node = -1;

	while ((node = ukplat_fdt_find_compatible(fdt, node, compat)) >= 0) {
		if (ukplat_fdt_is_enabled(fdt, node))
			return node;
	}
	return node;
}

static uint64_t reg0(const struct ukplat_fdt *fdt, int node, uint64_t *len)
{
	uint64_t addr, size;

	if (node < 0 || ukplat_fdt_reg(fdt, node, 0, &addr, &size) < 0)
		return 0;
	if (len)
		*len = size;
	return addr;
}

static int probe_uart(const struct ukplat_fdt *fdt, const char **why)
{
	struct ukplat_fdt_chosen chosen = { 0 };
	int node = -ENOENT;

	if (ukplat_fdt_chosen(fdt, &chosen, NULL) == 0 && chosen.stdout_path) {
		node = ukplat_fdt_find_path(fdt, chosen.stdout_path);
		if (node >= 0 && !ukplat_fdt_is_compatible(fdt, node, "arm,pl011"))
			node = -ENOENT;
	}
	if (node < 0)
		node = first_enabled(fdt, "arm,pl011");
	ukplat_arm64_dev.uart = reg0(fdt, node, NULL);
	if (!ukplat_arm64_dev.uart) {
		*why = "no PL011 UART (arm,pl011) with a reg property";
		return -ENODEV;
	}
	return 0;
}

static void probe_gic(const struct ukplat_fdt *fdt)
{
	struct ukplat_arm64_devices *d = &ukplat_arm64_dev;
	int node = first_enabled(fdt, "arm,gic-v3");

	if (node >= 0) {
		d->gicd = reg0(fdt, node, &d->gicd_len);
		if (ukplat_fdt_reg(fdt, node, 1, &d->gicr, &d->gicr_len) < 0)
			d->gicr = 0;
		d->gic_version = d->gicd && d->gicr ? 3 : 0;
		return;
	}
	node = first_enabled(fdt, "arm,cortex-a15-gic");
	if (node < 0)
		node = first_enabled(fdt, "arm,gic-400");
	if (node >= 0) {
		d->gicd = reg0(fdt, node, &d->gicd_len);
		if (ukplat_fdt_reg(fdt, node, 1, &d->gicc, &d->gicc_len) < 0)
			d->gicc = 0;
		d->gic_version = d->gicd && d->gicc ? 2 : 0;
	}
}

/*
 * The timer's interrupts property lists the secure, non-secure physical,
 * virtual and hypervisor PPIs, three cells each (type, number, flags);
 * PPI n is INTID 16 + n.
 */
static void probe_timer(const struct ukplat_fdt *fdt)
{
	int node = first_enabled(fdt, "arm,armv8-timer");
	const void *val;
	uint32_t len;

	if (node < 0)
		node = first_enabled(fdt, "arm,armv7-timer");
	if (node < 0 || ukplat_fdt_prop(fdt, node, "interrupts", &val, &len) < 0 ||
	    len < 3 * 12)
		return;
	ukplat_arm64_dev.timer_irq =
		16 + (uint32_t)ukplat_fdt_read_cells((const uint8_t *)val + 2 * 12 + 4, 1);
}

static void probe_psci(const struct ukplat_fdt *fdt)
{
	static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
	const char *method;
	int node = -ENOENT;

	for (unsigned int i = 0; i < UK_ARRAY_SIZE(compat) && node < 0; i++)
		node = first_enabled(fdt, compat[i]);
	if (node < 0 || ukplat_fdt_prop_string(fdt, node, "method", &method) < 0)
		return;
	if (!uk_strcmp(method, "smc"))
		ukplat_arm64_dev.psci_smc = true;
	else if (uk_strcmp(method, "hvc"))
		return;
	ukplat_arm64_dev.has_psci = true;
}

int ukplat_arm64_devices_probe(const struct ukplat_fdt *fdt, const char **why)
{
	if (probe_uart(fdt, why) < 0)
		return -ENODEV;
	ukplat_arm64_dev.rtc = reg0(fdt, first_enabled(fdt, "arm,pl031"), NULL);
	probe_gic(fdt);
	probe_timer(fdt);
	probe_psci(fdt);
	ukplat_virtio_fdt_scan(fdt);
	return 0;
}
