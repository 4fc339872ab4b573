/*
 * lib/posix-mmap/table.c - the record of live mappings: a sorted array of
 * disjoint areas (struct uk_mmap_area) in pages of its own.
 *
 * The record is what keeps munmap, mremap and MAP_FIXED from ever freeing
 * or reusing pages this library did not hand out. Pure bookkeeping: it
 * never touches the memory it describes. A page holds 170 areas; the array
 * doubles when full and is never shrunk (an app that had that many areas
 * once is likely to have them again).
 */
#include "posix_mmap.h"
#include <errno.h>
#include <uk/essentials.h>
#include <ukbase/string.h>

static struct uk_mmap_area *tab;
static size_t tab_len, tab_cap, tab_pages;

/* Index of the first area that ends above 'addr' (tab_len when none). */
static size_t first_after(uintptr_t addr)
{
	size_t lo = 0, hi = tab_len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tab[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int uk_mmap_table_reserve(size_t extra)
{
	size_t pages = tab_pages ? tab_pages : 1;
	struct uk_mmap_area *grown;

	if (tab_len + extra <= tab_cap)
		return 0;
	while (pages * UK_PAGE_SIZE / sizeof(*tab) < tab_len + extra)
		pages *= 2;
	grown = uk_pages_alloc_n(pages);
	if (!grown)
		return -ENOMEM;
	if (tab) {
		uk_memcpy(grown, tab, tab_len * sizeof(*tab));
		uk_pages_free_n(tab, tab_pages);
	}
	tab = grown;
	tab_pages = pages;
	tab_cap = pages * UK_PAGE_SIZE / sizeof(*tab);
	return 0;
}

const struct uk_mmap_area *uk_mmap_table_find(uintptr_t addr)
{
	size_t i = first_after(addr);

	return i < tab_len && tab[i].start <= addr ? &tab[i] : NULL;
}

bool uk_mmap_table_covers(uintptr_t s, uintptr_t e)
{
	uintptr_t pos = s, ps, pe;

	return !uk_mmap_table_next_gap(&pos, e, &ps, &pe);
}

bool uk_mmap_table_next_area(uintptr_t *pos, uintptr_t e, uintptr_t *ps,
			     uintptr_t *pe)
{
	size_t i = first_after(*pos);

	if (*pos >= e || i == tab_len || tab[i].start >= e)
		return false;
	*ps = UK_MAX(tab[i].start, *pos);
	*pe = UK_MIN(tab[i].end, e);
	*pos = *pe;
	return true;
}

bool uk_mmap_table_next_gap(uintptr_t *pos, uintptr_t e, uintptr_t *ps,
			    uintptr_t *pe)
{
	uintptr_t p = *pos;
	size_t i = first_after(p);

	/* Skip the areas that cover p, one after another. */
	while (p < e && i < tab_len && tab[i].start <= p)
		p = tab[i++].end;
	if (p >= e)
		return false;
	*ps = p;
	*pe = i < tab_len ? UK_MIN(tab[i].start, e) : e;
	*pos = *pe;
	return true;
}

/* Open a hole at index i (capacity was reserved). */
static void insert_at(size_t i, uintptr_t s, uintptr_t e, int prot)
{
	uk_memmove(&tab[i + 1], &tab[i], (tab_len - i) * sizeof(*tab));
	tab[i].start = s;
	tab[i].end = e;
	tab[i].prot = prot;
	tab_len++;
}

static void remove_at(size_t i, size_t n)
{
	uk_memmove(&tab[i], &tab[i + n], (tab_len - i - n) * sizeof(*tab));
	tab_len -= n;
}

void uk_mmap_table_clear(uintptr_t s, uintptr_t e,
			 void (*fn)(uintptr_t s, uintptr_t e))
{
	size_t i = first_after(s), j;
	uintptr_t head_end = 0, tail_start = 0;
	bool head = false, tail = false;

	if (s >= e || i == tab_len || tab[i].start >= e)
		return;
	if (tab[i].start < s && tab[i].end > e) {
		/* strictly inside one area: split it around the hole */
		insert_at(i + 1, e, tab[i].end, tab[i].prot);
		tab[i].end = s;
		if (fn)
			fn(s, e);
		return;
	}
	if (tab[i].start < s) {
		head = true;
		head_end = tab[i].end;
		tab[i].end = s;
		i++;
	}
	for (j = i; j < tab_len && tab[j].end <= e; j++)
		;
	if (j < tab_len && tab[j].start < e) {
		tail = true;
		tail_start = tab[j].start;
		tab[j].start = e;
	}
	/* fn never looks at the table, so areas i..j-1 may be read first */
	if (fn) {
		if (head)
			fn(s, head_end);
		for (size_t k = i; k < j; k++)
			fn(tab[k].start, tab[k].end);
		if (tail)
			fn(tail_start, e);
	}
	remove_at(i, j - i);
}

void uk_mmap_table_set(uintptr_t s, uintptr_t e, int prot)
{
	size_t i;

	if (s >= e)
		return;
	uk_mmap_table_clear(s, e, NULL);
	i = first_after(s);
	insert_at(i, s, e, prot);
	if (i + 1 < tab_len && tab[i + 1].start == e &&
	    tab[i + 1].prot == prot) {
		tab[i].end = tab[i + 1].end;
		remove_at(i + 1, 1);
	}
	if (i > 0 && tab[i - 1].end == s && tab[i - 1].prot == prot) {
		tab[i - 1].end = tab[i].end;
		remove_at(i, 1);
	}
}
