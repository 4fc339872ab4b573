/*
 * tests/guest/socket_dispatch.c - lib/posix-socket as a musl program sees
 * it, over the test drivers of socket_testdrv.c (linked into this guest):
 * every socket system call reaches the right operation of the right
 * driver with the caller's arguments; SOCK_NONBLOCK, O_NONBLOCK (fcntl,
 * FIONBIO) reach the driver as MSG_DONTWAIT; SOCK_CLOEXEC gives
 * FD_CLOEXEC; read/write/readv/writev/ioctl/poll/epoll/close on the
 * descriptor reach the driver, readv/writev as one message; the
 * socket layer's fallbacks and EOPNOTSUPP for a driver lacking operations;
 * EAFNOSUPPORT for a disabled driver's family and unknown ones; ENOTSOCK,
 * EBADF, EFAULT, EINVAL and EMSGSIZE before any driver is asked; sendmmsg
 * and recvmmsg counts, MSG_WAITFORONE and the timeout.
 * socket_dispatch.sh checks the console line of the disabled driver.
 *
 * sendmmsg and recvmmsg are made as raw system calls: musl's 64-bit
 * sendmmsg loops over sendmsg itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"
#include "socket_testdrv.h"

static void reset(void)
{
	td_log.ncalls = 0;
	memset(td_log.calls, 0, sizeof(td_log.calls));
	memset(td_log.counts, 0, sizeof(td_log.counts));
}

/* The only call since reset() was 'op': returns it, or NULL. */
static const struct td_call *only(int op)
{
	if (td_log.ncalls != 1 || td_log.calls[0].op != op)
		return NULL;
	return &td_log.calls[0];
}

static const struct td_call *nth(unsigned int i)
{
	return i < td_log.ncalls ? &td_log.calls[i] : NULL;
}

static int sock_id(int fd)
{
	return ioctl(fd, TD_IOC_ID, 0);
}

static int getfl(int fd)
{
	return fcntl(fd, F_GETFL);
}

static int cloexec(int fd)
{
	return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0;
}

static int is_sock(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) &&
	       (st.st_mode & 0777) == 0777;
}

static int ioctl_arg(int fd, unsigned long req, long v)
{
	return ioctl(fd, req, (void *)v);
}

static void test_boot(void)
{
	check(td_log.inits == 1, "testdrv's init ran once at boot (%u)", td_log.inits);
	check(td_log.fail_inits == 1, "faildrv's init ran once (%u)", td_log.fail_inits);
	check(td_log.alloc_is_kernel, "a driver without an allocator is given uk_alloc_kernel");
}

