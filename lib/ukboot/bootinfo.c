/*
 * lib/ukboot/bootinfo.c - arithmetic on the boot memory map
 * (uk/bootinfo.h): inserting regions and setting the command line.
 *
 * The region table is kept in one canonical form: sorted by base, no two
 * regions overlapping, no two adjacent regions of the same type. Every
 * insertion rebuilds the table into a scratch copy, so a failure (-ENOSPC)
 * leaves the caller's table untouched.
 *
 * Overlaps are resolved as follows: a non-FREE region takes over every byte
 * it covers (FREE memory and, when boot data is described twice, older
 * non-FREE regions alike: the newest, most specific description wins);
 * a FREE region only fills the gaps between the regions already present.
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/bootinfo.h>
#include <uk/essentials.h>
#include <ukbase/string.h>

struct region_buf {
	struct uk_memregion r[UK_BOOTINFO_MAX_REGIONS];
	uint32_t n;
	bool overflow;
};

/* Append [base, end) of 'type', merging with the previous entry. */
static void emit(struct region_buf *out, uint64_t base, uint64_t end,
		 uint32_t type)
{
	struct uk_memregion *last;

	if (end <= base)
		return;
	if (out->n > 0) {
		last = &out->r[out->n - 1];
		if (last->type == type && last->base + last->len == base) {
			last->len += end - base;
			return;
		}
	}
	if (out->n == UK_BOOTINFO_MAX_REGIONS) {
		out->overflow = true;
		return;
	}
	out->r[out->n].base = base;
	out->r[out->n].len = end - base;
	out->r[out->n].type = type;
	out->r[out->n].pad = 0;
	out->n++;
}

/* [base, end) replaces whatever it overlaps. */
static void paint(const struct uk_bootinfo *bi, struct region_buf *out,
		  uint64_t base, uint64_t end, uint32_t type)
{
	bool placed = false;

	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		const struct uk_memregion *r = &bi->regions[i];
		uint64_t rend = r->base + r->len;

		if (rend <= base) {
			emit(out, r->base, rend, r->type);
			continue;
		}
		if (r->base < base)
			emit(out, r->base, base, r->type);
		if (!placed) {
			emit(out, base, end, type);
			placed = true;
		}
		if (rend > end)
			emit(out, UK_MAX(r->base, end), rend, r->type);
	}
	if (!placed)
		emit(out, base, end, type);
}

/* FREE [base, end) only fills what no region covers yet. */
static void fill(const struct uk_bootinfo *bi, struct region_buf *out,
		 uint64_t base, uint64_t end)
{
	uint64_t cur = base; /* first byte of [base, end) not yet covered */

	for (uint32_t i = 0; i < bi->nr_regions; i++) {
		const struct uk_memregion *r = &bi->regions[i];
		uint64_t rend = r->base + r->len;

		if (cur < end && r->base > cur)
			emit(out, cur, UK_MIN(r->base, end), UK_MEMREGION_FREE);
		emit(out, r->base, rend, r->type);
		if (rend > cur)
			cur = rend;
	}
	if (cur < end)
		emit(out, cur, end, UK_MEMREGION_FREE);
}

int uk_bootinfo_add_region(struct uk_bootinfo *bi, uint64_t base,
			   uint64_t len, enum uk_memregion_type type)
{
	struct region_buf out;

	/* The end, base + len, must be representable: 2^64 wraps to 0 too. */
	if (len == 0 || base + len < base)
		return -EINVAL;
	if (type < UK_MEMREGION_FREE || type > UK_MEMREGION_ALLOCATED)
		return -EINVAL;

	out.n = 0;
	out.overflow = false;
	if (type == UK_MEMREGION_FREE)
		fill(bi, &out, base, base + len);
	else
		paint(bi, &out, base, base + len, type);
	if (out.overflow)
		return -ENOSPC;

	uk_memcpy(bi->regions, out.r, out.n * sizeof(out.r[0]));
	bi->nr_regions = out.n;
	return 0;
}

int uk_bootinfo_set_cmdline(struct uk_bootinfo *bi, const char *src,
			    size_t len)
{
	size_t n = src ? uk_strnlen(src, len) : 0;
	int rc = 0;

	if (n >= UK_BOOTINFO_CMDLINE_MAX) {
		n = UK_BOOTINFO_CMDLINE_MAX - 1;
		rc = -E2BIG;
	}
	if (n)
		uk_memcpy(bi->cmdline, src, n);
	bi->cmdline[n] = '\0';
	return rc;
}
