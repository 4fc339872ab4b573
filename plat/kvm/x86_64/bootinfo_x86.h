/*
 * plat/kvm/x86_64/bootinfo_x86.h - internal header of the x86_64 boot
 * information translators (PVH, Multiboot 1).
 *
 * Owns: the layouts of the boot protocol structures the translators read,
 * the physical-memory access callback they read them through, and the
 * translators' contracts. Layouts follow Xen's
 * public/arch-x86/hvm/start_info.h (hvm_start_info version 1) and the
 * Multiboot Specification 0.6.96, section 3.3 "Boot information format",
 * and Linux Documentation/arch/x86/zero-page.rst with boot.rst (struct
 * boot_params and its setup header).
 *
 * Nothing here touches hardware: every byte of boot data is reached through
 * struct ukplat_phys_access, so the same code runs in the kernel (identity
 * map with a bound check) and in host unit tests (a fake memory buffer).
 */
#ifndef UKPLAT_BOOTINFO_X86_H
#define UKPLAT_BOOTINFO_X86_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/bootinfo.h>
#include <uk/essentials.h>
#include <ukbase/string.h>
#include "phys_access.h"

/*
 * Upper bounds that only a corrupt structure exceeds; they keep a garbage
 * count from turning into a huge mapping request.
 */
#define UKPLAT_BOOT_MAX_MEMMAP   1024    /* PVH memory map entries */
#define UKPLAT_BOOT_MAX_MODULES  1024    /* PVH / Multiboot modules */
#define UKPLAT_MB_MAX_MMAP_LEN   65536   /* Multiboot mmap_length, bytes */

/* ---- PVH: Xen public/arch-x86/hvm/start_info.h ---- */

#define UKPLAT_PVH_MAGIC 0x336ec578U   /* "xEn3" with the 0x80 bit of E */

struct ukplat_hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	/* version >= 1 only */
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
} UK_PACKED;

/* Size of a version 0 structure: everything before memmap_paddr. */
#define UKPLAT_HVM_START_INFO_V0_SIZE 40

struct ukplat_hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
} UK_PACKED;

struct ukplat_hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;         /* E820 / ACPI address range type */
	uint32_t reserved;
} UK_PACKED;

_Static_assert(sizeof(struct ukplat_hvm_start_info) == 56, "hvm_start_info");
_Static_assert(offsetof(struct ukplat_hvm_start_info, modlist_paddr) == 16,
	       "hvm_start_info.modlist_paddr");
_Static_assert(offsetof(struct ukplat_hvm_start_info, cmdline_paddr) == 24,
	       "hvm_start_info.cmdline_paddr");
_Static_assert(offsetof(struct ukplat_hvm_start_info, rsdp_paddr) == 32,
	       "hvm_start_info.rsdp_paddr");
_Static_assert(offsetof(struct ukplat_hvm_start_info, memmap_paddr) ==
	       UKPLAT_HVM_START_INFO_V0_SIZE, "hvm_start_info.memmap_paddr");
_Static_assert(offsetof(struct ukplat_hvm_start_info, memmap_entries) == 48,
	       "hvm_start_info.memmap_entries");
_Static_assert(sizeof(struct ukplat_hvm_modlist_entry) == 32,
	       "hvm_modlist_entry");
_Static_assert(sizeof(struct ukplat_hvm_memmap_table_entry) == 24,
	       "hvm_memmap_table_entry");
_Static_assert(offsetof(struct ukplat_hvm_memmap_table_entry, type) == 16,
	       "hvm_memmap_table_entry.type");

/* ---- Multiboot 1: specification 0.6.96, section 3.3 ---- */

#define UKPLAT_MULTIBOOT_MAGIC 0x2badb002U  /* in EAX at entry */

#define UKPLAT_MB_INFO_MEMORY   (1U << 0)   /* mem_lower, mem_upper */
#define UKPLAT_MB_INFO_CMDLINE  (1U << 2)
#define UKPLAT_MB_INFO_MODS     (1U << 3)
#define UKPLAT_MB_INFO_MMAP     (1U << 6)

