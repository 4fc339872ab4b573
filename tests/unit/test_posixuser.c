/*
 * tests/unit/test_posixuser.c - host unit tests of lib/posix-user's
 * credential system calls (cred.c, groups.c, caps.c, umask.c), reached
 * through their registrations as the dispatcher calls them: Linux's
 * permission rules for every id-changing call, the saved-id rules of
 * setreuid, the capability fix-ups, the group list's sorting, limits and
 * allocation failure, and capget/capset's versions and checks.
 */
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <uk/syscall.h>
#include "fake_alloc.h"
#include "posixuser.h"

#define NONE 0xffffffffL
#define CAP_V1 0x19980330U
#define CAP_V3 0x20080522U
#define CAP_SETUID 7

#define SC(name) extern const struct uk_syscall_entry uk_sysreg_##name
SC(getuid); SC(geteuid); SC(getresuid); SC(getresgid); SC(setuid); SC(setgid);
SC(setreuid); SC(setregid); SC(setresuid); SC(setresgid); SC(setfsuid);
SC(setfsgid); SC(getgroups); SC(setgroups); SC(capget); SC(capset); SC(umask);

static long call(const struct uk_syscall_entry *e, long a0, long a1, long a2)
{
	return e->fn(a0, a1, a2, 0, 0, 0);
}
#define SYS(name, ...) call(&uk_sysreg_##name, __VA_ARGS__)

struct cap_header {
	uint32_t version;
	int pid;
};
struct cap_data {
	uint32_t effective, permitted, inheritable;
};

static void uids_are(uint32_t r, uint32_t e, uint32_t s, uint32_t fs)
{
	const struct uk_user_ids *u = &uk_user_cred.uid;

	ck_assert_uint_eq(u->real, r);
	ck_assert_uint_eq(u->effective, e);
	ck_assert_uint_eq(u->saved, s);
	ck_assert_uint_eq(u->fs, fs);
}

static void set_uids(uint32_t r, uint32_t e, uint32_t s)
{
	uk_user_cred.uid = (struct uk_user_ids){ r, e, s, e };
}

START_TEST(starts_as_root)
{
	uint32_t r = 1, e = 1, s = 1;

	ck_assert_int_eq(SYS(getuid, 0, 0, 0), 0);
	ck_assert_int_eq(SYS(geteuid, 0, 0, 0), 0);
	ck_assert_int_eq(SYS(getresgid, (long)&r, (long)&e, (long)&s), 0);
	ck_assert(r == 0 && e == 0 && s == 0);
	ck_assert_int_eq(SYS(getresuid, 0, (long)&e, (long)&s), -EFAULT);
	ck_assert_uint_eq(uk_user_cred.cap_effective, UK_USER_CAP_FULL);
	ck_assert_uint_eq(uk_user_cred.cap_permitted, UK_USER_CAP_FULL);
	ck_assert_uint_eq(uk_user_cred.cap_inheritable, 0);
	ck_assert_int_eq(SYS(umask, 0, 0, 0), 022);
}
END_TEST

START_TEST(setuid_rules)
{
	ck_assert_int_eq(SYS(setuid, NONE, 0, 0), -EINVAL);
	/* The upper half of the register is not part of a uid_t. */
	ck_assert_int_eq(SYS(setuid, 0x100000000L, 0, 0), 0);
	uids_are(0, 0, 0, 0);
	/* Unprivileged: only the real or saved uid, and only the effective changes. */
	set_uids(10, 20, 30);
	uk_user_cred.cap_effective = 0;
	ck_assert_int_eq(SYS(setuid, 20, 0, 0), -EPERM);
	ck_assert_int_eq(SYS(setuid, 30, 0, 0), 0);
	uids_are(10, 30, 30, 30);
	ck_assert_int_eq(SYS(setuid, 10, 0, 0), 0);
	uids_are(10, 10, 30, 10);
}
END_TEST

