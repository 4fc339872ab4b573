/*
 * tests/unit/test_fdt.c - the flattened device tree reader
 * (plat/common/fdt.c) against blobs built here: a QEMU-virt-like tree with
 * 64-bit and 32-bit cells, then every kind of corruption (truncation at
 * every length, bad header fields, bad tokens, unterminated names,
 * properties past the block, unbalanced nodes) and random byte flips.
 * Blobs are copied into buffers of exactly the size the reader is told,
 * so a sanitizer or valgrind sees any read past the end.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"

/* ---- a tiny blob builder ---- */

#define ST_MAX  8192
#define STR_MAX 2048

static uint8_t sb[ST_MAX];       /* structure block */
static uint32_t sl;
static char strb[STR_MAX];       /* strings block */
static uint32_t strl;
static uint8_t blob[ST_MAX + STR_MAX + 256];
static uint32_t blob_len;

/* Where the last build put things, for the corruption tests. */
#define HDR      40
#define RSV_OFF  40
#define ST_OFF   72              /* header, one entry, terminator */
static uint32_t str_off;

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static void b_reset(void)
{
	memset(sb, 0, sizeof(sb));
	memset(strb, 0, sizeof(strb));
	sl = strl = 0;
}

static uint32_t b_tok(uint32_t t)
{
	uint32_t at = sl;

	put32(sb + sl, t);
	sl += 4;
	return at;
}

static void b_pad(void)
{
	while (sl & 3)
		sb[sl++] = 0;
}

static uint32_t b_begin(const char *name)
{
	uint32_t at = b_tok(1);

	memcpy(sb + sl, name, strlen(name) + 1);
	sl += (uint32_t)strlen(name) + 1;
	b_pad();
	return at;
}

static void b_end(void)
{
	b_tok(2);
}

static uint32_t b_name(const char *name)
{
	uint32_t i = 0;

	while (i < strl) {
		if (strcmp(strb + i, name) == 0)
			return i;
		i += (uint32_t)strlen(strb + i) + 1;
	}
	memcpy(strb + strl, name, strlen(name) + 1);
	strl += (uint32_t)strlen(name) + 1;
	return i;
}

static uint32_t b_prop(const char *name, const void *val, uint32_t len)
{
	uint32_t at = b_tok(3);

	put32(sb + sl, len);
	put32(sb + sl + 4, b_name(name));
	sl += 8;
	memcpy(sb + sl, val, len);
	sl += len;
	b_pad();
	return at;
}

