/*
 * lib/posix-unixsocket/unixsock.c - the AF_UNIX driver of posix-socket:
 * its registration, socket creation (socket, socketpair), close, poll,
 * ioctl and socket options. Names and connections are in addr.c, data in
 * io.c; the shared state is described in unixsock.h.
 */
#define _GNU_SOURCE /* struct ucred, SO_PEERCRED */
#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "unixsock.h"

struct uk_socket_driver *uk_unixsock_drv;
struct unix_sock *uk_unixsock_all;

uint64_t uk_unixsock_now(void)
{
	return ukplat_monotonic_ns();
}

int uk_unixsock_wait(struct uk_waitq *wq, uint64_t timeo_ns, uint64_t start)
{
	int rc = uk_waitq_wait_intr(wq, timeo_ns ? start + timeo_ns : 0);

	if (rc == -ETIMEDOUT)
		return -EAGAIN;
	/* A signal: as Linux's sock_intr_errno, the call runs again after
	 * SA_RESTART handlers unless it has a timeout. */
	if (rc == -EINTR)
		return timeo_ns ? -EINTR : -UK_ERESTARTSYS;
	return 0;
}

void uk_unixsock_notify(struct unix_sock *u, unsigned int events)
{
	if (u->s && !u->dead)
		uk_socket_notify(u->s, events);
}

/* The caller's credentials as getpid/geteuid/getegid tell them. */
static long ask(unsigned long nr)
{
	long v = uk_syscall_dispatch(nr, 0, 0, 0, 0, 0, 0);

	return v < 0 ? 0 : v;
}

static void own_cred(struct ucred *c)
{
	c->pid = (pid_t)ask(UK_NR_getpid);
	c->uid = (uid_t)ask(UK_NR_geteuid);
	c->gid = (gid_t)ask(UK_NR_getegid);
}

struct unix_sock *uk_unixsock_new(struct uk_socket *s, int type)
{
	struct unix_sock *u = uk_alloc_malloc(uk_unixsock_drv->alloc, sizeof(*u));

	if (!u)
		return NULL;
	uk_memset(u, 0, sizeof(*u));
	u->refs = 1;
	u->s = s;
	u->type = type;
	u->sndbuf = UNIX_BUF_DEFAULT;
	u->rcvbuf = UNIX_BUF_DEFAULT;
	own_cred(&u->cred);
	u->next = uk_unixsock_all;
	if (uk_unixsock_all)
		uk_unixsock_all->prev = u;
	uk_unixsock_all = u;
	return u;
}

void uk_unixsock_unlist(struct unix_sock *u)
{
	if (u->prev)
		u->prev->next = u->next;
	else
		uk_unixsock_all = u->next;
	if (u->next)
		u->next->prev = u->prev;
	u->next = u->prev = NULL;
}

void uk_unixsock_get(struct unix_sock *u)
{
	u->refs++;
}

void uk_unixsock_put(struct unix_sock *u)
{
	if (--u->refs)
		return;
	uk_alloc_free(uk_unixsock_drv->alloc, u->rx.buf);
	uk_alloc_free(uk_unixsock_drv->alloc, u);
}

/*
 * The ring holds half of SO_RCVBUF's reported value: Linux doubles what is
 * set to leave the other half for its bookkeeping, which a ring has none of.
 */
static size_t ring_size(const struct unix_sock *u)
{
	return (size_t)u->rcvbuf / 2;
}

int uk_unixsock_ring_alloc(struct unix_sock *u)
{
	void *buf;

	if (u->rx.buf)
		return 0;
	buf = uk_alloc_malloc(uk_unixsock_drv->alloc, ring_size(u));
	if (!buf)
		return -ENOMEM;
	uk_unixsock_ring_init(&u->rx, buf, ring_size(u));
	return 0;
}

/* Move the ring to a buffer of 'size' bytes (at least what it holds). */
static int ring_move_to(struct unix_sock *u, size_t size)
{
	void *buf;

	if (size < u->rx.count)
		size = u->rx.count;
	buf = uk_alloc_malloc(uk_unixsock_drv->alloc, size);
	if (!buf)
		return -ENOMEM;
	uk_alloc_free(uk_unixsock_drv->alloc, uk_unixsock_ring_move(&u->rx, buf, size));
	uk_waitq_wake_all(&u->writers);
	return 0;
}

/* SO_RCVBUF changed: a ring already there moves to one of the new size. */
static int ring_resize(struct unix_sock *u)
{
	if (!u->rx.buf || ring_size(u) == u->rx.size)
		return 0;
	return ring_move_to(u, ring_size(u));
}

