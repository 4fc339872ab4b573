/*
 * tests/unit/test_virtio_cmdline.c - virtio_mmio.device= tokens
 * (plat/common/virtio/virtio_cmdline.c): QEMU microvm's and
 * Firecracker's forms, K/M/G suffixes, the optional id, removal from
 * anywhere in the command line (quotes respected), and malformed tokens
 * (missing parts, bad digits, overflow, wrapping ranges, too many), which
 * are removed too and reported with their errno and reason.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <uk/plat.h>
#include "virtio/virtio_parse.h"

static struct ukplat_virtio_mmio_desc dev[4];
static unsigned int n;
static const char *why;

static int parse(const char *s)
{
	memset(dev, 0, sizeof(dev));
	why = NULL;
	return ukplat_virtio_cmdline_parse(s, strlen(s), &dev[0], &why);
}

START_TEST(qemu_microvm_form)
{
	ck_assert_int_eq(parse("virtio_mmio.device=512@0xfeb00e00:12"), 0);
	ck_assert_uint_eq(dev[0].base, 0xfeb00e00ULL);
	ck_assert_uint_eq(dev[0].size, 512);
	ck_assert_uint_eq(dev[0].irq, 12);
	ck_assert_uint_eq(dev[0].irq_flags, UKPLAT_IRQ_LEVEL | UKPLAT_IRQ_ACTIVE_HIGH);
}
END_TEST

START_TEST(suffixes_and_id)
{
	ck_assert_int_eq(parse("virtio_mmio.device=4K@0xd0000000:5:3"), 0);
	ck_assert_uint_eq(dev[0].size, 4096);
	ck_assert_uint_eq(dev[0].base, 0xd0000000ULL);
	ck_assert_uint_eq(dev[0].irq, 5);
	ck_assert_int_eq(parse("virtio_mmio.device=1m@3G:33"), 0);
	ck_assert_uint_eq(dev[0].size, 1ULL << 20);
	ck_assert_uint_eq(dev[0].base, 3ULL << 30);
	ck_assert_int_eq(parse("virtio_mmio.device=0x200@4096:1023"), 0);
	ck_assert_uint_eq(dev[0].size, 0x200);
	ck_assert_uint_eq(dev[0].base, 4096);
}
END_TEST

#define BAD(s, err, reason)                                   \
	do {                                                  \
		ck_assert_int_eq(parse(s), err);              \
		ck_assert_str_eq(why, reason);                \
	} while (0)

START_TEST(malformed_tokens)
{
	BAD("virtio_mmio.device=", -EINVAL, "expected <size>@<base>:<irq>[:<id>]");
	BAD("virtio_mmio.device=512", -EINVAL, "expected <size>@<base>:<irq>[:<id>]");
	BAD("virtio_mmio.device=512@0x1000", -EINVAL,
	    "expected <size>@<base>:<irq>[:<id>]");
	BAD("virtio_mmio.device=@0x1000:5", -EINVAL, "not a number");
	BAD("virtio_mmio.device=512@:5", -EINVAL, "not a number");
	BAD("virtio_mmio.device=512@0x1000:", -EINVAL, "not a number");
	BAD("virtio_mmio.device=5x2@0x1000:5", -EINVAL, "not a number");
	BAD("virtio_mmio.device=512@0xfeb0zz00:5", -EINVAL, "not a number");
	BAD("virtio_mmio.device=512@0x1000:5:", -EINVAL, "not a number");
	BAD("virtio_mmio.device=512@0x1000:5:x", -EINVAL, "not a number");
	BAD("virtio_mmio.device=512@0x1000:5K", -EINVAL, "not a number");
	BAD("virtio_mmio.device=0@0x1000:5", -EINVAL, "size 0");
	BAD("virtio_mmio.device=99999999999999999999@0:5", -ERANGE,
	    "number too large");
	BAD("virtio_mmio.device=17179869184G@0:5", -ERANGE, "number too large");
	BAD("virtio_mmio.device=4K@0xfffffffffffff800:5", -ERANGE,
	    "base + size wraps");
	BAD("virtio_mmio.device=512@0x1000:0", -ERANGE, "interrupt out of range");
	BAD("virtio_mmio.device=512@0x1000:1024", -ERANGE, "interrupt out of range");
	BAD("virtio_mmio.devic=512@0x1000:5", -EINVAL, "not virtio_mmio.device=");
}
END_TEST

static int take(char *line, unsigned int max)
{
	memset(dev, 0, sizeof(dev));
	why = NULL;
	return ukplat_virtio_cmdline_take(line, dev, max, &n, &why);
}

START_TEST(taken_out_of_the_line)
{
	char line[256] = "uk.loglevel=info -- a b virtio_mmio.device=512@0xfeb00e00:12 "
			 "virtio_mmio.device=512@0xfeb00c00:11";

	ck_assert_int_eq(take(line, 4), 0);
	ck_assert_ptr_eq(why, NULL);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(line, "uk.loglevel=info -- a b");
	ck_assert_uint_eq(dev[0].base, 0xfeb00e00ULL);
	ck_assert_uint_eq(dev[1].base, 0xfeb00c00ULL);
	ck_assert_uint_eq(dev[1].irq, 11);

	strcpy(line, "virtio_mmio.device=4K@0xd0000000:5 console=ttyS0  -- x");
	ck_assert_int_eq(take(line, 4), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(line, "console=ttyS0  -- x");

	strcpy(line, "virtio_mmio.device=4K@0xd0000000:5");
	ck_assert_int_eq(take(line, 4), 0);
	ck_assert_str_eq(line, "");

	strcpy(line, "");
	ck_assert_int_eq(take(line, 4), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(quotes_and_lookalikes_stay)
{
	char line[256] = "-- \"virtio_mmio.device=512@0x1000:5\" "
			 "x=virtio_mmio.device=512@0x1000:5 'a virtio_mmio.device=1@2:3' "
			 "\\ virtio_mmio.device=512@0x1000:5";

	ck_assert_int_eq(take(line, 4), 0);
	ck_assert_uint_eq(n, 0);
	/* The escaped blank makes the last one part of a longer token. */
	ck_assert_str_eq(line, "-- \"virtio_mmio.device=512@0x1000:5\" "
			 "x=virtio_mmio.device=512@0x1000:5 'a virtio_mmio.device=1@2:3' "
			 "\\ virtio_mmio.device=512@0x1000:5");
}
END_TEST