/* A property of n big-endian cells. */
static uint32_t b_cells(const char *name, int n, ...)
{
	uint8_t v[64];
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		put32(v + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	return b_prop(name, v, 4 * (uint32_t)n);
}

static uint32_t b_str(const char *name, const char *s)
{
	return b_prop(name, s, (uint32_t)strlen(s) + 1);
}

/* Header, reservation map (one entry), structure block, strings block. */
static uint32_t b_finish(uint32_t version)
{
	memset(blob, 0, sizeof(blob));
	str_off = ST_OFF + sl;
	blob_len = str_off + strl;
	put32(blob, 0xd00dfeed);
	put32(blob + 4, blob_len);
	put32(blob + 8, ST_OFF);
	put32(blob + 12, str_off);
	put32(blob + 16, RSV_OFF);
	put32(blob + 20, version);
	put32(blob + 24, 16);
	put32(blob + 28, 0);
	put32(blob + 32, strl);
	put32(blob + 36, sl);
	put64(blob + RSV_OFF, 0x48000000ULL);
	put64(blob + RSV_OFF + 8, 0x1000);
	memcpy(blob + ST_OFF, sb, sl);
	memcpy(blob + str_off, strb, strl);
	return blob_len;
}

/* Offsets (in the structure block) the corruption tests poke at. */
static uint32_t at_psci, at_pl011_compat, at_end_root, at_end;

/*
 * A tree shaped like the one QEMU 7.2 gives -M virt (trimmed), with
 * 64-bit cells (cells32: #address-cells = #size-cells = 1 instead).
 */
static uint32_t build_virt(bool cells32)
{
	static const char pl011[] = "arm,pl011\0arm,primecell";
	static const char psci[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
	static const char timer[] = "arm,armv8-timer\0arm,armv7-timer";

	b_reset();
	b_begin("");
	if (cells32) {
		b_cells("#address-cells", 1, 1);
		b_cells("#size-cells", 1, 1);
	} else {
		b_cells("#address-cells", 1, 2);
		b_cells("#size-cells", 1, 2);
	}
	b_str("compatible", "linux,dummy-virt");
	b_tok(4);       /* FDT_NOP among the properties */

	at_psci = b_begin("psci");
	b_prop("compatible", psci, sizeof(psci));
	b_str("method", "hvc");
	b_end();

	b_begin("memory@40000000");
	if (cells32)
		b_cells("reg", 2, 0x40000000, 0x8000000);
	else
		b_cells("reg", 4, 0, 0x40000000, 0, 0x8000000);
	b_str("device_type", "memory");
	b_end();

	b_begin("pl011@9000000");
	b_tok(4);
	at_pl011_compat = b_prop("compatible", pl011, sizeof(pl011));
	if (cells32)
		b_cells("reg", 2, 0x9000000, 0x1000);
	else
		b_cells("reg", 4, 0, 0x9000000, 0, 0x1000);
	b_end();

	b_begin("intc@8000000");
	b_str("compatible", "arm,cortex-a15-gic");
	if (cells32) {
		b_cells("reg", 4, 0x8000000, 0x10000, 0x8010000, 0x10000);
		b_cells("#address-cells", 1, 1);
		b_cells("#size-cells", 1, 1);
	} else {
		b_cells("reg", 8, 0, 0x8000000, 0, 0x10000,
			0, 0x8010000, 0, 0x10000);
		b_cells("#address-cells", 1, 2);
		b_cells("#size-cells", 1, 2);
	}
	b_prop("interrupt-controller", "", 0);
	b_begin("v2m@8020000");
	b_str("compatible", "arm,gic-v2m-frame");
	if (cells32)
		b_cells("reg", 2, 0x8020000, 0x1000);
	else
		b_cells("reg", 4, 0, 0x8020000, 0, 0x1000);
	b_end();
	b_end();

	b_begin("timer");
	b_prop("compatible", timer, sizeof(timer));
	b_prop("always-on", "", 0);
	b_end();

	b_begin("virtio_mmio@a000000");
	b_str("compatible", "virtio,mmio");
	b_str("status", "disabled");
	b_end();
	b_begin("virtio_mmio@a000200");
	b_str("compatible", "virtio,mmio");
	b_str("status", "okay");
	b_end();

	b_begin("aliases");
	b_str("serial0", "/pl011@9000000");
	b_str("gic", "/intc@8000000");
	b_str("broken", "pl011@9000000");
	b_end();

	b_begin("chosen");
	b_str("bootargs", "uk.loglevel=info -- hello");
	if (cells32) {
		b_cells("linux,initrd-start", 1, 0x48000000);
		b_cells("linux,initrd-end", 1, 0x48100000);
	} else {
		b_cells("linux,initrd-start", 2, 0, 0x48000000);
		b_cells("linux,initrd-end", 2, 0, 0x48100000);
	}
	b_str("stdout-path", "/pl011@9000000");
	b_end();

	at_end_root = b_tok(2);
	at_end = b_tok(9);
	return b_finish(17);
}

/* ---- running the reader on an exact-size copy ---- */

static struct ukplat_fdt fdt;
static const char *why;
static uint8_t *copy;

static void drop_copy(void)
{
	free(copy);
	copy = NULL;
}

/* ukplat_fdt_init on a malloc'd copy of blob[0..len), told 'len'. */
static int init_len(uint32_t len)
{
	drop_copy();
	copy = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, blob, len);
	why = NULL;
	memset(&fdt, 0xa5, sizeof(fdt));
	return ukplat_fdt_init(&fdt, copy, len, &why);
}

static int init_blob(void)
{
	return init_len(blob_len);
}

static void setup(void)
{
	copy = NULL;
}

static void teardown(void)
{
	drop_copy();
}

#define ck_fail_with(expr, err, reason)                                     \
	do {                                                                 \
		ck_assert_int_eq((expr), (err));                             \
		ck_assert_ptr_nonnull(why);                                  \
		ck_assert_str_eq(why, (reason));                             \
	} while (0)

static int path(const char *p)
{
	return ukplat_fdt_find_path(&fdt, p);
}

/* ---- the good trees ---- */

START_TEST(t_header_ok)
{
	uint64_t a, s;

	build_virt(false);
	ck_assert_int_eq(init_blob(), 0);
	ck_assert_ptr_null(why);
	ck_assert_uint_eq(fdt.totalsize, blob_len);
	ck_assert_uint_eq(fdt.version, 17);
	ck_assert_uint_eq(fdt.n_rsv, 1);
	ck_assert_int_eq(ukplat_fdt_rsv(&fdt, 0, &a, &s), 0);
	ck_assert_uint_eq(a, 0x48000000);
	ck_assert_uint_eq(s, 0x1000);
	ck_assert_int_eq(ukplat_fdt_rsv(&fdt, 1, &a, &s), -ENOENT);
	/* A larger readable size than totalsize is fine. */
	ck_assert_int_eq(ukplat_fdt_init(&fdt, blob, sizeof(blob), &why), 0);
	/* why may be NULL. */
	ck_assert_int_eq(ukplat_fdt_init(&fdt, blob, blob_len, NULL), 0);
}
END_TEST

START_TEST(t_walk)
{
	static const char *const names[] = {
		"", "psci", "memory@40000000", "pl011@9000000",
		"intc@8000000", "v2m@8020000", "timer",
		"virtio_mmio@a000000", "virtio_mmio@a000200", "aliases",
		"chosen"
	};
	static const int depths[] = { 0, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1 };
	int n, d = 0, i = 0, root, intc, v2m, c;

	build_virt(false);
	ck_assert_int_eq(init_blob(), 0);
	for (n = ukplat_fdt_next_node(&fdt, -1, &d); n >= 0;
	     n = ukplat_fdt_next_node(&fdt, n, &d), i++) {
		ck_assert_int_lt(i, 11);
		ck_assert_str_eq(ukplat_fdt_name(&fdt, n), names[i]);
		ck_assert_int_eq(d, depths[i]);
	}
	ck_assert_int_eq(n, -ENOENT);
	ck_assert_int_eq(i, 11);

	root = path("/");
	ck_assert_int_eq(root, fdt.root);
	ck_assert_int_eq(ukplat_fdt_parent(&fdt, root), -ENOENT);
	intc = path("/intc");
	v2m = path("/intc/v2m");
	ck_assert_int_ge(v2m, 0);
	ck_assert_int_eq(ukplat_fdt_parent(&fdt, v2m), intc);
	ck_assert_int_eq(ukplat_fdt_parent(&fdt, intc), root);
	ck_assert_int_eq(ukplat_fdt_first_child(&fdt, intc), v2m);
	ck_assert_int_eq(ukplat_fdt_first_child(&fdt, v2m), -ENOENT);
	ck_assert_int_eq(ukplat_fdt_next_sibling(&fdt, v2m), -ENOENT);
	ck_assert_int_eq(ukplat_fdt_next_sibling(&fdt, intc), path("/timer"));
	ck_assert_int_eq(ukplat_fdt_next_sibling(&fdt, path("/chosen")),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_next_sibling(&fdt, root), -ENOENT);

	/* Children of the root, counted through the sibling links. */
	i = 0;
	for (c = ukplat_fdt_first_child(&fdt, root); c >= 0;
	     c = ukplat_fdt_next_sibling(&fdt, c))
		i++;
	ck_assert_int_eq(i, 9);

	/* Offsets that are not nodes are refused, not followed. */
	ck_assert_ptr_null(ukplat_fdt_name(&fdt, 2));
	ck_assert_ptr_null(ukplat_fdt_name(&fdt, (int)fdt.size_struct));
	ck_assert_ptr_null(ukplat_fdt_name(&fdt, -ENOENT));
	ck_assert_int_eq(ukplat_fdt_parent(&fdt, (int)at_pl011_compat),
			 -EINVAL);
	d = 0;
	ck_assert_int_eq(ukplat_fdt_next_node(&fdt, 1 << 30, &d), -EINVAL);
	ck_assert_int_eq(ukplat_fdt_first_child(&fdt, 4), -EINVAL);
}
END_TEST

START_TEST(t_paths)
{
	int pl011, mem;

	build_virt(false);
	ck_assert_int_eq(init_blob(), 0);
	mem = path("/memory@40000000");
	ck_assert_int_ge(mem, 0);
	ck_assert_int_eq(path("/memory"), mem);
	ck_assert_int_eq(path("/memory@4000000"), -ENOENT);
	ck_assert_int_eq(path("/memory@400000000"), -ENOENT);
	ck_assert_int_eq(path("/memor"), -ENOENT);
	ck_assert_int_eq(path("/memory@"), -ENOENT);
	ck_assert_str_eq(ukplat_fdt_name(&fdt, path("/chosen")), "chosen");
	ck_assert_int_eq(path("//chosen/"), path("/chosen"));
	ck_assert_int_eq(path("/intc@8000000/v2m@8020000"), path("/intc/v2m"));
	ck_assert_int_eq(path("/intc/v2m/none"), -ENOENT);
	ck_assert_int_eq(path("/v2m"), -ENOENT);    /* not a root child */
	/* First of several unit-address-less matches. */
	ck_assert_str_eq(ukplat_fdt_name(&fdt, path("/virtio_mmio")),
			 "virtio_mmio@a000000");

	pl011 = path("/pl011@9000000");
	ck_assert_int_ge(pl011, 0);
	ck_assert_int_eq(path("/pl011@9000000:115200n8"), pl011);
	ck_assert_int_eq(path("serial0"), pl011);
	ck_assert_int_eq(path("serial0:115200n8"), pl011);
	ck_assert_int_eq(path("gic/v2m"), path("/intc/v2m"));
	ck_assert_int_eq(path("serial"), -ENOENT);
	ck_assert_int_eq(path("broken"), -ENOENT);  /* alias not a path */
	ck_assert_int_eq(path("nosuch"), -ENOENT);
	ck_assert_int_eq(path(""), -ENOENT);
	ck_assert_int_eq(path(NULL), -ENOENT);
}
END_TEST

START_TEST(t_compatible)
{
	const char *s;
	int n;

	build_virt(false);
	ck_assert_int_eq(init_blob(), 0);
	n = ukplat_fdt_find_compatible(&fdt, -1, "arm,pl011");
	ck_assert_int_eq(n, path("/pl011@9000000"));
	/* The second string of the list matches too. */
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1, "arm,primecell"),
			 n);
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, n, "arm,primecell"),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1, "arm,pl01"),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1, "arm"), -ENOENT);
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1,
			 "arm,primecell0"), -ENOENT);
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1,
			 "arm,cortex-a15-gic"), path("/intc"));
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1, "arm,gic-v3"),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1,
			 "arm,armv8-timer"), path("/timer"));
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1, "arm,psci-0.2"),
			 path("/psci"));
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, -1,
			 "linux,dummy-virt"), fdt.root);
	ck_assert(ukplat_fdt_is_compatible(&fdt, path("/psci"),
					   "arm,psci-1.0"));
	ck_assert(!ukplat_fdt_is_compatible(&fdt, path("/psci"), "arm,psc"));
	ck_assert(!ukplat_fdt_is_compatible(&fdt, -ENOENT, "arm,psci"));
	ck_assert_int_eq(ukplat_fdt_prop_string(&fdt, path("/psci"), "method",
						&s), 0);
	ck_assert_str_eq(s, "hvc");

	/* Iterating over several matches. */
	n = ukplat_fdt_find_compatible(&fdt, -1, "virtio,mmio");
	ck_assert_str_eq(ukplat_fdt_name(&fdt, n), "virtio_mmio@a000000");
	ck_assert(!ukplat_fdt_is_enabled(&fdt, n));
	n = ukplat_fdt_find_compatible(&fdt, n, "virtio,mmio");
	ck_assert_str_eq(ukplat_fdt_name(&fdt, n), "virtio_mmio@a000200");
	ck_assert(ukplat_fdt_is_enabled(&fdt, n));
	ck_assert(ukplat_fdt_is_enabled(&fdt, path("/timer")));
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, n, "virtio,mmio"),
			 -ENOENT);

	n = ukplat_fdt_find_device_type(&fdt, -1, "memory");
	ck_assert_int_eq(n, path("/memory"));
	ck_assert_int_eq(ukplat_fdt_find_device_type(&fdt, n, "memory"),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_find_compatible(&fdt, 6, "memory"),
			 -EINVAL);
}
END_TEST

