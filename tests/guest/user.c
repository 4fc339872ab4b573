/*
 * tests/guest/user.c - users, groups and credentials with the default
 * user database (lib/posix-user), through musl: the files written at
 * boot, the passwd and group lookups (plain, _r with ERANGE, enumeration),
 * getgrouplist, initgroups, getlogin, and the credential system calls
 * with their errors, ending with a permanent drop of root's privileges.
 *
 * With an argument ("user-pvh NAME"), only the login name is checked:
 * getlogin must report NAME (user.sh boots with uk.login and uk.env).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uk/user.h>
#include "musl_file.h"
#include "musl_tap.h"

#define CAP_V1 0x19980330U
#define CAP_V3 0x20080522U
#define CAP_CHOWN 0
#define CAP_NET_RAW 13
#define FULL_LO 0xffffffffU
#define FULL_HI ((uint32_t)(UK_USER_CAP_FULL >> 32))

struct cap_header {
	uint32_t version;
	int pid;
};
struct cap_data {
	uint32_t effective, permitted, inheritable;
};

static long capget_(uint32_t version, int pid, struct cap_data *d)
{
	struct cap_header h = { version, pid };

	return syscall(SYS_capget, &h, d);
}

static long capset_(uint32_t version, int pid, const struct cap_data *d)
{
	struct cap_header h = { version, pid };

	return syscall(SYS_capset, &h, d);
}

static int login_only(const char *want)
{
	char buf[64];
	const char *name = getlogin();

	check(name && !strcmp(name, want), "getlogin reports '%s' (%s)", want,
	      name ? name : "NULL");
	check(getlogin_r(buf, sizeof(buf)) == 0 && !strcmp(buf, want),
	      "getlogin_r reports it too");
	check(getlogin_r(buf, strlen(want)) == ERANGE,
	      "getlogin_r into a buffer one byte short: ERANGE");
	return tap_done();
}

static void database_files(void)
{
	struct stat st;

	check(contents_are(UK_USER_PASSWD_FILE, "root:x:0:0:root:/:/bin/sh\n"),
	      "/etc/passwd holds root:x:0:0:root:/:/bin/sh");
	check(contents_are(UK_USER_GROUP_FILE, "root:x:0:\n"), "/etc/group holds root:x:0:");
	check(stat(UK_USER_PASSWD_FILE, &st) == 0 && S_ISREG(st.st_mode) &&
		      (st.st_mode & 07777) == 0644 && st.st_uid == 0 && st.st_gid == 0,
	      "/etc/passwd: a regular file, 0644, owned by root");
	check(stat("/etc", &st) == 0 && S_ISDIR(st.st_mode), "/etc is a directory");
}

static void passwd_lookups(void)
{
	struct passwd pw, *p, *res;
	char buf[256];
	int n;

	p = getpwnam("root");
	check(p && !strcmp(p->pw_name, UK_USER_ROOT_NAME) && p->pw_uid == UK_USER_ROOT_UID &&
		      p->pw_gid == UK_USER_ROOT_GID && !strcmp(p->pw_dir, UK_USER_ROOT_HOME) &&
		      !strcmp(p->pw_shell, UK_USER_ROOT_SHELL) && !strcmp(p->pw_passwd, "x") &&
		      !strcmp(p->pw_gecos, "root"),
	      "getpwnam(root): uid 0, gid 0, home /, shell /bin/sh");
	p = getpwuid(0);
	check(p && !strcmp(p->pw_name, "root"), "getpwuid(0) is root");
	errno = 0;
	check(getpwnam("nobody") == NULL && errno == 0,
	      "getpwnam of an unknown name: NULL, errno untouched (%d)", errno);
	errno = 0;
	check(getpwuid(4321) == NULL && errno == 0, "getpwuid of an unknown id: NULL");
	check(getpwnam("") == NULL, "getpwnam(\"\"): NULL");

	res = (void *)1;
	check(getpwnam_r("root", &pw, buf, sizeof(buf), &res) == 0 && res == &pw &&
		      pw.pw_uid == 0 && !strcmp(pw.pw_dir, "/"),
	      "getpwnam_r(root) fills the caller's structure");
	res = (void *)1;
	check(getpwuid_r(0, &pw, buf, sizeof(buf), &res) == 0 && res == &pw &&
		      !strcmp(pw.pw_name, "root"),
	      "getpwuid_r(0)");
	res = (void *)1;
	check(getpwnam_r("root", &pw, buf, 8, &res) == ERANGE && res == NULL,
	      "getpwnam_r into an 8-byte buffer: ERANGE, NULL result");
	res = (void *)1;
	check(getpwuid_r(0, &pw, buf, 8, &res) == ERANGE && res == NULL,
	      "getpwuid_r into an 8-byte buffer: ERANGE, NULL result");
	res = (void *)1;
	check(getpwnam_r("nobody", &pw, buf, sizeof(buf), &res) == 0 && res == NULL,
	      "getpwnam_r of an unknown name: 0, NULL result");
	res = (void *)1;
	check(getpwuid_r(4321, &pw, buf, sizeof(buf), &res) == 0 && res == NULL,
	      "getpwuid_r of an unknown id: 0, NULL result");

	setpwent();
	n = 0;
	while ((p = getpwent()) != NULL)
		n += !strcmp(p->pw_name, "root") ? 1 : 100;
	check(n == 1, "getpwent lists exactly one user, root");
	check(getpwent() == NULL, "getpwent after the end: NULL");
	setpwent();
	p = getpwent();
	check(p && !strcmp(p->pw_name, "root"), "setpwent rewinds");
	endpwent();
	p = getpwent();
	check(p && !strcmp(p->pw_name, "root"), "after endpwent, getpwent starts over");
	endpwent();
}

static void group_lookups(void)
{
	struct group gr, *g, *res;
	char buf[256];
	gid_t list[4];
	int n;

	g = getgrnam("root");
	check(g && g->gr_gid == UK_USER_ROOT_GID && !strcmp(g->gr_name, UK_USER_ROOT_GROUP) &&
		      g->gr_mem && g->gr_mem[0] == NULL,
	      "getgrnam(root): gid 0, no members");
	g = getgrgid(0);
	check(g && !strcmp(g->gr_name, "root"), "getgrgid(0) is root");
	check(getgrnam("wheel") == NULL, "getgrnam of an unknown name: NULL");
	check(getgrgid(4321) == NULL, "getgrgid of an unknown id: NULL");

	res = (void *)1;
	check(getgrnam_r("root", &gr, buf, sizeof(buf), &res) == 0 && res == &gr &&
		      gr.gr_gid == 0,
	      "getgrnam_r(root)");
	res = (void *)1;
	check(getgrgid_r(0, &gr, buf, sizeof(buf), &res) == 0 && res == &gr &&
		      !strcmp(gr.gr_name, "root"),
	      "getgrgid_r(0)");
	res = (void *)1;
	check(getgrnam_r("root", &gr, buf, 4, &res) == ERANGE && res == NULL,
	      "getgrnam_r into a 4-byte buffer: ERANGE, NULL result");
	res = (void *)1;
	check(getgrgid_r(0, &gr, buf, 4, &res) == ERANGE && res == NULL,
	      "getgrgid_r into a 4-byte buffer: ERANGE, NULL result");
	res = (void *)1;
	check(getgrnam_r("wheel", &gr, buf, sizeof(buf), &res) == 0 && res == NULL,
	      "getgrnam_r of an unknown name: 0, NULL result");
	res = (void *)1;
	check(getgrgid_r(4321, &gr, buf, sizeof(buf), &res) == 0 && res == NULL,
	      "getgrgid_r of an unknown id: 0, NULL result");

	setgrent();
	n = 0;
	while ((g = getgrent()) != NULL)
		n += !strcmp(g->gr_name, "root") ? 1 : 100;
	check(n == 1, "getgrent lists exactly one group, root");
	setgrent();
	g = getgrent();
	check(g && g->gr_gid == 0, "setgrent rewinds");
	endgrent();

	n = 4;
	check(getgrouplist("root", 0, list, &n) == 1 && n == 1 && list[0] == 0,
	      "getgrouplist(root, 0): [0]");
	n = 4;
	check(getgrouplist("root", 77, list, &n) == 1 && n == 1 && list[0] == 77,
	      "getgrouplist(root, 77): [77] (root is no member of the root group)");
	n = 0;
	check(getgrouplist("root", 0, list, &n) == -1 && n == 1,
	      "getgrouplist with room for none: -1, the count needed (%d)", n);
	n = 4;
	check(getgrouplist("nobody", 55, list, &n) == 1 && n == 1 && list[0] == 55,
	      "getgrouplist of an unknown user: just the given group");
}

/* musl asks a lookup daemon over AF_UNIX; "no such family" means none. */
static void lookup_daemon(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	check(fd >= 0 || errno == EAFNOSUPPORT,
	      "socket(AF_UNIX) works or fails with EAFNOSUPPORT, never ENOSYS (%d)",
	      fd >= 0 ? 0 : errno);
	if (fd >= 0)
		close(fd);
}

