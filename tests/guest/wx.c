/*
 * tests/guest/wx.c - page protections seen by an application (W^X): the
 * image's text and read-only data are read-only, nothing but text is
 * executable, and mprotect is enforced. argv[1] picks one case:
 *
 *   text, rodata            write to a function's code / to a const object
 *   nx-data, nx-bss,        call a `ret` instruction copied into a buffer
 *   nx-stack, nx-heap       in .data, .bss, on the stack, from malloc
 *   none                    read a page after mprotect(PROT_NONE)
 *   readonly                write a page after mprotect(PROT_READ)
 *   calls                   no fault: mprotect/mmap answers as TAP
 *
 * Every fault case prints "wx: target 0x..." (the address that must
 * fault, for the script to compare with CR2) and must never reach
 * "wx: survived". Built with the configured UK_WX_ENFORCE, so that the
 * "calls" case expects what this build promises for WRITE|EXEC requests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "musl_tap.h"

#ifndef UK_WX_ENFORCE
#error "build with $(UK_WX_CPPFLAGS)"
#endif

#define PG 4096UL
/* A return instruction, as bytes: x86_64 near RET; arm64 RET (0xd65f03c0). */
#if defined(__aarch64__)
#define RET_BYTES 0xc0, 0x03, 0x5f, 0xd6
#else
#define RET_BYTES 0xc3
#endif
static const unsigned char ret_insn[] = { RET_BYTES };

/* Write a return instruction at p, and make it visible to instruction fetch. */
static void put_ret(unsigned char *p)
{
	memcpy(p, ret_insn, sizeof(ret_insn));
	__builtin___clear_cache((char *)p, (char *)p + sizeof(ret_insn));
}

typedef void (*fn_t)(void);

static const int rodata_value = 42;
static unsigned char data_buf[64] = { RET_BYTES };
static unsigned char bss_buf[64];
static volatile int sink;

__attribute__((noinline, noipa)) static void victim(void)
{
	sink++;
}

static void target(const volatile void *p)
{
	printf("wx: target %#lx\n", (unsigned long)(uintptr_t)p);
	fflush(stdout);
}

__attribute__((noinline, noipa)) static void write_at(volatile unsigned char *p)
{
	target(p);
	*p = ret_insn[0];
}

__attribute__((noinline, noipa)) static void call_at(unsigned char *p)
{
	target(p);
	((fn_t)(uintptr_t)p)();
}

static unsigned char *page(int prot)
{
	void *p = mmap(NULL, PG, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("wx: mmap failed: %s\n", strerror(errno));
		exit(2);
	}
	return p;
}

static int fault_case(const char *what)
{
	unsigned char stack_buf[64];
	unsigned char *p;

	if (!strcmp(what, "text")) {
		write_at((volatile unsigned char *)(uintptr_t)victim);
	} else if (!strcmp(what, "rodata")) {
		write_at((volatile unsigned char *)(uintptr_t)&rodata_value);
	} else if (!strcmp(what, "nx-data")) {
		call_at(data_buf);
	} else if (!strcmp(what, "nx-bss")) {
		put_ret(bss_buf);
		call_at(bss_buf);
	} else if (!strcmp(what, "nx-stack")) {
		put_ret(stack_buf);
		call_at(stack_buf);
	} else if (!strcmp(what, "nx-heap")) {
		p = malloc(64);
		put_ret(p);
		call_at(p);
	} else if (!strcmp(what, "none")) {
		p = page(PROT_READ | PROT_WRITE);
		p[100] = 7;
		if (mprotect(p, PG, PROT_NONE) != 0)
			return 2;
		target(p + 100);
		sink = ((volatile unsigned char *)p)[100];
	} else if (!strcmp(what, "readonly")) {
		p = page(PROT_READ | PROT_WRITE);
		if (mprotect(p, PG, PROT_READ) != 0)
			return 2;
		sink = p[0]; /* reading is fine */
		write_at(p + 8);
	} else {
		printf("wx: unknown case '%s'\n", what);
		return 2;
	}
	printf("wx: survived\n");
	return 3;
}

/* WRITE|EXEC: EACCES with W^X, granted without. */
static int wx_answer(long rc)
{
	if (UK_WX_ENFORCE)
		return rc == -1 && errno == EACCES;
	return rc == 0;
}

static void test_rw_back(void)
{
	unsigned char *p = page(PROT_READ | PROT_WRITE);

	memset(p, 0x5a, PG);
	check(mprotect(p, PG, PROT_READ) == 0, "mprotect(PROT_READ): 0");
	check(p[0] == 0x5a && p[PG - 1] == 0x5a, "read-only page still reads");
	check(mprotect(p, PG, PROT_NONE) == 0, "mprotect(PROT_NONE): 0");
	check(mprotect(p, PG, PROT_READ | PROT_WRITE) == 0,
	      "mprotect back to read-write: 0");
	check(p[0] == 0x5a && p[PG - 1] == 0x5a, "the data was kept");
	p[1] = 1;
	check(p[1] == 1, "the page is writable again");
	check(munmap(p, PG) == 0, "munmap: 0");
}

