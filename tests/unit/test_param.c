/*
 * tests/unit/test_param.c - host tests of lib/ukboot/param.c: the value
 * parsers behind UK_PARAM_* and the uk.loglevel option, and of the number
 * parser under them (uk_parse_u64 in lib/ukbase/string.c).
 *
 * param.c is included rather than linked so that the test can reach its
 * static uk.loglevel declaration (uk_param_loglevel).
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/cmdline.h>
#include <uk/print.h>
#include <ukbase/string.h>

int uk_loglevel = UK_LOG_WARN;

#include "../../lib/ukboot/param.c"

static void parse_ok(const char *s, unsigned int base, uint64_t want)
{
	uint64_t v = 777;
	int rc = uk_parse_u64(s, strlen(s), base, &v);

	ck_assert_msg(rc == 0, "[%s] base %u: %d", s, base, rc);
	ck_assert_msg(v == want, "[%s] base %u: %llu", s, base,
		      (unsigned long long)v);
}

static void parse_err(const char *s, unsigned int base, int err)
{
	uint64_t v = 777;
	int rc = uk_parse_u64(s, strlen(s), base, &v);

	ck_assert_msg(rc == err, "[%s] base %u: %d, want %d", s, base, rc,
		      err);
	ck_assert_uint_eq(v, 777);
}

START_TEST(parse_u64)
{
	uint64_t v;

	parse_ok("0", 10, 0);
	parse_ok("123", 10, 123);
	parse_ok("007", 10, 7);
	parse_ok("ff", 16, 255);
	parse_ok("FF", 16, 255);
	parse_ok("fF", 16, 255);
	parse_ok("1011", 2, 11);
	parse_ok("777", 8, 511);
	parse_ok("zz", 36, 1295);
	parse_ok("ZZ", 36, 1295);
	/* Base 0: prefixes. */
	parse_ok("0", 0, 0);
	parse_ok("00", 0, 0);
	parse_ok("12", 0, 12);
	parse_ok("0x1f", 0, 31);
	parse_ok("0X1F", 0, 31);
	parse_ok("017", 0, 15);
	parse_ok("0x0", 0, 0);
	/* Limits. */
	parse_ok("18446744073709551615", 10, UINT64_MAX);
	parse_ok("18446744073709551615", 0, UINT64_MAX);
	parse_ok("0xffffffffffffffff", 0, UINT64_MAX);
	parse_ok("ffffffffffffffff", 16, UINT64_MAX);
	parse_ok("01777777777777777777777", 0, UINT64_MAX);
	parse_ok("1111111111111111111111111111111111111111111111111111111111111111",
		 2, UINT64_MAX);
	parse_ok("3w5e11264sgsf", 36, UINT64_MAX);
	parse_err("18446744073709551616", 10, -ERANGE);
	parse_err("18446744073709551620", 10, -ERANGE);
	parse_err("99999999999999999999", 10, -ERANGE);
	parse_err("0x10000000000000000", 0, -ERANGE);
	parse_err("10000000000000000", 16, -ERANGE);
	parse_err("02000000000000000000000", 0, -ERANGE);
	parse_err("11111111111111111111111111111111111111111111111111111111111111111",
		  2, -ERANGE);
	parse_err("3w5e11264sgsg", 36, -ERANGE);
	/* Malformed. */
	parse_err("", 10, -EINVAL);
	parse_err("", 0, -EINVAL);
	parse_err("0x", 0, -EINVAL);
	parse_err("0X", 0, -EINVAL);
	parse_err("12abc", 10, -EINVAL);
	parse_err("12abc", 0, -EINVAL);
	parse_err("08", 0, -EINVAL);
	parse_err("0x1g", 0, -EINVAL);
	parse_err("0x10", 10, -EINVAL);
	parse_err("2", 2, -EINVAL);
	parse_err("g", 16, -EINVAL);
	parse_err("-1", 10, -EINVAL);
	parse_err("+1", 10, -EINVAL);
	parse_err(" 1", 10, -EINVAL);
	parse_err("1 ", 10, -EINVAL);
	parse_err("1", 1, -EINVAL);
	parse_err("1", 37, -EINVAL);
	/* Only [s, s+len) counts: no terminator needed. */
	ck_assert_int_eq(uk_parse_u64("123abc", 3, 10, &v), 0);
	ck_assert_uint_eq(v, 123);
	ck_assert_int_eq(uk_parse_u64("0x1fzz", 4, 0, &v), 0);
	ck_assert_uint_eq(v, 31);
	ck_assert_int_eq(uk_parse_u64("5", 0, 10, &v), -EINVAL);
}
END_TEST

