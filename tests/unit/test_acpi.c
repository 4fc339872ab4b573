/*
 * tests/unit/test_acpi.c - the ACPI S5 lookup (plat/common/acpi.c) against
 * firmware tables built in fake physical memory: RSDP v1 (RSDT) and v2
 * (XSDT), an ACPI 1.0 FADT with PM1a_CNT_BLK (QEMU pc), a 3.0 FADT with
 * X_PM1a_CNT_BLK (q35), a hardware-reduced FADT with SLEEP_CONTROL_REG
 * (microvm), and DSDTs carrying \_S5_ in the encodings AML allows.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "phys_access.h"

#define MEM_SIZE (16ULL << 20)

#define RSDP_PA  0xf5a40ULL      /* where SeaBIOS puts it */
#define RSDT_PA  0x800000ULL
#define XSDT_PA  0x800100ULL
#define APIC_PA  0x800200ULL
#define FADT_PA  0x800300ULL
#define DSDT_PA  0x800500ULL
#define SLPCTL   0xfea00001ULL   /* microvm GED sleep control, MMIO */

static uint8_t *mem;
static const char *why;
static struct ukplat_acpi_poweroff po;

static const void *fake_map(void *ctx, uint64_t pa, uint64_t len)
{
	ck_assert_uint_ne(len, 0);
	if (pa >= MEM_SIZE || len > MEM_SIZE - pa)
		return NULL;
	return mem + pa;
}

static const struct ukplat_phys_access phys = { fake_map, NULL };

static void *P(uint64_t pa)
{
	return mem + pa;
}

static uint8_t sum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (n--)
		s += *b++;
	return s;
}

static void resum(uint64_t pa)
{
	struct ukplat_acpi_sdt_hdr *h = P(pa);

	h->checksum = 0;
	h->checksum = (uint8_t)-sum(h, h->length);
}

static void rsdp_resum(uint64_t pa)
{
	struct ukplat_acpi_rsdp *r = P(pa);

	r->checksum = 0;
	r->extended_checksum = 0;
	r->checksum = (uint8_t)-sum(r, 20);
	if (r->revision >= 2)
		r->extended_checksum = (uint8_t)-sum(r, r->length);
}

static void put_hdr(uint64_t pa, const char *sig, uint32_t len, uint8_t rev)
{
	struct ukplat_acpi_sdt_hdr *h = P(pa);

	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = rev;
	memcpy(h->oem_id, "BOCHS ", 6);
	memcpy(h->oem_table_id, "BXPC    ", 8);
	h->oem_revision = 1;
	memcpy(&h->creator_id, "BXPC", 4);
	h->creator_revision = 1;
}

static void put_rsdp(uint64_t pa, uint8_t rev)
{
	struct ukplat_acpi_rsdp *r = P(pa);

	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, "BOCHS ", 6);
	r->revision = rev;
	r->rsdt_address = RSDT_PA;
	if (rev >= 2) {
		r->length = 36;
		r->xsdt_address = XSDT_PA;
	}
	rsdp_resum(pa);
}

enum fadt_kind { FADT_V1, FADT_X, FADT_HWRED };

/* Name (\_S5, Package (0x04) { 0x05, Zero, Zero, Zero }), among noise */
static const uint8_t aml_s5[] = {
	0x10, 0x09, '\\', '_', 'S', 'B', '_', 0x5b, 0x82, 0x02, 0x00,
	0x70, '_', 'S', '5', '_', 0x12, 0x60,       /* not a NameOp: skip */
	0x08, '\\', '_', 'S', '5', '_', 0x12, 0x07, 0x04,
	0x0a, 0x05, 0x00, 0x00, 0x00,
	0x08, '_', 'S', '4', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00,
};

static void put_dsdt(const uint8_t *aml, size_t n)
{
	put_hdr(DSDT_PA, "DSDT", (uint32_t)(36 + n), 1);
	memcpy((uint8_t *)P(DSDT_PA) + 36, aml, n);
	resum(DSDT_PA);
}

