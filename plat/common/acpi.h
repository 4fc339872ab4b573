/*
 * plat/common/acpi.h - find how to power the machine off through ACPI.
 *
 * Owns: the ACPI table layouts this needs (RSDP, system description table
 * header, generic address structure, FADT) and the S5 (soft-off) lookup.
 * Follows the ACPI Specification 6.x: 5.2.5 (finding and validating the
 * RSDP), 5.2.6 (table header), 5.2.7/5.2.8 (RSDT, XSDT), 5.2.9 (FADT),
 * 5.2.3.2 (generic address structure), 4.8.3.2.1 and 4.8.3.7 (PM1 control
 * and sleep control registers), 7.4.2 (\_Sx objects) and 20 (AML
 * encoding: NameOp, PackageOp, PkgLength, integer constants).
 *
 * Nothing here touches hardware: tables are read through the caller's
 * struct ukplat_phys_access (plat/common/phys_access.h), and the result
 * says what the caller has to write where.
 */
#ifndef UKPLAT_ACPI_H
#define UKPLAT_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

struct ukplat_phys_access;

/* ---- layouts (ACPI 6.x, 5.2) ---- */

struct ukplat_acpi_rsdp {
	char signature[8];          /* "RSD PTR " */
	uint8_t checksum;           /* over the first 20 bytes */
	char oem_id[6];
	uint8_t revision;           /* 0: ACPI 1.0 (20 bytes); >= 2: 36 bytes */
	uint32_t rsdt_address;
	/* revision >= 2 only */
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t extended_checksum;  /* over 'length' bytes */
	uint8_t reserved[3];
} UK_PACKED;

#define UKPLAT_ACPI_RSDP_V1_SIZE 20

