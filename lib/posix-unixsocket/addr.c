/*
 * lib/posix-unixsocket/addr.c - unix socket names and connections: bind
 * (a path, which makes a socket node in the file system, or an abstract
 * name; autobind), listen, connect, accept, shutdown, getsockname,
 * getpeername, and the disconnection a close causes.
 *
 * Linux's rules throughout. A path names a socket through its vnode:
 * unlinking the node makes the name unreachable (ENOENT) while the bound
 * socket lives on; a node whose socket has closed refuses connections
 * (ECONNREFUSED); binding an existing name is EADDRINUSE. A stream or
 * seqpacket connect is complete at once: the server side is made there
 * and then ("embryo") and waits in the listener's backlog for accept. A
 * backlog holds 'backlog' + 1 connections, as Linux's; a connect finding
 * it full waits for room (EAGAIN when non-blocking or after SO_SNDTIMEO),
 * and fails with ECONNREFUSED when the listener stops listening.
 */
#define _GNU_SOURCE /* struct ucred, SO_PEERCRED */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/stat.h>
#include <ukbase/string.h>
#include "unixsock.h"

#define SUN_PATH_OFF offsetof(struct sockaddr_un, sun_path)

/* A validated name: abstract (first byte NUL) or a NUL-terminated path. */
struct unix_name {
	struct sockaddr_un sa;
	socklen_t len;    /* as the socket will report it */
	bool abstract;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
};

static int parse_name(const struct sockaddr *addr, socklen_t addrlen,
		      struct unix_name *n)
{
	size_t plen;

	if (!addr)
		return -EFAULT;
	if (addrlen <= SUN_PATH_OFF || addrlen > sizeof(struct sockaddr_un))
		return -EINVAL;
	if (addr->sa_family != AF_UNIX)
		return -EINVAL;
	uk_memset(n, 0, sizeof(*n));
	uk_memcpy(&n->sa, addr, addrlen);
	plen = addrlen - SUN_PATH_OFF;
	n->abstract = !n->sa.sun_path[0];
	if (n->abstract) {
		n->len = addrlen;
		return 0;
	}
	/* A path ends at its first NUL, or at the end of the address. */
	uk_memcpy(n->path, n->sa.sun_path, plen);
	n->path[plen] = '\0';
	plen = uk_strlen(n->path);
	uk_memset(n->sa.sun_path + plen, 0, sizeof(n->sa.sun_path) - plen);
	n->len = (socklen_t)(SUN_PATH_OFF + plen + 1);
	if (n->len > sizeof(struct sockaddr_un))
		n->len = sizeof(struct sockaddr_un);
	return 0;
}

static struct unix_sock *find_abstract(const struct unix_name *n)
{
	for (struct unix_sock *u = uk_unixsock_all; u; u = u->next)
		if (u->bound && u->addrlen == n->len && !u->vnode &&
		    !u->addr.sun_path[0] && !uk_memcmp(&u->addr, &n->sa, n->len))
			return u;
	return NULL;
}

static struct unix_sock *find_vnode(const struct uk_vfs_vnode *vn)
{
	for (struct unix_sock *u = uk_unixsock_all; u; u = u->next)
		if (u->vnode == vn)
			return u;
	return NULL;
}

/* The socket a name refers to (referenced), or the errno Linux gives. */
static int lookup(const struct unix_name *n, int type, struct unix_sock **out)
{
	struct uk_vfs_vnode *vn;
	struct unix_sock *u;
	int rc;

	if (n->abstract) {
		u = find_abstract(n);
		if (!u || u->type != type)
			return -ECONNREFUSED;
	} else {
		rc = uk_vfs_klookup(n->path, &vn);
		if (rc < 0)
			return rc;
		u = S_ISSOCK(vn->mode) ? find_vnode(vn) : NULL;
		uk_vfs_vnode_put(vn);
		if (!u)
			return -ECONNREFUSED;
		if (u->type != type)
			return -EPROTOTYPE;
	}
	uk_unixsock_get(u);
	*out = u;
	return 0;
}

