/*
 * plat/common/fdt.c - flattened device tree reader.
 *
 * Owns: validating a DTB (Devicetree Specification v0.4, 5.2 header, 5.3
 * memory reservation block, 5.4 structure block, 5.5 strings block) and
 * the read-only walks the platform needs: nodes by path (2.2.3, aliases
 * 3.3), by compatible (2.3.1) or device_type (3.4), properties, reg decoded
 * with the parent's #address-cells/#size-cells (2.3.5, 2.3.6) and /chosen
 * (3.6).
 *
 * Everything is big-endian and the blob may sit at any address (a boot
 * loader only promises 8-byte alignment, and a copy may not keep it), so
 * every multi-byte field is assembled byte by byte. ukplat_fdt_init checks
 * every token, name and offset once; the walkers still step through the
 * same bounded token reader, so a caller handing them a bad node offset
 * gets an error rather than a wild read.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ukbase/string.h>
#include "fdt.h"
#include "phys_access.h"

#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

#define FDT_HDR_V16     36      /* up to size_dt_strings */
#define FDT_HDR_V17     40      /* adds size_dt_struct */
#define FDT_RSV_ENTRY   16      /* two big-endian u64: address, size */

#define ALIGN4(x)       (((x) + 3U) & ~3U)

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static const uint8_t *st(const struct ukplat_fdt *fdt)
{
	return fdt->blob + fdt->off_struct;
}

static const char *strs(const struct ukplat_fdt *fdt)
{
	return (const char *)fdt->blob + fdt->off_strings;
}

/*
 * Decode the token at structure offset 'pos': its kind and the offset of
 * the token after it (names and values are padded to 4 bytes, 5.4.1).
 * Everything it reads is checked against the structure block's size.
 */
static int fdt_token(const struct ukplat_fdt *fdt, uint32_t pos,
		     uint32_t *tok, uint32_t *next, const char **why)
{
	uint32_t size = fdt->size_struct, rem, len;
	const uint8_t *p = st(fdt) + pos;

	if (pos > size || size - pos < 4)
		return ukplat_parse_fail(why, -EBADMSG,
			"device tree structure block ends without FDT_END");
	*tok = be32(p);
	rem = size - pos - 4;
	switch (*tok) {
	case FDT_BEGIN_NODE:
		len = (uint32_t)uk_strnlen((const char *)p + 4, rem);
		if (len == rem)
			return ukplat_parse_fail(why, -EBADMSG,
				"device tree node name is not terminated");
		*next = ALIGN4(pos + 4 + len + 1);
		break;
	case FDT_PROP:
		if (rem < 8)
			return ukplat_parse_fail(why, -EBADMSG,
				"device tree property header runs past the structure block");
		len = be32(p + 4);
		if (len > rem - 8)
			return ukplat_parse_fail(why, -EBADMSG,
				"device tree property value runs past the structure block");
		*next = ALIGN4(pos + 12 + len);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		*next = pos + 4;
		break;
	default:
		return ukplat_parse_fail(why, -EBADMSG,
			"unknown token in the device tree structure block");
	}
	/* Padding may not reach past the block either. */
	if (*next > size)
		return ukplat_parse_fail(why, -EBADMSG,
			"device tree padding runs past the structure block");
	return 0;
}

/* Is [a, a+alen) overlapping [b, b+blen)? Empty ranges overlap nothing. */
static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

