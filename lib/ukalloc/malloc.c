/*
 * lib/ukalloc/malloc.c - the kernel's small-object allocator (uk/alloc.h)
 * over the page allocator.
 *
 * Every page the allocator hands out starts with a 16-byte header, so
 * uk_free finds it by rounding the address down to the page: a slab page
 * (slots of one size class, with the page's own free list and its place
 * in the class's list of pages that have free slots) or the first page of
 * a large block (its page count). Pages of a class are kept in a list of
 * pages with free slots; a page that becomes empty is kept, unless it is
 * the class's only page with free slots (a free/alloc pair then costs no
 * page-allocator call), on a spare list of at most SPARE_MAX empty pages
 * that any class's next new page comes from. The spares matter for the
 * large classes: the largest holds two slots per page, and network
 * buffers of that size come and go by the thousand per second, each page
 * of which would otherwise be a round trip through the buddy allocator.
 * The page allocator takes the spares back (uk_malloc_trim) before it
 * fails.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/exit.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <ukbase/string.h>

#define HDR_SIZE 16
#define MIN_SHIFT 4   /* 16-byte slots */
#define MAX_SHIFT 11  /* the last class: up to 2048 bytes, see TOP_SLOT */
#define NR_CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
/*
 * The last class's slots: two per page beside the header, rather than one
 * 2048-byte slot wasting half of it. That is the size of network buffers
 * (a 1460-byte TCP segment with its headers and lwIP's pbuf); requests of
 * 2017..2048 bytes are large blocks instead.
 */
#define TOP_SLOT ((UK_PAGE_SIZE - 64) / 2)
#define MAGIC_SLAB  0x51abu
#define MAGIC_LARGE 0x1a46u

struct slab {
	uint16_t magic;
	uint8_t cls;
	uint8_t pad;
	uint16_t used;   /* slots handed out */
	uint16_t nslots;
	void *free;      /* the page's free slots, linked through their first word */
	struct slab *next, *prev; /* the class's pages with free slots */
};
/* The header takes the first slot of 16..64-byte classes, more of none. */
_Static_assert(sizeof(struct slab) <= 64, "slab header");

struct large {
	uint16_t magic;
	uint16_t pad[3];
	uint64_t npages;
};
_Static_assert(sizeof(struct large) == HDR_SIZE, "large header");

#define SPARE_MAX 64 /* empty pages kept: 256 KiB */

static struct slab *partial[NR_CLASSES];
static void *spare;          /* empty pages, linked through their first word */
static unsigned int nspare;

static size_t slot_size(unsigned int cls)
{
	return cls == NR_CLASSES - 1 ? TOP_SLOT : (size_t)1 << (cls + MIN_SHIFT);
}

/* The first slot's offset: past the header, aligned to the slot size (at most 64). */
static size_t first_slot(unsigned int cls)
{
	size_t sz = slot_size(cls);

	return sz < sizeof(struct slab) ? sizeof(struct slab) : (sz > 64 ? 64 : sz);
}

