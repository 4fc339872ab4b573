/*
 * tests/unit/test_cpio.c - host tests of the cpio "newc" reader
 * (lib/vfscore/cpio.c), on archives built in memory by a small writer:
 * - good archives ("070701", "070702" with data checksums, both mixed,
 *   lower- and upper-case hex) yield exactly their members, in order, with
 *   every field, the data in place and the header offset; the trailer is
 *   not passed on; the archive may end right after the trailer or carry
 *   zero padding to 512 bytes;
 * - every truncation is refused (-EINVAL) before any member is passed on;
 * - bad magic, a non-hex digit in each of the 13 fields, bad name sizes,
 *   names not NUL-terminated where their size says, data past the end and
 *   checksum mismatches are refused with the member's offset and reason;
 * - a callback error stops the walk and names the member;
 * - 10 000 randomly corrupted archives never read outside the buffer;
 * - uk_cpio_is_newc on short buffers.
 * Every archive the reader sees ends right before a PROT_NONE page, so
 * any read past its end faults.
 */
#define _GNU_SOURCE
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "../../lib/vfscore/cpio.h"

/*
 * Archives cut inside a member's data padding used to make the reader
 * look for the next header past the end (the offset ran beyond 'len'):
 * the truncation test covers every cut point, those included.
 */

#define HDR 110
#define MAXLEN 16384

struct mem {
	const char *name;
	uint32_t ino, mode, uid, gid, nlink, mtime;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
	const char *data;
	uint32_t size;
};

static char bigdata[1000];

static const struct mem members[] = {
	{ ".", 1, 040755, 0, 0, 3, 0x5f000001, 8, 1, 0, 0, NULL, 0 },
	{ "bin", 2, 040711, 10, 20, 2, 0x5f000002, 8, 1, 0, 0, NULL, 0 },
	{ "bin/sh", 3, 0100755, 0xdeadbeef, 0xCAFE, 1, 0xffffffff, 8, 2, 0, 0,
	  "\x7f" "ELF\xff\x80!", 7 },
	{ "hello.txt", 4, 0100644, 1000, 1000, 1, 1, 0, 0, 0, 0,
	  "hello, world\n", 13 },
	{ "e", 5, 0100600, 1, 2, 1, 2, 0, 0, 0, 0, NULL, 0 },
	{ "lnk", 6, 0120777, 0, 0, 1, 3, 0, 0, 0, 0, "bin/sh", 6 },
	{ "abs", 7, 0120777, 0, 0, 1, 4, 0, 0, 0, 0, "/hello.txt", 10 },
	{ "dev", 8, 040755, 0, 0, 2, 5, 0, 0, 0, 0, NULL, 0 },
	{ "dev/null", 9, 020666, 0, 0, 1, 6, 0, 0, 1, 3, NULL, 0 },
	{ "dev/sda", 10, 060660, 0, 6, 1, 7, 0, 0, 8, 0xabcdef01, NULL, 0 },
	{ "fifo", 11, 010644, 0, 0, 1, 8, 0, 0, 0, 0, NULL, 0 },
	{ "big", 12, 0100444, 0, 0, 1, 9, 0, 0, 0, 0, bigdata, sizeof(bigdata) },
};
#define NMEM ((int)(sizeof(members) / sizeof(members[0])))

static uint32_t sum(const char *d, uint32_t n)
{
	uint32_t s = 0;

	for (uint32_t i = 0; i < n; i++)
		s += (unsigned char)d[i];
	return s;
}

/* Append one member at 'off' (4-aligned); returns the end of its name. */
static size_t put(char *buf, size_t off, const char *magic, const struct mem *m,
		  int upper, size_t *data_end)
{
	char h[HDR + 1];
	uint32_t namesize = (uint32_t)strlen(m->name) + 1;
	uint32_t chk = strcmp(magic, "070702") ? 0 : sum(m->data, m->size);
	const char *fmt = upper ? "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X"
				: "%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x";
	size_t name_end, d;

	snprintf(h, sizeof(h), fmt, magic, m->ino, m->mode, m->uid, m->gid,
		 m->nlink, m->mtime, m->size, m->devmajor, m->devminor,
		 m->rdevmajor, m->rdevminor, namesize, chk);
	memcpy(buf + off, h, HDR);
	memcpy(buf + off + HDR, m->name, namesize);
	name_end = off + HDR + namesize;
	d = (name_end + 3) & ~(size_t)3;
	memset(buf + name_end, 0, d - name_end);
	if (m->size)
		memcpy(buf + d, m->data, m->size);
	*data_end = d + m->size;
	memset(buf + *data_end, 0, 3);
	return name_end;
}

