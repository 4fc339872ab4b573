/*
 * tests/guest/socket_testdrv.h - what the test socket drivers of
 * socket_testdrv.c record, shared with the guest that checks it
 * (socket_dispatch.c). Plain types only: the drivers are kernel objects,
 * the guest an application.
 *
 * testdrv (families 201 and 4242) implements every operation and records
 * each call; minidrv (203) has only create, sendto, recvfrom and close,
 * so that the socket layer's fallbacks and EOPNOTSUPP show; faildrv (202)
 * fails its init with ENODEV.
 */
#ifndef GUEST_SOCKET_TESTDRV_H
#define GUEST_SOCKET_TESTDRV_H

#include <stddef.h>

#define TD_FAMILY 201
#define TD_FAMILY_BIG 4242
#define TD_FAMILY_FAIL 202
#define TD_FAMILY_MINI 203

enum td_op {
	TD_INIT = 1, TD_CREATE, TD_SOCKETPAIR, TD_ACCEPT4, TD_BIND, TD_LISTEN,
	TD_CONNECT, TD_SHUTDOWN, TD_GETSOCKNAME, TD_GETPEERNAME, TD_GETSOCKOPT,
	TD_SETSOCKOPT, TD_SENDTO, TD_SENDMSG, TD_RECVFROM, TD_RECVMSG, TD_READ,
	TD_WRITE, TD_CLOSE, TD_IOCTL, TD_POLL, TD_NOPS
};

struct td_call {
	int op;
	int id;          /* the driver's socket (TD_IOC_ID tells a descriptor's) */
	int id2;         /* socketpair/accept4: the second socket's */
	int family, type, protocol;
	int flags;       /* send/recv/accept4 flags */
	int nonblocking; /* uk_socket_nonblocking when called */
	int level, optname;
	long arg;        /* backlog, how, ioctl request */
	const void *ptr; /* buffer, address, message, option value */
	const void *ptr2;/* sendto/recvfrom address */
	size_t len;      /* length, address or option length */
	size_t len2;     /* sendto's address length */
	int iovlen;      /* messages */
};

#define TD_MAXCALLS 64
struct td_log {
	unsigned int inits;       /* testdrv's init */
	unsigned int fail_inits;  /* faildrv's init */
	int alloc_is_kernel;      /* testdrv got uk_alloc_kernel */
	unsigned int ncalls;      /* calls since the guest reset it */
	struct td_call calls[TD_MAXCALLS];
	unsigned int counts[TD_NOPS];
};

extern struct td_log td_log;

/* testdrv's ioctls (the requests are arbitrary). */
#define TD_IOC_ID     0x7d01 /* returns the socket's id */
#define TD_IOC_EVENTS 0x7d02 /* arg: the events poll reports; notifies */
#define TD_IOC_AVAIL  0x7d03 /* arg: messages recvmsg gives, then EAGAIN */
#define TD_IOC_ROOM   0x7d04 /* arg: messages sendmsg takes, then EAGAIN */

/* Recognisable results. */
#define TD_GETSOCKOPT_VALUE 4242
#define TD_IOCTL_RESULT 321
#define TD_NAME_LEN 10      /* getsockname/getpeername/accept4's length */

#endif /* GUEST_SOCKET_TESTDRV_H */
