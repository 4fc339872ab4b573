/*
 * plat/common/virtio/virtio_acpi.c - virtio-mmio transports in an ACPI
 * DSDT, where QEMU's microvm (ACPI on, its default) lists them:
 *
 *   Device (VR00) { Name (_HID, "LNRO0005") ...
 *       Name (_CRS, ResourceTemplate () {
 *           Memory32Fixed (ReadWrite, base, size)
 *           Interrupt (ResourceConsumer, Level, ActiveHigh, ...) { gsi } }) }
 *
 * No AML interpreter: a bounded byte scan for DeviceOp (ACPI 6.x, 20.2.5.2:
 * ExtOpPrefix 0x5B 0x82, PkgLength), inside each for NameOp "_HID"
 * StringPrefix "LNRO0005" and NameOp "_CRS" BufferOp (20.2.5.4), whose
 * bytes are resource descriptors (6.4: small items, large items 0x86
 * Memory32Fixed, 0x89 Extended Interrupt). Nested devices are skipped
 * while looking at a device's own names, so each is seen once. Nothing
 * is read outside [aml, aml + len).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/plat.h>
#include <ukbase/string.h>
#include "acpi.h"
#include "phys_access.h"
#include "virtio_parse.h"

#define AML_NAMEOP    0x08
#define AML_STRING    0x0d
#define AML_BUFFEROP  0x11
#define AML_EXTOP     0x5b
#define AML_DEVICEOP  0x82

#define RES_MEM32_FIXED   0x86
#define RES_EXT_IRQ       0x89
#define RES_END_TAG       0x0f    /* small item type */
#define EXT_IRQ_EDGE      (1u << 1)
#define EXT_IRQ_LOW       (1u << 2)

static const uint8_t hid_lnro[] = { AML_NAMEOP, '_', 'H', 'I', 'D', AML_STRING,
				    'L', 'N', 'R', 'O', '0', '0', '0', '5', 0 };
static const uint8_t crs_buf[] = { AML_NAMEOP, '_', 'C', 'R', 'S', AML_BUFFEROP };

static uint32_t rd16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

/* A DeviceOp at a[i] whose PkgLength fits [i, end): its end, else 0. */
static size_t device_at(const uint8_t *a, size_t i, size_t end)
{
	size_t plen, hdr;

	if (end - i < 3 || a[i] != AML_EXTOP || a[i + 1] != AML_DEVICEOP)
		return 0;
	if (ukplat_acpi_aml_pkglen(a + i + 2, end - i - 2, &plen, &hdr) ||
	    plen < hdr || plen > end - i - 2)
		return 0;
	return i + 2 + plen;
}

/* The first 'pat' among the device body's own bytes, nested devices skipped. */
static size_t find_own(const uint8_t *a, size_t from, size_t end,
		       const uint8_t *pat, size_t n)
{
	size_t i = from, nested;

	while (i < end) {
		nested = device_at(a, i, end);
		if (nested) {
			i = nested;
			continue;
		}
		if (end - i >= n && uk_memcmp(a + i, pat, n) == 0)
			return i;
		i++;
	}
	return end;
}

