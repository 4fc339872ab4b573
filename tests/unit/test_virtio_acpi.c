/*
 * tests/unit/test_virtio_acpi.c - virtio-mmio transports in a DSDT
 * (plat/common/virtio/virtio_acpi.c) and finding the DSDT itself
 * (ukplat_acpi_find_dsdt, plat/common/acpi.c). The AML is built here the
 * way QEMU's microvm writes it: Scope (\_SB) { Device (VRnn) { _HID
 * "LNRO0005", _UID, _CCA, _CRS { Memory32Fixed, Interrupt } } }, then
 * bent: other devices, nesting, edge/low interrupts, no interrupt, and
 * malformed package lengths, buffers and descriptors, truncation at every
 * length (each read stays inside an exactly sized heap copy).
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uk/plat.h>
#include "acpi.h"
#include "phys_access.h"
#include "virtio/virtio_parse.h"

static uint8_t aml[4096];
static size_t len;
static struct ukplat_virtio_mmio_desc dev[8];
static unsigned int n;
static const char *why;

static void put(const void *p, size_t k)
{
	memcpy(aml + len, p, k);
	len += k;
}

static void put8(uint8_t b)
{
	aml[len++] = b;
}

static void put32(uint32_t v)
{
	for (int i = 0; i < 4; i++)
		put8((uint8_t)(v >> (8 * i)));
}

/* Open a package: two-byte PkgLength, patched by close_pkg. */
static size_t open_pkg(void)
{
	size_t at = len;

	len += 2;
	return at;
}

static void close_pkg(size_t at)
{
	size_t plen = len - at;

	aml[at] = (uint8_t)(0x40 | (plen & 0x0f));
	aml[at + 1] = (uint8_t)(plen >> 4);
}

/* The _CRS buffer: Memory32Fixed, then an interrupt when irq != 0. */
static void crs(uint32_t base, uint32_t size, uint32_t irq, uint8_t flags)
{
	size_t pkg;

	put("\x08_CRS\x11", 6);
	pkg = open_pkg();
	put8(0x0a);
	put8(irq ? 23 : 14);
	put("\x86\x09\x00\x01", 4);
	put32(base);
	put32(size);
	if (irq) {
		put("\x89\x06\x00", 3);
		put8(flags);
		put8(1);
		put32(irq);
	}
	put("\x79\x00", 2);
	close_pkg(pkg);
}

static size_t device(const char *name, const char *hid)
{
	size_t pkg;

	put("\x5b\x82", 2);
	pkg = open_pkg();
	put(name, 4);
	if (hid) {
		put("\x08_HID\x0d", 6);
		put(hid, strlen(hid) + 1);
	}
	put("\x08_UID\x0a\x00", 7);
	put("\x08_CCA\x01", 6);
	return pkg;
}

static void virtio_dev(const char *name, uint32_t base, uint32_t irq, uint8_t fl)
{
	size_t pkg = device(name, "LNRO0005");

	crs(base, 0x200, irq, fl);
	close_pkg(pkg);
}

static int scan(size_t l, unsigned int max)
{
	uint8_t *copy = malloc(l ? l : 1);
	int rc;

	memcpy(copy, aml, l);
	memset(dev, 0, sizeof(dev));
	why = NULL;
	rc = ukplat_acpi_virtio_mmio(copy, l, dev, max, &n, &why);
	free(copy);
	return rc;
}

static void setup(void)
{
	len = 0;
	memset(aml, 0, sizeof(aml));
}

START_TEST(microvm_like)
{
	size_t sb;

	put("\x10", 1);
	sb = open_pkg();
	put("\\_SB_", 5);
	virtio_dev("VR00", 0xfeb00000, 16, 0x01);
	virtio_dev("VR01", 0xfeb00200, 17, 0x01);
	close_pkg(sb);
	ck_assert_int_eq(scan(len, 8), 0);
	ck_assert_ptr_eq(why, NULL);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(dev[0].base, 0xfeb00000);
	ck_assert_uint_eq(dev[0].size, 0x200);
	ck_assert_uint_eq(dev[0].irq, 16);
	ck_assert_uint_eq(dev[0].irq_flags, UKPLAT_IRQ_LEVEL | UKPLAT_IRQ_ACTIVE_HIGH);
	ck_assert_uint_eq(dev[1].base, 0xfeb00200);
	ck_assert_uint_eq(dev[1].irq, 17);
}
END_TEST