static void put_fadt(enum fadt_kind kind)
{
	struct ukplat_acpi_fadt *f = P(FADT_PA);
	static const uint32_t len[] = { 116, 244, 276 };
	static const uint8_t rev[] = { 1, 3, 5 };
	const struct ukplat_acpi_gas pm1a = { UKPLAT_ACPI_GAS_IO, 16, 0, 2,
					      0x604 };
	const struct ukplat_acpi_gas slp = { UKPLAT_ACPI_GAS_MEM, 8, 0, 1,
					     SLPCTL };

	memset(f, 0, sizeof(*f));
	put_hdr(FADT_PA, "FACP", len[kind], rev[kind]);
	f->century = 0x32;
	if (kind == FADT_HWRED) {
		f->flags = 1U << 20;    /* HW_REDUCED_ACPI, spelled out */
		f->x_dsdt = DSDT_PA;
		f->sleep_control_reg = slp;
		f->sleep_status_reg = slp;
		f->sleep_status_reg.address = SLPCTL + 1;
	} else {
		f->dsdt = (uint32_t)DSDT_PA;
		f->pm1a_evt_blk = 0x600;
		f->pm1a_cnt_blk = 0x604;
		f->pm1_evt_len = 4;
		f->pm1_cnt_len = 2;
		if (kind == FADT_X) {
			f->x_dsdt = DSDT_PA;
			f->x_pm1a_cnt_blk = pm1a;
		}
	}
	resum(FADT_PA);
}

/* Root tables list a MADT, then the FADT (when 'fadt'). */
static void put_roots(bool fadt)
{
	uint32_t r[2] = { (uint32_t)APIC_PA, (uint32_t)FADT_PA };
	uint64_t x[2] = { APIC_PA, FADT_PA };
	uint32_t n = fadt ? 2 : 1;

	put_hdr(APIC_PA, "APIC", 44, 1);
	resum(APIC_PA);
	put_hdr(RSDT_PA, "RSDT", 36 + 4 * n, 1);
	memcpy((uint8_t *)P(RSDT_PA) + 36, r, 4 * n);
	resum(RSDT_PA);
	put_hdr(XSDT_PA, "XSDT", 36 + 8 * n, 1);
	memcpy((uint8_t *)P(XSDT_PA) + 36, x, 8 * n);
	resum(XSDT_PA);
}

static void build(uint8_t rsdp_rev, enum fadt_kind kind)
{
	put_dsdt(aml_s5, sizeof(aml_s5));
	put_fadt(kind);
	put_roots(true);
	put_rsdp(RSDP_PA, rsdp_rev);
}

static int run(uint64_t rsdp)
{
	return ukplat_acpi_find_poweroff(rsdp, &phys, &po, &why);
}

static void setup(void)
{
	mem = calloc(1, MEM_SIZE);
	ck_assert_ptr_nonnull(mem);
	why = "unset";
}

static void teardown(void)
{
	free(mem);
}

#define CHECK_FAIL(rc, err, text)                                            \
	do {                                                                 \
		ck_assert_int_eq((rc), (err));                               \
		ck_assert_ptr_nonnull(why);                                  \
		ck_assert_msg(strstr(why, (text)) != NULL,                   \
			      "reason '%s' lacks '%s'", why, (text));        \
	} while (0)

static void check_pm1a(uint8_t typ)
{
	ck_assert(!po.hw_reduced);
	ck_assert_uint_eq(po.nr_regs, 1);
	ck_assert_uint_eq(po.reg[0].space, UKPLAT_ACPI_GAS_IO);
	ck_assert_uint_eq(po.reg[0].addr, 0x604);
	ck_assert_uint_eq(po.reg[0].width, 2);
	ck_assert_uint_eq(po.reg[0].value, (uint32_t)typ << 10 | 1U << 13);
	ck_assert_uint_eq(po.reg[0].mask, 0x3c00);
}

