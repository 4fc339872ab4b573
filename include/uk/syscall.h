/*
 * uk/syscall.h - system calls: how libraries implement them and how the
 * platform's trap entry hands them over.
 *
 * Applications make Linux system calls (musl's `syscall` instruction on
 * x86_64); the platform catches them and calls uk_syscall_dispatch. A
 * library implements a call with UK_SYSCALL_DEFINEn, which also registers
 * it (by name; the number comes from the architecture's generated
 * uk/syscall_nr.h) in the .uk_syscalls section: linking the library is all
 * it takes. Implementations return the result or a negative errno, as the
 * Linux kernel does. A number nobody implements returns -ENOSYS, and its
 * name is logged once.
 */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <stdint.h>
#include <uk/essentials.h>
#include <uk/syscall_nr.h>

typedef long (*uk_syscall_fn_t)(long, long, long, long, long, long);

struct uk_syscall_entry {
	unsigned long nr;
	const char *name;
	uk_syscall_fn_t fn;
	unsigned long flags; /* UK_SYSCALL_F_* */
};

/*
 * A fallback implementation serves its number only when no library
 * registers an ordinary one (e.g. a "no address family" socket until a
 * socket layer is linked). Two ordinary registrations of one number, or
 * two fallbacks, stop the boot.
 */
#define UK_SYSCALL_F_FALLBACK 1UL

/* Every number's name ("" for holes in the numbering). */
extern const char *const uk_syscall_names[UK_SYSCALL_COUNT];

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The platform's entry for a system call the application made: dispatch,
 * then the work due on the way back to the application (the exit hook:
 * posix-process delivers the signals aimed at the thread meanwhile, as
 * Linux does on its way back to user mode). Kernel code calling a system
 * call itself uses uk_syscall_dispatch.
 */
long uk_syscall_from_app(unsigned long nr, long a0, long a1, long a2, long a3,
			 long a4, long a5);
/* The hook returns nonzero when it ran a handler without SA_RESTART. */
void uk_syscall_set_exit_hook(int (*hook)(void));

/*
 * What a system call returns when a signal ended its wait before it did
 * anything (Linux's ERESTARTSYS): once the exit hook has run the
 * handlers, uk_syscall_from_app runs the call again when none of them
 * lacked SA_RESTART, and makes it fail with EINTR otherwise. Calls that
 * Linux never restarts (poll, select, epoll_wait, waits with a timeout
 * set by SO_RCVTIMEO/SO_SNDTIMEO) return -EINTR themselves. The
 * application never sees this value.
 */
#define UK_ERESTARTSYS 512

/* Run system call 'nr' with its six argument registers. */
long uk_syscall_dispatch(unsigned long nr, long a0, long a1, long a2, long a3,
			 long a4, long a5);

#ifdef __cplusplus
}
#endif

/* Register fn as the implementation of system call 'name'. */
#define UK_SYSCALL_REGISTER(name, fn)                                        \
	const struct uk_syscall_entry uk_sysreg_##name UK_USED               \
	    UK_SECTION(".uk_syscalls") UK_ALIGNED(8) =                       \
		{ UK_NR_##name, #name, (fn), 0 }

/* Register fn as the fallback implementation of 'name' (symbol uk_sysfallback_<name>). */
#define UK_SYSCALL_REGISTER_FALLBACK(name, fn)                               \
	const struct uk_syscall_entry uk_sysfallback_##name UK_USED          \
	    UK_SECTION(".uk_syscalls") UK_ALIGNED(8) =                       \
		{ UK_NR_##name, #name, (fn), UK_SYSCALL_F_FALLBACK }

/*
 * UK_SYSCALL_DEFINEn(name, type1, arg1, ...) { body } defines and registers
 * an implementation taking n typed arguments, like Linux's SYSCALL_DEFINEn.
 * The body returns long: a result, or a negative errno.
 */
#define UK_SC_ARGS_ long a0_ UK_UNUSED, long a1_ UK_UNUSED, long a2_ UK_UNUSED, \
	long a3_ UK_UNUSED, long a4_ UK_UNUSED, long a5_ UK_UNUSED
#define UK_SC_CAST_(t, a) ((t)(uintptr_t)(a))

#define UK_SYSCALL_GLUE_(name, params, call)                                 \
	static long uk_sysimpl_##name params;                                \
	static long uk_sys_##name(UK_SC_ARGS_) { return uk_sysimpl_##name call; } \
	UK_SYSCALL_REGISTER(name, uk_sys_##name);                            \
	static long uk_sysimpl_##name params

#define UK_SYSCALL_DEFINE0(name) UK_SYSCALL_GLUE_(name, (void), ())
#define UK_SYSCALL_DEFINE1(name, t0, p0)                                     \
	UK_SYSCALL_GLUE_(name, (t0 p0), (UK_SC_CAST_(t0, a0_)))
#define UK_SYSCALL_DEFINE2(name, t0, p0, t1, p1)                             \
	UK_SYSCALL_GLUE_(name, (t0 p0, t1 p1),                              \
			 (UK_SC_CAST_(t0, a0_), UK_SC_CAST_(t1, a1_)))
#define UK_SYSCALL_DEFINE3(name, t0, p0, t1, p1, t2, p2)                     \
	UK_SYSCALL_GLUE_(name, (t0 p0, t1 p1, t2 p2),                       \
			 (UK_SC_CAST_(t0, a0_), UK_SC_CAST_(t1, a1_),       \
			  UK_SC_CAST_(t2, a2_)))
#define UK_SYSCALL_DEFINE4(name, t0, p0, t1, p1, t2, p2, t3, p3)             \
	UK_SYSCALL_GLUE_(name, (t0 p0, t1 p1, t2 p2, t3 p3),                \
			 (UK_SC_CAST_(t0, a0_), UK_SC_CAST_(t1, a1_),       \
			  UK_SC_CAST_(t2, a2_), UK_SC_CAST_(t3, a3_)))
#define UK_SYSCALL_DEFINE5(name, t0, p0, t1, p1, t2, p2, t3, p3, t4, p4)     \
	UK_SYSCALL_GLUE_(name, (t0 p0, t1 p1, t2 p2, t3 p3, t4 p4),         \
			 (UK_SC_CAST_(t0, a0_), UK_SC_CAST_(t1, a1_),       \
			  UK_SC_CAST_(t2, a2_), UK_SC_CAST_(t3, a3_),       \
			  UK_SC_CAST_(t4, a4_)))
#define UK_SYSCALL_DEFINE6(name, t0, p0, t1, p1, t2, p2, t3, p3, t4, p4, t5, p5) \
	UK_SYSCALL_GLUE_(name, (t0 p0, t1 p1, t2 p2, t3 p3, t4 p4, t5 p5),  \
			 (UK_SC_CAST_(t0, a0_), UK_SC_CAST_(t1, a1_),       \
			  UK_SC_CAST_(t2, a2_), UK_SC_CAST_(t3, a3_),       \
			  UK_SC_CAST_(t4, a4_), UK_SC_CAST_(t5, a5_)))

#endif /* UK_SYSCALL_H */
