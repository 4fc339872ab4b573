/*
 * lib/ukpaging/paging.c - the page-table walker shared by x86_64 and arm64.
 *
 * Both architectures use four levels of 512 eight-byte entries indexed by
 * VA bits 47-39, 38-30, 29-21 and 20-12 (Intel SDM vol. 3, 4.5; Arm ARM
 * D8.2 with a 4 KiB granule and 48-bit VA). Everything that depends on the
 * descriptor format comes from "pte.h", found through the include path in
 * lib/ukpaging/<arch>/ (see uk/paging.h for the contract).
 *
 * Every operation runs its range walk twice. The first pass writes nothing:
 * it finds -EEXIST / -ENOENT / -EINVAL conditions and counts the table pages
 * the second pass will need, walking tables that do not exist yet as
 * "virtual" tables whose entries are all empty or all pieces of the block
 * being split. Those pages are then allocated up front, so the second pass,
 * which writes, cannot fail; on any error nothing has changed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uk/paging.h>

#include "pte.h"

#define PT_ENTRIES 512
#define PAGE_MASK  (UK_PAGING_PAGE_SIZE - 1)
#define LARGE_MASK (UK_PAGING_LARGE_SIZE - 1)
#define PROT_ALL   (UK_PROT_READ | UK_PROT_WRITE | UK_PROT_EXEC)
#define MAP_FLAGS  (UK_PAGING_MEM_DEVICE | UK_PAGING_LARGE | UK_PAGING_REPLACE)

enum walk_op { OP_MAP, OP_UNMAP, OP_PROTECT };

struct walk {
	struct uk_pagetable *pt;
	enum walk_op op;
	bool dry;	   /* first pass: check and count, write nothing */
	uint64_t va;	   /* first byte of the range */
	uint64_t last;	   /* last byte (inclusive: the range may end at 2^64) */
	uint64_t pa;	   /* OP_MAP: physical address of va */
	unsigned int prot; /* OP_MAP, OP_PROTECT */
	unsigned int flags;
	uint64_t need;	   /* dry pass: table pages the second pass takes */
	uint64_t pool;	   /* preallocated pages, linked through word 0 */
	bool flush;	   /* a hardware-valid entry was changed */
};

static int walk_table(struct walk *w, uint64_t *tbl, uint64_t virt,
		      unsigned int level, uint64_t va, uint64_t last);

static inline unsigned int pt_index(uint64_t va, unsigned int level)
{
	return (unsigned int)(va >> (39 - 9 * level)) & (PT_ENTRIES - 1);
}

static inline uint64_t *pt_virt(struct uk_pagetable *pt, uint64_t pa)
{
	return (uint64_t *)pt->phys_to_virt(pt, pa);
}

/*
 * One 64-bit store per entry: the hardware walker may read the entry at any
 * time and must never see a torn or compiler-split value.
 */
static inline void pt_store(uint64_t *p, uint64_t e)
{
	*(volatile uint64_t *)p = e;
}

static void pt_flush(struct walk *w, uint64_t va, uint64_t len)
{
	if (w->pt->tlb_flush)
		w->pt->tlb_flush(w->pt, va, len);
}

/* Write entry *p, which maps [base, base + size of level). */
static void set_entry(struct walk *w, uint64_t *p, uint64_t e,
		      unsigned int level, uint64_t base)
{
	uint64_t old = *p;

	if (ukpte_needs_bbm(old, e)) {
		pt_store(p, 0);
		pt_flush(w, base, ukpte_level_size(level));
	}
	pt_store(p, e);
	if (ukpte_hw_valid(old))
		w->flush = true;
}

static void free_tables(struct walk *w, uint64_t pa, unsigned int level)
{
	uint64_t *t = pt_virt(w->pt, pa);
	unsigned int i;

	if (level < 3) {
		for (i = 0; i < PT_ENTRIES; i++)
			if (ukpte_is_table(t[i], level))
				free_tables(w, ukpte_table_pa(t[i]), level + 1);
	}
	if (w->pt->table_free)
		w->pt->table_free(w->pt, pa);
}

