/*
 * tests/guest/vfs.c - the file system calls through musl on libuk's VFS
 * (vfscore over ramfs, devfs on /dev, the console as descriptors 0-2):
 * values, errno and ordering a program relies on.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

static void test_console_fds(void)
{
	struct stat st;

	check(fstat(1, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 &&
		      minor(st.st_rdev) == 1,
	      "fd 1 is a character device, the console (5,1)");
	check(isatty(0) && isatty(1) && isatty(2), "fds 0-2 are ttys");
	check(fcntl(0, F_GETFL) == O_RDWR, "the console is open read-write");
	check(write(2, "", 0) == 0, "a zero-length write to stderr returns 0");
}

static void test_open_rw(void)
{
	char buf[64];
	int fd, fd2;
	struct stat st;

	fd = open("/hello.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	check(fd == 3, "the first new descriptor is 3 (got %d)", fd);
	check(write(fd, "hello, ", 7) == 7 && write(fd, "world\n", 6) == 6,
	      "two writes");
	check(FAILS(read(fd, buf, 1), EBADF), "read on a write-only file: EBADF");
	check(close(fd) == 0, "close");
	check(FAILS(close(fd), EBADF), "close again: EBADF");
	fd = open("/hello.txt", O_RDONLY);
	check(fd == 3, "the lowest free descriptor is reused (%d)", fd);
	memset(buf, 0, sizeof(buf));
	check(read(fd, buf, sizeof(buf)) == 13 && !strcmp(buf, "hello, world\n"),
	      "read back what was written");
	check(read(fd, buf, sizeof(buf)) == 0, "then end of file");
	check(lseek(fd, 7, SEEK_SET) == 7 && read(fd, buf, 5) == 5 &&
		      !memcmp(buf, "world", 5),
	      "lseek SEEK_SET then read");
	check(lseek(fd, -6, SEEK_END) == 7, "lseek SEEK_END");
	check(lseek(fd, 2, SEEK_CUR) == 9, "lseek SEEK_CUR");
	check(FAILS(lseek(fd, -100, SEEK_CUR), EINVAL), "lseek before 0: EINVAL");
	check(FAILS(lseek(fd, 0, 42), EINVAL), "lseek bad whence: EINVAL");
	check(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "hello", 5) &&
		      lseek(fd, 0, SEEK_CUR) == 9,
	      "pread reads at its offset and leaves the position");
	check(FAILS(pread(fd, buf, 5, -1), EINVAL), "pread at -1: EINVAL");
	check(FAILS(read(fd, NULL, 5), EFAULT), "read into NULL: EFAULT");
	check(FAILS(syscall(SYS_fstat, fd, NULL), EFAULT), "fstat into NULL: EFAULT");
	check(FAILS(syscall(SYS_getdents64, fd, NULL, 100), EFAULT) ||
		      errno == ENOTDIR,
	      "getdents64 into NULL: EFAULT (or ENOTDIR for a file)");
	check(FAILS(open(NULL, O_RDONLY), EFAULT), "open(NULL): EFAULT");
	check(FAILS(close(-1), EBADF) && FAILS(read(-1, buf, 1), EBADF) &&
		      FAILS(fstat(12345, &st), EBADF),
	      "bad descriptors: EBADF");
	check(FAILS(write(fd, "x", 1), EBADF), "write on a read-only file: EBADF");
	check(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 13 &&
		      (st.st_mode & 0777) == 0644 && st.st_nlink == 1,
	      "fstat: a 13-byte regular file, mode 0644 (umask 022 applied)");
	fd2 = dup(fd);
	check(fd2 == 4 && lseek(fd2, 0, SEEK_CUR) == 9,
	      "dup shares the file position (%d)", fd2);
	close(fd2);
	close(fd);

	fd = open("/hello.txt", O_WRONLY | O_APPEND);
	check(fd >= 0 && write(fd, "more\n", 5) == 5, "O_APPEND write");
	check(stat("/hello.txt", &st) == 0 && st.st_size == 18, "appended at the end (%ld)",
	      (long)st.st_size);
	check(pwrite(fd, "HELLO", 5, 0) == 5, "pwrite");
	close(fd);
	fd = open("/hello.txt", O_RDWR | O_TRUNC);
	check(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties");
	check(lseek(fd, 100000, SEEK_SET) == 100000 && write(fd, "z", 1) == 1 &&
		      pread(fd, buf, 4, 50000) == 4 && !memcmp(buf, "\0\0\0\0", 4),
	      "a write past the end leaves a hole of zeros");
	check(ftruncate(fd, 10) == 0 && fstat(fd, &st) == 0 && st.st_size == 10,
	      "ftruncate shrinks");
	check(ftruncate(fd, 5000) == 0 && pread(fd, buf, 4, 4000) == 4 &&
		      !memcmp(buf, "\0\0\0\0", 4),
	      "ftruncate grows with zeros");
	check(FAILS(ftruncate(fd, -1), EINVAL), "ftruncate -1: EINVAL");
	close(fd);

	check(FAILS(open("/hello.txt", O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST),
	      "O_CREAT|O_EXCL on an existing file: EEXIST");
	check(FAILS(open("/nosuch", O_RDONLY), ENOENT), "missing file: ENOENT");
	check(FAILS(open("/hello.txt/x", O_RDONLY), ENOTDIR),
	      "a file used as a directory: ENOTDIR");
	check(FAILS(open("/", O_WRONLY), EISDIR), "a directory opened for writing: EISDIR");
	check(FAILS(open("/hello.txt", O_RDONLY | O_DIRECTORY), ENOTDIR),
	      "O_DIRECTORY on a file: ENOTDIR");
	check(FAILS(open("/newfile/", O_CREAT | O_WRONLY, 0600), EISDIR),
	      "O_CREAT of a name with a trailing slash: EISDIR");
	check(mkdir("/newdir/", 0755) == 0 && rmdir("/newdir/") == 0,
	      "mkdir and rmdir accept a trailing slash");
	check(FAILS(open("/hello.txt/", O_RDONLY), ENOTDIR),
	      "a file named with a trailing slash: ENOTDIR");
}

static void test_vectors(void)
{
	char a[4], b[6];
	struct iovec w[2] = { { "abc", 3 }, { "defghi", 6 } };
	struct iovec r[2] = { { a, 4 }, { b, 6 } };
	int fd = open("/vec", O_CREAT | O_RDWR, 0600);

	check(writev(fd, w, 2) == 9, "writev gathers 9 bytes");
	memset(a, 0, 4);
	memset(b, 0, 6);
	check(lseek(fd, 0, SEEK_SET) == 0 && readv(fd, r, 2) == 9 &&
		      !memcmp(a, "abcd", 4) && !memcmp(b, "efghi", 5),
	      "readv scatters them");
	check(FAILS(writev(fd, w, -1), EINVAL), "writev with a negative count: EINVAL");
	check(pwritev(fd, w, 1, 20) == 3, "pwritev at 20");
	close(fd);
}

static void test_dirs(void)
{
	struct stat st;
	char cwd[PATH_MAX];
	DIR *d;
	struct dirent *e;
	int n = 0, dots = 0, seen = 0;

	check(mkdir("/d", 0755) == 0, "mkdir /d");
	check(FAILS(mkdir("/d", 0755), EEXIST), "mkdir again: EEXIST");
	check(mkdir("/d/e", 0700) == 0 && mkdir("/d/e/f", 0700) == 0, "nested mkdirs");
	check(FAILS(mkdir("/x/y", 0755), ENOENT), "mkdir under a missing dir: ENOENT");
	check(stat("/d", &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 3,
	      "a directory with one subdirectory has 3 links (%lu)",
	      (unsigned long)st.st_nlink);
	close(open("/d/file1", O_CREAT | O_WRONLY, 0600));
	close(open("/d/file2", O_CREAT | O_WRONLY, 0600));
	d = opendir("/d");
	check(d != NULL, "opendir");
	while (d && (e = readdir(d))) {
		n++;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			dots++;
		if (!strcmp(e->d_name, "file1") && e->d_type == DT_REG)
			seen++;
		if (!strcmp(e->d_name, "e") && e->d_type == DT_DIR)
			seen++;
	}
	check(n == 5 && dots == 2 && seen == 2,
	      "readdir lists . .. e file1 file2 with their types (%d entries)", n);
	if (d) {
		rewinddir(d);
		check(readdir(d) != NULL, "rewinddir starts over");
		closedir(d);
	}
	check(chdir("/d/e") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/d/e"),
	      "chdir and getcwd (%s)", cwd);
	check(chdir("f/../..") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/d"),
	      "relative chdir through .. (%s)", cwd);
	check(access("file1", F_OK) == 0, "relative paths use the working directory");
	errno = 0;
	check(getcwd(cwd, 2) == NULL && errno == ERANGE, "getcwd into a small buffer: ERANGE");
	chdir("/");
	check(FAILS(rmdir("/d"), ENOTEMPTY), "rmdir of a non-empty directory: ENOTEMPTY");
	check(FAILS(rmdir("/d/file1"), ENOTDIR), "rmdir of a file: ENOTDIR");
	check(FAILS(unlink("/d/e"), EISDIR), "unlink of a directory: EISDIR");
	check(rmdir("/d/e/f") == 0 && rmdir("/d/e") == 0, "rmdir empty directories");
	check(stat("/d", &st) == 0 && st.st_nlink == 2, "the parent's link count drops");
	check(unlink("/d/file1") == 0 && FAILS(access("/d/file1", F_OK), ENOENT),
	      "unlink removes the name");
	check(FAILS(rmdir("/d/."), EINVAL), "rmdir of '.': EINVAL");
}

static void test_links(void)
{
	char buf[PATH_MAX];
	struct stat st;
	int fd;

	close(open("/target", O_CREAT | O_WRONLY, 0644));
	check(symlink("/target", "/sl") == 0, "symlink");
	check(readlink("/sl", buf, sizeof(buf)) == 7 && !memcmp(buf, "/target", 7),
	      "readlink returns the target, unterminated length");
	check(lstat("/sl", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 7,
	      "lstat sees the link");
	check(stat("/sl", &st) == 0 && S_ISREG(st.st_mode), "stat follows it");
	check(FAILS(open("/sl", O_RDONLY | O_NOFOLLOW), ELOOP), "O_NOFOLLOW: ELOOP");
	check(FAILS(readlink("/target", buf, sizeof(buf)), EINVAL),
	      "readlink of a file: EINVAL");
	check(symlink("loop2", "/loop1") == 0 && symlink("loop1", "/loop2") == 0 &&
		      FAILS(open("/loop1", O_RDONLY), ELOOP),
	      "a symlink loop: ELOOP");
	check(symlink("/nowhere", "/dangling") == 0 &&
		      (fd = open("/dangling", O_CREAT | O_WRONLY, 0600)) >= 0 &&
		      access("/nowhere", F_OK) == 0,
	      "O_CREAT through a dangling symlink creates its target");
	close(fd);
	check(link("/target", "/hard") == 0 && stat("/target", &st) == 0 &&
		      st.st_nlink == 2,
	      "link: two names, nlink 2");
	check(FAILS(link("/d", "/dlink"), EPERM), "link of a directory: EPERM");
	check(rename("/hard", "/hard2") == 0 && access("/hard", F_OK) != 0 &&
		      access("/hard2", F_OK) == 0,
	      "rename moves the name");
	mkdir("/r1", 0755);
	mkdir("/r1/sub", 0755);
	check(FAILS(rename("/r1", "/r1/sub/x"), EINVAL),
	      "a directory into its own subtree: EINVAL");
	check(rename("/r1/sub", "/rsub") == 0 && stat("/rsub", &st) == 0 &&
		      S_ISDIR(st.st_mode),
	      "rename a directory to another parent");
	check(chdir("/rsub") == 0 && getcwd(buf, sizeof(buf)) && !strcmp(buf, "/rsub"),
	      "its new path (%s)", buf);
	chdir("/");
	check(FAILS(rename("/target", "/rsub"), EISDIR), "a file over a directory: EISDIR");
	/* musl 1.2.3 has no renameat2 wrapper; 1 is RENAME_NOREPLACE. */
	check(FAILS(syscall(SYS_renameat2, AT_FDCWD, "/target", AT_FDCWD, "/hard2", 1),
		    EEXIST),
	      "RENAME_NOREPLACE over an existing name: EEXIST");
}

