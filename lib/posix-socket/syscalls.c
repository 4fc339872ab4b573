/*
 * lib/posix-socket/syscalls.c - the socket system calls other than data
 * transfer: socket, socketpair, accept, accept4, bind, listen, connect,
 * shutdown, getsockname, getpeername, getsockopt, setsockopt.
 *
 * Checks made here, as Linux makes them above its protocols: unknown bits
 * beside SOCK_NONBLOCK/SOCK_CLOEXEC are EINVAL, a family no enabled driver
 * serves is EAFNOSUPPORT, a descriptor that is not open is EBADF and one
 * that is not a socket ENOTSOCK; a missing address or length the call
 * needs is EFAULT, a negative length EINVAL (an address longer than a
 * sockaddr_storage too); listen's backlog is capped at SOMAXCONN (4096).
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "socket_impl.h"

#define SOCK_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)
#define SOCK_TYPE_MASK 0xf
#define SOCK_TYPE_MAX 10 /* SOCK_PACKET */

#define OPS(s) ((s)->drv->ops)

/*
 * socket's and socketpair's arguments, in Linux's order: flag bits in the
 * type (EINVAL), the family (EAFNOSUPPORT), the type itself (EINVAL). The
 * type goes back without its flags, which go to *flags.
 */
static int check_args(int family, int *type, int *flags,
		      struct uk_socket_driver **d)
{
	*flags = *type & ~SOCK_TYPE_MASK;
	if (*flags & ~SOCK_FLAGS)
		return -EINVAL;
	*type &= SOCK_TYPE_MASK;
	*d = uk_socket_driver_find(family);
	if (!*d)
		return -EAFNOSUPPORT;
	if (*type > SOCK_TYPE_MAX)
		return -EINVAL;
	return 0;
}

static long sys_socket(int family, int type, int protocol)
{
	struct uk_socket_driver *d;
	struct uk_socket *s;
	int flags;
	int rc;

	rc = check_args(family, &type, &flags, &d);
	if (rc < 0)
		return rc;
	if (!d->ops->create)
		return -EOPNOTSUPP;
	rc = uk_socket_new(d, family, type, protocol, flags, &s);
	if (rc < 0)
		return rc;
	rc = d->ops->create(d, s, family, type, protocol, &s->sock);
	if (rc < 0) {
		uk_vfs_file_put(s->file);
		return rc;
	}
	s->live = true;
	return uk_socket_install(s, flags);
}

UK_SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	return sys_socket(family, type, protocol);
}

UK_SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, int *, sv)
{
	struct uk_socket_driver *d;
	struct uk_socket *s1, *s2;
	int flags;
	int rc, fd1, fd2;

	rc = check_args(family, &type, &flags, &d);
	if (rc < 0)
		return rc;
	if (!sv)
		return -EFAULT;
	if (!d->ops->socketpair)
		return -EOPNOTSUPP;
	rc = uk_socket_new(d, family, type, protocol, flags, &s1);
	if (rc < 0)
		return rc;
	rc = uk_socket_new(d, family, type, protocol, flags, &s2);
	if (rc < 0) {
		uk_vfs_file_put(s1->file);
		return rc;
	}
	rc = d->ops->socketpair(d, s1, s2, family, type, protocol, &s1->sock,
				&s2->sock);
	if (rc < 0) {
		uk_vfs_file_put(s1->file);
		uk_vfs_file_put(s2->file);
		return rc;
	}
	s1->live = s2->live = true;
	fd1 = uk_socket_install(s1, flags);
	if (fd1 < 0) {
		uk_vfs_file_put(s2->file);
		return fd1;
	}
	fd2 = uk_socket_install(s2, flags);
	if (fd2 < 0) {
		uk_vfs_fd_close(fd1);
		return fd2;
	}
	sv[0] = fd1;
	sv[1] = fd2;
	return 0;
}

/* An address the caller fills: addr (may be NULL) and its in/out length. */
static int check_out_addr(const struct sockaddr *addr, const socklen_t *addrlen)
{
	if (!addrlen)
		return -EFAULT;
	if ((int)*addrlen < 0)
		return -EINVAL;
	if (!addr && *addrlen)
		return -EFAULT;
	return 0;
}

/* An address the caller gives. */
static int check_in_addr(const struct sockaddr *addr, socklen_t addrlen)
{
	if ((int)addrlen < 0 || addrlen > sizeof(struct sockaddr_storage))
		return -EINVAL;
	if (!addr && addrlen)
		return -EFAULT;
	return 0;
}