static bool subtree_has_leaf(struct walk *w, uint64_t pa, unsigned int level)
{
	uint64_t *t = pt_virt(w->pt, pa);
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++) {
		if (ukpte_is_leaf(t[i], level))
			return true;
		if (ukpte_is_table(t[i], level) &&
		    subtree_has_leaf(w, ukpte_table_pa(t[i]), level + 1))
			return true;
	}
	return false;
}

static bool table_empty(const uint64_t *t, unsigned int level)
{
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++)
		if (ukpte_is_leaf(t[i], level) || ukpte_is_table(t[i], level))
			return false;
	return true;
}

/*
 * Replace the table entry *p with e (0 or a block) and free the tables
 * below it, after the TLB flush: paging-structure caches may still point
 * into them until then.
 */
static void unlink_table(struct walk *w, uint64_t *p, uint64_t e,
			 unsigned int level, uint64_t base)
{
	uint64_t tpa = ukpte_table_pa(*p);

	set_entry(w, p, e, level, base);
	pt_flush(w, base, ukpte_level_size(level));
	w->flush = true;
	free_tables(w, tpa, level + 1);
}

static uint64_t pool_take(struct walk *w)
{
	uint64_t pa = w->pool;
	uint64_t *t;

	if (!pa)
		return 0;
	t = pt_virt(w->pt, pa);
	w->pool = t[0];
	t[0] = 0;
	return pa;
}

static void pool_release(struct walk *w)
{
	uint64_t pa;

	while ((pa = pool_take(w)) != 0)
		if (w->pt->table_free)
			w->pt->table_free(w->pt, pa);
}

/*
 * Continue below entry *p (= e), which maps [base, ...) at 'level', for the
 * part [va, last]: into its table, or into a new one that is empty (e
 * empty) or holds the pieces of the block e.
 */
static int descend(struct walk *w, uint64_t *p, uint64_t e, unsigned int level,
		   uint64_t base, uint64_t va, uint64_t last)
{
	uint64_t *t;
	uint64_t pa;
	unsigned int i;

	if (ukpte_is_table(e, level))
		return walk_table(w, pt_virt(w->pt, ukpte_table_pa(e)), 0,
				  level + 1, va, last);
	if (w->dry) {
		w->need++;
		return walk_table(w, NULL, ukpte_is_leaf(e, level) ? e : 0,
				  level + 1, va, last);
	}
	pa = pool_take(w);
	if (!pa)
		return -ENOMEM; /* cannot happen: the dry pass counted */
	t = pt_virt(w->pt, pa);
	if (ukpte_is_leaf(e, level))
		for (i = 0; i < PT_ENTRIES; i++)
			t[i] = ukpte_leaf_split(e, level, i);
	ukpte_publish_barrier();
	set_entry(w, p, ukpte_make_table(pa), level, base);
	return walk_table(w, t, 0, level + 1, va, last);
}

static int map_entry(struct walk *w, uint64_t *p, uint64_t e,
		     unsigned int level, uint64_t base, uint64_t va,
		     uint64_t last, bool full)
{
	uint64_t pa = w->pa + (va - w->va);
	bool device = (w->flags & UK_PAGING_MEM_DEVICE) != 0;
	bool leaf_here = level == 3 ||
			 (level == 2 && full && (w->flags & UK_PAGING_LARGE) &&
			  !(pa & LARGE_MASK));

	if (ukpte_is_table(e, level)) {
		if (!leaf_here)
			return descend(w, p, e, level, base, va, last);
		/* A 2 MiB block takes the place of a whole table. */
		if (!(w->flags & UK_PAGING_REPLACE) &&
		    subtree_has_leaf(w, ukpte_table_pa(e), level + 1))
			return -EEXIST;
		if (!w->dry)
			unlink_table(w, p,
				     ukpte_make_leaf(pa, level, w->prot, device),
				     level, base);
		return 0;
	}
	if (ukpte_is_leaf(e, level) && !(w->flags & UK_PAGING_REPLACE))
		return -EEXIST;
	if (!leaf_here)
		return descend(w, p, e, level, base, va, last);
	if (!w->dry)
		set_entry(w, p, ukpte_make_leaf(pa, level, w->prot, device),
			  level, base);
	return 0;
}

