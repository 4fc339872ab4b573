/*
 * lib/ramfs/dir.c - ramfs's directory table: the entries of a directory,
 * hashed by name for lookup and kept in order of their ids for readdir.
 *
 * Every entry gets the next id of its directory when it is inserted; ids
 * only grow, so a listing that resumes after id N ("the first entry with
 * an id greater than N") sees every entry that stayed, exactly once,
 * whatever was added or removed meanwhile. The ids are kept in an array
 * in increasing order, which a binary search resumes from; a removal
 * leaves a dead slot behind instead of shifting the array, and the dead
 * slots are squeezed out once they are half of it. With the hash chains
 * kept at about one entry each, lookup, insertion and removal cost about
 * the same in a directory of ten entries and one of a million.
 */
#include <errno.h>
#include <uk/alloc.h>
#include <ukbase/string.h>
#include "ramfs.h"

#define MIN_BUCKETS 8
#define MIN_SLOTS   8

/* FNV-1a: short, and good enough for file names. */
static uint32_t hash_name(const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 16777619u;
	}
	return h;
}

struct ramfs_dirent *uk_ramfs_dir_find(struct ramfs_dir *d, const char *name,
				       size_t len)
{
	struct ramfs_dirent *e;
	uint32_t h;

	if (!d->nbuckets)
		return NULL;
	h = hash_name(name, len);
	for (e = d->buckets[h & (d->nbuckets - 1)]; e; e = e->hnext) {
		if (e->hash == h && e->len == len &&
		    !uk_memcmp(e->name, name, len))
			return e;
	}
	return NULL;
}

struct ramfs_dirent *uk_ramfs_dirent_new(const char *name, size_t len)
{
	struct ramfs_dirent *e;

	if (len > VFS_NAME_MAX)
		return NULL;
	e = uk_malloc(sizeof(*e) + len + 1);
	if (!e)
		return NULL;
	e->hnext = NULL;
	e->vn = NULL;
	e->id = 0;
	e->hash = hash_name(name, len);
	e->len = (uint16_t)len;
	uk_memcpy(e->name, name, len);
	e->name[len] = '\0';
	return e;
}

/* Move the chains to a table of n buckets (a power of two). */
static int rehash(struct ramfs_dir *d, size_t n)
{
	struct ramfs_dirent **b = uk_malloc(n * sizeof(*b)), *e, *next;

	if (!b)
		return -ENOMEM;
	uk_memset(b, 0, n * sizeof(*b));
	for (size_t i = 0; i < d->nbuckets; i++) {
		for (e = d->buckets[i]; e; e = next) {
			next = e->hnext;
			e->hnext = b[e->hash & (n - 1)];
			b[e->hash & (n - 1)] = e;
		}
	}
	uk_free(d->buckets);
	d->buckets = b;
	d->nbuckets = n;
	return 0;
}

/* Squeeze the dead slots out; the order of the live ones stays. */
static void compact(struct ramfs_dir *d)
{
	size_t j = 0;

	for (size_t i = 0; i < d->nslots; i++) {
		if (d->slots[i].e)
			d->slots[j++] = d->slots[i];
	}
	d->nslots = j;
	d->ndead = 0;
}

int uk_ramfs_dir_reserve(struct ramfs_dir *d)
{
	struct ramfs_slot *s;
	size_t n;

	if (!d->nbuckets) {
		if (rehash(d, MIN_BUCKETS))
			return -ENOMEM;
	} else if (d->count >= d->nbuckets) {
		/* Failing only leaves the chains longer: slower, not wrong. */
		(void)rehash(d, 2 * d->nbuckets);
	}
	if (d->nslots < d->cap)
		return 0;
	/*
	 * Compacting for a handful of dead slots would make every insertion
	 * after a removal cost the whole array; a quarter pays for itself.
	 */
	if (d->ndead && d->ndead >= d->cap / 4) {
		compact(d);
		return 0;
	}
	n = d->cap ? 2 * d->cap : MIN_SLOTS;
	s = uk_realloc(d->slots, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	d->slots = s;
	d->cap = n;
	return 0;
}

void uk_ramfs_dir_insert(struct ramfs_dir *d, struct ramfs_dirent *e,
			 struct uk_vfs_vnode *vn)
{
	struct ramfs_dirent **b = &d->buckets[e->hash & (d->nbuckets - 1)];

	e->vn = vn;
	e->id = ++d->last_id;
	e->hnext = *b;
	*b = e;
	d->slots[d->nslots].id = e->id;
	d->slots[d->nslots].e = e;
	d->nslots++;
	d->count++;
}

/* The index of the first slot whose id is greater than 'after'. */
static size_t slot_after(const struct ramfs_dir *d, uint64_t after)
{
	size_t lo = 0, hi = d->nslots, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->slots[mid].id <= after)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void uk_ramfs_dir_remove(struct ramfs_dir *d, struct ramfs_dirent *e)
{
	struct ramfs_dirent **pp = &d->buckets[e->hash & (d->nbuckets - 1)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	d->slots[slot_after(d, e->id - 1)].e = NULL;
	d->ndead++;
	d->count--;
	uk_free(e);
	/* last_id stays: a listing in progress must not see ids again. */
	if (!d->count)
		uk_ramfs_dir_free(d);
	else if (d->ndead > d->nslots / 2)
		compact(d);
}

struct ramfs_dirent *uk_ramfs_dir_next(const struct ramfs_dir *d,
				       uint64_t after)
{
	for (size_t i = slot_after(d, after); i < d->nslots; i++) {
		if (d->slots[i].e)
			return d->slots[i].e;
	}
	return NULL;
}

void uk_ramfs_dir_free(struct ramfs_dir *d)
{
	uk_free(d->buckets);
	uk_free(d->slots);
	d->buckets = NULL;
	d->slots = NULL;
	d->nbuckets = d->nslots = d->cap = d->ndead = 0;
}