static int check_struct(struct ukplat_fdt *fdt, const char **why)
{
	uint32_t pos = 0, tok, next, nameoff, left;
	int depth = 0, rc;

	fdt->root = -1;
	for (;;) {
		rc = fdt_token(fdt, pos, &tok, &next, why);
		if (rc)
			return rc;
		switch (tok) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && fdt->root >= 0)
				return ukplat_parse_fail(why, -EBADMSG,
					"device tree has more than one root node");
			if (depth == 0)
				fdt->root = (int)pos;
			/* The walkers keep one slot per level on the stack. */
			if (++depth > UKPLAT_FDT_MAX_DEPTH)
				return ukplat_parse_fail(why, -E2BIG,
					"device tree nodes nested too deep");
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return ukplat_parse_fail(why, -EBADMSG,
					"device tree END_NODE without BEGIN_NODE");
			depth--;
			break;
		case FDT_PROP:
			if (depth == 0)
				return ukplat_parse_fail(why, -EBADMSG,
					"device tree property outside any node");
			nameoff = be32(st(fdt) + pos + 8);
			if (nameoff >= fdt->size_strings)
				return ukplat_parse_fail(why, -ERANGE,
					"device tree property name outside the strings block");
			left = fdt->size_strings - nameoff;
			if (uk_strnlen(strs(fdt) + nameoff, left) == left)
				return ukplat_parse_fail(why, -EBADMSG,
					"device tree property name is not terminated");
			break;
		case FDT_END:
			if (depth != 0)
				return ukplat_parse_fail(why, -EBADMSG,
					"device tree FDT_END inside an open node");
			if (fdt->root < 0)
				return ukplat_parse_fail(why, -EBADMSG,
					"device tree has no root node");
			return 0;
		default:        /* FDT_NOP */
			break;
		}
		pos = next;
	}
}

int ukplat_fdt_init(struct ukplat_fdt *fdt, const void *blob, size_t maxlen,
		    const char **why)
{
	const uint8_t *b = blob;
	uint32_t total, hdr, last, pos, end;
	uint64_t rsv_end;

	if (!b)
		return ukplat_parse_fail(why, -ENOENT, "no device tree");
	if (maxlen < 4)
		return ukplat_parse_fail(why, -EOVERFLOW,
			"device tree is shorter than its header");
	if (be32(b) != UKPLAT_FDT_MAGIC)
		return ukplat_parse_fail(why, -EINVAL,
			"bad device tree magic (not 0xd00dfeed)");
	if (maxlen < 28)        /* through last_comp_version */
		return ukplat_parse_fail(why, -EOVERFLOW,
			"device tree is shorter than its header");
	fdt->version = be32(b + 20);
	last = be32(b + 24);
	if (fdt->version < 16)
		return ukplat_parse_fail(why, -EPROTONOSUPPORT,
			"device tree version is older than 16");
	if (last > 17)
		return ukplat_parse_fail(why, -EPROTONOSUPPORT,
			"device tree is not backward compatible with version 17");
	hdr = fdt->version >= 17 ? FDT_HDR_V17 : FDT_HDR_V16;
	if (maxlen < hdr)
		return ukplat_parse_fail(why, -EOVERFLOW,
			"device tree is shorter than its header");
	total = be32(b + 4);
	if (total > maxlen)
		return ukplat_parse_fail(why, -EOVERFLOW,
			"device tree totalsize exceeds the readable size");
	/* Node offsets are ints. */
	if (total > INT32_MAX)
		return ukplat_parse_fail(why, -EOVERFLOW,
			"device tree totalsize is over 2 GiB");
	if (total < hdr)
		return ukplat_parse_fail(why, -ERANGE,
			"device tree totalsize is smaller than its header");

	fdt->blob = b;
	fdt->totalsize = total;
	fdt->off_struct = be32(b + 8);
	fdt->off_strings = be32(b + 12);
	fdt->off_rsvmap = be32(b + 16);
	fdt->boot_cpuid = be32(b + 28);
	fdt->size_strings = be32(b + 32);
	/*
	 * Version 16 has no size_dt_struct: the block reaches the next block
	 * after it, or the end of the blob.
	 */
	if (hdr == FDT_HDR_V17) {
		fdt->size_struct = be32(b + 36);
	} else {
		end = total;
		if (fdt->off_strings >= fdt->off_struct &&
		    fdt->off_strings < end)
			end = fdt->off_strings;
		if (fdt->off_rsvmap >= fdt->off_struct &&
		    fdt->off_rsvmap < end)
			end = fdt->off_rsvmap;
		fdt->size_struct = end >= fdt->off_struct ?
				   end - fdt->off_struct : 0;
	}

	if (fdt->off_struct < hdr)
		return ukplat_parse_fail(why, -ERANGE,
			"device tree structure block overlaps the header");
	if (fdt->off_struct & 3)
		return ukplat_parse_fail(why, -ERANGE,
			"device tree structure block is not 4-byte aligned");
	if ((uint64_t)fdt->off_struct + fdt->size_struct > total)
		return ukplat_parse_fail(why, -ERANGE,
			"device tree structure block ends past totalsize");
	if (fdt->off_strings < hdr)
		return ukplat_parse_fail(why, -ERANGE,
			"device tree strings block overlaps the header");
	if ((uint64_t)fdt->off_strings + fdt->size_strings > total)
		return ukplat_parse_fail(why, -ERANGE,
			"device tree strings block ends past totalsize");
	if (overlap(fdt->off_struct, fdt->size_struct, fdt->off_strings,
		    fdt->size_strings))
		return ukplat_parse_fail(why, -ERANGE,
			"device tree structure and strings blocks overlap");
	if (fdt->off_rsvmap < hdr)
		return ukplat_parse_fail(why, -ERANGE,
			"device tree reservation block overlaps the header");
	if (fdt->off_rsvmap & 7)
		return ukplat_parse_fail(why, -ERANGE,
			"device tree reservation block is not 8-byte aligned");

	/* The reservation map ends with an all-zero entry (5.3.1). */
	for (fdt->n_rsv = 0;; fdt->n_rsv++) {
		rsv_end = fdt->off_rsvmap + (uint64_t)FDT_RSV_ENTRY *
					    (fdt->n_rsv + 1);
		if (rsv_end > total)
			return ukplat_parse_fail(why, -EBADMSG,
				"device tree reservation map is not terminated");
		pos = (uint32_t)rsv_end - FDT_RSV_ENTRY;
		/* Entries read as tokens or names mean a lost terminator. */
		if (overlap(pos, FDT_RSV_ENTRY, fdt->off_struct,
			    fdt->size_struct) ||
		    overlap(pos, FDT_RSV_ENTRY, fdt->off_strings,
			    fdt->size_strings))
			return ukplat_parse_fail(why, -ERANGE,
				"device tree reservation map overlaps another block");
		if (be64(b + pos) == 0 && be64(b + pos + 8) == 0)
			break;
	}

	return check_struct(fdt, why);
}

