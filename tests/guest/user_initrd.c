/*
 * tests/guest/user_initrd.c - a user database carried by the initrd
 * (user_initrd.sh builds it): its /etc/passwd and /etc/group are kept as
 * they are, with all their users and groups, and musl's lookups,
 * enumerations, getgrouplist and initgroups see them, including a group of
 * 201 members (u000..u199 and alice) and the ERANGE paths of the _r
 * functions.
 *
 * "user_initrd-pvh passwd-only": the initrd carries /etc/passwd only, so
 * /etc/group must hold the default entry.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "musl_tap.h"

#define BIG_GID 2000
#define BIG_MEMBERS 201

static const struct {
	const char *name, *gecos, *dir, *shell;
	uid_t uid;
	gid_t gid;
} users[] = {
	{ "root", "Super User", "/root", "/bin/ash", 0, 0 },
	{ "daemon", "daemon", "/usr/sbin", "/sbin/nologin", 1, 1 },
	{ "alice", "Alice Liddell,,,", "/home/alice", "/bin/sh", 1000, 1000 },
	{ "bob", "Bob", "/home/bob", "/bin/sh", 1001, 1001 },
	{ "carol", "Carol", "/home/carol", "/bin/false", 1002, 100 },
};
#define NUSERS (int)(sizeof(users) / sizeof(users[0]))

static const char *const group_names[] = { "root", "daemon", "wheel", "users",
					   "alice", "bob", "big" };
#define NGROUPS (int)(sizeof(group_names) / sizeof(group_names[0]))

static int same_user(const struct passwd *p, int i)
{
	return p && !strcmp(p->pw_name, users[i].name) && p->pw_uid == users[i].uid &&
	       p->pw_gid == users[i].gid && !strcmp(p->pw_gecos, users[i].gecos) &&
	       !strcmp(p->pw_dir, users[i].dir) && !strcmp(p->pw_shell, users[i].shell);
}

static void passwd_checks(void)
{
	struct passwd pw, *p, *res;
	char buf[512];
	int i, ok;

	for (i = 0; i < NUSERS; i++) {
		check(same_user(getpwnam(users[i].name), i), "getpwnam(%s): all fields",
		      users[i].name);
		check(same_user(getpwuid(users[i].uid), i), "getpwuid(%u) is %s",
		      (unsigned)users[i].uid, users[i].name);
	}
	check(getpwnam("mallory") == NULL && getpwuid(4242) == NULL,
	      "names and ids the initrd does not list: NULL");
	res = (void *)1;
	check(getpwnam_r("alice", &pw, buf, sizeof(buf), &res) == 0 && res == &pw &&
		      same_user(&pw, 2),
	      "getpwnam_r(alice)");
	res = (void *)1;
	check(getpwuid_r(1001, &pw, buf, sizeof(buf), &res) == 0 && res == &pw &&
		      same_user(&pw, 3),
	      "getpwuid_r(1001) is bob");
	res = (void *)1;
	check(getpwnam_r("alice", &pw, buf, 16, &res) == ERANGE && res == NULL,
	      "getpwnam_r(alice) into 16 bytes: ERANGE");
	res = (void *)1;
	check(getpwuid_r(1000, &pw, buf, 16, &res) == ERANGE && res == NULL,
	      "getpwuid_r(1000) into 16 bytes: ERANGE");
	res = (void *)1;
	check(getpwnam_r("mallory", &pw, buf, sizeof(buf), &res) == 0 && res == NULL,
	      "getpwnam_r(mallory): 0, NULL result");
	res = (void *)1;
	check(getpwuid_r(4242, &pw, buf, sizeof(buf), &res) == 0 && res == NULL,
	      "getpwuid_r(4242): 0, NULL result");

	setpwent();
	for (i = 0, ok = 1; (p = getpwent()) != NULL; i++)
		ok &= i < NUSERS && same_user(p, i);
	check(ok && i == NUSERS, "getpwent lists the %d users in file order (%d)", NUSERS, i);
	endpwent();
}

static int big_group_ok(const struct group *g)
{
	char name[8];
	int i;

	if (!g || g->gr_gid != BIG_GID || strcmp(g->gr_name, "big"))
		return 0;
	for (i = 0; i < BIG_MEMBERS - 1; i++) {
		snprintf(name, sizeof(name), "u%03d", i);
		if (!g->gr_mem[i] || strcmp(g->gr_mem[i], name))
			return 0;
	}
	return g->gr_mem[i] && !strcmp(g->gr_mem[i], "alice") && g->gr_mem[i + 1] == NULL;
}

static void group_checks(void)
{
	struct group gr, *g, *res;
	char small[1024], *buf = NULL;
	size_t size = 64;
	gid_t list[8];
	int i, n, rc, ok, tries = 0;

	g = getgrnam("wheel");
	check(g && g->gr_gid == 10 && g->gr_mem[0] && !strcmp(g->gr_mem[0], "alice") &&
		      g->gr_mem[1] && !strcmp(g->gr_mem[1], "bob") && !g->gr_mem[2],
	      "getgrnam(wheel): gid 10, members alice and bob");
	g = getgrgid(100);
	check(g && !strcmp(g->gr_name, "users") && g->gr_mem[2] && !strcmp(g->gr_mem[2], "carol"),
	      "getgrgid(100) is users, with carol");
	check(big_group_ok(getgrnam("big")), "getgrnam(big): all %d members in order", BIG_MEMBERS);
	check(big_group_ok(getgrgid(BIG_GID)), "getgrgid(%d) too", BIG_GID);
	check(getgrnam("staff") == NULL && getgrgid(4242) == NULL, "unknown groups: NULL");

	res = (void *)1;
	check(getgrnam_r("big", &gr, small, sizeof(small), &res) == ERANGE && res == NULL,
	      "getgrnam_r(big) into 1 KiB: ERANGE, NULL result");
	res = (void *)1;
	check(getgrgid_r(BIG_GID, &gr, small, sizeof(small), &res) == ERANGE && res == NULL,
	      "getgrgid_r(%d) into 1 KiB: ERANGE", BIG_GID);
	/* The usual caller's loop: grow the buffer while the answer is ERANGE. */
	do {
		size *= 2;
		free(buf);
		buf = malloc(size);
		rc = getgrnam_r("big", &gr, buf, size, &res);
		tries++;
	} while (rc == ERANGE);
	check(rc == 0 && res == &gr && big_group_ok(&gr) && tries > 1,
	      "getgrnam_r(big) succeeds once the buffer is large enough (%zu bytes)", size);
	rc = getgrgid_r(BIG_GID, &gr, buf, size, &res);
	check(rc == 0 && res == &gr && big_group_ok(&gr), "getgrgid_r(%d) in that buffer", BIG_GID);
	free(buf);
	res = (void *)1;
	check(getgrnam_r("staff", &gr, small, sizeof(small), &res) == 0 && res == NULL,
	      "getgrnam_r(staff): 0, NULL result");
	res = (void *)1;
	check(getgrgid_r(4242, &gr, small, sizeof(small), &res) == 0 && res == NULL,
	      "getgrgid_r(4242): 0, NULL result");

	setgrent();
	for (i = 0, ok = 1; (g = getgrent()) != NULL; i++) {
		ok &= i < NGROUPS && !strcmp(g->gr_name, group_names[i]);
		if (i < NGROUPS && !strcmp(group_names[i], "big"))
			ok &= big_group_ok(g);
	}
	check(ok && i == NGROUPS, "getgrent lists the %d groups in file order (%d)", NGROUPS, i);
	endgrent();

	n = 8;
	rc = getgrouplist("alice", 1000, list, &n);
	check(rc == 4 && n == 4 && list[0] == 1000 && list[1] == 10 && list[2] == 100 &&
		      list[3] == BIG_GID,
	      "getgrouplist(alice): 1000, wheel, users, big (%d)", rc);
	n = 2;
	check(getgrouplist("alice", 1000, list, &n) == -1 && n == 4,
	      "getgrouplist(alice) with room for 2: -1, 4 needed (%d)", n);
	n = 8;
	check(getgrouplist("u123", 5, list, &n) == 2 && list[0] == 5 && list[1] == BIG_GID,
	      "getgrouplist(u123): 5 and big");
	check(initgroups("alice", 1000) == 0, "initgroups(alice, 1000)");
	n = getgroups(8, list);
	check(n == 4 && list[0] == 10 && list[1] == 100 && list[2] == 1000 && list[3] == BIG_GID,
	      "getgroups: 10 100 1000 2000 (%d)", n);
}

static void passwd_only(void)
{
	struct group *g;

	check(same_user(getpwnam("carol"), 4), "the initrd's /etc/passwd is used");
	g = getgrnam("root");
	check(g && g->gr_gid == 0 && !g->gr_mem[0], "/etc/group holds the default root group");
	setgrent();
	check(getgrent() && getgrent() == NULL, "and nothing else");
	endgrent();
	check(getgrnam("wheel") == NULL, "no group of the initrd's users exists");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "passwd-only")) {
		passwd_only();
	} else {
		passwd_checks();
		group_checks();
	}
	return tap_done();
}
