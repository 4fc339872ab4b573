/*
 * lib/posix-console/posix_console.h - posix-console's internal interface,
 * grouped by the file that implements each part.
 */
#ifndef POSIX_CONSOLE_H
#define POSIX_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

/* Linux's struct termios as TCGETS copies it out (asm-generic/termbits.h). */
struct uk_tty_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};
_Static_assert(sizeof(struct uk_tty_termios) == 36, "TCGETS layout");

/* tty.c */
extern struct uk_tty_termios uk_tty_termios;
/* Read input through the line discipline; -EAGAIN when nonblock and none. */
long uk_tty_read(void *buf, size_t len, int nonblock);
/* Bytes a read would return now without blocking (an EOF counts as 1). */
size_t uk_tty_ready(void);

#endif /* POSIX_CONSOLE_H */