START_TEST(setreuid_rules)
{
	set_uids(10, 20, 30);
	uk_user_cred.cap_effective = 0;
	uk_user_cred.cap_permitted = 0;
	/* The real uid may take the effective one; not the saved one. */
	ck_assert_int_eq(SYS(setreuid, 30, NONE, 0), -EPERM);
	ck_assert_int_eq(SYS(setreuid, 20, NONE, 0), 0);
	uids_are(20, 20, 20, 20); /* a real uid given: saved = effective */
	set_uids(10, 20, 30);
	ck_assert_int_eq(SYS(setreuid, NONE, 30, 0), 0);
	uids_are(10, 30, 30, 30); /* effective != real: saved follows */
	set_uids(10, 20, 30);
	ck_assert_int_eq(SYS(setreuid, NONE, 10, 0), 0);
	uids_are(10, 10, 30, 10); /* effective == old real: saved stays */
	ck_assert_int_eq(SYS(setreuid, NONE, 40, 0), -EPERM);
	ck_assert_int_eq(SYS(setreuid, NONE, NONE, 0), 0);
	uids_are(10, 10, 30, 10);
}
END_TEST

START_TEST(setresuid_rules)
{
	set_uids(10, 20, 30);
	uk_user_cred.cap_effective = 0;
	uk_user_cred.cap_permitted = 0;
	ck_assert_int_eq(SYS(setresuid, 30, 10, 20), 0);
	uids_are(30, 10, 20, 10);
	ck_assert_int_eq(SYS(setresuid, NONE, NONE, 40), -EPERM);
	uids_are(30, 10, 20, 10);
	ck_assert_int_eq(SYS(setresuid, NONE, NONE, NONE), 0);
	uids_are(30, 10, 20, 10);
}
END_TEST

START_TEST(gid_calls_need_cap_setgid)
{
	uint32_t r, e, s;

	ck_assert_int_eq(SYS(setresgid, 1, 2, 3), 0);
	uk_user_cred.cap_effective &= ~(1ULL << 6);
	ck_assert_int_eq(SYS(setgid, 4, 0, 0), -EPERM);
	ck_assert_int_eq(SYS(setgid, 3, 0, 0), 0);
	ck_assert_int_eq(SYS(getresgid, (long)&r, (long)&e, (long)&s), 0);
	ck_assert(r == 1 && e == 3 && s == 3);
	ck_assert_int_eq(SYS(setregid, 2, NONE, 0), -EPERM);
	ck_assert_int_eq(SYS(setregid, 3, NONE, 0), 0);
	ck_assert_int_eq(SYS(setgroups, 0, 0, 0), -EPERM);
	ck_assert_int_eq(SYS(setfsgid, 9, 0, 0), 3);
	ck_assert_int_eq(SYS(setfsgid, NONE, 0, 0), 3); /* 9 was refused */
	/* The uid side is untouched. */
	ck_assert_int_eq(SYS(setuid, 5, 0, 0), 0);
}
END_TEST

START_TEST(capability_fixups)
{
	ck_assert_int_eq(SYS(setresuid, 1, 1, 0), 0);
	ck_assert_uint_eq(uk_user_cred.cap_effective, 0);
	ck_assert_uint_eq(uk_user_cred.cap_permitted, UK_USER_CAP_FULL);
	ck_assert_int_eq(SYS(setresuid, NONE, 0, NONE), 0);
	ck_assert_uint_eq(uk_user_cred.cap_effective, UK_USER_CAP_FULL);
	/* fsuid away from 0: CHOWN..FSETID, LINUX_IMMUTABLE, MKNOD, MAC_OVERRIDE go. */
	ck_assert_int_eq(SYS(setfsuid, 7, 0, 0), 0);
	ck_assert_uint_eq(uk_user_cred.cap_effective,
			  UK_USER_CAP_FULL & ~(0x1fULL | 1ULL << 9 | 1ULL << 27 | 1ULL << 32));
	ck_assert_int_eq(SYS(setfsuid, 0, 0, 0), 7);
	ck_assert_uint_eq(uk_user_cred.cap_effective, UK_USER_CAP_FULL);
	/* Leaving 0 in all three uids empties both sets for good. */
	ck_assert_int_eq(SYS(setresuid, 1, 2, 3), 0);
	ck_assert_uint_eq(uk_user_cred.cap_permitted, 0);
	ck_assert_uint_eq(uk_user_cred.cap_effective, 0);
	ck_assert_int_eq(SYS(setuid, 0, 0, 0), -EPERM);
	ck_assert_int_eq(SYS(setfsuid, 0, 0, 0), 2);
	ck_assert_int_eq(SYS(setfsuid, NONE, 0, 0), 2);
}
END_TEST