START_TEST(t_props)
{
	int root = 0, pl011, chosen;
	const void *v;
	const char *s;
	uint32_t len, u32;
	uint64_t u64;

	build_virt(false);
	ck_assert_int_eq(init_blob(), 0);
	root = fdt.root;
	pl011 = path("/pl011");
	chosen = path("/chosen");
	ck_assert_int_eq(ukplat_fdt_prop(&fdt, pl011, "compatible", &v, &len),
			 0);
	ck_assert_uint_eq(len, sizeof("arm,pl011\0arm,primecell"));
	ck_assert_int_eq(memcmp(v, "arm,pl011\0arm,primecell", len), 0);
	ck_assert_int_eq(ukplat_fdt_prop(&fdt, pl011, "compatible", NULL,
					 NULL), 0);
	ck_assert_int_eq(ukplat_fdt_prop(&fdt, pl011, "compat", &v, &len),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_prop(&fdt, pl011, "compatiblex", &v,
					 &len), -ENOENT);
	/* A child's properties are not its parent's. */
	ck_assert_int_eq(ukplat_fdt_prop(&fdt, root, "method", &v, &len),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_prop(&fdt, path("/intc"),
					 "interrupt-controller", &v, &len), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(ukplat_fdt_prop(&fdt, -ENOENT, "reg", &v, &len),
			 -ENOENT);

	ck_assert_int_eq(ukplat_fdt_prop_u32(&fdt, root, "#size-cells", &u32),
			 0);
	ck_assert_uint_eq(u32, 2);
	ck_assert_int_eq(ukplat_fdt_prop_u32(&fdt, chosen,
			 "linux,initrd-start", &u32), -EINVAL);
	ck_assert_int_eq(ukplat_fdt_prop_u64(&fdt, chosen,
			 "linux,initrd-end", &u64), 0);
	ck_assert_uint_eq(u64, 0x48100000);
	ck_assert_int_eq(ukplat_fdt_prop_u64(&fdt, root, "#size-cells", &u64),
			 0);
	ck_assert_uint_eq(u64, 2);
	ck_assert_int_eq(ukplat_fdt_prop_u64(&fdt, pl011, "reg", &u64),
			 -EINVAL);
	ck_assert_int_eq(ukplat_fdt_prop_u32(&fdt, pl011, "nope", &u32),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_prop_string(&fdt, pl011, "compatible", &s),
			 -EINVAL);    /* a list is not one string */
	ck_assert_int_eq(ukplat_fdt_prop_string(&fdt, path("/intc"),
			 "interrupt-controller", &s), -EINVAL);
	ck_assert_int_eq(ukplat_fdt_prop_string(&fdt, pl011, "reg", &s),
			 -EINVAL);
	ck_assert_uint_eq(ukplat_fdt_read_cells("\x12\x34\x56\x78\x9a\xbc\xde\xf0",
						2), 0x123456789abcdef0ULL);
	ck_assert_uint_eq(ukplat_fdt_read_cells("\x12\x34\x56\x78", 1),
			  0x12345678);
	ck_assert_uint_eq(ukplat_fdt_read_cells("", 0), 0);
}
END_TEST

static void check_reg(bool cells32)
{
	uint32_t ac, sc;
	uint64_t a, s;
	int mem, intc;

	build_virt(cells32);
	ck_assert_int_eq(init_blob(), 0);
	mem = path("/memory");
	intc = path("/intc");
	ck_assert_int_eq(ukplat_fdt_cells(&fdt, mem, &ac, &sc), 0);
	ck_assert_uint_eq(ac, cells32 ? 1 : 2);
	ck_assert_uint_eq(sc, cells32 ? 1 : 2);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, mem, 0, &a, &s), 0);
	ck_assert_uint_eq(a, 0x40000000);
	ck_assert_uint_eq(s, 0x8000000);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, mem, 1, &a, &s), -ENOENT);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, intc, 0, &a, &s), 0);
	ck_assert_uint_eq(a, 0x8000000);
	ck_assert_uint_eq(s, 0x10000);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, intc, 1, &a, &s), 0);
	ck_assert_uint_eq(a, 0x8010000);
	ck_assert_uint_eq(s, 0x10000);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, intc, 2, &a, &s), -ENOENT);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, path("/intc/v2m"), 0, &a, &s),
			 0);
	ck_assert_uint_eq(a, 0x8020000);
	ck_assert_uint_eq(s, 0x1000);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, path("/timer"), 0, &a, &s),
			 -ENOENT);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, fdt.root, 0, &a, &s), -ENOENT);
	ck_assert_int_eq(ukplat_fdt_cells(&fdt, fdt.root, &ac, &sc), -ENOENT);
}