static void login_names(void)
{
	char buf[8];
	const char *name = getlogin();

	check(name && !strcmp(name, UK_USER_LOGIN_DEFAULT), "getlogin reports root (%s)",
	      name ? name : "NULL");
	check(getlogin_r(buf, sizeof(buf)) == 0 && !strcmp(buf, "root"), "getlogin_r");
	check(getlogin_r(buf, 4) == ERANGE, "getlogin_r into 4 bytes: ERANGE");
	check(!strcmp(getenv("LOGNAME"), "root"), "LOGNAME=root is in the environment");
}

static void root_ids(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	check(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0,
	      "the application starts as root: uid, euid, gid, egid 0");
	check(getresuid(&r, &e, &s) == 0 && r == 0 && e == 0 && s == 0, "getresuid: 0 0 0");
	check(getresgid(&gr, &ge, &gs) == 0 && gr == 0 && ge == 0 && gs == 0, "getresgid: 0 0 0");
	check(syscall(SYS_getresuid, NULL, &e, &s) == -1 && errno == EFAULT,
	      "getresuid with a NULL pointer: EFAULT");
	check(FAILS(setuid((uid_t)-1), EINVAL), "setuid(-1): EINVAL");
	check(FAILS(setgid((gid_t)-1), EINVAL), "setgid(-1): EINVAL");
	check(setresuid(-1, -1, -1) == 0 && getuid() == 0 && geteuid() == 0,
	      "setresuid(-1, -1, -1) changes nothing");
	check(setreuid(-1, -1) == 0 && getuid() == 0, "setreuid(-1, -1) changes nothing");

	check(setregid(100, 200) == 0 && getresgid(&gr, &ge, &gs) == 0 && gr == 100 &&
		      ge == 200 && gs == 200,
	      "setregid(100, 200): real 100, effective and saved 200");
	check(setregid(-1, 100) == 0 && getresgid(&gr, &ge, &gs) == 0 && gr == 100 &&
		      ge == 100 && gs == 200,
	      "setregid(-1, real): the saved id stays (%u %u %u)", gr, ge, gs);
	check(setresgid(1, 2, 3) == 0 && getresgid(&gr, &ge, &gs) == 0 && gr == 1 && ge == 2 &&
		      gs == 3 && getgid() == 1 && getegid() == 2,
	      "setresgid(1, 2, 3)");
	check(setresgid(-1, 9, -1) == 0 && getresgid(&gr, &ge, &gs) == 0 && gr == 1 && ge == 9 &&
		      gs == 3,
	      "setresgid with -1: those ids unchanged");
	check(setgid(0) == 0 && getresgid(&gr, &ge, &gs) == 0 && gr == 0 && ge == 0 && gs == 0,
	      "setgid(0) as root sets all three");
	check(setfsgid(-1) == 0 && setfsgid(42) == 0 && setfsgid(0) == 42,
	      "setfsgid returns the previous fs gid");

	check(setreuid(0, 700) == 0 && getresuid(&r, &e, &s) == 0 && r == 0 && e == 700 &&
		      s == 700,
	      "setreuid(0, 700): effective and saved 700, real 0");
	check(setreuid(-1, 0) == 0 && getresuid(&r, &e, &s) == 0 && r == 0 && e == 0 &&
		      s == 700,
	      "setreuid(-1, real uid): the saved uid stays (%u %u %u)", r, e, s);
	check(setresuid(500, 600, 0) == 0 && getresuid(&r, &e, &s) == 0 && r == 500 &&
		      e == 600 && s == 0 && getuid() == 500 && geteuid() == 600,
	      "setresuid(500, 600, 0)");
	check(setresuid(0, 0, 0) == 0 && getresuid(&r, &e, &s) == 0 && r == 0 && e == 0 &&
		      s == 0,
	      "setresuid(0, 0, 0): back to root (the saved uid 0 kept the permitted set)");
}