static void test_fd_ops(void)
{
	int fd = open("/f", O_CREAT | O_RDWR, 0600), fd2;

	check(fcntl(fd, F_GETFD) == 0, "F_GETFD: not close-on-exec");
	check(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
	      "F_SETFD sets FD_CLOEXEC");
	check((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "F_GETFL: O_RDWR");
	check(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK) == 0 &&
		      (fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK)) == (O_APPEND | O_NONBLOCK),
	      "F_SETFL sets O_APPEND and O_NONBLOCK");
	fd2 = fcntl(fd, F_DUPFD, 10);
	check(fd2 == 10 && fcntl(fd2, F_GETFD) == 0,
	      "F_DUPFD gives the lowest free fd >= 10, without CLOEXEC");
	check(fcntl(fd, F_DUPFD_CLOEXEC, 10) == 11 && fcntl(11, F_GETFD) == FD_CLOEXEC,
	      "F_DUPFD_CLOEXEC");
	check(dup2(fd, 20) == 20 && dup2(20, 20) == 20, "dup2, also onto itself");
	check(FAILS(dup2(99, 21), EBADF), "dup2 of a closed fd: EBADF");
	check(dup3(fd, 21, O_CLOEXEC) == 21 && fcntl(21, F_GETFD) == FD_CLOEXEC,
	      "dup3 with O_CLOEXEC");
	check(FAILS(dup3(fd, fd, 0), EINVAL), "dup3 onto itself: EINVAL");
	check(FAILS(fcntl(99, F_GETFD), EBADF), "fcntl on a closed fd: EBADF");
	close(10);
	close(11);
	close(20);
	close(21);
	close(fd);
}

