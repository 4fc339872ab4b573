/*
 * tests/guest/unix_msg.c - AF_UNIX sockets through musl, as Linux defines
 * them: datagram sockets (socketpair, filesystem paths with their socket
 * nodes, abstract names, autobind, sender addresses, message boundaries,
 * truncation, MSG_PEEK, nonblocking EAGAIN, connect and its errors,
 * EMSGSIZE, a full queue drained in order, FIONREAD, readv/writev),
 * seqpacket connections (listen/accept/connect, boundaries, truncation,
 * end of file and EPIPE), SCM_RIGHTS (pipes and files passed over stream
 * and datagram sockets, MSG_CMSG_CLOEXEC, MSG_CTRUNC without leaks,
 * EBADF, passing between threads, stream reads that stop at a write that
 * carried descriptors), socket options (SO_TYPE, SO_DOMAIN, SO_PROTOCOL,
 * SO_ERROR, SO_RCVBUF/SO_SNDBUF, SO_PEERCRED, SO_RCVTIMEO) and the
 * errors of socket, bind, listen and accept.
 *
 * Every assertion holds on Linux: the program also runs natively
 * (musl-gcc -static ... -lpthread) in a scratch directory. Paths are
 * relative to the working directory ("/" in the guest, a ramfs).
 *
 * Only main prints (check() is not thread-safe): threads record what they
 * saw in globals and main checks after joining them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "musl_tap.h"

#define SUN_OFF offsetof(struct sockaddr_un, sun_path)

static const char *const names[] = {
	"u_msg.sock", "u_msg.sock2", "u_msg.dsrv", "u_msg.dcli", "u_msg.dgone",
	"u_msg.file", "u_msg.stream", "u_msg.seq", "u_msg.cred",
};

/* A filesystem address: the length counts the terminating NUL. */
static socklen_t path_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	strcpy(sa->sun_path, path);
	return SUN_OFF + strlen(path) + 1;
}

/* An abstract address: a NUL, then exactly 'n' bytes of 'name'. */
static socklen_t abs_addr(struct sockaddr_un *sa, const char *name, size_t n)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path + 1, name, n);
	return SUN_OFF + 1 + n;
}

static int bind_path(int fd, const char *path)
{
	struct sockaddr_un sa;
	socklen_t len = path_addr(&sa, path);

	return bind(fd, (struct sockaddr *)&sa, len);
}

static int connect_path(int fd, const char *path)
{
	struct sockaddr_un sa;
	socklen_t len = path_addr(&sa, path);

	return connect(fd, (struct sockaddr *)&sa, len);
}

static ssize_t sendto_path(int fd, const void *buf, size_t n, const char *path)
{
	struct sockaddr_un sa;
	socklen_t len = path_addr(&sa, path);

	return sendto(fd, buf, n, 0, (struct sockaddr *)&sa, len);
}

static int opt(int fd, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, name, &v, &len) == -1 || len != sizeof(v))
		return -1;
	return v;
}

static int setopt(int fd, int name, int v)
{
	return setsockopt(fd, SOL_SOCKET, name, &v, sizeof(v));
}

/* How many descriptors are open (among the first 1024). */
static int open_fds(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return n;
}

static long elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000 +
	       (b->tv_nsec - a->tv_nsec) / 1000000;
}

/* Sends 'len' bytes with 'n' descriptors in one SCM_RIGHTS message. */
static ssize_t send_fds(int sock, const void *data, size_t len,
			const int *fds, int n)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * 8)];
	} ctl;
	struct iovec iov = { (void *)data, len };
	struct msghdr msg = { 0 };
	struct cmsghdr *c;

	memset(&ctl, 0, sizeof(ctl));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(sock, &msg, MSG_NOSIGNAL);
}

/*
 * Receives into buf[len] with a control buffer of 'ctllen' bytes; stores
 * up to 'max' received descriptors in fds[] and their number in *nfds,
 * and the message flags in *mflags.
 */
static ssize_t recv_fds(int sock, void *buf, size_t len, int flags,
			size_t ctllen, int *fds, int max, int *nfds, int *mflags)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * 8)];
	} ctl;
	struct iovec iov = { buf, len };
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	ssize_t r;

	memset(&ctl, 0, sizeof(ctl));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = ctllen;
	*nfds = 0;
	*mflags = 0;
	r = recvmsg(sock, &msg, flags);
	if (r < 0)
		return r;
	*mflags = msg.msg_flags;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		int i, k;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (*nfds < max)
				fds[*nfds] = fd;
			(*nfds)++;
		}
	}
	return r;
}

static void test_errors(void)
{
	struct sockaddr_storage ss;
	struct sockaddr_un *sa = (struct sockaddr_un *)&ss;
	int fd;

	/*
	 * Linux: bits of the type outside SOCK_TYPE_MASK other than
	 * SOCK_NONBLOCK/SOCK_CLOEXEC give EINVAL before the family is asked
	 * (12345 = 0x3039 has such bits); a type in range that AF_UNIX does
	 * not have (SOCK_RDM) gives ESOCKTNOSUPPORT.
	 */
	check(FAILS(socket(AF_UNIX, 12345, 0), EINVAL),
	      "socket(AF_UNIX, 12345): EINVAL (unknown flag bits)");
	check(FAILS(socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT),
	      "socket(AF_UNIX, SOCK_RDM): ESOCKTNOSUPPORT");
	check(FAILS(socket(AF_UNIX, SOCK_DGRAM, 7), EPROTONOSUPPORT),
	      "socket(AF_UNIX, SOCK_DGRAM, 7): EPROTONOSUPPORT");

	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	path_addr(sa, "u_msg.sock");
	sa->sun_family = AF_INET;
	check(FAILS(bind(fd, (struct sockaddr *)sa, SUN_OFF + 11), EINVAL),
	      "bind with sun_family AF_INET: EINVAL");
	memset(&ss, 'a', sizeof(ss));
	sa->sun_family = AF_UNIX;
	check(FAILS(bind(fd, (struct sockaddr *)sa, sizeof(*sa) + 1), EINVAL),
	      "bind with addrlen sizeof(sockaddr_un)+1: EINVAL");
	check(FAILS(listen(fd, 1), EOPNOTSUPP), "listen on a datagram socket: EOPNOTSUPP");
	close(fd);

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	check(FAILS(listen(fd, 1), EINVAL), "listen on an unbound stream socket: EINVAL");
	check(FAILS(accept(fd, NULL, NULL), EINVAL),
	      "accept on a socket that does not listen: EINVAL");
	close(fd);
}