static int is_sorted(const gid_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		if (v[i - 1] > v[i])
			return 0;
	}
	return 1;
}

static void supplementary_groups(void)
{
	gid_t three[3] = { 30, 10, 20 }, out[8], bad[2] = { 5, (gid_t)-1 };
	gid_t *many;
	int n;

	check(getgroups(0, NULL) == 0, "no supplementary groups at boot");
	check(setgroups(3, three) == 0, "setgroups of three groups");
	n = getgroups(8, out);
	check(n == 3 && out[0] == 10 && out[1] == 20 && out[2] == 30,
	      "getgroups returns them sorted (%d)", n);
	check(getgroups(0, NULL) == 3, "getgroups(0) counts them");
	check(FAILS(getgroups(2, out), EINVAL), "getgroups into a list of 2: EINVAL");
	check(FAILS(getgroups(-1, out), EINVAL), "getgroups with a negative size: EINVAL");
	check(FAILS(setgroups(2, bad), EINVAL) && getgroups(0, NULL) == 3,
	      "setgroups with the id -1: EINVAL, the list unchanged");
	check(FAILS(setgroups(UK_USER_NGROUPS_MAX + 1, three), EINVAL),
	      "setgroups past NGROUPS_MAX (%d): EINVAL", UK_USER_NGROUPS_MAX);
	check(FAILS(syscall(SYS_setgroups, -1, three), EINVAL),
	      "setgroups with a negative size: EINVAL");

	many = malloc(UK_USER_NGROUPS_MAX * sizeof(*many));
	for (int i = 0; i < UK_USER_NGROUPS_MAX; i++)
		many[i] = (gid_t)(UK_USER_NGROUPS_MAX - i);
	check(many && setgroups(UK_USER_NGROUPS_MAX, many) == 0,
	      "setgroups of NGROUPS_MAX groups");
	memset(many, 0, UK_USER_NGROUPS_MAX * sizeof(*many));
	n = getgroups(UK_USER_NGROUPS_MAX, many);
	check(n == UK_USER_NGROUPS_MAX && is_sorted(many, n) && many[0] == 1 &&
		      many[n - 1] == UK_USER_NGROUPS_MAX,
	      "getgroups returns all of them, sorted");
	free(many);

	check(setgroups(0, NULL) == 0 && getgroups(0, NULL) == 0, "setgroups(0) empties the list");
	check(initgroups("root", 7) == 0, "initgroups(root, 7)");
	n = getgroups(8, out);
	check(n == 1 && out[0] == 7, "the supplementary groups are now [7] (%d)", n);
	check(setgroups(0, NULL) == 0, "and are emptied again");
}