int ukplat_fdt_rsv(const struct ukplat_fdt *fdt, uint32_t i, uint64_t *addr,
		   uint64_t *size)
{
	const uint8_t *p;

	if (i >= fdt->n_rsv)
		return -ENOENT;
	p = fdt->blob + fdt->off_rsvmap + (size_t)i * FDT_RSV_ENTRY;
	*addr = be64(p);
	*size = be64(p + 8);
	return 0;
}

/* ---- nodes ---- */

/* Does 'node' look like a node offset (a BEGIN_NODE token)? */
static bool is_node(const struct ukplat_fdt *fdt, int node)
{
	uint32_t pos = (uint32_t)node;

	return node >= 0 && !(pos & 3) && pos < fdt->size_struct &&
	       fdt->size_struct - pos >= 4 &&
	       be32(st(fdt) + pos) == FDT_BEGIN_NODE;
}

int ukplat_fdt_next_node(const struct ukplat_fdt *fdt, int node, int *depth)
{
	uint32_t pos, tok, next;
	int d;

	if (node < 0) {
		*depth = 0;
		return fdt->root;
	}
	if (!is_node(fdt, node))
		return -EINVAL;
	/* d: the depth the next BEGIN_NODE we meet is at. */
	d = *depth + 1;
	if (fdt_token(fdt, (uint32_t)node, &tok, &next, NULL))
		return -EINVAL;
	for (pos = next;; pos = next) {
		if (fdt_token(fdt, pos, &tok, &next, NULL))
			return -ENOENT;
		switch (tok) {
		case FDT_BEGIN_NODE:
			*depth = d;
			return (int)pos;
		case FDT_END_NODE:
			d--;
			break;
		case FDT_END:
			return -ENOENT;
		default:
			break;
		}
	}
}

int ukplat_fdt_first_child(const struct ukplat_fdt *fdt, int node)
{
	int d = 0, c = ukplat_fdt_next_node(fdt, node, &d);

	if (c < 0)
		return c == -EINVAL ? c : -ENOENT;
	return d == 1 ? c : -ENOENT;
}

