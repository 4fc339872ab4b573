/*
 * lib/lwip/port/arch/sys_arch.h - lwIP's operating-system types over
 * libuk's scheduler (uk/sched.h) and locks (uk/lock.h); implemented in
 * lib/lwip/sys_arch.c.
 */
#ifndef UK_LWIP_ARCH_SYS_ARCH_H
#define UK_LWIP_ARCH_SYS_ARCH_H

#include <uk/lock.h>
#include <uk/plat.h>
#include <uk/sched.h>

typedef struct {
	struct uk_semaphore sem;
	int valid;
} sys_sem_t;

typedef struct {
	struct uk_mutex mtx;
	int valid;
} sys_mutex_t;

/* A bounded queue of pointers (see sys_arch.c); NULL: invalid. */
typedef struct uk_lwip_mbox *sys_mbox_t;

typedef struct uk_thread *sys_thread_t;

/* Critical sections: interrupts off (lwIP's SYS_LIGHTWEIGHT_PROT),
 * without lwIP's extra call around the platform's. */
typedef unsigned long sys_prot_t;

#define SYS_ARCH_DECL_PROTECT(lev) sys_prot_t lev
#define SYS_ARCH_PROTECT(lev)      ((lev) = ukplat_irq_save())
#define SYS_ARCH_UNPROTECT(lev)    ukplat_irq_restore(lev)

#define sys_sem_valid(s)          ((s)->valid)
#define sys_sem_set_invalid(s)    ((s)->valid = 0)
#define sys_mutex_valid(m)        ((m)->valid)
#define sys_mutex_set_invalid(m)  ((m)->valid = 0)
#define sys_mbox_valid(m)         (*(m) != NULL)
#define sys_mbox_set_invalid(m)   (*(m) = NULL)

#endif /* UK_LWIP_ARCH_SYS_ARCH_H */
