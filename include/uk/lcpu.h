/*
 * uk/lcpu.h - the logical CPUs: who am I, how many are there, start,
 * run a function on, wait for, halt.
 *
 * Indexes: CPU 0 is the boot CPU; the others are numbered in the order
 * the firmware lists them (ACPI MADT on x86_64; the device tree's /cpus
 * on arm64, where only CPUs with enable-method "psci" count), up to the
 * configured maximum (./configure --with-max-cpus, default 64). Ids are
 * the hardware's: the local APIC / x2APIC id on x86_64, MPIDR_EL1's
 * affinity bits on arm64.
 *
 * At boot (an init step of class UK_INIT_CLASS_TIME) every CPU the
 * firmware lists as enabled is started (x86_64: INIT-SIPI-SIPI; arm64:
 * PSCI CPU_ON) and parks idle, halted until a uk_lcpu_run call reaches
 * it. The scheduler then takes the parked CPUs (uk/sched.h,
 * ukplat_lcpu_set_idle_entry): they run threads, and take queued calls
 * whenever they have interrupts on (idle, or running application code).
 * A CPU that was halted and started again with uk_lcpu_start goes back
 * to the scheduler once its entry has returned.
 *
 * Functions handed to uk_lcpu_run or uk_lcpu_start that run on a CPU
 * other than the boot CPU MUST be kernel code: compiled without SIMD
 * registers (-mgeneral-regs-only), never calling into the C library, the
 * scheduler (no thread, lock, sleep, malloc, printf), or anything that
 * may block. Calls delivered by IPI run with interrupts off, on the
 * CPU's interrupt stack (16 KiB; arm64: its 32 KiB exception stack), or,
 * on a CPU that spins with interrupts off waiting for another (see
 * uk_lcpu_run_queued), on the stack it spins on: keep them short, and
 * never wait in one for a call of another CPU.
 *
 * A CPU takes the calls queued on it when it takes interrupts: in its
 * idle halts, and in application code, which runs with interrupts on
 * when there are several CPUs or threads are preempted (uk.preempt_ms).
 * With one CPU and cooperative threads application code runs with
 * interrupts off, so there the calls wait for the next halt.
 */
#ifndef UK_LCPU_H
#define UK_LCPU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*uk_lcpu_fn_t)(void *arg);

enum uk_lcpu_state {
	UK_LCPU_OFFLINE = 0, /* not started (or failed to start) */
	UK_LCPU_IDLE,        /* started, nothing to do: halted until a call */
	UK_LCPU_BUSY,        /* running its entry or calls, or calls pending;
			      * the boot CPU, which runs the threads, always */
	UK_LCPU_HALTED,      /* stopped by uk_lcpu_halt; uk_lcpu_start may
			      * start it again */
};

/* Wait without a time limit (uk_lcpu_wait). */
#define UK_LCPU_WAIT_FOREVER UINT64_MAX

/* The calling CPU's hardware id, and its index (0 .. count-1). */
uint64_t uk_lcpu_id(void);
unsigned int uk_lcpu_idx(void);

/* How many CPUs libuk knows (started or not); at least 1. */
unsigned int uk_lcpu_count(void);

/* CPU 'idx''s hardware id, or UINT64_MAX when idx >= uk_lcpu_count(). */
uint64_t uk_lcpu_id_of(unsigned int idx);

/* CPU 'idx''s state (enum uk_lcpu_state), or -EINVAL. */
int uk_lcpu_state(unsigned int idx);

/*
 * One word private to the calling CPU, for its own use (x86_64: reached
 * through GS; arm64: through TPIDR_EL1). Starts at 0.
 */
uintptr_t uk_lcpu_local_get(void);
void uk_lcpu_local_set(uintptr_t v);

/*
 * Start the n CPUs idx[0..n) (offline or halted ones), and return once
 * each has entered libuk (or failed to). CPU idx[i] runs entries[i](arg)
 * on stack_tops[i] (16-byte aligned, valid as long as the CPU is online)
 * with interrupts on, then parks idle serving calls. 'stack_tops' may be
 * NULL, or hold NULLs: libuk's own stack for that CPU. 'entries' may be
 * NULL, or hold NULLs: the CPU parks idle at once. The caller may wait for
 * the entries to return with uk_lcpu_wait. Nothing is started unless every
 * CPU can be. Returns 0 or:
 *   -EINVAL     idx NULL, n 0, an index out of range or listed twice, or
 *               the calling CPU
 *   -EBUSY      a listed CPU is running (idle or busy)
 *   -ENOMEM     no memory for a CPU's stacks
 *   -ENOTSUP    this platform cannot start CPUs
 *   -ETIMEDOUT  a CPU did not answer (it stays offline; those before it
 *               in the list were started)
 * On arm64 the firmware's PSCI answers map onto these: ALREADY_ON and
 * ON_PENDING -EBUSY (also a halted CPU whose CPU_OFF failed), bad MPIDR
 * or address -EINVAL, NOT_SUPPORTED/DENIED/NOT_PRESENT/DISABLED -ENOTSUP,
 * anything else -ETIMEDOUT; those before it in the list were started.
 */
int uk_lcpu_start(const unsigned int *idx, unsigned int n,
		  void *const *stack_tops, const uk_lcpu_fn_t *entries,
		  void *arg);

/*
 * Queue fn(arg) on the n CPUs idx[0..n) (idx NULL: every running CPU),
 * delivered by an inter-processor interrupt; a call for the calling CPU
 * itself runs at once, inside uk_lcpu_run, after the others are queued.
 * Each listed CPU runs the call exactly once. Nothing is queued unless
 * every listed CPU can take it. Returns 0 or:
 *   -EINVAL  fn NULL, an index out of range or listed twice
 *   -ENODEV  a listed CPU is offline or halted
 *   -EAGAIN  a listed CPU's queue is full (retry after uk_lcpu_wait)
 */
int uk_lcpu_run(const unsigned int *idx, unsigned int n, uk_lcpu_fn_t fn,
		void *arg);

/*
 * Wait until the n CPUs idx[0..n) (idx NULL: all) have finished every
 * call queued on them (and the entry they were started with) before this
 * wait began, or until 'timeout_ns' has passed (UK_LCPU_WAIT_FOREVER: no
 * limit). Offline and halted CPUs and the calling CPU have nothing to
 * wait for. Returns 0, -ETIMEDOUT, or -EINVAL (an index out of range).
 */
int uk_lcpu_wait(const unsigned int *idx, unsigned int n,
		 uint64_t timeout_ns);

/*
 * Run the calls queued on the calling CPU now, with interrupts off. Code
 * that spins with interrupts off, waiting for another CPU, calls it in
 * its loop: the other CPU may be waiting for one of its calls
 * (uk_lcpu_wait) before it can go on.
 */
void uk_lcpu_run_queued(void);

/*
 * Stop the calling CPU for good: its state becomes UK_LCPU_HALTED, the
 * calls still queued on it are dropped, it takes no more. On the boot CPU
 * this stops the application. On arm64 another CPU powers off through
 * PSCI CPU_OFF (it parks with interrupts off should that fail). A thread
 * the CPU was running stays with it, never to run again: halt CPUs from
 * their idle loop (a call queued on an idle CPU).
 */
__attribute__((noreturn)) void uk_lcpu_halt(void);

#ifdef __cplusplus
}
#endif

#endif /* UK_LCPU_H */
