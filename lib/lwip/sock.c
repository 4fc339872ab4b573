/*
 * lib/lwip/sock.c - the AF_INET/AF_INET6 driver of posix-socket
 * (uk/socket.h), over lwIP's socket layer.
 *
 * Each of our sockets wraps one lwIP socket (lwIP's own small number, not
 * a descriptor: posix-socket owns those). lwIP is compiled against musl's
 * socket definitions (port/uk_lwip_sockets.h), so addresses, levels,
 * option names and flags pass through unchanged; lwIP's errno comes back
 * through uk_lwip_errno (port/arch/cc.h).
 *
 * Blocking: lwIP's own waits cannot be interrupted, so lwIP is never
 * asked to wait. Every call goes to lwIP without waiting (MSG_DONTWAIT,
 * or the lwIP socket in non-blocking mode for connect and accept); while
 * a call on a blocking socket would block, the thread waits for the
 * socket to become ready (uk_socket_wait), up to the socket's timeout
 * (SO_RCVTIMEO, SO_SNDTIMEO: EAGAIN after it), and a signal for the
 * thread ends the wait: the call is restarted after SA_RESTART handlers
 * unless a timeout is set (then EINTR), or reports what it moved so far,
 * as on Linux. Blocking sends loop until everything is queued, stream
 * receives with MSG_WAITALL until the buffer is full.
 *
 * Readiness: lwIP keeps, per socket, the counters its select/poll read
 * (data or connections waiting, room to send, an error); poll reads them.
 * To hear of changes, the netconn's event callback (lwIP's sockets.c
 * installs its own at socket creation) is wrapped: lwIP's runs first,
 * then uk_socket_notify. Accepted connections inherit the wrapper from
 * their listener.
 *
 * Calls that may send (connect, accept, send, receive, shutdown, close)
 * deliver the loopback packets they caused before returning (loif.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/socket.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "lwip/api.h"
#include "lwip/ip.h"
#include "lwip/tcpip.h"
#include "lwip/priv/sockets_priv.h"
#include "lwip/sockets.h"
#include "lwip.h"

struct inet_sock {
	int fd;               /* lwIP's socket number */
	struct uk_socket *s;
	int type;
	int nonblocking;      /* the lwIP socket's current mode */
	int connecting;       /* a connect was started and has not succeeded */
};

/* Our socket behind each lwIP socket number (notifications); allocated
 * with the first socket: a program without sockets keeps the 8 KiB. */
static struct inet_sock **by_fd;
static netconn_callback lwip_event;
static struct uk_socket_driver *drv;

/* Run an lwIP call: its result, or the negative errno it set. */
#define LWIP_CALL(expr)                                                      \
	({                                                                   \
		long r_;                                                     \
		uk_lwip_errno = 0;                                           \
		r_ = (long)(expr);                                           \
		if (r_ < 0)                                                  \
			r_ = -(uk_lwip_errno ? uk_lwip_errno : EIO);         \
		r_;                                                          \
	})

static struct lwip_sock *lsock(const struct inet_sock *u)
{
	return lwip_socket_dbg_get_socket(u->fd);
}

static unsigned int inet_poll(struct uk_socket_driver *d, void *sock)
{
	struct inet_sock *u = sock;
	struct lwip_sock *ls = lsock(u);
	unsigned int ev = 0;
	SYS_ARCH_DECL_PROTECT(lev);

	(void)d;
	if (!ls || !ls->conn)
		return POLLNVAL;
	SYS_ARCH_PROTECT(lev);
	if (ls->lastdata.pbuf || ls->rcvevent > 0)
		ev |= POLLIN | POLLRDNORM;
	if (ls->sendevent)
		ev |= POLLOUT | POLLWRNORM;
	if (ls->errevent)
		ev |= POLLERR;
	SYS_ARCH_UNPROTECT(lev);
	if (u->type == SOCK_STREAM && (ev & POLLERR))
		ev |= POLLHUP;
	return ev;
}

