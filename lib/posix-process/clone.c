/*
 * lib/posix-process/clone.c - clone for threads, as musl's pthread_create
 * and thrd_create make it; fork and vfork.
 *
 * There is one address space and one process, so clone makes a thread of
 * the caller's process and nothing else: the flags must share everything a
 * thread shares (CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND,
 * CLONE_THREAD) and ask for nothing beyond CLONE_SYSVSEM, CLONE_SETTLS,
 * CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID and
 * CLONE_DETACHED (which Linux ignores). A call that would need a second
 * process (fork, vfork, posix_spawn's CLONE_VM|CLONE_VFORK) or a namespace
 * fails with EINVAL and a console line naming the flags, once per distinct
 * set; Linux itself answers EINVAL for the inconsistent sets (CLONE_THREAD
 * without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM).
 *
 * The new thread starts runnable and returns 0 from the same call on the
 * stack it was given, with the caller's other registers, FPU state and
 * signal state, and the thread pointer of CLONE_SETTLS. Its system calls
 * run on a kernel stack of its own (uk/plat.h), so it may unmap its
 * application stack before it exits, as musl's detached threads do.
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/pages.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/syscall.h>

#define CSIGNAL              0x000000ffUL
#define CLONE_VM             0x00000100UL
#define CLONE_FS             0x00000200UL
#define CLONE_FILES          0x00000400UL
#define CLONE_SIGHAND        0x00000800UL
#define CLONE_VFORK          0x00004000UL
#define CLONE_THREAD         0x00010000UL
#define CLONE_SYSVSEM        0x00040000UL
#define CLONE_SETTLS         0x00080000UL
#define CLONE_PARENT_SETTID  0x00100000UL
#define CLONE_CHILD_CLEARTID 0x00200000UL
#define CLONE_DETACHED       0x00400000UL
#define CLONE_CHILD_SETTID   0x01000000UL

#define THREAD_SHARES (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define THREAD_OPTIONS (CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
			CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED)

/*
 * The kernel-side stack of a cloned thread: its start, then every system
 * call it makes (and the signal handlers those run).
 */
#define CLONE_KSTACK_SIZE (32 * 1024)

/* What the new thread needs before its first return: one page, freed by it. */
struct clone_start {
	struct ukplat_syscall_regs regs;
	uintptr_t tls;
	bool set_tls;
};

static void clone_child(void *arg)
{
	struct clone_start *cs = arg;
	struct ukplat_syscall_regs regs = cs->regs;

	if (cs->set_tls)
		ukplat_tlsp_set(cs->tls);
	uk_pages_free_n(cs, 1);
	uk_klock_exit(); /* back to application code */
	ukplat_syscall_child_return(&regs);
}

static long refuse(unsigned long flags, const char *why)
{
	static unsigned long reported[4];
	static unsigned int nr_reported;

	for (unsigned int i = 0; i < nr_reported; i++) {
		if (reported[i] == flags)
			return -EINVAL;
	}
	if (nr_reported < 4)
		reported[nr_reported++] = flags;
	uk_pr_warn("clone flags %#lx: %s; libuk runs one process: EINVAL", flags, why);
	return -EINVAL;
}

static long clone_thread(unsigned long flags, uintptr_t sp, int *ptid, int *ctid,
			 uintptr_t tls)
{
	struct clone_start *cs;
	struct uk_thread *t;
	int rc, tid;

	/* Linux's own consistency checks first. */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & THREAD_SHARES) != THREAD_SHARES)
		return refuse(flags, "a new process (not a thread sharing everything)");
	if (flags & ~(THREAD_SHARES | THREAD_OPTIONS | CSIGNAL))
		return refuse(flags, "unsupported flags (namespaces, vfork, tracing...)");
	if (!sp)
		return -EINVAL; /* a thread on its creator's stack would wreck it */

	cs = uk_pages_alloc_n(1);
	if (!cs)
		return -EAGAIN; /* Linux's answer when it cannot allocate a task */
	ukplat_syscall_child_regs(&cs->regs, sp);
	cs->tls = tls;
	cs->set_tls = (flags & CLONE_SETTLS) != 0;
	rc = uk_thread_create(&t, "clone", clone_child, cs, CLONE_KSTACK_SIZE);
	if (rc < 0) {
		uk_pages_free_n(cs, 1);
		return rc == -ENOMEM ? -EAGAIN : rc;
	}
	uk_thread_detach(t); /* its exit frees it: nobody joins a clone */
	tid = uk_thread_id(t);
	if (flags & CLONE_CHILD_CLEARTID)
		uk_thread_set_clear_tid(t, ctid);
	if ((flags & CLONE_CHILD_SETTID) && ctid)
		*ctid = tid;
	if ((flags & CLONE_PARENT_SETTID) && ptid)
		*ptid = tid;
	return tid;
}

#ifdef __aarch64__
/* arm64 passes tls before the child's tid pointer (CLONE_BACKWARDS). */
UK_SYSCALL_DEFINE5(clone, unsigned long, flags, uintptr_t, sp, int *, ptid,
		   uintptr_t, tls, int *, ctid)
#else
UK_SYSCALL_DEFINE5(clone, unsigned long, flags, uintptr_t, sp, int *, ptid,
		   int *, ctid, uintptr_t, tls)
#endif
{
	return clone_thread(flags, sp, ptid, ctid, tls);
}

#ifdef __x86_64__
/* arm64 has neither: its C libraries fork through clone. */
UK_SYSCALL_DEFINE0(fork)
{
	return refuse(0x11 /* SIGCHLD */, "fork");
}

UK_SYSCALL_DEFINE0(vfork)
{
	return refuse(CLONE_VM | CLONE_VFORK | 0x11, "vfork");
}
#endif
