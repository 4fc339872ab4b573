/*
 * lib/ukboot/ukboot.h - ukboot's internal interface, grouped by the file
 * that implements each function.
 */
#ifndef UKBOOT_H
#define UKBOOT_H

#include <uk/essentials.h>

/* boot.c */
/* Print boot timings when uk.bootstats is set (called at exit). */
void uk_boot_report_times(void);
/* Note the moment the application is entered. */
void uk_boot_record_app_start(void);

/* app_start.c */
/* Set PATH and HOME; uk.env options applied afterwards override them. */
void uk_boot_env_defaults(void);
/* Build the initial stack and enter the application (musl's _start). */
UK_NORETURN void uk_boot_start_app(int argc, char *argv[]);

/* <arch>/enter_app.S */
UK_NORETURN void uk_boot_enter_app(void *entry, void *sp);

#endif /* UKBOOT_H */
