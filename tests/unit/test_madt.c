/*
 * tests/unit/test_madt.c - finding the MADT (plat/common/acpi.c) and
 * reading its processors and interrupt routing (plat/common/acpi_madt.c),
 * against tables built in fake physical memory: local APIC and x2APIC
 * entries, the boot CPU anywhere in the table, bad checksums on every
 * table of the walk, truncated entries, disabled and online-capable CPUs,
 * duplicates, and more CPUs than the caller has room for; I/O APICs (one,
 * two as on QEMU microvm, none, more than the caller keeps), source
 * overrides and their MPS INTI flags, and the ISA IRQ lookup.
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
#define RSDP_PA  0xf5a40ULL
#define RSDT_PA  0x800000ULL
#define XSDT_PA  0x800100ULL
#define MADT_PA  0x801000ULL

static uint8_t *mem;
static const char *why;
static uint8_t madt[4096];
static size_t madt_len;
static struct ukplat_acpi_cpu cpu[8];
static struct ukplat_acpi_cpus info;

static const void *fake_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa >= MEM_SIZE || len > MEM_SIZE - pa)
		return NULL;
	return mem + pa;
}

static const struct ukplat_phys_access phys = { fake_map, NULL };

static uint8_t sum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (n--)
		s += *b++;
	return s;
}

static void hdr(uint8_t *p, const char *sig, uint32_t len)
{
	struct ukplat_acpi_sdt_hdr *h = (struct ukplat_acpi_sdt_hdr *)p;

	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = 1;
	memcpy(h->oem_id, "BOCHS ", 6);
	h->checksum = 0;
	h->checksum = (uint8_t)-sum(p, len);
}

/* A fresh MADT: header, LAPIC address 0xfee00000, flags PCAT_COMPAT. */
static void madt_begin(void)
{
	memset(madt, 0, sizeof(madt));
	madt_len = 44;
	madt[36] = 0x00; madt[37] = 0x00; madt[38] = 0xe0; madt[39] = 0xfe;
	madt[40] = 1;
}

static void lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t *e = madt + madt_len;

	e[0] = 0; e[1] = 8; e[2] = uid; e[3] = id;
	memcpy(e + 4, &flags, 4);
	madt_len += 8;
}

static void x2apic(uint32_t id, uint32_t flags, uint32_t uid)
{
	uint8_t *e = madt + madt_len;

	e[0] = 9; e[1] = 16;
	memcpy(e + 4, &id, 4);
	memcpy(e + 8, &flags, 4);
	memcpy(e + 12, &uid, 4);
	madt_len += 16;
}

/* An I/O APIC entry (type 1, 12 bytes): must be skipped. */
static void ioapic(void)
{
	uint8_t *e = madt + madt_len;

	e[0] = 1; e[1] = 12; e[2] = 0;
	madt_len += 12;
}

/* An I/O APIC entry with its fields. */
static void ioapic_at(uint8_t id, uint32_t addr, uint32_t gsi_base)
{
	uint8_t *e = madt + madt_len;

	e[0] = 1; e[1] = 12; e[2] = id; e[3] = 0;
	memcpy(e + 4, &addr, 4);
	memcpy(e + 8, &gsi_base, 4);
	madt_len += 12;
}

/* An Interrupt Source Override (type 2, 10 bytes). */
static void override(uint8_t bus, uint8_t isa, uint32_t gsi, uint16_t flags)
{
	uint8_t *e = madt + madt_len;

	e[0] = 2; e[1] = 10; e[2] = bus; e[3] = isa;
	memcpy(e + 4, &gsi, 4);
	memcpy(e + 8, &flags, 2);
	madt_len += 10;
}

static struct ukplat_acpi_irqs irqs;

static int parse_irqs(void)
{
	hdr(madt, "APIC", (uint32_t)madt_len);
	return ukplat_acpi_madt_irqs(madt, madt_len, &irqs, &why);
}

static int parse(uint32_t boot, unsigned int max)
{
	hdr(madt, "APIC", (uint32_t)madt_len);
	return ukplat_acpi_madt_cpus(madt, madt_len, boot, cpu, max, &info,
				     &why);
}