static uint64_t v_u64;
static const struct uk_param p_u64 = { "t.u64", uk_param_set_u64, &v_u64,
				       "an unsigned integer", NULL };

static void u64_ok(const char *s, uint64_t want)
{
	v_u64 = 12345;
	ck_assert_msg(uk_param_set_u64(&p_u64, s) == 0, "[%s] rejected", s);
	ck_assert_msg(v_u64 == want, "[%s] gave %llu", s,
		      (unsigned long long)v_u64);
}

static void u64_bad(const char *s)
{
	v_u64 = 12345;
	ck_assert_msg(uk_param_set_u64(&p_u64, s) == -EINVAL, "[%s] accepted",
		      s);
	ck_assert_uint_eq(v_u64, 12345);
}

START_TEST(set_u64)
{
	u64_ok("0", 0);
	u64_ok("42", 42);
	u64_ok("0x1F", 31);
	u64_ok("0X1f", 31);
	u64_ok("010", 8);
	u64_ok("00", 0);
	u64_ok("18446744073709551615", UINT64_MAX);
	u64_ok("0xffffffffffffffff", UINT64_MAX);
	u64_ok("01777777777777777777777", UINT64_MAX);

	u64_bad("");
	u64_bad("0x");
	u64_bad("12abc");
	u64_bad("abc");
	u64_bad("18446744073709551616");
	u64_bad("99999999999999999999");
	u64_bad("0x10000000000000000");
	u64_bad("02000000000000000000000");
	u64_bad("-1");
	u64_bad("+1");
	u64_bad(" 1");
	u64_bad("1 ");
	u64_bad("08");
	u64_bad("0x1g");
	u64_bad("1k");
}
END_TEST

static bool v_bool;
static const struct uk_param p_bool = { "t.bool", uk_param_set_bool, &v_bool,
					"a boolean", NULL };

static void bool_ok(const char *s, bool want)
{
	v_bool = !want;
	ck_assert_msg(uk_param_set_bool(&p_bool, s) == 0, "[%s] rejected", s);
	ck_assert_msg(v_bool == want, "[%s] gave %d", s, v_bool);
}

static void bool_bad(const char *s)
{
	for (int init = 0; init < 2; init++) {
		v_bool = init;
		ck_assert_msg(uk_param_set_bool(&p_bool, s) == -EINVAL,
			      "[%s] accepted", s);
		ck_assert_int_eq(v_bool, init);
	}
}

START_TEST(set_bool)
{
	bool_ok("1", true);
	bool_ok("true", true);
	bool_ok("yes", true);
	bool_ok("on", true);
	bool_ok("0", false);
	bool_ok("false", false);
	bool_ok("no", false);
	bool_ok("off", false);

	bool_bad("");
	bool_bad("2");
	bool_bad("01");
	bool_bad("TRUE");
	bool_bad("True");
	bool_bad("Off");
	bool_bad("y");
	bool_bad("n");
	bool_bad("of");
	bool_bad("onn");
	bool_bad("yes ");
	bool_bad("enable");
}
END_TEST

START_TEST(set_str)
{
	static const char hello[] = "hello";
	const char *v = NULL;
	struct uk_param p = { "t.str", uk_param_set_str, &v, "a string", NULL };

	ck_assert_int_eq(uk_param_set_str(&p, hello), 0);
	/* Stored, not copied. */
	ck_assert_ptr_eq(v, hello);
	ck_assert_int_eq(uk_param_set_str(&p, ""), 0);
	ck_assert_str_eq(v, "");
}
END_TEST

