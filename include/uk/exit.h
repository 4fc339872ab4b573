/*
 * uk/exit.h - ending the unikernel and the exit statuses libuk reserves.
 *
 * The application's status (main's return value or exit()'s argument)
 * becomes the status of the virtual machine. Under QEMU with
 * isa-debug-exit, the device carries 7 bits (QEMU exits with
 * (status << 1) | 1); the runner (ukrun) recovers statuses above 127 from the
 * "uk: exit status N" line libuk prints for them.
 *
 * libuk's own failures use the statuses below so that a harness can tell
 * them apart from an application's ordinary error codes.
 */
#ifndef UK_EXIT_H
#define UK_EXIT_H

#include <uk/essentials.h>

#define UK_EXIT_FAULT    112 /* unhandled CPU exception (fault report printed) */
#define UK_EXIT_PANIC    113 /* internal consistency failure (uk_panic) */
#define UK_EXIT_CMDLINE  114 /* malformed kernel command line option */
#define UK_EXIT_BOOTINFO 115 /* unsupported boot protocol or corrupt boot data */
#define UK_EXIT_NOMEM    116 /* out of memory during boot */
#define UK_EXIT_INIT     117 /* a boot-time init step failed */

#ifdef __cplusplus
extern "C" {
#endif

/* Flush the console and power the machine off with 'status' (0-255). */
UK_NORETURN void uk_exit(int status);

/*
 * The application's end: exit_group, its last thread's exit, a signal
 * whose default action ends it. Linux closes the process's files and its
 * kernel goes on sending what sockets hold; here the machine powers off,
 * so libraries that hold such work register a hook (the network stack:
 * close the sockets, let TCP deliver what they hold, for a bounded time),
 * run first, newest first, then uk_exit(status). Not run by uk_exit or
 * uk_panic themselves: after a panic nothing more is trusted. A second
 * caller while the hooks run ends its own thread only (the first
 * caller's status is the machine's, as with Linux's exit_group).
 */
struct uk_exit_hook {
	void (*fn)(void);
	struct uk_exit_hook *next;
};

void uk_exit_hook_add(struct uk_exit_hook *h);
UK_NORETURN void uk_exit_app(int status);

/* Print "uk: panic: <message>" and exit with UK_EXIT_PANIC. */
UK_NORETURN void uk_panic(const char *fmt, ...) UK_PRINTF(1, 2);

#ifdef __cplusplus
}
#endif

#endif /* UK_EXIT_H */