/* Place the MADT built so far in memory, behind an RSDP rev 'rev'. */
static void install(uint8_t rev)
{
	struct ukplat_acpi_rsdp *r = (void *)(mem + RSDP_PA);
	uint32_t r32 = (uint32_t)MADT_PA;
	uint64_t x64 = MADT_PA;

	hdr(madt, "APIC", (uint32_t)madt_len);
	memcpy(mem + MADT_PA, madt, madt_len);
	memcpy(mem + RSDT_PA + 36, &r32, 4);
	hdr(mem + RSDT_PA, "RSDT", 40);
	memcpy(mem + XSDT_PA + 36, &x64, 8);
	hdr(mem + XSDT_PA, "XSDT", 44);
	memset(r, 0, sizeof(*r));
	memcpy(r->signature, "RSD PTR ", 8);
	r->revision = rev;
	r->rsdt_address = (uint32_t)RSDT_PA;
	if (rev >= 2) {
		r->length = 36;
		r->xsdt_address = XSDT_PA;
	}
	r->checksum = (uint8_t)-sum(r, 20);
	if (rev >= 2)
		r->extended_checksum = (uint8_t)-sum(r, 36);
}

static void setup(void)
{
	mem = calloc(1, MEM_SIZE);
	ck_assert_ptr_nonnull(mem);
	memset(cpu, 0xaa, sizeof(cpu));
	why = "unset";
	madt_begin();
}

static void teardown(void)
{
	free(mem);
}

#define CHECK_FAIL(rc, err, text)                                            \
	do {                                                                 \
		ck_assert_int_eq((rc), (err));                               \
		ck_assert_ptr_nonnull(why);                                  \
		ck_assert_str_eq(why, (text));                               \
	} while (0)

START_TEST(qemu_like_four_cpus)
{
	for (uint8_t i = 0; i < 4; i++)
		lapic(i, i, 1);
	ioapic();
	ck_assert_int_eq(parse(0, 8), 0);
	ck_assert_ptr_null(why);
	ck_assert_uint_eq(info.count, 4);
	for (unsigned int i = 0; i < 4; i++) {
		ck_assert_uint_eq(cpu[i].apic_id, i);
		ck_assert_uint_eq(cpu[i].uid, i);
		ck_assert(cpu[i].online);
	}
	ck_assert_uint_eq(info.lapic_addr, 0xfee00000U);
	ck_assert_uint_eq(info.ignored + info.duplicates + info.dropped, 0);
}
END_TEST

START_TEST(boot_cpu_first_whatever_the_order)
{
	lapic(0, 4, 1);
	lapic(1, 2, 1);
	lapic(2, 6, 1);
	ck_assert_int_eq(parse(2, 8), 0);
	ck_assert_uint_eq(info.count, 3);
	ck_assert_uint_eq(cpu[0].apic_id, 2);
	ck_assert_uint_eq(cpu[0].uid, 1);
	ck_assert_uint_eq(cpu[1].apic_id, 4);
	ck_assert_uint_eq(cpu[2].apic_id, 6);
}
END_TEST

START_TEST(x2apic_entries)
{
	lapic(0, 0, 1);
	x2apic(300, 1, 7);
	x2apic(0x10000, 1, 8);
	ck_assert_int_eq(parse(0, 8), 0);
	ck_assert_uint_eq(info.count, 3);
	ck_assert_uint_eq(cpu[1].apic_id, 300);
	ck_assert_uint_eq(cpu[1].uid, 7);
	ck_assert_uint_eq(cpu[2].apic_id, 0x10000);
	/* The boot CPU may be an x2APIC entry only. */
	madt_begin();
	x2apic(5, 1, 1);
	lapic(0, 1, 1);
	ck_assert_int_eq(parse(5, 8), 0);
	ck_assert_uint_eq(info.count, 2);
	ck_assert_uint_eq(cpu[0].apic_id, 5);
	ck_assert_uint_eq(cpu[1].apic_id, 1);
}
END_TEST

START_TEST(disabled_and_online_capable)
{
	lapic(0, 0, 1);
	lapic(1, 1, 0);         /* disabled: not there */
	lapic(2, 2, 2);         /* online capable: listed, not online */
	lapic(3, 0xff, 1);      /* broadcast id */
	x2apic(0xffffffffU, 1, 4);
	x2apic(9, 0, 5);
	ck_assert_int_eq(parse(0, 8), 0);
	ck_assert_uint_eq(info.count, 2);
	ck_assert_uint_eq(cpu[1].apic_id, 2);
	ck_assert(!cpu[1].online);
	ck_assert_uint_eq(info.ignored, 4);
}
END_TEST