START_TEST(legacy_rsdt_v1)
{
	build(0, FADT_V1);
	ck_assert_int_eq(run(RSDP_PA), 0);
	ck_assert_ptr_null(why);
	ck_assert_uint_eq(po.rsdp, RSDP_PA);
	ck_assert_uint_eq(po.fadt, FADT_PA);
	ck_assert_uint_eq(po.dsdt, DSDT_PA);
	ck_assert_uint_eq(po.slp_typa, 5);
	ck_assert_uint_eq(po.slp_typb, 0);
	ck_assert_uint_eq(po.century_reg, 0x32);
	check_pm1a(5);
}
END_TEST

START_TEST(legacy_xsdt_v2)
{
	build(2, FADT_X);
	ck_assert_int_eq(run(RSDP_PA), 0);
	check_pm1a(5);
	/* the XSDT is preferred: break the RSDT, it must not matter */
	memcpy(P(RSDT_PA), "XXXX", 4);
	ck_assert_int_eq(run(RSDP_PA), 0);
	/* X_PM1a_CNT_BLK wins over PM1a_CNT_BLK */
	((struct ukplat_acpi_fadt *)P(FADT_PA))->pm1a_cnt_blk = 0xb004;
	resum(FADT_PA);
	ck_assert_int_eq(run(RSDP_PA), 0);
	check_pm1a(5);
	/* a zero X_ field falls back to the 32-bit one */
	((struct ukplat_acpi_fadt *)P(FADT_PA))->x_pm1a_cnt_blk.address = 0;
	resum(FADT_PA);
	ck_assert_int_eq(run(RSDP_PA), 0);
	ck_assert_uint_eq(po.reg[0].addr, 0xb004);
}
END_TEST

START_TEST(legacy_pm1b)
{
	static const uint8_t aml[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
		0x0a, 0x07, 0x0a, 0x03, 0x00, 0x00,
	};
	struct ukplat_acpi_fadt *f = P(FADT_PA);

	build(0, FADT_V1);
	put_dsdt(aml, sizeof(aml));
	f->pm1b_cnt_blk = 0x644;
	resum(FADT_PA);
	ck_assert_int_eq(run(RSDP_PA), 0);
	ck_assert_uint_eq(po.nr_regs, 2);
	ck_assert_uint_eq(po.reg[0].value, 7U << 10 | 1U << 13);
	ck_assert_uint_eq(po.reg[1].addr, 0x644);
	ck_assert_uint_eq(po.reg[1].space, UKPLAT_ACPI_GAS_IO);
	ck_assert_uint_eq(po.reg[1].width, 2);
	ck_assert_uint_eq(po.reg[1].value, 3U << 10 | 1U << 13);
}
END_TEST

START_TEST(hw_reduced)
{
	build(2, FADT_HWRED);
	ck_assert_int_eq(run(RSDP_PA), 0);
	ck_assert(po.hw_reduced);
	ck_assert_uint_eq(po.dsdt, DSDT_PA);
	ck_assert_uint_eq(po.nr_regs, 1);
	ck_assert_uint_eq(po.reg[0].space, UKPLAT_ACPI_GAS_MEM);
	ck_assert_uint_eq(po.reg[0].addr, SLPCTL);
	ck_assert_uint_eq(po.reg[0].width, 1);
	ck_assert_uint_eq(po.reg[0].value, 5U << 2 | 1U << 5);
	ck_assert_uint_eq(po.reg[0].mask, 0x3c);
}
END_TEST