static void test_socket(void)
{
	const struct td_call *c;
	int fd, fd2, fd3, ok;
	long rc;

	reset();
	fd = socket(TD_FAMILY, SOCK_DGRAM, 5);
	c = only(TD_CREATE);
	check(fd >= 0 && c && c->family == TD_FAMILY && c->type == SOCK_DGRAM &&
		      c->protocol == 5 && !c->nonblocking,
	      "socket(201, SOCK_DGRAM, 5) reaches testdrv's create (fd %d)", fd);
	check(is_sock(fd), "fstat: S_IFSOCK, mode 0777");
	check(getfl(fd) == O_RDWR && !cloexec(fd),
	      "a socket is O_RDWR, blocking, without FD_CLOEXEC (flags %#x)", getfl(fd));
	check(sock_id(fd) == c->id, "the descriptor is the socket the driver made");

	reset();
	fd2 = socket(TD_FAMILY_BIG, SOCK_STREAM, 0);
	c = only(TD_CREATE);
	check(fd2 >= 0 && c && c->family == TD_FAMILY_BIG && c->type == SOCK_STREAM,
	      "socket(4242): a family beyond 255 reaches its driver");

	reset();
	fd3 = socket(TD_FAMILY, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	c = only(TD_CREATE);
	check(fd3 >= 0 && c && c->type == SOCK_SEQPACKET && c->nonblocking,
	      "SOCK_NONBLOCK|SOCK_CLOEXEC: the driver gets the bare type, the file is non-blocking already");
	check(getfl(fd3) == (O_RDWR | O_NONBLOCK), "SOCK_NONBLOCK gives O_NONBLOCK");
	check(cloexec(fd3), "SOCK_CLOEXEC gives FD_CLOEXEC");
	close(fd2);
	close(fd3);

	reset();
	ok = FAILS(syscall(SYS_socket, TD_FAMILY_FAIL, SOCK_DGRAM, 0), EAFNOSUPPORT);
	check(ok && !td_log.ncalls, "socket(202): the family of a driver whose init failed: EAFNOSUPPORT");
	check(FAILS(syscall(SYS_socket, 9999, SOCK_DGRAM, 0), EAFNOSUPPORT),
	      "socket(9999): EAFNOSUPPORT");
	check(FAILS(syscall(SYS_socket, -1, SOCK_DGRAM, 0), EAFNOSUPPORT),
	      "socket(-1): EAFNOSUPPORT");
	ok = FAILS(syscall(SYS_socket, TD_FAMILY, SOCK_DGRAM | 0x100, 0), EINVAL);
	check(ok && !td_log.ncalls, "unknown type flag bits: EINVAL");
	check(FAILS(syscall(SYS_socket, TD_FAMILY, 12, 0), EINVAL), "type 12: EINVAL");
	check(FAILS(syscall(SYS_socket, 9999, SOCK_DGRAM | 0x100, 0), EINVAL),
	      "flags are checked before the family (EINVAL)");
	reset();
	rc = syscall(SYS_socket, TD_FAMILY, SOCK_DGRAM, 99);
	check(rc == -1 && errno == EPROTONOSUPPORT && td_log.counts[TD_CREATE] == 1 &&
		      !td_log.counts[TD_CLOSE],
	      "create's error is socket's; no close for a socket never made");
	close(fd);
}

static void test_socketpair(void)
{
	const struct td_call *c;
	int sv[2] = { -1, -1 }, rc;

	reset();
	rc = socketpair(TD_FAMILY, SOCK_STREAM | SOCK_CLOEXEC, 7, sv);
	c = only(TD_SOCKETPAIR);
	check(rc == 0 && c && c->family == TD_FAMILY && c->type == SOCK_STREAM &&
		      c->protocol == 7,
	      "socketpair reaches the driver's socketpair (family, bare type, protocol)");
	check(c && sock_id(sv[0]) == c->id && sock_id(sv[1]) == c->id2 && sv[0] != sv[1],
	      "the two descriptors are the driver's two sockets (%d, %d)", sv[0], sv[1]);
	check(cloexec(sv[0]) && cloexec(sv[1]) && is_sock(sv[0]) && is_sock(sv[1]),
	      "socketpair: both are sockets with FD_CLOEXEC");
	reset();
	close(sv[0]);
	close(sv[1]);
	check(td_log.counts[TD_CLOSE] == 2, "closing both: two closes");
	check(FAILS(syscall(SYS_socketpair, TD_FAMILY, SOCK_STREAM, 0, NULL), EFAULT),
	      "socketpair into NULL: EFAULT");
	check(FAILS(socketpair(TD_FAMILY_MINI, SOCK_STREAM, 0, sv), EOPNOTSUPP),
	      "socketpair without the operation: EOPNOTSUPP");
	check(FAILS(socketpair(TD_FAMILY_FAIL, SOCK_STREAM, 0, sv), EAFNOSUPPORT),
	      "socketpair of a disabled family: EAFNOSUPPORT");
	check(FAILS(syscall(SYS_socketpair, TD_FAMILY, SOCK_STREAM | 0x100, 0, sv), EINVAL),
	      "socketpair with unknown flag bits: EINVAL");
}

static void test_calls(void)
{
	struct sockaddr_storage ss;
	struct sockaddr sa = { .sa_family = TD_FAMILY, .sa_data = "addr" };
	const struct td_call *c;
	socklen_t len;
	char buf[32];
	int fd, id, nfd, v, rc;

	fd = socket(TD_FAMILY, SOCK_STREAM, 0);
	id = sock_id(fd);

	reset();
	rc = bind(fd, &sa, 16);
	c = only(TD_BIND);
	check(rc == 0 && c && c->id == id && c->ptr == &sa && c->len == 16,
	      "bind: the socket, the address and its length");
	reset();
	rc = connect(fd, &sa, 12);
	c = only(TD_CONNECT);
	check(rc == 0 && c && c->id == id && c->ptr == &sa && c->len == 12,
	      "connect: the socket, the address and its length");
	check(FAILS(connect(fd, &sa, 3), ECONNREFUSED), "the driver's error is the call's (ECONNREFUSED)");

	reset();
	rc = listen(fd, 5);
	c = only(TD_LISTEN);
	check(rc == 0 && c && c->arg == 5, "listen: the backlog");
	reset();
	listen(fd, 100000);
	c = only(TD_LISTEN);
	check(c && c->arg == 4096, "listen: a backlog above SOMAXCONN is 4096 (%ld)", c ? c->arg : 0);
	reset();
	listen(fd, -3);
	c = only(TD_LISTEN);
	check(c && c->arg == 4096, "listen: a negative backlog is 4096");

	reset();
	rc = shutdown(fd, SHUT_WR);
	c = only(TD_SHUTDOWN);
	check(rc == 0 && c && c->arg == SHUT_WR, "shutdown: how");
	reset();
	check(FAILS(shutdown(fd, 3), EINVAL) && !td_log.ncalls, "shutdown(3): EINVAL");

	reset();
	memset(&ss, 0, sizeof(ss));
	len = sizeof(ss);
	rc = getsockname(fd, (struct sockaddr *)&ss, &len);
	c = only(TD_GETSOCKNAME);
	check(rc == 0 && c && c->id == id && c->len == sizeof(ss) && len == TD_NAME_LEN &&
		      ss.ss_family == TD_FAMILY && !memcmp((char *)&ss + 2, "name", 4),
	      "getsockname: the driver's address and length");
	memset(&ss, 0x55, sizeof(ss));
	len = 4;
	rc = getsockname(fd, (struct sockaddr *)&ss, &len);
	check(rc == 0 && len == TD_NAME_LEN && ((unsigned char *)&ss)[4] == 0x55,
	      "getsockname: truncated to the room given, the full length returned");
	reset();
	len = sizeof(ss);
	rc = getpeername(fd, (struct sockaddr *)&ss, &len);
	c = only(TD_GETPEERNAME);
	check(rc == 0 && c && len == TD_NAME_LEN && !memcmp((char *)&ss + 2, "peer", 4),
	      "getpeername reaches getpeername");

	reset();
	v = 0;
	len = sizeof(v);
	rc = getsockopt(fd, 999, 1, &v, &len);
	c = only(TD_GETSOCKOPT);
	check(rc == 0 && c && c->level == 999 && c->optname == 1 && c->ptr == &v &&
		      v == TD_GETSOCKOPT_VALUE && len == sizeof(v),
	      "getsockopt: level, name, value and length");
	reset();
	v = 0;
	len = sizeof(v);
	rc = getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len);
	check(rc == 0 && v == SOCK_STREAM && len == sizeof(v) && !td_log.ncalls,
	      "getsockopt(SO_TYPE) is the socket layer's (%d)", v);
	len = sizeof(v);
	getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len);
	check(v == TD_FAMILY, "getsockopt(SO_DOMAIN): 201");
	len = sizeof(v);
	getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len);
	check(v == 0 && !td_log.ncalls, "getsockopt(SO_PROTOCOL): 0");
	reset();
	v = 77;
	rc = setsockopt(fd, 998, 2, &v, sizeof(v));
	c = only(TD_SETSOCKOPT);
	check(rc == 0 && c && c->level == 998 && c->optname == 2 && c->ptr == &v &&
		      c->len == sizeof(v),
	      "setsockopt: level, name, value and length");

	reset();
	len = sizeof(ss);
	nfd = accept4(fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	c = only(TD_ACCEPT4);
	check(nfd >= 0 && c && c->id == id && c->flags == (SOCK_NONBLOCK | SOCK_CLOEXEC) &&
		      c->arg == 1 && c->len == sizeof(ss),
	      "accept4: the listener, the flags; the new file non-blocking already");
	check(len == TD_NAME_LEN && !memcmp((char *)&ss + 2, "peer", 4),
	      "accept4: the peer's address");
	check(c && sock_id(nfd) == c->id2 && is_sock(nfd), "accept4: the new descriptor is the driver's new socket");
	check(getfl(nfd) == (O_RDWR | O_NONBLOCK) && cloexec(nfd),
	      "accept4: O_NONBLOCK and FD_CLOEXEC on the new descriptor");
	close(nfd);
	reset();
	nfd = accept(fd, NULL, NULL);
	c = only(TD_ACCEPT4);
	check(nfd >= 0 && c && c->flags == 0 && !c->ptr && getfl(nfd) == O_RDWR && !cloexec(nfd),
	      "accept: no address, no flags");
	close(nfd);
	/* Raw calls: musl retries accept4 without flags on EINVAL. */
	reset();
	check(FAILS(syscall(SYS_accept4, fd, NULL, NULL, 0x1), EINVAL) && !td_log.ncalls,
	      "accept4 with an unknown flag: EINVAL");
	reset();
	check(FAILS(accept(fd, (struct sockaddr *)&ss, NULL), EFAULT) && !td_log.ncalls,
	      "accept with an address but no length: EFAULT");

	reset();
	rc = ioctl(fd, 0x7d99, buf);
	c = only(TD_IOCTL);
	check(rc == TD_IOCTL_RESULT && c && c->arg == 0x7d99 && c->ptr == buf,
	      "ioctl reaches the driver (request, argument, result)");

	reset();
	memset(buf, 0, sizeof(buf));
	rc = read(fd, buf, 16);
	c = only(TD_READ);
	check(rc == 4 && c && c->len == 16 && c->ptr == buf && !memcmp(buf, "READ", 4),
	      "read reaches the driver's read");
	reset();
	rc = write(fd, "hello", 5);
	c = only(TD_WRITE);
	check(rc == 5 && c && c->len == 5, "write reaches the driver's write");
	close(fd);
}

