/*
 * lib/posix-unixsocket/unixsock.h - the AF_UNIX driver's internal state,
 * shared by its files: unixsock.c (sockets, options, poll), addr.c
 * (names, connections) and io.c (data and descriptor passing).
 *
 * Every socket owns the ring it receives into: for a connected pair, A's
 * writes go into B's ring and B's into A's. A writer waiting for room
 * waits on the receiver's 'writers' queue; a reader on its own 'readers'.
 * Stream rings carry bytes; datagram and seqpacket rings carry records
 * (struct unix_msg, the sender's address, the payload).
 *
 * Sockets are counted: the open file holds one reference, and so does a
 * thread waiting on another socket (a writer on its receiver, a connector
 * on a listener), so that a socket closed meanwhile is still there to be
 * looked at ('dead') when the waiter wakes. Connected sockets point at
 * each other without references: closing one clears the other's pointer.
 * No locking: the calls run in system calls, interrupts off, on one CPU,
 * and every wait is followed by a fresh look at the state.
 */
#ifndef UNIXSOCK_H
#define UNIXSOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <uk/sched.h>
#include <uk/socket.h>
#include <uk/vfs.h>
#include "ring.h"

/* Linux's buffer limits: the value reported is twice what was set. */
#define UNIX_BUF_DEFAULT 212992 /* net.core.[rw]mem_default */
#define UNIX_BUF_MAX     212992 /* net.core.[rw]mem_max */
#define UNIX_SNDBUF_MIN  4608
#define UNIX_RCVBUF_MIN  2304
#define UNIX_BACKLOG_MAX 4096   /* net.core.somaxconn */
#define UNIX_FDS_MAX     253    /* SCM_MAX_FD */

#define UNIX_SHUT_RD 1u
#define UNIX_SHUT_WR 2u

enum unix_state {
	UNIX_UNCONNECTED,
	UNIX_LISTENING,
	UNIX_CONNECTED,
};

/* Descriptors in flight (SCM_RIGHTS), each file with a reference. */
struct unix_rights {
	struct unix_rights *next;
	uint64_t pos, end; /* streams: the bytes (rx_in counts) they travel with */
	unsigned int n;
	struct uk_vfs_file *files[];
};

/* A record in a datagram or seqpacket ring, followed by addr and data. */
struct unix_msg {
	uint32_t len;       /* payload bytes */
	uint32_t addrlen;   /* the sender's address bytes (0: unnamed) */
	struct unix_rights *rights;
};

struct unix_sock {
	struct unix_sock *next, *prev; /* every socket (address lookups) */
	unsigned int refs;
	bool dead;                     /* closed; only waiters still look */
	struct uk_socket *s;           /* NULL while waiting to be accepted */
	int type;                      /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	enum unix_state state;
	unsigned int shut;             /* UNIX_SHUT_* */
	int err;                       /* pending error (SO_ERROR), positive */
	struct unix_sock *peer;        /* connected to (datagram: default target) */
	bool peer_lost;                /* datagram: the target closed */

	/* The name (addrlen 0: unbound) and, for a path, its socket node. */
	struct sockaddr_un addr;
	socklen_t addrlen;
	struct uk_vfs_vnode *vnode;
	bool bound;                    /* the name is its own (not a listener's) */

	/* Receiving. */
	struct uk_unixsock_ring rx;    /* buf NULL until it can receive */
	uint64_t rx_in, rx_out;        /* streams: bytes ever queued, taken */
	struct unix_rights *rights, *rights_tail; /* streams: in flight */
	struct uk_waitq readers;
	struct uk_waitq writers;

	/* Listening: connections not yet accepted (each an embryo socket). */
	struct unix_sock *pending, *pending_tail, *pending_next;
	unsigned int npending;
	unsigned int backlog;
	struct uk_waitq accepters;
	struct uk_waitq connectors;

	/* Options. */
	int sndbuf, rcvbuf;            /* as getsockopt reports them */
	uint64_t sndtimeo, rcvtimeo;   /* ns; 0: wait forever */
	int passcred;
	int flagopts;                  /* SO_REUSEADDR and friends, as bits */
	struct linger linger;
	struct ucred cred;             /* who made it (for the peer's SO_PEERCRED) */
	struct ucred peercred;
	bool has_peercred;
};

/* unixsock.c */
extern struct uk_socket_driver *uk_unixsock_drv;
struct unix_sock *uk_unixsock_new(struct uk_socket *s, int type);
/* Take u off the list of sockets (it can no longer be found by name). */
void uk_unixsock_unlist(struct unix_sock *u);
void uk_unixsock_get(struct unix_sock *u);
void uk_unixsock_put(struct unix_sock *u);
/* Give u a receive ring sized from its SO_RCVBUF (-ENOMEM). */
int uk_unixsock_ring_alloc(struct unix_sock *u);
/* Make u's ring hold at least 'size' bytes (a datagram larger than it). */
int uk_unixsock_ring_grow(struct unix_sock *u, size_t size);
void uk_unixsock_notify(struct unix_sock *u, unsigned int events);
/* Take a thread's wait on 'wq' with u's timeout (0: none): -EAGAIN after
 * it; a signal: -EINTR with a timeout, else -UK_ERESTARTSYS. */
int uk_unixsock_wait(struct uk_waitq *wq, uint64_t timeo_ns, uint64_t start);
uint64_t uk_unixsock_now(void);
extern struct unix_sock *uk_unixsock_all;

/* addr.c */
int uk_unixsock_bind(struct uk_socket_driver *d, void *sock,
		     const struct sockaddr *addr, socklen_t addrlen);
int uk_unixsock_listen(struct uk_socket_driver *d, void *sock, int backlog);
int uk_unixsock_connect(struct uk_socket_driver *d, void *sock,
			const struct sockaddr *addr, socklen_t addrlen);
int uk_unixsock_accept4(struct uk_socket_driver *d, void *sock,
			struct uk_socket *news, struct sockaddr *addr,
			socklen_t *addrlen, int flags, void **newsockp);
int uk_unixsock_shutdown(struct uk_socket_driver *d, void *sock, int how);
int uk_unixsock_getsockname(struct uk_socket_driver *d, void *sock,
			    struct sockaddr *addr, socklen_t *addrlen);
int uk_unixsock_getpeername(struct uk_socket_driver *d, void *sock,
			    struct sockaddr *addr, socklen_t *addrlen);
/* The socket a datagram address names (referenced), or an errno. */
int uk_unixsock_find(const struct sockaddr *addr, socklen_t addrlen, int type,
		     struct unix_sock **out);
/* Copy a name out, truncated to *len, and set *len to its full length. */
void uk_unixsock_copy_name(const struct unix_sock *u, struct sockaddr *addr,
			   socklen_t *len);
/* Disconnect from everything at close. */
void uk_unixsock_disconnect(struct unix_sock *u);

/* io.c */
ssize_t uk_unixsock_sendmsg(struct uk_socket_driver *d, void *sock,
			    const struct msghdr *msg, int flags);
ssize_t uk_unixsock_recvmsg(struct uk_socket_driver *d, void *sock,
			    struct msghdr *msg, int flags);
/* Put back every descriptor still in u's ring or rights list. */
void uk_unixsock_drop_queued(struct unix_sock *u);
void uk_unixsock_rights_free(struct unix_rights *r);
/* The length of the next record of a message socket (0: none). */
size_t uk_unixsock_next_len(const struct unix_sock *u);

#endif /* UNIXSOCK_H */
