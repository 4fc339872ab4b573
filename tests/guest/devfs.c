/*
 * tests/guest/devfs.c - /dev as a musl program sees it (lib/devfs over
 * vfscore): the memory devices read and written through open/read/write,
 * their stat (character devices, Linux's numbers, crw-rw-rw-), the
 * listing of /dev, the stdin/stdout/stderr symlinks (devfs.sh checks the
 * line written through /dev/stdout on the console), /dev/fd, poll, and
 * that nothing can be made or removed in /dev.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "musl_tap.h"

static const struct {
	const char *name;
	unsigned int minor;
} mem[] = { { "null", 3 }, { "zero", 5 }, { "full", 7 }, { "random", 8 },
	    { "urandom", 9 } };

static int all_are(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void test_stat(void)
{
	for (size_t i = 0; i < sizeof(mem) / sizeof(mem[0]); i++) {
		struct stat st = { 0 };
		char path[32];
		int rc;

		/* Before check(): its arguments are evaluated in any order. */
		snprintf(path, sizeof(path), "/dev/%s", mem[i].name);
		rc = stat(path, &st);
		check(rc == 0 && S_ISCHR(st.st_mode) &&
			      (st.st_mode & 07777) == 0666 &&
			      major(st.st_rdev) == 1 &&
			      minor(st.st_rdev) == mem[i].minor,
		      "stat %s: crw-rw-rw- 1,%u (mode %o, rdev %u,%u)", path,
		      mem[i].minor, (unsigned int)st.st_mode,
		      major(st.st_rdev), minor(st.st_rdev));
	}
}

static void test_null_zero_full(void)
{
	unsigned char buf[256];
	int fd;

	fd = open("/dev/null", O_RDWR);
	check(fd >= 0, "open /dev/null O_RDWR");
	memset(buf, 0xee, sizeof(buf));
	check(read(fd, buf, sizeof(buf)) == 0 && buf[0] == 0xee,
	      "/dev/null reads end of file");
	check(write(fd, buf, sizeof(buf)) == sizeof(buf),
	      "/dev/null swallows writes");
	check(close(fd) == 0, "close /dev/null");

	fd = open("/dev/zero", O_RDWR);
	check(fd >= 0, "open /dev/zero");
	check(read(fd, buf, sizeof(buf)) == sizeof(buf) &&
		      all_are(buf, sizeof(buf), 0),
	      "/dev/zero reads zeros");
	check(write(fd, "x", 1) == 1, "/dev/zero swallows writes");
	close(fd);

	fd = open("/dev/full", O_RDWR);
	memset(buf, 0xee, sizeof(buf));
	check(fd >= 0 && read(fd, buf, 100) == 100 && all_are(buf, 100, 0) &&
		      buf[100] == 0xee,
	      "/dev/full reads zeros");
	check(FAILS(write(fd, buf, 10), ENOSPC), "/dev/full: write fails with ENOSPC");
	close(fd);

	/* Through stdio, as most programs use it. */
	FILE *f = fopen("/dev/null", "w");

	check(f && fprintf(f, "nothing\n") == 8 && fclose(f) == 0,
	      "fopen/fprintf/fclose on /dev/null");
}

static void test_random(void)
{
	static const char *names[] = { "/dev/random", "/dev/urandom" };
	unsigned char a[64], b[64];

	for (int i = 0; i < 2; i++) {
		int fd = open(names[i], O_RDONLY | O_NONBLOCK);

		check(fd >= 0 && read(fd, a, sizeof(a)) == sizeof(a) &&
			      read(fd, b, sizeof(b)) == sizeof(b),
		      "%s: 64-byte reads, without blocking", names[i]);
		check(!all_are(a, sizeof(a), 0) && memcmp(a, b, sizeof(a)),
		      "%s: the bytes vary", names[i]);
		check(write(fd, a, 8) == -1, "%s: opened read-only, write fails",
		      names[i]);
		close(fd);
	}
}

static void test_listing(void)
{
	static const char *want[] = { "null", "zero", "full", "random",
				      "urandom", "console", "stdin", "stdout",
				      "stderr", "fd", ".", ".." };
	unsigned int seen = 0, types_ok = 1;
	struct dirent *d;
	DIR *dir = opendir("/dev");

	check(dir != NULL, "opendir /dev");
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		for (unsigned int i = 0; i < 12; i++) {
			if (strcmp(d->d_name, want[i]))
				continue;
			seen |= 1u << i;
			if (i < 6 && d->d_type != DT_CHR)
				types_ok = 0;
			if (i >= 6 && i < 9 && d->d_type != DT_LNK)
				types_ok = 0;
			if (i >= 9 && d->d_type != DT_DIR)
				types_ok = 0;
		}
	}
	closedir(dir);
	check(seen == 0xfff, "readdir /dev lists the devices, the links, fd, . "
	      "and .. (seen %#x)", seen);
	check(types_ok, "with their types (DT_CHR, DT_LNK, DT_DIR)");
}