/*
 * Linux limits a datagram by the sender's SO_SNDBUF, not the receiver's
 * buffer: a ring too small for one grows to hold it.
 */
int uk_unixsock_ring_grow(struct unix_sock *u, size_t size)
{
	return ring_move_to(u, size);
}

static int check_type(int type, int protocol)
{
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	switch (type) {
	case SOCK_STREAM:
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		return type;
	case SOCK_RAW: /* Linux makes it a datagram socket */
		return SOCK_DGRAM;
	default:
		return -ESOCKTNOSUPPORT;
	}
}

static int unix_init(struct uk_socket_driver *d)
{
	uk_unixsock_drv = d;
	return 0;
}

static int unix_create(struct uk_socket_driver *d, struct uk_socket *s,
		       int family, int type, int protocol, void **sockp)
{
	struct unix_sock *u;

	(void)d;
	(void)family;
	type = check_type(type, protocol);
	if (type < 0)
		return type;
	u = uk_unixsock_new(s, type);
	if (!u)
		return -ENOMEM;
	*sockp = u;
	return 0;
}

static int unix_close(struct uk_socket_driver *d, void *sock);

static int unix_socketpair(struct uk_socket_driver *d, struct uk_socket *s1,
			   struct uk_socket *s2, int family, int type,
			   int protocol, void **sock1, void **sock2)
{
	struct unix_sock *a, *b;
	int rc;

	rc = unix_create(d, s1, family, type, protocol, sock1);
	if (rc < 0)
		return rc;
	a = *sock1;
	rc = unix_create(d, s2, family, type, protocol, sock2);
	if (rc < 0) {
		unix_close(d, a);
		return rc;
	}
	b = *sock2;
	if (uk_unixsock_ring_alloc(a) < 0 || uk_unixsock_ring_alloc(b) < 0) {
		unix_close(d, a);
		unix_close(d, b);
		return -ENOMEM;
	}
	a->peer = b;
	b->peer = a;
	a->state = b->state = UNIX_CONNECTED;
	a->peercred = b->cred;
	b->peercred = a->cred;
	a->has_peercred = b->has_peercred = true;
	return 0;
}

static int unix_close(struct uk_socket_driver *d, void *sock)
{
	struct unix_sock *u = sock;

	(void)d;
	uk_unixsock_disconnect(u);
	uk_unixsock_drop_queued(u);
	if (u->vnode)
		uk_vfs_vnode_put(u->vnode);
	u->vnode = NULL;
	uk_unixsock_unlist(u);
	u->dead = true;
	u->s = NULL;
	/* Waiters look again and find it dead. */
	uk_waitq_wake_all(&u->readers);
	uk_waitq_wake_all(&u->writers);
	uk_waitq_wake_all(&u->accepters);
	uk_waitq_wake_all(&u->connectors);
	uk_unixsock_put(u);
	return 0;
}

/* Writable: at least half the receiver's ring free (Linux's "half the
 * send buffer"), so that a write poll announced does not block. */
static bool writable(const struct unix_sock *u)
{
	const struct unix_sock *to = u->peer;

	if (u->state == UNIX_LISTENING)
		return false;
	if (!to || !to->rx.buf)
		return true;
	return uk_unixsock_ring_room(&to->rx) * 2 >= to->rx.size;
}

static unsigned int unix_poll(struct uk_socket_driver *d, void *sock)
{
	struct unix_sock *u = sock;
	unsigned int ev = 0;

	(void)d;
	if (u->err)
		ev |= POLLERR;
	if (u->shut == (UNIX_SHUT_RD | UNIX_SHUT_WR))
		ev |= POLLHUP;
	if (u->shut & UNIX_SHUT_RD)
		ev |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (u->rx.count || u->npending)
		ev |= POLLIN | POLLRDNORM;
	if (u->type != SOCK_DGRAM && u->state == UNIX_UNCONNECTED)
		ev |= POLLHUP;
	if (writable(u))
		ev |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return ev;
}

static int unix_ioctl(struct uk_socket_driver *d, void *sock,
		      unsigned long req, void *arg)
{
	struct unix_sock *u = sock;
	int v;

	(void)d;
	switch (req) {
	case FIONREAD: /* SIOCINQ */
		if (u->state == UNIX_LISTENING)
			return -EINVAL;
		v = u->type == SOCK_STREAM ? (int)u->rx.count
					   : (int)uk_unixsock_next_len(u);
		break;
	case TIOCOUTQ: /* SIOCOUTQ: sent, not yet read by the peer */
		v = u->peer && u->peer->rx.buf ? (int)u->peer->rx.count : 0;
		break;
	default:
		return -ENOTTY;
	}
	if (!arg)
		return -EFAULT;
	*(int *)arg = v;
	return 0;
}

