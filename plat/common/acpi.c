/*
 * plat/common/acpi.c - find the ACPI soft-off (S5) method.
 *
 * Owns: locating and validating the RSDP (ACPI 6.x, 5.2.5), walking the
 * XSDT or RSDT (5.2.7, 5.2.8) to the FADT (5.2.9), and reading the \_S5_
 * package (7.4.2) out of the DSDT's AML (20.2: NameOp, PackageOp,
 * PkgLength, ZeroOp/OneOp/OnesOp and the Byte/Word/DWord/QWord prefixes).
 * The register values follow 4.8.3.2.1 (PM1x_CNT: SLP_TYP bits 10-12,
 * SLP_EN bit 13) and 4.8.3.7 (sleep control: SLP_TYP bits 2-4, SLP_EN
 * bit 5).
 *
 * No AML interpreter: \_S5_ is a plain named package in every firmware we
 * boot on (QEMU, Firecracker, Cloud Hypervisor), so a byte scan for
 * NameOp "_S5_" PackageOp is enough and cannot run firmware code.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ukbase/string.h>
#include "acpi.h"
#include "phys_access.h"

#define ACPI_MAX_TABLE  (16U << 20)   /* only a corrupt header says more */
#define ACPI_HDR        sizeof(struct ukplat_acpi_sdt_hdr)

#define AML_NAMEOP      0x08
#define AML_PACKAGEOP   0x12
#define AML_ROOTCHAR    0x5c    /* '\' */

#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN        (1U << 13)
#define SLPCTL_TYP_SHIFT  2
#define SLPCTL_SLP_EN     (1U << 5)

/* Does the FADT (length from its header) reach to the end of 'field'? */
#define FADT_HAS(f, field)                                                   \
	((f)->hdr.length >= offsetof(struct ukplat_acpi_fadt, field) +       \
				    sizeof((f)->field))

/* How each table is checked, with the reasons it can be refused for. */
struct acpi_tbl {
	const char *sig;
	uint32_t minlen;
	const char *e_map, *e_sig, *e_len, *e_sum;
};

static const struct acpi_tbl rsdt_tbl = {
	"RSDT", ACPI_HDR, "RSDT is not accessible", "bad RSDT signature",
	"bad RSDT length", "bad RSDT checksum"
};
static const struct acpi_tbl xsdt_tbl = {
	"XSDT", ACPI_HDR, "XSDT is not accessible", "bad XSDT signature",
	"bad XSDT length", "bad XSDT checksum"
};
/* 116 bytes: the ACPI 1.0 FADT, which ends with the Flags field. */
static const struct acpi_tbl fadt_tbl = {
	"FACP", offsetof(struct ukplat_acpi_fadt, reset_reg),
	"FADT is not accessible", "bad FADT signature", "bad FADT length",
	"bad FADT checksum"
};
static const struct acpi_tbl dsdt_tbl = {
	"DSDT", ACPI_HDR, "DSDT is not accessible", "bad DSDT signature",
	"bad DSDT length", "bad DSDT checksum"
};

static uint8_t acpi_sum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/* Map a whole table at 'addr' after checking its header against 't'. */
static int acpi_table(const struct ukplat_phys_access *pa, uint64_t addr,
		      const struct acpi_tbl *t, const uint8_t **out,
		      const char **why)
{
	const struct ukplat_acpi_sdt_hdr *h = NULL;
	const uint8_t *p;

	if (addr)
		h = ukplat_phys_map(pa, addr, ACPI_HDR);
	if (!h)
		return ukplat_parse_fail(why, -EFAULT, t->e_map);
	if (uk_memcmp(h->signature, t->sig, 4) != 0)
		return ukplat_parse_fail(why, -EINVAL, t->e_sig);
	if (h->length < t->minlen || h->length > ACPI_MAX_TABLE)
		return ukplat_parse_fail(why, -EINVAL, t->e_len);
	p = ukplat_phys_map(pa, addr, h->length);
	if (!p)
		return ukplat_parse_fail(why, -EFAULT, t->e_map);
	if (acpi_sum(p, h->length) != 0)
		return ukplat_parse_fail(why, -EBADMSG, t->e_sum);
	*out = p;
	return 0;
}