int uk_unixsock_find(const struct sockaddr *addr, socklen_t addrlen, int type,
		     struct unix_sock **out)
{
	struct unix_name n;
	int rc = parse_name(addr, addrlen, &n);

	return rc < 0 ? rc : lookup(&n, type, out);
}

void uk_unixsock_copy_name(const struct unix_sock *u, struct sockaddr *addr,
			   socklen_t *len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t full = u->addrlen ? u->addrlen : sizeof(sa_family_t);

	if (u->addrlen)
		sa = u->addr;
	if (addr)
		uk_memcpy(addr, &sa, *len < full ? *len : full);
	*len = full;
}

/* Linux's autobind: an abstract name of five hex digits. */
static int autobind(struct unix_sock *u)
{
	static unsigned int next;
	struct unix_name n;

	for (unsigned int tries = 0; tries < 0x100000; tries++) {
		unsigned int v = next++ & 0xfffff;

		uk_memset(&n, 0, sizeof(n));
		n.sa.sun_family = AF_UNIX;
		for (int i = 0; i < 5; i++)
			n.sa.sun_path[1 + i] = "0123456789abcdef"[(v >> (16 - 4 * i)) & 15];
		n.abstract = true;
		n.len = SUN_PATH_OFF + 6;
		if (!find_abstract(&n)) {
			u->addr = n.sa;
			u->addrlen = n.len;
			u->bound = true;
			return 0;
		}
	}
	return -ENOSPC;
}

int uk_unixsock_bind(struct uk_socket_driver *d, void *sock,
		     const struct sockaddr *addr, socklen_t addrlen)
{
	struct unix_sock *u = sock;
	struct uk_vfs_vnode *vn;
	struct unix_name n;
	int rc;

	(void)d;
	if (addr && addrlen == sizeof(sa_family_t) && addr->sa_family == AF_UNIX) {
		if (u->addrlen)
			return -EINVAL;
		rc = autobind(u);
		goto bound;
	}
	rc = parse_name(addr, addrlen, &n);
	if (rc < 0)
		return rc;
	if (u->addrlen)
		return -EINVAL;
	if (n.abstract) {
		if (find_abstract(&n))
			return -EADDRINUSE;
	} else {
		rc = uk_vfs_ksocknode(n.path, 0777, &vn);
		if (rc == -EEXIST)
			return -EADDRINUSE;
		if (rc < 0)
			return rc;
		u->vnode = vn;
	}
	u->addr = n.sa;
	u->addrlen = n.len;
	u->bound = true;
bound:
	/* A bound datagram socket can be sent to: it needs its ring now. */
	if (rc == 0 && u->type == SOCK_DGRAM)
		rc = uk_unixsock_ring_alloc(u);
	return rc;
}