START_TEST(t_reg64)
{
	check_reg(false);
}
END_TEST

START_TEST(t_reg32)
{
	check_reg(true);
}
END_TEST

START_TEST(t_reg_odd)
{
	uint32_t ac, sc;
	uint64_t a, s;

	/* Default cells (2/1), 0 size cells, 3 address cells, bad reg. */
	b_reset();
	b_begin("");
	b_begin("dflt@1");
	b_cells("reg", 3, 0x1, 0x2, 0x3);
	b_end();
	b_begin("cpus");
	b_cells("#address-cells", 1, 1);
	b_cells("#size-cells", 1, 0);
	b_begin("cpu@1");
	b_cells("reg", 1, 1);
	b_end();
	b_end();
	b_begin("pci");
	b_cells("#address-cells", 1, 3);
	b_begin("dev");
	b_cells("reg", 5, 0, 0, 0, 0, 0);
	b_end();
	b_end();
	b_begin("bad");
	b_cells("#address-cells", 1, 1);
	b_prop("#size-cells", "\0\0\0\1\0", 5);
	b_begin("short");
	b_cells("reg", 3, 1, 2, 3);
	b_end();
	b_end();
	b_begin("short");
	b_cells("reg", 5, 1, 2, 3, 4, 5);
	b_end();
	b_end();
	b_tok(9);
	b_finish(17);
	ck_assert_int_eq(init_blob(), 0);

	ck_assert_int_eq(ukplat_fdt_cells(&fdt, path("/dflt"), &ac, &sc), 0);
	ck_assert_uint_eq(ac, 2);
	ck_assert_uint_eq(sc, 1);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, path("/dflt"), 0, &a, &s), 0);
	ck_assert_uint_eq(a, 0x100000002ULL);
	ck_assert_uint_eq(s, 3);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, path("/cpus/cpu"), 0, &a, &s), 0);
	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(s, 0);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, path("/pci/dev"), 0, &a, &s),
			 -ERANGE);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, path("/bad/short"), 0, &a, &s),
			 -EINVAL);
	ck_assert_int_eq(ukplat_fdt_reg(&fdt, path("/short"), 0, &a, &s),
			 -EINVAL);
}
END_TEST

