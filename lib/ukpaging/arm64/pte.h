/*
 * lib/ukpaging/arm64/pte.h - VMSAv8-64 stage 1 descriptors for EL1&0 with a
 * 4 KiB granule and 48-bit VA through TTBR0_EL1 (Arm ARM D8.3 descriptor
 * formats: bits[1:0] 0b11 table at levels 0-2 / page at level 3, 0b01
 * block at levels 1-2, anything with bit 0 clear invalid; D8.4 memory
 * access control: AP[2:1] in bits 7:6, PXN bit 53, UXN bit 54, AF bit 10;
 * D8.5 memory attributes: AttrIndx bits 4:2 into MAIR_EL1, SH bits 9:8;
 * D8.16 break-before-make).
 *
 * The portable walker (../paging.c) includes "pte.h" and finds this file or
 * ../x86_64/pte.h through the include path, so the host unit test can build
 * the walker once per architecture. Levels are 0 to 3.
 */
#ifndef UKPAGING_PTE_H
#define UKPAGING_PTE_H

#include <stdbool.h>
#include <stdint.h>

#include <uk/paging.h>

#define UKPTE_ARCH_ARM64 1

#define A64_PTE_VALID	  (1ULL << 0)
#define A64_PTE_TYPE	  (1ULL << 1)	/* 1: table (L0-2) / page (L3) */
#define A64_PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define A64_PTE_ATTRIDX_MASK (7ULL << 2)
#define A64_PTE_AP_EL0	  (1ULL << 6)	/* AP[1]: EL0 access */
#define A64_PTE_AP_RO	  (1ULL << 7)	/* AP[2]: read-only */
#define A64_PTE_SH_INNER  (3ULL << 8)	/* Inner Shareable */
#define A64_PTE_AF	  (1ULL << 10)
#define A64_PTE_NG	  (1ULL << 11)
#define A64_PTE_CONT	  (1ULL << 52)
#define A64_PTE_PXN	  (1ULL << 53)
#define A64_PTE_UXN	  (1ULL << 54)
/*
 * Software bit (bits 58:55 are reserved for software in block and page
 * descriptors, and all bits but 0 are ignored in invalid ones): marks a
 * PROT_NONE leaf, kept invalid so every access faults.
 */
#define A64_PTE_SW_NONE	  (1ULL << 55)
/* Output address bits 47:12 (no FEAT_LPA2: 48-bit physical addresses). */
#define A64_PTE_ADDR	  0x0000fffffffff000ULL
#define A64_PTE_ATTR	  0xffff000000000fffULL

/*
 * MAIR_EL1 value the platform must program for the AttrIndx values used
 * here: Attr0 = 0xff Normal, Inner/Outer Write-Back Non-transient,
 * Read/Write-Allocate; Attr1 = 0x04 Device-nGnRE.
 */
#define UKPTE_ARM64_MAIR	0x04ffULL
#define A64_ATTRIDX_NORMAL	0
#define A64_ATTRIDX_DEVICE	1

/* Exclusive limit of physical addresses. */
#define UKPTE_PA_LIMIT (1ULL << 48)

static inline uint64_t ukpte_level_size(unsigned int level)
{
	return 1ULL << (39 - 9 * level);
}

/*
 * TTBR0 only: with TCR_EL1.T0SZ = 16, bits 63:48 must be zero; addresses
 * with them set would go through TTBR1, which libuk does not use.
 */
static inline bool ukpte_va_valid(uint64_t va)
{
	return (va >> 48) == 0;
}

static inline bool ukpte_hw_valid(uint64_t e)
{
	return (e & A64_PTE_VALID) != 0;
}

static inline bool ukpte_is_table(uint64_t e, unsigned int level)
{
	return level < 3 && (e & 3) == 3;
}

/*
 * Level 0 holds no blocks with a 4 KiB granule (0b01 there is invalid, as
 * 0b01 is at level 3). A PROT_NONE leaf is the valid descriptor with bit 0
 * cleared and the software bit set, so bit 1 still tells page from block.
 */
static inline bool ukpte_is_leaf(uint64_t e, unsigned int level)
{
	if (e & A64_PTE_SW_NONE)
		e |= A64_PTE_VALID;
	if (level == 3)
		return (e & 3) == 3;
	return (level == 1 || level == 2) && (e & 3) == 1;
}

static inline uint64_t ukpte_table_pa(uint64_t e)
{
	return e & A64_PTE_ADDR;
}

/*
 * No APTable/PXNTable/UXNTable restrictions in table descriptors: the leaf
 * decides alone.
 */
