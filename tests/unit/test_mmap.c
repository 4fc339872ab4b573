/*
 * tests/unit/test_mmap.c - host tests of lib/posix-mmap: the system calls
 * are called through their registration entries (uk_sysreg_*), exactly as
 * the dispatcher calls them, over a page allocator made of the real buddy
 * (lib/ukalloc/buddy.c) on host memory. The arena is filled with garbage
 * before it is handed to the buddy, so zeroing is really checked.
 *
 * Every test runs in a fresh process (fork mode is forced, whatever
 * CK_FORK says), so the library's table starts empty each time.
 *
 * The platform's page protections (ukplat_mem_protect) are the host's
 * mprotect on the arena, so a library write to a page it did not open
 * first crashes the test; hw_prot records what the "hardware" holds. The
 * test's own reads and writes (all_bytes, peek, poke, fill) go through
 * /proc/self/mem, as a debugger's do, whatever the protection.
 */
#include "test_mmap.h"
#include "unit_run.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <uk/plat.h>
#include "panic_stub.h"

/* The page allocator the library sees: one buddy over the arena. */
struct uk_buddy bd;
uintptr_t A;
size_t baseline;
char __uk_image_end[3 * UK_PAGE_SIZE + 5];
int oom_logs;

void *uk_pages_alloc_n(size_t n)
{
	return uk_buddy_alloc_n(&bd, n);
}
int uk_pages_alloc_at(void *a, size_t n)
{
	return uk_buddy_alloc_at(&bd, a, n);
}
void uk_pages_free_n(void *a, size_t n)
{
	uk_buddy_free_n(&bd, a, n);
}
size_t uk_pages_free_count(void)
{
	return uk_buddy_free_count(&bd);
}

void uk_log(int level, const char *fmt, ...)
{
	if (strstr(fmt, "out of memory"))
		oom_logs++;
}

int hw_prot[ARENA_PAGES];
bool hw_wx = true;
int hw_fail_in;

static void host_protect(uintptr_t va, size_t len, int prot)
{
	/* Not PROT_EXEC: hosts may refuse executable heap memory. */
	ck_assert_int_eq(mprotect((void *)va, len, prot & ~PROT_EXEC), 0);
}

