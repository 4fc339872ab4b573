/*
 * lib/posix-process/cwd.c - getcwd: the working directory is "/" (there is
 * no chdir yet; the VFS will own the working directory once it exists).
 *
 * Like Linux's system call (not the C library function), it returns the
 * length of the path including its terminating NUL, and ERANGE when the
 * buffer cannot hold it.
 */
#include <errno.h>
#include <stddef.h>
#include <uk/syscall.h>
#include <ukbase/string.h>

UK_SYSCALL_DEFINE2(getcwd, char *, buf, size_t, size)
{
	static const char cwd[] = "/";

	if (size < sizeof(cwd))
		return -ERANGE;
	if (!buf)
		return -EFAULT;
	uk_memcpy(buf, cwd, sizeof(cwd));
	return sizeof(cwd);
}