struct ukplat_multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;         /* KiB from 0 */
	uint32_t mem_upper;         /* KiB from 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;       /* bytes */
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	uint32_t vbe_control_info;
	uint32_t vbe_mode_info;
	uint16_t vbe_mode;
	uint16_t vbe_interface_seg;
	uint16_t vbe_interface_off;
	uint16_t vbe_interface_len;
} UK_PACKED;

/*
 * One memory map entry. 'size' does not count itself: the next entry starts
 * size + 4 bytes after this one.
 */
struct ukplat_multiboot_mmap_entry {
	uint32_t size;
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;              /* 1 RAM, 3 ACPI, anything else reserved */
} UK_PACKED;

struct ukplat_multiboot_mod {
	uint32_t mod_start;
	uint32_t mod_end;           /* first byte after the module */
	uint32_t string;
	uint32_t reserved;
} UK_PACKED;

_Static_assert(sizeof(struct ukplat_multiboot_info) == 88, "multiboot_info");
_Static_assert(offsetof(struct ukplat_multiboot_info, cmdline) == 16,
	       "multiboot_info.cmdline");
_Static_assert(offsetof(struct ukplat_multiboot_info, mods_addr) == 24,
	       "multiboot_info.mods_addr");
_Static_assert(offsetof(struct ukplat_multiboot_info, mmap_length) == 44,
	       "multiboot_info.mmap_length");
_Static_assert(offsetof(struct ukplat_multiboot_info, mmap_addr) == 48,
	       "multiboot_info.mmap_addr");
_Static_assert(offsetof(struct ukplat_multiboot_info, boot_loader_name) == 64,
	       "multiboot_info.boot_loader_name");
_Static_assert(sizeof(struct ukplat_multiboot_mmap_entry) == 24,
	       "multiboot_mmap_entry");
_Static_assert(offsetof(struct ukplat_multiboot_mmap_entry, type) == 20,
	       "multiboot_mmap_entry.type");
_Static_assert(sizeof(struct ukplat_multiboot_mod) == 16, "multiboot_mod");

/* ---- Linux: Documentation/arch/x86/zero-page.rst and boot.rst ---- */

#define UKPLAT_LINUX_HDR_MAGIC   0x53726448U  /* "HdrS" at 0x202 */
#define UKPLAT_LINUX_E820_MAX    128          /* slots in e820_table */
/* acpi_rsdp_addr is defined from boot protocol 2.14 on (boot.rst). */
#define UKPLAT_LINUX_PROTO_RSDP  0x020e
/* The oldest version with the "HdrS" header; 0 means "not stated". */
#define UKPLAT_LINUX_PROTO_MIN   0x0200

struct ukplat_linux_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} UK_PACKED;

/*
 * struct boot_params, one 4 KiB page: only the fields libuk reads are
 * named; the rest is padding that keeps them at their documented offsets.
 */
struct ukplat_linux_boot_params {
	uint8_t  pad0[0x070];
	uint64_t acpi_rsdp_addr;        /* 0x070 */
	uint8_t  pad1[0x0c0 - 0x078];
	uint32_t ext_ramdisk_image;     /* 0x0c0: high 32 bits */
	uint32_t ext_ramdisk_size;      /* 0x0c4 */
	uint32_t ext_cmd_line_ptr;      /* 0x0c8 */
	uint8_t  pad2[0x1e8 - 0x0cc];
	uint8_t  e820_entries;          /* 0x1e8 */
	uint8_t  pad3[0x202 - 0x1e9];
	/* setup header (starts at 0x1f1) */
	uint32_t header;                /* 0x202: "HdrS" */
	uint16_t version;               /* 0x206: major << 8 | minor */
	uint8_t  pad4[0x218 - 0x208];
	uint32_t ramdisk_image;         /* 0x218 */
	uint32_t ramdisk_size;          /* 0x21c */
	uint8_t  pad5[0x228 - 0x220];
	uint32_t cmd_line_ptr;          /* 0x228 */
	uint8_t  pad6[0x2d0 - 0x22c];
	/* 0x2d0 */
	struct ukplat_linux_e820_entry e820_table[UKPLAT_LINUX_E820_MAX];
	uint8_t  pad7[0x1000 - 0xcd0];
} UK_PACKED;