/* The platform's answers (uk/plat.h), on the arena only. */
int ukplat_mem_protect(uintptr_t va, size_t len, unsigned int prot)
{
	if ((va | len) % PG || !len ||
	    prot > (PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (hw_wx && (prot & PROT_WRITE) && (prot & PROT_EXEC))
		return -EINVAL;
	if (va < A || va - A > ARENA_SIZE || len > ARENA_SIZE - (va - A))
		return -ENOENT;
	if (hw_fail_in > 0 && --hw_fail_in == 0)
		return -ENOMEM;
	host_protect(va, len, (int)prot);
	for (size_t i = 0; i < len / PG; i++)
		hw_prot[(va - A) / PG + i] = (int)prot;
	return 0;
}

/*
 * The test reads and writes the arena as a debugger does, through
 * /proc/self/mem, which ignores page protections.
 */
static int self_mem = -1;

static void debugger(bool write, uintptr_t a, void *buf, size_t len)
{
	ssize_t n;

	if (self_mem < 0)
		self_mem = open("/proc/self/mem", O_RDWR);
	ck_assert_int_ge(self_mem, 0);
	n = write ? pwrite(self_mem, buf, len, (off_t)a)
		  : pread(self_mem, buf, len, (off_t)a);
	ck_assert_int_eq(n, (ssize_t)len);
}

uint64_t peek(uintptr_t a)
{
	uint64_t v;

	debugger(false, a, &v, sizeof(v));
	return v;
}

void poke(uintptr_t a, uint64_t v)
{
	debugger(true, a, &v, sizeof(v));
}

void fill(uintptr_t p, size_t len, int c)
{
	unsigned char buf[PG];

	memset(buf, c, sizeof(buf));
	for (size_t done = 0; done < len; done += sizeof(buf))
		debugger(true, p + done, buf,
			 len - done < sizeof(buf) ? len - done : sizeof(buf));
}

static void *arena_mem;
static uint64_t *bitmap;

void mm_setup(void)
{
	size_t bsz = uk_buddy_bitmap_size(0, ARENA_SIZE);

	arena_mem = aligned_alloc(ARENA_SIZE, ARENA_SIZE);
	ck_assert_ptr_nonnull(arena_mem);
	memset(arena_mem, 0xa5, ARENA_SIZE);
	A = (uintptr_t)arena_mem;
	bitmap = malloc(bsz);
	ck_assert_ptr_nonnull(bitmap);
	ck_assert_int_eq(uk_buddy_init(&bd, A, A + ARENA_SIZE, bitmap, bsz), 0);
	ck_assert_int_eq(uk_buddy_add_range(&bd, A, A + ARENA_SIZE), 0);
	/* The table's own page, once: from here on counts are exact. */
	ck_assert_int_eq(uk_mmap_table_reserve(1), 0);
	baseline = uk_pages_free_count();
	oom_logs = 0;
	for (size_t i = 0; i < ARENA_PAGES; i++)
		hw_prot[i] = PROT_READ | PROT_WRITE;
	hw_wx = true;
	hw_fail_in = 0;
}

void rebase(size_t areas)
{
	ck_assert_int_eq(uk_mmap_table_reserve(areas), 0);
	baseline = uk_pages_free_count();
}

void mm_teardown(void)
{
	host_protect(A, ARENA_SIZE, PROT_READ | PROT_WRITE);
	free(bitmap);
	free(arena_mem);
}

long sys_mmap(uintptr_t addr, size_t len, long prot, long flags, long fd,
	      long off)
{
	return uk_sysreg_mmap.fn((long)addr, (long)len, prot, flags, fd, off);
}

long sys_munmap(uintptr_t addr, size_t len)
{
	return uk_sysreg_munmap.fn((long)addr, (long)len, 0, 0, 0, 0);
}

long sys_mremap(uintptr_t old, size_t old_len, size_t new_len, long flags,
		uintptr_t new_addr)
{
	return uk_sysreg_mremap.fn((long)old, (long)old_len, (long)new_len,
				   flags, (long)new_addr, 0);
}

long sys_mprotect(uintptr_t addr, size_t len, long prot)
{
	return uk_sysreg_mprotect.fn((long)addr, (long)len, prot, 0, 0, 0);
}

long sys_madvise(uintptr_t addr, size_t len, long advice)
{
	return uk_sysreg_madvise.fn((long)addr, (long)len, advice, 0, 0, 0);
}

long anon(size_t len, long prot)
{
	return sys_mmap(0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

bool all_bytes(uintptr_t p, size_t len, unsigned char v)
{
	unsigned char buf[PG];

	for (size_t done = 0; done < len; done += sizeof(buf)) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		debugger(false, p + done, buf, n);
		for (size_t i = 0; i < n; i++)
			if (buf[i] != v)
				return false;
	}
	return true;
}

bool hw_matches_table(void)
{
	for (size_t i = 0; i < ARENA_PAGES; i++) {
		int p = prot_at(A + i * PG);

		/* pages not ours (free, the kernel's) stay read-write */
		if (hw_prot[i] != (p < 0 ? PROT_READ | PROT_WRITE : p))
			return false;
	}
	return true;
}

int prot_at(uintptr_t addr)
{
	const struct uk_mmap_area *a = uk_mmap_table_find(addr);

	return a ? a->prot : -1;
}

START_TEST(mmap_sizes_alignment_zeroing)
{
	static const size_t lens[] = {1,      PG - 1,	   PG,	    PG + 1,
				      5 * PG, 37 * PG + 3, 200 * PG};
	size_t before = baseline;

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t pages = (lens[i] + PG - 1) / PG;
		long p = anon(lens[i], PROT_READ | PROT_WRITE);

		ck_assert_msg(p > 0, "mmap(%zu) = %ld", lens[i], p);
		ck_assert_uint_eq((uintptr_t)p % PG, 0);
		ck_assert((uintptr_t)p >= A &&
			  (uintptr_t)p + pages * PG <= A + ARENA_SIZE);
		/* exactly the pages asked for: the block's tail went back */
		ck_assert_uint_eq(uk_pages_free_count(), before - pages);
		ck_assert(all_bytes(p, pages * PG, 0));
		ck_assert_int_eq(prot_at(p), PROT_READ | PROT_WRITE);
		ck_assert_int_eq(prot_at(p + pages * PG - 1),
				 PROT_READ | PROT_WRITE);
		memset((void *)p, 0x5a, pages * PG);
		before -= pages;
	}
}
END_TEST

START_TEST(mmap_flags_and_prot)
{
	long p;

	/* shared anonymous memory is private memory here */
	p = sys_mmap(0, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert(p > 0 && all_bytes(p, PG, 0));
	ck_assert_int_eq(prot_at(p), PROT_READ);
	/* harmless flags are ignored, and so is the offset of anonymous memory
	 */
	p = sys_mmap(0, 3 * PG, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			 MAP_POPULATE | MAP_STACK | MAP_GROWSDOWN | MAP_LOCKED,
		     -1, 7 * PG);
	ck_assert(p > 0 && all_bytes(p, 3 * PG, 0));
	ck_assert_int_eq(prot_at(p), PROT_NONE);
	/* the fd of anonymous memory is ignored, as on Linux */
	ck_assert(
	    sys_mmap(0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 5, 0) > 0);
	/* a hint is only a hint */
	ck_assert(sys_mmap(A + 1000 * PG + 3, PG, PROT_READ,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) > 0);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 6);
}
END_TEST

START_TEST(mmap_errors)
{
	const long pa = MAP_PRIVATE | MAP_ANONYMOUS;

	ck_assert_int_eq(sys_mmap(0, 0, PROT_READ, pa, -1, 0), -EINVAL);
	ck_assert_int_eq(sys_mmap(0, PG, PROT_READ, pa, -1, 100), -EINVAL);
	ck_assert_int_eq(sys_mmap(0, PG, PROT_READ, MAP_PRIVATE, -1, 0),
			 -EBADF);
	ck_assert_int_eq(sys_mmap(0, PG, PROT_READ, MAP_PRIVATE, 3, 0),
			 -ENODEV);
	ck_assert_int_eq(sys_mmap(0, PG, PROT_READ, MAP_SHARED, 0, 0), -ENODEV);
	ck_assert_int_eq(sys_mmap(0, PG, PROT_READ, MAP_ANONYMOUS, -1, 0),
			 -EINVAL);
	ck_assert_int_eq(sys_mmap(0, PG, PROT_READ,
				  MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0),
			 -EINVAL);
	ck_assert_int_eq(sys_mmap(0, PG, PROT_READ,
				  MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN,
				  -1, 0),
			 -EINVAL);
	ck_assert_int_eq(sys_mmap(0, PG, PROT_READ, pa | MAP_HUGETLB, -1, 0),
			 -ENOMEM);
	ck_assert_int_eq(sys_mmap(0, SIZE_MAX, PROT_READ, pa, -1, 0), -ENOMEM);
	ck_assert_int_eq(sys_mmap(0, SIZE_MAX - PG + 2, PROT_READ, pa, -1, 0),
			 -ENOMEM);
	ck_assert_int_eq(sys_mmap(0, (size_t)1 << 40, PROT_READ, pa, -1, 0),
			 -ENOMEM);
	ck_assert_int_eq(sys_mmap(0, ARENA_SIZE, PROT_READ, pa, -1, 0),
			 -ENOMEM);
	ck_assert_int_eq(sys_mmap(A + 5, PG, PROT_READ, pa | MAP_FIXED, -1, 0),
			 -EINVAL);
	ck_assert_int_eq(
	    sys_mmap(A + 5, PG, PROT_READ, pa | MAP_FIXED_NOREPLACE, -1, 0),
	    -EINVAL);
	ck_assert_int_eq(sys_mmap(UINTPTR_MAX - PG + 1, 2 * PG, PROT_READ,
				  pa | MAP_FIXED, -1, 0),
			 -ENOMEM);
	ck_assert_uint_eq(uk_pages_free_count(), baseline);
	/* one console line about running out of memory, not one per failure */
	ck_assert_int_eq(oom_logs, 1);
}
END_TEST

START_TEST(mmap_uses_runs_when_no_block_fits)
{
	/*
	 * The table holds page 0, so no order-10 block is left: 600 pages
	 * come from the run of free pages that starts at page 1.
	 */
	long p = anon(600 * PG, PROT_READ | PROT_WRITE);

	ck_assert_int_eq(p, (long)(A + PG));
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 600);
	ck_assert(all_bytes(p, 600 * PG, 0));
	/* the rest is one run as well */
	p = anon((baseline - 600) * PG, PROT_READ);
	ck_assert_int_eq(p, (long)(A + 601 * PG));
	ck_assert_uint_eq(uk_pages_free_count(), 0);
	ck_assert_int_eq(anon(PG, PROT_READ), -ENOMEM);
	ck_assert_int_eq(sys_munmap(A, ARENA_SIZE), 0);
	ck_assert_uint_eq(uk_pages_free_count(), baseline);
}
END_TEST

START_TEST(exhaust_and_recover)
{
	size_t n = 0, ones = 0, left;
	long p;

	rebase(1000); /* no table growth while memory runs out */
	while ((p = anon(3 * PG, PROT_READ | PROT_WRITE)) > 0) {
		*(uint64_t *)p = (uint64_t)p;
		n++;
	}
	ck_assert_int_eq(p, -ENOMEM);
	ck_assert_int_eq(oom_logs, 1);
	/*
	 * Each 3 pages came from a 4-page block whose last page went back:
	 * what is left are single pages, and they are still usable.
	 */
	left = uk_pages_free_count();
	ck_assert_uint_eq(left, baseline - 3 * n);
	while (anon(PG, PROT_READ) > 0)
		ones++;
	ck_assert_uint_eq(ones, left);
	ck_assert_uint_eq(uk_pages_free_count(), 0);
	ck_assert_int_eq(sys_munmap(A, ARENA_SIZE), 0);
	ck_assert_uint_eq(uk_pages_free_count(), baseline);
}
END_TEST

START_TEST(munmap_partial)
{
	long p = anon(16 * PG, PROT_READ | PROT_WRITE);

	ck_assert(p > 0);
	for (int i = 0; i < 16; i++)
		memset((void *)(p + i * PG), i + 1, PG);
	/* head, tail, middle */
	ck_assert_int_eq(sys_munmap(p, 2 * PG), 0);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 14);
	ck_assert_int_eq(sys_munmap(p + 15 * PG, PG - 100),
			 0); /* length rounds up */
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 13);
	ck_assert_int_eq(sys_munmap(p + 6 * PG, 3 * PG), 0);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 10);
	for (int i = 0; i < 16; i++) {
		bool live = (i >= 2 && i < 6) || (i >= 9 && i < 15);

		ck_assert_int_eq(prot_at(p + i * PG),
				 live ? PROT_READ | PROT_WRITE : -1);
		if (live)
			ck_assert(
			    all_bytes(p + i * PG, PG, (unsigned char)(i + 1)));
	}
	/* again: nothing left to free there */
	ck_assert_int_eq(sys_munmap(p + 6 * PG, 3 * PG), 0);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 10);
	/* one call across both pieces and the hole between them */
	ck_assert_int_eq(sys_munmap(p, 16 * PG), 0);
	ck_assert_uint_eq(uk_pages_free_count(), baseline);
}
END_TEST

