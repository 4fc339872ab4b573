/*
 * plat/common/pci_caps.c - parsers of a PCI function's configuration
 * space snapshot: the capability list (PCI Local Bus 3.0, 6.7), the
 * virtio vendor capabilities (virtio 1.2, 4.1.4) and MSI-X (PCI 3.0,
 * 6.8.2). They read only the 256 bytes they are given, so a device's
 * garbage (a loop, a pointer out of range) is an error, never a hang.
 */
#include <errno.h>
#include "pci.h"

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int ukplat_pci_caps(const uint8_t *cfg, struct ukplat_pci_cap *caps,
		    unsigned int max, unsigned int *n, const char **why)
{
	unsigned int off, steps = 0;

	*n = 0;
	if (!(cfg[PCI_STATUS] & PCI_STATUS_CAPS))
		return 0;
	/* 6.7: the two low bits of each pointer are reserved. */
	for (off = cfg[PCI_CAP_PTR] & 0xfc; off; off = cfg[off + 1] & 0xfc) {
		if (off < 0x40) {
			*why = "capability pointer into the header";
			return -EPROTO;
		}
		if (++steps > PCI_MAX_CAPS) {
			*why = "capability list loops";
			return -EPROTO;
		}
		if (*n == max) {
			*why = "too many capabilities";
			return -ENOSPC;
		}
		caps[*n].id = cfg[off];
		caps[*n].off = (uint8_t)off;
		(*n)++;
	}
	return 0;
}

/* A virtio_pci_cap (4.1.4): type, BAR, offset, length, and for notify
 * the multiplier. Unusable ones (a reserved type or BAR) are skipped. */
static int virtio_cap(const uint8_t *cfg, unsigned int off,
		      struct ukplat_virtio_pci_layout *l, const char **why)
{
	unsigned int len = cfg[off + 2], type = cfg[off + 3];
	unsigned int bar = cfg[off + 4];
	unsigned int need = type == VIRTIO_PCI_CAP_NOTIFY ? 20 : 16;
	struct ukplat_virtio_pci_region *r;

	if (type < VIRTIO_PCI_CAP_COMMON || type > VIRTIO_PCI_CAP_DEVICE ||
	    bar >= PCI_BARS)
		return 0;
	if (len < need || off + need > PCI_CFG_SIZE) {
		*why = "virtio capability shorter than its structure";
		return -EPROTO;
	}
	r = &l->r[type];
	if (r->bar != PCI_BARS)
		return 0; /* the first one of a type wins (4.1.4.1) */
	r->bar = (uint8_t)bar;
	r->off = le32(cfg + off + 8);
	r->len = le32(cfg + off + 12);
	if (type == VIRTIO_PCI_CAP_NOTIFY)
		l->notify_mult = le32(cfg + off + 16);
	return 0;
}

static int msix_cap(const uint8_t *cfg, unsigned int off,
		    struct ukplat_virtio_pci_layout *l, const char **why)
{
	uint32_t table;

	if (l->msix_off)
		return 0;
	if (off + 12 > PCI_CFG_SIZE) {
		*why = "MSI-X capability past the configuration space";
		return -EPROTO;
	}
	table = le32(cfg + off + 4);
	if ((table & 7) >= PCI_BARS) {
		*why = "MSI-X table in a reserved BAR";
		return -EPROTO;
	}
	l->msix_off = (uint8_t)off;
	l->msix_size = ((cfg[off + 2] | cfg[off + 3] << 8) & 0x7ff) + 1;
	l->msix_bar = table & 7;
	l->msix_table = table & ~7u;
	return 0;
}

int ukplat_virtio_pci_layout(const uint8_t *cfg,
			     struct ukplat_virtio_pci_layout *l,
			     const char **why)
{
	struct ukplat_pci_cap caps[PCI_MAX_CAPS];
	unsigned int n;
	int rc;

	*l = (struct ukplat_virtio_pci_layout){ 0 };
	for (unsigned int i = 0; i < 5; i++)
		l->r[i].bar = PCI_BARS;
	rc = ukplat_pci_caps(cfg, caps, PCI_MAX_CAPS, &n, why);
	for (unsigned int i = 0; !rc && i < n; i++) {
		if (caps[i].id == PCI_CAP_VENDOR)
			rc = virtio_cap(cfg, caps[i].off, l, why);
		else if (caps[i].id == PCI_CAP_MSIX)
			rc = msix_cap(cfg, caps[i].off, l, why);
	}
	return rc;
}
