/*
 * plat/common/virtio/virtio_bus.c - the virtio-mmio transports the
 * platform found (device tree, ACPI DSDT, kernel command line), and the
 * init step that maps and probes them once the page allocator works.
 */
#include <errno.h>
#include <uk/init.h>
#include <uk/pages.h>
#include <uk/print.h>
#include "virtio.h"

static struct ukplat_virtio_mmio_desc table[UKPLAT_VIRTIO_MMIO_MAX];
static unsigned int count;

int ukplat_virtio_mmio_add(const struct ukplat_virtio_mmio_desc *d)
{
	for (unsigned int i = 0; i < count; i++)
		if (table[i].base == d->base)
			return 0; /* named by two sources (ACPI and cmdline) */
	if (count == UKPLAT_VIRTIO_MMIO_MAX)
		return -ENOSPC;
	table[count++] = *d;
	return 0;
}

unsigned int ukplat_virtio_mmio_count(void)
{
	return count;
}

const struct ukplat_virtio_mmio_desc *ukplat_virtio_mmio_get(unsigned int i)
{
	return i < count ? &table[i] : NULL;
}

/*
 * The time class runs after the memory class: the page allocator and, on
 * arm64, the run-time page tables (which map the transports) exist.
 */
static int ukplat_virtio_init(void)
{
	ukplat_virtio_discover();
	for (unsigned int i = 0; i < count; i++) {
		const struct ukplat_virtio_mmio_desc *d = &table[i];
		uint64_t size = d->size ? d->size : UK_PAGE_SIZE;
		int rc = ukplat_virtio_map_device(d->base, size);

		if (rc < 0) {
			uk_pr_warn("virtio-mmio at 0x%lx: cannot map it (error %d)",
				   d->base, rc);
			continue;
		}
		rc = ukplat_virtio_mmio_probe(d);
		if (rc < 0 && rc != -ENODEV)
			uk_pr_warn("virtio-mmio at 0x%lx: error %d", d->base, rc);
	}
	return 0;
}
UK_INIT(ukplat_virtio_init, UK_INIT_CLASS_TIME);
