/*
 * tests/unit/test_cmdline.c - host tests of lib/ukboot/cmdline.c: splitting
 * the kernel command line (blanks, quotes, escapes, limits) and applying the
 * options before "--" to a table of parameters.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/cmdline.h>
#include <uk/param.h>

int uk_loglevel; /* written by lib/ukboot/param.c's uk.loglevel */

#define MAXTOK 16

/* Split 'line' and check the tokens against the NULL-terminated 'want'. */
static void check_split(const char *line, const char *const *want)
{
	char buf[256];
	char *tok[MAXTOK];
	int n, nwant = 0;

	ck_assert_uint_lt(strlen(line), sizeof(buf));
	strcpy(buf, line);
	while (want[nwant])
		nwant++;
	n = uk_cmdline_split(buf, tok, MAXTOK);
	ck_assert_msg(n == nwant, "[%s]: %d tokens, want %d", line, n, nwant);
	for (int i = 0; i < n; i++) {
		ck_assert_msg(strcmp(tok[i], want[i]) == 0,
			      "[%s]: token %d is [%s], want [%s]", line, i,
			      tok[i], want[i]);
		/* In place: every token lives in the caller's buffer. */
		ck_assert(tok[i] >= buf && tok[i] < buf + sizeof(buf));
	}
}

#define SPLIT(line, ...) \
	check_split((line), (const char *const[]){ __VA_ARGS__, NULL })

static int split_rc(const char *line, int max)
{
	char buf[256];
	char *tok[MAXTOK];

	ck_assert_int_le(max, MAXTOK);
	strcpy(buf, line);
	return uk_cmdline_split(buf, tok, max);
}

START_TEST(split_blanks)
{
	SPLIT("", NULL);
	SPLIT("   ", NULL);
	SPLIT(" \t\n \t", NULL);
	SPLIT("a", "a");
	SPLIT("a b c", "a", "b", "c");
	SPLIT("  a   b\t\tc\n", "a", "b", "c");
	SPLIT("\ta\nb \t\n c  ", "a", "b", "c");
	SPLIT("uk.loglevel=info -- --port 80",
	      "uk.loglevel=info", "--", "--port", "80");
}
END_TEST

START_TEST(split_quotes)
{
	SPLIT("'a b'", "a b");
	SPLIT("\"a b\"", "a b");
	SPLIT("a\"b c\"d", "ab cd");
	SPLIT("a'b c'd e", "ab cd", "e");
	SPLIT("'a\tb\nc'", "a\tb\nc");
	SPLIT("x='a b' y", "x=a b", "y");
	SPLIT("\"it's\"", "it's");
	SPLIT("'say \"hi\"'", "say \"hi\"");
	SPLIT("'it'\"'\"'s'", "it's");
	SPLIT("'a''b'\"c\"", "abc");
	/* Quotes make empty tokens. */
	SPLIT("''", "");
	SPLIT("\"\"", "");
	SPLIT("a \"\" b ''", "a", "", "b", "");
}
END_TEST

START_TEST(split_escapes)
{
	SPLIT("a\\ b", "a b");
	SPLIT("\\\"x\\\"", "\"x\"");
	SPLIT("\\'x", "'x");
	SPLIT("\\\\", "\\");
	SPLIT("a\\\\ b", "a\\", "b");
	SPLIT("\\a\\b", "ab");
	SPLIT("\"a\\\"b\"", "a\"b");
	SPLIT("\"a\\\\b\"", "a\\b");
	SPLIT("\"\\'\"", "'");
	/* No escapes inside single quotes. */
	SPLIT("'a\\b'", "a\\b");
	SPLIT("'a\\'", "a\\");
	SPLIT("\\\t\\\n", "\t\n");
}
END_TEST