int ukplat_fdt_next_sibling(const struct ukplat_fdt *fdt, int node)
{
	int d = 0, n = node;

	do {
		n = ukplat_fdt_next_node(fdt, n, &d);
		if (n < 0)
			return n;
	} while (d > 0);
	return d == 0 ? n : -ENOENT;
}

int ukplat_fdt_parent(const struct ukplat_fdt *fdt, int node)
{
	int stack[UKPLAT_FDT_MAX_DEPTH];
	int d = 0, n;

	if (!is_node(fdt, node))
		return -EINVAL;
	if (node == fdt->root)
		return -ENOENT;
	stack[0] = n = fdt->root;
	for (;;) {
		n = ukplat_fdt_next_node(fdt, n, &d);
		if (n < 0 || d <= 0 || d >= UKPLAT_FDT_MAX_DEPTH)
			return -EINVAL;
		stack[d] = n;
		if (n == node)
			return stack[d - 1];
	}
}

const char *ukplat_fdt_name(const struct ukplat_fdt *fdt, int node)
{
	if (!is_node(fdt, node))
		return NULL;
	return (const char *)st(fdt) + node + 4;
}

static bool has_char(const char *s, size_t len, char c)
{
	while (len--)
		if (*s++ == c)
			return true;
	return false;
}

int ukplat_fdt_subnode(const struct ukplat_fdt *fdt, int parent,
		       const char *name, size_t len)
{
	bool bare = !has_char(name, len, '@');
	const char *nm;
	size_t n;
	int c;

	for (c = ukplat_fdt_first_child(fdt, parent); c >= 0;
	     c = ukplat_fdt_next_sibling(fdt, c)) {
		nm = ukplat_fdt_name(fdt, c);
		n = uk_strlen(nm);
		if (n < len || uk_memcmp(nm, name, len) != 0)
			continue;
		if (n == len || (bare && nm[len] == '@'))
			return c;
	}
	return -ENOENT;
}

/* ---- properties ---- */

/* Property name[0..nlen) of 'node' (properties precede subnodes, 5.4.2). */
static int prop_find(const struct ukplat_fdt *fdt, int node, const char *name,
		     size_t nlen, const uint8_t **val, uint32_t *len)
{
	uint32_t pos, tok, next;
	const char *pn;

	if (!is_node(fdt, node) ||
	    fdt_token(fdt, (uint32_t)node, &tok, &next, NULL))
		return -ENOENT;
	for (pos = next;; pos = next) {
		if (fdt_token(fdt, pos, &tok, &next, NULL))
			return -ENOENT;
		if (tok == FDT_NOP)
			continue;
		if (tok != FDT_PROP)
			return -ENOENT;
		/* Name offsets were checked by ukplat_fdt_init. */
		pn = strs(fdt) + be32(st(fdt) + pos + 8);
		if (uk_strncmp(pn, name, nlen) == 0 && pn[nlen] == '\0') {
			*val = st(fdt) + pos + 12;
			*len = be32(st(fdt) + pos + 4);
			return 0;
		}
	}
}

int ukplat_fdt_prop(const struct ukplat_fdt *fdt, int node, const char *name,
		    const void **val, uint32_t *len)
{
	const uint8_t *v;
	uint32_t l;
	int rc = prop_find(fdt, node, name, uk_strlen(name), &v, &l);

	if (rc)
		return rc;
	if (val)
		*val = v;
	if (len)
		*len = l;
	return 0;
}

/* A single string: non-empty value whose only NUL is the last byte. */
static bool is_string(const uint8_t *v, uint32_t len)
{
	return len && uk_strnlen((const char *)v, len) == len - 1;
}

int ukplat_fdt_prop_string(const struct ukplat_fdt *fdt, int node,
			   const char *name, const char **out)
{
	const uint8_t *v;
	uint32_t len;
	int rc = prop_find(fdt, node, name, uk_strlen(name), &v, &len);

	if (rc)
		return rc;
	if (!is_string(v, len))
		return -EINVAL;
	*out = (const char *)v;
	return 0;
}

uint64_t ukplat_fdt_read_cells(const void *p, uint32_t cells)
{
	const uint8_t *b = p;

	if (cells == 0)
		return 0;
	if (cells == 1)
		return be32(b);
	return be64(b);
}

