/*
 * uk/paging.h - one page-table interface for x86_64 and arm64.
 *
 * Both architectures translate 48-bit virtual addresses through four levels
 * of 512 eight-byte entries indexed by VA bits 47-39, 38-30, 29-21 and 20-12
 * (x86_64: Intel SDM vol. 3 ch. 4.5, 4-level paging; arm64: Arm ARM D8,
 * VMSAv8-64 with a 4 KiB granule and TTBR0 only). Level 0 is the root (PML4
 * / the table TTBR0_EL1 points to), level 3 holds 4 KiB pages; 2 MiB blocks
 * live at level 2 and 1 GiB blocks at level 1. The walker
 * (lib/ukpaging/paging.c) is written once; only the descriptor encodings
 * differ (lib/ukpaging/<arch>/pte.h).
 *
 * Addresses: virtual addresses must be canonical. x86_64: bits 63-48 equal
 * bit 47 (both halves are usable). arm64: bits 63-48 zero (TTBR1 addresses
 * are invalid). A range may not straddle the x86_64 non-canonical hole.
 * Physical addresses are limited to 52 bits (x86_64) or 48 bits (arm64).
 *
 * Protections: READ is implied by WRITE or EXEC on both architectures
 * (neither can express write-only or execute-only at ring 0 / EL1), so
 * uk_paging_translate reports UK_PROT_READ with them. UK_PROT_NONE keeps a
 * mapping (its physical address and memory type) while making every access
 * fault: the entry is hardware-invalid and marked with a software bit, so
 * uk_paging_protect can later restore access, as mprotect needs.
 *
 * The walker creates 4 KiB pages and, with UK_PAGING_LARGE, 2 MiB blocks;
 * it never creates 1 GiB blocks but handles them (translate, split) when the
 * boot tables contain them. Device memory is never executable.
 *
 * Errors (every function returns 0 or a negative errno value):
 *   -EINVAL  NULL table, zero or unaligned length, unaligned va/pa,
 *            non-canonical or wrapping range, pa beyond the architecture's
 *            limit, unknown prot/flags bits, WRITE|EXEC while
 *            pt->wx_enforce is set, EXEC on device memory
 *   -EEXIST  uk_paging_map over a mapped page without UK_PAGING_REPLACE
 *   -ENOENT  uk_paging_protect over an unmapped page, uk_paging_translate
 *            of an unmapped address
 *   -ENOMEM  a table page could not be allocated
 * Guarantee: on any error NOTHING has changed. Each operation first walks
 * the range without writing (checking for -EEXIST/-ENOENT/-EINVAL and
 * counting the table pages it will need), then allocates all of those pages
 * (returning them and failing with -ENOMEM if one is missing), and only
 * then modifies the tables, a pass that cannot fail.
 *
 * TLB maintenance and live tables: the walker writes entries with single
 * 64-bit stores and calls pt->tlb_flush (when not NULL) for ranges whose
 * valid entries it changed or removed, before it frees a table page, and,
 * on arm64, between the two halves of a break-before-make sequence (Arm ARM
 * D8.16: changing a valid entry's output address, memory type or block size
 * requires writing an invalid entry and invalidating the TLB first). During
 * that window the range is unmapped: the caller must not split a live block
 * that maps the running code, stack, or the page tables themselves on arm64.
 * On x86_64 the platform must have set EFER.NXE (NX is bit 63 of every
 * leaf) and should keep CR0.WP set so read-only applies to ring 0.
 *
 * Not safe for concurrent use on one table: callers serialise.
 */
#ifndef UK_PAGING_H
#define UK_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UK_PAGING_PAGE_SIZE  0x1000UL     /* 4 KiB, level 3 */
#define UK_PAGING_LARGE_SIZE 0x200000UL   /* 2 MiB, level 2 block */
#define UK_PAGING_HUGE_SIZE  0x40000000UL /* 1 GiB, level 1 block */

/* Protections (mmap-style bits). */
#define UK_PROT_NONE  0x0u
#define UK_PROT_READ  0x1u
#define UK_PROT_WRITE 0x2u
#define UK_PROT_EXEC  0x4u