START_TEST(split_errors)
{
	ck_assert_int_eq(split_rc("\"abc", MAXTOK), -EINVAL);
	ck_assert_int_eq(split_rc("'abc", MAXTOK), -EINVAL);
	ck_assert_int_eq(split_rc("a b 'c d", MAXTOK), -EINVAL);
	ck_assert_int_eq(split_rc("a \"b\\\"", MAXTOK), -EINVAL);
	ck_assert_int_eq(split_rc("abc\\", MAXTOK), -EINVAL);
	ck_assert_int_eq(split_rc("a b \\", MAXTOK), -EINVAL);
	ck_assert_int_eq(split_rc("\"abc\\", MAXTOK), -EINVAL);
	ck_assert_int_eq(split_rc("'a'\"", MAXTOK), -EINVAL);
}
END_TEST

START_TEST(split_limits)
{
	ck_assert_int_eq(split_rc("a b c", 3), 3);
	ck_assert_int_eq(split_rc("a b c   ", 3), 3);
	ck_assert_int_eq(split_rc("a b c d", 3), -E2BIG);
	ck_assert_int_eq(split_rc("a b c ''", 3), -E2BIG);
	ck_assert_int_eq(split_rc("", 0), 0);
	ck_assert_int_eq(split_rc("  ", 0), 0);
	ck_assert_int_eq(split_rc("a", 0), -E2BIG);
	ck_assert_int_eq(split_rc("a", 1), 1);
}
END_TEST

START_TEST(split_in_place)
{
	char buf[] = "ab 'c d' e";
	char *tok[4];

	ck_assert_int_eq(uk_cmdline_split(buf, tok, 4), 3);
	ck_assert_ptr_eq(tok[0], buf);
	ck_assert_str_eq(tok[0], "ab");
	ck_assert_str_eq(tok[1], "c d");
	ck_assert_str_eq(tok[2], "e");
}
END_TEST

/* A parameter of each kind, and what uk_cmdline_apply reports. */
static uint64_t v_mem;
static bool v_debug;
static const char *v_name;
static int v_mode;
static const char *const modes[] = { "fast", "slow", NULL };
static const struct uk_param params[] = {
	{ "t.mem", uk_param_set_u64, &v_mem, "an unsigned integer", NULL },
	{ "t.debug", uk_param_set_bool, &v_debug, "a boolean", NULL },
	{ "t.name", uk_param_set_str, &v_name, "a string", NULL },
	{ "t.mode", uk_param_set_enum, &v_mode, "fast or slow", modes },
};
#define P_MEM   (&params[0])
#define P_DEBUG (&params[1])
#define P_NAME  (&params[2])
#define P_MODE  (&params[3])

static char line[256];
static char *tok[MAXTOK];
static int ntok;
static struct uk_cmdline_result res;
static const char *warned[MAXTOK];
static int nwarned;

static void record_warning(const char *t)
{
	ck_assert_int_lt(nwarned, MAXTOK);
	warned[nwarned++] = t;
}

static void reset(void)
{
	v_mem = 7;
	v_debug = false;
	v_name = NULL;
	v_mode = -1;
	nwarned = 0;
	/* Garbage, to show that apply fills in every field. */
	memset(&res, 0x5a, sizeof(res));
}

/* Split and apply 'cmdline', starting from the defaults. */
static int apply(const char *cmdline)
{
	reset();
	strcpy(line, cmdline);
	ntok = uk_cmdline_split(line, tok, MAXTOK);
	ck_assert_int_ge(ntok, 0);
	return uk_cmdline_apply(tok, ntok, params, params + 4,
				record_warning, &res);
}

static void assert_clean(void)
{
	ck_assert_ptr_null(res.bad);
	ck_assert_ptr_null(res.bad_param);
}

START_TEST(apply_all_kinds)
{
	int rc = apply("t.mem=0x100 t.debug=yes t.name=hi t.mode=slow -- a b");

	ck_assert_int_eq(rc, 0);
	assert_clean();
	ck_assert_int_eq(res.app_first, 5);
	ck_assert_str_eq(tok[res.app_first], "a");
	ck_assert_int_eq(res.unknown, 0);
	ck_assert_uint_eq(v_mem, 256);
	ck_assert(v_debug);
	ck_assert_str_eq(v_name, "hi");
	/* String values point into the command line buffer. */
	ck_assert(v_name > line && v_name < line + sizeof(line));
	ck_assert_int_eq(v_mode, 1);
}
END_TEST

