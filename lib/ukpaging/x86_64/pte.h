/*
 * lib/ukpaging/x86_64/pte.h - x86_64 4-level paging entries (Intel SDM
 * vol. 3, 4.5 "4-level paging": tables 4-15 to 4-20 give the PML4E, PDPTE,
 * PDE and PTE formats; 4.6 access rights; 4.9 PAT/PCD/PWT memory types).
 *
 * The portable walker (../paging.c) includes "pte.h" and finds this file or
 * ../arm64/pte.h through the include path, so the host unit test can build
 * the walker once per architecture. Both files provide the same static
 * inline ukpte_* functions; levels are 0 (PML4) to 3 (PT).
 */
#ifndef UKPAGING_PTE_H
#define UKPAGING_PTE_H

#include <stdbool.h>
#include <stdint.h>

#include <uk/paging.h>

#define UKPTE_ARCH_X86_64 1

#define X86_PTE_P	  (1ULL << 0)
#define X86_PTE_RW	  (1ULL << 1)
#define X86_PTE_US	  (1ULL << 2)
#define X86_PTE_PWT	  (1ULL << 3)
#define X86_PTE_PCD	  (1ULL << 4)
#define X86_PTE_A	  (1ULL << 5)
#define X86_PTE_D	  (1ULL << 6)
#define X86_PTE_PS	  (1ULL << 7) /* PDPTE/PDE: maps a 1 GiB/2 MiB page */
#define X86_PTE_PAT	  (1ULL << 7) /* PTE: PAT index bit 2 */
#define X86_PTE_G	  (1ULL << 8)
/*
 * Software bit (bits 10:9 are ignored by the processor in every entry; bit
 * 11 is not used because HLAT paging gives it a meaning): marks a
 * PROT_NONE leaf, kept non-present so every access faults.
 */
#define X86_PTE_SW_NONE	  (1ULL << 9)
#define X86_PTE_PAT_LARGE (1ULL << 12) /* PAT bit of 1 GiB / 2 MiB pages */
#define X86_PTE_NX	  (1ULL << 63) /* needs EFER.NXE */
/* Physical address bits 51:12 (MAXPHYADDR is at most 52). */
#define X86_PTE_ADDR	  0x000ffffffffff000ULL
/* The bits outside the address field that a leaf carries. */
#define X86_PTE_ATTR	  0xfff0000000000fffULL

/* Exclusive limit of physical addresses. */
#define UKPTE_PA_LIMIT (1ULL << 52)

static inline uint64_t ukpte_level_size(unsigned int level)
{
	return 1ULL << (39 - 9 * level);
}

/* Canonical: bits 63:48 copy bit 47 (SDM 3.3.7.1). */
static inline bool ukpte_va_valid(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

static inline bool ukpte_hw_valid(uint64_t e)
{
	return (e & X86_PTE_P) != 0;
}

/* PS is reserved in a PML4E: a present PML4E always references a table. */
static inline bool ukpte_is_table(uint64_t e, unsigned int level)
{
	if (level >= 3 || !(e & X86_PTE_P))
		return false;
	return level == 0 || !(e & X86_PTE_PS);
}

static inline bool ukpte_is_leaf(uint64_t e, unsigned int level)
{
	if (!(e & (X86_PTE_P | X86_PTE_SW_NONE)))
		return false;
	if (level == 3)
		return true;
	return (level == 1 || level == 2) && (e & X86_PTE_PS);
}

static inline uint64_t ukpte_table_pa(uint64_t e)
{
	return e & X86_PTE_ADDR;
}

/*
 * Tables grant everything (writable, supervisor, executable); the leaf
 * decides. U/S stays 0 at every level: everything runs at CPL 0 and a
 * user-accessible page would be refused to the kernel by SMEP/SMAP.
 */
static inline uint64_t ukpte_make_table(uint64_t pa)
{
	return pa | X86_PTE_P | X86_PTE_RW;
}

static inline uint64_t ukpte_leaf_pa(uint64_t e, unsigned int level)
{
	return e & X86_PTE_ADDR & ~(ukpte_level_size(level) - 1);
}

static inline unsigned int ukpte_leaf_prot(uint64_t e)
{
	unsigned int prot = UK_PROT_READ;

	if (!(e & X86_PTE_P))
		return UK_PROT_NONE;
	if (e & X86_PTE_RW)
		prot |= UK_PROT_WRITE;
	if (!(e & X86_PTE_NX))
		prot |= UK_PROT_EXEC;
	return prot;
}

/* PCD selects an uncacheable PAT entry with the reset PAT (SDM 11.12.3). */
static inline bool ukpte_leaf_device(uint64_t e)
{
	return (e & X86_PTE_PCD) != 0;
}

/*
 * Rewrite the access bits of a leaf. D is preset with RW (and A always) so
 * the processor never has to write the entry back on first access.
 */
static inline uint64_t ukpte_leaf_set_prot(uint64_t e, unsigned int level,
					   unsigned int prot)
{
	(void)level;
	e &= ~(X86_PTE_P | X86_PTE_RW | X86_PTE_D | X86_PTE_NX |
	       X86_PTE_SW_NONE);
	if (!(prot & (UK_PROT_READ | UK_PROT_WRITE | UK_PROT_EXEC)))
		return e | X86_PTE_SW_NONE | X86_PTE_NX;
	e |= X86_PTE_P;
	if (prot & UK_PROT_WRITE)
		e |= X86_PTE_RW | X86_PTE_D;
	if (!(prot & UK_PROT_EXEC))
		e |= X86_PTE_NX;
	return e;
}

static inline uint64_t ukpte_make_leaf(uint64_t pa, unsigned int level,
				       unsigned int prot, bool device)
{
	uint64_t e = pa | X86_PTE_A;

	if (level < 3)
		e |= X86_PTE_PS;
	if (device)
		e |= X86_PTE_PCD | X86_PTE_PWT;
	return ukpte_leaf_set_prot(e, level, prot);
}

/*
 * Entry 'idx' of the table that replaces the large leaf 'e' at 'level':
 * the same attributes, PAT moved between bit 12 (large) and bit 7 (4 KiB).
 */
static inline uint64_t ukpte_leaf_split(uint64_t e, unsigned int level,
					unsigned int idx)
{
	uint64_t pa = ukpte_leaf_pa(e, level) +
		      (uint64_t)idx * ukpte_level_size(level + 1);
	uint64_t attr = e & X86_PTE_ATTR & ~X86_PTE_PS;
	bool pat = (e & X86_PTE_PAT_LARGE) != 0;

	if (level + 1 == 3)
		return pa | attr | (pat ? X86_PTE_PAT : 0);
	return pa | attr | X86_PTE_PS | (pat ? X86_PTE_PAT_LARGE : 0);
}

/*
 * x86_64 has no break-before-make rule: an entry may be rewritten in place
 * and the TLB invalidated afterwards (SDM 4.10.4).
 */
static inline bool ukpte_needs_bbm(uint64_t old, uint64_t new_e)
{
	(void)old;
	(void)new_e;
	return false;
}

/* Stores are ordered on x86 (TSO): only the compiler must not reorder. */
static inline void ukpte_publish_barrier(void)
{
	__asm__ __volatile__("" ::: "memory");
}

#endif /* UKPAGING_PTE_H */
