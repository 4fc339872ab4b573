/*
 * lib/posix-socket/msg.c - data transfer: sendto, recvfrom, sendmsg,
 * recvmsg, sendmmsg, recvmmsg (Linux has no send/recv system calls on
 * x86_64 or arm64: the C library calls sendto/recvfrom), and the
 * fallbacks between a driver's operations that uk/socket.h promises.
 *
 * The file's non-blocking mode reaches the driver as MSG_DONTWAIT in the
 * flags. A message is checked as Linux checks it: NULL where buffers are
 * needed is EFAULT, more than UIO_MAXIOV (1024) buffers EMSGSIZE, a
 * negative address length or a total beyond SSIZE_MAX EINVAL. The
 * multiple-message calls return how many messages went through, failing
 * only when the first one fails.
 */
#define _GNU_SOURCE /* struct mmsghdr */
#include <errno.h>
#include <limits.h>
#include <time.h>
#include <sys/uio.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include "socket_impl.h"

#define OPS(s) ((s)->drv->ops)

/* The one non-empty buffer of a message (or none): false when several. */
static bool single_buffer(const struct msghdr *msg, void **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	for (int i = 0; i < (int)msg->msg_iovlen; i++) {
		if (!msg->msg_iov[i].iov_len)
			continue;
		if (*len)
			return false;
		*buf = msg->msg_iov[i].iov_base;
		*len = msg->msg_iov[i].iov_len;
	}
	if (!*buf && msg->msg_iovlen)
		*buf = msg->msg_iov[0].iov_base;
	return true;
}

ssize_t uk_socket_do_sendto(struct uk_socket *s, const void *buf, size_t len,
			    int flags, const struct sockaddr *dest,
			    socklen_t addrlen)
{
	struct iovec iov = { (void *)(uintptr_t)buf, len };
	struct msghdr msg = { 0 };

	if (OPS(s)->sendto)
		return OPS(s)->sendto(s->drv, s->sock, buf, len, flags, dest, addrlen);
	if (!OPS(s)->sendmsg)
		return -EOPNOTSUPP;
	msg.msg_name = (void *)(uintptr_t)dest;
	msg.msg_namelen = dest ? addrlen : 0;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	return OPS(s)->sendmsg(s->drv, s->sock, &msg, flags);
}

ssize_t uk_socket_do_recvfrom(struct uk_socket *s, void *buf, size_t len,
			      int flags, struct sockaddr *src,
			      socklen_t *addrlen)
{
	struct iovec iov = { buf, len };
	struct msghdr msg = { 0 };
	ssize_t rc;

	if (OPS(s)->recvfrom)
		return OPS(s)->recvfrom(s->drv, s->sock, buf, len, flags, src,
					addrlen);
	if (!OPS(s)->recvmsg)
		return -EOPNOTSUPP;
	msg.msg_name = src;
	msg.msg_namelen = src ? *addrlen : 0;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	rc = OPS(s)->recvmsg(s->drv, s->sock, &msg, flags);
	if (rc >= 0 && src)
		*addrlen = msg.msg_namelen;
	return rc;
}

/* Linux's checks of a message header and its vector. */
static int check_msg(const struct msghdr *msg)
{
	size_t total = 0;

	if (!msg)
		return -EFAULT;
	if (msg->msg_name && (int)msg->msg_namelen < 0)
		return -EINVAL;
	if ((unsigned int)msg->msg_iovlen > UK_SOCK_MAXIOV)
		return -EMSGSIZE;
	if (!msg->msg_iov && msg->msg_iovlen)
		return -EFAULT;
	if (!msg->msg_control && msg->msg_controllen)
		return -EFAULT;
	for (int i = 0; i < (int)msg->msg_iovlen; i++) {
		if (msg->msg_iov[i].iov_len > (size_t)SSIZE_MAX - total)
			return -EINVAL;
		total += msg->msg_iov[i].iov_len;
	}
	return 0;
}

ssize_t uk_socket_do_sendmsg(struct uk_socket *s, const struct msghdr *msg,
			     int flags)
{
	int rc = check_msg(msg);
	void *buf;
	size_t len;

	if (rc < 0)
		return rc;
	if (OPS(s)->sendmsg)
		return OPS(s)->sendmsg(s->drv, s->sock, msg, flags);
	if (!OPS(s)->sendto || msg->msg_controllen || !single_buffer(msg, &buf, &len))
		return -EOPNOTSUPP;
	return OPS(s)->sendto(s->drv, s->sock, buf, len, flags, msg->msg_name,
			      msg->msg_name ? msg->msg_namelen : 0);
}