START_TEST(apply_without_separator)
{
	/* Without "--" everything is the application's, even name=value. */
	ck_assert_int_eq(apply("t.mem=5 t.debug foo=1"), 0);
	ck_assert_int_eq(res.app_first, 0);
	ck_assert_int_eq(res.unknown, 0);
	assert_clean();
	ck_assert_uint_eq(v_mem, 7);
	ck_assert(!v_debug);
	ck_assert_int_eq(nwarned, 0);

	ck_assert_int_eq(apply(""), 0);
	ck_assert_int_eq(ntok, 0);
	ck_assert_int_eq(res.app_first, 0);
	assert_clean();
}
END_TEST

START_TEST(apply_separator_positions)
{
	ck_assert_int_eq(apply("-- t.mem=9 x"), 0);
	ck_assert_int_eq(res.app_first, 1);
	ck_assert_uint_eq(v_mem, 7);

	ck_assert_int_eq(apply("t.mem=1 --"), 0);
	ck_assert_int_eq(res.app_first, 2);
	ck_assert_int_eq(res.app_first, ntok);
	ck_assert_uint_eq(v_mem, 1);

	/* Only the first "--" separates; later ones are arguments. */
	ck_assert_int_eq(apply("t.mem=2 -- -- t.mem=3"), 0);
	ck_assert_int_eq(res.app_first, 2);
	ck_assert_str_eq(tok[2], "--");
	ck_assert_uint_eq(v_mem, 2);

	/* "--" glued to something else is not a separator. */
	ck_assert_int_eq(apply("--x t.mem=4"), 0);
	ck_assert_int_eq(res.app_first, 0);
	ck_assert_uint_eq(v_mem, 7);
}
END_TEST

START_TEST(apply_unknown)
{
	ck_assert_int_eq(apply("x.foo=1 t.mem=3 y= t.me=1 t.memx=2 -- a"), 0);
	assert_clean();
	ck_assert_int_eq(res.unknown, 4);
	ck_assert_int_eq(nwarned, 4);
	ck_assert_ptr_eq(warned[0], tok[0]);
	ck_assert_str_eq(warned[0], "x.foo=1");
	ck_assert_str_eq(warned[1], "y=");
	ck_assert_str_eq(warned[2], "t.me=1");
	ck_assert_str_eq(warned[3], "t.memx=2");
	ck_assert_uint_eq(v_mem, 3);
	ck_assert_int_eq(res.app_first, 6);

	/* A NULL warn callback only counts. */
	strcpy(line, "x=1 y=2 --");
	ntok = uk_cmdline_split(line, tok, MAXTOK);
	ck_assert_int_eq(uk_cmdline_apply(tok, ntok, params, params + 4, NULL,
					  &res), 0);
	ck_assert_int_eq(res.unknown, 2);
}
END_TEST

START_TEST(apply_order_and_values)
{
	/* Later options override earlier ones. */
	ck_assert_int_eq(apply("t.mem=1 t.mem=2 --"), 0);
	ck_assert_uint_eq(v_mem, 2);
	/* The value is everything after the first '='. */
	ck_assert_int_eq(apply("t.name=a=b --"), 0);
	ck_assert_str_eq(v_name, "a=b");
	ck_assert_int_eq(apply("t.name= --"), 0);
	ck_assert_str_eq(v_name, "");
	ck_assert_int_eq(apply("t.name=\"hello world\" -- x"), 0);
	ck_assert_str_eq(v_name, "hello world");
	ck_assert_int_eq(apply("'t.mode=fast' --"), 0);
	ck_assert_int_eq(v_mode, 0);
}
END_TEST

START_TEST(apply_bare_bool)
{
	ck_assert_int_eq(apply("t.debug --"), 0);
	assert_clean();
	ck_assert(v_debug);

	ck_assert_int_eq(apply("t.debug=off t.debug --"), 0);
	ck_assert(v_debug);
	ck_assert_int_eq(apply("t.debug t.debug=0 --"), 0);
	ck_assert(!v_debug);
}
END_TEST