static void test_dgram_paths(void)
{
	struct sockaddr_un sa;
	socklen_t len;
	struct stat st;
	char buf[64];
	ssize_t r, r2, r3;
	int a, b, c, rc;

	a = socket(AF_UNIX, SOCK_DGRAM, 0);
	b = socket(AF_UNIX, SOCK_DGRAM, 0);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	check(a >= 0 && b >= 0 && c >= 0, "three datagram sockets");

	len = sizeof(sa);
	rc = getsockname(a, (struct sockaddr *)&sa, &len);
	check(rc == 0 && len == sizeof(sa_family_t) && sa.sun_family == AF_UNIX,
	      "getsockname of an unbound socket: only the family (len %u)",
	      (unsigned int)len);

	check(bind_path(a, "u_msg.sock") == 0, "bind to the path u_msg.sock");
	rc = stat("u_msg.sock", &st);
	check(rc == 0 && S_ISSOCK(st.st_mode),
	      "the path is a socket node (mode %o)", (unsigned int)st.st_mode);
	len = sizeof(sa);
	memset(&sa, 0, sizeof(sa));
	rc = getsockname(a, (struct sockaddr *)&sa, &len);
	check(rc == 0 && len == SUN_OFF + sizeof("u_msg.sock") &&
		      strcmp(sa.sun_path, "u_msg.sock") == 0,
	      "getsockname: the path, length counting its NUL (%u)",
	      (unsigned int)len);
	check(FAILS(bind_path(b, "u_msg.sock"), EADDRINUSE),
	      "another socket binding the same path: EADDRINUSE");
	check(FAILS(bind_path(a, "u_msg.sock2"), EINVAL),
	      "binding a bound socket again: EINVAL");
	check(bind_path(b, "u_msg.sock2") == 0, "the other socket binds u_msg.sock2");

	r = sendto_path(b, "hello", 5, "u_msg.sock");
	len = sizeof(sa);
	memset(&sa, 0, sizeof(sa));
	memset(buf, 0, sizeof(buf));
	r2 = recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&sa, &len);
	check(r == 5 && r2 == 5 && memcmp(buf, "hello", 5) == 0,
	      "sendto a path, recvfrom: the datagram");
	check(len == SUN_OFF + sizeof("u_msg.sock2") && sa.sun_family == AF_UNIX &&
		      strcmp(sa.sun_path, "u_msg.sock2") == 0,
	      "recvfrom reports the sender's path (len %u)", (unsigned int)len);

	r = sendto_path(c, "anon", 4, "u_msg.sock");
	len = sizeof(sa);
	r2 = recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&sa, &len);
	check(r == 4 && r2 == 4 && len == 0,
	      "an unnamed sender: recvfrom's addrlen is 0 (%u)", (unsigned int)len);

	sendto_path(b, "one", 3, "u_msg.sock");
	sendto_path(b, "three", 5, "u_msg.sock");
	sendto_path(b, "fives", 5, "u_msg.sock");
	r = recv(a, buf, sizeof(buf), 0);
	r2 = recv(a, buf + 10, sizeof(buf) - 10, 0);
	r3 = recv(a, buf + 20, sizeof(buf) - 20, 0);
	check(r == 3 && r2 == 5 && r3 == 5 && memcmp(buf, "one", 3) == 0 &&
		      memcmp(buf + 10, "three", 5) == 0 &&
		      memcmp(buf + 20, "fives", 5) == 0,
	      "three datagrams keep their boundaries (%zd %zd %zd)", r, r2, r3);

	rc = unlink("u_msg.sock");
	check(rc == 0 && FAILS(stat("u_msg.sock", &st), ENOENT),
	      "unlink removes the socket node");
	check(FAILS(sendto_path(b, "x", 1, "u_msg.sock"), ENOENT),
	      "sendto the unlinked path: ENOENT");
	close(a);
	close(b);
	close(c);
	unlink("u_msg.sock2");
}