static const struct mem trailer = { "TRAILER!!!", 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
				    NULL, 0 };

/*
 * Write members[0..n), member i with magic "07070" kinds[i % strlen], the
 * trailer with the next kind, and pad the end to 'pad' bytes (1: none,
 * ends after the trailer's name). offs[i] gets every header's offset (trailer's at [n]).
 */
static size_t build(char *buf, const char *kinds, int n, int upper, size_t pad,
		    size_t *offs)
{
	size_t off = 0, end = 0, data_end;
	char magic[7] = "07070x";

	for (int i = 0; i <= n; i++) {
		magic[5] = kinds[i % strlen(kinds)];
		if (offs)
			offs[i] = off;
		end = put(buf, off, magic, i < n ? &members[i] : &trailer, upper,
			  &data_end);
		off = (data_end + 3) & ~(size_t)3;
	}
	if (pad > 1) {
		size_t to = (end + pad - 1) / pad * pad;

		memset(buf + end, 0, to - end);
		end = to;
	}
	return end;
}

static char *guard; /* the PROT_NONE page; archives end right before it */

/* A copy of (a, len) ending at the guard page. */
static const char *place(const void *a, size_t len)
{
	if (!guard) {
		long pg = sysconf(_SC_PAGESIZE);
		char *m = mmap(NULL, MAXLEN + pg, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		ck_assert_ptr_ne(m, MAP_FAILED);
		guard = m + MAXLEN;
		ck_assert_int_eq(mprotect(guard, pg, PROT_NONE), 0);
	}
	ck_assert_uint_le(len, MAXLEN);
	memmove(guard - len, a, len);
	return guard - len;
}

static struct uk_cpio_entry got[64];
static int ngot;
static int fail_at = -1, fail_rc; /* fail the call with index fail_at */
static const char *cur_buf;
static size_t cur_len;

static int collect(const struct uk_cpio_entry *e, void *arg)
{
	const char *name = e->name, *data = e->data;

	ck_assert_ptr_eq(arg, &ngot);
	/* Whatever is passed on lies inside the archive. */
	ck_assert(name >= cur_buf && name < cur_buf + cur_len);
	ck_assert_uint_lt(strnlen(name, cur_buf + cur_len - name),
			  (size_t)(cur_buf + cur_len - name));
	ck_assert(data >= cur_buf && data <= cur_buf + cur_len);
	ck_assert_uint_le(e->filesize, (size_t)(cur_buf + cur_len - data));
	ck_assert_uint_lt(e->offset, cur_len);
	if (ngot < 64)
		got[ngot] = *e;
	if (ngot++ == fail_at)
		return fail_rc;
	return 0;
}

/* Place (a, len) before the guard and parse it. */
static int parse(const char *a, size_t len, struct uk_cpio_error *err)
{
	cur_buf = place(a, len);
	cur_len = len;
	ngot = 0;
	err->offset = (size_t)-1;
	err->what = NULL;
	return uk_cpio_parse(cur_buf, len, collect, &ngot, err);
}

static void setup(void)
{
	for (size_t i = 0; i < sizeof(bigdata); i++)
		bigdata[i] = (char)(i * 37 + 200);
}

static char arc[MAXLEN];
static size_t offs[NMEM + 1];

/* Where the data of member i starts in the last archive built. */
static size_t data_off(int i)
{
	return (offs[i] + HDR + strlen(members[i].name) + 1 + 3) & ~(size_t)3;
}

/* Every member passed on, with every field, as the writer wrote it. */
#define EQ(f) ck_assert_uint_eq(e->f, m->f)
static void check_members(void)
{
	ck_assert_int_eq(ngot, NMEM);
	for (int i = 0; i < NMEM; i++) {
		const struct uk_cpio_entry *e = &got[i];
		const struct mem *m = &members[i];

		ck_assert_str_eq(e->name, m->name);
		ck_assert_ptr_eq(e->name, cur_buf + offs[i] + HDR);
		EQ(ino); EQ(mode); EQ(uid); EQ(gid); EQ(nlink); EQ(mtime);
		EQ(devmajor); EQ(devminor); EQ(rdevmajor); EQ(rdevminor);
		ck_assert_uint_eq(e->filesize, m->size);
		ck_assert_ptr_eq(e->data, cur_buf + data_off(i));
		if (m->size)
			ck_assert_int_eq(memcmp(e->data, m->data, m->size), 0);
		ck_assert_uint_eq(e->offset, offs[i]);
	}
}

START_TEST(good_archives)
{
	/* 070701, 070702, alternating both ways; lower and upper hex. */
	static const char *const kinds[] = { "1", "2", "12", "21" };
	struct uk_cpio_error err;

	for (int k = 0; k < 4; k++) {
		for (int upper = 0; upper < 2; upper++) {
			size_t len = build(arc, kinds[k], NMEM, upper, 1, offs);

			ck_assert_int_eq(parse(arc, len, &err), 0);
			check_members();
		}
	}
}
END_TEST

START_TEST(end_after_trailer)
{
	static const size_t pads[] = { 1, 4, 512 };
	struct uk_cpio_error err;

	for (int i = 0; i < 3; i++) {
		size_t len = build(arc, "2", NMEM, 0, pads[i], offs);

		if (pads[i] > 1)
			ck_assert_uint_eq(len % pads[i], 0);
		else
			ck_assert_uint_eq(len, offs[NMEM] + HDR + 11);
		ck_assert_int_eq(parse(arc, len, &err), 0);
		check_members();
	}
	/* Only a trailer: an empty archive. */
	ck_assert_int_eq(parse(arc, build(arc, "1", 0, 0, 512, NULL), &err), 0);
	ck_assert_int_eq(ngot, 0);
}
END_TEST

START_TEST(truncated)
{
	size_t len = build(arc, "12", NMEM, 0, 1, offs);
	struct uk_cpio_error err;

	for (size_t cut = 0; cut < len; cut++) {
		ck_assert_msg(parse(arc, cut, &err) == -EINVAL, "cut at %zu", cut);
		ck_assert_msg(ngot == 0, "cut at %zu: a member was passed on", cut);
		ck_assert_msg(err.offset <= cut, "cut at %zu: offset %zu", cut,
			      err.offset);
		ck_assert_msg(err.what && *err.what, "cut at %zu: no reason", cut);
	}
	/* Skipped for the bug: after data of 7, 13, 6 and 10 bytes. */
}
END_TEST

/* Parse 'arc' (len) expecting -EINVAL at 'off' with 'what' in the reason. */
static void refused(size_t len, size_t off, const char *what, const char *ctx)
{
	struct uk_cpio_error err;

	ck_assert_msg(parse(arc, len, &err) == -EINVAL, "%s: accepted", ctx);
	ck_assert_msg(ngot == 0, "%s: a member was passed on", ctx);
	ck_assert_msg(err.offset == off, "%s: offset %zu, not %zu", ctx,
		      err.offset, off);
	ck_assert_msg(err.what && strstr(err.what, what), "%s: reason \"%s\"",
		      ctx, err.what ? err.what : "(null)");
}

/* Overwrite the 8-digit field 'f' of the header at 'off' with 'v'. */
static void set_field(size_t off, int f, uint32_t v)
{
	char s[9];

	snprintf(s, sizeof(s), "%08x", v);
	memcpy(arc + off + 6 + 8 * f, s, 8);
}

enum { F_NLINK = 4, F_FILESIZE = 6, F_NAMESIZE = 11, F_CHECK = 12 };

START_TEST(bad_magic)
{
	static const char *const bad[] = { "070707", "070703", "070700", "170701",
					   "07070 ", "\0\0\0\0\0\0" };
	char ctx[64];

	for (int at = 0; at < NMEM + 1; at += 4) { /* members 0, 4, 8, trailer */
		for (int i = 0; i < 6; i++) {
			size_t len = build(arc, "1", NMEM, 0, 1, offs);

			memcpy(arc + offs[at], bad[i], 6);
			snprintf(ctx, sizeof(ctx), "magic %d at member %d", i, at);
			refused(len, offs[at], "magic", ctx);
		}
	}
}
END_TEST

START_TEST(non_hex_fields)
{
	static const char bad[] = { 'g', 'G', ' ', 'x', '\0', '-', '/', ':', '@', '`' };
	char ctx[64];

	for (int f = 0; f < 13; f++) {
		for (int j = 0; j < 10; j++) {
			size_t len = build(arc, "2", NMEM, 0, 1, offs);
			int at = 3 + f % 3;

			arc[offs[at] + 6 + 8 * f + (f + j) % 8] = bad[j];
			snprintf(ctx, sizeof(ctx), "field %d char %d", f, j);
			refused(len, offs[at], "hexadecimal", ctx);
		}
	}
}
END_TEST

START_TEST(bad_names)
{
	static const uint32_t sizes[] = { 0, 1, 4097, 0x80000000u, 0xffffffffu };
	size_t len;

	for (int i = 0; i < 5; i++) {
		len = build(arc, "1", NMEM, 0, 1, offs);
		set_field(offs[5], F_NAMESIZE, sizes[i]);
		refused(len, offs[5], "name size", "namesize");
	}
	/* 4096 is allowed by itself but runs past this archive. */
	len = build(arc, "1", NMEM, 0, 1, offs);
	set_field(offs[5], F_NAMESIZE, 4096);
	refused(len, offs[5], "name runs past", "namesize 4096");
	/* The trailer's name (11 bytes) one byte too long for the archive. */
	len = build(arc, "1", NMEM, 0, 1, offs);
	set_field(offs[NMEM], F_NAMESIZE, 12);
	refused(len, offs[NMEM], "name runs past", "trailer namesize");
	/* Not NUL-terminated where the size says: "hello.txt" (10), size 9. */
	len = build(arc, "1", NMEM, 0, 1, offs);
	set_field(offs[3], F_NAMESIZE, 9);
	refused(len, offs[3], "NUL-terminated", "short");
	/* "bin" (4): size 5 ends on a padding NUL, after an earlier NUL. */
	len = build(arc, "1", NMEM, 0, 1, offs);
	set_field(offs[1], F_NAMESIZE, 5);
	refused(len, offs[1], "NUL-terminated", "long");
	/* A NUL inside the name. */
	len = build(arc, "1", NMEM, 0, 1, offs);
	arc[offs[3] + HDR + 5] = '\0';
	refused(len, offs[3], "NUL-terminated", "embedded NUL");
	/* The trailer's name without its NUL is no trailer. */
	len = build(arc, "1", NMEM, 0, 1, offs);
	arc[len - 1] = '!';
	refused(len, offs[NMEM], "NUL-terminated", "trailer");
}
END_TEST

START_TEST(data_past_end)
{
	static const uint32_t sizes[] = { 5000, 0x7fffffff, 0xffffffffu };
	size_t len;

	for (int i = 0; i < 3; i++) {
		len = build(arc, "1", NMEM, 0, 1, offs);
		set_field(offs[NMEM - 1], F_FILESIZE, sizes[i]);
		refused(len, offs[NMEM - 1], "past the end", "filesize");
	}
	/* Data that swallows the trailer: no header fits after it... */
	len = build(arc, "1", NMEM, 0, 1, offs);
	set_field(offs[NMEM - 1], F_FILESIZE,
		  (uint32_t)(len - 1 - data_off(NMEM - 1)));
	refused(len, len - 1, "truncated header", "swallowed trailer");
	/* ...or nothing is left at all (a padded archive). */
	len = build(arc, "1", NMEM, 0, 512, offs);
	set_field(offs[NMEM - 1], F_FILESIZE, (uint32_t)(len - data_off(NMEM - 1)));
	refused(len, len, "without a TRAILER", "swallowed all");
}
END_TEST

START_TEST(checksums)
{
	struct uk_cpio_error err;
	size_t len;

	/* A data byte changed under its checksum. */
	len = build(arc, "2", NMEM, 0, 1, offs);
	arc[data_off(3) + 3] ^= 0x20; /* "hello" -> "helLo" */
	refused(len, offs[3], "checksum", "070702 data");
	/* The checksum field itself wrong, data all zero-sum. */
	len = build(arc, "2", NMEM, 0, 1, offs);
	set_field(offs[0], F_CHECK, 1);
	refused(len, offs[0], "checksum", "070702 empty");
	/* The sum is all it checks: +1 here, -1 there, same sum: accepted. */
	len = build(arc, "2", NMEM, 0, 1, offs);
	arc[data_off(3)] += 1;
	arc[data_off(3) + 1] -= 1;
	ck_assert_int_eq(parse(arc, len, &err), 0);
	/* The same bytes as 070701: no checksum, accepted as they are. */
	len = build(arc, "1", NMEM, 0, 1, offs);
	set_field(offs[0], F_CHECK, 0x12345678);
	arc[data_off(3) + 3] ^= 0x20;
	ck_assert_int_eq(parse(arc, len, &err), 0);
	ck_assert_int_eq(ngot, NMEM);
	ck_assert_int_eq(memcmp(got[3].data, "helLo, world\n", 13), 0);
}
END_TEST

START_TEST(callback_error)
{
	struct uk_cpio_error err;
	size_t len = build(arc, "12", NMEM, 0, 1, offs);

	for (int at = 0; at < NMEM; at += 5) {
		fail_at = at;
		fail_rc = -ENOSPC - at;
		ck_assert_int_eq(parse(arc, len, &err), -ENOSPC - at);
		ck_assert_int_eq(ngot, at + 1);
		ck_assert_uint_eq(err.offset, offs[at]);
		ck_assert_str_eq(err.what, "could not be created");
	}
	fail_at = -1;
}
END_TEST

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

START_TEST(random_flips)
{
	static char good[MAXLEN];
	struct uk_cpio_error err;
	int accepted = 0;

	for (int it = 0; it < 10000; it++) {
		/* Half end right after the trailer, half padded to 512. */
		size_t len = build(good, it & 1 ? "12" : "2", NMEM, it & 2, it & 1 ? 1 : 512,
				   offs);
		int rc, flips = 1 + (int)(rnd() % 3);

		memcpy(arc, good, len);
		for (int f = 0; f < flips; f++) {
			/* Mostly in headers and names, where it matters. */
			size_t pos = rnd() % 4 ? offs[rnd() % (NMEM + 1)] + rnd() % 128
					       : rnd() % len;
			if (pos >= len)
				pos = len - 1;
			arc[pos] = rnd() % 2 ? "0123456789abcdefABCDEF"[rnd() % 22]
					     : (char)rnd();
		}
		/* 0, the callback's checks held, or refused with a reason. */
		rc = parse(arc, len, &err);
		ck_assert_msg(rc == 0 || rc == -EINVAL, "iteration %d: %d", it, rc);
		if (rc == 0) {
			accepted++;
		} else {
			ck_assert_int_eq(ngot, 0);
			ck_assert(err.what && *err.what);
			ck_assert_uint_le(err.offset, len);
		}
	}
	/* Some flips are harmless (data of 070701, mtime digits...). */
	ck_assert_int_gt(accepted, 0);
	ck_assert_int_lt(accepted, 10000);
}
END_TEST

START_TEST(is_newc)
{
	static const char *const s[] = { "070701", "070702", "070707", "070700",
					 "07070", "170701" };

	ck_assert_int_eq(uk_cpio_is_newc(NULL, 0), 0);
	for (int i = 0; i < 6; i++) {
		for (size_t n = 0; n < 6; n++) /* too short, read to the end */
			ck_assert_int_eq(uk_cpio_is_newc(place(s[i], n), n), 0);
		ck_assert_int_eq(!!uk_cpio_is_newc(place(s[i], 6), 6), i < 2);
	}
	ck_assert_int_ne(uk_cpio_is_newc(place("070702xyz", 9), 9), 0);
}
END_TEST

static Suite *cpio_suite(void)
{
	Suite *s = suite_create("cpio");
	TCase *tc = tcase_create("good");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, good_archives);
	tcase_add_test(tc, end_after_trailer);
	tcase_add_test(tc, callback_error);
	tcase_add_test(tc, is_newc);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, bad_magic);
	tcase_add_test(tc, non_hex_fields);
	tcase_add_test(tc, bad_names);
	tcase_add_test(tc, data_past_end);
	tcase_add_test(tc, checksums);
	tcase_add_test(tc, random_flips);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(cpio_suite()), true);
}
