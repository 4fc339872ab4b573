/*
 * lib/posix-socket/sockfile.c - socket files: anonymous vfs files
 * (S_IFSOCK | 0777) whose operations reach the socket's driver, and the
 * helpers the system calls share (making, installing and finding
 * sockets).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <uk/alloc.h>
#include "socket_impl.h"

#define OPS(s) ((s)->drv->ops)

void uk_socket_notify(struct uk_socket *s, unsigned int events)
{
	uk_vfs_file_notify(s->file, events);
}

int uk_socket_nonblocking(const struct uk_socket *s)
{
	return !!(s->file->flags & O_NONBLOCK);
}

int uk_socket_msg_flags(const struct uk_socket *s, int flags)
{
	return uk_socket_nonblocking(s) ? flags | MSG_DONTWAIT : flags;
}

static ssize_t sock_read(struct uk_vfs_file *f, void *buf, size_t len,
			 off_t *off)
{
	struct uk_socket *s = f->priv;

	(void)off;
	if (OPS(s)->read)
		return OPS(s)->read(s->drv, s->sock, buf, len);
	return uk_socket_do_recvfrom(s, buf, len, uk_socket_msg_flags(s, 0),
				     NULL, NULL);
}

static ssize_t sock_write(struct uk_vfs_file *f, const void *buf, size_t len,
			  off_t *off)
{
	struct uk_socket *s = f->priv;

	(void)off;
	if (OPS(s)->write)
		return OPS(s)->write(s->drv, s->sock, buf, len);
	return uk_socket_do_sendto(s, buf, len, uk_socket_msg_flags(s, 0),
				   NULL, 0);
}

/* Without recvmsg/sendmsg: read/write per buffer, ending at a short one. */
static ssize_t sock_vector_each(struct uk_vfs_file *f, const struct iovec *iov,
				int iovcnt, bool out)
{
	ssize_t total = 0, rc = 0;

	if (!iovcnt)
		return out ? sock_write(f, NULL, 0, NULL) : sock_read(f, NULL, 0, NULL);
	for (int i = 0; i < iovcnt; i++) {
		if (!iov[i].iov_len && iovcnt > 1)
			continue;
		rc = out ? sock_write(f, iov[i].iov_base, iov[i].iov_len, NULL)
			 : sock_read(f, iov[i].iov_base, iov[i].iov_len, NULL);
		if (rc < 0)
			break;
		total += rc;
		if ((size_t)rc < iov[i].iov_len)
			break;
	}
	return total ? total : rc;
}

static ssize_t sock_readv(struct uk_vfs_file *f, const struct iovec *iov,
			  int iovcnt, off_t *off)
{
	struct uk_socket *s = f->priv;
	struct msghdr msg = { 0 };

	(void)off;
	if (!OPS(s)->recvmsg)
		return sock_vector_each(f, iov, iovcnt, false);
	msg.msg_iov = (struct iovec *)(uintptr_t)iov;
	msg.msg_iovlen = iovcnt;
	return OPS(s)->recvmsg(s->drv, s->sock, &msg, uk_socket_msg_flags(s, 0));
}

static ssize_t sock_writev(struct uk_vfs_file *f, const struct iovec *iov,
			   int iovcnt, off_t *off)
{
	struct uk_socket *s = f->priv;
	struct msghdr msg = { 0 };

	(void)off;
	if (!OPS(s)->sendmsg)
		return sock_vector_each(f, iov, iovcnt, true);
	msg.msg_iov = (struct iovec *)(uintptr_t)iov;
	msg.msg_iovlen = iovcnt;
	return OPS(s)->sendmsg(s->drv, s->sock, &msg, uk_socket_msg_flags(s, 0));
}

static int sock_ioctl(struct uk_vfs_file *f, unsigned long req, void *arg)
{
	struct uk_socket *s = f->priv;

	if (!OPS(s)->ioctl)
		return -ENOTTY;
	return OPS(s)->ioctl(s->drv, s->sock, req, arg);
}

static unsigned int sock_poll(struct uk_vfs_file *f)
{
	struct uk_socket *s = f->priv;

	if (!OPS(s)->poll)
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
	return OPS(s)->poll(s->drv, s->sock);
}

static void sock_release(struct uk_vfs_file *f)
{
	struct uk_socket *s = f->priv;

	if (s->live && OPS(s)->close)
		OPS(s)->close(s->drv, s->sock);
	uk_free(s);
}

const struct uk_vfs_file_ops uk_socket_file_ops = {
	.read = sock_read,
	.write = sock_write,
	.readv = sock_readv,
	.writev = sock_writev,
	.ioctl = sock_ioctl,
	.poll = sock_poll,
	.release = sock_release,
	.anon_mode = S_IFSOCK | 0777,
};

int uk_socket_new(struct uk_socket_driver *d, int family, int type,
		  int protocol, int flags, struct uk_socket **out)
{
	struct uk_socket *s = uk_calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->drv = d;
	s->family = family;
	s->type = type;
	s->protocol = protocol;
	s->file = uk_vfs_file_alloc(&uk_socket_file_ops, s,
				    O_RDWR | ((flags & SOCK_NONBLOCK) ? O_NONBLOCK : 0));
	if (!s->file) {
		uk_free(s);
		return -ENOMEM;
	}
	*out = s;
	return 0;
}

int uk_socket_install(struct uk_socket *s, int flags)
{
	int fd = uk_vfs_fd_install(s->file, 0,
				   (flags & SOCK_CLOEXEC) ? VFS_FD_CLOEXEC : 0);

	if (fd < 0)
		uk_vfs_file_put(s->file);
	return fd;
}

int uk_socket_fd_get(int fd, struct uk_socket **out)
{
	struct uk_vfs_file *f = uk_vfs_fd_get(fd);

	if (!f)
		return -EBADF;
	if (f->ops != &uk_socket_file_ops) {
		uk_vfs_file_put(f);
		return -ENOTSOCK;
	}
	*out = f->priv;
	return 0;
}