/* The resource descriptors of one _CRS buffer's bytes. */
static int resources(const uint8_t *r, size_t n,
		     struct ukplat_virtio_mmio_desc *d, bool *mem,
		     const char **why)
{
	size_t off = 0, l;

	while (off < n) {
		if (!(r[off] & 0x80)) {          /* small item */
			if (((r[off] >> 3) & 0x0f) == RES_END_TAG)
				return 0;
			l = 1 + (r[off] & 7u);
		} else {                          /* large item */
			if (n - off < 3)
				return ukplat_parse_fail(why, -EPROTO,
					"truncated _CRS resource descriptor");
			l = 3 + rd16(r + off + 1);
		}
		if (l > n - off)
			return ukplat_parse_fail(why, -EPROTO,
				"_CRS resource descriptor runs past its buffer");
		if (r[off] == RES_MEM32_FIXED && l >= 12 && !*mem) {
			d->base = rd32(r + off + 4);
			d->size = rd32(r + off + 8);
			*mem = true;
		} else if (r[off] == RES_EXT_IRQ && l >= 9 && r[off + 4] && !d->irq) {
			uint8_t fl = r[off + 3];

			d->irq = rd32(r + off + 5);
			d->irq_flags = (fl & EXT_IRQ_EDGE ? UKPLAT_IRQ_EDGE :
					UKPLAT_IRQ_LEVEL) |
				       (fl & EXT_IRQ_LOW ? UKPLAT_IRQ_ACTIVE_LOW :
					UKPLAT_IRQ_ACTIVE_HIGH);
		}
		off += l;
	}
	return 0;
}

/* The _CRS of the device body [from, end). */
static int device_crs(const uint8_t *a, size_t from, size_t end,
		      struct ukplat_virtio_mmio_desc *d, const char **why)
{
	size_t i = find_own(a, from, end, crs_buf, sizeof(crs_buf));
	size_t plen, hdr, bend, data;
	uint64_t bsize;
	bool mem = false;
	int rc;

	if (i == end)
		return ukplat_parse_fail(why, -ENODATA,
					"LNRO0005 device without a _CRS buffer");
	i += sizeof(crs_buf);
	if (ukplat_acpi_aml_pkglen(a + i, end - i, &plen, &hdr) ||
	    plen < hdr || plen > end - i)
		return ukplat_parse_fail(why, -EPROTO,
					"bad PkgLength in an LNRO0005 _CRS");
	bend = i + plen;
	data = i + hdr;
	/* BufferSize: ZeroOp, OneOp or a Byte/Word/DWord constant. */
	if (data >= bend)
		return ukplat_parse_fail(why, -EPROTO, "truncated _CRS buffer");
	switch (a[data]) {
	case 0x00: bsize = 0; data += 1; break;
	case 0x01: bsize = 1; data += 1; break;
	case 0x0a: bsize = data + 1 < bend ? a[data + 1] : 0; data += 2; break;
	case 0x0b: bsize = bend - data >= 3 ? rd16(a + data + 1) : 0; data += 3; break;
	case 0x0c: bsize = bend - data >= 5 ? rd32(a + data + 1) : 0; data += 5; break;
	default:
		return ukplat_parse_fail(why, -EPROTO,
					"_CRS buffer size is not a constant");
	}
	if (data > bend || bsize > bend - data)
		return ukplat_parse_fail(why, -EPROTO, "truncated _CRS buffer");
	rc = resources(a + data, (size_t)bsize, d, &mem, why);
	if (rc)
		return rc;
	if (!mem || !d->size)
		return ukplat_parse_fail(why, -ENODATA,
			"LNRO0005 device without a Memory32Fixed resource");
	return 0;
}

int ukplat_acpi_virtio_mmio(const uint8_t *aml, size_t len,
			    struct ukplat_virtio_mmio_desc *dev, unsigned int max,
			    unsigned int *ndev, const char **why)
{
	*ndev = 0;
	if (why)
		*why = NULL;
	for (size_t i = 0; i + 2 < len; i++) {
		struct ukplat_virtio_mmio_desc d = { 0 };
		size_t end = device_at(aml, i, len), body;
		int rc;

		if (!end)
			continue;
		body = i + 2; /* the name and the TermList: search them all */
		if (find_own(aml, body, end, hid_lnro, sizeof(hid_lnro)) == end)
			continue;
		rc = device_crs(aml, body, end, &d, why);
		if (rc)
			return rc;
		if (*ndev == max)
			return ukplat_parse_fail(why, -ENOSPC,
					"more LNRO0005 devices than libuk takes");
		dev[(*ndev)++] = d;
	}
	return 0;
}
