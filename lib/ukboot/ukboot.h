/*
 * lib/ukboot/ukboot.h - ukboot's internal interface, grouped by the file
 * that implements each function.
 */
#ifndef UKBOOT_H
#define UKBOOT_H

/* boot.c: print boot timings when uk.bootstats is set (called at exit). */
void uk_boot_report_times(void);

#endif /* UKBOOT_H */
