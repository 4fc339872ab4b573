/*
 * uk/init.h - the ordered boot-time init table.
 *
 * A library joins the boot sequence by registering a step with UK_INIT; the
 * step lands in a linker section (.uk_inittab.<class>.<name>) that the
 * linker scripts sort by class and keep. No central list needs editing when
 * a library is added, and the umbrella -luk script names every step's symbol
 * so that a library whose only content is a registration is still linked.
 *
 * A step returns 0 or a negative errno; a failure stops the boot with
 * "uk: init step <name> failed: <error>" and UK_EXIT_INIT.
 */
#ifndef UK_INIT_H
#define UK_INIT_H

#include <uk/essentials.h>

/* Init classes, run in increasing order; steps within a class by name. */
#define UK_INIT_CLASS_EARLY    1 /* console, command line */
#define UK_INIT_CLASS_PLAT     2 /* platform devices, interrupts */
#define UK_INIT_CLASS_MEMORY   3 /* page allocator, heaps */
#define UK_INIT_CLASS_TIME     4 /* clocks and timers */
#define UK_INIT_CLASS_SCHED    5 /* threads */
#define UK_INIT_CLASS_FS       6 /* file systems */
#define UK_INIT_CLASS_NET      7 /* network stacks */
#define UK_INIT_CLASS_LATE     8 /* everything else before main */

struct uk_init_step {
	int (*fn)(void);
	const char *name;
	unsigned int cls;
};

/*
 * Register 'fn' in 'cls'. The registration defines the global symbol
 * uk_initstep_<fn>, which the -luk script references.
 */
#define UK_INIT(fn, cls)                                                     \
	const struct uk_init_step uk_initstep_##fn                           \
	    UK_USED UK_SECTION(".uk_inittab." UK_STRINGIFY(cls) "." #fn)     \
	    UK_ALIGNED(8) = { (fn), #fn, (cls) }

#ifdef __cplusplus
extern "C" {
#endif

/* Number of init steps that completed, and the name of step 'i' (in order). */
unsigned int uk_init_done_count(void);
const char *uk_init_done_name(unsigned int i);

#ifdef __cplusplus
}
#endif

#endif /* UK_INIT_H */