START_TEST(munmap_errors_and_foreign_pages)
{
	void *k = uk_buddy_alloc(&bd, 1); /* the kernel's, not ours */
	long p = anon(PG, PROT_READ);

	ck_assert_int_eq(sys_munmap(p + 1, PG), -EINVAL);
	ck_assert_int_eq(sys_munmap(p, 0), -EINVAL);
	ck_assert_int_eq(sys_munmap(p, SIZE_MAX - 10), -EINVAL);
	ck_assert_int_eq(sys_munmap(UINTPTR_MAX - PG + 1, 2 * PG), -EINVAL);
	ck_assert_int_eq(prot_at(p), PROT_READ);
	/* Linux says 0 for memory that is not mapped; nothing is freed */
	memset(k, 0x77, 2 * PG);
	ck_assert_int_eq(sys_munmap((uintptr_t)k, 2 * PG), 0);
	ck_assert_int_eq(sys_munmap(A, ARENA_SIZE), 0);
	ck_assert_int_eq(sys_munmap(0x1000, PG), 0);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 2);
	ck_assert(all_bytes((uintptr_t)k, 2 * PG, 0x77));
	uk_buddy_free(&bd, k, 1); /* still allocated: no panic */
	ck_assert_uint_eq(uk_pages_free_count(), baseline);
}
END_TEST