static void list_remove(struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		partial[s->cls] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static void list_push(struct slab *s)
{
	s->prev = NULL;
	s->next = partial[s->cls];
	if (s->next)
		s->next->prev = s;
	partial[s->cls] = s;
}

/*
 * Called with interrupts off. The link overwrites the page's magic with
 * a page address, whose low 12 bits are zero: never a magic, so a stale
 * pointer into a spare page is still refused by block_size.
 */
static void spare_push(void *page)
{
	if (nspare == SPARE_MAX) {
		uk_pages_free(page, 0);
		return;
	}
	*(void **)page = spare;
	spare = page;
	nspare++;
}

static struct slab *slab_new(unsigned int cls)
{
	struct slab *s = spare;
	size_t sz = slot_size(cls), off;

	if (s) {
		spare = *(void **)s;
		nspare--;
	} else if (!(s = uk_pages_alloc(0))) {
		return NULL;
	}
	uk_memset(s, 0, sizeof(*s));
	s->magic = MAGIC_SLAB;
	s->cls = (uint8_t)cls;
	/* Link the slots from the end so that allocation goes up the page. */
	for (off = UK_PAGE_SIZE - sz; off >= first_slot(cls); off -= sz) {
		void **slot = (void **)((char *)s + off);

		*slot = s->free;
		s->free = slot;
		s->nslots++;
		if (off < sz)
			break;
	}
	list_push(s);
	return s;
}

static void *alloc_small(unsigned int cls)
{
	struct slab *s = partial[cls];
	void **slot;

	if (!s && !(s = slab_new(cls)))
		return NULL;
	slot = s->free;
	s->free = *slot;
	if (++s->used == s->nslots)
		list_remove(s);
	return slot;
}

static void *alloc_large(size_t size)
{
	size_t npages = (size + HDR_SIZE + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
	struct large *l = uk_pages_alloc_n(npages);

	if (!l)
		return NULL;
	l->magic = MAGIC_LARGE;
	l->npages = npages;
	return (char *)l + HDR_SIZE;
}

void *uk_malloc(size_t size)
{
	unsigned long flags;
	unsigned int cls = 0;
	void *p;

	if (!size || size > ((size_t)1 << 40))
		return NULL;
	/* The smallest class that holds size: log2 of size - 1, rounded up. */
	if (size > slot_size(0))
		cls = (unsigned int)(64 - __builtin_clzll(size - 1)) - MIN_SHIFT;
	flags = ukplat_irq_save();
	if (cls < NR_CLASSES && size <= slot_size(cls)) {
		p = alloc_small(cls);
	} else {
		p = alloc_large(size);
	}
	ukplat_irq_restore(flags);
	return p;
}

/* The usable size of an allocated block, after checking its header. */
static size_t block_size(void *p, void **page)
{
	uintptr_t base = (uintptr_t)p & ~(uintptr_t)(UK_PAGE_SIZE - 1);
	uint16_t magic = *(uint16_t *)base;

	*page = (void *)base;
	if (magic == MAGIC_SLAB && ((struct slab *)base)->cls < NR_CLASSES) {
		unsigned int cls = ((struct slab *)base)->cls;
		uintptr_t off = (uintptr_t)p - base;

		/* Slots are laid out down from the end of the page. */
		if (off >= first_slot(cls) &&
		    (UK_PAGE_SIZE - off) % slot_size(cls) == 0)
			return slot_size(cls);
	}
	if (magic == MAGIC_LARGE && (uintptr_t)p - base == HDR_SIZE)
		return ((struct large *)base)->npages * UK_PAGE_SIZE - HDR_SIZE;
	uk_panic("uk_free/uk_realloc of %p, which uk_malloc did not return", p);
}

void uk_free(void *p)
{
	unsigned long flags;
	struct slab *s;
	void *page;

	if (!p)
		return;
	flags = ukplat_irq_save();
	block_size(p, &page);
	if (*(uint16_t *)page == MAGIC_LARGE) {
		/* Cleared, so that freeing it again is caught by block_size. */
		((struct large *)page)->magic = 0;
		uk_pages_free_n(page, ((struct large *)page)->npages);
	} else {
		s = page;
		*(void **)p = s->free;
		s->free = p;
		if (s->used-- == s->nslots)
			list_push(s);
		/* An empty page goes spare unless it is the class's last. */
		if (!s->used && (s->next || s->prev)) {
			list_remove(s);
			s->magic = 0;
			spare_push(s);
		}
	}
	ukplat_irq_restore(flags);
}

size_t uk_malloc_trim(void)
{
	unsigned long flags = ukplat_irq_save();
	size_t n = nspare;

	while (spare) {
		void *page = spare;

		spare = *(void **)page;
		uk_pages_free(page, 0);
	}
	nspare = 0;
	ukplat_irq_restore(flags);
	return n;
}

void *uk_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = uk_malloc(n * size);
	if (p)
		uk_memset(p, 0, n * size);
	return p;
}

void *uk_realloc(void *p, size_t size)
{
	size_t old;
	void *page, *q;

	if (!p)
		return uk_malloc(size);
	if (!size) {
		uk_free(p);
		return NULL;
	}
	old = block_size(p, &page);
	if (size <= old)
		return p;
	q = uk_malloc(size);
	if (!q)
		return NULL;
	uk_memcpy(q, p, old);
	uk_free(p);
	return q;
}

char *uk_strdup(const char *s)
{
	size_t n = uk_strlen(s) + 1;
	char *d = uk_malloc(n);

	if (d)
		uk_memcpy(d, s, n);
	return d;
}

static void *kernel_alloc_malloc(struct uk_alloc *a, size_t size)
{
	(void)a;
	return uk_malloc(size);
}

static void kernel_alloc_free(struct uk_alloc *a, void *p)
{
	(void)a;
	uk_free(p);
}

struct uk_alloc uk_alloc_kernel = {
	.malloc = kernel_alloc_malloc,
	.free = kernel_alloc_free,
};
