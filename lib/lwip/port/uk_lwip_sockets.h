/*
 * lib/lwip/port/uk_lwip_sockets.h - LWIP_SOCKET_EXTERNAL_HEADER_SOCKETS_H:
 * lwIP's socket layer compiled against musl's socket definitions, so that
 * addresses, option numbers, flags and structures are Linux's and need no
 * translation between the application and lwIP.
 */
#ifndef UK_LWIP_SOCKETS_H
#define UK_LWIP_SOCKETS_H

#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include "lwip/opt.h"

/* What lwIP's own sockets.h would add to the system's. */
#ifndef SIN_ZERO_LEN
#define SIN_ZERO_LEN 8
#endif
/*
 * lwIP's own TCP option (keepalive idle time in ms); Linux has no such
 * number, so it gets one outside Linux's range.
 */
#ifndef TCP_KEEPALIVE
#define TCP_KEEPALIVE 0x10000
#endif
/* Linux addresses carry no length field: the family tells it. */
#define IP4ADDR_SOCKADDR_SET_LEN(sin) ((void)0)
#define IP6ADDR_SOCKADDR_SET_LEN(sin6) ((void)0)
#define IPADDR_SOCKADDR_GET_LEN(addr)                                        \
	((socklen_t)(((const struct sockaddr *)(const void *)(addr))->sa_family \
			     == AF_INET6 ? sizeof(struct sockaddr_in6)          \
					 : sizeof(struct sockaddr_in)))

/* lwIP's socket functions (lib/lwip/sock.c is their only caller). */
int lwip_accept(int s, struct sockaddr *addr, socklen_t *addrlen);
int lwip_bind(int s, const struct sockaddr *name, socklen_t namelen);
int lwip_shutdown(int s, int how);
int lwip_getpeername(int s, struct sockaddr *name, socklen_t *namelen);
int lwip_getsockname(int s, struct sockaddr *name, socklen_t *namelen);
int lwip_getsockopt(int s, int level, int optname, void *optval,
		    socklen_t *optlen);
int lwip_setsockopt(int s, int level, int optname, const void *optval,
		    socklen_t optlen);
int lwip_close(int s);
int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen);
int lwip_listen(int s, int backlog);
ssize_t lwip_recv(int s, void *mem, size_t len, int flags);
ssize_t lwip_read(int s, void *mem, size_t len);
ssize_t lwip_readv(int s, const struct iovec *iov, int iovcnt);
ssize_t lwip_recvfrom(int s, void *mem, size_t len, int flags,
		      struct sockaddr *from, socklen_t *fromlen);
ssize_t lwip_recvmsg(int s, struct msghdr *message, int flags);
ssize_t lwip_send(int s, const void *dataptr, size_t size, int flags);
ssize_t lwip_sendmsg(int s, const struct msghdr *message, int flags);
ssize_t lwip_sendto(int s, const void *dataptr, size_t size, int flags,
		    const struct sockaddr *to, socklen_t tolen);
int lwip_socket(int domain, int type, int protocol);
ssize_t lwip_write(int s, const void *dataptr, size_t size);
ssize_t lwip_writev(int s, const struct iovec *iov, int iovcnt);
int lwip_poll(struct pollfd *fds, nfds_t nfds, int timeout);
int lwip_ioctl(int s, long cmd, void *argp);
int lwip_fcntl(int s, int cmd, int val);
const char *lwip_inet_ntop(int af, const void *src, char *dst, socklen_t size);
int lwip_inet_pton(int af, const char *src, void *dst);
#define lwip_socket_init() ((void)0)

#endif /* UK_LWIP_SOCKETS_H */