/* ---- /chosen ---- */

START_TEST(t_chosen)
{
	struct ukplat_fdt_chosen c;
	int cells32;

	for (cells32 = 0; cells32 < 2; cells32++) {
		build_virt(cells32);
		ck_assert_int_eq(init_blob(), 0);
		why = NULL;
		ck_assert_int_eq(ukplat_fdt_chosen(&fdt, &c, &why), 0);
		ck_assert_ptr_null(why);
		ck_assert_str_eq(c.bootargs, "uk.loglevel=info -- hello");
		ck_assert_str_eq(c.stdout_path, "/pl011@9000000");
		ck_assert(c.has_initrd);
		ck_assert_uint_eq(c.initrd_start, 0x48000000);
		ck_assert_uint_eq(c.initrd_end, 0x48100000);
		ck_assert_int_eq(path(c.stdout_path), path("/pl011"));
	}
}
END_TEST

/* A tree whose /chosen holds only what 'fill' puts there. */
static int chosen_of(void (*fill)(void), struct ukplat_fdt_chosen *c)
{
	b_reset();
	b_begin("");
	b_begin("chosen");
	fill();
	b_end();
	b_end();
	b_tok(9);
	b_finish(17);
	ck_assert_int_eq(init_blob(), 0);
	why = NULL;
	return ukplat_fdt_chosen(&fdt, c, &why);
}

static void f_empty(void) { }
static void f_only_start(void)
{
	b_cells("linux,initrd-start", 1, 0x1000);
}
static void f_only_end(void)
{
	b_cells("linux,initrd-end", 2, 0, 0x1000);
}
static void f_backwards(void)
{
	b_cells("linux,initrd-start", 1, 0x2000);
	b_cells("linux,initrd-end", 2, 0, 0x1000);
}
static void f_mixed(void)
{
	b_cells("linux,initrd-start", 1, 0x2000);
	b_cells("linux,initrd-end", 2, 1, 0x1000);
	b_str("linux,stdout-path", "serial0:115200n8");
}
static void f_bad_start(void)
{
	b_prop("linux,initrd-start", "\0\0\x10", 3);
	b_cells("linux,initrd-end", 1, 0x1000);
}
static void f_bad_end(void)
{
	b_cells("linux,initrd-start", 1, 0x1000);
	b_cells("linux,initrd-end", 3, 0, 0, 0x1000);
}
static void f_bad_bootargs(void)
{
	b_prop("bootargs", "abc", 3);
}
static void f_bad_stdout(void)
{
	b_prop("stdout-path", "", 0);
}
static void f_bad_lstdout(void)
{
	b_prop("linux,stdout-path", "a\0b", 4);
}

