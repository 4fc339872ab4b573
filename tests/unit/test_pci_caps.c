/*
 * tests/unit/test_pci_caps.c - the PCI capability list walk and the
 * virtio-pci layout parser (plat/common/pci_caps.c) on configuration
 * space snapshots: QEMU's virtio-net-pci list (MSI-X, five virtio vendor
 * capabilities), no list, and malformed lists (a loop, a self loop, a
 * pointer into the header, capabilities running past the space, short
 * virtio capabilities, a reserved MSI-X BAR), which must be errors with a
 * reason, never hang or read out of the 256 bytes.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "pci.h"

static uint8_t cfg[PCI_CFG_SIZE];
static struct ukplat_virtio_pci_layout lay;
static const char *why;

static void put32(unsigned int off, uint32_t v)
{
	for (unsigned int i = 0; i < 4; i++)
		cfg[off + i] = (uint8_t)(v >> (8 * i));
}

static void reset_cfg(uint8_t first)
{
	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_STATUS] = PCI_STATUS_CAPS;
	cfg[PCI_CAP_PTR] = first;
}

/* A virtio_pci_cap at off: type, bar, offset, length, next. */
static void vcap(unsigned int off, uint8_t next, uint8_t len, uint8_t type,
		 uint8_t bar, uint32_t o, uint32_t l)
{
	cfg[off] = PCI_CAP_VENDOR;
	cfg[off + 1] = next;
	cfg[off + 2] = len;
	cfg[off + 3] = type;
	cfg[off + 4] = bar;
	put32(off + 8, o);
	put32(off + 12, l);
}

/* QEMU 7.2's virtio-net-pci (modern BAR 4, MSI-X table in BAR 1). */
static void qemu_list(void)
{
	reset_cfg(0x98);
	cfg[0x98] = PCI_CAP_MSIX;
	cfg[0x99] = 0x84;
	cfg[0x9a] = 2;  /* table size 3 */
	put32(0x9c, 0x00000001);
	put32(0xa0, 0x00000801);
	vcap(0x84, 0x70, 20, VIRTIO_PCI_CAP_NOTIFY, 4, 0x3000, 0x1000);
	put32(0x84 + 16, 4);
	vcap(0x70, 0x60, 16, VIRTIO_PCI_CAP_DEVICE, 4, 0x2000, 0x1000);
	vcap(0x60, 0x50, 16, VIRTIO_PCI_CAP_ISR, 4, 0x1000, 0x1000);
	vcap(0x50, 0x40, 16, VIRTIO_PCI_CAP_COMMON, 4, 0x0000, 0x1000);
	vcap(0x40, 0x00, 20, 5 /* PCI_CFG access: ignored */, 0, 0, 0);
}

START_TEST(qemu_virtio_net)
{
	struct ukplat_pci_cap caps[8];
	unsigned int n;

	qemu_list();
	ck_assert_int_eq(ukplat_pci_caps(cfg, caps, 8, &n, &why), 0);
	ck_assert_uint_eq(n, 6);
	ck_assert_uint_eq(caps[0].id, PCI_CAP_MSIX);
	ck_assert_uint_eq(caps[0].off, 0x98);
	ck_assert_uint_eq(caps[5].off, 0x40);
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), 0);
	ck_assert_uint_eq(lay.r[VIRTIO_PCI_CAP_COMMON].bar, 4);
	ck_assert_uint_eq(lay.r[VIRTIO_PCI_CAP_COMMON].len, 0x1000);
	ck_assert_uint_eq(lay.r[VIRTIO_PCI_CAP_ISR].off, 0x1000);
	ck_assert_uint_eq(lay.r[VIRTIO_PCI_CAP_DEVICE].off, 0x2000);
	ck_assert_uint_eq(lay.r[VIRTIO_PCI_CAP_NOTIFY].off, 0x3000);
	ck_assert_uint_eq(lay.notify_mult, 4);
	ck_assert_uint_eq(lay.msix_off, 0x98);
	ck_assert_uint_eq(lay.msix_size, 3);
	ck_assert_uint_eq(lay.msix_bar, 1);
	ck_assert_uint_eq(lay.msix_table, 0);
	/* Too small an array: -ENOSPC. */
	ck_assert_int_eq(ukplat_pci_caps(cfg, caps, 2, &n, &why), -ENOSPC);
}
END_TEST

START_TEST(no_list)
{
	reset_cfg(0x40);
	cfg[PCI_STATUS] = 0; /* the status bit says there is none */
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), 0);
	ck_assert_uint_eq(lay.msix_off, 0);
	for (unsigned int t = 1; t <= 4; t++)
		ck_assert_uint_eq(lay.r[t].bar, PCI_BARS);
	reset_cfg(0); /* the bit, but an empty list */
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), 0);
}
END_TEST

