/*
 * plat/common/virtio/discover_fdt.c - virtio-mmio transports in the
 * device tree (arm64): nodes compatible with "virtio,mmio" (the binding
 * QEMU virt and Firecracker use), their first reg entry and interrupts
 * as the GIC binding gives them: three cells <type number flags>, type 0
 * an SPI (INTID 32 + number), 1 a PPI (16 + number); flags 1/2 edge
 * rising/falling, 4/8 level high/low. Read at boot, before the run-time
 * page tables are built: paging.c maps every transport listed.
 */
#include <errno.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "fdt.h"
#include "virtio.h"

#define GIC_SPI 0
#define GIC_PPI 1

static void fdt_irq(const struct ukplat_fdt *fdt, int node,
		    struct ukplat_virtio_mmio_desc *d)
{
	const uint8_t *v;
	uint32_t len, type, num, flags;

	if (ukplat_fdt_prop(fdt, node, "interrupts", (const void **)&v, &len) < 0 ||
	    len != 12)
		return; /* none, or not the GIC's binding: polled */
	type = (uint32_t)ukplat_fdt_read_cells(v, 1);
	num = (uint32_t)ukplat_fdt_read_cells(v + 4, 1);
	flags = (uint32_t)ukplat_fdt_read_cells(v + 8, 1);
	if (type == GIC_SPI && num < 988)
		d->irq = 32 + num;
	else if (type == GIC_PPI && num < 16)
		d->irq = 16 + num;
	else
		return;
	d->irq_flags = (flags & 0xc ? UKPLAT_IRQ_LEVEL : UKPLAT_IRQ_EDGE) |
		       (flags & 0xa ? UKPLAT_IRQ_ACTIVE_LOW : UKPLAT_IRQ_ACTIVE_HIGH);
}

void ukplat_virtio_fdt_scan(const struct ukplat_fdt *fdt)
{
	int node = -1;

	while ((node = ukplat_fdt_find_compatible(fdt, node, "virtio,mmio")) >= 0) {
		struct ukplat_virtio_mmio_desc d = { 0 };

		if (!ukplat_fdt_is_enabled(fdt, node) ||
		    ukplat_fdt_reg(fdt, node, 0, &d.base, &d.size) < 0 || !d.base)
			continue;
		fdt_irq(fdt, node, &d);
		if (ukplat_virtio_mmio_add(&d) < 0) {
			uk_pr_warn("virtio-mmio: more than %d transports",
				   UKPLAT_VIRTIO_MMIO_MAX);
			return;
		}
	}
}

void ukplat_virtio_discover(void)
{
}

/* paging.c mapped them with the other devices. */
int ukplat_virtio_map_device(uint64_t base, uint64_t size)
{
	(void)base;
	(void)size;
	return 0;
}
