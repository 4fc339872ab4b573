/*
 * lib/posix-unixsocket/io.c - moving data through unix sockets: sendmsg
 * and recvmsg for the three types, and descriptor passing (SCM_RIGHTS).
 *
 * Data goes from the sender's buffers straight into the receiver's ring
 * and from there straight into the receiver's buffers: one copy each way.
 *
 * Streams (Linux's rules): a write blocks until all of it is in (partial
 * only when non-blocking, on a timeout, or when the peer goes); a read
 * returns what is there (MSG_WAITALL: waits for all), then end of file
 * once the peer has shut down or closed; a peer that closed with data it
 * never read makes the reads end in ECONNRESET (once), then end of file.
 * Writing after a shutdown or to a closed peer is EPIPE with SIGPIPE
 * (unless MSG_NOSIGNAL). Descriptors travel with the bytes of the write
 * that sent them (its first piece, when it went in in pieces): as on
 * Linux, a read that takes them ends with those bytes, and a read never
 * takes the descriptors of two writes.
 *
 * Datagrams and seqpackets: a message goes in whole (EMSGSIZE when larger
 * than the receiver's ring) or waits for room; a read takes one message,
 * truncated to the buffer (MSG_TRUNC set; the flag asks for the real
 * length back); a datagram carries the sender's name.
 */
#define _GNU_SOURCE /* struct ucred, SO_PEERCRED */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "unixsock.h"

static void send_sigpipe(void)
{
	long tid = uk_thread_id(uk_thread_current());

	uk_syscall_dispatch(UK_NR_tkill, tid, SIGPIPE, 0, 0, 0, 0);
}

static ssize_t iov_total(const struct msghdr *m)
{
	size_t total = 0;

	if (m->msg_iovlen && !m->msg_iov)
		return -EFAULT;
	for (size_t i = 0; i < (size_t)m->msg_iovlen; i++) {
		if (m->msg_iov[i].iov_len > (size_t)SSIZE_MAX - total)
			return -EINVAL;
		total += m->msg_iov[i].iov_len;
	}
	return (ssize_t)total;
}

/* Walk n bytes of the message's buffers from byte 'off' on. */
#define IOV_WALK(m, off, n, base, len, body)                                 \
	do {                                                                 \
		size_t skip_ = (off), left_ = (n);                           \
		for (size_t i_ = 0; left_ && i_ < (size_t)(m)->msg_iovlen;   \
		     i_++) {                                                 \
			size_t l_ = (m)->msg_iov[i_].iov_len;                \
			if (skip_ >= l_) {                                   \
				skip_ -= l_;                                 \
				continue;                                    \
			}                                                    \
			uint8_t *base = (uint8_t *)(m)->msg_iov[i_].iov_base + skip_; \
			size_t len = l_ - skip_ < left_ ? l_ - skip_ : left_; \
			skip_ = 0;                                           \
			left_ -= len;                                        \
			body;                                                \
		}                                                            \
	} while (0)

static void put_iov(struct uk_unixsock_ring *r, const struct msghdr *m,
		    size_t off, size_t n)
{
	IOV_WALK(m, off, n, p, l, uk_unixsock_ring_put(r, p, l));
}

/* Copy n bytes from 'skip' bytes into the ring to the buffers at 'off'. */
static void get_iov(const struct uk_unixsock_ring *r, size_t skip,
		    const struct msghdr *m, size_t off, size_t n)
{
	IOV_WALK(m, off, n, p, l, {
		uk_unixsock_ring_peek(r, skip, p, l);
		skip += l;
	});
}

void uk_unixsock_rights_free(struct unix_rights *r)
{
	if (!r)
		return;
	for (unsigned int i = 0; i < r->n; i++)
		if (r->files[i])
			uk_vfs_file_put(r->files[i]);
	uk_alloc_free(uk_unixsock_drv->alloc, r);
}

/* The SCM_RIGHTS descriptors of a message, each file referenced. */
static int take_rights(const struct msghdr *cm, struct unix_rights **out)
{
	struct msghdr mm = *cm, *m = &mm; /* CMSG_NXTHDR wants it writable */
	struct cmsghdr *c;
	struct unix_rights *r;
	unsigned int n = 0;

	*out = NULL;
	if (!m->msg_controllen)
		return 0;
	if (!m->msg_control)
		return -EFAULT;
	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_len < CMSG_LEN(0) ||
		    (uint8_t *)c + c->cmsg_len > (uint8_t *)m->msg_control + m->msg_controllen)
			return -EINVAL;
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			return -EINVAL;
		n += (unsigned int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
	}
	if (n > UNIX_FDS_MAX)
		return -EINVAL;
	if (!n)
		return 0;
	r = uk_alloc_malloc(uk_unixsock_drv->alloc, sizeof(*r) + n * sizeof(r->files[0]));
	if (!r)
		return -ENOMEM;
	r->next = NULL;
	r->pos = 0;
	r->n = 0;
	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		const int *fds = (const int *)CMSG_DATA(c);
		size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		for (size_t i = 0; i < k; i++) {
			struct uk_vfs_file *f = uk_vfs_fd_get(fds[i]);

			if (!f) {
				uk_unixsock_rights_free(r);
				return -EBADF;
			}
			r->files[r->n++] = f;
		}
	}
	*out = r;
	return 0;
}

