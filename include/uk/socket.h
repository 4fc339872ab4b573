/*
 * uk/socket.h - the socket layer (lib/posix-socket) and the interface of
 * the address-family drivers behind it.
 *
 * posix-socket owns the socket system calls and the socket files; it
 * implements no protocol. Every call on a socket reaches the driver
 * registered for the socket's address family: AF_UNIX (lib/posix-unixsocket),
 * AF_INET/AF_INET6 (the network stack), or any number a library registers,
 * including numbers <sys/socket.h> does not know.
 *
 * A driver is a struct uk_socket_driver registered with
 * UK_SOCKET_DRIVER_REGISTER(variable), which places a pointer to it in the
 * .uk_socket_drivers section: linking the driver's library is all it
 * takes. At boot posix-socket runs every driver's init once; a driver whose
 * init fails is disabled (its families then answer EAFNOSUPPORT) and the
 * console says why.
 *
 * Every operation gets the driver and the opaque socket pointer the driver
 * returned from create or accept4. Errors are negative errno values. A NULL
 * operation makes its calls fail with EOPNOTSUPP, except:
 *  - read/write: recvfrom/sendto with no address and no flags but
 *    MSG_DONTWAIT (non-blocking file) are used;
 *  - sendto/recvfrom: sendmsg/recvmsg with a single buffer;
 *  - sendmsg/recvmsg: sendto/recvfrom per message when the message has a
 *    single buffer and no control data (EOPNOTSUPP otherwise);
 *  - readv/writev on the descriptor are one recvmsg/sendmsg (a datagram
 *    stays whole); without those, read/write per buffer;
 *  - poll: "always ready" (EPOLLIN | EPOLLOUT);
 *  - ioctl: ENOTTY; close: nothing.
 * posix-socket answers getsockopt(SOL_SOCKET, SO_TYPE / SO_DOMAIN /
 * SO_PROTOCOL) itself, from what socket() was given.
 *
 * Blocking: the flags of send and receive operations carry MSG_DONTWAIT
 * when the file is non-blocking (O_NONBLOCK / SOCK_NONBLOCK), so the
 * driver looks at one place; operations without flags (accept4, connect,
 * read, write) ask uk_socket_nonblocking. A driver tells watchers (poll,
 * select, epoll) about state changes with uk_socket_notify; the current
 * state is always asked through its poll operation (see uk/vfs.h).
 *
 * User pointers (addresses, buffers, option values) are checked for NULL
 * by posix-socket where the call requires them; lengths are the caller's.
 * Calls run in system calls, with interrupts off on one CPU.
 */
#ifndef UK_SOCKET_H
#define UK_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <uk/alloc.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_socket_driver;

/*
 * posix-socket's side of one socket (the open file behind the descriptor):
 * what a driver passes back to uk_socket_notify and uk_socket_nonblocking.
 */
struct uk_socket;

