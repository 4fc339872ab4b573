/*
 * tests/unit/test_mmap.h - what the files of the test_mmap program share:
 * the arena and its buddy (test_mmap.c), system call wrappers and checks.
 */
#ifndef TEST_MMAP_H
#define TEST_MMAP_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "posix_mmap.h"
#include <uk/syscall.h>
#include "ukalloc.h"

#define PG UK_PAGE_SIZE
#define ARENA_PAGES 1024 /* one order-10 block */
#define ARENA_SIZE (ARENA_PAGES * PG)

extern struct uk_buddy bd;
extern uintptr_t A;	/* arena base, aligned to ARENA_SIZE */
extern size_t baseline; /* free pages once the table has its storage */
extern int oom_logs;	/* "out of memory" lines logged */

extern const struct uk_syscall_entry uk_sysreg_mmap, uk_sysreg_munmap,
    uk_sysreg_mremap, uk_sysreg_mprotect, uk_sysreg_madvise, uk_sysreg_brk;

void mm_setup(void);
void mm_teardown(void);
/* Give the table room for 'areas' areas and take the free count again. */
void rebase(size_t areas);

long sys_mmap(uintptr_t addr, size_t len, long prot, long flags, long fd,
	      long off);
long sys_munmap(uintptr_t addr, size_t len);
long sys_mremap(uintptr_t old, size_t old_len, size_t new_len, long flags,
		uintptr_t new_addr);
long sys_mprotect(uintptr_t addr, size_t len, long prot);
long sys_madvise(uintptr_t addr, size_t len, long advice);
/* mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) */
long anon(size_t len, long prot);

/* The page protections ukplat_mem_protect gave the arena (test_mmap.c). */
extern int hw_prot[ARENA_PAGES];
extern bool hw_wx;	/* it refuses WRITE|EXEC, as with W^X on */
extern int hw_fail_in;	/* > 0: its hw_fail_in-th call fails -ENOMEM */
/* Whether every page's protection is the recorded one (RW when not ours). */
bool hw_matches_table(void);
/* Read, write or memset memory whatever its protection (a debugger's way). */
uint64_t peek(uintptr_t a);
void poke(uintptr_t a, uint64_t v);
void fill(uintptr_t p, size_t len, int c);

bool all_bytes(uintptr_t p, size_t len, unsigned char v);
/* The recorded protection at addr, -1 when nothing is mapped there. */
int prot_at(uintptr_t addr);

Suite *mmap_more_suite(void);
Suite *mmap_model_suite(void);
Suite *mmap_prot_suite(void);

#endif /* TEST_MMAP_H */