int uk_unixsock_listen(struct uk_socket_driver *d, void *sock, int backlog)
{
	struct unix_sock *u = sock;

	(void)d;
	if (u->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	if (!u->addrlen || u->state == UNIX_CONNECTED)
		return -EINVAL;
	if ((unsigned int)backlog > UNIX_BACKLOG_MAX)
		backlog = UNIX_BACKLOG_MAX;
	u->backlog = (unsigned int)backlog;
	u->state = UNIX_LISTENING;
	u->has_peercred = false;
	/* A larger backlog may let waiting connectors in. */
	uk_waitq_wake_all(&u->connectors);
	return 0;
}

/* Connect a datagram socket: set (or, with AF_UNSPEC, clear) its target. */
static int connect_dgram(struct unix_sock *u, const struct sockaddr *addr,
			 socklen_t addrlen)
{
	struct unix_sock *to;
	int rc;

	if (addr && addrlen >= sizeof(sa_family_t) && addr->sa_family == AF_UNSPEC) {
		u->peer = NULL;
		u->peer_lost = false;
		u->state = UNIX_UNCONNECTED;
		return 0;
	}
	rc = uk_unixsock_find(addr, addrlen, SOCK_DGRAM, &to);
	if (rc < 0)
		return rc;
	if (to->peer && to->peer != u) {
		uk_unixsock_put(to);
		return -EPERM;
	}
	u->peer = to;
	u->peer_lost = false;
	u->state = UNIX_CONNECTED;
	u->peercred = to->cred;
	u->has_peercred = true;
	uk_unixsock_put(to);
	return 0;
}

static void pending_append(struct unix_sock *l, struct unix_sock *e)
{
	e->pending_next = NULL;
	if (l->pending_tail)
		l->pending_tail->pending_next = e;
	else
		l->pending = e;
	l->pending_tail = e;
	l->npending++;
}

static struct unix_sock *pending_pop(struct unix_sock *l)
{
	struct unix_sock *e = l->pending;

	if (e) {
		l->pending = e->pending_next;
		if (!l->pending)
			l->pending_tail = NULL;
		l->npending--;
		e->pending_next = NULL;
	}
	return e;
}

/* Make the server side of a connection from u to listener l. */
static int make_embryo(struct unix_sock *u, struct unix_sock *l)
{
	struct unix_sock *e = uk_unixsock_new(NULL, u->type);

	if (!e)
		return -ENOMEM;
	e->sndbuf = l->sndbuf;
	e->rcvbuf = l->rcvbuf;
	e->passcred = l->passcred;
	e->flagopts = l->flagopts;
	e->cred = l->cred;
	if (uk_unixsock_ring_alloc(e) < 0 || uk_unixsock_ring_alloc(u) < 0) {
		/* Not yet connected to anyone: dropping it is enough. */
		uk_unixsock_unlist(e);
		uk_unixsock_put(e);
		return -ENOMEM;
	}
	/* The server side answers to the listener's name. */
	e->addr = l->addr;
	e->addrlen = l->addrlen;
	e->state = UNIX_CONNECTED;
	e->peer = u;
	e->peercred = u->cred;
	e->has_peercred = true;
	u->peer = e;
	u->state = UNIX_CONNECTED;
	u->peercred = l->cred;
	u->has_peercred = true;
	pending_append(l, e);
	uk_waitq_wake_one(&l->accepters);
	uk_unixsock_notify(l, POLLIN | POLLRDNORM);
	return 0;
}

int uk_unixsock_connect(struct uk_socket_driver *d, void *sock,
			const struct sockaddr *addr, socklen_t addrlen)
{
	struct unix_sock *u = sock, *l;
	uint64_t start = uk_unixsock_now();
	int rc;

	(void)d;
	if (u->type == SOCK_DGRAM)
		return connect_dgram(u, addr, addrlen);
	if (u->state == UNIX_LISTENING)
		return -EINVAL;
	if (u->state == UNIX_CONNECTED)
		return -EISCONN;
	rc = uk_unixsock_find(addr, addrlen, u->type, &l);
	if (rc < 0)
		return rc;
	for (;;) {
		if (l->dead || l->state != UNIX_LISTENING) {
			rc = -ECONNREFUSED;
			break;
		}
		if (u->state != UNIX_UNCONNECTED) { /* another thread got there */
			rc = u->state == UNIX_CONNECTED ? -EISCONN : -EINVAL;
			break;
		}
		if (l->npending <= l->backlog) {
			rc = make_embryo(u, l);
			break;
		}
		if (uk_socket_nonblocking(u->s)) {
			rc = -EAGAIN;
			break;
		}
		rc = uk_unixsock_wait(&l->connectors, u->sndtimeo, start);
		if (rc < 0)
			break;
	}
	uk_unixsock_put(l);
	return rc;
}

int uk_unixsock_accept4(struct uk_socket_driver *d, void *sock,
			struct uk_socket *news, struct sockaddr *addr,
			socklen_t *addrlen, int flags, void **newsockp)
{
	struct unix_sock *l = sock, *e;
	uint64_t start = uk_unixsock_now();
	int rc;

	(void)d;
	(void)flags;
	if (l->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	for (;;) {
		if (l->state != UNIX_LISTENING)
			return -EINVAL;
		e = pending_pop(l);
		if (e)
			break;
		if (uk_socket_nonblocking(l->s))
			return -EAGAIN;
		rc = uk_unixsock_wait(&l->accepters, l->rcvtimeo, start);
		if (rc < 0)
			return rc;
	}
	e->s = news;
	uk_waitq_wake_one(&l->connectors);
	if (addrlen) {
		if (e->peer)
			uk_unixsock_copy_name(e->peer, addr, addrlen);
		else { /* the client has gone already: an unnamed peer */
			struct unix_sock anon = { .addrlen = 0 };

			uk_unixsock_copy_name(&anon, addr, addrlen);
		}
	}
	*newsockp = e;
	return 0;
}

int uk_unixsock_shutdown(struct uk_socket_driver *d, void *sock, int how)
{
	struct unix_sock *u = sock, *p = u->peer;
	unsigned int mode;

	(void)d;
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	mode = (unsigned int)how + 1; /* SHUT_RD 1, SHUT_WR 2, SHUT_RDWR 3 */
	u->shut |= mode;
	uk_waitq_wake_all(&u->readers);
	uk_waitq_wake_all(&u->writers);
	uk_unixsock_notify(u, 0);
	if (p && u->type != SOCK_DGRAM) {
		/* What one side stops, the other sees: RD <-> WR. */
		p->shut |= ((mode & UNIX_SHUT_RD) ? UNIX_SHUT_WR : 0) |
			   ((mode & UNIX_SHUT_WR) ? UNIX_SHUT_RD : 0);
		uk_waitq_wake_all(&p->readers);
		uk_waitq_wake_all(&p->writers);
		uk_unixsock_notify(p, POLLIN | POLLRDHUP);
	}
	return 0;
}

int uk_unixsock_getsockname(struct uk_socket_driver *d, void *sock,
			    struct sockaddr *addr, socklen_t *addrlen)
{
	(void)d;
	uk_unixsock_copy_name(sock, addr, addrlen);
	return 0;
}

int uk_unixsock_getpeername(struct uk_socket_driver *d, void *sock,
			    struct sockaddr *addr, socklen_t *addrlen)
{
	struct unix_sock *u = sock;

	(void)d;
	if (!u->peer)
		return -ENOTCONN;
	uk_unixsock_copy_name(u->peer, addr, addrlen);
	return 0;
}

/* A connection's other end hears that u is gone. */
static void peer_gone(struct unix_sock *p, bool reset)
{
	p->peer = NULL;
	p->shut = UNIX_SHUT_RD | UNIX_SHUT_WR;
	if (reset)
		p->err = ECONNRESET;
	uk_waitq_wake_all(&p->readers);
	uk_waitq_wake_all(&p->writers);
	uk_unixsock_notify(p, POLLIN | POLLHUP | POLLRDHUP);
}

static void release_embryo(struct unix_sock *e)
{
	if (e->peer)
		peer_gone(e->peer, e->rx.count != 0);
	e->peer = NULL;
	uk_unixsock_drop_queued(e);
	uk_unixsock_unlist(e);
	e->dead = true;
	uk_unixsock_put(e);
}

void uk_unixsock_disconnect(struct unix_sock *u)
{
	struct unix_sock *e;

	/* Connections nobody accepted are reset. */
	while ((e = pending_pop(u)))
		release_embryo(e);
	u->state = UNIX_UNCONNECTED;
	if (u->type != SOCK_DGRAM) {
		/* Unread data makes the peer's reads end in ECONNRESET. */
		if (u->peer)
			peer_gone(u->peer, u->rx.count != 0);
		u->peer = NULL;
		return;
	}
	u->peer = NULL;
	for (struct unix_sock *o = uk_unixsock_all; o; o = o->next) {
		if (o->peer != u)
			continue;
		o->peer = NULL;
		o->peer_lost = true;
		uk_unixsock_notify(o, POLLOUT);
	}
}