START_TEST(t_chosen_variants)
{
	struct ukplat_fdt_chosen c;

	ck_assert_int_eq(chosen_of(f_empty, &c), 0);
	ck_assert_ptr_null(c.bootargs);
	ck_assert_ptr_null(c.stdout_path);
	ck_assert(!c.has_initrd);
	ck_assert_int_eq(chosen_of(f_mixed, &c), 0);
	ck_assert(c.has_initrd);
	ck_assert_uint_eq(c.initrd_start, 0x2000);
	ck_assert_uint_eq(c.initrd_end, 0x100001000ULL);
	ck_assert_str_eq(c.stdout_path, "serial0:115200n8");

	ck_fail_with(chosen_of(f_only_start, &c), -EINVAL,
		     "/chosen has only one of linux,initrd-start/-end");
	ck_assert(!c.has_initrd);
	ck_fail_with(chosen_of(f_only_end, &c), -EINVAL,
		     "/chosen has only one of linux,initrd-start/-end");
	ck_fail_with(chosen_of(f_backwards, &c), -EINVAL,
		     "/chosen linux,initrd-end is below linux,initrd-start");
	ck_fail_with(chosen_of(f_bad_start, &c), -EINVAL,
		     "/chosen linux,initrd-start is neither 32 nor 64 bits");
	ck_fail_with(chosen_of(f_bad_end, &c), -EINVAL,
		     "/chosen linux,initrd-end is neither 32 nor 64 bits");
	ck_fail_with(chosen_of(f_bad_bootargs, &c), -EINVAL,
		     "/chosen bootargs is not a string");
	ck_fail_with(chosen_of(f_bad_stdout, &c), -EINVAL,
		     "/chosen stdout-path is not a string");
	ck_fail_with(chosen_of(f_bad_lstdout, &c), -EINVAL,
		     "/chosen linux,stdout-path is not a string");

	/* No /chosen at all. */
	b_reset();
	b_begin("");
	b_begin("chosenx");
	b_end();
	b_end();
	b_tok(9);
	b_finish(17);
	ck_assert_int_eq(init_blob(), 0);
	ck_fail_with(ukplat_fdt_chosen(&fdt, &c, &why), -ENOENT,
		     "device tree has no /chosen node");
}
END_TEST

/* ---- the header ---- */

static void patch32(uint32_t off, uint32_t v)
{
	build_virt(false);
	put32(blob + off, v);
}

START_TEST(t_header_bad)
{
	uint32_t len = build_virt(false);

	ck_fail_with(ukplat_fdt_init(&fdt, NULL, 100, &why), -ENOENT,
		     "no device tree");
	patch32(0, 0xedfe0dd0);         /* little-endian magic */
	ck_fail_with(init_blob(), -EINVAL,
		     "bad device tree magic (not 0xd00dfeed)");
	patch32(20, 15);
	ck_fail_with(init_blob(), -EPROTONOSUPPORT,
		     "device tree version is older than 16");
	patch32(24, 18);
	ck_fail_with(init_blob(), -EPROTONOSUPPORT,
		     "device tree is not backward compatible with version 17");
	patch32(4, len + 1);
	ck_fail_with(init_blob(), -EOVERFLOW,
		     "device tree totalsize exceeds the readable size");
	patch32(4, 39);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree totalsize is smaller than its header");
	/* Only the header is read before this is refused. */
	patch32(4, 0x80000000U);
	ck_fail_with(ukplat_fdt_init(&fdt, blob, 0x80000008ULL, &why),
		     -EOVERFLOW, "device tree totalsize is over 2 GiB");

	/* Structure block. */
	patch32(8, (len + 3) & ~3U);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree structure block ends past totalsize");
	patch32(8, 0xfffffff0);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree structure block ends past totalsize");
	patch32(36, 0xffffffff);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree structure block ends past totalsize");
	patch32(8, 20);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree structure block overlaps the header");
	patch32(8, ST_OFF + 2);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree structure block is not 4-byte aligned");
	/* Strings block. */
	patch32(12, len);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree strings block ends past totalsize");
	patch32(32, 0xffffffff);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree strings block ends past totalsize");
	patch32(12, 0);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree strings block overlaps the header");
	patch32(12, ST_OFF + 16);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree structure and strings blocks overlap");
	/* Reservation block. */
	patch32(16, 36);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree reservation block overlaps the header");
	patch32(16, 44);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree reservation block is not 8-byte aligned");
	patch32(16, len & ~7U);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree reservation map is not terminated");
	patch32(16, 0xfffffff8);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree reservation map is not terminated");
	build_virt(false);
	put64(blob + RSV_OFF + 16, 0x1000);     /* terminator gone */
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree reservation map overlaps another block");
}
END_TEST

START_TEST(t_version16)
{
	build_virt(false);
	put32(blob + 20, 16);
	put32(blob + 36, 0xdeadbeef);   /* not a field before version 17 */
	ck_assert_int_eq(init_blob(), 0);
	ck_assert_uint_eq(fdt.size_struct, str_off - ST_OFF);
	ck_assert_int_ge(path("/chosen"), 0);
	/* Newer versions that stay compatible with 17 are read. */
	build_virt(false);
	put32(blob + 20, 18);
	put32(blob + 24, 17);
	ck_assert_int_eq(init_blob(), 0);
}
END_TEST

/* ---- truncation ---- */

