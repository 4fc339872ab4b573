/*
 * plat/kvm/x86_64/bootinfo_multiboot.c - translate the Multiboot 1 boot
 * information into struct uk_bootinfo.
 *
 * Follows the Multiboot Specification 0.6.96: section 3.2 "Machine state"
 * (the magic in EAX, the information structure's address in EBX) and 3.3
 * "Boot information format" (flags, mem_lower/mem_upper, cmdline, mods,
 * mmap). Multiboot carries no ACPI RSDP: bi->rsdp stays 0 and the ACPI code
 * scans for it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <ukbase/string.h>
#include "bootinfo_x86.h"

static bool mb_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * GRUB and QEMU put the kernel's path before the arguments; only the
 * arguments are ours to parse.
 */
static int mb_cmdline(const struct ukplat_multiboot_info *mbi,
		      const struct ukplat_phys_access *pa,
		      struct uk_bootinfo *bi, const char **why)
{
	const char *s;
	size_t len, i = 0;
	int rc;

	if (!(mbi->flags & UKPLAT_MB_INFO_CMDLINE) || mbi->cmdline == 0)
		return 0;
	/* The path may be long too: allow for it in the scan. */
	rc = ukplat_boot_cstr(pa, mbi->cmdline, 2 * UK_BOOTINFO_CMDLINE_MAX,
			      &s, &len);
	if (rc == -E2BIG)
		return ukplat_parse_fail(why, rc,
					"Multiboot command line is too long");
	if (rc)
		return ukplat_parse_fail(why, -EFAULT,
				"Multiboot command line is not accessible");
	rc = ukplat_boot_add(bi, mbi->cmdline, len + 1, UK_MEMREGION_BOOTDATA,
			     why, "Multiboot command line wraps");
	if (rc)
		return rc;

	while (i < len && mb_blank(s[i]))
		i++;
	while (i < len && !mb_blank(s[i]))
		i++;
	while (i < len && mb_blank(s[i]))
		i++;
	if (len - i >= UK_BOOTINFO_CMDLINE_MAX)
		return ukplat_parse_fail(why, -E2BIG,
					"Multiboot command line is too long");
	rc = uk_bootinfo_set_cmdline(bi, s + i, len - i);
	if (rc)
		return ukplat_parse_fail(why, rc,
					"Multiboot command line is too long");
	return 0;
}

static int mb_mmap(const struct ukplat_multiboot_info *mbi,
		   const struct ukplat_phys_access *pa,
		   struct uk_bootinfo *bi, const char **why)
{
	const struct ukplat_multiboot_mmap_entry *e;
	const uint8_t *buf = NULL;
	uint32_t off, len = mbi->mmap_length;
	int rc;

	if (len > UKPLAT_MB_MAX_MMAP_LEN)
		return ukplat_parse_fail(why, -ERANGE,
					"Multiboot mmap_length is absurd");
	if (mbi->mmap_addr)
		buf = ukplat_phys_map(pa, mbi->mmap_addr, len);
	if (!buf)
		return ukplat_parse_fail(why, -EFAULT,
				"Multiboot memory map is not accessible");
	/* Entries are variable-sized: 'size' excludes the size field. */
	for (off = 0; off < len; off += e->size + 4) {
		e = (const void *)(buf + off);
		if (len - off < sizeof(*e) || e->size < sizeof(*e) - 4 ||
		    e->size > len - off - 4)
			return ukplat_parse_fail(why, -EINVAL,
				"malformed Multiboot memory map entry");
		rc = ukplat_boot_add(bi, e->base_addr, e->length,
				     ukplat_boot_e820_type(e->type), why,
				     "Multiboot memory map entry wraps");
		if (rc)
			return rc;
	}
	return ukplat_boot_add(bi, mbi->mmap_addr, len, UK_MEMREGION_BOOTDATA,
			       why, "Multiboot memory map wraps");
}

/* The spec's fallback: conventional memory from 0, upper memory from 1 MiB. */
static int mb_lower_upper(const struct ukplat_multiboot_info *mbi,
			  struct uk_bootinfo *bi, const char **why)
{
	int rc;

