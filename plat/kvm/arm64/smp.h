/*
 * plat/kvm/arm64/smp.h - the per-CPU record and what lcpu.c (the lcpu
 * interface: identity, call queues, wait, halt, idle), smp.c (discovery
 * and start-up through PSCI) and smp_entry.S (a started CPU's first
 * instructions) share.
 */
#ifndef UKPLAT_ARM64_SMP_H
#define UKPLAT_ARM64_SMP_H

/* Offsets smp_entry.S reads with the MMU off (static asserts below). */
#define LCPU_OFF_EXC_TOP   0
#define LCPU_OFF_STACK_TOP 8
#define SMPREGS_MAIR       0
#define SMPREGS_TCR        8
#define SMPREGS_TTBR0      16
#define SMPREGS_SCTLR      24

#ifndef __ASSEMBLER__

#include <stddef.h>
#include <stdint.h>
#include <uk/lcpu.h>

#define UKPLAT_LCPU_QUEUE 16

enum ukplat_arm64_lcpu_st {
	UKPLAT_LCPU_OFFLINE = 0,
	UKPLAT_LCPU_STARTING,
	UKPLAT_LCPU_ONLINE,
	UKPLAT_LCPU_HALTED,
};

struct ukplat_arm64_call {
	uk_lcpu_fn_t fn;
	void *arg;
};

/* One per CPU; TPIDR_EL1 points at the running CPU's. */
struct ukplat_arm64_lcpu {
	uint64_t exc_top;       /* SP_EL1 (exception stack) to start with */
	uint64_t stack_top;     /* SP_EL0 to run the entry and idle loop on */
	uintptr_t local;        /* uk_lcpu_local_get/set */
	uint64_t mpidr;         /* affinity fields only */
	unsigned int idx;
	uint32_t gic_target;    /* what the GIC needs to send it an SGI */
	volatile int state;     /* enum ukplat_arm64_lcpu_st */
	volatile int alive;     /* set by the CPU once it runs libuk code */
	volatile int lock;
	unsigned int head, tail;        /* queue ring, under 'lock' */
	uint64_t queued, done;          /* calls ever queued / finished */
	struct ukplat_arm64_call q[UKPLAT_LCPU_QUEUE];
	uk_lcpu_fn_t entry;
	void *entry_arg;
	void *stacks;           /* 64 KiB run stack (page allocator) */
	void *kstack;           /* exception stack (ukplat_kstack_alloc) */
	uint64_t kstack_top;
	/* irq.c, timer.c, traps.c: this CPU's share of their state */
	volatile unsigned long irqs_taken;   /* how ukplat_halt_irq sees one */
	volatile int preempt_requested;
	volatile int halting;                /* no preemption out of a halt */
	uint64_t timer_user, timer_wait;     /* ns; 0: none */
	struct ukplat_arm64_regs *svc_frame; /* the latest call's, for clone */
};
_Static_assert(offsetof(struct ukplat_arm64_lcpu, exc_top) ==
		       LCPU_OFF_EXC_TOP, "smp_entry.S");
_Static_assert(offsetof(struct ukplat_arm64_lcpu, stack_top) ==
		       LCPU_OFF_STACK_TOP, "smp_entry.S");

/* The boot CPU's translation regime, copied by every CPU that starts. */
struct ukplat_arm64_smp_regs {
	uint64_t mair, tcr, ttbr0, sctlr;
};
_Static_assert(offsetof(struct ukplat_arm64_smp_regs, sctlr) ==
		       SMPREGS_SCTLR, "smp_entry.S");

extern struct ukplat_arm64_lcpu ukplat_arm64_lcpus[UK_MAX_CPUS];
extern unsigned int ukplat_arm64_lcpu_count;
extern struct ukplat_arm64_smp_regs ukplat_arm64_smp_regs;

/* lcpu.c */
struct ukplat_arm64_lcpu *ukplat_arm64_lcpu_self(void);
void ukplat_arm64_lcpu_lock(struct ukplat_arm64_lcpu *c);
void ukplat_arm64_lcpu_unlock(struct ukplat_arm64_lcpu *c);
/* The SGI "calls queued" arrived (irq.c, interrupts off). */
void ukplat_arm64_lcpu_ipi(void);
/* Serve calls forever: a started CPU's last stop. */
__attribute__((noreturn)) void
ukplat_arm64_lcpu_idle(struct ukplat_arm64_lcpu *c);

/* smp.c */
/* smp_entry.S: where PSCI CPU_ON starts a CPU (x0 = its record). */
void ukplat_arm64_secondary_entry(void);
/* smp_entry.S hands over here, MMU on, on the record's stacks. */
__attribute__((noreturn)) void
ukplat_arm64_secondary_start(struct ukplat_arm64_lcpu *c);

#endif /* __ASSEMBLER__ */
#endif /* UKPLAT_ARM64_SMP_H */