#define UKPLAT_LINUX_BP_AT(field, off)                                      \
	_Static_assert(offsetof(struct ukplat_linux_boot_params, field) ==   \
		       (off), "boot_params." #field)

_Static_assert(sizeof(struct ukplat_linux_e820_entry) == 20, "boot_e820_entry");
_Static_assert(sizeof(struct ukplat_linux_boot_params) == 4096, "boot_params");
UKPLAT_LINUX_BP_AT(acpi_rsdp_addr, 0x070);
UKPLAT_LINUX_BP_AT(ext_ramdisk_image, 0x0c0);
UKPLAT_LINUX_BP_AT(ext_ramdisk_size, 0x0c4);
UKPLAT_LINUX_BP_AT(ext_cmd_line_ptr, 0x0c8);
UKPLAT_LINUX_BP_AT(e820_entries, 0x1e8);
UKPLAT_LINUX_BP_AT(header, 0x202);
UKPLAT_LINUX_BP_AT(version, 0x206);
UKPLAT_LINUX_BP_AT(ramdisk_image, 0x218);
UKPLAT_LINUX_BP_AT(ramdisk_size, 0x21c);
UKPLAT_LINUX_BP_AT(cmd_line_ptr, 0x228);
UKPLAT_LINUX_BP_AT(e820_table, 0x2d0);

/*
 * The translators.
 *
 * Both reset *bi, then fill protocol, cmdline, regions, initrd_base/len and
 * rsdp. Regions: the protocol's memory map (E820 type 1 -> FREE, 3 -> ACPI,
 * any other -> RESERVED; zero-length entries are skipped), the boot data
 * itself (start info or Multiboot info, memory map, module list, command
 * line) as BOOTDATA, the first module as INITRD. Later modules are ignored.
 * The caller adds the kernel image's region afterwards.
 *
 * A 0 address means "not present" (start_info.h says nothing is loaded at
 * physical address 0): no command line is an empty command line, no RSDP
 * leaves bi->rsdp 0.
 *
 * Return 0, or a negative errno; on error *bi is partly filled and MUST
 * NOT be used. When 'why' is not NULL, *why is set to NULL on success and
 * to a static, human-readable sentence naming the problem on error, meant
 * for one console line such as "pvh: <why> (<errno>)".
 *
 *   -EPROTO           wrong magic: not booted by this protocol
 *   -EPROTONOSUPPORT  PVH start info version 0 (it has no memory map)
 *   -EFAULT           a structure or string that map() rejects, or a
 *                     count with a 0 address
 *   -ENODATA          no memory information (empty PVH memmap; Multiboot
 *                     with neither an mmap nor mem_lower/mem_upper)
 *   -ERANGE           an absurd count (memmap entries, modules, mmap bytes)
 *   -EINVAL           a malformed Multiboot mmap entry
 *   -E2BIG            a command line of UK_BOOTINFO_CMDLINE_MAX bytes or
 *                     more (without its terminating NUL)
 *   -EOVERFLOW        a memory range or module whose end wraps
 *   -ENOSPC           more regions than UK_BOOTINFO_MAX_REGIONS
 */
int ukplat_pvh_translate(uint64_t start_info_pa,
			 const struct ukplat_phys_access *pa,
			 struct uk_bootinfo *bi, const char **why);

/* 'magic' is EAX at entry, 'mbi_pa' is EBX. */
int ukplat_multiboot_translate(uint32_t magic, uint64_t mbi_pa,
			       const struct ukplat_phys_access *pa,
			       struct uk_bootinfo *bi, const char **why);

/*
 * 'bp_pa' is RSI at the Linux 64-bit entry. Specific to this protocol:
 * the E820 table counts at most UKPLAT_LINUX_E820_MAX entries (a larger
 * e820_entries is clamped), entries of an undefined type are ignored
 * (see ukplat_boot_e820_known), the command line is cmd_line_ptr with
 * ext_cmd_line_ptr as its high half, the initrd ramdisk_image/size with
 * their ext_ halves, the RSDP acpi_rsdp_addr from protocol 2.14 on. The
 * zero page itself becomes BOOTDATA; everything the caller needs is
 * copied into *bi, so the page may be reused afterwards.
 *
 *   -EPROTO           no "HdrS" in the setup header: not a boot_params
 *   -EPROTONOSUPPORT  a version below 2.00 (0 is accepted: "not stated")
 *   -ENODATA          no E820 entry of usable RAM
 */
int ukplat_linux_translate(uint64_t bp_pa, const struct ukplat_phys_access *pa,
			   struct uk_bootinfo *bi, const char **why);

/*
 * Helpers shared by both translators (static inline: each translator file
 * stands alone in the platform library).
 */

/* E820 / ACPI address range types, shared by PVH and Multiboot. */
static inline enum uk_memregion_type ukplat_boot_e820_type(uint32_t type)
{
	if (type == 1)
		return UK_MEMREGION_FREE;
	if (type == 3)
		return UK_MEMREGION_ACPI;
	return UK_MEMREGION_RESERVED;
}

/*
 * The E820 types defined by ACPI (1-5: RAM, reserved, ACPI reclaimable,
 * ACPI NVS, unusable) and by Linux (7: persistent memory, 12: legacy
 * PRAM). Others are garbage from a careless loader.
 */
static inline int ukplat_boot_e820_known(uint32_t type)
{
	return (type >= 1 && type <= 5) || type == 7 || type == 12;
}

/*
 * Add [base, base + len) as 'type'. A zero-length range is skipped (boot
 * loaders do emit those); 'wraps' is the reason given when the end wraps.
 */
static inline int ukplat_boot_add(struct uk_bootinfo *bi, uint64_t base,
				  uint64_t len, enum uk_memregion_type type,
				  const char **why, const char *wraps)
{
	int rc;

	if (len == 0)
		return 0;
	if (base + len < base)
		return ukplat_parse_fail(why, -EOVERFLOW, wraps);
	rc = uk_bootinfo_add_region(bi, base, len, type);
	if (rc == -ENOSPC)
		return ukplat_parse_fail(why, rc, "too many memory regions");
	if (rc < 0)
		return ukplat_parse_fail(why, rc, "invalid memory region");
	return 0;
}

/*
 * Find the NUL-terminated string at 'addr' without mapping past its end:
 * the scan goes page by page, so a short string near the end of accessible
 * memory is fine. On success *str points at the whole string (NUL
 * included) and *len is its length. Returns -EFAULT if a byte before the
 * NUL is inaccessible, -E2BIG if there is no NUL in the first 'max' bytes.
 */
static inline int ukplat_boot_cstr(const struct ukplat_phys_access *pa,
				   uint64_t addr, size_t max,
				   const char **str, size_t *len)
{
	const char *p;
	size_t off, chunk, n;

	for (off = 0; off < max; off += chunk) {
		chunk = 4096 - ((addr + off) & 4095);
		if (chunk > max - off)
			chunk = max - off;
		p = ukplat_phys_map(pa, addr + off, chunk);
		if (!p)
			return -EFAULT;
		n = uk_strnlen(p, chunk);
		if (n < chunk) {
			*len = off + n;
			*str = ukplat_phys_map(pa, addr, *len + 1);
			return *str ? 0 : -EFAULT;
		}
	}
	return -E2BIG;
}

#endif /* UKPLAT_BOOTINFO_X86_H */
