/*
 * lib/posix-socket/socket_impl.h - posix-socket's internal interface:
 * the socket behind a socket file, and the calls shared by the system
 * calls, the file operations and the message calls.
 */
#ifndef POSIX_SOCKET_IMPL_H
#define POSIX_SOCKET_IMPL_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <uk/socket.h>
#include <uk/vfs.h>

struct uk_socket {
	struct uk_socket_driver *drv;
	void *sock;             /* the driver's; valid once 'live' */
	bool live;              /* create/accept4/socketpair succeeded */
	int family, type, protocol;
	struct uk_vfs_file *file;
};

/* Linux's limits: messages of at most UIO_MAXIOV buffers, listen backlog. */
#define UK_SOCK_MAXIOV 1024
#define UK_SOCK_SOMAXCONN 4096

/* sockfile.c */
extern const struct uk_vfs_file_ops uk_socket_file_ops;
/*
 * A socket and its file (one reference, not installed): the driver's
 * operation is still to run, then uk_socket_install.
 */
int uk_socket_new(struct uk_socket_driver *d, int family, int type,
		  int protocol, int flags, struct uk_socket **out);
/*
 * Install the socket's file as a descriptor (SOCK_CLOEXEC in flags); on
 * failure the file is put. Returns the descriptor or a negative errno.
 */
int uk_socket_install(struct uk_socket *s, int flags);
/*
 * The socket behind descriptor fd with a reference to its file (put it
 * with uk_vfs_file_put(s->file)): -EBADF, -ENOTSOCK.
 */
int uk_socket_fd_get(int fd, struct uk_socket **out);
/* The send and receive flags the driver gets: MSG_DONTWAIT when non-blocking. */
int uk_socket_msg_flags(const struct uk_socket *s, int flags);

/* msg.c: the calls with the driver's fallbacks (uk/socket.h). */
ssize_t uk_socket_do_sendto(struct uk_socket *s, const void *buf, size_t len,
			    int flags, const struct sockaddr *dest,
			    socklen_t addrlen);
ssize_t uk_socket_do_recvfrom(struct uk_socket *s, void *buf, size_t len,
			      int flags, struct sockaddr *src,
			      socklen_t *addrlen);
/* Checked messages (EFAULT, EINVAL, EMSGSIZE as Linux). */
ssize_t uk_socket_do_sendmsg(struct uk_socket *s, const struct msghdr *msg,
			     int flags);
ssize_t uk_socket_do_recvmsg(struct uk_socket *s, struct msghdr *msg,
			     int flags);

#endif /* POSIX_SOCKET_IMPL_H */