/*
 * Install the descriptors into the receiver's table and describe them in
 * its control buffer; those that do not fit are closed (MSG_CTRUNC).
 * With 'keep' (MSG_PEEK) they stay queued and the receiver gets new
 * references. Frees r unless kept.
 */
static void give_rights(struct unix_rights *r, struct msghdr *m, int flags,
			bool keep)
{
	size_t space = m->msg_control ? m->msg_controllen : 0;
	size_t fit = space >= CMSG_LEN(sizeof(int))
			     ? (space - CMSG_LEN(0)) / sizeof(int) : 0;
	int fds[UNIX_FDS_MAX];
	unsigned int done = 0;
	struct cmsghdr *c;

	for (unsigned int i = 0; i < r->n && done < fit; i++) {
		int fd;

		uk_vfs_file_get(r->files[i]);
		fd = uk_vfs_fd_install(r->files[i], 0,
				       (flags & MSG_CMSG_CLOEXEC) ? VFS_FD_CLOEXEC : 0);
		if (fd < 0) {
			uk_vfs_file_put(r->files[i]);
			break;
		}
		fds[done++] = fd;
	}
	if (done < r->n)
		m->msg_flags |= MSG_CTRUNC;
	if (done) {
		c = (struct cmsghdr *)m->msg_control;
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(done * sizeof(int));
		uk_memcpy(CMSG_DATA(c), fds, done * sizeof(int));
		m->msg_controllen = CMSG_SPACE(done * sizeof(int)) < space
					    ? CMSG_SPACE(done * sizeof(int)) : space;
	} else {
		m->msg_controllen = 0;
	}
	if (!keep)
		uk_unixsock_rights_free(r);
}

static bool is_message(const struct unix_sock *u)
{
	return u->type != SOCK_STREAM;
}