static void test_attrs(void)
{
	struct stat st;
	struct timespec ts[2] = { { 1000, 0 }, { 2000, 5 } };
	mode_t old;

	close(open("/a", O_CREAT | O_WRONLY, 0644));
	check(chmod("/a", 0600) == 0 && stat("/a", &st) == 0 && (st.st_mode & 0777) == 0600,
	      "chmod");
	check(chown("/a", 1000, 1000) == 0 && stat("/a", &st) == 0 && st.st_uid == 1000 &&
		      st.st_gid == 1000,
	      "chown");
	check(utimensat(AT_FDCWD, "/a", ts, 0) == 0 && stat("/a", &st) == 0 &&
		      st.st_atime == 1000 && st.st_mtim.tv_sec == 2000 &&
		      st.st_mtim.tv_nsec == 5,
	      "utimensat sets both times");
	check(FAILS(access("/a", X_OK), EACCES), "X_OK on a file without x bits: EACCES");
	check(access("/a", R_OK | W_OK) == 0, "root may read and write");
	check(FAILS(access("/a", 0100), EINVAL), "access with a bad mode: EINVAL");
	old = umask(077);
	check(old == 022, "umask returns the previous mask (0%o)", (unsigned)old);
	close(open("/b", O_CREAT | O_WRONLY, 0666));
	check(stat("/b", &st) == 0 && (st.st_mode & 0777) == 0600, "umask applies to creat");
	umask(old);
	check(truncate("/a", 123) == 0 && stat("/a", &st) == 0 && st.st_size == 123,
	      "truncate by path");
}

static void test_limits(void)
{
	char longname[300], longpath[5000];
	int fd;

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	longname[0] = '/';
	check(FAILS(open(longname, O_CREAT | O_WRONLY, 0600), ENAMETOOLONG),
	      "a 298-byte name: ENAMETOOLONG");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = 0;
	check(FAILS(open(longpath, O_RDONLY), ENAMETOOLONG),
	      "a 4999-byte path: ENAMETOOLONG");
	/* Fill the table to the limit: EMFILE, then one close frees one. */
	int count = 0;

	while ((fd = open("/", O_RDONLY)) >= 0)
		count++;
	check(errno == EMFILE && count > 1000, "descriptors run out with EMFILE (%d open)",
	      count);
	close(100);
	check(open("/", O_RDONLY) == 100, "the freed descriptor is reused");
	for (int i = 3; i < 1024; i++)
		close(i);
}

int main(void)
{
	test_console_fds();
	test_open_rw();
	test_vectors();
	test_dirs();
	test_links();
	test_fd_ops();
	test_attrs();
	test_limits();
	return tap_done();
}