START_TEST(set_enum)
{
	static const char *const colours[] = { "red", "green", "blue", NULL };
	int v = -1;
	struct uk_param p = { "t.colour", uk_param_set_enum, &v,
			      "red, green or blue", colours };
	struct uk_param nochoice = { "t.none", uk_param_set_enum, &v, "", NULL };

	ck_assert_int_eq(uk_param_set_enum(&p, "red"), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(uk_param_set_enum(&p, "blue"), 0);
	ck_assert_int_eq(v, 2);
	ck_assert_int_eq(uk_param_set_enum(&p, "green"), 0);
	ck_assert_int_eq(v, 1);

	ck_assert_int_eq(uk_param_set_enum(&p, ""), -EINVAL);
	ck_assert_int_eq(uk_param_set_enum(&p, "Red"), -EINVAL);
	ck_assert_int_eq(uk_param_set_enum(&p, "re"), -EINVAL);
	ck_assert_int_eq(uk_param_set_enum(&p, "redd"), -EINVAL);
	ck_assert_int_eq(uk_param_set_enum(&p, "1"), -EINVAL);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(uk_param_set_enum(&nochoice, "red"), -EINVAL);
	ck_assert_int_eq(v, 1);
}
END_TEST

START_TEST(loglevel_declaration)
{
	const struct uk_param *p = &uk_param_loglevel;

	ck_assert_str_eq(p->name, "uk.loglevel");
	ck_assert(p->set == uk_param_set_enum);
	ck_assert_ptr_eq(p->dest, &uk_loglevel);
	ck_assert_ptr_nonnull(p->expect);
	ck_assert_ptr_nonnull(p->choices);
}
END_TEST

START_TEST(loglevel_values)
{
	static const struct {
		const char *name;
		int level;
	} levels[] = {
		{ "crit", UK_LOG_CRIT }, { "err", UK_LOG_ERR },
		{ "warn", UK_LOG_WARN }, { "info", UK_LOG_INFO },
		{ "debug", UK_LOG_DEBUG },
	};
	const struct uk_param *p = &uk_param_loglevel;

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		uk_loglevel = -1;
		ck_assert_int_eq(p->set(p, levels[i].name), 0);
		ck_assert_int_eq(uk_loglevel, levels[i].level);
	}
	ck_assert_int_eq(p->set(p, "verbose"), -EINVAL);
	ck_assert_int_eq(p->set(p, "3"), -EINVAL);
	ck_assert_int_eq(p->set(p, "INFO"), -EINVAL);
	ck_assert_int_eq(uk_loglevel, UK_LOG_DEBUG);
}
END_TEST

/* The example of DESIGN.md section 4, end to end. */
START_TEST(loglevel_cmdline)
{
	char line[] = "uk.loglevel=info -- --port 80";
	char *tok[8];
	struct uk_cmdline_result res;
	int n = uk_cmdline_split(line, tok, 8);

	uk_loglevel = UK_LOG_WARN;
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(uk_cmdline_apply(tok, n, &uk_param_loglevel,
					  &uk_param_loglevel + 1, NULL, &res),
			 0);
	ck_assert_int_eq(uk_loglevel, UK_LOG_INFO);
	ck_assert_int_eq(res.app_first, 2);
	ck_assert_str_eq(tok[2], "--port");

	char bad[] = "uk.loglevel=loud --";

	n = uk_cmdline_split(bad, tok, 8);
	ck_assert_int_eq(uk_cmdline_apply(tok, n, &uk_param_loglevel,
					  &uk_param_loglevel + 1, NULL, &res),
			 -EINVAL);
	ck_assert_ptr_eq(res.bad, tok[0]);
	ck_assert_ptr_eq(res.bad_param, &uk_param_loglevel);
	ck_assert_int_eq(uk_loglevel, UK_LOG_INFO);
}
END_TEST

static Suite *param_suite(void)
{
	Suite *s = suite_create("param");
	TCase *tc = tcase_create("parse_u64");

	tcase_add_test(tc, parse_u64);
	suite_add_tcase(s, tc);

	tc = tcase_create("setters");
	tcase_add_test(tc, set_u64);
	tcase_add_test(tc, set_bool);
	tcase_add_test(tc, set_str);
	tcase_add_test(tc, set_enum);
	suite_add_tcase(s, tc);

	tc = tcase_create("loglevel");
	tcase_add_test(tc, loglevel_declaration);
	tcase_add_test(tc, loglevel_values);
	tcase_add_test(tc, loglevel_cmdline);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(param_suite());

	return unit_run(sr, false);
}