static inline uint64_t ukpte_make_table(uint64_t pa)
{
	return pa | 3;
}

static inline uint64_t ukpte_leaf_pa(uint64_t e, unsigned int level)
{
	return e & A64_PTE_ADDR & ~(ukpte_level_size(level) - 1);
}

static inline unsigned int ukpte_leaf_prot(uint64_t e)
{
	unsigned int prot = UK_PROT_READ;

	if (!(e & A64_PTE_VALID))
		return UK_PROT_NONE;
	if (!(e & A64_PTE_AP_RO))
		prot |= UK_PROT_WRITE;
	if (!(e & A64_PTE_PXN))
		prot |= UK_PROT_EXEC;
	return prot;
}

static inline bool ukpte_leaf_device(uint64_t e)
{
	return (e & A64_PTE_ATTRIDX_MASK) ==
	       A64_PTE_ATTRIDX(A64_ATTRIDX_DEVICE);
}

/*
 * Rewrite the access bits of a leaf. Everything runs at EL1: AP[1] stays 0
 * (no EL0 access) and UXN stays set, so only AP[2] and PXN change.
 */
static inline uint64_t ukpte_leaf_set_prot(uint64_t e, unsigned int level,
					   unsigned int prot)
{
	(void)level;
	e &= ~(A64_PTE_VALID | A64_PTE_AP_RO | A64_PTE_PXN | A64_PTE_SW_NONE);
	if (!(prot & (UK_PROT_READ | UK_PROT_WRITE | UK_PROT_EXEC)))
		return e | A64_PTE_SW_NONE | A64_PTE_AP_RO | A64_PTE_PXN;
	e |= A64_PTE_VALID;
	if (!(prot & UK_PROT_WRITE))
		e |= A64_PTE_AP_RO;
	if (!(prot & UK_PROT_EXEC))
		e |= A64_PTE_PXN;
	return e;
}

/*
 * AF is set up front: without FEAT_HAFDBS the first access to a leaf with
 * AF clear raises an Access flag fault. Normal memory is Inner Shareable
 * (one coherent domain for all CPUs); SH is ignored for Device memory and
 * left 0 there.
 */
static inline uint64_t ukpte_make_leaf(uint64_t pa, unsigned int level,
				       unsigned int prot, bool device)
{
	uint64_t e = pa | A64_PTE_AF | A64_PTE_UXN;

	e |= (level == 3) ? 3 : 1;
	if (device)
		e |= A64_PTE_ATTRIDX(A64_ATTRIDX_DEVICE);
	else
		e |= A64_PTE_ATTRIDX(A64_ATTRIDX_NORMAL) | A64_PTE_SH_INNER;
	return ukpte_leaf_set_prot(e, level, prot);
}

/*
 * Entry 'idx' of the table that replaces the block 'e' at 'level': the same
 * attributes with the next level's descriptor type. The Contiguous hint is
 * dropped, since the pieces are changed independently.
 */
static inline uint64_t ukpte_leaf_split(uint64_t e, unsigned int level,
					unsigned int idx)
{
	uint64_t pa = ukpte_leaf_pa(e, level) +
		      (uint64_t)idx * ukpte_level_size(level + 1);
	uint64_t attr = e & A64_PTE_ATTR & ~(A64_PTE_CONT | A64_PTE_TYPE);

	if (level + 1 == 3)
		attr |= A64_PTE_TYPE;
	return pa | attr;
}

/*
 * Break-before-make (D8.16) is needed when a valid entry changes anything
 * but its permissions and AF: type (block/table), output address, memory
 * attributes, shareability, nG, Contiguous.
 */
static inline bool ukpte_needs_bbm(uint64_t old, uint64_t new_e)
{
	const uint64_t free_bits = A64_PTE_AP_RO | A64_PTE_AP_EL0 |
				   A64_PTE_PXN | A64_PTE_UXN | A64_PTE_AF |
				   (0xfULL << 55);

	if (!(old & A64_PTE_VALID) || !(new_e & A64_PTE_VALID))
		return false;
	return ((old ^ new_e) & ~free_bits) != 0;
}

/*
 * A new table's entries must be visible to the table walker before the
 * descriptor that links it (DSB ISHST). On the build machine (host unit
 * tests) only the compiler must not reorder.
 */
static inline void ukpte_publish_barrier(void)
{
#if defined(__aarch64__)
	__asm__ __volatile__("dsb ishst" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

#endif /* UKPAGING_PTE_H */
