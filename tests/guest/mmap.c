/*
 * tests/guest/mmap.c - musl's memory calls on libuk (lib/posix-mmap): brk,
 * mmap, munmap, mremap, madvise and mprotect through musl's wrappers and
 * raw syscall(), their values, zeroing and errno; page accounting checked
 * against the page allocator (uk/pages.h); then a malloc/calloc/realloc/
 * free stress of mixed sizes, well over 100 MB in all, with every byte
 * verified. Boot with -m 256M. Prints TAP, the plan last.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uk/pages.h>

#define PG 4096UL

#include "musl_tap.h"

/* A raw system call's result as -errno, the way the kernel returned it. */
static long raw(long nr, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(nr, a, b, c, d, e, f);

	return r == -1 ? -errno : r;
}

static char *anon(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int all_bytes(const void *p, size_t len, unsigned char v)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < len; i++)
		if (c[i] != v)
			return 0;
	return 1;
}

static long free_pages(void)
{
	return (long)uk_pages_free_count();
}

static void test_brk(void)
{
	long b = raw(SYS_brk, 0, 0, 0, 0, 0, 0);

	check(b > 0 && b % PG == 0, "brk(0) gives a page-aligned break (%#lx)",
	      b);
	check(raw(SYS_brk, b + 16 * PG, 0, 0, 0, 0, 0) == b,
	      "brk cannot grow: it returns the old break, not an errno");
	check(raw(SYS_brk, b, 0, 0, 0, 0, 0) == b,
	      "brk(current break) succeeds");
	check(sbrk(0) == (void *)b, "sbrk(0) agrees");
}

static void test_mmap(void)
{
	long before;
	char *p, *q;

	/* The first mmap also gives the library its table page: not counted. */
	munmap(anon(PG, PROT_READ), PG);
	before = free_pages();
	p = anon(1, PROT_READ | PROT_WRITE);

	check(p && (uintptr_t)p % PG == 0 && all_bytes(p, PG, 0),
	      "mmap(1 byte): a zeroed, page-aligned page");
	check(free_pages() == before - 1, "1 byte costs exactly 1 page");
	memset(p, 0x5a, PG);
	check(munmap(p, 1) == 0 && free_pages() == before,
	      "munmap gives it back");

	q = anon(37 * PG + 5, PROT_READ | PROT_WRITE);
	check(
	    q && all_bytes(q, 38 * PG, 0) && free_pages() == before - 38,
	    "37 pages + 5 bytes: 38 zeroed pages, the block's tail given back");
	memset(q, 0xa5, 38 * PG);
	munmap(q, 38 * PG);
	q = anon(38 * PG, PROT_READ | PROT_WRITE);
	check(q && all_bytes(q, 38 * PG, 0),
	      "memory used before comes back zeroed");
	munmap(q, 38 * PG);

	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	check(p != MAP_FAILED && all_bytes(p, 2 * PG, 0),
	      "MAP_SHARED|MAP_ANONYMOUS works");
	munmap(p, 2 * PG);
	p = anon(PG, PROT_NONE);
	check(p && mprotect(p, PG, PROT_READ | PROT_WRITE) == 0 &&
		  (p[10] = 1) == 1,
	      "PROT_NONE then mprotect(RW), as musl's malloc does");
	munmap(p, PG);
	check(free_pages() == before, "no page lost (%ld free, %ld at start)",
	      free_pages(), before);
}

