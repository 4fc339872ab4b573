/*
 * plat/common/acpi_madt.c - the Multiple APIC Description Table (ACPI
 * 6.x, 5.2.12): its processors, from Processor Local APIC entries (type
 * 0, 5.2.12.2) and Processor Local x2APIC entries (type 9, 5.2.12.12),
 * and its interrupt routing, from I/O APIC entries (type 1, 5.2.12.3)
 * and Interrupt Source Overrides (type 2, 5.2.12.5, with the MPS INTI
 * flags of table 5.26). The table itself is found and checksummed by
 * ukplat_acpi_find_madt (acpi.c); this file only reads its entries, so
 * the host unit tests can feed it any bytes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ukbase/string.h>
#include "acpi.h"
#include "phys_access.h"

#define MADT_ENTRIES       44   /* header, LAPIC address, flags */
#define MADT_LAPIC         0
#define MADT_X2APIC        9
#define MADT_IOAPIC        1
#define MADT_OVERRIDE      2
#define MADT_IOAPIC_LEN    12
#define MADT_OVERRIDE_LEN  10
/* MPS INTI flags: polarity bits 1:0, trigger mode bits 3:2 (01/11). */
#define INTI_POLARITY(f)   ((f) & 3)
#define INTI_TRIGGER(f)    (((f) >> 2) & 3)
#define INTI_ACTIVE_LOW    3
#define INTI_LEVEL         3
#define MADT_LAPIC_LEN     8
#define MADT_X2APIC_LEN    16
#define MADT_ENABLED       (1U << 0)
#define MADT_ONLINE_CAP    (1U << 1)

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	uk_memcpy(&v, p, 4);    /* entries are not aligned */
	return v;
}

/* Index of 'id' among the n CPUs kept so far, or -1. */
static int find_id(const struct ukplat_acpi_cpu *cpu, unsigned int n,
		   uint32_t id)
{
	for (unsigned int i = 0; i < n; i++)
		if (cpu[i].apic_id == id)
			return (int)i;
	return -1;
}

/* Check every entry's framing before any is used. */
static int check_entries(const uint8_t *m, size_t len, const char **why)
{
	size_t off = MADT_ENTRIES;

	while (off < len) {
		uint8_t type, elen;

		if (len - off < 2)
			return ukplat_parse_fail(why, -EPROTO,
					"truncated MADT entry header");
		type = m[off];
		elen = m[off + 1];
		if (elen < 2)
			return ukplat_parse_fail(why, -EPROTO,
					"MADT entry with a length below 2");
		if (elen > len - off)
			return ukplat_parse_fail(why, -EPROTO,
					"MADT entry runs past the table's end");
		if ((type == MADT_LAPIC && elen < MADT_LAPIC_LEN) ||
		    (type == MADT_X2APIC && elen < MADT_X2APIC_LEN))
			return ukplat_parse_fail(why, -EPROTO,
					"truncated MADT processor entry");
		off += elen;
	}
	return 0;
}

int ukplat_acpi_madt_cpus(const uint8_t *madt, size_t len, uint32_t boot_id,
			  struct ukplat_acpi_cpu *cpu, unsigned int max,
			  struct ukplat_acpi_cpus *out, const char **why)
{
	bool boot_seen = false;
	size_t off;
	int rc;