START_TEST(t_truncated)
{
	uint32_t len = build_virt(false), n, full_struct;
	int rc;

	/* Told the truth about a short buffer: never reads past it. */
	for (n = 0; n < len; n++) {
		rc = init_len(n);
		ck_assert_int_eq(rc, -EOVERFLOW);
		ck_assert_ptr_nonnull(why);
	}
	ck_assert_int_eq(init_len(len), 0);

	/* A blob cut short whose header was made to agree. */
	for (n = 0; n < len; n++) {
		build_virt(false);
		put32(blob + 4, n);
		rc = init_len(n);
		ck_assert_int_lt(rc, 0);
		ck_assert_ptr_nonnull(why);
	}

	/* The structure block cut at every length. */
	full_struct = sl;
	for (n = 0; n < full_struct; n++) {
		build_virt(false);
		put32(blob + 36, n);
		rc = init_blob();
		ck_assert_msg(rc == -EBADMSG, "size_dt_struct %u: %d (%s)", n,
			      rc, why);
	}
	/* And the strings block: a name offset falls outside it. */
	for (n = 0; n < strl; n++) {
		build_virt(false);
		put32(blob + 32, n);
		rc = init_blob();
		ck_assert_msg(rc == -ERANGE || rc == -EBADMSG,
			      "size_dt_strings %u: %d", n, rc);
	}
}
END_TEST

/* ---- the structure block ---- */

START_TEST(t_struct_bad)
{
	uint32_t p, off;

	/* A corrupted token in the middle. */
	build_virt(false);
	put32(blob + ST_OFF + at_pl011_compat, 7);
	ck_fail_with(init_blob(), -EBADMSG,
		     "unknown token in the device tree structure block");
	build_virt(false);
	put32(blob + ST_OFF + at_pl011_compat, 0x03000000);   /* wrong order */
	ck_fail_with(init_blob(), -EBADMSG,
		     "unknown token in the device tree structure block");

	/* A node name running to the end of the block. */
	build_virt(false);
	memset(blob + ST_OFF + at_psci + 4, 'a', sl - at_psci - 4);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree node name is not terminated");

	/* Property lengths past the block, by one and by a lot. */
	build_virt(false);
	off = ST_OFF + at_pl011_compat;
	put32(blob + off + 4, sl - at_pl011_compat - 12 + 1);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree property value runs past the structure block");
	build_virt(false);
	put32(blob + off + 4, 0xfffffffc);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree property value runs past the structure block");
	/* A block ending inside a name's padding ("psci\0" + 3). */
	build_virt(false);
	put32(blob + 36, at_psci + 4 + 5 + 1);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree padding runs past the structure block");
	/* A value ending one byte short of the end: padded to it. */
	build_virt(false);
	put32(blob + off + 4, sl - at_pl011_compat - 12 - 1);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree structure block ends without FDT_END");
	build_virt(false);
	put32(blob + off + 4, sl - at_pl011_compat - 12);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree structure block ends without FDT_END");
	/* A property header cut by the end of the block. */
	build_virt(false);
	put32(blob + 36, at_pl011_compat + 8);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree property header runs past the structure block");

	/* Property names outside the strings block or unterminated. */
	build_virt(false);
	put32(blob + off + 8, strl);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree property name outside the strings block");
	build_virt(false);
	put32(blob + off + 8, 0xffffffff);
	ck_fail_with(init_blob(), -ERANGE,
		     "device tree property name outside the strings block");
	build_virt(false);
	blob[str_off + strl - 1] = 'x';
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree property name is not terminated");

	/* Missing FDT_END. */
	build_virt(false);
	put32(blob + ST_OFF + at_end, 4);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree structure block ends without FDT_END");
	/* Missing END_NODE of the root. */
	build_virt(false);
	put32(blob + ST_OFF + at_end_root, 4);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree FDT_END inside an open node");
	/* FDT_END early, inside a node. */
	build_virt(false);
	put32(blob + ST_OFF + at_psci, 9);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree FDT_END inside an open node");

	/* NOPs anywhere are skipped: blank out the whole psci node. */
	build_virt(false);
	for (p = at_psci; get32(blob + ST_OFF + p) != 2; p += 4)
		put32(blob + ST_OFF + p, 4);
	put32(blob + ST_OFF + p, 4);
	ck_assert_int_eq(init_blob(), 0);
	ck_assert_int_eq(path("/psci"), -ENOENT);
	ck_assert_int_ge(path("/memory"), 0);
}
END_TEST

