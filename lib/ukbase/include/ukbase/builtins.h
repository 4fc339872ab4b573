/*
 * ukbase/builtins.h - forced into every kernel object (-include).
 *
 * gcc emits calls to memcpy/memset/memmove/memcmp on its own (structure
 * copies, zeroing loops). In libuk's kernel code those calls must reach
 * libuk's SSE-free helpers, never musl's, and must not claim the names an
 * application's C library owns. Declaring the builtins with an assembler
 * name makes gcc use that name for the calls it generates as well.
 */
#ifndef UKBASE_BUILTINS_H
#define UKBASE_BUILTINS_H

#ifndef __ASSEMBLER__
void *memcpy(void *__restrict, const void *__restrict, __SIZE_TYPE__)
	__asm__("uk_memcpy");
void *memmove(void *, const void *, __SIZE_TYPE__) __asm__("uk_memmove");
void *memset(void *, int, __SIZE_TYPE__) __asm__("uk_memset");
int memcmp(const void *, const void *, __SIZE_TYPE__) __asm__("uk_memcmp");
#endif

#endif /* UKBASE_BUILTINS_H */
