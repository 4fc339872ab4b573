/*
 * uk/essentials.h - small compiler and arithmetic helpers shared by every
 * libuk library and by applications that use libuk's interfaces.
 */
#ifndef UK_ESSENTIALS_H
#define UK_ESSENTIALS_H

#define UK_NORETURN      __attribute__((noreturn))
#define UK_PACKED        __attribute__((packed))
#define UK_UNUSED        __attribute__((unused))
#define UK_USED          __attribute__((used))
#define UK_ALIGNED(a)    __attribute__((aligned(a)))
#define UK_SECTION(s)    __attribute__((section(s)))
#define UK_PRINTF(f, a)  __attribute__((format(printf, f, a)))

#define UK_STRINGIFY_(x) #x
#define UK_STRINGIFY(x)  UK_STRINGIFY_(x)
#define UK_CONCAT_(a, b) a##b
#define UK_CONCAT(a, b)  UK_CONCAT_(a, b)

#define UK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Power-of-two alignment; 'a' MUST be a power of two. */
#define UK_ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define UK_ALIGN_UP(x, a)   UK_ALIGN_DOWN((x) + ((__typeof__(x))(a) - 1), (a))
#define UK_IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

#define UK_MIN(a, b) ((a) < (b) ? (a) : (b))
#define UK_MAX(a, b) ((a) > (b) ? (a) : (b))

#define uk_likely(x)   __builtin_expect(!!(x), 1)
#define uk_unlikely(x) __builtin_expect(!!(x), 0)

#endif /* UK_ESSENTIALS_H */