struct ukplat_acpi_sdt_hdr {
	char signature[4];
	uint32_t length;            /* whole table, header included */
	uint8_t revision;
	uint8_t checksum;           /* all 'length' bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} UK_PACKED;

#define UKPLAT_ACPI_GAS_MEM 0       /* system memory */
#define UKPLAT_ACPI_GAS_IO  1       /* system I/O */

struct ukplat_acpi_gas {
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;        /* 0 undefined, 1 byte ... 4 qword */
	uint64_t address;
} UK_PACKED;

#define UKPLAT_ACPI_FADT_HW_REDUCED (1U << 20)

struct ukplat_acpi_fadt {
	struct ukplat_acpi_sdt_hdr hdr;     /* "FACP" */
	uint32_t firmware_ctrl;
	uint32_t dsdt;
	uint8_t reserved0;
	uint8_t preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	uint8_t acpi_disable;
	uint8_t s4bios_req;
	uint8_t pstate_cnt;
	uint32_t pm1a_evt_blk;
	uint32_t pm1b_evt_blk;
	uint32_t pm1a_cnt_blk;
	uint32_t pm1b_cnt_blk;
	uint32_t pm2_cnt_blk;
	uint32_t pm_tmr_blk;
	uint32_t gpe0_blk;
	uint32_t gpe1_blk;
	uint8_t pm1_evt_len;
	uint8_t pm1_cnt_len;
	uint8_t pm2_cnt_len;
	uint8_t pm_tmr_len;
	uint8_t gpe0_blk_len;
	uint8_t gpe1_blk_len;
	uint8_t gpe1_base;
	uint8_t cst_cnt;
	uint16_t p_lvl2_lat;
	uint16_t p_lvl3_lat;
	uint16_t flush_size;
	uint16_t flush_stride;
	uint8_t duty_offset;
	uint8_t duty_width;
	uint8_t day_alrm;
	uint8_t mon_alrm;
	uint8_t century;            /* CMOS index of the RTC century, 0: none */
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;             /* end of an ACPI 1.0 FADT (116 bytes) */
	struct ukplat_acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_version;
	uint64_t x_firmware_ctrl;
	uint64_t x_dsdt;
	struct ukplat_acpi_gas x_pm1a_evt_blk;
	struct ukplat_acpi_gas x_pm1b_evt_blk;
	struct ukplat_acpi_gas x_pm1a_cnt_blk;
	struct ukplat_acpi_gas x_pm1b_cnt_blk;
	struct ukplat_acpi_gas x_pm2_cnt_blk;
	struct ukplat_acpi_gas x_pm_tmr_blk;
	struct ukplat_acpi_gas x_gpe0_blk;
	struct ukplat_acpi_gas x_gpe1_blk;
	struct ukplat_acpi_gas sleep_control_reg;
	struct ukplat_acpi_gas sleep_status_reg;
	uint64_t hypervisor_vendor_id;
} UK_PACKED;

_Static_assert(sizeof(struct ukplat_acpi_rsdp) == 36, "RSDP");
_Static_assert(offsetof(struct ukplat_acpi_rsdp, length) ==
	       UKPLAT_ACPI_RSDP_V1_SIZE, "RSDP.length");
_Static_assert(offsetof(struct ukplat_acpi_rsdp, xsdt_address) == 24,
	       "RSDP.xsdt_address");
_Static_assert(sizeof(struct ukplat_acpi_sdt_hdr) == 36, "SDT header");
_Static_assert(sizeof(struct ukplat_acpi_gas) == 12, "GAS");
_Static_assert(offsetof(struct ukplat_acpi_fadt, dsdt) == 40, "FADT.DSDT");
_Static_assert(offsetof(struct ukplat_acpi_fadt, pm1a_cnt_blk) == 64,
	       "FADT.PM1a_CNT_BLK");
_Static_assert(offsetof(struct ukplat_acpi_fadt, pm1_cnt_len) == 89,
	       "FADT.PM1_CNT_LEN");
_Static_assert(offsetof(struct ukplat_acpi_fadt, century) == 108,
	       "FADT.CENTURY");
_Static_assert(offsetof(struct ukplat_acpi_fadt, flags) == 112, "FADT.Flags");
_Static_assert(offsetof(struct ukplat_acpi_fadt, x_dsdt) == 140,
	       "FADT.X_DSDT");
_Static_assert(offsetof(struct ukplat_acpi_fadt, x_pm1a_cnt_blk) == 172,
	       "FADT.X_PM1a_CNT_BLK");
_Static_assert(offsetof(struct ukplat_acpi_fadt, sleep_control_reg) == 244,
	       "FADT.SLEEP_CONTROL_REG");
_Static_assert(sizeof(struct ukplat_acpi_fadt) == 276, "FADT");

/* ---- the result ---- */

/*
 * One register write. The caller reads the register with an access of
 * 'width' bytes, computes (old & ~mask) | value and writes it back, so the
 * bits the firmware owns (SCI_EN ...) keep their value. Writing 'value'
 * alone also works on QEMU.
 */
struct ukplat_acpi_reg {
	uint64_t addr;          /* I/O port or physical MMIO address */
	uint32_t value;         /* SLP_TYPx and SLP_EN, in place */
	uint32_t mask;          /* the bits 'value' owns */
	uint8_t space;          /* UKPLAT_ACPI_GAS_IO or UKPLAT_ACPI_GAS_MEM */
	uint8_t width;          /* access width in bytes: 1, 2 or 4 */
};

struct ukplat_acpi_poweroff {
	uint64_t rsdp;          /* where the RSDP was (given or found) */
	uint64_t fadt;          /* physical address of the FADT */
	uint64_t dsdt;          /* physical address of the DSDT */
	uint8_t slp_typa;       /* \_S5_ package, elements 0 and 1 */
	uint8_t slp_typb;
	uint8_t century_reg;    /* FADT CENTURY: CMOS index, 0 if none */
	bool hw_reduced;        /* sleep control register, not PM1x_CNT */
	/*
	 * Writes in order: PM1a_CNT then PM1b_CNT (nr_regs 1 or 2), or the
	 * sleep control register alone (nr_regs 1).
	 */
	unsigned int nr_regs;
	struct ukplat_acpi_reg reg[2];
};

/*
 * Find the S5 (soft-off) method. 'rsdp_pa' is the RSDP's physical address
 * from the boot protocol, or 0: then the first KiB of the EBDA (its segment
 * is the word at 0x40E) and 0xE0000-0xFFFFF are scanned on 16-byte
 * boundaries. The XSDT is used when the RSDP names one (revision >= 2),
 * the RSDT otherwise; the FADT's 64-bit (X_) fields win over the 32-bit
 * ones when present and non-zero.
 *
 * Returns 0 with *out filled, or a negative errno. When 'why' is not NULL,
 * *why is set to NULL on success and to a static sentence naming the
 * problem on error ("bad RSDP checksum", "no FADT (FACP) in the XSDT",
 * "no _S5_ object in DSDT", ...):
 *
 *   -ENXIO    no RSDP found by the scan
 *   -EFAULT   a structure that map() rejects
 *   -EINVAL   a bad signature or an impossible length
 *   -EBADMSG  a checksum mismatch (RSDP, extended RSDP, any table used)
 *   -ENOENT   no FADT in the RSDT/XSDT
 *   -ENODEV   the FADT names no DSDT, no PM1a_CNT_BLK (legacy) or no
 *             SLEEP_CONTROL_REG (hardware-reduced)
 *   -ENODATA  no \_S5_ package in the DSDT
 *   -EPROTO   a malformed \_S5_ package (PkgLength, element encoding)
 *   -ERANGE   an S5 sleep type above 7 (the field is 3 bits)
 *   -ENOTSUP  a register outside system memory / I/O space, or an access
 *             width other than 1, 2 or 4 bytes
 */
int ukplat_acpi_find_poweroff(uint64_t rsdp_pa,
			      const struct ukplat_phys_access *pa,
			      struct ukplat_acpi_poweroff *out,
			      const char **why);

/*
 * Scan for the RSDP as ukplat_acpi_find_poweroff does when given 0: the
 * EBDA's first KiB, then 0xE0000-0xFFFFF. Must run while the BIOS data
 * area (page 0) is still readable. Errors: -ENXIO, -EBADMSG (see above).
 */
int ukplat_acpi_find_rsdp(const struct ukplat_phys_access *pa, uint64_t *addr,
			  const char **why);

/*
 * Find the \_S5_ package in the AML 'aml' (a DSDT's body) and return its
 * first two integers. Exposed for tests. Errors as above (-ENODATA,
 * -EPROTO, -ERANGE).
 */
int ukplat_acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *slp_typa,
			uint8_t *slp_typb, const char **why);