/* lwIP's event callback, then the watchers of the socket it concerns. */
static void event(struct netconn *conn, enum netconn_evt evt, u16_t len)
{
	int fd;

	lwip_event(conn, evt, len);
	fd = conn->socket;
	if (by_fd && fd >= 0 && fd < MEMP_NUM_NETCONN && by_fd[fd] &&
	    lsock(by_fd[fd])->conn == conn) {
		/* Watchers are notified with interrupts off (uk/vfs.h). */
		unsigned long flags = ukplat_irq_save();

		/* Writable without an error: a pending connect succeeded. */
		if (evt == NETCONN_EVT_SENDPLUS && !lsock(by_fd[fd])->errevent)
			by_fd[fd]->connecting = 0;

		uk_socket_notify(by_fd[fd]->s, inet_poll(drv, by_fd[fd]));
		ukplat_irq_restore(flags);
	}
}

/* A call's result, after delivering the loopback packets it caused. */
static long deliver(long rc)
{
	uk_lwip_loif_run();
	return rc;
}

/* Wrap lwIP socket 'fd' in a socket of ours with handle 's'. */
static int wrap(int fd, struct uk_socket *s, int type, void **sockp)
{
	struct lwip_sock *ls = lwip_socket_dbg_get_socket(fd);
	struct inet_sock *u;

	if (!ls || fd >= MEMP_NUM_NETCONN) {
		lwip_close(fd);
		return -ENFILE;
	}
	if (!by_fd)
		by_fd = uk_lwip_calloc(MEMP_NUM_NETCONN, sizeof(*by_fd));
	if (!by_fd) {
		lwip_close(fd);
		return -ENOMEM;
	}
	u = uk_alloc_malloc(drv->alloc, sizeof(*u));
	if (!u) {
		lwip_close(fd);
		return -ENOMEM;
	}
	uk_memset(u, 0, sizeof(*u));
	u->fd = fd;
	u->s = s;
	u->type = type;
	if (!lwip_event)
		lwip_event = ls->conn->callback;
	ls->conn->callback = event;
	by_fd[fd] = u;
	uk_lwip_busy(1);
	*sockp = u;
	return 0;
}

/*
 * A call on a blocking socket would block: wait for 'events', up to the
 * socket's SO_RCVTIMEO (SO_SNDTIMEO when 'send') from the call's first
 * wait (*deadline). 0: try again; -EAGAIN after the timeout; for a
 * signal, -UK_ERESTARTSYS, or -EINTR when there is a timeout (Linux's
 * sock_intr_errno).
 */
static int block(struct inet_sock *u, unsigned int events, bool send,
		 uint64_t *deadline, unsigned int *tries)
{
	struct lwip_sock *ls = lsock(u);
	uint64_t ms = 0;
	int rc;

	if (ls && ls->conn)
		ms = send ? (uint64_t)(uint32_t)netconn_get_sendtimeout(ls->conn) :
			    (uint64_t)netconn_get_recvtimeout(ls->conn);
	if (ms && !*deadline)
		*deadline = ukplat_monotonic_ns() + ms * 1000000ULL;
	/*
	 * Ready, yet the call would block again: lwIP's threads have work
	 * to do first (they need the kernel lock this call holds); give
	 * them a millisecond rather than spin.
	 */
	if (++*tries > 1 && (inet_poll(drv, u) & (events | POLLERR | POLLHUP))) {
		rc = uk_sched_sleep_until_intr(ukplat_monotonic_ns() + 1000000ULL);
		if (!rc && *deadline && ukplat_monotonic_ns() >= *deadline)
			rc = -ETIMEDOUT;
	} else {
		rc = uk_socket_wait(u->s, events, *deadline);
	}
	if (rc == -ETIMEDOUT)
		return -EAGAIN;
	if (rc == -EINTR)
		return ms ? -EINTR : -UK_ERESTARTSYS;
	return 0;
}

/* Give the lwIP socket the blocking mode 'nb'. */
static void set_mode(struct inet_sock *u, int nb)
{
	if (u->nonblocking == nb)
		return;
	lwip_fcntl(u->fd, F_SETFL, nb ? O_NONBLOCK : 0);
	u->nonblocking = nb;
}

static int inet_init(struct uk_socket_driver *d)
{
	drv = d;
	return 0;
}

static int inet_create(struct uk_socket_driver *d, struct uk_socket *s,
		       int family, int type, int protocol, void **sockp)
{
	int fd;

	(void)d;
	if (type != SOCK_STREAM && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && protocol != (type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP))
		return -EPROTONOSUPPORT;
	fd = uk_lwip_start();
	if (fd < 0)
		return fd;
	fd = (int)LWIP_CALL(lwip_socket(family, type, protocol));
	if (fd < 0)
		return fd == -ENFILE ? -EMFILE : fd;
	return wrap(fd, s, type, sockp);
}