ssize_t uk_socket_do_recvmsg(struct uk_socket *s, struct msghdr *msg,
			     int flags)
{
	int rc = check_msg(msg);
	socklen_t namelen;
	ssize_t n;
	void *buf;
	size_t len;

	if (rc < 0)
		return rc;
	if (OPS(s)->recvmsg)
		return OPS(s)->recvmsg(s->drv, s->sock, msg, flags);
	if (!OPS(s)->recvfrom || msg->msg_controllen || !single_buffer(msg, &buf, &len))
		return -EOPNOTSUPP;
	namelen = msg->msg_name ? msg->msg_namelen : 0;
	n = OPS(s)->recvfrom(s->drv, s->sock, buf, len, flags, msg->msg_name,
			     msg->msg_name ? &namelen : NULL);
	if (n >= 0) {
		msg->msg_namelen = namelen;
		msg->msg_flags = 0;
	}
	return n;
}

UK_SYSCALL_DEFINE6(sendto, int, fd, const void *, buf, size_t, len, int, flags,
		   const struct sockaddr *, dest, socklen_t, addrlen)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);

	if (rc < 0)
		return rc;
	if (len > INT_MAX)
		len = INT_MAX; /* Linux's cap on one transfer's size */
	if (!buf && len)
		rc = -EFAULT;
	else if (dest && ((int)addrlen < 0 || addrlen > sizeof(struct sockaddr_storage)))
		rc = -EINVAL;
	else
		rc = uk_socket_do_sendto(s, buf, len, uk_socket_msg_flags(s, flags),
					 dest, dest ? addrlen : 0);
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE6(recvfrom, int, fd, void *, buf, size_t, len, int, flags,
		   struct sockaddr *, src, socklen_t *, addrlen)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);

	if (rc < 0)
		return rc;
	if (len > INT_MAX)
		len = INT_MAX;
	if (!buf && len)
		rc = -EFAULT;
	else if (src && !addrlen)
		rc = -EFAULT;
	else if (src && (int)*addrlen < 0)
		rc = -EINVAL;
	else
		rc = uk_socket_do_recvfrom(s, buf, len, uk_socket_msg_flags(s, flags),
					   src, src ? addrlen : NULL);
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE3(sendmsg, int, fd, const struct msghdr *, msg, int, flags)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);

	if (rc < 0)
		return rc;
	rc = uk_socket_do_sendmsg(s, msg, uk_socket_msg_flags(s, flags));
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE3(recvmsg, int, fd, struct msghdr *, msg, int, flags)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);

	if (rc < 0)
		return rc;
	rc = uk_socket_do_recvmsg(s, msg, uk_socket_msg_flags(s, flags));
	uk_vfs_file_put(s->file);
	return rc;
}

UK_SYSCALL_DEFINE4(sendmmsg, int, fd, struct mmsghdr *, vec, unsigned int, vlen,
		   int, flags)
{
	struct uk_socket *s;
	long rc = uk_socket_fd_get(fd, &s);
	unsigned int done = 0;

	if (rc < 0)
		return rc;
	if (vlen > UK_SOCK_MAXIOV)
		vlen = UK_SOCK_MAXIOV;
	if (!vec && vlen) {
		uk_vfs_file_put(s->file);
		return -EFAULT;
	}
	flags = uk_socket_msg_flags(s, flags);
	while (done < vlen) {
		rc = uk_socket_do_sendmsg(s, &vec[done].msg_hdr, flags);
		if (rc < 0)
			break;
		vec[done].msg_len = (unsigned int)rc;
		done++;
	}
	uk_vfs_file_put(s->file);
	return done ? (long)done : rc;
}

#define NSEC_PER_SEC 1000000000LL

UK_SYSCALL_DEFINE5(recvmmsg, int, fd, struct mmsghdr *, vec, unsigned int, vlen,
		   int, flags, struct timespec *, timeout)
{
	struct uk_socket *s;
	long rc;
	unsigned int done = 0;
	uint64_t end = 0;

	if (timeout) {
		/* Checked after each message, never a wait of its own (Linux). */
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 ||
		    timeout->tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		end = ukplat_monotonic_ns() +
		      (uint64_t)timeout->tv_sec * NSEC_PER_SEC +
		      (uint64_t)timeout->tv_nsec;
	}
	rc = uk_socket_fd_get(fd, &s);
	if (rc < 0)
		return rc;
	if (vlen > UK_SOCK_MAXIOV)
		vlen = UK_SOCK_MAXIOV;
	if (!vec && vlen) {
		uk_vfs_file_put(s->file);
		return -EFAULT;
	}
	while (done < vlen) {
		rc = uk_socket_do_recvmsg(s, &vec[done].msg_hdr,
					  uk_socket_msg_flags(s, flags & ~MSG_WAITFORONE));
		if (rc < 0)
			break;
		vec[done].msg_len = (unsigned int)rc;
		done++;
		/* MSG_WAITFORONE: only the first message may be waited for. */
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (timeout) {
			uint64_t now = ukplat_monotonic_ns();
			uint64_t left = now < end ? end - now : 0;

			timeout->tv_sec = (time_t)(left / NSEC_PER_SEC);
			timeout->tv_nsec = (long)(left % NSEC_PER_SEC);
			if (!left)
				break;
		}
	}
	uk_vfs_file_put(s->file);
	return done ? (long)done : rc;
}
