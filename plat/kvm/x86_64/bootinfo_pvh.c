/*
 * plat/kvm/x86_64/bootinfo_pvh.c - translate the PVH boot information into
 * struct uk_bootinfo.
 *
 * Follows Xen's public/arch-x86/hvm/start_info.h: struct hvm_start_info
 * version 1 (the memory map fields), hvm_modlist_entry and
 * hvm_memmap_table_entry, whose type field uses the ACPI address range
 * types (E820). A 0 address means "not present" there.
 */
#include <errno.h>
#include <stdint.h>
#include <ukbase/string.h>
#include "bootinfo_x86.h"

static int pvh_memmap(const struct ukplat_hvm_start_info *si,
		      const struct ukplat_phys_access *pa,
		      struct uk_bootinfo *bi, const char **why)
{
	const struct ukplat_hvm_memmap_table_entry *e;
	uint32_t i, n = si->memmap_entries;
	uint64_t bytes;
	int rc;

	if (n == 0 || si->memmap_paddr == 0)
		return ukplat_parse_fail(why, -ENODATA,
					"PVH start info has an empty memory map");
	if (n > UKPLAT_BOOT_MAX_MEMMAP)
		return ukplat_parse_fail(why, -ERANGE,
					"PVH memory map entry count is absurd");
	bytes = (uint64_t)n * sizeof(*e);
	e = ukplat_phys_map(pa, si->memmap_paddr, bytes);
	if (!e)
		return ukplat_parse_fail(why, -EFAULT,
					"PVH memory map is not accessible");
	for (i = 0; i < n; i++) {
		rc = ukplat_boot_add(bi, e[i].addr, e[i].size,
				     ukplat_boot_e820_type(e[i].type), why,
				     "PVH memory map entry wraps");
		if (rc)
			return rc;
	}
	return ukplat_boot_add(bi, si->memmap_paddr, bytes,
			       UK_MEMREGION_BOOTDATA, why,
			       "PVH memory map wraps");
}

static int pvh_cmdline(const struct ukplat_hvm_start_info *si,
		       const struct ukplat_phys_access *pa,
		       struct uk_bootinfo *bi, const char **why)
{
	const char *s;
	size_t len;
	int rc;

	if (si->cmdline_paddr == 0)
		return 0;
	rc = ukplat_boot_cstr(pa, si->cmdline_paddr, UK_BOOTINFO_CMDLINE_MAX,
			      &s, &len);
	if (rc == -E2BIG)
		return ukplat_parse_fail(why, rc, "PVH command line is too long");
	if (rc)
		return ukplat_parse_fail(why, -EFAULT,
					"PVH command line is not accessible");
	rc = uk_bootinfo_set_cmdline(bi, s, len);
	if (rc)
		return ukplat_parse_fail(why, rc, "PVH command line is too long");
	return ukplat_boot_add(bi, si->cmdline_paddr, len + 1,
			       UK_MEMREGION_BOOTDATA, why,
			       "PVH command line wraps");
}

/* The first module is the initrd; the others have no consumer. */
static int pvh_initrd(const struct ukplat_hvm_start_info *si,
		      const struct ukplat_phys_access *pa,
		      struct uk_bootinfo *bi, const char **why)
{
	const struct ukplat_hvm_modlist_entry *m;
	uint32_t n = si->nr_modules;
	uint64_t bytes;
	int rc;

	if (n == 0)
		return 0;
	if (n > UKPLAT_BOOT_MAX_MODULES)
		return ukplat_parse_fail(why, -ERANGE,
					"PVH module count is absurd");
	bytes = (uint64_t)n * sizeof(*m);
	m = si->modlist_paddr ? ukplat_phys_map(pa, si->modlist_paddr, bytes)
			      : NULL;
	if (!m)
		return ukplat_parse_fail(why, -EFAULT,
					"PVH module list is not accessible");
	rc = ukplat_boot_add(bi, si->modlist_paddr, bytes,
			     UK_MEMREGION_BOOTDATA, why, "PVH module list wraps");
	if (rc)
		return rc;
	if (m->size == 0)
		return 0;
	if (m->paddr + m->size < m->paddr)
		return ukplat_parse_fail(why, -EOVERFLOW,
					"PVH module (initrd) end wraps");
	if (m->paddr == 0 || !ukplat_phys_map(pa, m->paddr, m->size))
		return ukplat_parse_fail(why, -EFAULT,
					"PVH module (initrd) is not accessible");
	bi->initrd_base = m->paddr;
	bi->initrd_len = m->size;
	return ukplat_boot_add(bi, m->paddr, m->size, UK_MEMREGION_INITRD, why,
			       "PVH module (initrd) end wraps");
}

int ukplat_pvh_translate(uint64_t start_info_pa,
			 const struct ukplat_phys_access *pa,
			 struct uk_bootinfo *bi, const char **why)
{
	const struct ukplat_hvm_start_info *si = NULL;
	int rc;

	if (why)
		*why = NULL;
	uk_memset(bi, 0, sizeof(*bi));
	bi->protocol = "pvh";

	if (start_info_pa)
		si = ukplat_phys_map(pa, start_info_pa,
				     UKPLAT_HVM_START_INFO_V0_SIZE);
	if (!si)
		return ukplat_parse_fail(why, -EFAULT,
					"PVH start info is not accessible");
	if (si->magic != UKPLAT_PVH_MAGIC)
		return ukplat_parse_fail(why, -EPROTO,
					"bad PVH start info magic");
	/* Version 0 has no memory map, and guessing the RAM size is worse
	 * than refusing to boot. */
	if (si->version < 1)
		return ukplat_parse_fail(why, -EPROTONOSUPPORT,
			"PVH start info version 0 has no memory map (need 1)");
	si = ukplat_phys_map(pa, start_info_pa, sizeof(*si));
	if (!si)
		return ukplat_parse_fail(why, -EFAULT,
					"PVH start info is not accessible");

	bi->rsdp = si->rsdp_paddr;
	rc = pvh_memmap(si, pa, bi, why);
	if (!rc)
		rc = ukplat_boot_add(bi, start_info_pa, sizeof(*si),
				     UK_MEMREGION_BOOTDATA, why,
				     "PVH start info wraps");
	if (!rc)
		rc = pvh_cmdline(si, pa, bi, why);
	if (!rc)
		rc = pvh_initrd(si, pa, bi, why);
	return rc;
}
