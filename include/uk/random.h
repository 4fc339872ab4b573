/*
 * uk/random.h - random bytes for kernel code (lib/posix-process, the
 * generator behind getrandom): /dev/random and /dev/urandom (lib/devfs),
 * hash seeds, unique ids.
 */
#ifndef UK_RANDOM_H
#define UK_RANDOM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Fill 'buf' with 'len' random bytes: the CPU's generator when it has one
 * (RDSEED/RDRAND on x86_64), else a ChaCha20 generator seeded once from
 * timers and the RTC (guessable from the boot timing: not for keys). Never
 * fails, never blocks.
 */
void uk_random_fill(void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* UK_RANDOM_H */