START_TEST(hw_reduced_errors)
{
	struct ukplat_acpi_fadt *f = P(FADT_PA);

	build(2, FADT_HWRED);
	f->sleep_control_reg.space_id = 2;          /* PCI config space */
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -ENOTSUP, "memory or I/O");
	f->sleep_control_reg.space_id = UKPLAT_ACPI_GAS_MEM;
	f->sleep_control_reg.access_size = 4;       /* qword */
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -ENOTSUP, "width");
	f->sleep_control_reg.access_size = 1;
	f->sleep_control_reg.bit_offset = 4;        /* SLP_EN past bit 7 */
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -ENOTSUP, "narrow");
	f->sleep_control_reg.address = 0;
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -ENODEV, "SLEEP_CONTROL_REG");
	/* a hardware-reduced FADT too short to hold the register */
	f->sleep_control_reg.address = SLPCTL;
	f->hdr.length = 244;
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -ENODEV, "SLEEP_CONTROL_REG");
}
END_TEST

START_TEST(scan_bios_area)
{
	build(2, FADT_X);
	ck_assert_int_eq(run(0), 0);
	ck_assert_uint_eq(po.rsdp, RSDP_PA);
	check_pm1a(5);
}
END_TEST

START_TEST(scan_ebda)
{
	build(0, FADT_V1);
	memset(P(RSDP_PA), 0, 36);
	mem[0x40e] = 0xc0;                          /* EBDA segment 0x9fc0 */
	mem[0x40f] = 0x9f;
	put_rsdp(0x9fc00 + 0x30, 0);
	ck_assert_int_eq(run(0), 0);
	ck_assert_uint_eq(po.rsdp, 0x9fc30);
	/* past the EBDA's first KiB it is not looked for */
	memset(P(0x9fc30), 0, 36);
	put_rsdp(0x9fc00 + 0x400, 0);
	CHECK_FAIL(run(0), -ENXIO, "no RSDP");
}
END_TEST

START_TEST(scan_skips_stale_copy)
{
	build(2, FADT_X);
	put_rsdp(0xe0010, 2);
	mem[0xe0010 + 9]++;                         /* corrupt OEM id */
	ck_assert_int_eq(run(0), 0);
	ck_assert_uint_eq(po.rsdp, RSDP_PA);
	/* only a corrupt one: say so */
	memset(P(RSDP_PA), 0, 36);
	CHECK_FAIL(run(0), -EBADMSG, "checksum");
	/* none at all; also off 16-byte alignment is not found */
	memset(P(0xe0010), 0, 36);
	put_rsdp(0xe0018, 2);
	CHECK_FAIL(run(0), -ENXIO, "no RSDP");
}
END_TEST

START_TEST(bad_checksums)
{
	static const struct { uint64_t pa; size_t off; const char *what; } c[] = {
		{ RSDP_PA, 9, "bad RSDP checksum" },
		{ RSDP_PA, 33, "bad RSDP extended checksum" },
		{ XSDT_PA, 10, "bad XSDT checksum" },
		{ FADT_PA, 20, "bad FADT checksum" },
		{ DSDT_PA, 40, "bad DSDT checksum" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		build(2, FADT_X);
		mem[c[i].pa + c[i].off] ^= 0x40;
		CHECK_FAIL(run(RSDP_PA), -EBADMSG, c[i].what);
	}
	build(0, FADT_V1);
	mem[RSDT_PA + 12] ^= 1;
	CHECK_FAIL(run(RSDP_PA), -EBADMSG, "bad RSDT checksum");
}
END_TEST

START_TEST(bad_signatures_and_lengths)
{
	build(2, FADT_X);
	CHECK_FAIL(run(XSDT_PA), -EINVAL, "RSDP signature");
	memcpy(P(DSDT_PA), "SSDT", 4);
	resum(DSDT_PA);
	CHECK_FAIL(run(RSDP_PA), -EINVAL, "DSDT signature");

	build(2, FADT_X);
	((struct ukplat_acpi_sdt_hdr *)P(FADT_PA))->length = 100;
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -EINVAL, "FADT length");

	build(2, FADT_X);
	((struct ukplat_acpi_sdt_hdr *)P(XSDT_PA))->length = 0xffffffff;
	CHECK_FAIL(run(RSDP_PA), -EINVAL, "XSDT length");

	build(2, FADT_X);
	((struct ukplat_acpi_rsdp *)P(RSDP_PA))->length = 8;
	rsdp_resum(RSDP_PA);
	CHECK_FAIL(run(RSDP_PA), -EINVAL, "RSDP length");
}
END_TEST