START_TEST(loops)
{
	struct ukplat_pci_cap caps[PCI_MAX_CAPS];
	unsigned int n;

	reset_cfg(0x40); /* a self loop */
	cfg[0x40] = 0x01;
	cfg[0x41] = 0x40;
	why = NULL;
	ck_assert_int_eq(ukplat_pci_caps(cfg, caps, PCI_MAX_CAPS, &n, &why),
			 -EPROTO);
	ck_assert_str_eq(why, "capability list loops");
	reset_cfg(0x50); /* 0x50 -> 0x60 -> 0x50 */
	cfg[0x51] = 0x60;
	cfg[0x61] = 0x50;
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), -EPROTO);
	/* Reserved low bits are masked, not followed: 0x43 is 0x40. */
	reset_cfg(0x43);
	ck_assert_int_eq(ukplat_pci_caps(cfg, caps, PCI_MAX_CAPS, &n, &why), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(caps[0].off, 0x40);
	/* The longest possible list without a loop is fine. */
	reset_cfg(0x40);
	for (unsigned int off = 0x40; off < 0xfc; off += 4)
		cfg[off + 1] = (uint8_t)(off + 4);
	ck_assert_int_eq(ukplat_pci_caps(cfg, caps, PCI_MAX_CAPS, &n, &why), 0);
	ck_assert_uint_eq(n, PCI_MAX_CAPS);
}
END_TEST

START_TEST(out_of_range)
{
	struct ukplat_pci_cap caps[4];
	unsigned int n;

	reset_cfg(0x20); /* into the header */
	ck_assert_int_eq(ukplat_pci_caps(cfg, caps, 4, &n, &why), -EPROTO);
	ck_assert_str_eq(why, "capability pointer into the header");
	reset_cfg(0x40); /* later into the header */
	cfg[0x41] = 0x04;
	ck_assert_int_eq(ukplat_pci_caps(cfg, caps, 4, &n, &why), -EPROTO);
	/* A virtio capability at the end of the space: past 256 bytes. */
	reset_cfg(0xf8);
	cfg[0xf8] = PCI_CAP_VENDOR;
	cfg[0xfa] = 16;
	cfg[0xfb] = VIRTIO_PCI_CAP_COMMON;
	cfg[0xfc] = 0;
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), -EPROTO);
	/* MSI-X at 0xfc: its table word lies outside. */
	reset_cfg(0xfc);
	cfg[0xfc] = PCI_CAP_MSIX;
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), -EPROTO);
}
END_TEST

START_TEST(bad_virtio_caps)
{
	/* Shorter than struct virtio_pci_cap. */
	reset_cfg(0x40);
	vcap(0x40, 0, 12, VIRTIO_PCI_CAP_COMMON, 4, 0, 0x1000);
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), -EPROTO);
	/* A notify capability without its multiplier. */
	vcap(0x40, 0, 16, VIRTIO_PCI_CAP_NOTIFY, 4, 0, 0x1000);
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), -EPROTO);
	/* A reserved BAR or type is skipped, and the next one used. */
	vcap(0x40, 0x50, 16, VIRTIO_PCI_CAP_COMMON, 6, 0, 0x1000);
	vcap(0x50, 0x60, 16, 9, 4, 0, 0x1000);
	vcap(0x60, 0x70, 16, VIRTIO_PCI_CAP_COMMON, 2, 0x100, 0x38);
	vcap(0x70, 0, 16, VIRTIO_PCI_CAP_COMMON, 3, 0x200, 0x38);
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), 0);
	ck_assert_uint_eq(lay.r[VIRTIO_PCI_CAP_COMMON].bar, 2);
	ck_assert_uint_eq(lay.r[VIRTIO_PCI_CAP_COMMON].off, 0x100);
	/* MSI-X naming BAR 7. */
	reset_cfg(0x40);
	cfg[0x40] = PCI_CAP_MSIX;
	put32(0x44, 0x2007);
	ck_assert_int_eq(ukplat_virtio_pci_layout(cfg, &lay, &why), -EPROTO);
	ck_assert_str_eq(why, "MSI-X table in a reserved BAR");
}
END_TEST

static Suite *pci_caps_suite(void)
{
	Suite *s = suite_create("pci_caps");
	TCase *t = tcase_create("pci_caps");

	tcase_add_test(t, qemu_virtio_net);
	tcase_add_test(t, no_list);
	tcase_add_test(t, loops);
	tcase_add_test(t, out_of_range);
	tcase_add_test(t, bad_virtio_caps);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(pci_caps_suite()), false);
}
