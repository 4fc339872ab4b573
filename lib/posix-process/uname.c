/*
 * lib/posix-process/uname.c - uname: what the application is told about
 * the system it runs on.
 *
 * The answers are chosen so that programs keep working, not to pretend:
 * - sysname "Linux": programs (configure scripts, runtimes, build tools)
 *   parse it to pick their Linux code paths, which is what we implement;
 * - release "6.1.0-libuk": a Linux-looking version (Debian 12's kernel
 *   series) so that feature checks on the kernel version pass, with a
 *   suffix that names libuk, as distribution kernels carry theirs;
 * - version "libuk <version>": what the system really is;
 * - nodename "libuk", or the value of the boot option uk.hostname=NAME
 *   (at most 64 characters, longer names are cut);
 * - machine: the architecture ("x86_64", "aarch64");
 * - domainname "(none)", what Linux reports when none was set.
 */
#define _GNU_SOURCE /* musl names utsname's last field domainname only then */
#include <errno.h>
#include <stddef.h>
#include <sys/utsname.h>
#include <uk/param.h>
#include <uk/syscall.h>
#include <ukbase/string.h>

/* Passed by posix-process.am from configure's PACKAGE_VERSION. */
#ifndef UK_VERSION
#ifdef PACKAGE_VERSION
#define UK_VERSION PACKAGE_VERSION
#else
#define UK_VERSION "unknown"
#endif
#endif

#if defined(__x86_64__)
#define UK_MACHINE "x86_64"
#elif defined(__aarch64__)
#define UK_MACHINE "aarch64"
#else
#error "uname: unknown architecture"
#endif

#define UK_UNAME_SYSNAME "Linux"
#define UK_UNAME_RELEASE "6.1.0-libuk"

/* Linux's struct new_utsname: six fields of 65 bytes, as musl's. */
_Static_assert(sizeof(struct utsname) == 6 * 65, "utsname ABI");

static const char *hostname = "libuk";

UK_PARAM_STR(hostname, "uk.hostname", &hostname);

UK_SYSCALL_DEFINE1(uname, struct utsname *, u)
{
	if (!u)
		return -EFAULT;
	/* Clear the whole structure: no stale bytes after the strings. */
	uk_memset(u, 0, sizeof(*u));
	uk_strlcpy(u->sysname, UK_UNAME_SYSNAME, sizeof(u->sysname));
	uk_strlcpy(u->nodename, hostname, sizeof(u->nodename));
	uk_strlcpy(u->release, UK_UNAME_RELEASE, sizeof(u->release));
	uk_strlcpy(u->version, "libuk " UK_VERSION, sizeof(u->version));
	uk_strlcpy(u->machine, UK_MACHINE, sizeof(u->machine));
	uk_strlcpy(u->domainname, "(none)", sizeof(u->domainname));
	return 0;
}