START_TEST(groups_sorted_and_limited)
{
	uint32_t in[5] = { 9, 3, 7, 3, 1 }, out[5], bad[2] = { 1, 0xffffffffU };

	ck_assert_int_eq(SYS(getgroups, 0, 0, 0), 0);
	ck_assert_int_eq(SYS(setgroups, 5, (long)in, 0), 0);
	ck_assert_int_eq(SYS(getgroups, 5, (long)out, 0), 5);
	ck_assert(out[0] == 1 && out[1] == 3 && out[2] == 3 && out[3] == 7 && out[4] == 9);
	ck_assert_int_eq(SYS(getgroups, 4, (long)out, 0), -EINVAL);
	ck_assert_int_eq(SYS(getgroups, -1, (long)out, 0), -EINVAL);
	ck_assert_int_eq(SYS(getgroups, 5, 0, 0), -EFAULT);
	ck_assert_int_eq(SYS(setgroups, 2, (long)bad, 0), -EINVAL);
	ck_assert_int_eq(SYS(setgroups, UK_USER_NGROUPS_MAX + 1, (long)in, 0), -EINVAL);
	ck_assert_int_eq(SYS(setgroups, -1, (long)in, 0), -EINVAL);
	ck_assert_int_eq(SYS(setgroups, 1, 0, 0), -EFAULT);
	ck_assert_int_eq(SYS(getgroups, 0, 0, 0), 5);
	ck_assert_int_eq(fake_alloc_live, 1);
	ck_assert_int_eq(SYS(setgroups, 0, 0, 0), 0);
	ck_assert_int_eq(fake_alloc_live, 0);
}
END_TEST

START_TEST(many_groups)
{
	uint32_t *v = malloc(UK_USER_NGROUPS_MAX * sizeof(*v));

	for (uint32_t i = 0; i < UK_USER_NGROUPS_MAX; i++)
		v[i] = (i * 7919u) % UK_USER_NGROUPS_MAX; /* a permutation */
	ck_assert_int_eq(SYS(setgroups, UK_USER_NGROUPS_MAX, (long)v, 0), 0);
	ck_assert_int_eq(SYS(getgroups, UK_USER_NGROUPS_MAX, (long)v, 0), UK_USER_NGROUPS_MAX);
	for (uint32_t i = 0; i < UK_USER_NGROUPS_MAX; i++)
		ck_assert_uint_eq(v[i], i);
	free(v);
}
END_TEST

static long capget(uint32_t version, int pid, struct cap_data *d)
{
	struct cap_header h = { version, pid };

	return SYS(capget, (long)&h, (long)d, 0);
}

static long capset(uint32_t version, int pid, const struct cap_data *d)
{
	struct cap_header h = { version, pid };

	return SYS(capset, (long)&h, (long)d, 0);
}

START_TEST(capget_versions)
{
	struct cap_header h = { 1, 0 };
	struct cap_data d[2];

	ck_assert_int_eq(SYS(capget, (long)&h, 0, 0), 0);
	ck_assert_uint_eq(h.version, CAP_V3);
	h.version = 1;
	ck_assert_int_eq(SYS(capget, (long)&h, (long)d, 0), -EINVAL);
	ck_assert_int_eq(SYS(capget, 0, (long)d, 0), -EFAULT);
	ck_assert_int_eq(capget(CAP_V3, -5, d), -EINVAL);
	ck_assert_int_eq(capget(CAP_V3, 77, d), -ESRCH);
	ck_assert_int_eq(capget(CAP_V3, 1, d), 0);
	ck_assert_uint_eq(d[0].permitted, 0xffffffffU);
	ck_assert_uint_eq(d[1].permitted, (uint32_t)(UK_USER_CAP_FULL >> 32));
	ck_assert_int_eq(capget(0x20071026, 0, d), 0); /* version 2 reads like 3 */
}
END_TEST