static int rsdp_check(const struct ukplat_phys_access *pa, uint64_t addr,
		      const struct ukplat_acpi_rsdp **out, const char **why)
{
	const struct ukplat_acpi_rsdp *r;
	const uint8_t *p;

	r = ukplat_phys_map(pa, addr, UKPLAT_ACPI_RSDP_V1_SIZE);
	if (!r)
		return ukplat_parse_fail(why, -EFAULT, "RSDP is not accessible");
	if (uk_memcmp(r->signature, "RSD PTR ", 8) != 0)
		return ukplat_parse_fail(why, -EINVAL, "bad RSDP signature");
	if (acpi_sum((const uint8_t *)r, UKPLAT_ACPI_RSDP_V1_SIZE) != 0)
		return ukplat_parse_fail(why, -EBADMSG, "bad RSDP checksum");
	if (r->revision >= 2) {
		r = ukplat_phys_map(pa, addr, sizeof(*r));
		if (!r)
			return ukplat_parse_fail(why, -EFAULT,
						"RSDP is not accessible");
		if (r->length < sizeof(*r) || r->length > 4096)
			return ukplat_parse_fail(why, -EINVAL,
						"bad RSDP length");
		p = ukplat_phys_map(pa, addr, r->length);
		if (!p)
			return ukplat_parse_fail(why, -EFAULT,
						"RSDP is not accessible");
		if (acpi_sum(p, r->length) != 0)
			return ukplat_parse_fail(why, -EBADMSG,
					"bad RSDP extended checksum");
	}
	*out = r;
	return 0;
}

/*
 * Scan [base, base + len) on 16-byte boundaries. A signature whose
 * checksum fails is skipped (a stale copy may precede the real one) but
 * remembered in *bad for the error message.
 */
static uint64_t rsdp_scan(const struct ukplat_phys_access *pa, uint64_t base,
			  uint64_t len, bool *bad)
{
	const struct ukplat_acpi_rsdp *r;
	const uint8_t *p = ukplat_phys_map(pa, base, len);
	uint64_t off;

	if (!p)
		return 0;
	for (off = 0; off + UKPLAT_ACPI_RSDP_V1_SIZE <= len; off += 16) {
		if (uk_memcmp(p + off, "RSD PTR ", 8) != 0)
			continue;
		if (rsdp_check(pa, base + off, &r, NULL) == 0)
			return base + off;
		*bad = true;
	}
	return 0;
}

int ukplat_acpi_find_rsdp(const struct ukplat_phys_access *pa, uint64_t *addr,
			   const char **why)
{
	const uint8_t *bda = ukplat_phys_map(pa, 0x40e, 2);
	uint64_t ebda = 0, found = 0;
	bool bad = false;

	if (bda)
		ebda = (uint64_t)(bda[0] | bda[1] << 8) << 4;
	if (ebda && ebda + 1024 <= 0xa0000)
		found = rsdp_scan(pa, ebda, 1024, &bad);
	if (!found)
		found = rsdp_scan(pa, 0xe0000, 0x20000, &bad);
	if (!found && bad)
		return ukplat_parse_fail(why, -EBADMSG,
				"bad RSDP checksum (found by scanning)");
	if (!found)
		return ukplat_parse_fail(why, -ENXIO,
			"no RSDP found in the EBDA or 0xE0000-0xFFFFF");
	*addr = found;
	return 0;
}

/*
 * The address of the first table signed 'sig' in the XSDT (64-bit
 * entries) or the RSDT (32-bit); 'none_x'/'none_r' name its absence.
 */
static int find_sdt(const struct ukplat_phys_access *pa,
		    const struct ukplat_acpi_rsdp *r, const char *sig,
		    const char *none_x, const char *none_r, uint64_t *out,
		    const char **why)
{
	bool x = r->revision >= 2 && r->xsdt_address != 0;
	const struct ukplat_acpi_sdt_hdr *h;
	const uint8_t *t;
	uint32_t i, n, esz = x ? 8 : 4;
	uint64_t e;
	int rc;

	rc = acpi_table(pa, x ? r->xsdt_address : r->rsdt_address,
			x ? &xsdt_tbl : &rsdt_tbl, &t, why);
	if (rc)
		return rc;
	n = (((const struct ukplat_acpi_sdt_hdr *)t)->length - ACPI_HDR) / esz;
	for (i = 0; i < n; i++) {
		e = 0;
		uk_memcpy(&e, t + ACPI_HDR + i * esz, esz);  /* unaligned */
		if (e == 0)
			continue;
		h = ukplat_phys_map(pa, e, ACPI_HDR);
		if (!h)
			return ukplat_parse_fail(why, -EFAULT, x ?
				"XSDT entry is not accessible" :
				"RSDT entry is not accessible");
		if (uk_memcmp(h->signature, sig, 4) == 0) {
			*out = e;
			return 0;
		}
	}
	return ukplat_parse_fail(why, -ENOENT, x ? none_x : none_r);
}