START_TEST(duplicates)
{
	lapic(0, 0, 1);
	lapic(1, 1, 1);
	lapic(2, 1, 1);
	x2apic(1, 1, 2);        /* the same CPU described twice */
	lapic(3, 0, 1);         /* the boot CPU again */
	ck_assert_int_eq(parse(0, 8), 0);
	ck_assert_uint_eq(info.count, 2);
	ck_assert_uint_eq(info.duplicates, 3);
}
END_TEST

START_TEST(more_than_max)
{
	for (uint8_t i = 0; i < 10; i++)
		lapic(i, i, 1);
	ck_assert_int_eq(parse(9, 4), 0);
	ck_assert_uint_eq(info.count, 4);
	ck_assert_uint_eq(info.dropped, 6);
	ck_assert_uint_eq(cpu[0].apic_id, 9); /* listed last, kept first */
	ck_assert_uint_eq(cpu[1].apic_id, 0);
	ck_assert_uint_eq(cpu[3].apic_id, 2);
	madt_begin();
	lapic(0, 0, 1);
	lapic(1, 1, 1);
	ck_assert_int_eq(parse(0, 1), 0);
	ck_assert_uint_eq(info.count, 1);
	ck_assert_uint_eq(info.dropped, 1);
	CHECK_FAIL(parse(0, 0), -EINVAL, "no room for any CPU");
}
END_TEST

START_TEST(truncated_entries)
{
	lapic(0, 0, 1);
	madt[madt_len] = 0;     /* a lone type byte */
	madt_len += 1;
	CHECK_FAIL(parse(0, 8), -EPROTO, "truncated MADT entry header");

	madt_begin();
	lapic(0, 0, 1);
	madt[madt_len] = 1;
	madt[madt_len + 1] = 0; /* would loop forever */
	madt_len += 2;
	CHECK_FAIL(parse(0, 8), -EPROTO, "MADT entry with a length below 2");

	madt_begin();
	lapic(0, 0, 1);
	lapic(1, 1, 1);
	madt_len -= 3;          /* the last entry is cut */
	CHECK_FAIL(parse(0, 8), -EPROTO,
		   "MADT entry runs past the table's end");

	madt_begin();
	lapic(0, 0, 1);
	madt[madt_len] = 0;
	madt[madt_len + 1] = 6; /* a local APIC entry needs 8 */
	madt_len += 6;
	CHECK_FAIL(parse(0, 8), -EPROTO, "truncated MADT processor entry");

	madt_begin();
	lapic(0, 0, 1);
	madt[madt_len] = 9;
	madt[madt_len + 1] = 12; /* an x2APIC entry needs 16 */
	madt_len += 12;
	CHECK_FAIL(parse(0, 8), -EPROTO, "truncated MADT processor entry");

	madt_len = 40;
	CHECK_FAIL(ukplat_acpi_madt_cpus(madt, 40, 0, cpu, 8, &info, &why),
		   -EINVAL, "MADT shorter than its fixed fields");
}
END_TEST

START_TEST(no_boot_cpu)
{
	lapic(0, 1, 1);
	lapic(1, 2, 1);
	CHECK_FAIL(parse(0, 8), -ENOENT, "does not list the boot CPU");
	ck_assert_uint_eq(info.count, 0);
}
END_TEST

START_TEST(find_through_rsdt_and_xsdt)
{
	const uint8_t *t;
	uint64_t pa;

	lapic(0, 0, 1);
	lapic(1, 1, 1);
	for (uint8_t rev = 0; rev <= 2; rev += 2) {
		install(rev);
		ck_assert_int_eq(ukplat_acpi_find_madt(RSDP_PA, &phys, &pa, &t,
						       &why), 0);
		ck_assert_ptr_null(why);
		ck_assert_uint_eq(pa, MADT_PA);
		ck_assert_ptr_eq(t, mem + MADT_PA);
		/* No RSDP address: found by the BIOS-area scan. */
		ck_assert_int_eq(ukplat_acpi_find_madt(0, &phys, &pa, &t, &why),
				 0);
		ck_assert_uint_eq(pa, MADT_PA);
	}
}
END_TEST