/*
 * Find the DSDT through the RSDP at 'rsdp_pa' (0: scan) and the FADT,
 * checking every table on the way. Returns 0 with *aml and *len giving the DSDT's
 * body (after its header), or the errors of ukplat_acpi_find_poweroff up
 * to the DSDT (-ENXIO, -EFAULT, -EINVAL, -EBADMSG, -ENOENT, -ENODEV).
 */
int ukplat_acpi_find_dsdt(uint64_t rsdp_pa, const struct ukplat_phys_access *pa,
			  const uint8_t **aml, size_t *len, const char **why);

/*
 * Decode the AML PkgLength (20.2.4) at p[0..len): *plen is the package's
 * length (counting the PkgLength bytes), *hdr how many bytes encode it.
 * Returns 0 or -EPROTO (truncated, or reserved bits set).
 */
int ukplat_acpi_aml_pkglen(const uint8_t *p, size_t len, size_t *plen,
			   size_t *hdr);

/* ---- processors (MADT, 5.2.12) ---- */

struct ukplat_acpi_cpu {
	uint32_t apic_id;       /* local APIC or x2APIC id */
	uint32_t uid;           /* ACPI processor UID */
	bool online;            /* enabled now (false: online capable only) */
};

struct ukplat_acpi_cpus {
	unsigned int count;      /* CPUs filled in, the boot CPU first */
	unsigned int ignored;    /* neither enabled nor online capable, or
				  * an id that means "broadcast" */
	unsigned int duplicates; /* ids listed again: later ones ignored */
	unsigned int dropped;    /* usable CPUs beyond 'max' */
	uint64_t lapic_addr;     /* the MADT's 32-bit local APIC address */
};