static long sys_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen,
			int flags)
{
	struct uk_socket *s, *ns;
	long rc;

	if (flags & ~SOCK_FLAGS)
		return -EINVAL;
	rc = uk_socket_fd_get(fd, &s);
	if (rc < 0)
		return rc;
	if (addr && (rc = check_out_addr(addr, addrlen)) < 0)
		goto out;
	if (!OPS(s)->accept4) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	rc = uk_socket_new(s->drv, s->family, s->type, s->protocol, flags, &ns);
	if (rc < 0)
		goto out;
	rc = OPS(s)->accept4(s->drv, s->sock, ns, addr, addr ? addrlen : NULL,
			     flags, &ns->sock);
	if (rc < 0) {
		uk_vfs_file_put(ns->file);
		goto out;
	}
	ns->live = true;
	rc = uk_socket_install(ns, flags);
out:
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE3(accept, int, fd, struct sockaddr *, addr, socklen_t *, addrlen)
{
	return sys_accept4(fd, addr, addrlen, 0);
}

UK_SYSCALL_DEFINE4(accept4, int, fd, struct sockaddr *, addr,
		   socklen_t *, addrlen, int, flags)
{
	return sys_accept4(fd, addr, addrlen, flags);
}

/* bind and connect: the same checks, then the driver's operation. */
static long sys_addr_call(int fd, const struct sockaddr *addr,
			  socklen_t addrlen, bool connect)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);
	int (*op)(struct uk_socket_driver *, void *, const struct sockaddr *,
		  socklen_t);

	if (rc < 0)
		return rc;
	op = connect ? OPS(s)->connect : OPS(s)->bind;
	rc = check_in_addr(addr, addrlen);
	if (rc == 0)
		rc = op ? op(s->drv, s->sock, addr, addrlen) : -EOPNOTSUPP;
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE3(bind, int, fd, const struct sockaddr *, addr, socklen_t, addrlen)
{
	return sys_addr_call(fd, addr, addrlen, false);
}

UK_SYSCALL_DEFINE3(connect, int, fd, const struct sockaddr *, addr, socklen_t, addrlen)
{
	return sys_addr_call(fd, addr, addrlen, true);
}

UK_SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);

	if (rc < 0)
		return rc;
	/* Linux: a backlog above somaxconn, or negative, is somaxconn. */
	if ((unsigned int)backlog > UK_SOCK_SOMAXCONN)
		backlog = UK_SOCK_SOMAXCONN;
	rc = OPS(s)->listen ? OPS(s)->listen(s->drv, s->sock, backlog) : -EOPNOTSUPP;
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);

	if (rc < 0)
		return rc;
	if (how < SHUT_RD || how > SHUT_RDWR)
		rc = -EINVAL;
	else
		rc = OPS(s)->shutdown ? OPS(s)->shutdown(s->drv, s->sock, how)
				      : -EOPNOTSUPP;
	uk_vfs_file_put(s->file);
	return rc;
}

static long sys_getname(int fd, struct sockaddr *addr, socklen_t *addrlen,
			bool peer)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);
	int (*op)(struct uk_socket_driver *, void *, struct sockaddr *, socklen_t *);

	if (rc < 0)
		return rc;
	rc = check_out_addr(addr, addrlen);
	if (rc == 0) {
		op = peer ? OPS(s)->getpeername : OPS(s)->getsockname;
		rc = op ? op(s->drv, s->sock, addr, addrlen) : -EOPNOTSUPP;
	}
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE3(getsockname, int, fd, struct sockaddr *, addr, socklen_t *, addrlen)
{
	return sys_getname(fd, addr, addrlen, false);
}

UK_SYSCALL_DEFINE3(getpeername, int, fd, struct sockaddr *, addr, socklen_t *, addrlen)
{
	return sys_getname(fd, addr, addrlen, true);
}

/* The options the socket layer knows itself: what socket() was given. */
static bool own_option(const struct uk_socket *s, int level, int optname, int *v)
{
	if (level != SOL_SOCKET)
		return false;
	switch (optname) {
	case SO_TYPE:
		*v = s->type;
		return true;
	case SO_DOMAIN:
		*v = s->family;
		return true;
	case SO_PROTOCOL:
		*v = s->protocol;
		return true;
	default:
		return false;
	}
}

UK_SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, optname, void *, optval,
		   socklen_t *, optlen)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);
	int v;

	if (rc < 0)
		return rc;
	if (!optlen)
		rc = -EFAULT;
	else if ((int)*optlen < 0)
		rc = -EINVAL;
	else if (!optval && *optlen)
		rc = -EFAULT;
	else if (own_option(s, level, optname, &v)) {
		/* Linux copies at most the int, truncated to what fits. */
		if (*optlen > sizeof(v))
			*optlen = sizeof(v);
		uk_memcpy(optval, &v, *optlen);
		rc = 0;
	} else
		rc = OPS(s)->getsockopt
			     ? OPS(s)->getsockopt(s->drv, s->sock, level, optname,
						  optval, optlen)
			     : -EOPNOTSUPP;
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, optname,
		   const void *, optval, socklen_t, optlen)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);

	if (rc < 0)
		return rc;
	if ((int)optlen < 0)
		rc = -EINVAL;
	else if (!optval && optlen)
		rc = -EFAULT;
	else
		rc = OPS(s)->setsockopt
			     ? OPS(s)->setsockopt(s->drv, s->sock, level, optname,
						  optval, optlen)
			     : -EOPNOTSUPP;
	uk_vfs_file_put(s->file);
	return rc;
}