static void test_exec(void)
{
	unsigned char *p = page(PROT_READ | PROT_WRITE);
	long rc;

	put_ret(p);
	check(mprotect(p, PG, PROT_READ | PROT_EXEC) == 0,
	      "mprotect(PROT_READ|PROT_EXEC): 0");
	((fn_t)(uintptr_t)p)();
	check(1, "code in a PROT_EXEC page runs");
	errno = 0;
	rc = mprotect(p, PG, PROT_READ | PROT_WRITE | PROT_EXEC);
	check(wx_answer(rc), "mprotect(RWX) with W^X %s: %ld (%s)",
	      UK_WX_ENFORCE ? "enforced gives EACCES" : "off succeeds", rc,
	      strerror(errno));
	if (!UK_WX_ENFORCE) {
		put_ret(p + 4); /* writable and executable at once */
		((fn_t)(uintptr_t)(p + 4))();
		check(1, "without W^X an RWX page is written and run");
	}
	check(mprotect(p, PG, PROT_READ | PROT_WRITE) == 0 && (p[2] = 9) == 9,
	      "back to read-write after PROT_EXEC");
	munmap(p, PG);

	errno = 0;
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(UK_WX_ENFORCE ? p == MAP_FAILED && errno == EACCES
			    : p != MAP_FAILED,
	      "mmap(RWX) with W^X %s",
	      UK_WX_ENFORCE ? "enforced gives EACCES" : "off succeeds");
	if (p != MAP_FAILED)
		munmap(p, PG);
	check(FAILS(mprotect((void *)(uintptr_t)victim, PG, PROT_READ), ENOMEM),
	      "mprotect of the image's text (not a mapping): ENOMEM");
}

/* The library writes to, copies and frees pages whatever their protection. */
static void test_kernel_access(void)
{
	unsigned char *p = page(PROT_READ | PROT_WRITE), *q;
	size_t zeros = 0;

	memset(p, 0x33, PG);
	check(mprotect(p, PG, PROT_READ) == 0 &&
		      madvise(p, PG, MADV_DONTNEED) == 0 && p[0] == 0 &&
		      p[PG - 1] == 0,
	      "MADV_DONTNEED zeroes a read-only page");

	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0x44, 2 * PG);
	check(mprotect(p, 2 * PG, PROT_NONE) == 0, "PROT_NONE on two pages");
	q = mremap(p, 2 * PG, 64 * PG, MREMAP_MAYMOVE);
	check(q != MAP_FAILED && mprotect(q, 64 * PG, PROT_READ) == 0 &&
		      q[0] == 0x44 && q[2 * PG - 1] == 0x44 && q[2 * PG] == 0,
	      "mremap moves a PROT_NONE mapping with its contents");
	check(munmap(q, 64 * PG) == 0, "munmap of a read-only mapping: 0");

	p = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(p != MAP_FAILED && munmap(p, 8 * PG) == 0,
	      "mmap(PROT_NONE) then munmap");
	p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (size_t i = 0; p != MAP_FAILED && i < 8 * PG; i++)
		zeros += p[i] == 0, p[i] = 1;
	check(p != MAP_FAILED && zeros == 8 * PG,
	      "freed PROT_NONE pages come back zeroed and writable");
	munmap(p, 8 * PG);

	/* musl's malloc keeps working over guard-page patterns. */
	for (int i = 0; i < 200; i++) {
		char *m = malloc((size_t)(i * 997) % 300000 + 1);

		if (!m)
			break;
		m[0] = 1;
		free(m);
	}
	check(1, "malloc and free across mprotect'ed memory");
}

#if defined(__aarch64__)
/*
 * arm64 maps the first 512 GiB of physical memory again at
 * 0x0000_ff80_0000_0000 (RAM is identity-mapped, so VA = PA below): the
 * same bytes are visible through both addresses, and the direct map is
 * never executable.
 */
static void test_direct_map(void)
{
	const uintptr_t dm = 0x0000ff8000000000UL;
	static volatile unsigned long shared = 0x1234;
	volatile unsigned long *alias = (volatile unsigned long *)(dm + (uintptr_t)&shared);

	check(*(const volatile int *)(dm + (uintptr_t)&rodata_value) == 42,
	      "the direct map shows rodata at 0xff8000000000 + its address");
	*alias = 0x5678;
	check(shared == 0x5678, "a write through the direct map is seen at the identity address");
	shared = 0x9abc;
	check(*alias == 0x9abc, "and the other way round");
}
#endif

int main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "calls"))
		return fault_case(argv[1]);
	printf("# W^X %s in this build\n", UK_WX_ENFORCE ? "enforced" : "off");
	test_rw_back();
	test_exec();
	test_kernel_access();
#if defined(__aarch64__)
	test_direct_map();
#endif
	return tap_done();
}
