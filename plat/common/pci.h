/*
 * plat/common/pci.h - internal header of libuk's PCI code: configuration
 * space offsets (PCI Local Bus 3.0, 6.1-6.2), the architecture's
 * configuration access (x86_64: plat/kvm/x86_64/pci.c, mechanism #1),
 * the bus scan with BAR sizing (pci.c), the capability list and virtio
 * vendor capability parsers (pci_caps.c, hardware-free so host unit tests
 * feed them malformed lists), and the MSI vector allocation the platform's
 * interrupt code provides.
 */
#ifndef UKPLAT_PCI_H
#define UKPLAT_PCI_H

#include <stdbool.h>
#include <stdint.h>

/* ---- configuration space header (type 0 unless noted) ---- */
#define PCI_VENDOR_ID       0x00
#define PCI_DEVICE_ID       0x02
#define PCI_COMMAND         0x04
#define PCI_STATUS          0x06
#define PCI_CLASS_REV       0x08
#define PCI_HEADER_TYPE     0x0e
#define PCI_BAR0            0x10
#define PCI_SECONDARY_BUS   0x19        /* type 1 (PCI-PCI bridge) */
#define PCI_SUBSYS_ID       0x2e
#define PCI_CAP_PTR         0x34
#define PCI_INTR_LINE       0x3c
#define PCI_INTR_PIN        0x3d

#define PCI_CMD_IO          0x0001
#define PCI_CMD_MEM         0x0002
#define PCI_CMD_MASTER      0x0004
#define PCI_CMD_INTX_OFF    0x0400
#define PCI_STATUS_CAPS     0x0010
#define PCI_HDR_MULTIFN     0x80
#define PCI_HDR_TYPE(h)     ((h) & 0x7f)

#define PCI_CAP_MSIX        0x11
#define PCI_CAP_VENDOR      0x09
#define PCI_CFG_SIZE        256
#define PCI_BARS            6

/* ---- architecture: configuration access ---- */
/* bdf = bus << 8 | device << 3 | function; 'off' aligned to the width. */
uint32_t ukplat_pci_cfg_read(uint16_t bdf, unsigned int off,
			     unsigned int width);
void ukplat_pci_cfg_write(uint16_t bdf, unsigned int off, unsigned int width,
			  uint32_t v);
/* Port I/O (I/O BARs); arch code. */
uint32_t ukplat_pci_io_read(uint32_t port, unsigned int width);
void ukplat_pci_io_write(uint32_t port, unsigned int width, uint32_t v);
/*
 * Take an interrupt vector that runs fn(arg) (edge-triggered, boot CPU)
 * and give the MSI message that raises it. 0, -EBUSY (no vector left)
 * or -ENODEV (no local APIC).
 */
int ukplat_pci_msi_alloc(int (*fn)(void *), void *arg, uint64_t *addr,
			 uint32_t *data);

/* ---- a function found by the scan (pci.c) ---- */
struct ukplat_pci_dev {
	uint16_t bdf;
	uint16_t vendor, device, subsys;
	uint8_t irq_line, irq_pin;      /* as firmware left them */
	uint64_t bar[PCI_BARS];         /* address, 0: absent/unassigned */
	uint64_t bar_size[PCI_BARS];
	uint8_t bar_io;                 /* bit n: BAR n is I/O space */
	uint8_t cfg[PCI_CFG_SIZE];      /* a snapshot, for the parsers */
};

/* Call fn for each function on bus 0 and behind bridges; fn's return is
 * ignored. Nothing (and two port accesses) without a host bridge. */
void ukplat_pci_scan(void (*fn)(struct ukplat_pci_dev *d));
/* Turn on decoding of the BARs and bus mastering. */
void ukplat_pci_enable(const struct ukplat_pci_dev *d, bool intx);

/* ---- capability parsing (pci_caps.c) ---- */
#define PCI_MAX_CAPS 48         /* (256 - 64) / 4: more means a loop */

struct ukplat_pci_cap {
	uint8_t id, off;
};

/*
 * Walk the capability list of the configuration space snapshot cfg.
 * Fills caps[0..max), *n says how many. Returns 0 (also with no list),
 * or -EPROTO for a pointer into the header (< 0x40), a list longer than
 * PCI_MAX_CAPS (a loop) or a capability running past the space, and
 * -ENOSPC when more than max; *why names it.
 */
int ukplat_pci_caps(const uint8_t *cfg, struct ukplat_pci_cap *caps,
		    unsigned int max, unsigned int *n, const char **why);

/* A virtio structure (virtio 1.2, 4.1.4): where it is. */
struct ukplat_virtio_pci_region {
	uint8_t bar;            /* PCI_BARS: absent */
	uint32_t off, len;
};

#define VIRTIO_PCI_CAP_COMMON  1
#define VIRTIO_PCI_CAP_NOTIFY  2
#define VIRTIO_PCI_CAP_ISR     3
#define VIRTIO_PCI_CAP_DEVICE  4

struct ukplat_virtio_pci_layout {
	struct ukplat_virtio_pci_region r[5];   /* by VIRTIO_PCI_CAP_* */
	uint32_t notify_mult;
	/* MSI-X (PCI 3.0, 6.8.2); msix_off 0: no capability. */
	uint8_t msix_off;
	uint16_t msix_size;     /* table entries */
	uint8_t msix_bar;
	uint32_t msix_table;    /* offset in that BAR */
};

/*
 * Find the virtio vendor capabilities (the first usable one of each type,
 * 4.1.4.1) and MSI-X in cfg. Returns 0 (a region with bar == PCI_BARS is
 * absent), a ukplat_pci_caps error, or -EPROTO for a virtio capability
 * shorter than its structure or a BAR index above 5 in MSI-X.
 */
int ukplat_virtio_pci_layout(const uint8_t *cfg,
			     struct ukplat_virtio_pci_layout *l,
			     const char **why);

#endif /* UKPLAT_PCI_H */