static void test_links(void)
{
	char buf[32];
	struct stat st, st2;
	ssize_t n;
	int fd;

	n = readlink("/dev/stdout", buf, sizeof(buf));
	check(n == 4 && !memcmp(buf, "fd/1", 4), "/dev/stdout -> fd/1");
	n = readlink("/dev/stdin", buf, sizeof(buf));
	check(n == 4 && !memcmp(buf, "fd/0", 4), "/dev/stdin -> fd/0");
	check(lstat("/dev/stderr", &st) == 0 && S_ISLNK(st.st_mode),
	      "lstat /dev/stderr: a symlink");
	check(stat("/dev/stderr", &st) == 0 && fstat(2, &st2) == 0 &&
		      st.st_ino == st2.st_ino && st.st_dev == st2.st_dev &&
		      S_ISCHR(st.st_mode),
	      "stat /dev/stderr is descriptor 2's file (the console)");

	fd = open("/dev/stdout", O_WRONLY);
	check(fd >= 0, "open /dev/stdout");
	fflush(stdout);
	const char *line = "devfs: written through /dev/stdout\n";

	check(write(fd, line, strlen(line)) == (ssize_t)strlen(line),
	      "write through /dev/stdout");
	close(fd);
}

static void test_fd_dir(void)
{
	int fd = open("/dev/zero", O_RDONLY), pfd[2], found = 0, found0 = 0;
	struct stat st, st2;
	struct dirent *d;
	char path[32];
	DIR *dir;

	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	check(stat(path, &st) == 0 && fstat(fd, &st2) == 0 &&
		      st.st_rdev == makedev(1, 5) && st.st_ino == st2.st_ino,
	      "stat %s is /dev/zero", path);
	int fd2 = open(path, O_RDONLY);
	unsigned char c = 1;

	check(fd2 >= 0 && fd2 != fd && read(fd2, &c, 1) == 1 && c == 0,
	      "open %s opens /dev/zero again", path);
	close(fd2);

	dir = opendir("/dev/fd");
	check(dir != NULL, "opendir /dev/fd");
	while (dir && (d = readdir(dir))) {
		if (atoi(d->d_name) == fd && d->d_name[0] != '.')
			found = 1;
		if (!strcmp(d->d_name, "0"))
			found0 = 1;
	}
	if (dir)
		closedir(dir);
	check(found && found0, "/dev/fd lists descriptors 0 and %d", fd);
	close(fd);
	check(FAILS(stat(path, &st), ENOENT), "%s is gone once closed", path);

	check(pipe(pfd) == 0, "pipe");
	snprintf(path, sizeof(path), "/dev/fd/%d", pfd[0]);
	check(FAILS(open(path, O_RDONLY), ENXIO),
	      "a pipe's /dev/fd name cannot be opened (ENXIO)");
	close(pfd[0]);
	close(pfd[1]);
}

static void test_no_changes(void)
{
	check(FAILS(mknod("/dev/mine", S_IFCHR | 0600, makedev(1, 3)), EPERM),
	      "mknod in /dev: EPERM");
	check(FAILS(mkdir("/dev/dir", 0755), EPERM), "mkdir in /dev: EPERM");
	check(FAILS(open("/dev/new", O_CREAT | O_WRONLY, 0644), EPERM),
	      "creating a file in /dev: EPERM");
	check(FAILS(unlink("/dev/null"), EPERM), "unlink /dev/null: EPERM");
	check(FAILS(rename("/dev/zero", "/dev/zero2"), EPERM),
	      "rename in /dev: EPERM");
	check(access("/dev/null", F_OK) == 0, "/dev/null is still there");
}

static void test_poll(void)
{
	struct pollfd p[2] = { { open("/dev/null", O_RDWR), POLLIN | POLLOUT, 0 },
			       { open("/dev/urandom", O_RDONLY), POLLIN, 0 } };
	int r = poll(p, 2, 0);

	if (r == -1 && errno == ENOSYS) {
		check(1, "poll # SKIP no poll system call linked");
	} else {
		check(r == 2 && p[0].revents == (POLLIN | POLLOUT) &&
		      p[1].revents == POLLIN,
		      "poll: devices are always ready (%#x %#x)", p[0].revents,
		      p[1].revents);
	}
	close(p[0].fd);
	close(p[1].fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_stat();
	test_null_zero_full();
	test_random();
	test_listing();
	test_links();
	test_fd_dir();
	test_no_changes();
	test_poll();
	return tap_done();
}