START_TEST(bad_tokens_removed_and_reported)
{
	char line[256] = "a virtio_mmio.device=junk b virtio_mmio.device=512@0x1000:5 "
			 "virtio_mmio.device=0@1:2";

	ck_assert_int_eq(take(line, 4), -EINVAL);
	ck_assert_str_eq(why, "expected <size>@<base>:<irq>[:<id>]");
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(dev[0].base, 0x1000);
	ck_assert_str_eq(line, "a b");
}
END_TEST

START_TEST(more_than_max)
{
	char line[256] = "virtio_mmio.device=512@0x1000:5 virtio_mmio.device=512@0x2000:6 "
			 "virtio_mmio.device=512@0x3000:7 -- x";

	ck_assert_int_eq(take(line, 2), -ENOSPC);
	ck_assert_str_eq(why, "too many virtio_mmio.device tokens");
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(dev[1].base, 0x2000);
	ck_assert_str_eq(line, "-- x");
}
END_TEST

static Suite *virtio_cmdline_suite(void)
{
	Suite *s = suite_create("virtio_cmdline");
	TCase *t = tcase_create("virtio_cmdline");

	tcase_add_test(t, qemu_microvm_form);
	tcase_add_test(t, suffixes_and_id);
	tcase_add_test(t, malformed_tokens);
	tcase_add_test(t, taken_out_of_the_line);
	tcase_add_test(t, quotes_and_lookalikes_stay);
	tcase_add_test(t, bad_tokens_removed_and_reported);
	tcase_add_test(t, more_than_max);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return unit_run(srunner_create(virtio_cmdline_suite()), false);
}
