/*
 * uk/bootinfo.h - the one description every boot protocol is translated to.
 *
 * Each platform entry (PVH, Multiboot, ...) only fills a struct uk_bootinfo
 * from its own protocol's data and then joins the shared start path. Nothing
 * after that point knows which protocol was used, except for the name kept
 * for diagnostics.
 */
#ifndef UK_BOOTINFO_H
#define UK_BOOTINFO_H

#include <stdint.h>
#include <stddef.h>

#define UK_BOOTINFO_MAX_REGIONS 64
#define UK_BOOTINFO_CMDLINE_MAX 4096

enum uk_memregion_type {
	UK_MEMREGION_FREE = 1,   /* RAM the allocators may hand out */
	UK_MEMREGION_RESERVED,   /* firmware, MMIO holes, unusable */
	UK_MEMREGION_ACPI,       /* ACPI tables (reclaimable later) */
	UK_MEMREGION_KERNEL,     /* the loaded image, .bss included */
	UK_MEMREGION_BOOTDATA,   /* boot protocol structures, command line */
	UK_MEMREGION_INITRD,     /* the initial ramdisk */
	UK_MEMREGION_ALLOCATED,  /* handed out by the early allocator */
};

struct uk_memregion {
	uint64_t base;   /* physical address */
	uint64_t len;    /* bytes */
	uint32_t type;   /* enum uk_memregion_type */
	uint32_t pad;
};

struct uk_bootinfo {
	const char *protocol;           /* "pvh", "multiboot", ... */
	char cmdline[UK_BOOTINFO_CMDLINE_MAX];
	uint64_t initrd_base;           /* 0 when there is no initrd */
	uint64_t initrd_len;
	uint64_t rsdp;                  /* ACPI RSDP physical address, 0 if unknown */
	uint32_t nr_regions;
	struct uk_memregion regions[UK_BOOTINFO_MAX_REGIONS];
};

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The boot description, valid from the first init step on. Libraries that
 * take memory out of it (the early allocator) update its regions.
 */
struct uk_bootinfo *uk_bootinfo_get(void);

/*
 * Add a region to 'bi', keeping the list sorted by base. A non-FREE region
 * overrides whatever FREE memory it overlaps (FREE ranges are split or
 * trimmed); FREE ranges never override other types. Returns 0, or -ENOSPC
 * when the table is full, or -EINVAL for a zero-length or wrapping range.
 */
int uk_bootinfo_add_region(struct uk_bootinfo *bi, uint64_t base,
			   uint64_t len, enum uk_memregion_type type);

/*
 * Copy 'src' (at most 'len' bytes, stopping at NUL) into bi->cmdline.
 * Returns 0, or -E2BIG when it does not fit (the copy is then truncated).
 */
int uk_bootinfo_set_cmdline(struct uk_bootinfo *bi, const char *src,
			    size_t len);

#ifdef __cplusplus
}
#endif

#endif /* UK_BOOTINFO_H */