/*
 * Find the MADT ("APIC") through the RSDP at 'rsdp_pa' (0: scan for it as
 * ukplat_acpi_find_poweroff does) and its RSDT/XSDT. Every table on the
 * way is checked (signature, length, checksum). Returns 0 with *madt_pa
 * and *madt (the whole table, mapped), or a negative errno with *why as
 * for ukplat_acpi_find_poweroff; -ENOENT "no MADT (APIC) in the XSDT"
 * when the root table lists none.
 */
int ukplat_acpi_find_madt(uint64_t rsdp_pa,
			  const struct ukplat_phys_access *pa,
			  uint64_t *madt_pa, const uint8_t **madt,
			  const char **why);

/*
 * Collect the processors of the MADT 'madt' ('len' bytes, header
 * included; checksum already verified) into cpu[0..max): cpu[0] is the
 * boot CPU (APIC id 'boot_id', wherever the table lists it), then every
 * enabled or online-capable Processor Local APIC (type 0) and Processor
 * Local x2APIC (type 9) entry in table order. Disabled entries, the
 * broadcast ids (0xff, 0xffffffff) and ids seen before are skipped and
 * counted; usable CPUs beyond 'max' are counted as dropped.
 *
 * Returns 0 with *out filled, or a negative errno with a static sentence
 * in *why (when not NULL):
 *   -EINVAL  max is 0, or the table is shorter than its fixed fields
 *   -EPROTO  an entry shorter than 2 bytes, running past the table's end,
 *            or a processor entry shorter than its type's layout
 *   -ENOENT  the boot CPU's id is not in the table
 */
int ukplat_acpi_madt_cpus(const uint8_t *madt, size_t len, uint32_t boot_id,
			  struct ukplat_acpi_cpu *cpu, unsigned int max,
			  struct ukplat_acpi_cpus *out, const char **why);

/* ---- interrupt routing (MADT, 5.2.12.3 and 5.2.12.5) ---- */

#define UKPLAT_ACPI_MAX_IOAPICS   8
#define UKPLAT_ACPI_MAX_OVERRIDES 16

struct ukplat_acpi_ioapic {
	uint8_t id;             /* I/O APIC id */
	uint32_t addr;          /* physical address of its registers */
	uint32_t gsi_base;      /* the GSI of its input 0 */
};

/*
 * An ISA IRQ that is not wired to the GSI of the same number, or not with
 * the ISA bus's edge-triggered, active-high signal.
 */
struct ukplat_acpi_override {
	uint8_t isa;            /* the ISA IRQ (source) */
	uint32_t gsi;
	bool level;             /* level-triggered */
	bool active_low;
};

struct ukplat_acpi_irqs {
	unsigned int nr_ioapics;
	struct ukplat_acpi_ioapic ioapic[UKPLAT_ACPI_MAX_IOAPICS];
	unsigned int nr_overrides;
	struct ukplat_acpi_override override[UKPLAT_ACPI_MAX_OVERRIDES];
	unsigned int dropped;   /* entries beyond the arrays, or overrides
				 * of a bus other than ISA: not used */
};

/*
 * Collect the I/O APIC (type 1) and Interrupt Source Override (type 2)
 * entries of the MADT 'madt' ('len' bytes, header included; checksum
 * already verified), in table order. An override's MPS INTI flags
 * "conforms to the bus" mean the ISA bus's edge / active high; a later
 * override of the same ISA IRQ replaces an earlier one.
 *
 * Returns 0 with *out filled, or a negative errno with a static sentence
 * in *why (when not NULL):
 *   -EINVAL  the table is shorter than its fixed fields
 *   -EPROTO  an entry's framing is broken (as for ukplat_acpi_madt_cpus),
 *            or an I/O APIC / override entry is shorter than its layout
 *   -ENOENT  the table lists no I/O APIC
 */
int ukplat_acpi_madt_irqs(const uint8_t *madt, size_t len,
			  struct ukplat_acpi_irqs *out, const char **why);

/*
 * The GSI and signal of ISA IRQ 'isa' (0-15) under the overrides of
 * 'irqs': the override's when there is one, else GSI 'isa', edge, active
 * high.
 */
void ukplat_acpi_isa_irq(const struct ukplat_acpi_irqs *irqs, unsigned int isa,
			 uint32_t *gsi, bool *level, bool *active_low);

#endif /* UKPLAT_ACPI_H */
