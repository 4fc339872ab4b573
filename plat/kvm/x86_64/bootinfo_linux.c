/*
 * plat/kvm/x86_64/bootinfo_linux.c - translate the Linux boot_params
 * ("zero page") into struct uk_bootinfo.
 *
 * Follows Linux Documentation/arch/x86/zero-page.rst (acpi_rsdp_addr,
 * the ext_ high halves, e820_entries and e820_table) and boot.rst (the
 * setup header: "HdrS", version, ramdisk_image/size, cmd_line_ptr), as
 * filled by Firecracker-style VMMs for the 64-bit boot protocol. Such VMMs
 * put the zero page in low memory libuk reuses (Firecracker: 0x7000, where
 * the other CPUs start), so every value is copied into *bi here.
 */
#include <errno.h>
#include <stdint.h>
#include <ukbase/string.h>
#include "bootinfo_x86.h"

static int linux_e820(const struct ukplat_linux_boot_params *bp,
		      struct uk_bootinfo *bi, const char **why)
{
	const struct ukplat_linux_e820_entry *e;
	uint32_t i, n = bp->e820_entries;
	int rc;

	/* The table has 128 slots; a larger count would read past it. */
	if (n > UKPLAT_LINUX_E820_MAX)
		n = UKPLAT_LINUX_E820_MAX;
	for (i = 0; i < n; i++) {
		e = &bp->e820_table[i];
		if (!ukplat_boot_e820_known(e->type))
			continue;
		rc = ukplat_boot_add(bi, e->addr, e->size,
				     ukplat_boot_e820_type(e->type), why,
				     "Linux boot_params E820 entry wraps");
		if (rc)
			return rc;
	}
	/* Without RAM there is nothing to run in: say so instead of hanging. */
	for (i = 0; i < bi->nr_regions; i++)
		if (bi->regions[i].type == UK_MEMREGION_FREE)
			return 0;
	return ukplat_parse_fail(why, -ENODATA,
			"Linux boot_params E820 table has no usable RAM");
}

static int linux_cmdline(const struct ukplat_linux_boot_params *bp,
			 const struct ukplat_phys_access *pa,
			 struct uk_bootinfo *bi, const char **why)
{
	uint64_t addr = (uint64_t)bp->ext_cmd_line_ptr << 32 | bp->cmd_line_ptr;
	const char *s;
	size_t len;
	int rc;

	if (addr == 0)
		return 0;
	rc = ukplat_boot_cstr(pa, addr, UK_BOOTINFO_CMDLINE_MAX, &s, &len);
	if (rc == -E2BIG)
		return ukplat_parse_fail(why, rc,
					"Linux command line is too long");
	if (rc)
		return ukplat_parse_fail(why, -EFAULT,
			"Linux command line (cmd_line_ptr) is not accessible");
	rc = uk_bootinfo_set_cmdline(bi, s, len);
	if (rc)
		return ukplat_parse_fail(why, rc,
					"Linux command line is too long");
	return ukplat_boot_add(bi, addr, len + 1, UK_MEMREGION_BOOTDATA, why,
			       "Linux command line wraps");
}

static int linux_initrd(const struct ukplat_linux_boot_params *bp,
			const struct ukplat_phys_access *pa,
			struct uk_bootinfo *bi, const char **why)
{
	uint64_t base, len;

	base = (uint64_t)bp->ext_ramdisk_image << 32 | bp->ramdisk_image;
	len = (uint64_t)bp->ext_ramdisk_size << 32 | bp->ramdisk_size;

	if (len == 0)
		return 0;
	if (base + len < base)
		return ukplat_parse_fail(why, -EOVERFLOW,
					"Linux initrd (ramdisk) end wraps");
	if (base == 0 || !ukplat_phys_map(pa, base, len))
		return ukplat_parse_fail(why, -EFAULT,
			"Linux initrd (ramdisk_image) is not accessible");
	bi->initrd_base = base;
	bi->initrd_len = len;
	return ukplat_boot_add(bi, base, len, UK_MEMREGION_INITRD, why,
			       "Linux initrd (ramdisk) end wraps");
}

int ukplat_linux_translate(uint64_t bp_pa, const struct ukplat_phys_access *pa,
			   struct uk_bootinfo *bi, const char **why)
{
	const struct ukplat_linux_boot_params *bp = NULL;
	int rc;

	if (why)
		*why = NULL;
	uk_memset(bi, 0, sizeof(*bi));
	bi->protocol = "linux";

	if (bp_pa)
		bp = ukplat_phys_map(pa, bp_pa, sizeof(*bp));
	if (!bp)
		return ukplat_parse_fail(why, -EFAULT,
				"Linux boot_params (RSI) is not accessible");
	if (bp->header != UKPLAT_LINUX_HDR_MAGIC)
		return ukplat_parse_fail(why, -EPROTO,
			"Linux boot_params has no \"HdrS\" setup header magic");
	/*
	 * A VMM that fills the header of an ELF kernel from scratch may
	 * leave the version 0 (the 64-bit entry has no use for it): accept
	 * that, but not a version older than the header magic itself,
	 * which only a corrupt page carries.
	 */
	if (bp->version != 0 && bp->version < UKPLAT_LINUX_PROTO_MIN)
		return ukplat_parse_fail(why, -EPROTONOSUPPORT,
			"Linux boot protocol version below 2.00");

	if (bp->version >= UKPLAT_LINUX_PROTO_RSDP)
		bi->rsdp = bp->acpi_rsdp_addr;
	rc = linux_e820(bp, bi, why);
	if (!rc)
		rc = ukplat_boot_add(bi, bp_pa, sizeof(*bp),
				     UK_MEMREGION_BOOTDATA, why,
				     "Linux boot_params wraps");
	if (!rc)
		rc = linux_cmdline(bp, pa, bi, why);
	if (!rc)
		rc = linux_initrd(bp, pa, bi, why);
	return rc;
}