START_TEST(capset_rules)
{
	struct cap_data d[2] = { { 0x1ff, 0x1ff, 0 }, { 0, 0, 0 } };

	/* Version 1 carries 32 bits: capabilities 32..40 are dropped. */
	ck_assert_int_eq(capset(CAP_V1, 0, d), 0);
	ck_assert_uint_eq(uk_user_cred.cap_permitted, 0x1ff);
	d[0].permitted = 0x3ff;
	ck_assert_int_eq(capset(CAP_V3, 0, d), -EPERM); /* permitted cannot grow */
	d[0].permitted = 0x1ff;
	d[0].effective = 0x3ff;
	ck_assert_int_eq(capset(CAP_V3, 0, d), -EPERM); /* effective outside permitted */
	/* CAP_SETPCAP (8) effective: any inheritable capability. */
	d[0].effective = 0x1ff;
	d[0].inheritable = 0x400;
	ck_assert_int_eq(capset(CAP_V3, 0, d), 0);
	ck_assert_uint_eq(uk_user_cred.cap_inheritable, 0x400);
	d[0].effective = 0xff; /* the old sets decide: still allowed */
	ck_assert_int_eq(capset(CAP_V3, 0, d), 0);
	/* Without it: only old inheritable | old permitted. */
	d[0].inheritable = 0xc00;
	ck_assert_int_eq(capset(CAP_V3, 0, d), -EPERM);
	d[0].inheritable = 0x4ff;
	ck_assert_int_eq(capset(CAP_V3, 0, d), 0);
	ck_assert_uint_eq(uk_user_cred.cap_inheritable, 0x4ff);
	ck_assert_int_eq(capset(CAP_V3, 2, d), -EPERM);
	ck_assert_int_eq(capset(7, 0, d), -EINVAL);
	ck_assert_int_eq(capset(CAP_V3, 0, NULL), -EFAULT);
	/* Bits past the last capability are ignored. */
	d[1].effective = d[1].permitted = 0xffffff00U;
	d[1].inheritable = 0;
	ck_assert_int_eq(capset(CAP_V3, 0, d), -EPERM); /* 32..40 are gone */
	d[1].effective = d[1].permitted = 0xfffffe00U;
	ck_assert_int_eq(capset(CAP_V3, 0, d), 0);
	ck_assert_uint_eq(uk_user_cred.cap_permitted >> 32, 0);
}
END_TEST

START_TEST(umask_bits)
{
	ck_assert_int_eq(SYS(umask, 07777, 0, 0), 022);
	ck_assert_int_eq(uk_user_umask(), 0777);
	ck_assert_int_eq(SYS(umask, 0, 0, 0), 0777);
	ck_assert_int_eq(uk_user_umask(), 0);
}
END_TEST

static Suite *user_suite(void)
{
	Suite *s = suite_create("posix-user");
	TCase *tc = tcase_create("ids");

	tcase_add_test(tc, starts_as_root);
	tcase_add_test(tc, setuid_rules);
	tcase_add_test(tc, setreuid_rules);
	tcase_add_test(tc, setresuid_rules);
	tcase_add_test(tc, gid_calls_need_cap_setgid);
	tcase_add_test(tc, capability_fixups);
	suite_add_tcase(s, tc);

	tc = tcase_create("groups");
	tcase_add_test(tc, groups_sorted_and_limited);
	tcase_add_test(tc, many_groups);
	suite_add_tcase(s, tc);

	tc = tcase_create("capabilities");
	tcase_add_test(tc, capget_versions);
	tcase_add_test(tc, capset_rules);
	tcase_add_test(tc, umask_bits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* Each test in its own process: the credentials start fresh. */
	return unit_run(srunner_create(user_suite()), true);
}