static int find_fadt(const struct ukplat_phys_access *pa,
		     const struct ukplat_acpi_rsdp *r, uint64_t *fadt,
		     const char **why)
{
	return find_sdt(pa, r, "FACP", "no FADT (FACP) in the XSDT",
			"no FADT (FACP) in the RSDT", fadt, why);
}

static const struct acpi_tbl madt_tbl = {
	"APIC", ACPI_HDR + 8, "MADT is not accessible", "bad MADT signature",
	"bad MADT length", "bad MADT checksum"
};

int ukplat_acpi_find_madt(uint64_t rsdp_pa,
			  const struct ukplat_phys_access *pa,
			  uint64_t *madt_pa, const uint8_t **madt,
			  const char **why)
{
	const struct ukplat_acpi_rsdp *r;
	int rc;

	if (why)
		*why = NULL;
	if (!rsdp_pa) {
		rc = ukplat_acpi_find_rsdp(pa, &rsdp_pa, why);
		if (rc)
			return rc;
	}
	rc = rsdp_check(pa, rsdp_pa, &r, why);
	if (rc)
		return rc;
	rc = find_sdt(pa, r, "APIC", "no MADT (APIC) in the XSDT",
		      "no MADT (APIC) in the RSDT", madt_pa, why);
	if (rc)
		return rc;
	return acpi_table(pa, *madt_pa, &madt_tbl, madt, why);
}

/* PkgLength (20.2.4): bits 7-6 of the lead byte count the bytes after it. */
int ukplat_acpi_aml_pkglen(const uint8_t *p, size_t len, size_t *plen,
			   size_t *hdr)
{
	unsigned int extra, k;

	if (len < 1)
		return -EPROTO;
	extra = p[0] >> 6;
	if (extra == 0) {
		*plen = p[0] & 0x3f;
		*hdr = 1;
		return 0;
	}
	if (len < 1 + extra || (p[0] & 0x30))
		return -EPROTO;
	*plen = p[0] & 0x0f;
	for (k = 1; k <= extra; k++)
		*plen |= (size_t)p[k] << (4 + 8 * (k - 1));
	*hdr = 1 + extra;
	return 0;
}

/* One ComputationalData integer at p[*off], not past p[end]. */
static int aml_int(const uint8_t *p, size_t end, size_t *off, uint64_t *v)
{
	size_t n, k;

	if (*off >= end)
		return -EPROTO;
	switch (p[(*off)++]) {
	case 0x00: *v = 0; return 0;            /* ZeroOp */
	case 0x01: *v = 1; return 0;            /* OneOp */
	case 0xff: *v = UINT64_MAX; return 0;   /* OnesOp */
	case 0x0a: n = 1; break;                /* BytePrefix */
	case 0x0b: n = 2; break;                /* WordPrefix */
	case 0x0c: n = 4; break;                /* DWordPrefix */
	case 0x0e: n = 8; break;                /* QWordPrefix */
	default: return -EPROTO;
	}
	if (end - *off < n)
		return -EPROTO;
	*v = 0;
	for (k = 0; k < n; k++)
		*v |= (uint64_t)p[*off + k] << (8 * k);
	*off += n;
	return 0;
}

/* 'p' points just after PackageOp. */
static int s5_package(const uint8_t *p, size_t len, uint8_t *slp_typa,
		      uint8_t *slp_typb, const char **why)
{
	size_t plen, off;
	uint64_t a, b;
	unsigned int nelem;

	if (ukplat_acpi_aml_pkglen(p, len, &plen, &off) || plen > len || plen <= off)
		return ukplat_parse_fail(why, -EPROTO,
					"bad PkgLength in the _S5_ package");
	nelem = p[off++];
	if (nelem == 0 || aml_int(p, plen, &off, &a))
		return ukplat_parse_fail(why, -EPROTO,
					"malformed _S5_ package element");
	if (nelem >= 2) {
		if (aml_int(p, plen, &off, &b))
			return ukplat_parse_fail(why, -EPROTO,
					"malformed _S5_ package element");
	} else {
		/* Old firmware packs both values into one integer. */
		b = (a >> 8) & 0xff;
		a &= 0xff;
	}
	if (a > 7 || b > 7)
		return ukplat_parse_fail(why, -ERANGE,
					"_S5_ sleep type does not fit 3 bits");
	*slp_typa = (uint8_t)a;
	*slp_typb = (uint8_t)b;
	return 0;
}