START_TEST(others_ignored_nesting_flags)
{
	size_t ged, outer;

	ged = device("GED_", "ACPI0013");
	crs(0xfea00000, 0x100, 9, 0x03);
	close_pkg(ged);
	/* An LNRO0005 device inside another device: found once, alone. */
	outer = device("OUTR", NULL);
	virtio_dev("VR05", 0xd0000000, 40, 0x01 | 0x02 | 0x04);
	close_pkg(outer);
	virtio_dev("VR06", 0xd0001000, 0, 0);
	ck_assert_int_eq(scan(len, 8), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(dev[0].base, 0xd0000000);
	ck_assert_uint_eq(dev[0].irq, 40);
	ck_assert_uint_eq(dev[0].irq_flags, UKPLAT_IRQ_EDGE | UKPLAT_IRQ_ACTIVE_LOW);
	ck_assert_uint_eq(dev[1].base, 0xd0001000);
	ck_assert_uint_eq(dev[1].irq, 0);
}
END_TEST

START_TEST(none_and_too_many)
{
	ck_assert_int_eq(scan(0, 8), 0);
	ck_assert_uint_eq(n, 0);
	virtio_dev("VR00", 0x1000, 5, 1);
	virtio_dev("VR01", 0x2000, 6, 1);
	virtio_dev("VR02", 0x3000, 7, 1);
	ck_assert_int_eq(scan(len, 2), -ENOSPC);
	ck_assert_str_eq(why, "more LNRO0005 devices than libuk takes");
	ck_assert_uint_eq(n, 2);
}
END_TEST

START_TEST(malformed)
{
	size_t pkg, crs_at;

	/* No _CRS. */
	pkg = device("VR00", "LNRO0005");
	close_pkg(pkg);
	ck_assert_int_eq(scan(len, 8), -ENODATA);
	ck_assert_str_eq(why, "LNRO0005 device without a _CRS buffer");

	/* A _CRS buffer longer than its device. */
	setup();
	pkg = device("VR00", "LNRO0005");
	crs_at = len;
	crs(0x1000, 0x200, 5, 1);
	close_pkg(pkg);
	aml[crs_at + 6] = 0x4f;
	aml[crs_at + 7] = 0x7f;
	ck_assert_int_eq(scan(len, 8), -EPROTO);
	ck_assert_str_eq(why, "bad PkgLength in an LNRO0005 _CRS");

	/* BufferSize that is not a constant. */
	aml[crs_at + 6] = 0x40 | (27 & 0x0f);   /* back to 27 bytes */
	aml[crs_at + 7] = 27 >> 4;
	aml[crs_at + 8] = 0x70;
	ck_assert_int_eq(scan(len, 8), -EPROTO);
	ck_assert_str_eq(why, "_CRS buffer size is not a constant");

	/* A BufferSize larger than the buffer. */
	aml[crs_at + 8] = 0x0a;
	aml[crs_at + 9] = 200;
	ck_assert_int_eq(scan(len, 8), -EPROTO);
	ck_assert_str_eq(why, "truncated _CRS buffer");

	/* A descriptor running past the buffer. */
	aml[crs_at + 9] = 23;
	aml[crs_at + 11] = 0x40;
	ck_assert_int_eq(scan(len, 8), -EPROTO);
	ck_assert_str_eq(why, "_CRS resource descriptor runs past its buffer");

	/* No Memory32Fixed: the descriptor becomes another large item. */
	aml[crs_at + 11] = 0x09;
	aml[crs_at + 10] = 0x85;
	ck_assert_int_eq(scan(len, 8), -ENODATA);
	ck_assert_str_eq(why, "LNRO0005 device without a Memory32Fixed resource");
}
END_TEST

START_TEST(truncated_everywhere)
{
	virtio_dev("VR00", 0xfeb00000, 16, 1);
	virtio_dev("VR01", 0xfeb00200, 17, 1);
	for (size_t l = 0; l <= len; l++) {
		int rc = scan(l, 8);

		ck_assert(rc == 0 || rc == -EPROTO || rc == -ENODATA);
		ck_assert_uint_le(n, 2);
		if (rc)
			ck_assert_ptr_nonnull(why);
	}
	ck_assert_uint_eq(n, 2);
}
END_TEST

/* ---- the DSDT through RSDP, RSDT and FADT in fake memory ---- */

#define MEM_SIZE (1u << 20)
#define RSDP_PA 0xe0000u
#define RSDT_PA 0x1000u
#define FADT_PA 0x2000u
#define DSDT_PA 0x3000u
static uint8_t *mem;

static const void *fake_map(void *ctx, uint64_t pa, uint64_t l)
{
	(void)ctx;
	return pa < MEM_SIZE && l <= MEM_SIZE - pa ? mem + pa : NULL;
}

static const struct ukplat_phys_access phys = { fake_map, NULL };

static uint8_t sum(const uint8_t *p, size_t k)
{
	uint8_t s = 0;

	while (k--)
		s += *p++;
	return s;
}

static void table(uint32_t pa, const char *sig, uint32_t l)
{
	struct ukplat_acpi_sdt_hdr *h = (struct ukplat_acpi_sdt_hdr *)(mem + pa);

	memcpy(h->signature, sig, 4);
	h->length = l;
	h->revision = 1;
	h->checksum = 0;
	h->checksum = (uint8_t)-sum(mem + pa, l);
}

START_TEST(find_dsdt)
{
	struct ukplat_acpi_rsdp *r;
	const uint8_t *body;
	size_t blen;
	uint32_t fadt = FADT_PA;

	mem = calloc(1, MEM_SIZE);
	virtio_dev("VR00", 0xfeb00000, 16, 1);
	memcpy(mem + DSDT_PA + 36, aml, len);
	table(DSDT_PA, "DSDT", (uint32_t)(36 + len));
	((struct ukplat_acpi_fadt *)(mem + FADT_PA))->dsdt = DSDT_PA;
	table(FADT_PA, "FACP", 116);
	memcpy(mem + RSDT_PA + 36, &fadt, 4);
	table(RSDT_PA, "RSDT", 40);
	r = (struct ukplat_acpi_rsdp *)(mem + RSDP_PA);
	memcpy(r->signature, "RSD PTR ", 8);
	r->rsdt_address = RSDT_PA;
	r->checksum = (uint8_t)-sum(mem + RSDP_PA, 20);

	ck_assert_int_eq(ukplat_acpi_find_dsdt(RSDP_PA, &phys, &body, &blen, &why), 0);
	ck_assert_ptr_eq(body, mem + DSDT_PA + 36);
	ck_assert_uint_eq(blen, len);
	ck_assert_int_eq(ukplat_acpi_virtio_mmio(body, blen, dev, 8, &n, &why), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(dev[0].base, 0xfeb00000);
	/* Found by the scan too. */
	ck_assert_int_eq(ukplat_acpi_find_dsdt(0, &phys, &body, &blen, &why), 0);

	mem[DSDT_PA + 40]++;
	ck_assert_int_eq(ukplat_acpi_find_dsdt(RSDP_PA, &phys, &body, &blen, &why),
			 -EBADMSG);
	ck_assert_str_eq(why, "bad DSDT checksum");
	((struct ukplat_acpi_fadt *)(mem + FADT_PA))->dsdt = 0;
	table(FADT_PA, "FACP", 116);
	ck_assert_int_eq(ukplat_acpi_find_dsdt(RSDP_PA, &phys, &body, &blen, &why),
			 -ENODEV);
	ck_assert_str_eq(why, "FADT names no DSDT");
	free(mem);
}
END_TEST

static Suite *virtio_acpi_suite(void)
{
	Suite *s = suite_create("virtio_acpi");
	TCase *t = tcase_create("virtio_acpi");

	tcase_add_checked_fixture(t, setup, NULL);
	tcase_add_test(t, microvm_like);
	tcase_add_test(t, others_ignored_nesting_flags);
	tcase_add_test(t, none_and_too_many);
	tcase_add_test(t, malformed);
	tcase_add_test(t, truncated_everywhere);
	tcase_add_test(t, find_dsdt);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(virtio_acpi_suite()), false);
}