static void capabilities(void)
{
	struct cap_data d[2], want[2];
	struct cap_header h = { 0x12345678, 0 };

	check(syscall(SYS_capget, &h, NULL) == 0 && h.version == CAP_V3,
	      "capget version probe: 0, the preferred version written back (%#x)", h.version);
	h.version = 0x12345678;
	check(syscall(SYS_capget, &h, d) == -1 && errno == EINVAL && h.version == CAP_V3,
	      "capget of an unknown version with data: EINVAL");
	check(capget_(CAP_V3, 0, NULL) == 0, "capget with no data: 0");
	memset(d, 0xa5, sizeof(d));
	check(capget_(CAP_V3, 0, d) == 0 && d[0].effective == FULL_LO &&
		      d[0].permitted == FULL_LO && d[1].effective == FULL_HI &&
		      d[1].permitted == FULL_HI && d[0].inheritable == 0 && d[1].inheritable == 0,
	      "root holds every capability (0..%d), effective and permitted; inheritable empty",
	      UK_USER_CAP_LAST);
	check(capget_(CAP_V3, getpid(), d) == 0 && d[0].effective == FULL_LO,
	      "capget of its own pid");
	check(capget_(CAP_V3, -1, d) == -1 && errno == EINVAL, "capget of pid -1: EINVAL");
	check(capget_(CAP_V3, 9999, d) == -1 && errno == ESRCH, "capget of another pid: ESRCH");
	memset(d, 0, sizeof(d));
	check(capget_(CAP_V1, 0, d) == 0 && d[0].effective == FULL_LO && d[1].effective == 0,
	      "capget version 1 fills one structure");

	check(capget_(CAP_V3, 0, want) == 0, "capget");
	want[0].effective &= ~(1U << CAP_NET_RAW);
	check(capset_(CAP_V3, 0, want) == 0 && capget_(CAP_V3, 0, d) == 0 &&
		      !(d[0].effective & 1U << CAP_NET_RAW) && (d[0].permitted & 1U << CAP_NET_RAW),
	      "capset drops CAP_NET_RAW from the effective set only");
	want[0].effective |= 1U << CAP_NET_RAW;
	check(capset_(CAP_V3, 0, want) == 0 && capget_(CAP_V3, 0, d) == 0 &&
		      (d[0].effective & 1U << CAP_NET_RAW),
	      "and raises it again from the permitted set");
	want[0].inheritable = 1U << CAP_NET_RAW;
	check(capset_(CAP_V3, 0, want) == 0 && capget_(CAP_V3, 0, d) == 0 &&
		      d[0].inheritable == 1U << CAP_NET_RAW,
	      "capset: an inheritable capability from the permitted set");
	want[0].inheritable = 0;
	want[0].permitted &= ~(1U << CAP_NET_RAW);
	check(FAILS(capset_(CAP_V3, 0, want), EPERM),
	      "capset with an effective capability outside the permitted set: EPERM");
	want[0].effective &= ~(1U << CAP_NET_RAW);
	check(capset_(CAP_V3, 0, want) == 0 && capget_(CAP_V3, 0, d) == 0 &&
		      !(d[0].permitted & 1U << CAP_NET_RAW),
	      "capset drops CAP_NET_RAW from the permitted set");
	want[0].permitted |= 1U << CAP_NET_RAW;
	check(FAILS(capset_(CAP_V3, 0, want), EPERM), "capset cannot regain it: EPERM");
	want[0].permitted &= ~(1U << CAP_NET_RAW);
	check(FAILS(capset_(CAP_V3, 9999, want), EPERM), "capset of another pid: EPERM");
	check(FAILS(capset_(0x1234, 0, want), EINVAL), "capset of an unknown version: EINVAL");
	check(FAILS(capset_(CAP_V3, 0, NULL), EFAULT), "capset with no data: EFAULT");
}