START_TEST(find_bad_checksums)
{
	const uint8_t *t;
	uint64_t pa;

	lapic(0, 0, 1);
	install(2);
	mem[MADT_PA + 40] ^= 1;
	CHECK_FAIL(ukplat_acpi_find_madt(RSDP_PA, &phys, &pa, &t, &why),
		   -EBADMSG, "bad MADT checksum");
	install(2);
	mem[XSDT_PA + 10] ^= 1;
	CHECK_FAIL(ukplat_acpi_find_madt(RSDP_PA, &phys, &pa, &t, &why),
		   -EBADMSG, "bad XSDT checksum");
	install(0);
	mem[RSDT_PA + 10] ^= 1;
	CHECK_FAIL(ukplat_acpi_find_madt(RSDP_PA, &phys, &pa, &t, &why),
		   -EBADMSG, "bad RSDT checksum");
	install(2);
	mem[RSDP_PA + 9] ^= 1;
	CHECK_FAIL(ukplat_acpi_find_madt(RSDP_PA, &phys, &pa, &t, &why),
		   -EBADMSG, "bad RSDP checksum");
}
END_TEST

START_TEST(find_missing)
{
	const uint8_t *t;
	uint64_t pa;

	lapic(0, 0, 1);
	install(2);
	memcpy(mem + MADT_PA, "FACP", 4);   /* the XSDT lists no MADT */
	CHECK_FAIL(ukplat_acpi_find_madt(RSDP_PA, &phys, &pa, &t, &why),
		   -ENOENT, "no MADT (APIC) in the XSDT");
	install(0);
	memcpy(mem + MADT_PA, "SSDT", 4);
	CHECK_FAIL(ukplat_acpi_find_madt(RSDP_PA, &phys, &pa, &t, &why),
		   -ENOENT, "no MADT (APIC) in the RSDT");
	install(2);
	hdr(mem + MADT_PA, "APIC", 40);     /* below the fixed fields */
	CHECK_FAIL(ukplat_acpi_find_madt(RSDP_PA, &phys, &pa, &t, &why),
		   -EINVAL, "bad MADT length");
	memset(mem + RSDP_PA, 0, 36);
	CHECK_FAIL(ukplat_acpi_find_madt(0, &phys, &pa, &t, &why), -ENXIO,
		   "no RSDP found in the EBDA or 0xE0000-0xFFFFF");
}
END_TEST

START_TEST(irqs_qemu_pc)
{
	uint32_t gsi;
	bool level, low;

	lapic(0, 0, 1);
	ioapic_at(0, 0xfec00000U, 0);
	override(0, 0, 2, 0);           /* the PIT, conforming */
	override(0, 9, 9, 0x000d);      /* SCI: level, active high */
	ck_assert_int_eq(parse_irqs(), 0);
	ck_assert_ptr_null(why);
	ck_assert_uint_eq(irqs.nr_ioapics, 1);
	ck_assert_uint_eq(irqs.ioapic[0].addr, 0xfec00000U);
	ck_assert_uint_eq(irqs.ioapic[0].gsi_base, 0);
	ck_assert_uint_eq(irqs.nr_overrides, 2);
	ck_assert_uint_eq(irqs.dropped, 0);
	ukplat_acpi_isa_irq(&irqs, 0, &gsi, &level, &low);
	ck_assert_uint_eq(gsi, 2);
	ck_assert(!level && !low);
	ukplat_acpi_isa_irq(&irqs, 9, &gsi, &level, &low);
	ck_assert_uint_eq(gsi, 9);
	ck_assert(level && !low);
	/* No override: identity, edge, active high. */
	ukplat_acpi_isa_irq(&irqs, 8, &gsi, &level, &low);
	ck_assert_uint_eq(gsi, 8);
	ck_assert(!level && !low);
	/* The CPU walk is not disturbed by the routing entries. */
	ck_assert_int_eq(parse(0, 8), 0);
	ck_assert_uint_eq(info.count, 1);
}
END_TEST

START_TEST(irqs_two_ioapics)
{
	lapic(0, 0, 1);
	ioapic_at(0, 0xfec00000U, 0);
	ioapic_at(1, 0xfec10000U, 24);
	ck_assert_int_eq(parse_irqs(), 0);
	ck_assert_uint_eq(irqs.nr_ioapics, 2);
	ck_assert_uint_eq(irqs.ioapic[1].id, 1);
	ck_assert_uint_eq(irqs.ioapic[1].addr, 0xfec10000U);
	ck_assert_uint_eq(irqs.ioapic[1].gsi_base, 24);
	ck_assert_uint_eq(irqs.nr_overrides, 0);
}
END_TEST

