/*
 * plat/common/virtio/discover_x86.c - where virtio-mmio transports are
 * described on x86_64 and how their registers are mapped:
 *   - the kernel command line (virtio_mmio.device=...: QEMU microvm with
 *     acpi=off, Firecracker), taken out of it at boot by start.c before
 *     libuk splits it into options and argv;
 *   - the ACPI DSDT (LNRO0005 devices: microvm with ACPI, its default);
 * and the PCI bus (pc, q35: virtio_pci.c), scanned here too.
 * Registers sit in the 3-4 GiB hole on every such machine, which the
 * build-time tables map uncached; elsewhere they are mapped here.
 */
#include <errno.h>
#include <uk/bootinfo.h>
#include <uk/paging.h>
#include <uk/print.h>
#include "acpi.h"
#include "cpu.h"
#include "virtio.h"

void ukplat_virtio_x86_cmdline(struct uk_bootinfo *bi)
{
	struct ukplat_virtio_mmio_desc dev[UKPLAT_VIRTIO_MMIO_MAX];
	const char *why = NULL;
	unsigned int n;
	int rc;

	rc = ukplat_virtio_cmdline_take(bi->cmdline, dev, UK_ARRAY_SIZE(dev),
					&n, &why);
	if (rc < 0)
		uk_pr_warn("virtio_mmio.device: %s (error %d): token ignored",
			   why, rc);
	for (unsigned int i = 0; i < n; i++)
		ukplat_virtio_mmio_add(&dev[i]);
}

void ukplat_virtio_discover(void)
{
	struct ukplat_virtio_mmio_desc dev[UKPLAT_VIRTIO_MMIO_MAX];
	const struct uk_bootinfo *bi = uk_bootinfo_get();
	const char *why = NULL;
	const uint8_t *aml;
	unsigned int n = 0;
	size_t len;
	int rc;

	/* PCI first: nothing, at the cost of two port accesses, on microvm. */
	ukplat_virtio_pci_scan();
	if (!bi->rsdp)
		return; /* no ACPI: acpi=off, or a loader without it */
	rc = ukplat_acpi_find_dsdt(bi->rsdp, &ukplat_x86_phys, &aml, &len, &why);
	if (!rc)
		rc = ukplat_acpi_virtio_mmio(aml, len, dev, UK_ARRAY_SIZE(dev),
					     &n, &why);
	if (rc < 0)
		uk_pr_warn("acpi: virtio-mmio devices: %s (error %d)", why, rc);
	for (unsigned int i = 0; i < n; i++)
		ukplat_virtio_mmio_add(&dev[i]);
}

int ukplat_virtio_map_device(uint64_t base, uint64_t size)
{
	struct uk_pagetable *pt = ukplat_x86_pagetable();
	uint64_t start = base & ~(UK_PAGING_PAGE_SIZE - 1);
	uint64_t end = (base + size + UK_PAGING_PAGE_SIZE - 1) &
		       ~(UK_PAGING_PAGE_SIZE - 1);

	if (start >= (3ULL << 30) && end <= (4ULL << 30))
		return 0;
	if (!pt)
		return -EFAULT;
	return uk_paging_map(pt, start, start, end - start,
			     UK_PROT_READ | UK_PROT_WRITE,
			     UK_PAGING_MEM_DEVICE | UK_PAGING_REPLACE);
}