static void test_dgram_abstract(void)
{
	struct sockaddr_un sa, got;
	char name[48], buf[64];
	socklen_t len, glen;
	size_t n;
	ssize_t r, r2;
	int a, b, c, d, rc, i, hex;

	/* The pid keeps two runs on one Linux host apart. */
	n = snprintf(name, sizeof(name), "libuk-unix_msg-%d", (int)getpid());
	a = socket(AF_UNIX, SOCK_DGRAM, 0);
	b = socket(AF_UNIX, SOCK_DGRAM, 0);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);

	len = abs_addr(&sa, name, n);
	check(bind(a, (struct sockaddr *)&sa, len) == 0, "bind to an abstract name");
	glen = sizeof(got);
	memset(&got, 0xff, sizeof(got));
	rc = getsockname(a, (struct sockaddr *)&got, &glen);
	check(rc == 0 && glen == len && got.sun_path[0] == '\0' &&
		      memcmp(got.sun_path + 1, name, n) == 0,
	      "getsockname: the abstract name, exactly its length (%u)",
	      (unsigned int)glen);
	check(FAILS(bind(b, (struct sockaddr *)&sa, len), EADDRINUSE),
	      "the abstract name taken: EADDRINUSE");

	/* Abstract names are length-sensitive: a trailing NUL is another name. */
	len = abs_addr(&sa, name, n + 1);
	check(FAILS(sendto(c, "x", 1, 0, (struct sockaddr *)&sa, len), ECONNREFUSED),
	      "sendto the name plus a NUL (nobody bound): ECONNREFUSED");
	check(bind(b, (struct sockaddr *)&sa, len) == 0,
	      "the name plus a NUL is a different name: bind succeeds");

	len = abs_addr(&sa, name, n);
	r = sendto(b, "abs", 3, 0, (struct sockaddr *)&sa, len);
	glen = sizeof(got);
	memset(&got, 0, sizeof(got));
	r2 = recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&got, &glen);
	check(r == 3 && r2 == 3 && memcmp(buf, "abs", 3) == 0 &&
		      glen == SUN_OFF + 1 + n + 1 && got.sun_path[0] == '\0' &&
		      memcmp(got.sun_path + 1, name, n + 1) == 0,
	      "recvfrom reports the abstract sender, length included (%u)",
	      (unsigned int)glen);

	/* Autobind: an address that is only the family. */
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	rc = bind(c, (struct sockaddr *)&sa, sizeof(sa_family_t));
	glen = sizeof(got);
	memset(&got, 0xff, sizeof(got));
	getsockname(c, (struct sockaddr *)&got, &glen);
	for (hex = 1, i = 1; i <= 5; i++)
		if (!((got.sun_path[i] >= '0' && got.sun_path[i] <= '9') ||
		      (got.sun_path[i] >= 'a' && got.sun_path[i] <= 'f')))
			hex = 0;
	check(rc == 0 && glen == SUN_OFF + 6 && got.sun_path[0] == '\0' && hex,
	      "autobind: an abstract name of 5 hex digits (len %u, \"%.5s\")",
	      (unsigned int)glen, got.sun_path + 1);
	rc = bind(d, (struct sockaddr *)&sa, sizeof(sa_family_t));
	glen = sizeof(sa);
	getsockname(d, (struct sockaddr *)&sa, &glen);
	check(rc == 0 && memcmp(sa.sun_path, got.sun_path, 6) != 0,
	      "a second autobind gets another name");

	len = abs_addr(&sa, name, n);
	r = sendto(c, "auto", 4, 0, (struct sockaddr *)&sa, len);
	glen = sizeof(sa);
	memset(&sa, 0, sizeof(sa));
	r2 = recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&sa, &glen);
	check(r == 4 && r2 == 4 && glen == SUN_OFF + 6 &&
		      memcmp(sa.sun_path, got.sun_path, 6) == 0,
	      "recvfrom reports the autobound sender's name");
	close(a);
	close(b);
	close(c);
	close(d);
}

