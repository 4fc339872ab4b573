/*
 * tests/unit/test_bootinfo_x86.h - the fixture test_bootinfo_x86.c offers
 * the other boot information test files of its program: fake physical
 * memory [0, MEM_SIZE), the translated description, the reason given.
 */
#ifndef TEST_BOOTINFO_X86_H
#define TEST_BOOTINFO_X86_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "bootinfo_x86.h"

#define MEM_SIZE (16ULL << 20)

extern uint8_t *mem;
extern struct uk_bootinfo bi;
extern const char *why;
extern const struct ukplat_phys_access phys;

void setup(void);     /* fresh zeroed memory, why = "unset" */
void teardown(void);
bool has_region(uint64_t base, uint64_t len, enum uk_memregion_type t);

/* A failure with an errno and a reason worth a console line. */
#define CHECK_FAIL(rc, err)                                                  \
	do {                                                                 \
		ck_assert_int_eq((rc), (err));                               \
		ck_assert_ptr_nonnull(why);                                  \
		ck_assert_uint_gt(strlen(why), 10);                          \
	} while (0)

/* test_bootinfo_linux.c */
TCase *bootinfo_linux_tcase(void);

#endif
