/*
 * uk/boot.h - the shared start path that every platform entry joins.
 */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <uk/bootinfo.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Called once by the platform, with the console usable and 'bi' filled from
 * the boot protocol: applies the libuk options of the command line, runs the
 * init table, calls the application's main and exits with its status.
 * Every FREE region of 'bi' MUST be mapped readable and writable at its
 * physical address by then (the page allocator takes all of it, wherever
 * it lies); RAM the platform could not map must not be left FREE.
 */
UK_NORETURN void uk_boot_start(struct uk_bootinfo *bi);

/*
 * Add "KEY=VALUE" to the application's environment unless KEY is already
 * there (from uk.env or an earlier default). MAY be called by init steps,
 * until main starts; 'kv' MUST stay valid until then (it is copied onto
 * the application's stack). Returns 0 (added or already set), -EINVAL
 * (no '=' or an empty KEY) or -E2BIG (the environment is full: 64
 * variables).
 */
int uk_boot_env_default(const char *kv);

/* Cycle counter value when the application was entered (0 before). */
uint64_t uk_boot_main_cycles(void);

#ifdef __cplusplus
}
#endif

#endif /* UK_BOOT_H */