static void assert_bad(const char *cmdline, int bad_index,
		       const struct uk_param *bad_param)
{
	ck_assert_int_eq(apply(cmdline), -EINVAL);
	ck_assert_msg(res.bad == tok[bad_index], "[%s]: bad is [%s]", cmdline,
		      res.bad ? res.bad : "(null)");
	ck_assert_ptr_eq(res.bad_param, bad_param);
}

START_TEST(apply_malformed)
{
	/* Bare names: only known booleans. */
	assert_bad("t.mem --", 0, P_MEM);
	assert_bad("t.name -- x", 0, P_NAME);
	assert_bad("foo -- x", 0, NULL);
	assert_bad("t.mem=2 t.debu --", 1, NULL);
	assert_bad("'' --", 0, NULL);
	/* Empty names. */
	assert_bad("=value --", 0, NULL);
	assert_bad("t.mem=1 = --", 1, NULL);
	/* Values the setters reject. */
	assert_bad("t.mode=medium --", 0, P_MODE);
	ck_assert_int_eq(v_mode, -1);
	assert_bad("t.mode= --", 0, P_MODE);
	assert_bad("t.mem= --", 0, P_MEM);
	assert_bad("t.mem=12abc --", 0, P_MEM);
	assert_bad("t.debug=maybe --", 0, P_DEBUG);
	ck_assert(!v_debug);
	ck_assert_int_eq(res.unknown, 0);
}
END_TEST

START_TEST(apply_stops_at_first_error)
{
	assert_bad("t.mem=1 x=1 t.mem=x t.mem=3 bogus -- a", 2, P_MEM);
	ck_assert_uint_eq(v_mem, 1);
	ck_assert_int_eq(res.unknown, 1);
	ck_assert_int_eq(nwarned, 1);
	ck_assert_int_eq(res.app_first, 6);
}
END_TEST

START_TEST(apply_null_result)
{
	strcpy(line, "t.mem=11 --");
	ntok = uk_cmdline_split(line, tok, MAXTOK);
	ck_assert_int_eq(uk_cmdline_apply(tok, ntok, params, params + 4, NULL,
					  NULL), 0);
	ck_assert_uint_eq(v_mem, 11);
	strcpy(line, "t.mem --");
	ntok = uk_cmdline_split(line, tok, MAXTOK);
	ck_assert_int_eq(uk_cmdline_apply(tok, ntok, params, params + 4, NULL,
					  NULL), -EINVAL);
}
END_TEST

START_TEST(apply_empty_param_table)
{
	ck_assert_int_eq(uk_cmdline_apply(tok, 0, params, params, NULL, &res),
			 0);
	ck_assert_int_eq(apply("t.mem=1 --"), 0);
	strcpy(line, "t.mem=1 --");
	ntok = uk_cmdline_split(line, tok, MAXTOK);
	ck_assert_int_eq(uk_cmdline_apply(tok, ntok, params, params,
					  record_warning, &res), 0);
	ck_assert_int_eq(res.unknown, 1);
}
END_TEST

static Suite *cmdline_suite(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("split");

	tcase_add_test(tc, split_blanks);
	tcase_add_test(tc, split_quotes);
	tcase_add_test(tc, split_escapes);
	tcase_add_test(tc, split_errors);
	tcase_add_test(tc, split_limits);
	tcase_add_test(tc, split_in_place);
	suite_add_tcase(s, tc);

	tc = tcase_create("apply");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, apply_all_kinds);
	tcase_add_test(tc, apply_without_separator);
	tcase_add_test(tc, apply_separator_positions);
	tcase_add_test(tc, apply_unknown);
	tcase_add_test(tc, apply_order_and_values);
	tcase_add_test(tc, apply_bare_bool);
	tcase_add_test(tc, apply_malformed);
	tcase_add_test(tc, apply_stops_at_first_error);
	tcase_add_test(tc, apply_null_result);
	tcase_add_test(tc, apply_empty_param_table);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cmdline_suite());

	return unit_run(sr, false);
}
