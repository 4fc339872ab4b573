/*
 * uk/futex.h - waking futex waiters from kernel code (lib/posix-futex),
 * as the exit of a thread with a clear_child_tid address does.
 */
#ifndef UK_FUTEX_H
#define UK_FUTEX_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* FUTEX_WAKE: wake up to n waiters on uaddr; returns how many woke. */
long uk_futex_wake(const uint32_t *uaddr, long n);

#ifdef __cplusplus
}
#endif

#endif /* UK_FUTEX_H */
