/*
 * lib/posix-user/nscd.c - what musl's user and group lookups need besides
 * the files: each lookup that the files do not answer (getpwnam of an
 * unknown name, every getgrouplist) first asks a name service cache
 * daemon over an AF_UNIX socket, and musl treats "no such address family"
 * (EAFNOSUPPORT) as "no daemon". Until a socket layer is linked, socket
 * therefore answers EAFNOSUPPORT for every family, as Linux does when
 * none is configured; this is a fallback registration (uk/syscall.h), so
 * a real socket implementation replaces it.
 */
#include <errno.h>
#include <sys/socket.h>
#include <uk/print.h>
#include <uk/syscall.h>

static long no_socket(long domain, long type, long protocol, long a3, long a4,
		      long a5)
{
	static int warned;

	(void)type, (void)protocol, (void)a3, (void)a4, (void)a5;
	/* AF_UNIX is musl's quiet probe for a lookup daemon; others get a line. */
	if (domain != AF_UNIX && !warned) {
		warned = 1;
		uk_pr_warn("socket: no socket layer linked, address family %ld "
			   "unavailable: EAFNOSUPPORT", domain);
	}
	return -EAFNOSUPPORT;
}
UK_SYSCALL_REGISTER_FALLBACK(socket, no_socket);