	if (why)
		*why = NULL;
	uk_memset(out, 0, sizeof(*out));
	if (max == 0)
		return ukplat_parse_fail(why, -EINVAL, "no room for any CPU");
	if (len < MADT_ENTRIES)
		return ukplat_parse_fail(why, -EINVAL,
					"MADT shorter than its fixed fields");
	rc = check_entries(madt, len, why);
	if (rc)
		return rc;
	out->lapic_addr = rd32(madt + 36);
	/* Index 0 is the boot CPU, wherever the table lists it. */
	cpu[0].apic_id = boot_id;
	cpu[0].uid = 0;
	cpu[0].online = true;
	out->count = 1;
	for (off = MADT_ENTRIES; off < len; off += madt[off + 1]) {
		const uint8_t *e = madt + off;
		uint32_t id, uid, flags;
		int at;

		if (e[0] == MADT_LAPIC) {
			uid = e[2];
			id = e[3];
			flags = rd32(e + 4);
			if (id == 0xff) {       /* broadcast: not a CPU */
				out->ignored++;
				continue;
			}
		} else if (e[0] == MADT_X2APIC) {
			id = rd32(e + 4);
			flags = rd32(e + 8);
			uid = rd32(e + 12);
			if (id == 0xffffffffU) {
				out->ignored++;
				continue;
			}
		} else {
			continue;
		}
		if (id == boot_id && !boot_seen) {
			boot_seen = true;
			cpu[0].uid = uid;
			continue;
		}
		if (!(flags & (MADT_ENABLED | MADT_ONLINE_CAP))) {
			out->ignored++;
			continue;
		}
		at = find_id(cpu, out->count, id);
		if (at >= 0) {
			out->duplicates++;
			continue;
		}
		if (out->count == max) {
			out->dropped++;
			continue;
		}
		cpu[out->count].apic_id = id;
		cpu[out->count].uid = uid;
		cpu[out->count].online = (flags & MADT_ENABLED) != 0;
		out->count++;
	}
	if (!boot_seen) {
		out->count = 0;
		return ukplat_parse_fail(why, -ENOENT,
					"does not list the boot CPU");
	}
	return 0;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void add_override(struct ukplat_acpi_irqs *out, const uint8_t *e)
{
	uint16_t flags = rd16(e + 8);
	struct ukplat_acpi_override *o = NULL;

	/* Bus 0 is ISA, the only bus ACPI defines overrides for. */
	if (e[2] != 0 || e[3] >= 16) {
		out->dropped++;
		return;
	}
	for (unsigned int i = 0; i < out->nr_overrides; i++)
		if (out->override[i].isa == e[3])
			o = &out->override[i];  /* the later entry wins */
	if (!o) {
		if (out->nr_overrides == UKPLAT_ACPI_MAX_OVERRIDES) {
			out->dropped++;
			return;
		}
		o = &out->override[out->nr_overrides++];
	}
	o->isa = e[3];
	o->gsi = rd32(e + 4);
	/*
	 * "Conforms to the bus" (00) and the reserved value (10) leave the
	 * ISA bus's own signal: edge-triggered, active high.
	 */
	o->active_low = INTI_POLARITY(flags) == INTI_ACTIVE_LOW;
	o->level = INTI_TRIGGER(flags) == INTI_LEVEL;
}

int ukplat_acpi_madt_irqs(const uint8_t *madt, size_t len,
			  struct ukplat_acpi_irqs *out, const char **why)
{
	size_t off;
	int rc;

	if (why)
		*why = NULL;
	uk_memset(out, 0, sizeof(*out));
	if (len < MADT_ENTRIES)
		return ukplat_parse_fail(why, -EINVAL,
					"MADT shorter than its fixed fields");
	rc = check_entries(madt, len, why);
	if (rc)
		return rc;
	for (off = MADT_ENTRIES; off < len; off += madt[off + 1]) {
		const uint8_t *e = madt + off;

		if (e[0] == MADT_IOAPIC) {
			struct ukplat_acpi_ioapic *io;

			if (e[1] < MADT_IOAPIC_LEN)
				return ukplat_parse_fail(why, -EPROTO,
					"truncated MADT I/O APIC entry");
			if (out->nr_ioapics == UKPLAT_ACPI_MAX_IOAPICS) {
				out->dropped++;
				continue;
			}
			io = &out->ioapic[out->nr_ioapics++];
			io->id = e[2];
			io->addr = rd32(e + 4);
			io->gsi_base = rd32(e + 8);
		} else if (e[0] == MADT_OVERRIDE) {
			if (e[1] < MADT_OVERRIDE_LEN)
				return ukplat_parse_fail(why, -EPROTO,
					"truncated MADT interrupt source override");
			add_override(out, e);
		}
	}
	if (!out->nr_ioapics)
		return ukplat_parse_fail(why, -ENOENT,
					"MADT lists no I/O APIC");
	return 0;
}

void ukplat_acpi_isa_irq(const struct ukplat_acpi_irqs *irqs, unsigned int isa,
			 uint32_t *gsi, bool *level, bool *active_low)
{
	*gsi = isa;
	*level = false;
	*active_low = false;
	for (unsigned int i = 0; i < irqs->nr_overrides; i++) {
		if (irqs->override[i].isa == isa) {
			*gsi = irqs->override[i].gsi;
			*level = irqs->override[i].level;
			*active_low = irqs->override[i].active_low;
		}
	}
}