struct uk_socket_ops {
	/* Once at boot; a negative return disables the driver. */
	int (*init)(struct uk_socket_driver *d);
	/*
	 * A new socket of (family, type without SOCK_NONBLOCK/SOCK_CLOEXEC,
	 * protocol): the driver's pointer in *sockp. 's' is the socket's
	 * handle for notifications, valid until close.
	 */
	int (*create)(struct uk_socket_driver *d, struct uk_socket *s,
		      int family, int type, int protocol, void **sockp);
	/*
	 * socketpair: two new connected sockets (handles s1 and s2; the
	 * driver's pointers go to *sock1 and *sock2), arguments as create's.
	 */
	int (*socketpair)(struct uk_socket_driver *d, struct uk_socket *s1,
			  struct uk_socket *s2, int family, int type,
			  int protocol, void **sock1, void **sock2);
	/*
	 * Take a connection from a listening socket: the new socket's
	 * handle is 'news', the driver's pointer goes to *newsockp; addr
	 * (may be NULL) gets the peer's address, truncated to *addrlen
	 * which is set to the full length. flags: SOCK_NONBLOCK/SOCK_CLOEXEC
	 * (posix-socket applies them to the new file).
	 */
	int (*accept4)(struct uk_socket_driver *d, void *sock,
		       struct uk_socket *news, struct sockaddr *addr,
		       socklen_t *addrlen, int flags, void **newsockp);
	int (*bind)(struct uk_socket_driver *d, void *sock,
		    const struct sockaddr *addr, socklen_t addrlen);
	int (*listen)(struct uk_socket_driver *d, void *sock, int backlog);
	int (*connect)(struct uk_socket_driver *d, void *sock,
		       const struct sockaddr *addr, socklen_t addrlen);
	int (*shutdown)(struct uk_socket_driver *d, void *sock, int how);
	/* addr gets the address truncated to *addrlen, then set to its length. */
	int (*getsockname)(struct uk_socket_driver *d, void *sock,
			   struct sockaddr *addr, socklen_t *addrlen);
	int (*getpeername)(struct uk_socket_driver *d, void *sock,
			   struct sockaddr *addr, socklen_t *addrlen);
	int (*getsockopt)(struct uk_socket_driver *d, void *sock, int level,
			  int optname, void *optval, socklen_t *optlen);
	int (*setsockopt)(struct uk_socket_driver *d, void *sock, int level,
			  int optname, const void *optval, socklen_t optlen);
	ssize_t (*sendto)(struct uk_socket_driver *d, void *sock,
			  const void *buf, size_t len, int flags,
			  const struct sockaddr *dest, socklen_t addrlen);
	ssize_t (*sendmsg)(struct uk_socket_driver *d, void *sock,
			   const struct msghdr *msg, int flags);
	ssize_t (*recvfrom)(struct uk_socket_driver *d, void *sock, void *buf,
			    size_t len, int flags, struct sockaddr *src,
			    socklen_t *addrlen);
	/* msg->msg_flags and msg->msg_controllen are the driver's to set. */
	ssize_t (*recvmsg)(struct uk_socket_driver *d, void *sock,
			   struct msghdr *msg, int flags);
	ssize_t (*read)(struct uk_socket_driver *d, void *sock, void *buf,
			size_t len);
	ssize_t (*write)(struct uk_socket_driver *d, void *sock,
			 const void *buf, size_t len);
	/* The last descriptor is gone: free the socket. */
	int (*close)(struct uk_socket_driver *d, void *sock);
	int (*ioctl)(struct uk_socket_driver *d, void *sock, unsigned long req,
		     void *arg);
	/* The events that hold now (EPOLLIN, EPOLLOUT, EPOLLHUP, ...). */
	unsigned int (*poll)(struct uk_socket_driver *d, void *sock);
};

struct uk_socket_driver {
	const char *name;          /* for messages */
	const int *families;       /* the address families it serves */
	unsigned int nfamilies;
	const struct uk_socket_ops *ops;
	/*
	 * The allocator the driver takes its memory from; NULL means the
	 * kernel's (uk_alloc_kernel), set before init runs.
	 */
	struct uk_alloc *alloc;
	void *priv;                /* the driver's own */
};

#define UK_SOCKET_DRIVER_REGISTER(drv)                                       \
	struct uk_socket_driver *const uk_socket_drv_##drv                    \
	    UK_USED UK_SECTION(".uk_socket_drivers") UK_ALIGNED(8) = &(drv)

/* The socket's state changed: wake its watchers with these events. */
void uk_socket_notify(struct uk_socket *s, unsigned int events);
/* Whether the socket's file is in non-blocking mode (O_NONBLOCK). */
int uk_socket_nonblocking(const struct uk_socket *s);
/*
 * Wait until the socket's poll has one of 'events' (or POLLERR, POLLHUP):
 * 0; -ETIMEDOUT once the monotonic clock reaches deadline_ns (0: none);
 * -EINTR when a signal for the thread came first (the driver then
 * returns -UK_ERESTARTSYS or -EINTR: uk/syscall.h). For drivers whose
 * protocol code waits uninterruptibly: they call it without waiting and
 * wait here while the call would block.
 */
int uk_socket_wait(struct uk_socket *s, unsigned int events,
		   uint64_t deadline_ns);

/*
 * The driver serving 'family' (enabled drivers only), or NULL. Drivers may
 * use it to find each other; the system calls use it for socket().
 */
struct uk_socket_driver *uk_socket_driver_find(int family);

/*
 * The registry (lib/posix-socket/registry.c): run the init of every driver
 * in [start, end) and index the families of those that succeed; a family
 * served by two drivers goes to the first. Logs a line per disabled driver.
 * Returns the number of drivers disabled. Called once at boot with the
 * linker section; tests call it with their own arrays.
 */
int uk_socket_registry_init(struct uk_socket_driver *const *start,
			    struct uk_socket_driver *const *end);

#ifdef __cplusplus
}
#endif

#endif /* UK_SOCKET_H */
