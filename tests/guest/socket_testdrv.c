/*
 * tests/guest/socket_testdrv.c - socket drivers for the dispatch test
 * (see socket_testdrv.h): a kernel object linked into the guest, which
 * registers its drivers with UK_SOCKET_DRIVER_REGISTER like any library.
 * Every call is recorded in td_log for the guest to compare with what it
 * asked for.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <uk/socket.h>
#include <ukbase/string.h>
#include "socket_testdrv.h"

struct td_log td_log;

struct tsock {
	int id;
	struct uk_socket *s;
	unsigned int events;   /* what poll says */
	int avail;             /* messages recvmsg gives */
	int room;              /* messages sendmsg takes */
};

static int next_id = 1;

static struct td_call *rec(int op, void *sock)
{
	static struct td_call spare;
	struct td_call *c;
	struct tsock *t = sock;

	td_log.counts[op]++;
	if (td_log.ncalls >= TD_MAXCALLS)
		c = &spare;
	else
		c = &td_log.calls[td_log.ncalls++];
	uk_memset(c, 0, sizeof(*c));
	c->op = op;
	if (t) {
		c->id = t->id;
		c->nonblocking = uk_socket_nonblocking(t->s);
	}
	return c;
}

static struct tsock *tsock_new(struct uk_socket_driver *d, struct uk_socket *s)
{
	struct tsock *t = uk_alloc_malloc(d->alloc, sizeof(*t));

	if (!t)
		return NULL;
	t->id = next_id++;
	t->s = s;
	t->events = POLLOUT;
	t->avail = 0;
	t->room = 1000;
	return t;
}

static int td_init(struct uk_socket_driver *d)
{
	td_log.inits++;
	td_log.alloc_is_kernel = d->alloc == &uk_alloc_kernel;
	return 0;
}

static int td_create(struct uk_socket_driver *d, struct uk_socket *s, int family,
		     int type, int protocol, void **sockp)
{
	struct tsock *t = tsock_new(d, s);
	struct td_call *c;

	if (!t)
		return -ENOMEM;
	c = rec(TD_CREATE, t);
	c->family = family;
	c->type = type;
	c->protocol = protocol;
	/* A recognisable refusal: protocol 99. */
	if (protocol == 99) {
		uk_alloc_free(d->alloc, t);
		return -EPROTONOSUPPORT;
	}
	*sockp = t;
	return 0;
}

static int td_socketpair(struct uk_socket_driver *d, struct uk_socket *s1,
			 struct uk_socket *s2, int family, int type, int protocol,
			 void **sock1, void **sock2)
{
	struct tsock *t1 = tsock_new(d, s1), *t2 = tsock_new(d, s2);
	struct td_call *c;

	if (!t1 || !t2) {
		uk_alloc_free(d->alloc, t1);
		uk_alloc_free(d->alloc, t2);
		return -ENOMEM;
	}
	c = rec(TD_SOCKETPAIR, t1);
	c->id2 = t2->id;
	c->family = family;
	c->type = type;
	c->protocol = protocol;
	*sock1 = t1;
	*sock2 = t2;
	return 0;
}

/* A name: family 201, "name" or "peer", TD_NAME_LEN bytes in all. */
static void put_name(struct sockaddr *addr, socklen_t *addrlen, const char *what)
{
	char full[TD_NAME_LEN];
	sa_family_t fam = TD_FAMILY;

	uk_memset(full, 0, sizeof(full));
	uk_memcpy(full, &fam, sizeof(fam));
	uk_memcpy(full + 2, what, 4);
	uk_memcpy(addr, full, *addrlen < TD_NAME_LEN ? *addrlen : TD_NAME_LEN);
	*addrlen = TD_NAME_LEN;
}

static int td_accept4(struct uk_socket_driver *d, void *sock, struct uk_socket *news,
		      struct sockaddr *addr, socklen_t *addrlen, int flags,
		      void **newsockp)
{
	struct tsock *t = tsock_new(d, news);
	struct td_call *c = rec(TD_ACCEPT4, sock);

	if (!t)
		return -ENOMEM;
	c->id2 = t->id;
	c->flags = flags;
	c->ptr = addr;
	c->len = addrlen ? *addrlen : 0;
	/* The new file's mode is already the one accept4 asked for. */
	c->arg = uk_socket_nonblocking(news);
	if (addr)
		put_name(addr, addrlen, "peer");
	*newsockp = t;
	return 0;
}

