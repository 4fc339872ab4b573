/*
 * tests/unit/test_socket_registry.c - host tests of lib/posix-socket's
 * driver registry (registry.c): families found by number (AF_UNIX, a
 * private number beyond 255, anything negative or unknown), a driver
 * whose init fails disabled with its families and the console line
 * saying why, the first of two drivers naming a family keeping it, the
 * kernel allocator filled in before init, and init run once per driver.
 *
 * The log and the kernel allocator are fakes; uk_calloc/uk_free are the
 * counting ones of fake_alloc.h, so a second registry_init (which drops
 * the first index) is seen to free what the first allocated.
 */
#define _GNU_SOURCE
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <uk/print.h>
#include <uk/socket.h>
#include "fake_alloc.h"

/* The log: every line kept, joined, for the tests to search. */
static char logbuf[4096];
int uk_loglevel = UK_LOG_WARN;

void uk_vlog(int level, const char *fmt, va_list ap)
{
	size_t n = strlen(logbuf);

	(void)level;
	if (n + 2 >= sizeof(logbuf))
		return;
	vsnprintf(logbuf + n, sizeof(logbuf) - n - 1, fmt, ap);
	strcat(logbuf, "\n");
}

void uk_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vlog(level, fmt, ap);
	va_end(ap);
}

/* The kernel allocator: never called, only its address matters. */
struct uk_alloc uk_alloc_kernel;

/* Drivers: init counts its calls and returns what the test sets. */
struct tdrv {
	struct uk_socket_driver d;
	int init_rc;
	int inits;
	struct uk_alloc *alloc_at_init;
};

static int t_init(struct uk_socket_driver *d)
{
	struct tdrv *t = (struct tdrv *)d;

	t->inits++;
	t->alloc_at_init = d->alloc;
	return t->init_rc;
}

static const struct uk_socket_ops t_ops = { .init = t_init };
static const struct uk_socket_ops no_init_ops = { .create = NULL };

static const int fam_unix[] = { AF_UNIX };
static const int fam_inet[] = { AF_INET, AF_INET6 };
static const int fam_private[] = { 201, 4242, 70000 };
static const int fam_fail[] = { 202, 203 };
static const int fam_dup[] = { AF_INET6, 204 };

static struct tdrv unix_drv, inet_drv, priv_drv, fail_drv, dup_drv, noinit_drv;
static struct uk_alloc own_alloc;

static void setup(void)
{
	logbuf[0] = '\0';
	unix_drv = (struct tdrv){ { "unix", fam_unix, 1, &t_ops, NULL, NULL }, 0, 0, NULL };
	inet_drv = (struct tdrv){ { "inet", fam_inet, 2, &t_ops, &own_alloc, NULL }, 0, 0, NULL };
	priv_drv = (struct tdrv){ { "private", fam_private, 3, &t_ops, NULL, NULL }, 0, 0, NULL };
	fail_drv = (struct tdrv){ { "faildrv", fam_fail, 2, &t_ops, NULL, NULL }, -ENODEV, 0, NULL };
	dup_drv = (struct tdrv){ { "dup", fam_dup, 2, &t_ops, NULL, NULL }, 0, 0, NULL };
	noinit_drv = (struct tdrv){ { "noinit", NULL, 0, &no_init_ops, NULL, NULL }, 0, 0, NULL };
}

static void teardown(void)
{
	/* An empty registry frees the index. */
	uk_socket_registry_init(NULL, NULL);
	ck_assert_int_eq(fake_alloc_live, 0);
}

static struct uk_socket_driver *const all[] = {
	&unix_drv.d, &inet_drv.d, &priv_drv.d, &fail_drv.d, &dup_drv.d, &noinit_drv.d,
};
#define NALL (sizeof(all) / sizeof(all[0]))

START_TEST(test_lookup)
{
	ck_assert_int_eq(uk_socket_registry_init(all, all + NALL), 1);
	ck_assert_ptr_eq(uk_socket_driver_find(AF_UNIX), &unix_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(AF_INET), &inet_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(AF_INET6), &inet_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(201), &priv_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(4242), &priv_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(70000), &priv_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(204), &dup_drv.d);
	/* Families nobody serves. */
	ck_assert_ptr_null(uk_socket_driver_find(AF_PACKET));
	ck_assert_ptr_null(uk_socket_driver_find(9999));
	ck_assert_ptr_null(uk_socket_driver_find(0));
}
END_TEST

START_TEST(test_negative_family)
{
	static const int fam_neg[] = { -1, 205 };
	struct tdrv neg = { { "neg", fam_neg, 2, &t_ops, NULL, NULL }, 0, 0, NULL };
	struct uk_socket_driver *const drv[] = { &neg.d };

	ck_assert_int_eq(uk_socket_registry_init(drv, drv + 1), 0);
	ck_assert_ptr_null(uk_socket_driver_find(-1));
	ck_assert_ptr_null(uk_socket_driver_find(-2));
	ck_assert_ptr_null(uk_socket_driver_find(-2147483647 - 1));
	ck_assert_ptr_eq(uk_socket_driver_find(205), &neg.d);
	ck_assert_ptr_nonnull(strstr(logbuf, "socket: driver neg: family -1 ignored"));
}
END_TEST

