/*
 * uk/print.h - libuk's kernel log.
 *
 * Messages are prefixed "uk: " and filtered by the level set with the boot
 * option uk.loglevel=crit|err|warn|info|debug (default: warn). Errors that
 * end the boot are printed at UK_LOG_CRIT, which is never filtered.
 */
#ifndef UK_PRINT_H
#define UK_PRINT_H

#include <stdarg.h>
#include <uk/essentials.h>

#define UK_LOG_CRIT  0
#define UK_LOG_ERR   1
#define UK_LOG_WARN  2
#define UK_LOG_INFO  3
#define UK_LOG_DEBUG 4

#ifdef __cplusplus
extern "C" {
#endif

extern int uk_loglevel;

void uk_log(int level, const char *fmt, ...) UK_PRINTF(2, 3);
void uk_vlog(int level, const char *fmt, va_list ap);

#define uk_pr_crit(...)  uk_log(UK_LOG_CRIT, __VA_ARGS__)
#define uk_pr_err(...)   uk_log(UK_LOG_ERR, __VA_ARGS__)
#define uk_pr_warn(...)  uk_log(UK_LOG_WARN, __VA_ARGS__)
#define uk_pr_info(...)  uk_log(UK_LOG_INFO, __VA_ARGS__)
#define uk_pr_debug(...) uk_log(UK_LOG_DEBUG, __VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif /* UK_PRINT_H */