static void file_mask(void)
{
	struct stat st;
	int fd;

	check(umask(027) == UK_USER_UMASK_DEFAULT, "umask returns the default 022");
	check(umask(01777) == 027, "umask returns the previous mask (027)");
	check(umask(022) == 0777, "umask keeps only the permission bits (0777)");
	umask(077);
	fd = open("/umask-test", O_CREAT | O_WRONLY, 0666);
	check(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600,
	      "open applies the mask: 0666 & ~077 = 0600 (0%o)", (unsigned)(st.st_mode & 0777));
	close(fd);
	check(mkdir("/umask-dir", 0777) == 0 && stat("/umask-dir", &st) == 0 &&
		      (st.st_mode & 0777) == 0700,
	      "mkdir applies it too (0%o)", (unsigned)(st.st_mode & 0777));
	check(umask(022) == 077, "umask back to 022");
}

static void fs_uid(void)
{
	struct cap_data d[2];

	check(setfsuid(-1) == 0, "setfsuid(-1) reports the fs uid (0) without a change");
	check(setfsuid(5) == 0 && capget_(CAP_V3, 0, d) == 0 && !(d[0].effective & 1U << CAP_CHOWN),
	      "setfsuid(5): the file-system capabilities leave the effective set");
	check(setfsuid(0) == 5 && capget_(CAP_V3, 0, d) == 0 && (d[0].effective & 1U << CAP_CHOWN),
	      "setfsuid(0) returns 5 and restores them");
}