/* uk_paging_map flags. */
/* Memory type: normal write-back cacheable memory (default). */
#define UK_PAGING_MEM_NORMAL 0x0u
/*
 * Memory type: device memory (x86_64: uncacheable through PCD|PWT with the
 * reset PAT; arm64: Device-nGnRE through MAIR attribute 1).
 */
#define UK_PAGING_MEM_DEVICE 0x1u
/* Use 2 MiB blocks where a whole, 2 MiB-aligned va/pa block is covered. */
#define UK_PAGING_LARGE 0x2u
/* Replace existing mappings in the range instead of failing -EEXIST. */
#define UK_PAGING_REPLACE 0x4u

struct uk_pagetable;

struct uk_pagetable {
	/* Physical address of the level 0 table (CR3 / TTBR0_EL1 value). */
	uint64_t root_pa;
	/* Where a table page at physical address pa can be read and written. */
	void *(*phys_to_virt)(struct uk_pagetable *pt, uint64_t pa);
	/*
	 * Return the physical address of a zeroed, 4 KiB-aligned 4 KiB page
	 * for a table, or 0 when none is available.
	 */
	uint64_t (*table_alloc)(struct uk_pagetable *pt);
	/*
	 * Take back a table page that no longer holds any mapping. Called
	 * for every table page the walker unlinks, including pages it did not
	 * allocate (build-time tables): the callback may ignore those. NULL:
	 * such pages are leaked.
	 */
	void (*table_free)(struct uk_pagetable *pt, uint64_t pa);
	/*
	 * Invalidate cached translations of [va, va + len) (x86_64: invlpg
	 * or a CR3 reload; arm64: DSB ISHST, TLBI VAE1IS/VMALLE1IS, DSB ISH,
	 * ISB). NULL when the tables are not live (host tests, tables being
	 * built before they are loaded).
	 */
	void (*tlb_flush)(struct uk_pagetable *pt, uint64_t va, uint64_t len);
	/* Reject WRITE|EXEC protections with -EINVAL. */
	bool wx_enforce;
	/* For the callbacks' use. */
	void *priv;
};

/*
 * Map [va, va + len) to [pa, pa + len) with 'prot' and 'flags'. va, pa and
 * len must be multiples of 4 KiB, len non-zero. With UK_PAGING_LARGE, every
 * 2 MiB-aligned block of va fully inside the range whose pa is 2 MiB-aligned
 * too becomes one level 2 block (an existing, otherwise empty, table there is
 * freed). A mapped page anywhere in the range fails -EEXIST unless
 * UK_PAGING_REPLACE is given; replacing part of a large page splits it.
 */
int uk_paging_map(struct uk_pagetable *pt, uint64_t va, uint64_t pa,
		  uint64_t len, unsigned int prot, unsigned int flags);

/*
 * Remove every mapping in [va, va + len) (va, len 4 KiB multiples; holes are
 * fine). Large pages covered in part are split first (which may need table
 * pages: -ENOMEM). Table pages left without any entry are freed; the root
 * never is.
 */
int uk_paging_unmap(struct uk_pagetable *pt, uint64_t va, uint64_t len);

/*
 * Change the protection of every page in [va, va + len), all of which must
 * be mapped (-ENOENT otherwise). Physical addresses and memory types are
 * kept. Large pages covered in part are split unless their protection is
 * already 'prot'.
 */
int uk_paging_protect(struct uk_pagetable *pt, uint64_t va, uint64_t len,
		      unsigned int prot);

/*
 * Look up the byte at va (any alignment): *pa receives its physical address
 * and *prot its protection (UK_PROT_NONE for a page made inaccessible by
 * uk_paging_protect); either pointer may be NULL. -ENOENT when unmapped.
 */
int uk_paging_translate(struct uk_pagetable *pt, uint64_t va, uint64_t *pa,
			unsigned int *prot);

#ifdef __cplusplus
}
#endif

#endif /* UK_PAGING_H */