int ukplat_acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *slp_typa,
			uint8_t *slp_typb, const char **why)
{
	size_t i;

	if (why)
		*why = NULL;
	for (i = 1; i + 5 <= len; i++) {
		if (uk_memcmp(aml + i, "_S5_", 4) != 0 ||
		    aml[i + 4] != AML_PACKAGEOP)
			continue;
		if (aml[i - 1] == AML_NAMEOP ||
		    (i >= 2 && aml[i - 1] == AML_ROOTCHAR &&
		     aml[i - 2] == AML_NAMEOP))
			return s5_package(aml + i + 5, len - i - 5, slp_typa,
					  slp_typb, why);
	}
	return ukplat_parse_fail(why, -ENODATA, "no _S5_ object in DSDT");
}

/* Fill 'r' from a generic address structure (5.2.3.2). */
static int gas_reg(const struct ukplat_acpi_gas *g, uint8_t dflt_width,
		   uint32_t value, uint32_t mask, struct ukplat_acpi_reg *r,
		   const char **why)
{
	unsigned int width = dflt_width;

	if (g->space_id != UKPLAT_ACPI_GAS_IO &&
	    g->space_id != UKPLAT_ACPI_GAS_MEM)
		return ukplat_parse_fail(why, -ENOTSUP,
			"ACPI sleep register is not in memory or I/O space");
	if (g->access_size)
		width = g->access_size <= 3 ? 1U << (g->access_size - 1) : 8;
	else if (g->bit_width)
		width = g->bit_width / 8;
	if (width != 1 && width != 2 && width != 4)
		return ukplat_parse_fail(why, -ENOTSUP,
			"unsupported ACPI sleep register access width");
	/* The bits we write must land inside the access. */
	if (g->bit_offset >= 8 * width ||
	    ((uint64_t)mask << g->bit_offset) >> (8 * width) != 0)
		return ukplat_parse_fail(why, -ENOTSUP,
			"ACPI sleep register too narrow for SLP_TYP/SLP_EN");
	r->addr = g->address;
	r->space = g->space_id;
	r->width = (uint8_t)width;
	r->value = value << g->bit_offset;
	r->mask = mask << g->bit_offset;
	return 0;
}

/* PM1a/PM1b control blocks: X_ GAS when present, else the I/O port. */
static int pm1_regs(const struct ukplat_acpi_fadt *f,
		    struct ukplat_acpi_poweroff *out, const char **why)
{
	const uint32_t mask = 7U << PM1_SLP_TYP_SHIFT | PM1_SLP_EN;
	struct ukplat_acpi_gas g = { UKPLAT_ACPI_GAS_IO, 16, 0, 2, 0 };
	uint32_t v;
	int rc;

	if (FADT_HAS(f, x_pm1a_cnt_blk) && f->x_pm1a_cnt_blk.address)
		g = f->x_pm1a_cnt_blk;
	else
		g.address = f->pm1a_cnt_blk;
	if (g.address == 0)
		return ukplat_parse_fail(why, -ENODEV,
					"FADT has no PM1a_CNT_BLK");
	v = (uint32_t)out->slp_typa << PM1_SLP_TYP_SHIFT | PM1_SLP_EN;
	rc = gas_reg(&g, 2, v, mask, &out->reg[0], why);
	if (rc)
		return rc;
	out->nr_regs = 1;

	g = (struct ukplat_acpi_gas){ UKPLAT_ACPI_GAS_IO, 16, 0, 2, 0 };
	if (FADT_HAS(f, x_pm1b_cnt_blk) && f->x_pm1b_cnt_blk.address)
		g = f->x_pm1b_cnt_blk;
	else
		g.address = f->pm1b_cnt_blk;
	if (g.address == 0)
		return 0;
	v = (uint32_t)out->slp_typb << PM1_SLP_TYP_SHIFT | PM1_SLP_EN;
	rc = gas_reg(&g, 2, v, mask, &out->reg[1], why);
	if (rc)
		return rc;
	out->nr_regs = 2;
	return 0;
}