static void test_dgram_recv(void)
{
	char buf[64], b2[64];
	struct iovec iov[3];
	struct msghdr msg = { 0 };
	ssize_t r, r2;
	int s[2], n, n2, rc;

	rc = socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	check(rc == 0, "socketpair(AF_UNIX, SOCK_DGRAM)");

	/* Truncation. */
	send(s[0], "0123456789", 10, 0);
	memset(buf, 0, sizeof(buf));
	r = recv(s[1], buf, 4, 0);
	check(r == 4 && memcmp(buf, "0123", 4) == 0,
	      "recv into 4 bytes: the first 4 of 10 (%zd)", r);
	check(FAILS(recv(s[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN),
	      "the rest of the datagram is discarded");
	send(s[0], "0123456789", 10, 0);
	iov[0].iov_base = buf;
	iov[0].iov_len = 4;
	msg.msg_iov = iov;
	msg.msg_iovlen = 1;
	r = recvmsg(s[1], &msg, 0);
	check(r == 4 && (msg.msg_flags & MSG_TRUNC),
	      "recvmsg into 4 bytes: 4, MSG_TRUNC in msg_flags (%#x)", msg.msg_flags);
	send(s[0], "0123456789", 10, 0);
	r = recv(s[1], buf, 4, MSG_TRUNC);
	check(r == 10, "recv(MSG_TRUNC) returns the real length (%zd)", r);
	send(s[0], "ab", 2, 0);
	msg.msg_flags = -1;
	iov[0].iov_len = sizeof(buf);
	r = recvmsg(s[1], &msg, 0);
	check(r == 2 && !(msg.msg_flags & MSG_TRUNC),
	      "a datagram that fits: no MSG_TRUNC");

	/* MSG_PEEK, EAGAIN. */
	send(s[0], "peek", 4, 0);
	r = recv(s[1], buf, sizeof(buf), MSG_PEEK);
	r2 = recv(s[1], b2, sizeof(b2), 0);
	check(r == 4 && r2 == 4 && memcmp(buf, "peek", 4) == 0 &&
		      memcmp(b2, "peek", 4) == 0,
	      "MSG_PEEK leaves the datagram for the next recv");
	check(FAILS(recv(s[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN),
	      "MSG_DONTWAIT on an empty socket: EAGAIN");
	fcntl(s[1], F_SETFL, fcntl(s[1], F_GETFL) | O_NONBLOCK);
	check(FAILS(recv(s[1], buf, sizeof(buf), 0), EAGAIN) &&
		      FAILS(read(s[1], buf, sizeof(buf)), EAGAIN),
	      "O_NONBLOCK: recv and read give EAGAIN on empty");
	fcntl(s[1], F_SETFL, fcntl(s[1], F_GETFL) & ~O_NONBLOCK);

	/* FIONREAD. */
	n = -1;
	rc = ioctl(s[1], FIONREAD, &n);
	check(rc == 0 && n == 0, "FIONREAD on empty: 0 (%d)", n);
	send(s[0], "seven77", 7, 0);
	send(s[0], "333", 3, 0);
	ioctl(s[1], FIONREAD, &n);
	recv(s[1], buf, sizeof(buf), 0);
	ioctl(s[1], FIONREAD, &n2);
	check(n == 7 && n2 == 3, "FIONREAD: the size of the next datagram (%d, %d)",
	      n, n2);
	recv(s[1], buf, sizeof(buf), 0);

	/* writev and readv. */
	iov[0].iov_base = "ab";
	iov[0].iov_len = 2;
	iov[1].iov_base = "cd";
	iov[1].iov_len = 2;
	iov[2].iov_base = "ef";
	iov[2].iov_len = 2;
	r = writev(s[0], iov, 3);
	r2 = writev(s[0], iov, 2);
	check(r == 6 && r2 == 4, "writev: 6 and 4 bytes");
	memset(buf, 0, sizeof(buf));
	memset(b2, 0, sizeof(b2));
	iov[0].iov_base = buf;
	iov[0].iov_len = 3;
	iov[1].iov_base = b2;
	iov[1].iov_len = 10;
	r = readv(s[1], iov, 2);
	check(r == 6 && memcmp(buf, "abc", 3) == 0 && memcmp(b2, "def", 3) == 0,
	      "readv reads one datagram across its buffers (%zd)", r);
	r = readv(s[1], iov, 2);
	check(r == 4 && memcmp(buf, "abc", 3) == 0 && b2[0] == 'd',
	      "the next readv: the second writev's datagram (%zd)", r);
	close(s[0]);
	close(s[1]);
}

static void test_dgram_limits(void)
{
	static char big[65536];
	char buf[64];
	ssize_t r;
	int s[2], sent, got, inorder, i;

	/*
	 * Linux checks the size of a datagram against the sender's
	 * SO_SNDBUF (len > sndbuf - 32 gives EMSGSIZE), not against the
	 * receiver's buffer.
	 */
	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	setopt(s[0], SO_SNDBUF, 16384);	/* 32768 */
	memset(big, 'b', sizeof(big));
	check(FAILS(send(s[0], big, sizeof(big), 0), EMSGSIZE),
	      "a datagram larger than SO_SNDBUF: EMSGSIZE");
	big[0] = 'B';
	r = send(s[0], big, 16384, 0);
	check(r == 16384, "a datagram of 16 KiB fits (%zd)", r);
	big[0] = 0;
	r = recv(s[1], big, sizeof(big), 0);
	check(r == 16384 && big[0] == 'B' && big[16383] == 'b',
	      "and arrives whole (%zd)", r);
	close(s[0]);
	close(s[1]);

	/* Fill the queue with a nonblocking sender, then drain it in order. */
	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	fcntl(s[0], F_SETFL, O_NONBLOCK);
	memset(buf, 'q', sizeof(buf));
	for (sent = 0; sent < 100000; sent++) {
		memcpy(buf, &sent, sizeof(sent));
		if (send(s[0], buf, 100, 0) != 100)
			break;
	}
	check(sent < 100000 && errno == EAGAIN && sent >= 2,
	      "a nonblocking sender fills the queue: EAGAIN after %d datagrams",
	      sent);
	for (got = 0, inorder = 1;; got++) {
		r = recv(s[1], buf, sizeof(buf), MSG_DONTWAIT);
		if (r < 0)
			break;
		memcpy(&i, buf, sizeof(i));
		if (r != 64 || i != got)
			inorder = 0;
	}
	check(got == sent && inorder && errno == EAGAIN,
	      "all %d drained in order, truncated to 64 bytes each", got);
	check(send(s[0], buf, 100, 0) == 100, "after draining the sender can send again");
	close(s[0]);
	close(s[1]);
}

static void test_dgram_connect(void)
{
	struct sockaddr_un sa;
	socklen_t len;
	char buf[64];
	ssize_t r;
	int srv, cli, d, e, f, g, h, st, fd, rc;

	srv = socket(AF_UNIX, SOCK_DGRAM, 0);
	cli = socket(AF_UNIX, SOCK_DGRAM, 0);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	e = socket(AF_UNIX, SOCK_DGRAM, 0);
	f = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind_path(srv, "u_msg.dsrv");
	bind_path(cli, "u_msg.dcli");

	check(FAILS(send(e, "x", 1, 0), ENOTCONN),
	      "send without an address on an unconnected socket: ENOTCONN");
	check(FAILS(getpeername(e, (struct sockaddr *)&sa, &(socklen_t){ sizeof(sa) }),
		    ENOTCONN),
	      "getpeername on an unconnected socket: ENOTCONN");

	rc = connect_path(d, "u_msg.dsrv");
	r = send(d, "conn", 4, 0);
	check(rc == 0 && r == 4, "connect to a datagram path, send without address");
	len = sizeof(sa);
	r = recvfrom(srv, buf, sizeof(buf), 0, (struct sockaddr *)&sa, &len);
	check(r == 4 && memcmp(buf, "conn", 4) == 0 && len == 0,
	      "the server receives it (unnamed sender)");
	len = sizeof(sa);
	rc = getpeername(d, (struct sockaddr *)&sa, &len);
	check(rc == 0 && strcmp(sa.sun_path, "u_msg.dsrv") == 0,
	      "getpeername: the connected path");
	check(write(d, "w", 1) == 1 && recv(srv, buf, sizeof(buf), 0) == 1,
	      "write on a connected datagram socket");

	/* srv connects to cli: now only cli may send to srv. */
	check(connect_path(srv, "u_msg.dcli") == 0, "the server connects elsewhere");
	check(FAILS(connect_path(f, "u_msg.dsrv"), EPERM),
	      "connect to a socket connected elsewhere: EPERM");
	check(FAILS(sendto_path(f, "x", 1, "u_msg.dsrv"), EPERM),
	      "sendto a socket connected elsewhere: EPERM");
	check(sendto_path(cli, "ok", 2, "u_msg.dsrv") == 2 &&
		      recv(srv, buf, sizeof(buf), 0) == 2,
	      "its peer may still send to it");

	/* A connected peer that goes away. */
	g = socket(AF_UNIX, SOCK_DGRAM, 0);
	h = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind_path(g, "u_msg.dgone");
	rc = connect_path(h, "u_msg.dgone");
	close(g);
	check(rc == 0 && FAILS(send(h, "x", 1, 0), ECONNREFUSED),
	      "send to a closed connected peer: ECONNREFUSED");
	check(FAILS(send(h, "x", 1, 0), ENOTCONN),
	      "then the socket is disconnected: ENOTCONN");
	close(h);

	/* Paths that are not datagram sockets. */
	fd = open("u_msg.file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	close(fd);
	check(FAILS(sendto_path(e, "x", 1, "u_msg.file"), ECONNREFUSED),
	      "sendto a regular file's path: ECONNREFUSED");
	check(FAILS(connect_path(e, "u_msg.file"), ECONNREFUSED),
	      "connect to a regular file's path: ECONNREFUSED");
	st = socket(AF_UNIX, SOCK_STREAM, 0);
	bind_path(st, "u_msg.stream");
	listen(st, 1);
	check(FAILS(sendto_path(e, "x", 1, "u_msg.stream"), EPROTOTYPE),
	      "a datagram to a stream socket's path: EPROTOTYPE");
	check(FAILS(connect_path(e, "u_msg.stream"), EPROTOTYPE),
	      "connect a datagram socket to a stream socket's path: EPROTOTYPE");
	close(st);
	close(srv);
	close(cli);
	close(d);
	close(e);
	close(f);
}

static void test_seqpacket(void)
{
	struct msghdr msg = { 0 };
	struct iovec iov;
	char buf[64];
	ssize_t r, r2;
	int l, c, a, rc;

	l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	check(l >= 0 && c >= 0 && opt(l, SO_TYPE) == SOCK_SEQPACKET,
	      "two seqpacket sockets");
	check(FAILS(recv(c, buf, sizeof(buf), 0), ENOTCONN),
	      "recv on an unconnected seqpacket socket: ENOTCONN");
	rc = bind_path(l, "u_msg.seq");
	check(rc == 0 && listen(l, 4) == 0, "bind and listen");
	rc = connect_path(c, "u_msg.seq");
	a = accept(l, NULL, NULL);
	check(rc == 0 && a >= 0, "connect and accept (%d)", a);

	send(c, "one", 3, 0);
	send(c, "three", 5, 0);
	r = recv(a, buf, sizeof(buf), 0);
	r2 = recv(a, buf + 10, sizeof(buf) - 10, 0);
	check(r == 3 && r2 == 5 && memcmp(buf, "one", 3) == 0 &&
		      memcmp(buf + 10, "three", 5) == 0,
	      "records keep their boundaries (%zd, %zd)", r, r2);
	send(a, "reply", 5, 0);
	r = recv(c, buf, sizeof(buf), 0);
	check(r == 5 && memcmp(buf, "reply", 5) == 0, "and the other way");

	send(c, "0123456789", 10, 0);
	send(c, "next", 4, 0);
	iov.iov_base = buf;
	iov.iov_len = 4;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	r = recvmsg(a, &msg, 0);
	check(r == 4 && (msg.msg_flags & MSG_TRUNC) && memcmp(buf, "0123", 4) == 0,
	      "a record read into 4 bytes: 4 and MSG_TRUNC (%#x)", msg.msg_flags);
	r = recv(a, buf, sizeof(buf), 0);
	check(r == 4 && memcmp(buf, "next", 4) == 0,
	      "the rest of the record is discarded; the next one is whole");

	/* a's queue is empty here: closing it is a clean end of file. */
	close(a);
	r = recv(c, buf, sizeof(buf), 0);
	check(r == 0, "recv after the peer closed: 0 (%zd)", r);
	check(FAILS(send(c, "x", 1, MSG_NOSIGNAL), EPIPE),
	      "send after the peer closed: EPIPE");
	close(c);
	close(l);
}

static int cred_is_mine(const struct ucred *u)
{
	return u->pid == getpid() && u->uid == geteuid() && u->gid == getegid();
}

static void test_options(void)
{
	struct ucred u;
	struct timeval tv = { 0, 100000 };
	struct timespec t0, t1;
	socklen_t len;
	char buf[8];
	int s[2], d, q, l, c, a, v, rc;
	long ms;

	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	d = socket(AF_UNIX, SOCK_DGRAM, 0);
	q = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	check(opt(s[0], SO_TYPE) == SOCK_STREAM && opt(d, SO_TYPE) == SOCK_DGRAM &&
		      opt(q, SO_TYPE) == SOCK_SEQPACKET,
	      "SO_TYPE: stream, datagram, seqpacket");
	check(opt(s[0], SO_DOMAIN) == AF_UNIX && opt(d, SO_DOMAIN) == AF_UNIX,
	      "SO_DOMAIN: AF_UNIX");
	check(opt(s[0], SO_PROTOCOL) == 0 && opt(d, SO_PROTOCOL) == 0,
	      "SO_PROTOCOL: 0");
	check(opt(s[0], SO_ERROR) == 0 && opt(d, SO_ERROR) == 0, "SO_ERROR: 0");
	v = opt(d, SO_RCVBUF);
	rc = opt(d, SO_SNDBUF);
	check(v > 0 && rc > 0, "SO_RCVBUF and SO_SNDBUF have defaults (%d, %d)", v, rc);
	/* Linux doubles the value set, for its bookkeeping overhead. */
	setopt(d, SO_RCVBUF, 65536);
	setopt(d, SO_SNDBUF, 65536);
	check(opt(d, SO_RCVBUF) == 131072 && opt(d, SO_SNDBUF) == 131072,
	      "set 65536: get 131072 (%d, %d)", opt(d, SO_RCVBUF), opt(d, SO_SNDBUF));
	setopt(d, SO_RCVBUF, 1);
	setopt(d, SO_SNDBUF, 1);
	check(opt(d, SO_RCVBUF) == 2304 && opt(d, SO_SNDBUF) == 4608,
	      "set 1: the minimums 2304 and 4608 (%d, %d)", opt(d, SO_RCVBUF),
	      opt(d, SO_SNDBUF));

	len = sizeof(u);
	rc = getsockopt(s[0], SOL_SOCKET, SO_PEERCRED, &u, &len);
	check(rc == 0 && len == sizeof(u) && cred_is_mine(&u),
	      "SO_PEERCRED on a socketpair: pid %d uid %d gid %d", (int)u.pid,
	      (int)u.uid, (int)u.gid);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	bind_path(l, "u_msg.cred");
	listen(l, 1);
	connect_path(c, "u_msg.cred");
	a = accept(l, NULL, NULL);
	len = sizeof(u);
	memset(&u, 0, sizeof(u));
	rc = getsockopt(a, SOL_SOCKET, SO_PEERCRED, &u, &len);
	check(a >= 0 && rc == 0 && cred_is_mine(&u),
	      "SO_PEERCRED on an accepted connection");
	len = sizeof(u);
	memset(&u, 0, sizeof(u));
	rc = getsockopt(c, SOL_SOCKET, SO_PEERCRED, &u, &len);
	check(rc == 0 && cred_is_mine(&u), "SO_PEERCRED on the connecting socket");
	/* Linux: an unconnected socket has no peer: pid 0, uid and gid -1. */
	len = sizeof(u);
	memset(&u, 0x55, sizeof(u));
	rc = getsockopt(d, SOL_SOCKET, SO_PEERCRED, &u, &len);
	check(rc == 0 && u.pid == 0 && u.uid == (uid_t)-1 && u.gid == (gid_t)-1,
	      "SO_PEERCRED unconnected: pid 0, uid and gid -1 (%d %d %d)",
	      (int)u.pid, (int)u.uid, (int)u.gid);
	close(a);
	close(c);
	close(l);

	len = sizeof(v);
	check(FAILS(getsockopt(d, IPPROTO_TCP, 1, &v, &len), EOPNOTSUPP),
	      "getsockopt at a level other than SOL_SOCKET: EOPNOTSUPP");
	len = sizeof(v);
	check(FAILS(getsockopt(d, SOL_SOCKET, 12345, &v, &len), ENOPROTOOPT),
	      "getsockopt of an unknown option: ENOPROTOOPT");

	rc = setsockopt(s[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	check(rc == 0 && FAILS(recv(s[1], buf, sizeof(buf), 0), EAGAIN),
	      "SO_RCVTIMEO: a blocking recv fails with EAGAIN");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = elapsed_ms(&t0, &t1);
	/*
	 * Linux counts the timeout in scheduler ticks and may wake up to one
	 * tick early by the clock (10 ms at HZ=100): allow that much.
	 */
	check(ms >= 90, "after roughly the timeout (%ld ms for 100)", ms);
	close(s[0]);
	close(s[1]);
	close(d);
	close(q);
}

/* Passes a pipe's write end and a file; the receiver uses both. */
static void scm_basic(int type, const char *tname)
{
	int s[2], p[2], f, fds[2], got[4], n, mf, before, rc;
	char buf[16];
	ssize_t r;

	socketpair(AF_UNIX, type, 0, s);
	pipe(p);
	f = open("u_msg.file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(f, "0123456789", 10);
	fds[0] = p[1];
	fds[1] = f;
	before = open_fds();
	r = send_fds(s[0], "F", 1, fds, 2);
	check(r == 1, "%s: sendmsg with SCM_RIGHTS (a pipe and a file)", tname);
	r = recv_fds(s[1], buf, sizeof(buf), 0, CMSG_SPACE(sizeof(int) * 8), got,
		     4, &n, &mf);
	check(r == 1 && buf[0] == 'F' && n == 2 && !(mf & MSG_CTRUNC),
	      "%s: recvmsg: the byte and two descriptors", tname);
	if (n != 2) {
		close(s[0]);
		close(s[1]);
		return;
	}
	check(got[0] != p[1] && got[0] != f && got[1] != p[1] && got[1] != f &&
		      got[0] != got[1] && open_fds() == before + 2,
	      "%s: new descriptor numbers (%d, %d)", tname, got[0], got[1]);
	check(fcntl(got[0], F_GETFD) == 0, "%s: no FD_CLOEXEC without MSG_CMSG_CLOEXEC",
	      tname);
	memset(buf, 0, sizeof(buf));
	r = write(got[0], "via", 3);
	check(r == 3 && read(p[0], buf, sizeof(buf)) == 3 && memcmp(buf, "via", 3) == 0,
	      "%s: written through the received pipe end, read from the original",
	      tname);
	lseek(f, 2, SEEK_SET);
	rc = lseek(got[1], 0, SEEK_CUR) == 2 && read(got[1], buf, 1) == 1 &&
	     buf[0] == '2' && lseek(f, 0, SEEK_CUR) == 3;
	check(rc, "%s: the received file shares the original's offset", tname);
	close(got[0]);
	close(got[1]);

	/* MSG_CMSG_CLOEXEC. */
	send_fds(s[0], "C", 1, fds, 2);
	r = recv_fds(s[1], buf, sizeof(buf), MSG_CMSG_CLOEXEC,
		     CMSG_SPACE(sizeof(int) * 8), got, 4, &n, &mf);
	check(r == 1 && n == 2 && fcntl(got[0], F_GETFD) == FD_CLOEXEC &&
		      fcntl(got[1], F_GETFD) == FD_CLOEXEC,
	      "%s: MSG_CMSG_CLOEXEC sets FD_CLOEXEC", tname);
	if (n == 2) {
		close(got[0]);
		close(got[1]);
	}
	check(open_fds() == before, "%s: no descriptors left over", tname);
	close(p[0]);
	close(p[1]);
	close(f);
	close(s[0]);
	close(s[1]);
}

static void scm_ctrunc(void)
{
	int s[2], p[2], got[4], n, mf, before, bad, rc;
	char buf[16];
	ssize_t r;

	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	pipe(p);
	before = open_fds();
	send_fds(s[0], "T", 1, p, 2);
	r = recv_fds(s[1], buf, sizeof(buf), 0, sizeof(struct cmsghdr), got, 4,
		     &n, &mf);
	check(r == 1 && n == 0 && (mf & MSG_CTRUNC),
	      "control buffer with no room for a descriptor: MSG_CTRUNC, none delivered");
	check(open_fds() == before, "and none leaked (%d open, %d before)",
	      open_fds(), before);
	/* Linux installs as many descriptors as fit and drops the rest. */
	send_fds(s[0], "U", 1, p, 2);
	r = recv_fds(s[1], buf, sizeof(buf), 0, CMSG_LEN(sizeof(int)), got, 4,
		     &n, &mf);
	check(r == 1 && n == 1 && (mf & MSG_CTRUNC) && open_fds() == before + 1,
	      "room for one of two: MSG_CTRUNC, one delivered (%d)", n);
	if (n >= 1)
		close(got[0]);

	/* A bad descriptor: EBADF, nothing sent. */
	for (bad = 1000; fcntl(bad, F_GETFD) != -1; bad++)
		;
	got[0] = p[0];
	got[1] = bad;
	check(FAILS(send_fds(s[0], "B", 1, got, 2), EBADF),
	      "SCM_RIGHTS with a bad descriptor: EBADF");
	check(FAILS(recv(s[1], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN),
	      "and nothing was sent");
	close(p[0]);
	close(p[1]);

	/* The sender closes its copy while the descriptor is in flight. */
	pipe(p);
	send_fds(s[0], "W", 1, &p[1], 1);
	close(p[1]);
	r = recv_fds(s[1], buf, sizeof(buf), 0, CMSG_SPACE(sizeof(int) * 4), got, 4,
		     &n, &mf);
	rc = r == 1 && n == 1 && write(got[0], "z", 1) == 1;
	check(rc && read(p[0], buf, sizeof(buf)) == 1 && buf[0] == 'z',
	      "a descriptor the sender closed in flight still works");
	if (n >= 1)
		close(got[0]);
	check(read(p[0], buf, sizeof(buf)) == 0,
	      "closing the received copy was the last writer: end of file");
	close(p[0]);
	close(s[0]);
	close(s[1]);
}

static struct {
	int sock, fds[2];
	ssize_t sent, got;
	int n, wrote, seek;
} xfer;

static void *xfer_sender(void *arg)
{
	(void)arg;
	xfer.sent = send_fds(xfer.sock, "thread", 6, xfer.fds, 2);
	return NULL;
}

static void *xfer_receiver(void *arg)
{
	int got[4], mf;
	char buf[16];

	xfer.got = recv_fds(*(int *)arg, buf, sizeof(buf), 0,
			    CMSG_SPACE(sizeof(int) * 4), got, 4, &xfer.n, &mf);
	if (xfer.got == 6 && xfer.n == 2) {
		xfer.wrote = write(got[0], "from B", 6);
		xfer.seek = lseek(got[1], 5, SEEK_SET);
		close(got[0]);
		close(got[1]);
	}
	return NULL;
}

static void scm_threads(void)
{
	pthread_t ta, tb;
	int s[2], p[2], f;
	char buf[16];

	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	pipe(p);
	f = open("u_msg.file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(f, "0123456789", 10);
	xfer.sock = s[0];
	xfer.fds[0] = p[1];
	xfer.fds[1] = f;
	pthread_create(&tb, NULL, xfer_receiver, &s[1]);
	pthread_create(&ta, NULL, xfer_sender, NULL);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	check(xfer.sent == 6 && xfer.got == 6 && xfer.n == 2,
	      "thread A sends two descriptors, thread B receives them");
	memset(buf, 0, sizeof(buf));
	check(xfer.wrote == 6 && read(p[0], buf, sizeof(buf)) == 6 &&
		      memcmp(buf, "from B", 6) == 0,
	      "B wrote through the pipe it received");
	check(xfer.seek == 5 && lseek(f, 0, SEEK_CUR) == 5,
	      "B's lseek moved the offset main sees");
	close(p[0]);
	close(p[1]);
	close(f);
	close(s[0]);
	close(s[1]);
}

/*
 * Linux: a stream read stops at the end of a write that carried
 * descriptors, so they arrive with that write's last byte and no later
 * bytes are glued to it. Bytes written before it are not held back: a
 * read that starts before the write runs on into it (unix_stream_read_
 * generic only breaks after detaching the descriptors).
 */
static void scm_stream_boundary(void)
{
	int s[2], p[2], q[2], got[4], n, n2, mf;
	char buf[64], b2[64];
	ssize_t r, r2;

	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	pipe(p);
	pipe(q);
	write(s[0], "abc", 3);
	send_fds(s[0], "def", 3, &p[1], 1);
	write(s[0], "ghi", 3);
	memset(buf, 0, sizeof(buf));
	r = recv_fds(s[1], buf, sizeof(buf), 0, CMSG_SPACE(sizeof(int) * 4), got, 4,
		     &n, &mf);
	check(r == 6 && memcmp(buf, "abcdef", 6) == 0 && n == 1,
	      "stream: a read ends with the write that carried a descriptor (%zd, %d)",
	      r, n);
	if (n >= 1)
		close(got[0]);
	memset(buf, 0, sizeof(buf));
	r = recv_fds(s[1], buf, sizeof(buf), 0, CMSG_SPACE(sizeof(int) * 4), got, 4,
		     &n, &mf);
	check(r == 3 && memcmp(buf, "ghi", 3) == 0 && n == 0,
	      "the bytes written after it come with the next read (%zd)", r);

	/* Two writes with descriptors are never read together. */
	send_fds(s[0], "jk", 2, &p[1], 1);
	send_fds(s[0], "lm", 2, &q[1], 1);
	memset(buf, 0, sizeof(buf));
	memset(b2, 0, sizeof(b2));
	r = recv_fds(s[1], buf, sizeof(buf), 0, CMSG_SPACE(sizeof(int) * 4), got, 4,
		     &n, &mf);
	if (n >= 1)
		close(got[0]);
	r2 = recv_fds(s[1], b2, sizeof(b2), 0, CMSG_SPACE(sizeof(int) * 4), got, 4,
		      &n2, &mf);
	if (n2 >= 1)
		close(got[0]);
	check(r == 2 && n == 1 && memcmp(buf, "jk", 2) == 0 && r2 == 2 && n2 == 1 &&
		      memcmp(b2, "lm", 2) == 0,
	      "two writes with descriptors: two reads (%zd, %zd)", r, r2);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	close(s[0]);
	close(s[1]);
}

/*
 * Four threads send numbered datagrams on one shared socket (one of a
 * datagram or seqpacket pair) while main receives: every message arrives
 * whole, once, and each sender's in order.
 */
#define SHARED_SENDERS 4
#define SHARED_MSGS 1500
static int shared_fd;
static int shared_send_err[SHARED_SENDERS];

static void *shared_sender(void *arg)
{
	uint32_t w = (uint32_t)(uintptr_t)arg;
	uint32_t msg[8];

	for (uint32_t i = 0; i < SHARED_MSGS; i++) {
		msg[0] = w;
		msg[1] = i;
		for (int k = 2; k < 8; k++)
			msg[k] = w * 1000003u + i * (uint32_t)k;
		/* varying lengths: 8 to 32 bytes */
		if (send(shared_fd, msg, 8 + 4 * (i % 7), 0) != (ssize_t)(8 + 4 * (i % 7))) {
			shared_send_err[w] = errno ? errno : -1;
			break;
		}
	}
	return NULL;
}

static void shared_senders(int type, const char *what)
{
	int sv[2], bad = 0, errs = 0;
	uint32_t next[SHARED_SENDERS] = { 0 }, msg[16];
	pthread_t t[SHARED_SENDERS];

	socketpair(AF_UNIX, type, 0, sv);
	shared_fd = sv[0];
	memset(shared_send_err, 0, sizeof(shared_send_err));
	for (uint32_t w = 0; w < SHARED_SENDERS; w++)
		pthread_create(&t[w], NULL, shared_sender, (void *)(uintptr_t)w);
	for (int n = 0; n < SHARED_SENDERS * SHARED_MSGS; n++) {
		ssize_t r = recv(sv[1], msg, sizeof(msg), 0);
		uint32_t w = msg[0], i = msg[1];

		if (r < 8 || w >= SHARED_SENDERS || i != next[w] ||
		    r != (ssize_t)(8 + 4 * (i % 7))) {
			bad++;
			break;
		}
		for (int k = 2; k < r / 4; k++)
			if (msg[k] != w * 1000003u + i * (uint32_t)k)
				bad++;
		next[w]++;
	}
	for (int w = 0; w < SHARED_SENDERS; w++) {
		pthread_join(t[w], NULL);
		errs += shared_send_err[w] != 0;
	}
	check(!bad && !errs && next[0] == SHARED_MSGS && next[1] == SHARED_MSGS &&
		      next[2] == SHARED_MSGS && next[3] == SHARED_MSGS,
	      "%s: %d threads sharing one socket, %d messages each: whole, none "
	      "lost, each sender's in order", what, SHARED_SENDERS, SHARED_MSGS);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	size_t i;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(names[i]);
	test_errors();
	test_dgram_paths();
	test_dgram_abstract();
	test_dgram_recv();
	test_dgram_limits();
	test_dgram_connect();
	test_seqpacket();
	test_options();
	scm_basic(SOCK_STREAM, "stream");
	scm_basic(SOCK_DGRAM, "dgram");
	scm_ctrunc();
	scm_threads();
	scm_stream_boundary();
	shared_senders(SOCK_DGRAM, "dgram");
	shared_senders(SOCK_SEQPACKET, "seqpacket");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(names[i]);
	return tap_done();
}
