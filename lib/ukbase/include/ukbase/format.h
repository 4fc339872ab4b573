/*
 * ukbase/format.h - libuk's SSE-free printf-style formatter.
 *
 * Conversions: d i u x X o c s p %; flags - 0 space + #; width and
 * precision (also as *); length modifiers hh h l ll z j t. No floating
 * point. Output goes to a sink function so that the console, buffers and
 * tests share one implementation.
 */
#ifndef UKBASE_FORMAT_H
#define UKBASE_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*uk_format_sink_t)(void *arg, const char *s, size_t n);

/* Format to 'sink'; returns the number of characters produced. */
int uk_vformat(uk_format_sink_t sink, void *arg, const char *fmt, va_list ap);

/* C99 snprintf semantics: returns the length the full output would have. */
int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int uk_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* UKBASE_FORMAT_H */