START_TEST(unmappable)
{
	struct ukplat_acpi_rsdp *r = P(RSDP_PA);
	struct ukplat_acpi_fadt *f = P(FADT_PA);
	uint64_t x;

	build(2, FADT_X);
	CHECK_FAIL(run(MEM_SIZE - 8), -EFAULT, "RSDP");
	r->xsdt_address = MEM_SIZE + 0x1000;
	rsdp_resum(RSDP_PA);
	CHECK_FAIL(run(RSDP_PA), -EFAULT, "XSDT");

	build(2, FADT_X);
	f->x_dsdt = MEM_SIZE;
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -EFAULT, "DSDT");

	build(2, FADT_X);
	x = UINT64_MAX - 4;
	memcpy((uint8_t *)P(XSDT_PA) + 36, &x, 8);
	resum(XSDT_PA);
	CHECK_FAIL(run(RSDP_PA), -EFAULT, "XSDT entry");
}
END_TEST

START_TEST(missing_pieces)
{
	struct ukplat_acpi_fadt *f = P(FADT_PA);
	static const uint8_t no_s5[] = {
		0x08, '_', 'S', '4', '_', 0x12, 0x06, 0x04, 0, 0, 0, 0,
		0x08, '_', 'S', '5', '_', 0x0a, 0x05,  /* not a package */
	};

	build(2, FADT_X);
	put_roots(false);
	CHECK_FAIL(run(RSDP_PA), -ENOENT, "no FADT");
	build(0, FADT_V1);
	put_roots(false);
	CHECK_FAIL(run(RSDP_PA), -ENOENT, "RSDT");

	build(2, FADT_X);
	put_dsdt(no_s5, sizeof(no_s5));
	CHECK_FAIL(run(RSDP_PA), -ENODATA, "no _S5_ object in DSDT");

	build(0, FADT_V1);
	f->pm1a_cnt_blk = 0;
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -ENODEV, "PM1a_CNT_BLK");

	build(0, FADT_V1);
	f->dsdt = 0;
	resum(FADT_PA);
	CHECK_FAIL(run(RSDP_PA), -ENODEV, "DSDT");
}
END_TEST

/* ---- \_S5_ encodings, straight through ukplat_acpi_find_s5 ---- */

static int s5(const uint8_t *aml, size_t n, uint8_t *a, uint8_t *b)
{
	return ukplat_acpi_find_s5(aml, n, a, b, &why);
}

#define S5_OK(bytes, ea, eb)                                                 \
	do {                                                                 \
		static const uint8_t aml_[] = bytes;                         \
		uint8_t a_ = 0xee, b_ = 0xee;                                \
		ck_assert_int_eq(s5(aml_, sizeof(aml_), &a_, &b_), 0);       \
		ck_assert_uint_eq(a_, (ea));                                 \
		ck_assert_uint_eq(b_, (eb));                                 \
	} while (0)

#define S5_ERR(bytes, err)                                                   \
	do {                                                                 \
		static const uint8_t aml_[] = bytes;                         \
		uint8_t a_, b_;                                              \
		ck_assert_int_eq(s5(aml_, sizeof(aml_), &a_, &b_), (err));   \
		ck_assert_ptr_nonnull(why);                                  \
	} while (0)

#define B(...) { __VA_ARGS__ }
#define NAME_S5 0x08, '_', 'S', '5', '_'