START_TEST(t_unbalanced)
{
	int i;

	/* END_NODE without BEGIN_NODE. */
	b_reset();
	b_begin("");
	b_end();
	b_end();
	b_tok(9);
	b_finish(17);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree END_NODE without BEGIN_NODE");
	b_reset();
	b_end();
	b_tok(9);
	b_finish(17);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree END_NODE without BEGIN_NODE");
	/* Two roots. */
	b_reset();
	b_begin("");
	b_end();
	b_begin("");
	b_end();
	b_tok(9);
	b_finish(17);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree has more than one root node");
	/* A property before the root. */
	b_reset();
	b_cells("x", 1, 1);
	b_begin("");
	b_end();
	b_tok(9);
	b_finish(17);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree property outside any node");
	/* No root at all. */
	b_reset();
	b_tok(4);
	b_tok(9);
	b_finish(17);
	ck_fail_with(init_blob(), -EBADMSG, "device tree has no root node");
	/* An empty structure block. */
	b_reset();
	b_finish(17);
	ck_fail_with(init_blob(), -EBADMSG,
		     "device tree structure block ends without FDT_END");
	/* Nested one level too deep, then just deep enough. */
	b_reset();
	for (i = 0; i <= UKPLAT_FDT_MAX_DEPTH; i++)
		b_begin(i ? "n" : "");
	for (i = 0; i <= UKPLAT_FDT_MAX_DEPTH; i++)
		b_end();
	b_tok(9);
	b_finish(17);
	ck_fail_with(init_blob(), -E2BIG, "device tree nodes nested too deep");
	b_reset();
	for (i = 0; i < UKPLAT_FDT_MAX_DEPTH; i++)
		b_begin(i ? "n@1" : "");
	b_cells("reg", 3, 1, 2, 3);
	for (i = 0; i < UKPLAT_FDT_MAX_DEPTH; i++)
		b_end();
	b_tok(9);
	b_finish(17);
	ck_assert_int_eq(init_blob(), 0);
	{
		char p[2 * UKPLAT_FDT_MAX_DEPTH + 1] = "";
		uint64_t a, s;
		int n, par;

		for (i = 1; i < UKPLAT_FDT_MAX_DEPTH; i++)
			strcat(p, "/n");
		n = path(p);
		ck_assert_int_ge(n, 0);
		ck_assert_int_eq(ukplat_fdt_reg(&fdt, n, 0, &a, &s), 0);
		ck_assert_uint_eq(a, 0x100000002ULL);
		p[strlen(p) - 2] = '\0';
		par = path(p);
		ck_assert_int_eq(ukplat_fdt_parent(&fdt, n), par);
	}
}
END_TEST

/* ---- random damage ---- */

/* Everything a boot would do with a tree; only memory safety matters. */
static void exercise(void)
{
	static const char *const paths[] = {
		"/", "/chosen", "/memory", "/intc/v2m", "serial0", "gic/v2m",
		"/pl011@9000000:115200", "broken", "/virtio_mmio"
	};
	struct ukplat_fdt_chosen c;
	const void *v;
	const char *s;
	uint32_t ac, sc, len, i;
	uint64_t a, sz;
	int n, d = 0, steps = 0;

	for (n = ukplat_fdt_next_node(&fdt, -1, &d); n >= 0 && steps < 1000;
	     n = ukplat_fdt_next_node(&fdt, n, &d), steps++) {
		ck_assert_ptr_nonnull(ukplat_fdt_name(&fdt, n));
		ukplat_fdt_parent(&fdt, n);
		ukplat_fdt_first_child(&fdt, n);
		ukplat_fdt_next_sibling(&fdt, n);
		ukplat_fdt_cells(&fdt, n, &ac, &sc);
		for (i = 0; i < 3; i++)
			ukplat_fdt_reg(&fdt, n, i, &a, &sz);
		ukplat_fdt_prop(&fdt, n, "compatible", &v, &len);
		ukplat_fdt_prop_string(&fdt, n, "status", &s);
		ukplat_fdt_prop_u32(&fdt, n, "#address-cells", &ac);
		ukplat_fdt_prop_u64(&fdt, n, "linux,initrd-start", &a);
		ukplat_fdt_is_enabled(&fdt, n);
		ukplat_fdt_is_compatible(&fdt, n, "arm,primecell");
	}
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		ukplat_fdt_find_path(&fdt, paths[i]);
	ukplat_fdt_find_compatible(&fdt, -1, "arm,pl011");
	ukplat_fdt_find_device_type(&fdt, -1, "memory");
	ukplat_fdt_chosen(&fdt, &c, &why);
	for (i = 0; i < fdt.n_rsv && i < 100; i++)
		ukplat_fdt_rsv(&fdt, i, &a, &sz);
}

START_TEST(t_fuzz)
{
	uint32_t len, it, k, pos;
	int ok = 0, bad = 0;

	srand(4242);
	for (it = 0; it < 20000; it++) {
		len = build_virt(it & 1);
		for (k = 0; k < 1 + (uint32_t)rand() % 4; k++) {
			pos = (uint32_t)rand() % len;
			if (rand() & 1)
				blob[pos] ^= (uint8_t)(1u << (rand() % 8));
			else
				blob[pos] = (uint8_t)rand();
		}
		if (init_len(len) == 0) {
			ok++;
			exercise();
		} else {
			ck_assert_ptr_nonnull(why);
			bad++;
		}
	}
	ck_assert_int_gt(ok, 0);
	ck_assert_int_gt(bad, 0);
}
END_TEST

static Suite *fdt_suite(void)
{
	Suite *s = suite_create("fdt");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_header_ok);
	tcase_add_test(tc, t_walk);
	tcase_add_test(tc, t_paths);
	tcase_add_test(tc, t_compatible);
	tcase_add_test(tc, t_props);
	tcase_add_test(tc, t_reg64);
	tcase_add_test(tc, t_reg32);
	tcase_add_test(tc, t_reg_odd);
	tcase_add_test(tc, t_chosen);
	tcase_add_test(tc, t_chosen_variants);
	tcase_add_test(tc, t_header_bad);
	tcase_add_test(tc, t_version16);
	tcase_add_test(tc, t_truncated);
	tcase_add_test(tc, t_struct_bad);
	tcase_add_test(tc, t_unbalanced);
	tcase_add_test(tc, t_fuzz);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fdt_suite());

	return unit_run(sr, false);
}