/* Last: leave root for good. */
static void drop_privileges(void)
{
	struct cap_data d[2];
	struct stat st;
	uid_t r, e, s;
	gid_t g = 0;
	int fd;

	check(setresuid(1000, 1001, 0) == 0 && getresuid(&r, &e, &s) == 0 && r == 1000 &&
		      e == 1001 && s == 0 && getuid() == 1000 && geteuid() == 1001,
	      "setresuid(1000, 1001, 0)");
	check(capget_(CAP_V3, 0, d) == 0 && d[0].effective == 0 && d[0].permitted != 0,
	      "an effective uid other than 0 empties the effective set, not the permitted");
	check(FAILS(setuid(5), EPERM), "unprivileged setuid to a foreign id: EPERM");
	check(FAILS(setreuid(5, -1), EPERM), "unprivileged setreuid to a foreign id: EPERM");
	check(FAILS(setresuid(-1, -1, 5), EPERM), "unprivileged setresuid to a foreign id: EPERM");
	check(FAILS(setgroups(1, &g), EPERM), "setgroups without CAP_SETGID: EPERM");
	check(FAILS(setgid(5), EPERM), "setgid without CAP_SETGID: EPERM");
	check(seteuid(0) == 0 && geteuid() == 0 && capget_(CAP_V3, 0, d) == 0 &&
		      d[0].effective == d[0].permitted,
	      "seteuid(0) (the saved uid) restores the effective set");
	check(setuid(1000) == 0 && getresuid(&r, &e, &s) == 0 && r == 1000 && e == 1000 &&
		      s == 1000,
	      "setuid(1000) as root sets all three user ids");
	check(capget_(CAP_V3, 0, d) == 0 && d[0].effective == 0 && d[0].permitted == 0 &&
		      d[1].permitted == 0,
	      "leaving uid 0 everywhere empties the permitted set");
	check(FAILS(setuid(0), EPERM), "setuid(0) is now refused: EPERM");
	check(FAILS(seteuid(0), EPERM), "seteuid(0) too");
	check(setuid(1000) == 0, "setuid to its own uid still works");
	check(setresuid(1000, 1000, 1000) == 0, "so does setresuid among its own ids");
	check(FAILS(setresgid(0, 0, 7), EPERM), "setresgid to a foreign gid: EPERM");
	check(setresgid(0, 0, 0) == 0, "setresgid among its own gids: 0");
	fd = open("/owned-by-1000", O_CREAT | O_WRONLY, 0644);
	check(fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == 1000 && st.st_gid == 0,
	      "a new file belongs to the fs uid and gid (%u:%u)", (unsigned)st.st_uid,
	      (unsigned)st.st_gid);
	close(fd);
	check(setfsgid(-1) == 0 && mkdir("/dir-of-1000", 0755) == 0 &&
		      stat("/dir-of-1000", &st) == 0 && st.st_uid == 1000,
	      "so does a new directory");
	d[0].effective = d[0].permitted = 1U << CAP_CHOWN;
	d[1].effective = d[1].permitted = 0;
	check(FAILS(capset_(CAP_V3, 0, d), EPERM), "capset cannot raise anything: EPERM");
	check(setfsuid(0) == 1000 && setfsuid(-1) == 1000,
	      "setfsuid(0) is ignored without CAP_SETUID");
	check(getpwuid(getuid()) == NULL && getlogin() && !strcmp(getlogin(), "root"),
	      "uid 1000 has no entry in the default database; the login name stays root");
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return login_only(argv[1]);
	database_files();
	passwd_lookups();
	group_lookups();
	lookup_daemon();
	login_names();
	root_ids();
	supplementary_groups();
	capabilities();
	file_mask();
	fs_uid();
	drop_privileges();
	return tap_done();
}
