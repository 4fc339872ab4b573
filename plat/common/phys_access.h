/*
 * plat/common/phys_access.h - read access to physical memory for the
 * parsers of firmware and boot loader data (boot protocols, ACPI).
 *
 * The parsers never dereference a physical address themselves: in the
 * kernel the map function checks the range against the identity map, in
 * host unit tests it points into a fake memory buffer.
 */
#ifndef UKPLAT_PHYS_ACCESS_H
#define UKPLAT_PHYS_ACCESS_H

#include <stddef.h>
#include <stdint.h>

/*
 * map() MUST return a pointer to readable memory holding [pa, pa + len), or
 * NULL when any byte of that range is not accessible; the pointer MUST stay
 * valid until the parser returns. Parsers never write through it and never
 * keep it beyond the call. len is never 0.
 */
struct ukplat_phys_access {
	const void *(*map)(void *ctx, uint64_t pa, uint64_t len);
	void *ctx;
};

/* map() with the end-wrap check done once, here. */
static inline const void *ukplat_phys_map(const struct ukplat_phys_access *pa,
					  uint64_t addr, uint64_t len)
{
	if (len == 0 || addr + len < addr)
		return NULL;
	return pa->map(pa->ctx, addr, len);
}

/* Sets *why (when wanted) and returns err, so error paths stay one line. */
static inline int ukplat_parse_fail(const char **why, int err,
				    const char *reason)
{
	if (why)
		*why = reason;
	return err;
}

#endif /* UKPLAT_PHYS_ACCESS_H */