static ssize_t stream_send(struct unix_sock *u, const struct msghdr *m,
			   size_t total, int flags)
{
	struct unix_rights *rights;
	uint64_t start = uk_unixsock_now();
	size_t sent = 0;
	ssize_t rc = 0;

	if (m->msg_name && m->msg_namelen)
		return u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	if (u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	rc = take_rights(m, &rights);
	if (rc < 0)
		return rc;
	for (;;) {
		struct unix_sock *p = u->peer;
		size_t room, n;

		if ((u->shut & UNIX_SHUT_WR) || !p || (p->shut & UNIX_SHUT_RD)) {
			rc = -EPIPE;
			break;
		}
		if (sent == total)
			break;
		room = uk_unixsock_ring_room(&p->rx);
		if (!room) {
			if (flags & MSG_DONTWAIT) {
				rc = -EAGAIN;
				break;
			}
			uk_unixsock_get(p);
			rc = uk_unixsock_wait(&p->writers, u->sndtimeo, start);
			uk_unixsock_put(p);
			if (rc < 0)
				break;
			continue;
		}
		n = room < total - sent ? room : total - sent;
		if (rights) {
			rights->pos = p->rx_in;
			rights->end = p->rx_in + n;
			if (p->rights_tail)
				p->rights_tail->next = rights;
			else
				p->rights = rights;
			p->rights_tail = rights;
			rights = NULL;
		}
		put_iov(&p->rx, m, sent, n);
		p->rx_in += n;
		sent += n;
		uk_waitq_wake_all(&p->readers);
		uk_unixsock_notify(p, POLLIN | POLLRDNORM);
	}
	uk_unixsock_rights_free(rights);
	if (sent)
		return (ssize_t)sent;
	if (rc == -EPIPE && !(flags & MSG_NOSIGNAL))
		send_sigpipe();
	return rc;
}

/* The target of a datagram or seqpacket send, referenced. */
static int message_target(struct unix_sock *u, const struct msghdr *m,
			  struct unix_sock **out)
{
	if (u->type == SOCK_SEQPACKET) {
		/* Linux ignores a name given to a seqpacket send. */
		if (u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		if (!u->peer)
			return -EPIPE;
		*out = u->peer;
		uk_unixsock_get(*out);
		return 0;
	}
	if (m->msg_name && m->msg_namelen)
		return uk_unixsock_find(m->msg_name, m->msg_namelen, SOCK_DGRAM, out);
	if (!u->peer) {
		if (u->peer_lost) { /* said once, as Linux */
			u->peer_lost = false;
			return -ECONNREFUSED;
		}
		return -ENOTCONN;
	}
	*out = u->peer;
	uk_unixsock_get(*out);
	return 0;
}

static ssize_t message_send(struct unix_sock *u, const struct msghdr *m,
			    size_t total, int flags)
{
	uint64_t start = uk_unixsock_now();
	struct unix_rights *rights = NULL;
	struct unix_msg hdr;
	struct unix_sock *to;
	size_t need;
	int rc;

	rc = message_target(u, m, &to);
	if (rc < 0)
		return rc;
	need = sizeof(hdr) + u->addrlen + total;
	if (!to->rx.buf) {
		rc = -ECONNREFUSED;
		goto out;
	}
	/* Linux's limit: the sender's buffer, less its bookkeeping. */
	if (total > (size_t)u->sndbuf - 32) {
		rc = -EMSGSIZE;
		goto out;
	}
	if (need > to->rx.size) {
		rc = uk_unixsock_ring_grow(to, need);
		if (rc < 0)
			goto out;
	}
	rc = take_rights(m, &rights);
	if (rc < 0)
		goto out;
	for (;;) {
		if (to->dead) {
			rc = u->type == SOCK_DGRAM ? -ECONNREFUSED : -EPIPE;
			break;
		}
		if ((u->shut & UNIX_SHUT_WR) || (to->shut & UNIX_SHUT_RD)) {
			rc = -EPIPE;
			break;
		}
		if (u->type == SOCK_DGRAM && to->peer && to->peer != u) {
			rc = -EPERM;
			break;
		}
		if (uk_unixsock_ring_room(&to->rx) >= need)
			break;
		if (flags & MSG_DONTWAIT) {
			rc = -EAGAIN;
			break;
		}
		rc = uk_unixsock_wait(&to->writers, u->sndtimeo, start);
		if (rc < 0)
			break;
	}
	if (rc < 0) {
		uk_unixsock_rights_free(rights);
		goto out;
	}
	hdr.len = (uint32_t)total;
	hdr.addrlen = u->addrlen;
	hdr.rights = rights;
	uk_unixsock_ring_put(&to->rx, &hdr, sizeof(hdr));
	uk_unixsock_ring_put(&to->rx, &u->addr, u->addrlen);
	put_iov(&to->rx, m, 0, total);
	uk_waitq_wake_all(&to->readers);
	uk_unixsock_notify(to, POLLIN | POLLRDNORM);
	rc = (int)total;
out:
	uk_unixsock_put(to);
	return rc < 0 ? rc : (ssize_t)total;
}

ssize_t uk_unixsock_sendmsg(struct uk_socket_driver *d, void *sock,
			    const struct msghdr *msg, int flags)
{
	struct unix_sock *u = sock;
	ssize_t total = iov_total(msg);

	(void)d;
	if (total < 0)
		return total;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (is_message(u))
		return message_send(u, msg, (size_t)total, flags);
	return stream_send(u, msg, (size_t)total, flags);
}

/* Someone read: the writers waiting for room may go on. */
static void room_made(struct unix_sock *u)
{
	uk_waitq_wake_all(&u->writers);
	if (u->type != SOCK_DGRAM) {
		if (u->peer)
			uk_unixsock_notify(u->peer, POLLOUT | POLLWRNORM);
		return;
	}
	for (struct unix_sock *o = uk_unixsock_all; o; o = o->next)
		if (o->peer == u)
			uk_unixsock_notify(o, POLLOUT | POLLWRNORM);
}

/* Wait for something to read: 1 when there is, 0 at end of file, or an error. */
static int wait_data(struct unix_sock *u, int flags, uint64_t start)
{
	int rc;

	while (!u->rx.count) {
		if (u->err) {
			rc = -u->err;
			u->err = 0;
			return rc;
		}
		if (u->shut & UNIX_SHUT_RD)
			return 0;
		if (flags & MSG_DONTWAIT)
			return -EAGAIN;
		rc = uk_unixsock_wait(&u->readers, u->rcvtimeo, start);
		if (rc < 0)
			return rc;
	}
	return 1;
}

static ssize_t stream_recv(struct unix_sock *u, struct msghdr *m, size_t total,
			   int flags)
{
	size_t target = (flags & MSG_WAITALL) ? total : 1;
	bool peek = flags & MSG_PEEK;
	uint64_t start = uk_unixsock_now();
	uint64_t stop = UINT64_MAX;
	size_t copied = 0;
	bool got_rights = false;

	if (u->state != UNIX_CONNECTED)
		return -EINVAL;
	if (!total) {
		m->msg_controllen = 0;
		return 0;
	}
	while (copied < total) {
		struct unix_rights *r;
		size_t limit, n;
		int rc;

		if (u->rx_out == stop)
			break; /* the end of the write that carried descriptors */
		if (!u->rx.count) {
			if (copied >= target)
				break;
			rc = wait_data(u, flags, start);
			if (rc <= 0) {
				if (copied)
					break;
				m->msg_controllen = 0;
				return rc;
			}
			continue;
		}
		limit = u->rx.count;
		r = u->rights;
		if (r && r->pos == u->rx_out) {
			if (got_rights)
				break; /* one write's descriptors per read */
			if (!peek) {
				u->rights = r->next;
				if (!r->next)
					u->rights_tail = NULL;
			}
			stop = r->end;
			give_rights(r, m, flags, peek);
			got_rights = true;
		} else if (r && r->pos - u->rx_out < limit) {
			limit = (size_t)(r->pos - u->rx_out);
		}
		if (stop - u->rx_out < limit)
			limit = (size_t)(stop - u->rx_out);
		n = limit < total - copied ? limit : total - copied;
		get_iov(&u->rx, 0, m, copied, n);
		copied += n;
		if (peek)
			break;
		uk_unixsock_ring_drop(&u->rx, n);
		u->rx_out += n;
		room_made(u);
	}
	if (!got_rights)
		m->msg_controllen = 0;
	return (ssize_t)copied;
}

static ssize_t message_recv(struct unix_sock *u, struct msghdr *m,
			    size_t total, int flags)
{
	uint64_t start = uk_unixsock_now();
	struct unix_msg hdr;
	size_t n;
	int rc;

	if (u->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	rc = wait_data(u, flags, start);
	if (rc <= 0) {
		m->msg_controllen = 0;
		return rc;
	}
	uk_unixsock_ring_peek(&u->rx, 0, &hdr, sizeof(hdr));
	if (m->msg_name) {
		socklen_t room = m->msg_namelen;

		uk_unixsock_ring_peek(&u->rx, sizeof(hdr), m->msg_name,
				      room < hdr.addrlen ? room : hdr.addrlen);
		m->msg_namelen = hdr.addrlen;
	}
	n = hdr.len < total ? hdr.len : total;
	get_iov(&u->rx, sizeof(hdr) + hdr.addrlen, m, 0, n);
	if (hdr.len > total)
		m->msg_flags |= MSG_TRUNC;
	if (hdr.rights)
		give_rights(hdr.rights, m, flags, flags & MSG_PEEK);
	else
		m->msg_controllen = 0;
	if (!(flags & MSG_PEEK)) {
		uk_unixsock_ring_drop(&u->rx, sizeof(hdr) + hdr.addrlen + hdr.len);
		room_made(u);
	}
	return (flags & MSG_TRUNC) ? (ssize_t)hdr.len : (ssize_t)n;
}

ssize_t uk_unixsock_recvmsg(struct uk_socket_driver *d, void *sock,
			    struct msghdr *msg, int flags)
{
	struct unix_sock *u = sock;
	ssize_t total = iov_total(msg);

	(void)d;
	if (total < 0)
		return total;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	msg->msg_flags = 0;
	if (u->state == UNIX_LISTENING)
		return -EINVAL;
	if (is_message(u))
		return message_recv(u, msg, (size_t)total, flags);
	/* Linux gives a stream reader its peer's name when it has one. */
	if (msg->msg_name) {
		if (u->peer && u->peer->addrlen)
			uk_unixsock_copy_name(u->peer, msg->msg_name, &msg->msg_namelen);
		else
			msg->msg_namelen = 0;
	}
	return stream_recv(u, msg, (size_t)total, flags);
}

size_t uk_unixsock_next_len(const struct unix_sock *u)
{
	struct unix_msg hdr;

	if (!u->rx.count)
		return 0;
	uk_unixsock_ring_peek(&u->rx, 0, &hdr, sizeof(hdr));
	return hdr.len;
}

void uk_unixsock_drop_queued(struct unix_sock *u)
{
	struct unix_rights *r;
	struct unix_msg hdr;

	while ((r = u->rights)) {
		u->rights = r->next;
		uk_unixsock_rights_free(r);
	}
	u->rights_tail = NULL;
	if (!is_message(u) || !u->rx.buf)
		return;
	while (u->rx.count) {
		uk_unixsock_ring_peek(&u->rx, 0, &hdr, sizeof(hdr));
		uk_unixsock_rights_free(hdr.rights);
		uk_unixsock_ring_drop(&u->rx, sizeof(hdr) + hdr.addrlen + hdr.len);
	}
}