/* Boolean socket options kept as bits of flagopts. */
static int flag_bit(int optname)
{
	switch (optname) {
	case SO_REUSEADDR: return 1;
	case SO_KEEPALIVE: return 2;
	case SO_BROADCAST: return 4;
	case SO_DONTROUTE: return 8;
	case SO_OOBINLINE: return 16;
	case SO_REUSEPORT: return 32;
	default: return 0;
	}
}

static int get_timeo(uint64_t ns, void *optval, socklen_t *optlen)
{
	struct timeval tv = {
		.tv_sec = (time_t)(ns / 1000000000u),
		.tv_usec = (suseconds_t)(ns % 1000000000u / 1000u),
	};
	socklen_t len = *optlen < sizeof(tv) ? *optlen : sizeof(tv);

	uk_memcpy(optval, &tv, len);
	*optlen = len;
	return 0;
}

static int unix_getsockopt(struct uk_socket_driver *d, void *sock, int level,
			   int optname, void *optval, socklen_t *optlen)
{
	struct unix_sock *u = sock;
	socklen_t len;
	int v;

	(void)d;
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	if ((int)*optlen < 0)
		return -EINVAL;
	switch (optname) {
	case SO_TYPE: v = u->type; break;
	case SO_DOMAIN: v = AF_UNIX; break;
	case SO_PROTOCOL: v = 0; break;
	case SO_ERROR: v = u->err; u->err = 0; break;
	case SO_ACCEPTCONN: v = u->state == UNIX_LISTENING; break;
	case SO_SNDBUF: v = u->sndbuf; break;
	case SO_RCVBUF: v = u->rcvbuf; break;
	case SO_PASSCRED: v = u->passcred; break;
	case SO_RCVTIMEO: return get_timeo(u->rcvtimeo, optval, optlen);
	case SO_SNDTIMEO: return get_timeo(u->sndtimeo, optval, optlen);
	case SO_LINGER:
		len = *optlen < sizeof(u->linger) ? *optlen : sizeof(u->linger);
		uk_memcpy(optval, &u->linger, len);
		*optlen = len;
		return 0;
	case SO_PEERCRED: {
		/* Unconnected: pid 0, ids -1, as Linux. */
		struct ucred c = { 0, (uid_t)-1, (gid_t)-1 };

		if (u->has_peercred)
			c = u->peercred;
		len = *optlen < sizeof(c) ? *optlen : sizeof(c);
		uk_memcpy(optval, &c, len);
		*optlen = len;
		return 0;
	}
	default:
		if (!flag_bit(optname))
			return -ENOPROTOOPT;
		v = !!(u->flagopts & flag_bit(optname));
	}
	len = *optlen < sizeof(v) ? *optlen : sizeof(v);
	uk_memcpy(optval, &v, len);
	*optlen = len;
	return 0;
}

static int set_timeo(uint64_t *ns, const void *optval, socklen_t optlen)
{
	struct timeval tv;

	if (optlen < sizeof(tv))
		return -EINVAL;
	uk_memcpy(&tv, optval, sizeof(tv));
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) { /* Linux: a negative time means "do not wait"... */
		*ns = 0;         /* ... in the sense of "no timeout" */
		return 0;
	}
	*ns = (uint64_t)tv.tv_sec * 1000000000u + (uint64_t)tv.tv_usec * 1000u;
	return 0;
}

/* Linux's rule: double the value asked for, within [min, 2 * max]. */
static int buf_value(int v, int min, bool force)
{
	if (v < 0)
		v = 0;
	if (!force && v > UNIX_BUF_MAX)
		v = UNIX_BUF_MAX;
	if (v > INT32_MAX / 2)
		v = INT32_MAX / 2;
	v *= 2;
	return v < min ? min : v;
}

