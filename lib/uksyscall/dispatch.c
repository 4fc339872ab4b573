/*
 * lib/uksyscall/dispatch.c - the system call table: filled at boot from
 * the .uk_syscalls registrations, indexed by number on every call.
 */
#include <errno.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/syscall.h>

extern const struct uk_syscall_entry __uk_syscalls_start[], __uk_syscalls_end[];

static uk_syscall_fn_t table[UK_SYSCALL_COUNT];
static uint64_t reported[(UK_SYSCALL_COUNT + 63) / 64];
static _Bool reported_beyond;

static long not_implemented(unsigned long nr)
{
	if (nr >= UK_SYSCALL_COUNT) {
		/* Numbers past the table: named once, as a group. */
		if (!reported_beyond) {
			reported_beyond = 1;
			uk_pr_warn("system call %lu does not exist: ENOSYS "
				   "(further unknown numbers are not reported)", nr);
		}
		return -ENOSYS;
	}
	if (!(reported[nr / 64] & (1ULL << (nr % 64)))) {
		reported[nr / 64] |= 1ULL << (nr % 64);
		uk_pr_warn("system call %s (%lu) is not implemented: ENOSYS",
			   uk_syscall_names[nr][0] ? uk_syscall_names[nr] : "?", nr);
	}
	return -ENOSYS;
}

long uk_syscall_dispatch(unsigned long nr, long a0, long a1, long a2, long a3,
			 long a4, long a5)
{
	if (uk_likely(nr < UK_SYSCALL_COUNT && table[nr]))
		return table[nr](a0, a1, a2, a3, a4, a5);
	return not_implemented(nr);
}

static int (*exit_hook)(void);

void uk_syscall_set_exit_hook(int (*hook)(void))
{
	exit_hook = hook;
}

long uk_syscall_from_app(unsigned long nr, long a0, long a1, long a2, long a3,
			 long a4, long a5)
{
	long rc;
	int no_restart;

	/* Application code runs without the kernel lock; calls run under it. */
	uk_klock_enter();
	for (;;) {
		rc = uk_syscall_dispatch(nr, a0, a1, a2, a3, a4, a5);
		no_restart = exit_hook ? exit_hook() : 0;
		if (rc != -UK_ERESTARTSYS)
			break;
		/* Interrupted before it did anything (uk/syscall.h). */
		if (no_restart) {
			rc = -EINTR;
			break;
		}
	}
	uk_klock_exit();
	return rc;
}

/* Ordinary registrations first, then the fallbacks for numbers still empty. */
static int fill(unsigned long flags)
{
	uint64_t taken[(UK_SYSCALL_COUNT + 63) / 64] = { 0 };

	for (const struct uk_syscall_entry *e = __uk_syscalls_start;
	     e < __uk_syscalls_end; e++) {
		if (e->flags != flags)
			continue;
		if (e->nr >= UK_SYSCALL_COUNT ||
		    (taken[e->nr / 64] & (1ULL << (e->nr % 64)))) {
			uk_pr_crit("system call %s registered twice or out of range",
				   e->name);
			return -EEXIST;
		}
		taken[e->nr / 64] |= 1ULL << (e->nr % 64);
		if (!table[e->nr])
			table[e->nr] = e->fn;
	}
	return 0;
}

static int uk_syscall_table_init(void)
{
	int rc = fill(0);

	return rc < 0 ? rc : fill(UK_SYSCALL_F_FALLBACK);
}
UK_INIT(uk_syscall_table_init, UK_INIT_CLASS_EARLY);
