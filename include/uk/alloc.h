/*
 * uk/alloc.h - the kernel's small-object allocator (lib/ukalloc), for
 * kernel libraries: the VFS, file systems, sockets. Applications use
 * musl's malloc, which gets its memory through brk/mmap.
 *
 * Objects up to 2 KiB come from pages carved into slots of a power-of-two
 * size (16 bytes and up, 16-byte aligned); larger ones are whole pages with
 * a 16-byte header. A page whose slots are all free goes back to the page
 * allocator. Safe from any thread (interrupts are off inside); not from
 * interrupt handlers.
 */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* NULL when out of memory (or size 0). */
void *uk_malloc(size_t size);
/* Zeroed; NULL when out of memory or n * size overflows. */
void *uk_calloc(size_t n, size_t size);
/* realloc semantics; on failure the old block is untouched. */
void *uk_realloc(void *p, size_t size);
/* NULL is fine; anything not from uk_malloc is a fatal error (uk_panic). */
void uk_free(void *p);
/* A copy of the NUL-terminated string s, or NULL. */
char *uk_strdup(const char *s);
/*
 * Give the empty pages uk_malloc keeps for reuse back to the page
 * allocator; returns how many. The page allocator calls it before it
 * fails a request (uk/pages.h), so kept pages never cause a failure.
 */
size_t uk_malloc_trim(void);

/*
 * An allocator as an object, for code that is handed the allocator to use
 * (socket drivers, see uk/socket.h): malloc and free with the semantics
 * above. uk_alloc_kernel is the allocator behind uk_malloc.
 */
struct uk_alloc {
	void *(*malloc)(struct uk_alloc *a, size_t size);
	void (*free)(struct uk_alloc *a, void *p);
};

extern struct uk_alloc uk_alloc_kernel;

static inline void *uk_alloc_malloc(struct uk_alloc *a, size_t size)
{
	return a->malloc(a, size);
}

static inline void uk_alloc_free(struct uk_alloc *a, void *p)
{
	a->free(a, p);
}

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOC_H */