START_TEST(test_failing_init)
{
	ck_assert_int_eq(uk_socket_registry_init(all, all + NALL), 1);
	ck_assert_int_eq(fail_drv.inits, 1);
	ck_assert_ptr_null(uk_socket_driver_find(202));
	ck_assert_ptr_null(uk_socket_driver_find(203));
	ck_assert_ptr_nonnull(strstr(logbuf,
		"socket: driver faildrv disabled: init failed: ENODEV\n"));
	/* Only that driver: the others (before and after it) are served. */
	ck_assert_ptr_eq(uk_socket_driver_find(AF_UNIX), &unix_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(204), &dup_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(4242), &priv_drv.d);
	/* One line: no other driver is named disabled. */
	ck_assert_ptr_null(strstr(strstr(logbuf, "disabled") + 1, "disabled"));
}
END_TEST

START_TEST(test_failing_init_number)
{
	struct uk_socket_driver *const drv[] = { &fail_drv.d };

	fail_drv.init_rc = -1234;
	ck_assert_int_eq(uk_socket_registry_init(drv, drv + 1), 1);
	ck_assert_ptr_nonnull(strstr(logbuf,
		"socket: driver faildrv disabled: init failed: error 1234\n"));
}
END_TEST

START_TEST(test_first_wins)
{
	ck_assert_int_eq(uk_socket_registry_init(all, all + NALL), 1);
	/* dup comes after inet: AF_INET6 stays inet's, 204 is dup's. */
	ck_assert_ptr_eq(uk_socket_driver_find(AF_INET6), &inet_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(204), &dup_drv.d);
	ck_assert_int_eq(dup_drv.inits, 1);
}
END_TEST

START_TEST(test_first_wins_reversed)
{
	struct uk_socket_driver *const drv[] = { &dup_drv.d, &inet_drv.d };

	ck_assert_int_eq(uk_socket_registry_init(drv, drv + 2), 0);
	ck_assert_ptr_eq(uk_socket_driver_find(AF_INET6), &dup_drv.d);
	ck_assert_ptr_eq(uk_socket_driver_find(AF_INET), &inet_drv.d);
}
END_TEST

START_TEST(test_failed_first_leaves_family)
{
	/* A disabled driver does not hold its families against later ones. */
	static const int fam_202[] = { 202 };
	struct tdrv later = { { "later", fam_202, 1, &t_ops, NULL, NULL }, 0, 0, NULL };
	struct uk_socket_driver *const drv[] = { &fail_drv.d, &later.d };

	ck_assert_int_eq(uk_socket_registry_init(drv, drv + 2), 1);
	ck_assert_ptr_eq(uk_socket_driver_find(202), &later.d);
	ck_assert_ptr_null(uk_socket_driver_find(203));
}
END_TEST

START_TEST(test_alloc_default)
{
	ck_assert_int_eq(uk_socket_registry_init(all, all + NALL), 1);
	/* Set before init runs, kept when the driver names its own. */
	ck_assert_ptr_eq(unix_drv.alloc_at_init, &uk_alloc_kernel);
	ck_assert_ptr_eq(unix_drv.d.alloc, &uk_alloc_kernel);
	ck_assert_ptr_eq(priv_drv.d.alloc, &uk_alloc_kernel);
	ck_assert_ptr_eq(inet_drv.alloc_at_init, &own_alloc);
	ck_assert_ptr_eq(inet_drv.d.alloc, &own_alloc);
	/* A failing driver too (it was given the allocator before failing). */
	ck_assert_ptr_eq(fail_drv.alloc_at_init, &uk_alloc_kernel);
	/* A driver without init gets it as well. */
	ck_assert_ptr_eq(noinit_drv.d.alloc, &uk_alloc_kernel);
}
END_TEST

START_TEST(test_reinit)
{
	/* A second registry replaces the first (tests use their own arrays). */
	struct uk_socket_driver *const drv[] = { &unix_drv.d };

	ck_assert_int_eq(uk_socket_registry_init(all, all + NALL), 1);
	ck_assert_int_eq(uk_socket_registry_init(drv, drv + 1), 0);
	ck_assert_ptr_eq(uk_socket_driver_find(AF_UNIX), &unix_drv.d);
	ck_assert_ptr_null(uk_socket_driver_find(AF_INET));
	ck_assert_int_eq(fake_alloc_live, 1);
}
END_TEST

START_TEST(test_empty)
{
	ck_assert_int_eq(uk_socket_registry_init(NULL, NULL), 0);
	ck_assert_ptr_null(uk_socket_driver_find(AF_UNIX));
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("socket registry");
	TCase *tc = tcase_create("registry");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_negative_family);
	tcase_add_test(tc, test_failing_init);
	tcase_add_test(tc, test_failing_init_number);
	tcase_add_test(tc, test_first_wins);
	tcase_add_test(tc, test_first_wins_reversed);
	tcase_add_test(tc, test_failed_first_leaves_family);
	tcase_add_test(tc, test_alloc_default);
	tcase_add_test(tc, test_reinit);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);
	return unit_run(srunner_create(s), true);
}