static void test_sendrecv(void)
{
	struct sockaddr sa = { .sa_family = TD_FAMILY };
	struct sockaddr_storage ss;
	struct iovec iov[3];
	struct msghdr msg;
	const struct td_call *c;
	char a[8], b[8], d[8];
	socklen_t len;
	int fd = socket(TD_FAMILY, SOCK_DGRAM, 0);
	ssize_t rc;

	reset();
	rc = sendto(fd, "hello", 5, MSG_MORE, &sa, 16);
	c = only(TD_SENDTO);
	check(rc == 5 && c && c->len == 5 && c->flags == MSG_MORE && c->ptr2 == &sa &&
		      c->len2 == 16,
	      "sendto: buffer, length, flags, address");
	reset();
	rc = send(fd, "abc", 3, 0);
	c = only(TD_SENDTO);
	check(rc == 3 && c && c->flags == 0 && !c->ptr2 && c->len2 == 0,
	      "send: sendto without an address");
	reset();
	memset(a, 0, sizeof(a));
	len = sizeof(ss);
	rc = recvfrom(fd, a, sizeof(a), MSG_PEEK, (struct sockaddr *)&ss, &len);
	c = only(TD_RECVFROM);
	check(rc == 4 && c && c->flags == MSG_PEEK && c->ptr == a && c->len == sizeof(a) &&
		      c->len2 == sizeof(ss) && len == TD_NAME_LEN &&
		      !memcmp(a, "RCVF", 4) && !memcmp((char *)&ss + 2, "from", 4),
	      "recvfrom: buffer, flags, the source's address");
	reset();
	rc = recv(fd, a, sizeof(a), 0);
	c = only(TD_RECVFROM);
	check(rc == 4 && c && c->flags == 0 && !c->ptr2, "recv: recvfrom without an address");

	iov[0] = (struct iovec){ a, 3 };
	iov[1] = (struct iovec){ b, 5 };
	iov[2] = (struct iovec){ d, 2 };
	reset();
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &sa;
	msg.msg_namelen = 16;
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	rc = sendmsg(fd, &msg, MSG_EOR);
	c = only(TD_SENDMSG);
	check(rc == 8 && c && c->iovlen == 2 && c->flags == MSG_EOR && c->ptr2 == &sa &&
		      c->len2 == 16,
	      "sendmsg: the message and flags");
	reset();
	ioctl_arg(fd, TD_IOC_AVAIL, 1);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	rc = recvmsg(fd, &msg, MSG_TRUNC);
	c = nth(1);
	check(rc == 8 && c && c->op == TD_RECVMSG && c->flags == MSG_TRUNC &&
		      c->iovlen == 2 && msg.msg_flags == MSG_EOR && !memcmp(a, "MSG", 3),
	      "recvmsg: the message and flags; msg_flags from the driver");

	reset();
	ioctl_arg(fd, TD_IOC_AVAIL, 1);
	reset();
	rc = readv(fd, iov, 2);
	c = only(TD_RECVMSG);
	check(rc == 8 && c && c->iovlen == 2 && c->flags == 0,
	      "readv is one recvmsg of the whole vector (a datagram stays whole)");
	reset();
	rc = writev(fd, iov, 3);
	c = only(TD_SENDMSG);
	check(rc == 10 && c && c->iovlen == 3 && c->flags == 0,
	      "writev is one sendmsg of the whole vector");
	reset();
	check(FAILS(readv(fd, iov, 2), EAGAIN) && td_log.counts[TD_RECVMSG] == 1,
	      "readv: the driver's EAGAIN");
	reset();
	errno = 0;
	rc = readv(fd, iov, 0);
	check(rc == -1 && errno == EAGAIN && td_log.counts[TD_RECVMSG] == 1,
	      "readv of no buffers still asks the driver (a datagram may be empty)");
	close(fd);
}

