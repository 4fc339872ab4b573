/*
 * plat/common/guards.c - the table of guard pages (guards.h).
 */
#include <errno.h>
#include "guards.h"

#define PAGE_SIZE 4096UL

static struct {
	uintptr_t page;
	const char *what;
} guards[UKPLAT_GUARDS_MAX];
static unsigned int nr_guards;
static const char *(*more)(uint64_t addr);

void ukplat_guards_set_lookup(const char *(*lookup)(uint64_t addr))
{
	more = lookup;
}

int ukplat_guards_record(uintptr_t page, const char *what)
{
	if (nr_guards == UKPLAT_GUARDS_MAX)
		return -ENOSPC;
	guards[nr_guards].page = page;
	guards[nr_guards].what = what;
	nr_guards++;
	return 0;
}

const char *ukplat_guards_lookup(uint64_t addr)
{
	for (unsigned int i = 0; i < nr_guards; i++) {
		if (addr - guards[i].page < PAGE_SIZE)
			return guards[i].what;
	}
	return more ? more(addr) : (const char *)0;
}

unsigned int ukplat_guards_count(void)
{
	return nr_guards;
}

uintptr_t ukplat_guards_page(unsigned int i)
{
	return i < nr_guards ? guards[i].page : 0;
}
