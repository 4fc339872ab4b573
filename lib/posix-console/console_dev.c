/*
 * lib/posix-console/console_dev.c - the serial console as a file: the
 * device /dev/console (5,1) that vfscore opens as descriptors 0, 1 and 2,
 * a tty answering ioctl as a Linux serial tty does (termios, window size,
 * FIONREAD), with the line discipline of tty.c.
 *
 * The UART raises no interrupt libuk handles yet, so nothing tells the
 * console that input arrived. While some poll, select or epoll waits on a
 * console file, a watcher thread looks at the UART every 10 ms and
 * notifies the console's watchers when input is ready; it ends when
 * nobody watches, so an idle system still has no tick.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <uk/console.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/vfs.h>
#include <ukbase/string.h>
#include "posix_console.h"

#define WATCH_NS 10000000ULL

static struct winsize winsize; /* 0 x 0: what a serial port reports */

/* Open console files (their poll queues), for the watcher. */
#define MAX_OPEN 64
static struct uk_vfs_file *open_files[MAX_OPEN];
static bool watcher_running;

static ssize_t con_read(struct uk_vfs_file *f, void *buf, size_t len, off_t *off)
{
	(void)off;
	if (!len)
		return 0;
	return uk_tty_read(buf, len, f->flags & O_NONBLOCK);
}

static ssize_t con_write(struct uk_vfs_file *f, const void *buf, size_t len, off_t *off)
{
	(void)f, (void)off;
	return (ssize_t)uk_console_write(buf, len);
}

static int con_ioctl(struct uk_vfs_file *f, unsigned long req, void *p)
{
	(void)f;
	switch (req) {
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
		*(int *)p = (int)uk_tty_ready();
		return 0;
	default:
		return -ENOTTY;
	}
}

static bool anyone_watching(void)
{
	for (int i = 0; i < MAX_OPEN; i++) {
		if (open_files[i] && open_files[i]->pollq.head)
			return true;
	}
	return false;
}

static void watcher(void *arg)
{
	(void)arg;
	while (anyone_watching()) {
		if (uk_tty_ready()) {
			for (int i = 0; i < MAX_OPEN; i++) {
				if (open_files[i])
					uk_vfs_file_notify(open_files[i], POLLIN | POLLRDNORM);
			}
		}
		uk_sched_sleep_until(ukplat_monotonic_ns() + WATCH_NS);
	}
	watcher_running = false;
	uk_thread_exit();
}

static unsigned int con_poll(struct uk_vfs_file *f)
{
	unsigned int ev = POLLOUT | POLLWRNORM;
	struct uk_thread *t;

	(void)f;
	if (uk_tty_ready())
		return ev | POLLIN | POLLRDNORM;
	/* Nothing yet: a watcher will notify when input comes. */
	if (!watcher_running &&
	    uk_thread_create(&t, "console-watch", watcher, NULL, 0) == 0) {
		watcher_running = true;
		uk_thread_detach(t);
	}
	return ev;
}

static void con_release(struct uk_vfs_file *f)
{
	for (int i = 0; i < MAX_OPEN; i++) {
		if (open_files[i] == f)
			open_files[i] = NULL;
	}
}

static int con_open(const struct uk_vfs_device *dev, struct uk_vfs_file *f)
{
	(void)dev;
	for (int i = 0; i < MAX_OPEN; i++) {
		if (!open_files[i]) {
			open_files[i] = f;
			return 0;
		}
	}
	return -ENFILE;
}

static const struct uk_vfs_file_ops console_ops = {
	.read = con_read,
	.write = con_write,
	.ioctl = con_ioctl,
	.poll = con_poll,
	.release = con_release,
};

static const struct uk_vfs_device console_dev = {
	.name = "console",
	.mode = S_IFCHR | 0600,
	.rdev = makedev(5, 1),
	.ops = &console_ops,
	.open = con_open,
};
VFS_DEVICE_REGISTER(console_dev);