static void test_nonblocking(void)
{
	struct iovec iov = { "x", 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	const struct td_call *c;
	char buf[8];
	int fd = socket(TD_FAMILY, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int one = 1, zero = 0;

	reset();
	send(fd, "abc", 3, MSG_MORE);
	c = only(TD_SENDTO);
	check(c && c->flags == (MSG_MORE | MSG_DONTWAIT),
	      "SOCK_NONBLOCK: send's flags carry MSG_DONTWAIT");
	reset();
	recv(fd, buf, sizeof(buf), 0);
	c = only(TD_RECVFROM);
	check(c && c->flags == MSG_DONTWAIT && c->nonblocking, "SOCK_NONBLOCK: recv too");
	reset();
	sendmsg(fd, &msg, 0);
	c = only(TD_SENDMSG);
	check(c && c->flags == MSG_DONTWAIT, "SOCK_NONBLOCK: sendmsg too");
	reset();
	readv(fd, &iov, 1);
	c = only(TD_RECVMSG);
	check(c && c->flags == MSG_DONTWAIT, "SOCK_NONBLOCK: readv's recvmsg too");
	reset();
	writev(fd, &iov, 1);
	c = only(TD_SENDMSG);
	check(c && c->flags == MSG_DONTWAIT, "SOCK_NONBLOCK: writev's sendmsg too");
	reset();
	read(fd, buf, sizeof(buf));
	c = only(TD_READ);
	check(c && c->nonblocking, "read: the driver sees the file non-blocking");
	close(fd);

	fd = socket(TD_FAMILY, SOCK_DGRAM, 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	reset();
	recv(fd, buf, sizeof(buf), MSG_PEEK);
	c = only(TD_RECVFROM);
	check(c && c->flags == (MSG_PEEK | MSG_DONTWAIT) && c->nonblocking,
	      "fcntl(F_SETFL, O_NONBLOCK): MSG_DONTWAIT from then on");
	fcntl(fd, F_SETFL, 0);
	reset();
	recv(fd, buf, sizeof(buf), MSG_PEEK);
	c = only(TD_RECVFROM);
	check(c && c->flags == MSG_PEEK && !c->nonblocking, "fcntl(F_SETFL, 0): blocking again");
	ioctl(fd, FIONBIO, &one);
	reset();
	send(fd, "a", 1, 0);
	c = only(TD_SENDTO);
	check(c && c->flags == MSG_DONTWAIT, "ioctl(FIONBIO, 1): MSG_DONTWAIT");
	ioctl(fd, FIONBIO, &zero);
	reset();
	send(fd, "a", 1, 0);
	c = only(TD_SENDTO);
	check(c && c->flags == 0, "ioctl(FIONBIO, 0): blocking again");
	close(fd);
}

static void fill_vec(struct mmsghdr *vec, struct iovec *iov, char *buf, int n)
{
	memset(vec, 0, sizeof(*vec) * (size_t)n);
	for (int i = 0; i < n; i++) {
		iov[i] = (struct iovec){ buf + 4 * i, (size_t)(i + 1) };
		vec[i].msg_hdr.msg_iov = &iov[i];
		vec[i].msg_hdr.msg_iovlen = 1;
	}
}

static void test_mmsg(void)
{
	struct mmsghdr vec[5];
	struct iovec iov[5];
	char buf[32];
	struct timespec ts;
	int fd = socket(TD_FAMILY, SOCK_DGRAM, 0);
	long rc;
	int ok;

	fill_vec(vec, iov, buf, 5);
	ioctl_arg(fd, TD_IOC_ROOM, 3);
	reset();
	rc = syscall(SYS_sendmmsg, fd, vec, 5, MSG_EOR);
	check(rc == 3 && td_log.counts[TD_SENDMSG] == 4 && vec[0].msg_len == 1 &&
		      vec[1].msg_len == 2 && vec[2].msg_len == 3 && nth(0)->flags == MSG_EOR,
	      "sendmmsg: the messages that went (3 of 5), each one's length (%ld)", rc);
	reset();
	check(FAILS(syscall(SYS_sendmmsg, fd, vec, 5, 0), EAGAIN) &&
		      td_log.counts[TD_SENDMSG] == 1,
	      "sendmmsg: the first message's error when none goes");
	check(syscall(SYS_sendmmsg, fd, vec, 0, 0) == 0, "sendmmsg of no messages: 0");

	fill_vec(vec, iov, buf, 5);
	ioctl_arg(fd, TD_IOC_AVAIL, 3);
	reset();
	rc = syscall(SYS_recvmmsg, fd, vec, 5, 0, NULL);
	check(rc == 3 && td_log.counts[TD_RECVMSG] == 4 && vec[0].msg_len == 1 &&
		      vec[2].msg_len == 3 && vec[0].msg_hdr.msg_flags == MSG_EOR,
	      "recvmmsg: the messages there were (3 of 5) and their lengths (%ld)", rc);
	reset();
	check(FAILS(syscall(SYS_recvmmsg, fd, vec, 5, 0, NULL), EAGAIN),
	      "recvmmsg: the first message's error when none comes");

	ioctl_arg(fd, TD_IOC_AVAIL, 2);
	reset();
	rc = syscall(SYS_recvmmsg, fd, vec, 5, MSG_WAITFORONE, NULL);
	ok = rc == 2 && td_log.ncalls == 3 && !(nth(0)->flags & MSG_DONTWAIT) &&
	     (nth(1)->flags & MSG_DONTWAIT) && (nth(2)->flags & MSG_DONTWAIT);
	check(ok, "recvmmsg(MSG_WAITFORONE): only the first may wait (%ld)", rc);

	ioctl_arg(fd, TD_IOC_AVAIL, 3);
	ts = (struct timespec){ 0, 0 };
	reset();
	rc = syscall(SYS_recvmmsg, fd, vec, 5, 0, &ts);
	check(rc == 1 && td_log.counts[TD_RECVMSG] == 1,
	      "recvmmsg: a zero timeout ends the call after the first message (%ld)", rc);
	ioctl_arg(fd, TD_IOC_AVAIL, 2);
	ts = (struct timespec){ 5, 0 };
	rc = syscall(SYS_recvmmsg, fd, vec, 5, 0, &ts);
	check(rc == 2 && ts.tv_sec == 4 && ts.tv_nsec > 0,
	      "recvmmsg: the time left is written back (%ld, %lld.%09ld)", rc,
	      (long long)ts.tv_sec, ts.tv_nsec);
	ts = (struct timespec){ 0, 1000000000 };
	check(FAILS(syscall(SYS_recvmmsg, fd, vec, 5, 0, &ts), EINVAL),
	      "recvmmsg: a tv_nsec of 10^9: EINVAL");
	check(FAILS(syscall(SYS_recvmmsg, fd, NULL, 2, 0, NULL), EFAULT),
	      "recvmmsg into NULL: EFAULT");
	close(fd);
}

static void test_minidrv(void)
{
	struct sockaddr sa = { .sa_family = TD_FAMILY_MINI };
	struct sockaddr_storage ss;
	struct iovec iov[2];
	struct msghdr msg;
	struct pollfd pfd;
	const struct td_call *c;
	char a[8], b[8], ctl[16];
	socklen_t len;
	int fd, v;
	ssize_t rc;

	reset();
	fd = socket(TD_FAMILY_MINI, SOCK_DGRAM, 0);
	check(fd >= 0 && only(TD_CREATE), "minidrv: socket(203)");

	reset();
	memset(a, 0, sizeof(a));
	rc = read(fd, a, sizeof(a));
	c = only(TD_RECVFROM);
	check(rc == 4 && c && c->flags == 0 && !c->ptr2 && !memcmp(a, "RCVF", 4),
	      "without read: recvfrom without flags or address");
	reset();
	rc = write(fd, "hey", 3);
	c = only(TD_SENDTO);
	check(rc == 3 && c && c->flags == 0 && !c->ptr2, "without write: sendto");

	iov[0] = (struct iovec){ a, 4 };
	iov[1] = (struct iovec){ b, 4 };
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &sa;
	msg.msg_namelen = 16;
	msg.msg_iov = iov;
	msg.msg_iovlen = 1;
	reset();
	rc = sendmsg(fd, &msg, MSG_EOR);
	c = only(TD_SENDTO);
	check(rc == 4 && c && c->ptr == a && c->len == 4 && c->flags == MSG_EOR &&
		      c->ptr2 == &sa && c->len2 == 16,
	      "without sendmsg: a one-buffer message goes through sendto");
	msg.msg_iovlen = 2;
	reset();
	check(FAILS(sendmsg(fd, &msg, 0), EOPNOTSUPP) && !td_log.ncalls,
	      "without sendmsg: two buffers: EOPNOTSUPP");
	msg.msg_iovlen = 1;
	msg.msg_control = ctl;
	msg.msg_controllen = sizeof(ctl);
	check(FAILS(sendmsg(fd, &msg, 0), EOPNOTSUPP), "without sendmsg: control data: EOPNOTSUPP");
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &ss;
	msg.msg_namelen = sizeof(ss);
	msg.msg_iov = iov;
	msg.msg_iovlen = 1;
	msg.msg_flags = 0x7777;
	reset();
	rc = recvmsg(fd, &msg, MSG_PEEK);
	c = only(TD_RECVFROM);
	check(rc == 4 && c && c->flags == MSG_PEEK && c->ptr2 == &ss &&
		      c->len2 == sizeof(ss) && msg.msg_namelen == TD_NAME_LEN &&
		      msg.msg_flags == 0,
	      "without recvmsg: recvfrom, the address length and msg_flags set");
	reset();
	rc = readv(fd, iov, 2);
	check(rc == 8 && td_log.counts[TD_RECVFROM] == 2, "without recvmsg: readv reads per buffer");
	reset();
	rc = writev(fd, iov, 2);
	check(rc == 8 && td_log.counts[TD_SENDTO] == 2, "without sendmsg: writev writes per buffer");

	reset();
	len = sizeof(ss);
	v = 0;
	check(FAILS(bind(fd, &sa, 16), EOPNOTSUPP), "without bind: EOPNOTSUPP");
	check(FAILS(connect(fd, &sa, 16), EOPNOTSUPP), "without connect: EOPNOTSUPP");
	check(FAILS(listen(fd, 1), EOPNOTSUPP), "without listen: EOPNOTSUPP");
	check(FAILS(accept(fd, NULL, NULL), EOPNOTSUPP), "without accept4: EOPNOTSUPP");
	check(FAILS(shutdown(fd, SHUT_RD), EOPNOTSUPP), "without shutdown: EOPNOTSUPP");
	check(FAILS(getsockname(fd, (struct sockaddr *)&ss, &len), EOPNOTSUPP),
	      "without getsockname: EOPNOTSUPP");
	check(FAILS(getpeername(fd, (struct sockaddr *)&ss, &len), EOPNOTSUPP),
	      "without getpeername: EOPNOTSUPP");
	len = sizeof(v);
	check(FAILS(getsockopt(fd, 999, 1, &v, &len), EOPNOTSUPP), "without getsockopt: EOPNOTSUPP");
	check(FAILS(setsockopt(fd, 999, 1, &v, sizeof(v)), EOPNOTSUPP),
	      "without setsockopt: EOPNOTSUPP");
	check(!td_log.ncalls, "none of them reached the driver");
	len = sizeof(v);
	check(getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 && v == TD_FAMILY_MINI,
	      "getsockopt(SO_DOMAIN) works without the driver's getsockopt");
	check(FAILS(ioctl(fd, 0x7d99, 0), ENOTTY), "without ioctl: ENOTTY");
	pfd = (struct pollfd){ fd, POLLIN | POLLOUT, 0 };
	check(poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLIN | POLLOUT)) == (POLLIN | POLLOUT),
	      "without poll: always ready (%#x)", pfd.revents);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	reset();
	read(fd, a, sizeof(a));
	c = only(TD_RECVFROM);
	check(c && c->flags == MSG_DONTWAIT, "without read, non-blocking: recvfrom(MSG_DONTWAIT)");
	reset();
	close(fd);
	check(only(TD_CLOSE) != NULL, "minidrv: close");
}

static void test_errors(void)
{
	struct sockaddr sa = { .sa_family = TD_FAMILY };
	struct sockaddr_storage ss;
	static struct iovec many[1025];
	struct msghdr msg;
	char buf[8];
	socklen_t len;
	int p[2], fd, ffd, v = 0;
	long ok;

	fd = socket(TD_FAMILY, SOCK_DGRAM, 0);
	check(pipe(p) == 0, "a pipe");
	ffd = open("/socket_dispatch.txt", O_CREAT | O_RDWR, 0644);
	reset();
	len = sizeof(ss);
	ok = FAILS(bind(p[0], &sa, 16), ENOTSOCK) &&
	     FAILS(connect(p[1], &sa, 16), ENOTSOCK) &&
	     FAILS(listen(p[0], 1), ENOTSOCK) &&
	     FAILS(accept(p[0], NULL, NULL), ENOTSOCK) &&
	     FAILS(shutdown(p[1], SHUT_RD), ENOTSOCK) &&
	     FAILS(sendto(p[1], "a", 1, 0, NULL, 0), ENOTSOCK) &&
	     FAILS(recvfrom(p[0], buf, 1, 0, NULL, NULL), ENOTSOCK) &&
	     FAILS(getsockname(p[0], (struct sockaddr *)&ss, &len), ENOTSOCK) &&
	     FAILS(syscall(SYS_recvmmsg, p[0], NULL, 0, 0, NULL), ENOTSOCK) &&
	     FAILS(syscall(SYS_sendmmsg, p[1], NULL, 0, 0), ENOTSOCK);
	check(ok, "a pipe: ENOTSOCK");
	len = sizeof(v);
	check(ffd >= 0 && FAILS(getsockopt(ffd, SOL_SOCKET, SO_TYPE, &v, &len), ENOTSOCK) &&
		      FAILS(bind(ffd, &sa, 16), ENOTSOCK),
	      "a regular file: ENOTSOCK");
	check(FAILS(getpeername(1, (struct sockaddr *)&ss, &len), ENOTSOCK), "the console: ENOTSOCK");
	ok = FAILS(bind(-1, &sa, 16), EBADF) && FAILS(listen(999, 1), EBADF) &&
	     FAILS(sendto(12345, "a", 1, 0, NULL, 0), EBADF) &&
	     FAILS(accept(-5, NULL, NULL), EBADF) &&
	     FAILS(syscall(SYS_recvmmsg, 4000, NULL, 0, 0, NULL), EBADF) &&
	     FAILS(syscall(SYS_socketpair, TD_FAMILY, SOCK_DGRAM, 0, NULL), EFAULT);
	check(ok, "bad descriptors: EBADF");
	check(!td_log.ncalls, "no driver was asked");

	reset();
	len = sizeof(ss);
	check(FAILS(syscall(SYS_getsockname, fd, &ss, NULL), EFAULT), "getsockname without a length: EFAULT");
	len = 16;
	check(FAILS(syscall(SYS_getsockname, fd, NULL, &len), EFAULT),
	      "getsockname: a length but no address: EFAULT");
	len = (socklen_t)-1;
	check(FAILS(getsockname(fd, (struct sockaddr *)&ss, &len), EINVAL),
	      "getsockname: a negative length: EINVAL");
	check(FAILS(recvfrom(fd, buf, 4, 0, (struct sockaddr *)&ss, NULL), EFAULT),
	      "recvfrom: an address without a length: EFAULT");
	len = (socklen_t)-2;
	check(FAILS(recvfrom(fd, buf, 4, 0, (struct sockaddr *)&ss, &len), EINVAL),
	      "recvfrom: a negative address length: EINVAL");
	check(FAILS(recvfrom(fd, NULL, 4, 0, NULL, NULL), EFAULT), "recvfrom into NULL: EFAULT");
	check(FAILS(sendto(fd, NULL, 4, 0, NULL, 0), EFAULT), "sendto from NULL: EFAULT");
	check(FAILS(sendto(fd, "a", 1, 0, &sa, (socklen_t)-1), EINVAL),
	      "sendto: a negative address length: EINVAL");
	check(FAILS(connect(fd, NULL, 16), EFAULT), "connect to NULL with a length: EFAULT");
	check(FAILS(bind(fd, &sa, (socklen_t)-1), EINVAL), "bind: a negative length: EINVAL");
	check(FAILS(bind(fd, &sa, sizeof(ss) + 1), EINVAL), "bind: longer than sockaddr_storage: EINVAL");
	check(FAILS(syscall(SYS_getsockopt, fd, 999, 1, &v, NULL), EFAULT),
	      "getsockopt without a length: EFAULT");
	len = (socklen_t)-1;
	check(FAILS(getsockopt(fd, 999, 1, &v, &len), EINVAL), "getsockopt: a negative length: EINVAL");
	check(FAILS(setsockopt(fd, 999, 1, NULL, 4), EFAULT), "setsockopt from NULL: EFAULT");
	check(FAILS(setsockopt(fd, 999, 1, &v, (socklen_t)-1), EINVAL),
	      "setsockopt: a negative length: EINVAL");
	check(FAILS(syscall(SYS_sendmsg, fd, NULL, 0), EFAULT), "sendmsg(NULL): EFAULT");
	check(FAILS(syscall(SYS_recvmsg, fd, NULL, 0), EFAULT), "recvmsg(NULL): EFAULT");
	memset(&msg, 0, sizeof(msg));
	for (int i = 0; i < 1025; i++)
		many[i] = (struct iovec){ buf, 1 };
	msg.msg_iov = many;
	msg.msg_iovlen = 1025;
	check(FAILS(sendmsg(fd, &msg, 0), EMSGSIZE), "sendmsg of 1025 buffers: EMSGSIZE");
	msg.msg_iov = NULL;
	msg.msg_iovlen = 1;
	check(FAILS(recvmsg(fd, &msg, 0), EFAULT), "recvmsg: buffers at NULL: EFAULT");
	check(!td_log.ncalls, "no driver was asked");
	close(p[0]);
	close(p[1]);
	close(ffd);
	close(fd);
}

static void test_close(void)
{
	int fd = socket(TD_FAMILY, SOCK_DGRAM, 0);
	int id = sock_id(fd);
	int d = dup(fd);
	const struct td_call *c;

	reset();
	close(fd);
	check(!td_log.ncalls, "closing one of two descriptors: the driver is not asked");
	check(sock_id(d) == id, "the dup is the same socket");
	reset();
	close(d);
	c = only(TD_CLOSE);
	check(c && c->id == id, "the last close reaches the driver's close");
}

static void test_poll(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u32 = 42 }, out[2];
	struct pollfd pfd;
	int fd = socket(TD_FAMILY, SOCK_STREAM, 0);
	int ep = epoll_create1(0);
	int rc;

	pfd = (struct pollfd){ fd, POLLIN | POLLOUT, 0 };
	reset();
	rc = poll(&pfd, 1, 0);
	check(rc == 1 && pfd.revents == POLLOUT && td_log.counts[TD_POLL] >= 1,
	      "poll asks the driver (POLLOUT: %#x)", pfd.revents);
	check(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0, "epoll_ctl ADD a socket (edge-triggered)");
	check(epoll_wait(ep, out, 2, 0) == 0, "epoll: not readable yet");
	ioctl_arg(fd, TD_IOC_EVENTS, POLLIN | POLLOUT);
	rc = epoll_wait(ep, out, 2, 0);
	check(rc == 1 && out[0].data.u32 == 42 && (out[0].events & EPOLLIN),
	      "uk_socket_notify reaches epoll (%d)", rc);
	check(epoll_wait(ep, out, 2, 0) == 0, "edge-triggered: reported once");
	pfd.revents = 0;
	check(poll(&pfd, 1, 0) == 1 && pfd.revents == (POLLIN | POLLOUT), "poll: now readable");
	close(fd);
	check(epoll_wait(ep, out, 2, 0) == 0, "a closed socket leaves the interest list");
	close(ep);
}

int main(void)
{
	test_boot();
	test_socket();
	test_socketpair();
	test_calls();
	test_sendrecv();
	test_nonblocking();
	test_mmsg();
	test_minidrv();
	test_errors();
	test_close();
	test_poll();
	return tap_done();
}