static void test_mmap_errors(void)
{
	const long pa = MAP_PRIVATE | MAP_ANONYMOUS;
	long before = free_pages();

	errno = 0;
	check(mmap(NULL, 0, PROT_READ, pa, -1, 0) == MAP_FAILED &&
		  errno == EINVAL,
	      "mmap length 0: EINVAL");
	check(raw(SYS_mmap, 0, PG, PROT_READ, pa, -1, 100) == -EINVAL,
	      "mmap unaligned offset: EINVAL");
	errno = 0;
	check(mmap(NULL, (size_t)1 << 40, PROT_READ, pa, -1, 0) == MAP_FAILED &&
		  errno == ENOMEM,
	      "mmap 1 TiB: ENOMEM");
	check(raw(SYS_mmap, 0, PG, PROT_READ, MAP_PRIVATE, 1, 0) == -ENODEV,
	      "file mapping of fd 1: ENODEV (no VFS yet)");
	check(raw(SYS_mmap, 0, PG, PROT_READ, MAP_PRIVATE, -1, 0) == -EBADF,
	      "file mapping of fd -1: EBADF");
	check(raw(SYS_mmap, PG + 12, PG, PROT_READ, pa | MAP_FIXED, -1, 0) ==
		  -EINVAL,
	      "MAP_FIXED at an unaligned address: EINVAL");
	check(raw(SYS_mmap, 0, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == -EINVAL,
	      "neither MAP_PRIVATE nor MAP_SHARED: EINVAL");
	check(free_pages() == before, "failed calls take no memory");
}

static void test_munmap(void)
{
	static char mine[4 * PG] __attribute__((aligned(4096)));
	long before = free_pages();
	char *p = anon(8 * PG, PROT_READ | PROT_WRITE);
	int intact = 1;

	for (int i = 0; i < 8; i++)
		memset(p + i * PG, i + 1, PG);
	check(munmap(p, PG) == 0 && munmap(p + 7 * PG, PG) == 0 &&
		  munmap(p + 3 * PG, 2 * PG) == 0,
	      "munmap of the head, the tail and the middle");
	check(free_pages() == before - 4, "exactly those 4 pages were freed");
	for (int i = 1; i < 7; i++)
		if (i != 3 && i != 4)
			intact &=
			    all_bytes(p + i * PG, PG, (unsigned char)(i + 1));
	check(intact, "the pages left keep their contents");
	check(munmap(p, 8 * PG) == 0 && free_pages() == before,
	      "one munmap across the pieces and holes frees the rest");

	errno = 0;
	check(munmap(p + 1, PG) == -1 && errno == EINVAL,
	      "munmap unaligned: EINVAL");
	errno = 0;
	check(munmap(p, 0) == -1 && errno == EINVAL, "munmap length 0: EINVAL");
	memset(mine, 0x77, sizeof(mine));
	check(munmap(mine, sizeof(mine)) == 0 &&
		  all_bytes(mine, sizeof(mine), 0x77) && free_pages() == before,
	      "munmap of memory never mapped: 0, and nothing is freed");
}

static void test_fixed(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);
	void *r;

	memset(p, 0x11, 4 * PG);
	r = mmap(p + PG, 2 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(r == p + PG && all_bytes(p + PG, 2 * PG, 0) &&
		  all_bytes(p, PG, 0x11) && all_bytes(p + 3 * PG, PG, 0x11),
	      "MAP_FIXED over our own pages replaces them with zeroes");
	errno = 0;
	r = mmap(p, PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check(r == MAP_FAILED && errno == EEXIST,
	      "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
	check(raw(SYS_mmap, (long)(uintptr_t)test_fixed & ~(long)(PG - 1), PG,
		  PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		  0) == -ENOMEM,
	      "MAP_FIXED over the kernel image: ENOMEM, nothing overwritten");
	munmap(p, 4 * PG);
}

static void test_mremap(void)
{
	size_t mb = 1 << 20;
	char *p = anon(mb, PROT_READ | PROT_WRITE), *q, *blocker;
	long before;

	for (size_t i = 0; i < mb; i += PG)
		p[i] = (char)(i / PG);
	q = mremap(p, mb, 3 * mb, MREMAP_MAYMOVE);
	check(q != MAP_FAILED, "mremap grows 1 MiB to 3 MiB");
	int ok = q != MAP_FAILED && all_bytes(q + mb, 2 * mb, 0);

	for (size_t i = 0; ok && i < mb; i += PG)
		ok = q[i] == (char)(i / PG);
	check(ok, "the contents moved along, the new part is zero");
	before = free_pages();
	check(mremap(q, 3 * mb, mb, 0) == q && free_pages() == before + 512,
	      "shrinking stays in place and frees the tail");
	blocker =
	    mmap(q + mb, PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check(blocker == q + mb,
	      "a mapping placed right behind it (MAP_FIXED_NOREPLACE)");
	errno = 0;
	check(mremap(q, mb, 2 * mb, 0) == MAP_FAILED && errno == ENOMEM,
	      "growing in place when blocked, without MREMAP_MAYMOVE: ENOMEM");
	errno = 0;
	check(mremap(q + PG + 1, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED &&
		  errno == EINVAL,
	      "mremap of an unaligned address: EINVAL");
	errno = 0;
	check(mremap(blocker + PG, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED &&
		  errno == EFAULT,
	      "mremap of memory not mapped: EFAULT");
	munmap(blocker, PG);
	munmap(q, mb);
}

static void test_madvise_mprotect(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	memset(p, 0x42, 4 * PG);
	check(madvise(p + PG, 2 * PG, MADV_DONTNEED) == 0 &&
		  all_bytes(p + PG, 2 * PG, 0) && all_bytes(p, PG, 0x42) &&
		  all_bytes(p + 3 * PG, PG, 0x42),
	      "MADV_DONTNEED zeroes exactly its pages");
	check(madvise(p, 4 * PG, MADV_WILLNEED) == 0 && all_bytes(p, PG, 0x42),
	      "other advice succeeds and changes nothing");
	errno = 0;
	check(madvise(p + 8, PG, MADV_DONTNEED) == -1 && errno == EINVAL,
	      "madvise unaligned: EINVAL");
	check(mprotect(p, 4 * PG, PROT_READ) == 0, "mprotect of a mapping: 0");
	check(raw(SYS_mprotect, (long)(uintptr_t)p + 16, PG, PROT_READ, 0, 0,
		  0) == -EINVAL,
	      "mprotect unaligned: EINVAL");
	munmap(p, 4 * PG);
	errno = 0;
	check(mprotect(p, PG, PROT_READ) == -1 && errno == ENOMEM,
	      "mprotect of memory not mapped: ENOMEM");
	errno = 0;
	check(madvise(p, PG, MADV_DONTNEED) == -1 && errno == ENOMEM,
	      "madvise of memory not mapped: ENOMEM");
}

/*
 * The stress: slots of malloc'd memory, each filled from its own seed.
 * At most LIVE_MAX bytes are live at once: without paging, memory is
 * physically contiguous, and a guest whose RAM is more than half in use
 * can lack a free run for a 3 MiB block (see lib/posix-mmap/README.md).
 */
#define SLOTS 2048
#define LIVE_MAX (64UL << 20)

struct slot {
	unsigned char *p;
	size_t len;
	uint64_t seed;
};

static struct slot slots[SLOTS];
static uint64_t rng_state = 0x853c49e6748fea9bULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Mostly small, some medium, a few large (mmap'd by musl) sizes. */
static size_t random_size(void)
{
	uint64_t r = rng() % 100;

	if (r < 70)
		return 1 + rng() % 512;
	if (r < 95)
		return 512 + rng() % (64 << 10);
	return (128 << 10) + rng() % (3 << 20);
}

static unsigned char byte_at(uint64_t seed, size_t i)
{
	return (unsigned char)((seed >> (i % 8 * 8)) + i / 8 * 131);
}

static void fill(unsigned char *p, size_t from, size_t to, uint64_t seed)
{
	for (size_t i = from; i < to; i++)
		p[i] = byte_at(seed, i);
}

static int verify(const struct slot *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s->p[i] != byte_at(s->seed, i))
			return 0;
	return 1;
}

static void test_malloc_stress(void)
{
	long start = free_pages();
	size_t total = 0, peak = 0, live = 0, calls = 0, bad = 0, nulls = 0,
	       dirty = 0;
	unsigned char *big;

	while (total < (160UL << 20) || calls < 20000) {
		struct slot *s = &slots[rng() % SLOTS];
		size_t n;

		calls++;
		if (!s->p) {
			n = random_size();
			if (live + n > LIVE_MAX)
				continue;
			if (rng() % 4 == 0) {
				s->p = calloc(1, n);
				if (s->p && !all_bytes(s->p, n, 0))
					dirty++;
			} else {
				s->p = malloc(n);
			}
			if (!s->p) {
				nulls++;
				continue;
			}
			s->len = n;
			s->seed = rng();
			fill(s->p, 0, n, s->seed);
			total += n;
			live += n;
		} else if (rng() % 3 == 0) {
			unsigned char *r;

			n = random_size();
			if (live - s->len + n > LIVE_MAX)
				continue;
			if (!verify(s, s->len))
				bad++;
			r = realloc(s->p, n);
			if (!r) {
				nulls++;
				continue;
			}
			s->p = r;
			if (!verify(s, n < s->len ? n : s->len))
				bad++;
			if (n > s->len) {
				fill(s->p, s->len, n, s->seed);
				total += n - s->len;
			}
			live = live - s->len + n;
			s->len = n;
		} else {
			if (!verify(s, s->len))
				bad++;
			free(s->p);
			s->p = NULL;
			live -= s->len;
		}
		if (live > peak)
			peak = live;
	}
	for (int i = 0; i < SLOTS; i++) {
		if (slots[i].p && !verify(&slots[i], slots[i].len))
			bad++;
		free(slots[i].p);
		slots[i].p = NULL;
	}
	check(bad == 0 && nulls == 0 && dirty == 0,
	      "malloc/calloc/realloc/free stress: %zu MiB in %zu calls, peak "
	      "%zu MiB live, "
	      "%zu corrupt, %zu NULL, %zu dirty calloc",
	      total >> 20, calls, peak >> 20, bad, nulls, dirty);

	/* one block far larger than any power-of-two half of memory */
	big = malloc(100UL << 20);
	if (big) {
		struct slot s = {big, 100UL << 20, 0x0123456789abcdefULL};

		fill(big, 0, s.len, s.seed);
		check(verify(&s, s.len),
		      "malloc(100 MiB): written and read back");
	} else {
		check(0, "malloc(100 MiB) failed with %ld MiB free",
		      free_pages() >> 8);
	}
	free(big);
	check(free_pages() >= start - 2048,
	      "memory comes back after free (%ld pages free, %ld before the "
	      "stress)",
	      free_pages(), start);
}

int main(void)
{
	test_brk();
	test_mmap();
	test_mmap_errors();
	test_munmap();
	test_fixed();
	test_mremap();
	test_madvise_mprotect();
	test_malloc_stress();
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