START_TEST(s5_encodings)
{
	/* QEMU pc/q35: Package (0x04) { Zero, Zero, Zero, Zero } */
	S5_OK(B(NAME_S5, 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00), 0, 0);
	/* OneOp */
	S5_OK(B(NAME_S5, 0x12, 0x04, 0x02, 0x01, 0x01), 1, 1);
	/* BytePrefix, with the root prefix */
	S5_OK(B(0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x05,
		0x0a, 0x06), 5, 6);
	/* WordPrefix and DWordPrefix */
	S5_OK(B(NAME_S5, 0x12, 0x0a, 0x02, 0x0b, 0x07, 0x00, 0x0c, 0x03, 0x00,
		0x00, 0x00), 7, 3);
	/* QWordPrefix */
	S5_OK(B(NAME_S5, 0x12, 0x0c, 0x02, 0x0e, 2, 0, 0, 0, 0, 0, 0, 0, 0x00),
	      2, 0);
	/* two-byte PkgLength: 0x41 0x01 = 0x11 bytes */
	S5_OK(B(NAME_S5, 0x12, 0x41, 0x01, 0x04, 0x0a, 0x03, 0x0a, 0x04, 0x00,
		0x00, 0, 0, 0, 0, 0, 0, 0, 0), 3, 4);
	/* one element holding both values (old firmware) */
	S5_OK(B(NAME_S5, 0x12, 0x05, 0x01, 0x0b, 0x05, 0x06), 5, 6);
}
END_TEST

START_TEST(s5_errors)
{
	S5_ERR(B(0x08, '_', 'S', '4', '_', 0x12, 0x03, 0x01, 0x00), -ENODATA);
	S5_ERR(B('_', 'S', '5', '_', 0x12, 0x03, 0x01, 0x00), -ENODATA);
	/* PkgLength past the end of the table */
	S5_ERR(B(NAME_S5, 0x12, 0x20, 0x02, 0x00, 0x00), -EPROTO);
	/* reserved bits set in a multi-byte PkgLength lead */
	S5_ERR(B(NAME_S5, 0x12, 0x71, 0x00, 0x02, 0x00, 0x00), -EPROTO);
	/* multi-byte PkgLength cut short by the table's end */
	S5_ERR(B(NAME_S5, 0x12, 0xc1), -EPROTO);
	/* empty package */
	S5_ERR(B(NAME_S5, 0x12, 0x02, 0x00), -EPROTO);
	/* a String element */
	S5_ERR(B(NAME_S5, 0x12, 0x06, 0x02, 0x0d, 'a', 0x00, 0x00), -EPROTO);
	/* elements run past the package */
	S5_ERR(B(NAME_S5, 0x12, 0x03, 0x02, 0x0b, 0x05, 0x00, 0x00), -EPROTO);
	/* values that do not fit SLP_TYP */
	S5_ERR(B(NAME_S5, 0x12, 0x05, 0x02, 0x0a, 0x08, 0x00), -ERANGE);
	S5_ERR(B(NAME_S5, 0x12, 0x04, 0x02, 0x00, 0xff), -ERANGE);
	/* PackageOp at the very end */
	S5_ERR(B(NAME_S5, 0x12), -EPROTO);
}
END_TEST

static Suite *acpi_suite(void)
{
	Suite *s = suite_create("acpi");
	TCase *t = tcase_create("poweroff");
	TCase *a = tcase_create("aml");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, legacy_rsdt_v1);
	tcase_add_test(t, legacy_xsdt_v2);
	tcase_add_test(t, legacy_pm1b);
	tcase_add_test(t, hw_reduced);
	tcase_add_test(t, hw_reduced_errors);
	tcase_add_test(t, scan_bios_area);
	tcase_add_test(t, scan_ebda);
	tcase_add_test(t, scan_skips_stale_copy);
	tcase_add_test(t, bad_checksums);
	tcase_add_test(t, bad_signatures_and_lengths);
	tcase_add_test(t, unmappable);
	tcase_add_test(t, missing_pieces);
	suite_add_tcase(s, t);

	tcase_add_test(a, s5_encodings);
	tcase_add_test(a, s5_errors);
	suite_add_tcase(s, a);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(acpi_suite());

	return unit_run(sr, false);
}