int ukplat_fdt_prop_u32(const struct ukplat_fdt *fdt, int node,
			const char *name, uint32_t *out)
{
	const void *v;
	uint32_t len;
	int rc = ukplat_fdt_prop(fdt, node, name, &v, &len);

	if (rc)
		return rc;
	if (len != 4)
		return -EINVAL;
	*out = be32(v);
	return 0;
}

int ukplat_fdt_prop_u64(const struct ukplat_fdt *fdt, int node,
			const char *name, uint64_t *out)
{
	const void *v;
	uint32_t len;
	int rc = ukplat_fdt_prop(fdt, node, name, &v, &len);

	if (rc)
		return rc;
	if (len != 4 && len != 8)
		return -EINVAL;
	*out = ukplat_fdt_read_cells(v, len / 4);
	return 0;
}

/* Does the string list (2.2.4: NUL-separated) in v[0..len) hold s? */
static bool list_has(const uint8_t *v, uint32_t len, const char *s)
{
	size_t sl = uk_strlen(s), n;
	uint32_t i = 0;

	while (i < len) {
		n = uk_strnlen((const char *)v + i, len - i);
		if (n == sl && uk_memcmp(v + i, s, sl) == 0)
			return true;
		i += (uint32_t)n + 1;
	}
	return false;
}

static bool node_has(const struct ukplat_fdt *fdt, int node,
		     const char *prop, const char *s)
{
	const uint8_t *v;
	uint32_t len;

	return prop_find(fdt, node, prop, uk_strlen(prop), &v, &len) == 0 &&
	       list_has(v, len, s);
}

static int find_with(const struct ukplat_fdt *fdt, int from,
		     const char *prop, const char *s)
{
	int d = 0, n = from < 0 ? fdt->root : ukplat_fdt_next_node(fdt, from, &d);

	for (; n >= 0; n = ukplat_fdt_next_node(fdt, n, &d))
		if (node_has(fdt, n, prop, s))
			return n;
	return n == -EINVAL ? n : -ENOENT;
}

int ukplat_fdt_find_compatible(const struct ukplat_fdt *fdt, int from,
			       const char *compat)
{
	return find_with(fdt, from, "compatible", compat);
}

int ukplat_fdt_find_device_type(const struct ukplat_fdt *fdt, int from,
				const char *type)
{
	return find_with(fdt, from, "device_type", type);
}

bool ukplat_fdt_is_compatible(const struct ukplat_fdt *fdt, int node,
			      const char *compat)
{
	return node_has(fdt, node, "compatible", compat);
}

bool ukplat_fdt_is_enabled(const struct ukplat_fdt *fdt, int node)
{
	const uint8_t *v;
	uint32_t len;

	if (prop_find(fdt, node, "status", 6, &v, &len))
		return true;
	return list_has(v, len, "okay") || list_has(v, len, "ok");
}

/* ---- paths ---- */

/* Walk the components of 'p' down from 'node'; ':' or NUL ends it. */
static int path_walk(const struct ukplat_fdt *fdt, int node, const char *p)
{
	size_t n;

	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0' || *p == ':')
			return node;
		for (n = 0; p[n] && p[n] != '/' && p[n] != ':'; n++)
			;
		node = ukplat_fdt_subnode(fdt, node, p, n);
		if (node < 0)
			return node;
		p += n;
	}
}

int ukplat_fdt_find_path(const struct ukplat_fdt *fdt, const char *path)
{
	const uint8_t *v;
	uint32_t len;
	int aliases, node;
	size_t n;

	if (!path || !*path)
		return -ENOENT;
	if (*path == '/')
		return path_walk(fdt, fdt->root, path);

	/* An alias (3.3): its value is a full path, never another alias. */
	for (n = 0; path[n] && path[n] != '/' && path[n] != ':'; n++)
		;
	aliases = ukplat_fdt_subnode(fdt, fdt->root, "aliases", 7);
	if (aliases < 0 || prop_find(fdt, aliases, path, n, &v, &len) ||
	    !is_string(v, len) || v[0] != '/')
		return -ENOENT;
	node = path_walk(fdt, fdt->root, (const char *)v);
	if (node < 0)
		return node;
	return path_walk(fdt, node, path + n);
}