static int unmap_entry(struct walk *w, uint64_t *p, uint64_t e,
		       unsigned int level, uint64_t base, uint64_t va,
		       uint64_t last, bool full)
{
	uint64_t *t;
	int rc;

	if (ukpte_is_table(e, level)) {
		if (full) {
			if (!w->dry)
				unlink_table(w, p, 0, level, base);
			return 0;
		}
		t = pt_virt(w->pt, ukpte_table_pa(e));
		rc = walk_table(w, t, 0, level + 1, va, last);
		if (rc)
			return rc;
		/* Free tables that this unmap left empty, never others. */
		if (!w->dry && table_empty(t, level + 1))
			unlink_table(w, p, 0, level, base);
		return 0;
	}
	if (!ukpte_is_leaf(e, level))
		return 0; /* holes are fine */
	if (full) {
		if (!w->dry)
			set_entry(w, p, 0, level, base);
		return 0;
	}
	return descend(w, p, e, level, base, va, last);
}

static int protect_entry(struct walk *w, uint64_t *p, uint64_t e,
			 unsigned int level, uint64_t base, uint64_t va,
			 uint64_t last, bool full)
{
	uint64_t n;

	if (ukpte_is_table(e, level))
		return descend(w, p, e, level, base, va, last);
	if (!ukpte_is_leaf(e, level))
		return -ENOENT;
	if ((w->prot & UK_PROT_EXEC) && ukpte_leaf_device(e))
		return -EINVAL;
	n = ukpte_leaf_set_prot(e, level, w->prot);
	if (n == e)
		return 0; /* already so: no need to split */
	if (!full)
		return descend(w, p, e, level, base, va, last);
	if (!w->dry)
		set_entry(w, p, n, level, base);
	return 0;
}

/*
 * Apply w->op to [va, last] inside the table 'tbl' at 'level'. In the dry
 * pass tbl is NULL for a table that does not exist yet: its entries are the
 * pieces of the block 'virt' (one level up) or, with virt 0, empty.
 */
static int walk_table(struct walk *w, uint64_t *tbl, uint64_t virt,
		      unsigned int level, uint64_t va, uint64_t last)
{
	uint64_t size = ukpte_level_size(level);
	uint64_t base = va & ~(size - 1);
	bool split = !tbl && level > 0 && ukpte_is_leaf(virt, level - 1);
	uint64_t from, to, e, *p;
	unsigned int i;
	bool full;
	int rc;

	for (;;) {
		i = pt_index(base, level);
		from = base > va ? base : va;
		to = base + (size - 1) < last ? base + (size - 1) : last;
		full = from == base && to == base + (size - 1);
		p = tbl ? &tbl[i] : NULL;
		if (p)
			e = *p;
		else
			e = split ? ukpte_leaf_split(virt, level - 1, i) : 0;

		switch (w->op) {
		case OP_MAP:
			rc = map_entry(w, p, e, level, base, from, to, full);
			break;
		case OP_UNMAP:
			rc = unmap_entry(w, p, e, level, base, from, to, full);
			break;
		default:
			rc = protect_entry(w, p, e, level, base, from, to,
					   full);
			break;
		}
		if (rc)
			return rc;
		if (base + (size - 1) >= last)
			return 0;
		base += size;
	}
}

static int walk_run(struct walk *w)
{
	struct uk_pagetable *pt = w->pt;
	uint64_t *root = pt_virt(pt, pt->root_pa);
	uint64_t n, pa;
	int rc;

	w->dry = true;
	w->need = 0;
	w->pool = 0;
	w->flush = false;
	rc = walk_table(w, root, 0, 0, w->va, w->last);
	if (rc)
		return rc;

	for (n = 0; n < w->need; n++) {
		pa = pt->table_alloc ? pt->table_alloc(pt) : 0;
		if (!pa) {
			pool_release(w);
			return -ENOMEM;
		}
		pt_virt(pt, pa)[0] = w->pool;
		w->pool = pa;
	}

	w->dry = false;
	rc = walk_table(w, root, 0, 0, w->va, w->last);
	pool_release(w); /* empty unless the passes disagree */
	if (w->flush)
		pt_flush(w, w->va, w->last - w->va + 1);
	return rc;
}