START_TEST(irqs_override_flags)
{
	uint32_t gsi;
	bool level, low;

	ioapic_at(0, 0xfec00000U, 0);
	override(0, 3, 20, 0x000f);     /* level, active low */
	override(0, 4, 4, 0x0003);      /* edge (conforms), active low */
	override(0, 5, 5, 0x0008);      /* reserved trigger: the bus's */
	override(0, 6, 16, 0x0001);
	override(0, 6, 17, 0x000c);     /* a later entry wins */
	override(1, 7, 30, 0);          /* not ISA */
	override(0, 16, 30, 0);         /* not an ISA IRQ */
	ck_assert_int_eq(parse_irqs(), 0);
	ck_assert_uint_eq(irqs.nr_overrides, 4);
	ck_assert_uint_eq(irqs.dropped, 2);
	ukplat_acpi_isa_irq(&irqs, 3, &gsi, &level, &low);
	ck_assert_uint_eq(gsi, 20);
	ck_assert(level && low);
	ukplat_acpi_isa_irq(&irqs, 4, &gsi, &level, &low);
	ck_assert(!level && low);
	ukplat_acpi_isa_irq(&irqs, 5, &gsi, &level, &low);
	ck_assert(!level && !low);
	ukplat_acpi_isa_irq(&irqs, 6, &gsi, &level, &low);
	ck_assert_uint_eq(gsi, 17);
	ck_assert(level && !low);
	ukplat_acpi_isa_irq(&irqs, 7, &gsi, &level, &low);
	ck_assert_uint_eq(gsi, 7);
}
END_TEST

START_TEST(irqs_errors)
{
	lapic(0, 0, 1);
	CHECK_FAIL(parse_irqs(), -ENOENT, "MADT lists no I/O APIC");

	madt_begin();
	madt[madt_len] = 1;
	madt[madt_len + 1] = 8;         /* an I/O APIC entry needs 12 */
	madt_len += 8;
	CHECK_FAIL(parse_irqs(), -EPROTO, "truncated MADT I/O APIC entry");

	madt_begin();
	ioapic_at(0, 0xfec00000U, 0);
	madt[madt_len] = 2;
	madt[madt_len + 1] = 8;         /* an override needs 10 */
	madt_len += 8;
	CHECK_FAIL(parse_irqs(), -EPROTO,
		   "truncated MADT interrupt source override");

	madt_begin();
	ioapic_at(0, 0xfec00000U, 0);
	madt[madt_len] = 2;
	madt[madt_len + 1] = 0;
	madt_len += 2;
	CHECK_FAIL(parse_irqs(), -EPROTO, "MADT entry with a length below 2");

	CHECK_FAIL(ukplat_acpi_madt_irqs(madt, 40, &irqs, &why), -EINVAL,
		   "MADT shorter than its fixed fields");
}
END_TEST

START_TEST(irqs_more_than_kept)
{
	for (uint32_t i = 0; i < UKPLAT_ACPI_MAX_IOAPICS + 2; i++)
		ioapic_at((uint8_t)i, 0xfec00000U + i * 0x1000, i * 24);
	for (uint8_t i = 0; i < 16; i++)
		override(0, i, i + 1U, 0);
	override(0, 15, 40, 0);         /* replaces, not counted again */
	ck_assert_int_eq(parse_irqs(), 0);
	ck_assert_uint_eq(irqs.nr_ioapics, UKPLAT_ACPI_MAX_IOAPICS);
	ck_assert_uint_eq(irqs.ioapic[UKPLAT_ACPI_MAX_IOAPICS - 1].gsi_base,
			  (UKPLAT_ACPI_MAX_IOAPICS - 1) * 24);
	ck_assert_uint_eq(irqs.nr_overrides, 16);
	ck_assert_uint_eq(irqs.dropped, 2);
	ck_assert_uint_eq(irqs.override[15].gsi, 40);
}
END_TEST

static Suite *madt_suite(void)
{
	Suite *s = suite_create("madt");
	TCase *t = tcase_create("madt");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, qemu_like_four_cpus);
	tcase_add_test(t, boot_cpu_first_whatever_the_order);
	tcase_add_test(t, x2apic_entries);
	tcase_add_test(t, disabled_and_online_capable);
	tcase_add_test(t, duplicates);
	tcase_add_test(t, more_than_max);
	tcase_add_test(t, truncated_entries);
	tcase_add_test(t, no_boot_cpu);
	tcase_add_test(t, find_through_rsdt_and_xsdt);
	tcase_add_test(t, find_bad_checksums);
	tcase_add_test(t, find_missing);
	tcase_add_test(t, irqs_qemu_pc);
	tcase_add_test(t, irqs_two_ioapics);
	tcase_add_test(t, irqs_override_flags);
	tcase_add_test(t, irqs_errors);
	tcase_add_test(t, irqs_more_than_kept);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(madt_suite()), false);
}
