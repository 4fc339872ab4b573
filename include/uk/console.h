/*
 * uk/console.h - the kernel console as seen by applications.
 *
 * These calls write straight to the platform console (COM1 on x86_64) without
 * buffering. They format with libuk's own SSE-free formatter, which knows
 * %d %i %u %x %X %o %c %s %p %% with the flags '-', '0', ' ', '+', '#', a
 * width, a precision and the length modifiers hh h l ll z j t; it has no
 * floating point conversions.
 */
#ifndef UK_CONSOLE_H
#define UK_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write 'len' bytes; "\n" is sent as "\r\n". Returns the bytes written. */
size_t uk_console_write(const char *buf, size_t len);

/* Formatted output; returns the number of characters written. */
int uk_printf(const char *fmt, ...) UK_PRINTF(1, 2);
int uk_vprintf(const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif

#endif /* UK_CONSOLE_H */
