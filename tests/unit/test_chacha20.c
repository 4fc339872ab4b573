/*
 * tests/unit/test_chacha20.c - host tests of getrandom's machinery in
 * lib/posix-process: the ChaCha20 block function (chacha20.c) against the
 * test vectors of RFC 8439, and random.c with a fake platform: the hardware
 * path, the fall-back to the seeded generator, its output and the
 * getrandom system call's argument checks.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <uk/syscall.h>
#include "posixprocess.h"

/* The fake platform. */
static int hw_present;
static int hw_calls;
static uint64_t fake_cycles = 1000;

long ukplat_entropy_hw(void *buf, size_t len)
{
	hw_calls++;
	if (!hw_present)
		return -ENODEV;
	memset(buf, 0xa5, len);
	return (long)len;
}

uint64_t ukplat_cycles(void)
{
	return fake_cycles += 977;
}

uint64_t ukplat_boot_entry_cycles(void)
{
	return 12345;
}

uint64_t ukplat_monotonic_ns(void)
{
	return fake_cycles / 3;
}

int64_t ukplat_rtc_read_sec(void)
{
	return 1700000000;
}

void uk_log(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

extern const struct uk_syscall_entry uk_sysreg_getrandom;

static long sys_getrandom(void *buf, size_t len, unsigned int flags)
{
	return uk_sysreg_getrandom.fn((long)buf, (long)len, (long)flags, 0, 0,
				      0);
}

static void check_block(const uint32_t key[8], uint32_t counter,
			const uint32_t nonce[3], const char *hex)
{
	uint8_t out[64];
	char got[129];

	uk_proc_chacha20_block(key, counter, nonce, out);
	for (int i = 0; i < 64; i++)
		snprintf(got + 2 * i, 3, "%02x", out[i]);
	ck_assert_str_eq(got, hex);
}

/* RFC 8439 section 2.3.2: key 00..1f, nonce 00000009 0000004a 00000000. */
START_TEST(rfc8439_block)
{
	uint32_t key[8];
	const uint32_t nonce[3] = {0x09000000, 0x4a000000, 0x00000000};

	for (int i = 0; i < 8; i++)
		key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 |
			 (uint32_t)(4 * i + 2) << 16 |
			 (uint32_t)(4 * i + 3) << 24;
	check_block(
	    key, 1, nonce,
	    "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
	    "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
}
END_TEST

/* RFC 8439 appendix A.1, test vectors #1 and #2: zero key and nonce. */
START_TEST(rfc8439_zero_key)
{
	const uint32_t key[8] = {0}, nonce[3] = {0};

	check_block(
	    key, 0, nonce,
	    "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
	    "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
	check_block(
	    key, 1, nonce,
	    "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
	    "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
}
END_TEST

START_TEST(getrandom_flags)
{
	uint8_t buf[16];

	ck_assert_int_eq(sys_getrandom(buf, sizeof(buf), 8), -EINVAL);
	ck_assert_int_eq(sys_getrandom(buf, sizeof(buf), 0x100), -EINVAL);
	ck_assert_int_eq(
	    sys_getrandom(buf, sizeof(buf), GRND_RANDOM | GRND_INSECURE),
	    -EINVAL);
	ck_assert_int_eq(sys_getrandom(buf, sizeof(buf), GRND_NONBLOCK), 16);
	ck_assert_int_eq(sys_getrandom(buf, sizeof(buf), GRND_RANDOM), 16);
	ck_assert_int_eq(
	    sys_getrandom(buf, sizeof(buf), GRND_INSECURE | GRND_NONBLOCK), 16);
	ck_assert_int_eq(sys_getrandom(buf, 0, 0), 0);
	ck_assert_int_eq(sys_getrandom(NULL, 4, 0), -EFAULT);
}
END_TEST

START_TEST(hardware_path)
{
	uint8_t buf[100];

	hw_present = 1;
	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(sys_getrandom(buf, sizeof(buf), 0), 100);
	for (size_t i = 0; i < sizeof(buf); i++)
		ck_assert_msg(buf[i] == 0xa5, "byte %zu", i);
	ck_assert_int_eq(hw_calls, 1);
}
END_TEST

/* Every length fills exactly its bytes; the hardware is not asked again. */
START_TEST(software_lengths)
{
	static const size_t lens[] = {1,  31, 32,   33,	   63,	  64,	 65,
				      96, 97, 1000, 65536, 65537, 200000};
	static uint8_t buf[200000 + 64];

	/*
	 * The generator is seeded from the stack's address too, so its bytes
	 * differ from run to run: the bounds must hold for any output with
	 * overwhelming probability. A byte is zero with chance 1/256; a run of
	 * five zeros anywhere in 200 000 bytes has chance ~2e-7, and the count
	 * bound is >11 standard deviations out. Anything left unfilled for
	 * five bytes or more breaks one or the other. (Counted first: a check
	 * assertion per byte would be slow.)
	 */
	for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		size_t len = lens[k], zeros = 0, run = 0, longest = 0;
		size_t beyond = 0;

		memset(buf, 0, sizeof(buf));
		ck_assert_int_eq(sys_getrandom(buf, len, 0), (long)len);
		for (size_t i = 0; i < len; i++) {
			run = buf[i] == 0 ? run + 1 : 0;
			zeros += buf[i] == 0;
			if (run > longest)
				longest = run;
		}
		for (size_t i = len; i < sizeof(buf); i++)
			beyond += buf[i] != 0;
		ck_assert_msg(zeros <= len / 128 + 12,
			      "len %zu: %zu zero bytes", len, zeros);
		ck_assert_msg(longest < 5, "len %zu: a run of %zu zero bytes",
			      len, longest);
		ck_assert_msg(beyond == 0, "len %zu: %zu bytes written beyond",
			      len, beyond);
	}
	ck_assert_int_eq(hw_calls, 1);
}
END_TEST

/* Successive requests differ, and the bytes look uniform. */
START_TEST(software_output)
{
	static uint8_t a[4096], b[4096];
	unsigned long hist[256] = {0};

	uk_random_fill(a, sizeof(a));
	uk_random_fill(b, sizeof(b));
	/* Even the first bytes differ: each request runs on a fresh key. */
	ck_assert(memcmp(a, b, 32) != 0);
	for (int round = 0; round < 64; round++) {
		uk_random_fill(a, sizeof(a));
		for (size_t i = 0; i < sizeof(a); i++)
			hist[a[i]]++;
	}
	/* 1024 expected per value; 6 sigma is about 190. */
	for (int v = 0; v < 256; v++)
		ck_assert_msg(hist[v] > 800 && hist[v] < 1250,
			      "value %d seen %lu times", v, hist[v]);
}
END_TEST

static Suite *random_suite(void)
{
	Suite *s = suite_create("random");
	TCase *tc = tcase_create("chacha20");

	tcase_add_test(tc, rfc8439_block);
	tcase_add_test(tc, rfc8439_zero_key);
	suite_add_tcase(s, tc);

	tc = tcase_create("getrandom");
	tcase_add_test(tc, getrandom_flags);
	tcase_add_test(tc, hardware_path);
	tcase_add_test(tc, software_lengths);
	tcase_add_test(tc, software_output);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(random_suite());

	/* Each test in its own process: random.c's state starts fresh. */
	return unit_run(sr, true);
}
