/*
 * plat/common/guards.h - the table of guard pages: which page sits below
 * which stack, so that a fault report can say "stack overflow" and name
 * the stack. The platforms own the mappings (they unmap the pages); this
 * table only remembers them.
 */
#ifndef UKPLAT_GUARDS_H
#define UKPLAT_GUARDS_H

#include <stdint.h>

#define UKPLAT_GUARDS_MAX 16

/* Remember 'page' as the guard of 'what' (static storage); -ENOSPC when full. */
int ukplat_guards_record(uintptr_t page, const char *what);
/*
 * A second lookup, for guard pages the table does not hold (the stacks
 * of secondary CPUs, too many for it); consulted when the table has no
 * match.
 */
void ukplat_guards_set_lookup(const char *(*lookup)(uint64_t addr));
/* What the guard page holding 'addr' protects, or NULL. */
const char *ukplat_guards_lookup(uint64_t addr);
/* The recorded guards, in order: for platforms that unmap them later. */
unsigned int ukplat_guards_count(void);
uintptr_t ukplat_guards_page(unsigned int i);

#endif /* UKPLAT_GUARDS_H */
