/*
 * lib/posix-console/console_fd.c - file descriptors 0, 1 and 2 as the
 * serial console, until a VFS exists: read/write and their vector and
 * positioned forms, ioctl answering as a Linux serial tty does, fcntl,
 * lseek and close, with Linux's errno values.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <termios.h>
#include <limits.h>
#include <uk/console.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "posix_console.h"

static struct {
	_Bool closed;
	int fd_flags; /* FD_CLOEXEC */
	int fl_flags; /* O_NONBLOCK, O_APPEND */
} fds[3];

static struct winsize winsize; /* 0 x 0: what a serial port reports */

static int check_fd(int fd)
{
	return fd >= 0 && fd < 3 && !fds[fd].closed ? 0 : -EBADF;
}

static long console_write(int fd, const void *buf, size_t len)
{
	int rc = check_fd(fd);

	if (rc < 0)
		return rc;
	if ((ssize_t)len < 0)
		return -EINVAL;
	return (long)uk_console_write(buf, len);
}

/* Blocks until input is ready (O_NONBLOCK: EAGAIN); see tty.c. */
static long console_read(int fd, void *buf, size_t len)
{
	int rc = check_fd(fd);

	if (rc < 0)
		return rc;
	if (len == 0)
		return 0;
	return uk_tty_read(buf, len, fds[fd].fl_flags & O_NONBLOCK);
}

UK_SYSCALL_DEFINE3(write, int, fd, const void *, buf, size_t, len)
{
	return console_write(fd, buf, len);
}

UK_SYSCALL_DEFINE3(read, int, fd, void *, buf, size_t, len)
{
	return console_read(fd, buf, len);
}

static long vector_io(int fd, const struct iovec *iov, int iovcnt, int out)
{
	long total = 0, rc;
	size_t total_len = 0;

	if (check_fd(fd) < 0)
		return -EBADF;
	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	/* Like Linux, reject a bad vector before transferring anything. */
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX - total_len)
			return -EINVAL;
		total_len += iov[i].iov_len;
	}
	for (int i = 0; i < iovcnt; i++) {
		if (!iov[i].iov_len)
			continue;
		rc = out ? console_write(fd, iov[i].iov_base, iov[i].iov_len)
			 : console_read(fd, iov[i].iov_base, iov[i].iov_len);
		if (rc < 0)
			return total ? total : rc;
		total += rc;
		if (!out) /* a read returns what one transfer gave */
			break;
	}
	return total;
}

UK_SYSCALL_DEFINE3(writev, int, fd, const struct iovec *, iov, int, iovcnt)
{
	return vector_io(fd, iov, iovcnt, 1);
}

UK_SYSCALL_DEFINE3(readv, int, fd, const struct iovec *, iov, int, iovcnt)
{
	return vector_io(fd, iov, iovcnt, 0);
}

/* A tty has no file position. */
UK_SYSCALL_DEFINE4(pread64, int, fd, void *, buf, size_t, len, long, off)
{
	if (check_fd(fd) < 0)
		return -EBADF;
	return off < 0 ? -EINVAL : -ESPIPE;
}

UK_SYSCALL_DEFINE4(pwrite64, int, fd, const void *, buf, size_t, len, long, off)
{
	if (check_fd(fd) < 0)
		return -EBADF;
	return off < 0 ? -EINVAL : -ESPIPE;
}

UK_SYSCALL_DEFINE3(lseek, int, fd, long, off, int, whence)
{
	return check_fd(fd) < 0 ? -EBADF : -ESPIPE;
}

UK_SYSCALL_DEFINE1(close, int, fd)
{
	if (check_fd(fd) < 0)
		return -EBADF;
	fds[fd].closed = 1;
	return 0;
}

UK_SYSCALL_DEFINE3(ioctl, int, fd, unsigned long, cmd, unsigned long, arg)
{
	void *p = (void *)arg;

	if (check_fd(fd) < 0)
		return -EBADF;
	switch (cmd) {
	case TCGETS:
		uk_memcpy(p, &uk_tty_termios, sizeof(uk_tty_termios));
		return 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		uk_memcpy(&uk_tty_termios, p, sizeof(uk_tty_termios));
		return 0;
	case TIOCGWINSZ:
		uk_memcpy(p, &winsize, sizeof(winsize));
		return 0;
	case TIOCSWINSZ:
		uk_memcpy(&winsize, p, sizeof(winsize));
		return 0;
	case FIONREAD:
		*(int *)p = 0; /* the UART says only whether a byte waits */
		return 0;
	case FIONBIO:
		if (*(int *)p)
			fds[fd].fl_flags |= O_NONBLOCK;
		else
			fds[fd].fl_flags &= ~O_NONBLOCK;
		return 0;
	default:
		return -ENOTTY;
	}
}

UK_SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	if (check_fd(fd) < 0)
		return -EBADF;
	switch (cmd) {
	case F_GETFD:
		return fds[fd].fd_flags;
	case F_SETFD:
		fds[fd].fd_flags = (int)arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return O_RDWR | fds[fd].fl_flags;
	case F_SETFL:
		fds[fd].fl_flags = (int)arg & (O_NONBLOCK | O_APPEND);
		return 0;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return -EMFILE; /* no descriptor table before the VFS */
	default:
		return -EINVAL;
	}
}
