/*
 * lib/lwip/port/uk_lwip_libc.h - forced into every object of lib/lwip
 * (-include), after ukbase/builtins.h.
 *
 * lwIP calls a few C library functions. Kernel code never calls musl
 * (uk/DESIGN: SSE, and names the application owns), so the same trick as
 * builtins.h applies: declared with an assembler name, the calls reach
 * libuk's helpers.
 */
#ifndef UK_LWIP_LIBC_H
#define UK_LWIP_LIBC_H

#ifndef __ASSEMBLER__
__SIZE_TYPE__ strlen(const char *) __asm__("uk_strlen");
int strcmp(const char *, const char *) __asm__("uk_strcmp");
int strncmp(const char *, const char *, __SIZE_TYPE__) __asm__("uk_strncmp");
int atoi(const char *) __asm__("uk_lwip_atoi");
#endif

#endif /* UK_LWIP_LIBC_H */