static int inet_close(struct uk_socket_driver *d, void *sock)
{
	struct inet_sock *u = sock;

	(void)d;
	by_fd[u->fd] = NULL;
	lwip_close(u->fd);
	uk_alloc_free(drv->alloc, u);
	uk_lwip_busy(-1);
	uk_lwip_loif_run();
	return 0;
}

/*
 * The application's end (exit.c): lwIP closes every socket still open, as
 * Linux's exit closes the process's files. Ours stay allocated: the
 * machine powers off next. (uk_lwip_busy is not lowered: the stack's
 * timers must keep running while TCP finishes.)
 */
void uk_lwip_sock_close_all(void)
{
	for (int fd = 0; by_fd && fd < MEMP_NUM_NETCONN; fd++) {
		if (!by_fd[fd])
			continue;
		by_fd[fd] = NULL;
		lwip_close(fd);
	}
}

/* Copy an address out, truncated to *len, and set *len to its length. */
static void copy_addr(const struct sockaddr_storage *ss, socklen_t sslen,
		      struct sockaddr *addr, socklen_t *len)
{
	if (!addr || !len)
		return;
	uk_memcpy(addr, ss, *len < sslen ? *len : sslen);
	*len = sslen;
}

static int inet_accept4(struct uk_socket_driver *d, void *sock,
			struct uk_socket *news, struct sockaddr *addr,
			socklen_t *addrlen, int flags, void **newsockp)
{
	struct inet_sock *u = sock;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	int fd;

	uint64_t deadline = 0;
	unsigned int tries = 0;

	(void)d;
	(void)flags;
	set_mode(u, 1);
	for (;;) {
		sslen = sizeof(ss);
		fd = (int)deliver(LWIP_CALL(lwip_accept(u->fd, (struct sockaddr *)&ss,
							&sslen)));
		if (fd != -EWOULDBLOCK || uk_socket_nonblocking(u->s))
			break;
		fd = block(u, POLLIN, false, &deadline, &tries);
		if (fd < 0)
			return fd;
	}
	if (fd < 0)
		return fd == -EWOULDBLOCK ? -EAGAIN : fd;
	copy_addr(&ss, sslen, addr, addrlen);
	return wrap(fd, news, u->type, newsockp);
}

static int inet_bind(struct uk_socket_driver *d, void *sock,
		     const struct sockaddr *addr, socklen_t addrlen)
{
	struct inet_sock *u = sock;

	(void)d;
	return (int)LWIP_CALL(lwip_bind(u->fd, addr, addrlen));
}