static int td_bind(struct uk_socket_driver *d, void *sock,
		   const struct sockaddr *addr, socklen_t addrlen)
{
	struct td_call *c = rec(TD_BIND, sock);

	c->ptr = addr;
	c->len = addrlen;
	return 0;
}

static int td_listen(struct uk_socket_driver *d, void *sock, int backlog)
{
	rec(TD_LISTEN, sock)->arg = backlog;
	return 0;
}

static int td_connect(struct uk_socket_driver *d, void *sock,
		      const struct sockaddr *addr, socklen_t addrlen)
{
	struct td_call *c = rec(TD_CONNECT, sock);

	c->ptr = addr;
	c->len = addrlen;
	/* A recognisable error for a recognisable length. */
	return addrlen == 3 ? -ECONNREFUSED : 0;
}

static int td_shutdown(struct uk_socket_driver *d, void *sock, int how)
{
	rec(TD_SHUTDOWN, sock)->arg = how;
	return 0;
}

static int td_getsockname(struct uk_socket_driver *d, void *sock,
			  struct sockaddr *addr, socklen_t *addrlen)
{
	struct td_call *c = rec(TD_GETSOCKNAME, sock);

	c->ptr = addr;
	c->len = *addrlen;
	put_name(addr, addrlen, "name");
	return 0;
}

static int td_getpeername(struct uk_socket_driver *d, void *sock,
			  struct sockaddr *addr, socklen_t *addrlen)
{
	struct td_call *c = rec(TD_GETPEERNAME, sock);

	c->ptr = addr;
	c->len = *addrlen;
	put_name(addr, addrlen, "peer");
	return 0;
}

static int td_getsockopt(struct uk_socket_driver *d, void *sock, int level,
			 int optname, void *optval, socklen_t *optlen)
{
	struct td_call *c = rec(TD_GETSOCKOPT, sock);
	int v = TD_GETSOCKOPT_VALUE;

	c->level = level;
	c->optname = optname;
	c->ptr = optval;
	c->len = *optlen;
	if (*optlen < sizeof(v))
		return -EINVAL;
	uk_memcpy(optval, &v, sizeof(v));
	*optlen = sizeof(v);
	return 0;
}

static int td_setsockopt(struct uk_socket_driver *d, void *sock, int level,
			 int optname, const void *optval, socklen_t optlen)
{
	struct td_call *c = rec(TD_SETSOCKOPT, sock);

	c->level = level;
	c->optname = optname;
	c->ptr = optval;
	c->len = optlen;
	return 0;
}

static ssize_t td_sendto(struct uk_socket_driver *d, void *sock, const void *buf,
			 size_t len, int flags, const struct sockaddr *dest,
			 socklen_t addrlen)
{
	struct td_call *c = rec(TD_SENDTO, sock);

	c->ptr = buf;
	c->len = len;
	c->flags = flags;
	c->ptr2 = dest;
	c->len2 = addrlen;
	return (ssize_t)len;
}

static size_t iov_total(const struct msghdr *msg)
{
	size_t n = 0;

	for (int i = 0; i < (int)msg->msg_iovlen; i++)
		n += msg->msg_iov[i].iov_len;
	return n;
}

static ssize_t td_sendmsg(struct uk_socket_driver *d, void *sock,
			  const struct msghdr *msg, int flags)
{
	struct tsock *t = sock;
	struct td_call *c = rec(TD_SENDMSG, sock);

	c->ptr = msg;
	c->flags = flags;
	c->iovlen = (int)msg->msg_iovlen;
	c->ptr2 = msg->msg_name;
	c->len2 = msg->msg_namelen;
	if (!t->room)
		return -EAGAIN;
	t->room--;
	return (ssize_t)iov_total(msg);
}

static ssize_t td_recvfrom(struct uk_socket_driver *d, void *sock, void *buf,
			   size_t len, int flags, struct sockaddr *src,
			   socklen_t *addrlen)
{
	struct td_call *c = rec(TD_RECVFROM, sock);

	c->ptr = buf;
	c->len = len;
	c->flags = flags;
	c->ptr2 = src;
	c->len2 = addrlen ? *addrlen : 0;
	if (len >= 4)
		uk_memcpy(buf, "RCVF", 4);
	if (src)
		put_name(src, addrlen, "from");
	return len < 4 ? (ssize_t)len : 4;
}

/* A message: "MSG" in the first buffer, the whole vector "filled". */
static ssize_t td_recvmsg(struct uk_socket_driver *d, void *sock,
			  struct msghdr *msg, int flags)
{
	struct tsock *t = sock;
	struct td_call *c = rec(TD_RECVMSG, sock);

