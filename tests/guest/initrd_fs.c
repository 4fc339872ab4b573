/*
 * tests/guest/initrd_fs.c - a cpio initrd unpacked into the root at boot
 * (initrd_fs.sh builds it from the same list of members): types, modes,
 * owners, times, contents, symlinks, hard links, device nodes, parents
 * made on the way.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "musl_file.h"
#include "musl_tap.h"

int main(void)
{
	struct stat st, st2;
	char buf[64];
	ssize_t n;

	check(stat("/etc", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755,
	      "/etc is a directory, mode 0755");
	check(contents_are("/etc/hostname", "libuk-initrd\n"), "/etc/hostname's contents");
	check(stat("/etc/hostname", &st) == 0 && (st.st_mode & 07777) == 0644 &&
		      st.st_uid == 0 && st.st_mtime == 1700000000,
	      "its mode, owner and mtime (%o, %u, %ld)", (unsigned)(st.st_mode & 07777),
	      (unsigned)st.st_uid, (long)st.st_mtime);
	check(stat("/bin/tool", &st) == 0 && (st.st_mode & 07777) == 04755 &&
		      st.st_uid == 1000 && st.st_gid == 100,
	      "a setuid file owned by 1000:100 keeps all of it (%o)",
	      (unsigned)(st.st_mode & 07777));
	check(access("/bin/tool", X_OK) == 0, "and is executable");
	n = readlink("/bin/link", buf, sizeof(buf));
	check(n == 4 && !memcmp(buf, "tool", 4), "a symlink with its target");
	check(contents_are("/bin/link", "#!tool\n"), "which resolves to the file");
	check(stat("/deep/a/b/c/file", &st) == 0 && S_ISREG(st.st_mode),
	      "parents missing from the archive are made");
	check(stat("/deep/a", &st) == 0 && S_ISDIR(st.st_mode), "(a parent made on the way)");
	check(stat("/h1", &st) == 0 && stat("/h2", &st2) == 0 && st.st_ino == st2.st_ino &&
		      st.st_nlink == 2,
	      "hard links share one inode (nlink %lu)", (unsigned long)st.st_nlink);
	check(contents_are("/h1", "shared\n") && contents_are("/h2", "shared\n"),
	      "with the data of the member that carried it");
	check(stat("/dev2/null", &st) == 0 && S_ISCHR(st.st_mode) &&
		      major(st.st_rdev) == 1 && minor(st.st_rdev) == 3,
	      "a character device node (1,3)");
	check(lstat("/fifo", &st) == 0 && S_ISFIFO(st.st_mode), "a fifo");
	check(stat("/empty", &st) == 0 && st.st_size == 0, "an empty file");
	check(stat("/private", &st) == 0 && (st.st_mode & 07777) == 0700,
	      "a directory's own mode is applied after its files (0700)");
	return tap_done();
}
