/*
 * lib/lwip/port/arch/cc.h - lwIP's compiler and platform definitions for
 * libuk: musl's types and byte order, diagnostics to the kernel log,
 * assertions fatal, random numbers from uk_random_fill, errno kept by
 * the driver (lwIP runs in system calls, which never touch musl's errno).
 */
#ifndef UK_LWIP_ARCH_CC_H
#define UK_LWIP_ARCH_CC_H

#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#define LWIP_NO_CTYPE_H 1      /* musl's ctype functions are musl code */
#define LWIP_TIMEVAL_PRIVATE 0 /* struct timeval from <sys/time.h> */
#define LWIP_ERRNO_STDINCLUDE 1

/* Byte order swaps inline: lwIP's own are calls, for every header field
 * of every frame (and under emulation each call and return costs a
 * lookup of the next translated block). */
static inline uint16_t uk_lwip_bswap16(uint16_t x)
{
	return __builtin_bswap16(x);
}

static inline uint32_t uk_lwip_bswap32(uint32_t x)
{
	return __builtin_bswap32(x);
}

/* (Functions, not expressions: lwIP defines htons as lwip_htons, and a
 * libc header's htons declaration then declares these again.) */
#define lwip_htons uk_lwip_bswap16
#define lwip_htonl uk_lwip_bswap32

#define LWIP_PLATFORM_DIAG(x) do { uk_lwip_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) uk_lwip_assert_fail(x, __FILE__, __LINE__)
#define LWIP_RAND() uk_lwip_rand()

/* lwIP's errno, read by the socket driver right after each failed call. */
extern int uk_lwip_errno;
#define set_errno(e) do { if (e) uk_lwip_errno = (e); } while (0)

void uk_lwip_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void uk_lwip_assert_fail(const char *msg,
						   const char *file, int line);
uint32_t uk_lwip_rand(void);

#endif /* UK_LWIP_ARCH_CC_H */