	if (mbi->mem_lower == 0 && mbi->mem_upper == 0)
		return ukplat_parse_fail(why, -ENODATA,
				"Multiboot mem_lower and mem_upper are both 0");
	rc = ukplat_boot_add(bi, 0, (uint64_t)mbi->mem_lower * 1024,
			     UK_MEMREGION_FREE, why, "mem_lower wraps");
	if (rc)
		return rc;
	return ukplat_boot_add(bi, 0x100000, (uint64_t)mbi->mem_upper * 1024,
			       UK_MEMREGION_FREE, why, "mem_upper wraps");
}

static int mb_memory(const struct ukplat_multiboot_info *mbi,
		     const struct ukplat_phys_access *pa,
		     struct uk_bootinfo *bi, const char **why)
{
	if ((mbi->flags & UKPLAT_MB_INFO_MMAP) && mbi->mmap_length > 0)
		return mb_mmap(mbi, pa, bi, why);
	if (mbi->flags & UKPLAT_MB_INFO_MEMORY)
		return mb_lower_upper(mbi, bi, why);
	return ukplat_parse_fail(why, -ENODATA,
		"Multiboot info has neither a memory map nor mem_lower/upper");
}

/* The first module is the initrd; the others have no consumer. */
static int mb_initrd(const struct ukplat_multiboot_info *mbi,
		     const struct ukplat_phys_access *pa,
		     struct uk_bootinfo *bi, const char **why)
{
	const struct ukplat_multiboot_mod *m = NULL;
	uint32_t n = mbi->mods_count;
	uint64_t bytes;
	int rc;

	if (!(mbi->flags & UKPLAT_MB_INFO_MODS) || n == 0)
		return 0;
	if (n > UKPLAT_BOOT_MAX_MODULES)
		return ukplat_parse_fail(why, -ERANGE,
					"Multiboot module count is absurd");
	bytes = (uint64_t)n * sizeof(*m);
	if (mbi->mods_addr)
		m = ukplat_phys_map(pa, mbi->mods_addr, bytes);
	if (!m)
		return ukplat_parse_fail(why, -EFAULT,
				"Multiboot module list is not accessible");
	rc = ukplat_boot_add(bi, mbi->mods_addr, bytes, UK_MEMREGION_BOOTDATA,
			     why, "Multiboot module list wraps");
	if (rc)
		return rc;
	/* 32-bit fields: an end past 4 GiB shows up as end < start. */
	if (m->mod_end < m->mod_start)
		return ukplat_parse_fail(why, -EOVERFLOW,
					"Multiboot module (initrd) end wraps");
	if (m->mod_end == m->mod_start)
		return 0;
	if (m->mod_start == 0 ||
	    !ukplat_phys_map(pa, m->mod_start, m->mod_end - m->mod_start))
		return ukplat_parse_fail(why, -EFAULT,
				"Multiboot module (initrd) is not accessible");
	bi->initrd_base = m->mod_start;
	bi->initrd_len = m->mod_end - m->mod_start;
	return ukplat_boot_add(bi, bi->initrd_base, bi->initrd_len,
			       UK_MEMREGION_INITRD, why,
			       "Multiboot module (initrd) end wraps");
}

int ukplat_multiboot_translate(uint32_t magic, uint64_t mbi_pa,
			       const struct ukplat_phys_access *pa,
			       struct uk_bootinfo *bi, const char **why)
{
	const struct ukplat_multiboot_info *mbi = NULL;
	int rc;

	if (why)
		*why = NULL;
	uk_memset(bi, 0, sizeof(*bi));
	bi->protocol = "multiboot";

	if (magic != UKPLAT_MULTIBOOT_MAGIC)
		return ukplat_parse_fail(why, -EPROTO,
					"bad Multiboot magic in EAX");
	if (mbi_pa)
		mbi = ukplat_phys_map(pa, mbi_pa, sizeof(*mbi));
	if (!mbi)
		return ukplat_parse_fail(why, -EFAULT,
					"Multiboot info is not accessible");

	rc = mb_memory(mbi, pa, bi, why);
	if (!rc)
		rc = ukplat_boot_add(bi, mbi_pa, sizeof(*mbi),
				     UK_MEMREGION_BOOTDATA, why,
				     "Multiboot info wraps");
	if (!rc)
		rc = mb_cmdline(mbi, pa, bi, why);
	if (!rc)
		rc = mb_initrd(mbi, pa, bi, why);
	return rc;
}
