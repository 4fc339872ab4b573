/*
 * plat/common/pci.c - the PCI bus scan: every function on bus 0 and on
 * the buses behind PCI-PCI bridges (PCI Local Bus 3.0, 6.1; PCI-to-PCI
 * Bridge 1.2, 3.2), each BAR's address and size (6.2.5.1: write all
 * ones, read back the writable bits), and turning on decoding and bus
 * mastering. Addresses are those firmware (SeaBIOS) assigned: a BAR left
 * at 0 is reported unassigned and not used.
 */
#include <uk/print.h>
#include <ukbase/string.h>
#include "pci.h"

static uint8_t seen[256 / 8];   /* buses scanned: a bridge loop ends */

/* The size a BAR decodes from what reads back after writing all ones
 * (6.2.5.1); 0 when it decodes nothing. */
static uint64_t bar_size(uint32_t back, uint64_t back_hi, bool io, bool is64)
{
	if (io) {
		/* Upper 16 bits may read 0 on a 16-bit decoder. */
		back = (back & ~3u) | 0xffff0000u;
		return back == 0xffff0000u ? 0 : (uint32_t)(~back + 1);
	}
	if (is64) {
		uint64_t m = back_hi << 32 | (back & ~0xfu);

		return m ? ~m + 1 : 0;
	}
	back &= ~0xfu;
	return back ? (uint32_t)(~back + 1) : 0;
}

static uint32_t probe_reg(uint16_t bdf, unsigned int reg, uint32_t *back)
{
	uint32_t v = ukplat_pci_cfg_read(bdf, reg, 4);

	ukplat_pci_cfg_write(bdf, reg, 4, 0xffffffff);
	*back = ukplat_pci_cfg_read(bdf, reg, 4);
	ukplat_pci_cfg_write(bdf, reg, 4, v);
	return v;
}

static void size_bars(struct ukplat_pci_dev *d)
{
	uint16_t cmd = (uint16_t)ukplat_pci_cfg_read(d->bdf, PCI_COMMAND, 2);

	/* No decoding while a BAR holds all ones (6.2.5.1). */
	ukplat_pci_cfg_write(d->bdf, PCI_COMMAND, 2,
			     cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
	for (unsigned int i = 0; i < PCI_BARS; i++) {
		unsigned int reg = PCI_BAR0 + 4 * i;
		uint32_t back, back_hi = 0, hi = 0;
		uint32_t v = probe_reg(d->bdf, reg, &back);
		bool io = v & 1;
		bool is64 = !io && (v & 6) == 4 && i + 1 < PCI_BARS;

		if (is64)
			hi = probe_reg(d->bdf, reg + 4, &back_hi);
		d->bar_size[i] = bar_size(back, back_hi, io, is64);
		if (d->bar_size[i]) {
			d->bar[i] = io ? (v & ~3u) :
				    ((uint64_t)hi << 32 | (v & ~0xfu));
			if (io)
				d->bar_io |= 1u << i;
		}
		if (is64)
			i++;
	}
	ukplat_pci_cfg_write(d->bdf, PCI_COMMAND, 2, cmd);
}

void ukplat_pci_enable(const struct ukplat_pci_dev *d, bool intx)
{
	uint16_t cmd = (uint16_t)ukplat_pci_cfg_read(d->bdf, PCI_COMMAND, 2);

	cmd |= PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER;
	if (intx)
		cmd &= ~PCI_CMD_INTX_OFF;
	else
		cmd |= PCI_CMD_INTX_OFF;
	ukplat_pci_cfg_write(d->bdf, PCI_COMMAND, 2, cmd);
}

static void scan_bus(unsigned int bus, void (*fn)(struct ukplat_pci_dev *));

static void scan_fn(uint16_t bdf, void (*fn)(struct ukplat_pci_dev *))
{
	struct ukplat_pci_dev d = { .bdf = bdf };
	uint8_t hdr;

	for (unsigned int off = 0; off < PCI_CFG_SIZE; off += 4) {
		uint32_t v = ukplat_pci_cfg_read(bdf, off, 4);

		uk_memcpy(&d.cfg[off], &v, 4); /* both little-endian */
	}
	d.vendor = d.cfg[0] | d.cfg[1] << 8;
	d.device = d.cfg[2] | d.cfg[3] << 8;
	hdr = PCI_HDR_TYPE(d.cfg[PCI_HEADER_TYPE]);
	if (hdr == 1) {
		scan_bus(d.cfg[PCI_SECONDARY_BUS], fn);
		return;
	}
	if (hdr != 0)
		return; /* a CardBus bridge: not on a virtual machine */
	d.subsys = d.cfg[PCI_SUBSYS_ID] | d.cfg[PCI_SUBSYS_ID + 1] << 8;
	d.irq_line = d.cfg[PCI_INTR_LINE];
	d.irq_pin = d.cfg[PCI_INTR_PIN];
	size_bars(&d);
	fn(&d);
}

static void scan_bus(unsigned int bus, void (*fn)(struct ukplat_pci_dev *))
{
	if (seen[bus / 8] & (1u << (bus % 8)))
		return;
	seen[bus / 8] |= 1u << (bus % 8);
	for (unsigned int dev = 0; dev < 32; dev++) {
		uint16_t bdf = (uint16_t)(bus << 8 | dev << 3);
		unsigned int nfn = 1;

		if (ukplat_pci_cfg_read(bdf, PCI_VENDOR_ID, 2) == 0xffff)
			continue;
		if (ukplat_pci_cfg_read(bdf, PCI_HEADER_TYPE, 1) &
		    PCI_HDR_MULTIFN)
			nfn = 8;
		for (unsigned int f = 0; f < nfn; f++)
			if (ukplat_pci_cfg_read(bdf | f, PCI_VENDOR_ID, 2) !=
			    0xffff)
				scan_fn(bdf | f, fn);
	}
}

void ukplat_pci_scan(void (*fn)(struct ukplat_pci_dev *d))
{
	/* No host bridge at 00:00.0: no PCI (microvm). */
	if (ukplat_pci_cfg_read(0, PCI_VENDOR_ID, 2) == 0xffff)
		return;
	uk_memset(seen, 0, sizeof(seen));
	scan_bus(0, fn);
}