/* Hardware-reduced ACPI has no PM1 blocks, only this register. */
static int sleep_reg(const struct ukplat_acpi_fadt *f,
		     struct ukplat_acpi_poweroff *out, const char **why)
{
	const uint32_t mask = 7U << SLPCTL_TYP_SHIFT | SLPCTL_SLP_EN;
	uint32_t v;
	int rc;

	if (!FADT_HAS(f, sleep_control_reg) || !f->sleep_control_reg.address)
		return ukplat_parse_fail(why, -ENODEV,
			"hardware-reduced FADT has no SLEEP_CONTROL_REG");
	v = (uint32_t)out->slp_typa << SLPCTL_TYP_SHIFT | SLPCTL_SLP_EN;
	rc = gas_reg(&f->sleep_control_reg, 1, v, mask, &out->reg[0], why);
	if (rc)
		return rc;
	out->nr_regs = 1;
	return 0;
}

/* The FADT and the DSDT through the RSDP at rsdp_pa (0: scan). */
static int fadt_dsdt(uint64_t rsdp_pa, const struct ukplat_phys_access *pa,
		     struct ukplat_acpi_poweroff *out,
		     const struct ukplat_acpi_fadt **fadt, const uint8_t **dsdt,
		     const char **why)
{
	const struct ukplat_acpi_rsdp *r;
	const struct ukplat_acpi_fadt *f;
	const uint8_t *t;
	int rc;

	if (!rsdp_pa) {
		rc = ukplat_acpi_find_rsdp(pa, &rsdp_pa, why);
		if (rc)
			return rc;
	}
	rc = rsdp_check(pa, rsdp_pa, &r, why);
	if (rc)
		return rc;
	out->rsdp = rsdp_pa;
	rc = find_fadt(pa, r, &out->fadt, why);
	if (rc)
		return rc;
	rc = acpi_table(pa, out->fadt, &fadt_tbl, &t, why);
	if (rc)
		return rc;
	f = (const struct ukplat_acpi_fadt *)t;
	out->hw_reduced = (f->flags & UKPLAT_ACPI_FADT_HW_REDUCED) != 0;
	out->century_reg = f->century;
	out->dsdt = FADT_HAS(f, x_dsdt) && f->x_dsdt ? f->x_dsdt : f->dsdt;
	if (out->dsdt == 0)
		return ukplat_parse_fail(why, -ENODEV, "FADT names no DSDT");
	*fadt = f;
	return acpi_table(pa, out->dsdt, &dsdt_tbl, dsdt, why);
}

int ukplat_acpi_find_dsdt(uint64_t rsdp_pa, const struct ukplat_phys_access *pa,
			  const uint8_t **aml, size_t *len, const char **why)
{
	struct ukplat_acpi_poweroff tmp = { 0 };
	const struct ukplat_acpi_fadt *f;
	const uint8_t *t;
	int rc;

	if (why)
		*why = NULL;
	rc = fadt_dsdt(rsdp_pa, pa, &tmp, &f, &t, why);
	if (rc)
		return rc;
	*aml = t + ACPI_HDR;
	*len = ((const struct ukplat_acpi_sdt_hdr *)t)->length - ACPI_HDR;
	return 0;
}

int ukplat_acpi_find_poweroff(uint64_t rsdp_pa,
			      const struct ukplat_phys_access *pa,
			      struct ukplat_acpi_poweroff *out,
			      const char **why)
{
	const struct ukplat_acpi_fadt *f;
	const uint8_t *t;
	uint32_t len;
	int rc;

	if (why)
		*why = NULL;
	uk_memset(out, 0, sizeof(*out));
	rc = fadt_dsdt(rsdp_pa, pa, out, &f, &t, why);
	if (rc)
		return rc;
	len = ((const struct ukplat_acpi_sdt_hdr *)t)->length;
	rc = ukplat_acpi_find_s5(t + ACPI_HDR, len - ACPI_HDR, &out->slp_typa,
				 &out->slp_typb, why);
	if (rc)
		return rc;
	return out->hw_reduced ? sleep_reg(f, out, why) : pm1_regs(f, out, why);
}