static int inet_listen(struct uk_socket_driver *d, void *sock, int backlog)
{
	struct inet_sock *u = sock;

	(void)d;
	if (u->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	return (int)LWIP_CALL(lwip_listen(u->fd, backlog < 0 ? 0 : backlog));
}

/*
 * A reset answering a connection request is a refusal: lwIP reports the
 * reset (ECONNRESET), Linux the refusal; a connection request lwIP gave
 * up on (its SYNs unanswered) is aborted for lwIP (ECONNABORTED), timed
 * out for Linux.
 */
static int refused(struct inet_sock *u, int rc)
{
	if (u->type == SOCK_STREAM && u->connecting && rc == -ECONNRESET)
		return -ECONNREFUSED;
	if (u->type == SOCK_STREAM && u->connecting && rc == -ECONNABORTED)
		return -ETIMEDOUT;
	return rc;
}

/*
 * A blocking connect under way: wait for its outcome (up to SO_SNDTIMEO:
 * then EINPROGRESS, as Linux), which is the socket's pending error.
 */
static int connect_wait(struct inet_sock *u)
{
	struct lwip_sock *ls = lsock(u);
	uint64_t ms = ls && ls->conn ?
			      (uint64_t)(uint32_t)netconn_get_sendtimeout(ls->conn) : 0;
	int rc = uk_socket_wait(u->s, POLLOUT,
				ms ? ukplat_monotonic_ns() + ms * 1000000ULL : 0);
	int err = 0;
	socklen_t len = sizeof(err);

	if (rc == -ETIMEDOUT)
		return -EINPROGRESS;
	if (rc)
		return rc; /* -EINTR: the connection goes on (not restarted) */
	if (lwip_getsockopt(u->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -EIO;
	return -err;
}

static int inet_connect(struct uk_socket_driver *d, void *sock,
			const struct sockaddr *addr, socklen_t addrlen)
{
	struct inet_sock *u = sock;
	int rc;

	(void)d;
	set_mode(u, 1);
	u->connecting = 1;
	rc = (int)deliver(LWIP_CALL(lwip_connect(u->fd, addr, addrlen)));
	if (rc == -EINPROGRESS && !uk_socket_nonblocking(u->s))
		rc = connect_wait(u);
	if (rc == -EINPROGRESS || rc == -EALREADY || rc == -EINTR)
		return rc;
	rc = refused(u, rc);
	u->connecting = 0;
	return rc;
}

static int inet_shutdown(struct uk_socket_driver *d, void *sock, int how)
{
	struct inet_sock *u = sock;

	(void)d;
	return (int)deliver(LWIP_CALL(lwip_shutdown(u->fd, how)));
}

/*
 * A connected datagram socket lwIP left unbound keeps the wildcard as its
 * local address; Linux reports the source address the route gives, and
 * programs use that to learn their own address. So does this.
 */
static void route_source(int fd, struct sockaddr_storage *ss)
{
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	struct netif *nif;

	if (lwip_getpeername(fd, (struct sockaddr *)&peer, &plen) < 0)
		return;
	LOCK_TCPIP_CORE();
	if (ss->ss_family == AF_INET && peer.ss_family == AF_INET) {
		struct sockaddr_in *me = (struct sockaddr_in *)ss;
		ip4_addr_t dst;

		ip4_addr_set_u32(&dst, ((struct sockaddr_in *)&peer)->sin_addr.s_addr);
		if (me->sin_addr.s_addr == 0 && (nif = ip4_route(&dst)))
			me->sin_addr.s_addr = ip4_addr_get_u32(netif_ip4_addr(nif));
	} else if (ss->ss_family == AF_INET6 && peer.ss_family == AF_INET6) {
		struct sockaddr_in6 *me = (struct sockaddr_in6 *)ss;
		const ip_addr_t *src;
		ip6_addr_t dst;

		static const struct in6_addr any6;

		uk_memcpy(dst.addr, &((struct sockaddr_in6 *)&peer)->sin6_addr,
			  sizeof(dst.addr));
		ip6_addr_clear_zone(&dst);
		if (!uk_memcmp(&me->sin6_addr, &any6, sizeof(any6)) &&
		    (nif = ip6_route(IP6_ADDR_ANY6, &dst)) &&
		    (src = ip6_select_source_address(nif, &dst)))
			uk_memcpy(&me->sin6_addr, ip_2_ip6(src)->addr,
				  sizeof(me->sin6_addr));
	}
	UNLOCK_TCPIP_CORE();
}

/* getsockname (peer false) or getpeername, with Linux's answers. */
static int sock_name(void *sock, bool peer, struct sockaddr *addr,
		     socklen_t *addrlen)
{
	struct inet_sock *u = sock;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	int rc;

	rc = (int)LWIP_CALL(peer ? lwip_getpeername(u->fd, (struct sockaddr *)&ss, &sslen)
				 : lwip_getsockname(u->fd, (struct sockaddr *)&ss, &sslen));
	if (rc == 0) {
		if (!peer)
			route_source(u->fd, &ss);
		copy_addr(&ss, sslen, addr, addrlen);
	}
	return rc;
}

static int inet_getsockname(struct uk_socket_driver *d, void *sock,
			    struct sockaddr *addr, socklen_t *addrlen)
{
	(void)d;
	return sock_name(sock, false, addr, addrlen);
}

static int inet_getpeername(struct uk_socket_driver *d, void *sock,
			    struct sockaddr *addr, socklen_t *addrlen)
{
	(void)d;
	return sock_name(sock, true, addr, addrlen);
}

static int inet_getsockopt(struct uk_socket_driver *d, void *sock, int level,
			   int optname, void *optval, socklen_t *optlen)
{
	struct inet_sock *u = sock;
	int rc;

	(void)d;
	rc = (int)LWIP_CALL(lwip_getsockopt(u->fd, level, optname, optval, optlen));
	if (rc == 0 && level == SOL_SOCKET && optname == SO_ERROR &&
	    *optlen >= sizeof(int) && *(int *)optval)
		*(int *)optval = -refused(u, -*(int *)optval);
	return rc;
}

static int inet_setsockopt(struct uk_socket_driver *d, void *sock, int level,
			   int optname, const void *optval, socklen_t optlen)
{
	struct inet_sock *u = sock;

	(void)d;
	return (int)LWIP_CALL(lwip_setsockopt(u->fd, level, optname, optval, optlen));
}

/* lwIP's EWOULDBLOCK is EAGAIN on Linux; keep its other errors. */
static ssize_t io_result(struct inet_sock *u, ssize_t rc)
{
	if (rc == -EWOULDBLOCK)
		return -EAGAIN;
	return refused(u, (int)rc);
}

/* One send of what is left past 'sent' bytes, without waiting. */
typedef ssize_t (*send_once_fn)(struct inet_sock *u, size_t sent, int flags,
				const void *arg);

/*
 * A send: stream sockets that may wait queue everything (waiting for
 * room in between); a signal or the timeout ends it with what was
 * queued, if anything.
 */
static ssize_t send_all(struct inet_sock *u, size_t total, int flags,
			send_once_fn once, const void *arg)
{
	bool wait = !(flags & MSG_DONTWAIT);
	uint64_t deadline = 0;
	unsigned int tries = 0;
	size_t sent = 0;
	ssize_t rc;

	set_mode(u, 0);
	for (;;) {
		rc = deliver(once(u, sent, flags | MSG_DONTWAIT | MSG_NOSIGNAL, arg));
		if (rc > 0) {
			sent += (size_t)rc;
			if (wait && sent < total && u->type == SOCK_STREAM)
				continue;
			break;
		}
		if (rc != -EWOULDBLOCK || !wait)
			break;
		rc = block(u, POLLOUT, true, &deadline, &tries);
		if (rc < 0)
			break;
	}
	return sent ? (ssize_t)sent : io_result(u, rc);
}

struct sendto_args {
	const void *buf;
	size_t len;
	const struct sockaddr *dest;
	socklen_t addrlen;
};

static ssize_t sendto_once(struct inet_sock *u, size_t sent, int flags,
			   const void *arg)
{
	const struct sendto_args *a = arg;

	return LWIP_CALL(lwip_sendto(u->fd, (const char *)a->buf + sent,
				     a->len - sent, flags, a->dest,
				     a->dest ? a->addrlen : 0));
}

static ssize_t inet_sendto(struct uk_socket_driver *d, void *sock,
			   const void *buf, size_t len, int flags,
			   const struct sockaddr *dest, socklen_t addrlen)
{
	struct sendto_args a = { buf, len, dest, addrlen };

	(void)d;
	return send_all(sock, len, flags, sendto_once, &a);
}

/* The iovecs of m past its first 'skip' bytes, at most 'max' of them. */
static int iov_past(const struct msghdr *m, size_t skip, struct iovec *v,
		    int max)
{
	int n = 0;

	for (size_t i = 0; i < (size_t)m->msg_iovlen && n < max; i++) {
		const struct iovec *s = &m->msg_iov[i];

		if (skip >= s->iov_len) {
			skip -= s->iov_len;
			continue;
		}
		v[n].iov_base = (char *)s->iov_base + skip;
		v[n++].iov_len = s->iov_len - skip;
		skip = 0;
	}
	return n;
}

static ssize_t sendmsg_once(struct inet_sock *u, size_t sent, int flags,
			    const void *arg)
{
	const struct msghdr *msg = arg;
	struct iovec rest[16];
	struct msghdr m = *msg;

	if (sent) {
		/* The rest of a stream, a few buffers at a time. */
		m.msg_iov = rest;
		m.msg_iovlen = iov_past(msg, sent, rest, 16);
		m.msg_control = NULL;
		m.msg_controllen = 0;
	}
	return LWIP_CALL(lwip_sendmsg(u->fd, &m, flags));
}

static ssize_t inet_sendmsg(struct uk_socket_driver *d, void *sock,
			    const struct msghdr *msg, int flags)
{
	size_t total = 0;

	(void)d;
	for (size_t i = 0; i < (size_t)msg->msg_iovlen; i++)
		total += msg->msg_iov[i].iov_len;
	return send_all(sock, total, flags, sendmsg_once, msg);
}

static ssize_t inet_recvfrom(struct uk_socket_driver *d, void *sock,
			     void *buf, size_t len, int flags,
			     struct sockaddr *src, socklen_t *addrlen)
{
	struct inet_sock *u = sock;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	bool wait = !(flags & MSG_DONTWAIT);
	bool all = (flags & MSG_WAITALL) && !(flags & MSG_PEEK) &&
		   u->type == SOCK_STREAM;
	uint64_t deadline = 0;
	unsigned int tries = 0;
	size_t got = 0;
	ssize_t rc;

	(void)d;
	set_mode(u, 0);
	flags = (flags & ~MSG_WAITALL) | MSG_DONTWAIT;
	for (;;) {
		rc = deliver(LWIP_CALL(lwip_recvfrom(u->fd, (char *)buf + got,
						     len - got, flags,
						     src ? (struct sockaddr *)&ss : NULL,
						     src ? &sslen : NULL)));
		if (rc >= 0 && src && !got)
			copy_addr(&ss, sslen, src, addrlen);
		if (rc > 0) {
			got += (size_t)rc;
			if (all && wait && got < len)
				continue;
			break;
		}
		if (rc != -EWOULDBLOCK || !wait)
			break; /* an end of stream, an empty datagram, an error */
		rc = block(u, POLLIN, false, &deadline, &tries);
		if (rc < 0)
			break;
	}
	return got ? (ssize_t)got : io_result(u, rc);
}

static ssize_t inet_recvmsg(struct uk_socket_driver *d, void *sock,
			    struct msghdr *msg, int flags)
{
	struct inet_sock *u = sock;
	bool wait = !(flags & MSG_DONTWAIT);
	uint64_t deadline = 0;
	unsigned int tries = 0;
	ssize_t rc;

	(void)d;
	set_mode(u, 0);
	for (;;) {
		rc = deliver(LWIP_CALL(lwip_recvmsg(u->fd, msg, flags | MSG_DONTWAIT)));
		if (rc != -EWOULDBLOCK || !wait)
			break;
		rc = block(u, POLLIN, false, &deadline, &tries);
		if (rc < 0)
			break;
	}
	return io_result(u, rc);
}

static ssize_t inet_read(struct uk_socket_driver *d, void *sock, void *buf,
			 size_t len)
{
	struct inet_sock *u = sock;

	return inet_recvfrom(d, sock, buf, len,
			     uk_socket_nonblocking(u->s) ? MSG_DONTWAIT : 0,
			     NULL, NULL);
}

static ssize_t inet_write(struct uk_socket_driver *d, void *sock,
			  const void *buf, size_t len)
{
	struct inet_sock *u = sock;

	return inet_sendto(d, sock, buf, len,
			   uk_socket_nonblocking(u->s) ? MSG_DONTWAIT : 0,
			   NULL, 0);
}

static int inet_ioctl(struct uk_socket_driver *d, void *sock,
		      unsigned long req, void *arg)
{
	struct inet_sock *u = sock;

	(void)d;
	switch (req) {
	case FIONREAD:
		if (!arg)
			return -EFAULT;
		return (int)LWIP_CALL(lwip_ioctl(u->fd, (long)req, arg));
	default:
		return -ENOTTY;
	}
}

static const struct uk_socket_ops inet_ops = {
	.init = inet_init,
	.create = inet_create,
	.accept4 = inet_accept4,
	.bind = inet_bind,
	.listen = inet_listen,
	.connect = inet_connect,
	.shutdown = inet_shutdown,
	.getsockname = inet_getsockname,
	.getpeername = inet_getpeername,
	.getsockopt = inet_getsockopt,
	.setsockopt = inet_setsockopt,
	.sendto = inet_sendto,
	.sendmsg = inet_sendmsg,
	.recvfrom = inet_recvfrom,
	.recvmsg = inet_recvmsg,
	.read = inet_read,
	.write = inet_write,
	.close = inet_close,
	.ioctl = inet_ioctl,
	.poll = inet_poll,
};

static const int inet_families[] = { AF_INET, AF_INET6 };

static struct uk_socket_driver lwip_driver = {
	.name = "lwip",
	.families = inet_families,
	.nfamilies = 2,
	.ops = &inet_ops,
};

UK_SOCKET_DRIVER_REGISTER(lwip_driver);