	c->ptr = msg;
	c->flags = flags;
	c->iovlen = (int)msg->msg_iovlen;
	if (!t->avail)
		return -EAGAIN;
	t->avail--;
	if (msg->msg_iovlen && msg->msg_iov[0].iov_len >= 3)
		uk_memcpy(msg->msg_iov[0].iov_base, "MSG", 3);
	msg->msg_flags = MSG_EOR;
	msg->msg_controllen = 0;
	return (ssize_t)iov_total(msg);
}

static ssize_t td_read(struct uk_socket_driver *d, void *sock, void *buf, size_t len)
{
	struct td_call *c = rec(TD_READ, sock);

	c->ptr = buf;
	c->len = len;
	if (len >= 4)
		uk_memcpy(buf, "READ", 4);
	return len < 4 ? (ssize_t)len : 4;
}

static ssize_t td_write(struct uk_socket_driver *d, void *sock, const void *buf,
			size_t len)
{
	struct td_call *c = rec(TD_WRITE, sock);

	c->ptr = buf;
	c->len = len;
	return (ssize_t)len;
}

static int td_close(struct uk_socket_driver *d, void *sock)
{
	rec(TD_CLOSE, sock);
	uk_alloc_free(d->alloc, sock);
	return 0;
}

static int td_ioctl(struct uk_socket_driver *d, void *sock, unsigned long req,
		    void *arg)
{
	struct tsock *t = sock;
	struct td_call *c = rec(TD_IOCTL, sock);

	c->arg = (long)req;
	c->ptr = arg;
	switch (req) {
	case TD_IOC_ID:
		return t->id;
	case TD_IOC_EVENTS:
		t->events = (unsigned int)(unsigned long)arg;
		uk_socket_notify(t->s, t->events);
		return 0;
	case TD_IOC_AVAIL:
		t->avail = (int)(long)arg;
		return 0;
	case TD_IOC_ROOM:
		t->room = (int)(long)arg;
		return 0;
	default:
		return TD_IOCTL_RESULT;
	}
}

static unsigned int td_poll(struct uk_socket_driver *d, void *sock)
{
	struct tsock *t = sock;

	rec(TD_POLL, sock);
	return t->events;
}

static const struct uk_socket_ops td_ops = {
	.init = td_init,
	.create = td_create,
	.socketpair = td_socketpair,
	.accept4 = td_accept4,
	.bind = td_bind,
	.listen = td_listen,
	.connect = td_connect,
	.shutdown = td_shutdown,
	.getsockname = td_getsockname,
	.getpeername = td_getpeername,
	.getsockopt = td_getsockopt,
	.setsockopt = td_setsockopt,
	.sendto = td_sendto,
	.sendmsg = td_sendmsg,
	.recvfrom = td_recvfrom,
	.recvmsg = td_recvmsg,
	.read = td_read,
	.write = td_write,
	.close = td_close,
	.ioctl = td_ioctl,
	.poll = td_poll,
};

static const int td_families[] = { TD_FAMILY, TD_FAMILY_BIG };
static struct uk_socket_driver testdrv = {
	.name = "testdrv",
	.families = td_families,
	.nfamilies = 2,
	.ops = &td_ops,
};
UK_SOCKET_DRIVER_REGISTER(testdrv);

/* minidrv: the fallbacks of the socket layer. */
static const struct uk_socket_ops mini_ops = {
	.create = td_create,
	.sendto = td_sendto,
	.recvfrom = td_recvfrom,
	.close = td_close,
};

static const int mini_families[] = { TD_FAMILY_MINI };
static struct uk_socket_driver minidrv = {
	.name = "minidrv",
	.families = mini_families,
	.nfamilies = 1,
	.ops = &mini_ops,
};
UK_SOCKET_DRIVER_REGISTER(minidrv);

/* faildrv: disabled at boot; its family answers EAFNOSUPPORT. */
static int fail_init(struct uk_socket_driver *d)
{
	td_log.fail_inits++;
	return -ENODEV;
}

static const struct uk_socket_ops fail_ops = {
	.init = fail_init,
	.create = td_create,
};

static const int fail_families[] = { TD_FAMILY_FAIL };
static struct uk_socket_driver faildrv = {
	.name = "faildrv",
	.families = fail_families,
	.nfamilies = 1,
	.ops = &fail_ops,
};
UK_SOCKET_DRIVER_REGISTER(faildrv);