/* ---- reg ---- */

int ukplat_fdt_cells(const struct ukplat_fdt *fdt, int node, uint32_t *ac,
		     uint32_t *sc)
{
	int parent = ukplat_fdt_parent(fdt, node), rc;

	if (parent < 0)
		return parent;
	/* Defaults from 2.3.5: 2 address cells, 1 size cell. */
	*ac = 2;
	*sc = 1;
	rc = ukplat_fdt_prop_u32(fdt, parent, "#address-cells", ac);
	if (rc == -EINVAL)
		return rc;
	rc = ukplat_fdt_prop_u32(fdt, parent, "#size-cells", sc);
	if (rc == -EINVAL)
		return rc;
	if (*ac < 1 || *ac > 2 || *sc > 2)
		return -ERANGE;
	return 0;
}

int ukplat_fdt_reg(const struct ukplat_fdt *fdt, int node, uint32_t i,
		   uint64_t *addr, uint64_t *size)
{
	uint32_t ac, sc, len, entry;
	const uint8_t *v;
	int rc;

	rc = ukplat_fdt_cells(fdt, node, &ac, &sc);
	if (rc)
		return rc;
	if (prop_find(fdt, node, "reg", 3, &v, &len))
		return -ENOENT;
	entry = (ac + sc) * 4;
	if (len % entry)
		return -EINVAL;
	if (i >= len / entry)
		return -ENOENT;
	v += i * entry;
	*addr = ukplat_fdt_read_cells(v, ac);
	*size = ukplat_fdt_read_cells(v + ac * 4, sc);
	return 0;
}

/* ---- /chosen ---- */

/* An optional string property: absent is fine, malformed is not. */
static int opt_string(const struct ukplat_fdt *fdt, int node,
		      const char *name, const char **out)
{
	int rc = ukplat_fdt_prop_string(fdt, node, name, out);

	if (rc == -ENOENT) {
		*out = NULL;
		return 0;
	}
	return rc;
}

int ukplat_fdt_chosen(const struct ukplat_fdt *fdt,
		      struct ukplat_fdt_chosen *out, const char **why)
{
	int node = ukplat_fdt_find_path(fdt, "/chosen"), rs, re;

	uk_memset(out, 0, sizeof(*out));
	if (node < 0)
		return ukplat_parse_fail(why, -ENOENT,
					 "device tree has no /chosen node");
	if (opt_string(fdt, node, "bootargs", &out->bootargs))
		return ukplat_parse_fail(why, -EINVAL,
			"/chosen bootargs is not a string");
	if (opt_string(fdt, node, "stdout-path", &out->stdout_path))
		return ukplat_parse_fail(why, -EINVAL,
			"/chosen stdout-path is not a string");
	/* Older trees (and some loaders) only set the linux, prefixed one. */
	if (!out->stdout_path &&
	    opt_string(fdt, node, "linux,stdout-path", &out->stdout_path))
		return ukplat_parse_fail(why, -EINVAL,
			"/chosen linux,stdout-path is not a string");

	rs = ukplat_fdt_prop_u64(fdt, node, "linux,initrd-start",
				 &out->initrd_start);
	re = ukplat_fdt_prop_u64(fdt, node, "linux,initrd-end",
				 &out->initrd_end);
	if (rs == -EINVAL)
		return ukplat_parse_fail(why, -EINVAL,
			"/chosen linux,initrd-start is neither 32 nor 64 bits");
	if (re == -EINVAL)
		return ukplat_parse_fail(why, -EINVAL,
			"/chosen linux,initrd-end is neither 32 nor 64 bits");
	if (rs != re)
		return ukplat_parse_fail(why, -EINVAL,
			"/chosen has only one of linux,initrd-start/-end");
	if (rs == 0) {
		if (out->initrd_end < out->initrd_start)
			return ukplat_parse_fail(why, -EINVAL,
				"/chosen linux,initrd-end is below linux,initrd-start");
		out->has_initrd = true;
	} else {
		out->initrd_start = out->initrd_end = 0;
	}
	return 0;
}