static int unix_setsockopt(struct uk_socket_driver *d, void *sock, int level,
			   int optname, const void *optval, socklen_t optlen)
{
	struct unix_sock *u = sock;
	int v = 0;

	(void)d;
	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	switch (optname) {
	case SO_RCVTIMEO:
		return set_timeo(&u->rcvtimeo, optval, optlen);
	case SO_SNDTIMEO:
		return set_timeo(&u->sndtimeo, optval, optlen);
	case SO_LINGER:
		if (optlen < sizeof(u->linger))
			return -EINVAL;
		uk_memcpy(&u->linger, optval, sizeof(u->linger));
		return 0;
	default:
		break;
	}
	if (optlen < sizeof(int))
		return -EINVAL;
	uk_memcpy(&v, optval, sizeof(v));
	switch (optname) {
	case SO_SNDBUF:
	case SO_SNDBUFFORCE:
		u->sndbuf = buf_value(v, UNIX_SNDBUF_MIN, optname == SO_SNDBUFFORCE);
		uk_unixsock_notify(u, POLLOUT);
		return 0;
	case SO_RCVBUF:
	case SO_RCVBUFFORCE:
		u->rcvbuf = buf_value(v, UNIX_RCVBUF_MIN, optname == SO_RCVBUFFORCE);
		return ring_resize(u);
	case SO_PASSCRED:
		u->passcred = !!v;
		return 0;
	case SO_TYPE:
	case SO_DOMAIN:
	case SO_PROTOCOL:
	case SO_ERROR:
	case SO_ACCEPTCONN:
	case SO_PEERCRED:
		return -ENOPROTOOPT; /* read-only, as Linux */
	default:
		if (!flag_bit(optname))
			return -ENOPROTOOPT;
		if (v)
			u->flagopts |= flag_bit(optname);
		else
			u->flagopts &= ~flag_bit(optname);
		return 0;
	}
}

/* The plain calls are messages with one buffer. */
static ssize_t unix_sendto(struct uk_socket_driver *d, void *sock,
			   const void *buf, size_t len, int flags,
			   const struct sockaddr *dest, socklen_t addrlen)
{
	/* The message only reads through these pointers. */
	union { const void *c; void *v; } b = { buf }, a = { dest };
	struct iovec iov = { b.v, len };
	struct msghdr msg = {
		.msg_name = a.v,
		.msg_namelen = dest ? addrlen : 0,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};

	return uk_unixsock_sendmsg(d, sock, &msg, flags);
}

static ssize_t unix_recvfrom(struct uk_socket_driver *d, void *sock,
			     void *buf, size_t len, int flags,
			     struct sockaddr *src, socklen_t *addrlen)
{
	struct iovec iov = { buf, len };
	struct msghdr msg = {
		.msg_name = src,
		.msg_namelen = src && addrlen ? *addrlen : 0,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t rc = uk_unixsock_recvmsg(d, sock, &msg, flags);

	if (rc >= 0 && src && addrlen)
		*addrlen = msg.msg_namelen;
	return rc;
}

static ssize_t unix_read(struct uk_socket_driver *d, void *sock, void *buf,
			 size_t len)
{
	struct unix_sock *u = sock;

	return unix_recvfrom(d, sock, buf, len,
			     uk_socket_nonblocking(u->s) ? MSG_DONTWAIT : 0,
			     NULL, NULL);
}

static ssize_t unix_write(struct uk_socket_driver *d, void *sock,
			  const void *buf, size_t len)
{
	struct unix_sock *u = sock;

	return unix_sendto(d, sock, buf, len,
			   uk_socket_nonblocking(u->s) ? MSG_DONTWAIT : 0,
			   NULL, 0);
}

static const struct uk_socket_ops unix_ops = {
	.init = unix_init,
	.create = unix_create,
	.socketpair = unix_socketpair,
	.accept4 = uk_unixsock_accept4,
	.bind = uk_unixsock_bind,
	.listen = uk_unixsock_listen,
	.connect = uk_unixsock_connect,
	.shutdown = uk_unixsock_shutdown,
	.getsockname = uk_unixsock_getsockname,
	.getpeername = uk_unixsock_getpeername,
	.getsockopt = unix_getsockopt,
	.setsockopt = unix_setsockopt,
	.sendto = unix_sendto,
	.sendmsg = uk_unixsock_sendmsg,
	.recvfrom = unix_recvfrom,
	.recvmsg = uk_unixsock_recvmsg,
	.read = unix_read,
	.write = unix_write,
	.close = unix_close,
	.ioctl = unix_ioctl,
	.poll = unix_poll,
};

static const int unix_families[] = { AF_UNIX };

static struct uk_socket_driver unix_driver = {
	.name = "unix",
	.families = unix_families,
	.nfamilies = 1,
	.ops = &unix_ops,
};

UK_SOCKET_DRIVER_REGISTER(unix_driver);