static int check_table(const struct uk_pagetable *pt)
{
	if (!pt || !pt->phys_to_virt || !pt->root_pa ||
	    (pt->root_pa & PAGE_MASK))
		return -EINVAL;
	return 0;
}

/*
 * A range must be page-aligned, non-empty, not wrap, and lie in one
 * canonical half: both ends valid and equal in bits 63:48 (on x86_64 that
 * rules out straddling the non-canonical hole).
 */
static int check_range(struct walk *w, struct uk_pagetable *pt, uint64_t va,
		       uint64_t len)
{
	uint64_t last;

	if (check_table(pt))
		return -EINVAL;
	if (!len || (va & PAGE_MASK) || (len & PAGE_MASK))
		return -EINVAL;
	last = va + (len - 1);
	if (last < va)
		return -EINVAL;
	if (!ukpte_va_valid(va) || !ukpte_va_valid(last) ||
	    (va >> 48) != (last >> 48))
		return -EINVAL;
	w->pt = pt;
	w->va = va;
	w->last = last;
	w->pa = 0;
	w->prot = 0;
	w->flags = 0;
	return 0;
}

static int check_prot(const struct uk_pagetable *pt, unsigned int prot)
{
	if (prot & ~PROT_ALL)
		return -EINVAL;
	if (pt->wx_enforce && (prot & UK_PROT_WRITE) && (prot & UK_PROT_EXEC))
		return -EINVAL;
	return 0;
}

int uk_paging_map(struct uk_pagetable *pt, uint64_t va, uint64_t pa,
		  uint64_t len, unsigned int prot, unsigned int flags)
{
	struct walk w;
	int rc;

	rc = check_range(&w, pt, va, len);
	if (rc)
		return rc;
	rc = check_prot(pt, prot);
	if (rc)
		return rc;
	if (flags & ~MAP_FLAGS)
		return -EINVAL;
	if ((flags & UK_PAGING_MEM_DEVICE) && (prot & UK_PROT_EXEC))
		return -EINVAL;
	if ((pa & PAGE_MASK) || len > UKPTE_PA_LIMIT ||
	    pa > UKPTE_PA_LIMIT - len)
		return -EINVAL;
	w.op = OP_MAP;
	w.pa = pa;
	w.prot = prot;
	w.flags = flags;
	return walk_run(&w);
}

int uk_paging_unmap(struct uk_pagetable *pt, uint64_t va, uint64_t len)
{
	struct walk w;
	int rc;

	rc = check_range(&w, pt, va, len);
	if (rc)
		return rc;
	w.op = OP_UNMAP;
	return walk_run(&w);
}

int uk_paging_protect(struct uk_pagetable *pt, uint64_t va, uint64_t len,
		      unsigned int prot)
{
	struct walk w;
	int rc;

	rc = check_range(&w, pt, va, len);
	if (rc)
		return rc;
	rc = check_prot(pt, prot);
	if (rc)
		return rc;
	w.op = OP_PROTECT;
	w.prot = prot;
	return walk_run(&w);
}

int uk_paging_translate(struct uk_pagetable *pt, uint64_t va, uint64_t *pa,
			unsigned int *prot)
{
	uint64_t *t, e;
	unsigned int level;

	if (check_table(pt) || !ukpte_va_valid(va))
		return -EINVAL;
	t = pt_virt(pt, pt->root_pa);
	for (level = 0; level < 4; level++) {
		e = t[pt_index(va, level)];
		if (ukpte_is_leaf(e, level)) {
			if (pa)
				*pa = ukpte_leaf_pa(e, level) +
				      (va & (ukpte_level_size(level) - 1));
			if (prot)
				*prot = ukpte_leaf_prot(e);
			return 0;
		}
		if (!ukpte_is_table(e, level))
			return -ENOENT;
		t = pt_virt(pt, ukpte_table_pa(e));
	}
	return -ENOENT;
}