START_TEST(map_fixed_over_own_and_free_pages)
{
	long p = anon(8 * PG, PROT_READ | PROT_WRITE), q;

	memset((void *)p, 0x11, 8 * PG);
	/* inside our mapping: fresh zero pages, the rest untouched */
	q = sys_mmap(p + 2 * PG, 3 * PG, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ck_assert_int_eq(q, p + 2 * PG);
	ck_assert(all_bytes(p, 2 * PG, 0x11) &&
		  all_bytes(p + 2 * PG, 3 * PG, 0) &&
		  all_bytes(p + 5 * PG, 3 * PG, 0x11));
	ck_assert_int_eq(prot_at(p + 2 * PG), PROT_READ);
	ck_assert_int_eq(prot_at(p + 5 * PG), PROT_READ | PROT_WRITE);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 8);

	/* partly ours, partly free pages: the free ones are taken */
	ck_assert_int_eq(sys_munmap(p + 6 * PG, 2 * PG), 0);
	q = sys_mmap(p + 4 * PG, 4 * PG, PROT_EXEC,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ck_assert_int_eq(q, p + 4 * PG);
	ck_assert(all_bytes(p + 4 * PG, 4 * PG, 0));
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 8);

	/* NOREPLACE: our pages are taken, free pages are fine */
	ck_assert_int_eq(
	    sys_mmap(p, PG, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
	    -EEXIST);
	ck_assert_int_eq(
	    sys_mmap(p + 7 * PG, 2 * PG, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
	    -EEXIST);
	ck_assert_int_eq(sys_munmap(p, 8 * PG), 0);
	q = sys_mmap(p + PG, 2 * PG, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ck_assert_int_eq(q, p + PG);
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 2);
}
END_TEST

START_TEST(map_fixed_never_takes_foreign_memory)
{
	const long fixed = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	uintptr_t k = A + 100 * PG; /* a page the kernel allocated */
	long p, q;
	size_t before;

	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)k, 1), 0);
	memset((void *)k, 0x33, PG);
	p = sys_mmap(k - 2 * PG, 2 * PG, PROT_READ | PROT_WRITE, fixed, -1, 0);
	ck_assert_int_eq(p, (long)(k - 2 * PG));
	memset((void *)p, 0x44, 2 * PG);
	before = uk_pages_free_count();

	ck_assert_int_eq(sys_mmap(k, PG, PROT_READ, fixed, -1, 0), -ENOMEM);
	/* ours, then the kernel's page */
	ck_assert_int_eq(sys_mmap(p, 8 * PG, PROT_READ, fixed, -1, 0), -ENOMEM);
	/* free pages taken first are given back when a later gap fails */
	q = sys_mmap(k - 4 * PG, 8 * PG, PROT_READ, fixed, -1, 0);
	ck_assert_int_eq(q, -ENOMEM);
	ck_assert_int_eq(
	    sys_mmap(k, PG, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
	    -EEXIST);
	/* memory the allocator does not manage */
	ck_assert_int_eq(sys_mmap(A + ARENA_SIZE, PG, PROT_READ, fixed, -1, 0),
			 -ENOMEM);
	ck_assert_int_eq(sys_mmap(A - PG, 2 * PG, PROT_READ, fixed, -1, 0),
			 -ENOMEM);
	ck_assert_uint_eq(uk_pages_free_count(), before);
	ck_assert(all_bytes(k, PG, 0x33) && all_bytes(p, 2 * PG, 0x44));
	ck_assert_int_eq(prot_at(p), PROT_READ | PROT_WRITE);
	ck_assert_int_eq(prot_at(p - PG), -1);
	ck_assert_int_eq(prot_at(k), -1);
	/* the pages given back are really free: take them again */
	ck_assert_int_eq(uk_buddy_alloc_at(&bd, (void *)(k - 4 * PG), 2), 0);
}
END_TEST

