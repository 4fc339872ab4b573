/*
 * lib/posix-console/tty.c - the console's line discipline: what a Linux
 * serial tty does with input under its termios settings, so that programs
 * reading stdin line by line (fgets, scanf) see what they expect.
 *
 * Honoured: ICRNL, IGNCR, INLCR; ICANON with VERASE, VKILL, VEOF; ECHO,
 * ECHOE, ECHONL. Signals (ISIG) and output flags are not interpreted.
 */
#include <errno.h>
#include <termios.h>
#include <uk/console.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "posix_console.h"

#define LINE_MAX_ 4096

struct uk_tty_termios uk_tty_termios = {
	/* a serial line in its Linux default state: 115200 8N1, cooked */
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21,
		  [VEOF] = 4, [VTIME] = 0, [VMIN] = 1, [VSTART] = 17,
		  [VSTOP] = 19, [VSUSP] = 26, [VREPRINT] = 18,
		  [VDISCARD] = 15, [VWERASE] = 23, [VLNEXT] = 22 },
};

static char line[LINE_MAX_];
static size_t line_len;   /* characters being edited */
static size_t ready;      /* bytes of a finished line not yet read */
static size_t ready_off;
static _Bool eof_pending; /* VEOF on an empty line: the next read gives 0 */

static void echo(const char *s, size_t n)
{
	if (uk_tty_termios.c_lflag & ECHO)
		uk_console_write(s, n);
}

/* Map one input byte; returns -1 when it is dropped (IGNCR). */
static int map_input(unsigned char c)
{
	tcflag_t i = uk_tty_termios.c_iflag;

	if (c == '\r')
		return (i & IGNCR) ? -1 : (i & ICRNL) ? '\n' : '\r';
	if (c == '\n' && (i & INLCR))
		return '\r';
	return c;
}

/* Remove the last character being edited, and from the screen (ECHOE). */
static void erase_one(void)
{
	if (!line_len)
		return;
	line_len--;
	if (uk_tty_termios.c_lflag & ECHOE)
		echo("\b \b", 3);
}

/* Canonical mode: feed one byte into the line being edited. */
static void canon_input(unsigned char c)
{
	const cc_t *cc = uk_tty_termios.c_cc;

	if ((c == cc[VERASE] || c == '\b') && cc[VERASE]) {
		erase_one();
		return;
	}
	if (c == cc[VKILL] && cc[VKILL]) {
		while (line_len)
			erase_one();
		return;
	}
	if (c == cc[VEOF] && cc[VEOF]) {
		/* ^D ends the line without a newline; alone it means EOF. */
		if (line_len)
			ready = line_len;
		else
			eof_pending = 1;
		return;
	}
	if (line_len < sizeof(line))
		line[line_len++] = (char)c;
	if (c == '\n') {
		if (!(uk_tty_termios.c_lflag & ECHO) &&
		    (uk_tty_termios.c_lflag & ECHONL))
			uk_console_write("\n", 1);
		else
			echo("\n", 1);
		ready = line_len;
	} else {
		echo((const char *)&c, 1);
	}
}

/*
 * Take input from the UART until a read can complete; returns whether it
 * can. Canonical mode takes one byte at a time and stops at a finished
 * line, so what is typed ahead stays in the UART for the next line.
 */
static int pump(void)
{
	int canon = !!(uk_tty_termios.c_lflag & ICANON);
	char b;

	while (!(canon && (ready || eof_pending)) &&
	       ukplat_console_read(&b, 1) == 1) {
		int c = map_input((unsigned char)b);

		if (c < 0)
			continue;
		if (canon) {
			canon_input((unsigned char)c);
		} else if (line_len < sizeof(line)) {
			line[line_len++] = (char)c;
			echo(&line[line_len - 1], 1);
		}
	}
	if (!canon)
		ready = line_len;
	return ready || eof_pending;
}

size_t uk_tty_ready(void)
{
	pump();
	return eof_pending ? 1 : ready - ready_off;
}

long uk_tty_read(void *buf, size_t len, int nonblock)
{
	size_t n;

	/* No UART interrupt yet: look again every millisecond, letting other threads run. */
	while (!pump()) {
		if (nonblock)
			return -EAGAIN;
		/* A signal: the read runs again after SA_RESTART handlers. */
		if (uk_sched_sleep_until_intr(ukplat_monotonic_ns() + 1000000) ==
		    -EINTR)
			return -UK_ERESTARTSYS;
	}
	if (!ready && eof_pending) {
		eof_pending = 0;
		return 0;
	}
	n = ready - ready_off < len ? ready - ready_off : len;
	uk_memcpy(buf, line + ready_off, n);
	ready_off += n;
	if (ready_off == ready) {
		/* Line consumed: keep anything typed after it. */
		uk_memmove(line, line + ready, line_len - ready);
		line_len -= ready;
		ready = ready_off = 0;
	}
	return (long)n;
}
