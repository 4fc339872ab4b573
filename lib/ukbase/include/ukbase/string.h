/*
 * ukbase/string.h - libuk's internal memory and string helpers.
 *
 * Kernel code uses these instead of the C library: they are compiled without
 * SIMD registers and live under libuk's own names. memcpy, memset, memmove
 * and memcmp written in kernel code resolve to the uk_ versions through
 * ukbase/builtins.h.
 */
#ifndef UKBASE_STRING_H
#define UKBASE_STRING_H

#include <stddef.h>
#include <stdint.h>


void *uk_memcpy(void *__restrict dst, const void *__restrict src, size_t n);
void *uk_memmove(void *dst, const void *src, size_t n);
void *uk_memset(void *dst, int c, size_t n);
int uk_memcmp(const void *a, const void *b, size_t n);
size_t uk_strlen(const char *s);
size_t uk_strnlen(const char *s, size_t max);
int uk_strcmp(const char *a, const char *b);
int uk_strncmp(const char *a, const char *b, size_t n);
char *uk_strchr(const char *s, int c);
/* Copy at most size-1 bytes and terminate; returns strlen(src). */
size_t uk_strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned integer in 'base' (0: 0x/0 prefixes select 16/8) from
 * the whole of [s, s+len). Returns 0, -EINVAL for an empty string or a bad
 * digit, -ERANGE on overflow.
 */
int uk_parse_u64(const char *s, size_t len, unsigned int base, uint64_t *out);

#endif /* UKBASE_STRING_H */