START_TEST(brk_never_moves)
{
	long b = uk_sysreg_brk.fn(0, 0, 0, 0, 0, 0);
	uintptr_t want =
	    ((uintptr_t)__uk_image_end + PG - 1) & ~(uintptr_t)(PG - 1);

	ck_assert_int_eq(b, (long)want);
	ck_assert_int_eq(uk_sysreg_brk.fn(b + 64 * PG, 0, 0, 0, 0, 0), b);
	ck_assert_int_eq(uk_sysreg_brk.fn(b, 0, 0, 0, 0, 0), b);
	ck_assert_int_eq(uk_sysreg_brk.fn(b - PG, 0, 0, 0, 0, 0), b);
	ck_assert_uint_eq(uk_pages_free_count(), baseline);
}
END_TEST

START_TEST(table_grows_past_one_page)
{
	enum { N = 600 };
	static long p[N];

	/* alternating protections: no two neighbours merge */
	for (int i = 0; i < N; i++) {
		p[i] = anon(PG, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE);
		ck_assert(p[i] > 0);
	}
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(prot_at(p[i]),
				 i % 2 ? PROT_READ : PROT_READ | PROT_WRITE);
	for (int i = 0; i < N; i += 2)
		ck_assert_int_eq(sys_munmap(p[i], PG), 0);
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(prot_at(p[i]), i % 2 ? PROT_READ : -1);
	ck_assert_int_eq(sys_munmap(A, ARENA_SIZE), 0);
	/* the table grew to 4 pages and keeps them */
	ck_assert_uint_eq(uk_pages_free_count(), baseline - 3);
}
END_TEST

static Suite *mmap_core_suite(void)
{
	Suite *s = suite_create("mmap");
	TCase *tc = tcase_create("mmap-munmap");

	tcase_add_checked_fixture(tc, mm_setup, mm_teardown);
	tcase_add_test(tc, mmap_sizes_alignment_zeroing);
	tcase_add_test(tc, mmap_flags_and_prot);
	tcase_add_test(tc, mmap_errors);
	tcase_add_test(tc, mmap_uses_runs_when_no_block_fits);
	tcase_add_test(tc, exhaust_and_recover);
	tcase_add_test(tc, munmap_partial);
	tcase_add_test(tc, munmap_errors_and_foreign_pages);
	tcase_add_test(tc, map_fixed_over_own_and_free_pages);
	tcase_add_test(tc, map_fixed_never_takes_foreign_memory);
	tcase_add_test(tc, brk_never_moves);
	tcase_add_test(tc, table_grows_past_one_page);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(mmap_core_suite());

	srunner_add_suite(sr, mmap_more_suite());
	srunner_add_suite(sr, mmap_model_suite());
	srunner_add_suite(sr, mmap_prot_suite());
	/* the library's table is global: every test needs a fresh process */
	return unit_run(sr, true);
}
