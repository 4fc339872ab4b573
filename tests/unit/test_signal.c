/*
 * tests/unit/test_signal.c - host tests of the signal calls of
 * lib/posix-process (signal.c, kill.c, sigdefault.c): Linux's argument
 * checks and errors, the recorded state, and synchronous delivery (handlers,
 * masks, pending signals, default actions). uk_exit_app is a stub that returns
 * to the test through longjmp with the exit status, and uk_log keeps the
 * last console line.
 */
#define _GNU_SOURCE
#include <check.h>
#include "unit_run.h"
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/init.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include "posixprocess.h"

static jmp_buf exit_env;
static char last_log[256];

void uk_exit_app(int status)
{
	longjmp(exit_env, 0x1000 | status);
}

void uk_log(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
}

/* The fake thread world of ids.c: the caller is thread 1, thread 3 lives too. */
int uk_proc_tid(void)
{
	return 1;
}

int uk_proc_tid_exists(int tid)
{
	return tid == 1 || tid == 3;
}

static struct uk_thread_sig thread_sig;

struct uk_thread_sig *uk_proc_sig_thread(void)
{
	return &thread_sig;
}

/*
 * The scheduler's side of thread 3 (uk/sched.h): its own signal state,
 * and a count of the interruptions asked for it.
 */
static char thread1, thread3;
static struct uk_thread_sig thread3_sig;
static int interrupts, interrupt_clears;
static int (*exit_hook)(void);

struct uk_thread *uk_thread_current(void)
{
	return (struct uk_thread *)&thread1;
}

struct uk_thread *uk_thread_find(int id)
{
	return id == 3 ? (struct uk_thread *)&thread3
	       : id == 1 ? (struct uk_thread *)&thread1 : NULL;
}

struct uk_thread_sig *uk_thread_sig(struct uk_thread *t)
{
	return t == (struct uk_thread *)&thread3 ? &thread3_sig : &thread_sig;
}

void uk_thread_interrupt(struct uk_thread *t)
{
	ck_assert_ptr_eq(t, &thread3);
	interrupts++;
}

void uk_thread_interrupt_clear(void)
{
	interrupt_clears++;
}

void uk_syscall_set_exit_hook(int (*hook)(void))
{
	exit_hook = hook;
}

/* The boot step that installs the exit hook. */
extern const struct uk_init_step uk_initstep_uk_proc_sig_init;

extern const struct uk_syscall_entry uk_sysreg_rt_sigaction,
    uk_sysreg_rt_sigprocmask, uk_sysreg_sigaltstack, uk_sysreg_kill,
    uk_sysreg_tkill, uk_sysreg_tgkill;

#define SYSCALL(name, ...) call(&uk_sysreg_##name, __VA_ARGS__, 0, 0, 0, 0, 0)
static long call(const struct uk_syscall_entry *e, long a0, long a1, long a2,
		 long a3, long a4, long a5, ...)
{
	return e->fn(a0, a1, a2, a3, a4, a5);
}
#define L(x) ((long)(x))
#define BIT(sig) (1ULL << ((sig)-1))

static long set_action(int sig, void (*handler)(int), unsigned long flags,
		       uint64_t mask)
{
	struct uk_ksigaction ka = {handler, flags, NULL, mask};

	return SYSCALL(rt_sigaction, sig, L(&ka), 0, 8);
}

/* An SA_SIGINFO handler goes in the same field, as musl stores it. */
typedef void (*info_fn)(int, siginfo_t *, void *);
#define AS_HANDLER(fn) ((void (*)(int))(void *)(info_fn)(fn))

static uint64_t get_mask(void)
{
	uint64_t m = 0xdead;

	ck_assert_int_eq(SYSCALL(rt_sigprocmask, SIG_BLOCK, 0, L(&m), 8), 0);
	return m;
}

static long set_mask(int how, uint64_t m)
{
	return SYSCALL(rt_sigprocmask, how, L(&m), 0, 8);
}

/* Runs 'sig' through tkill; returns the exit status, or -1 if it returned. */
static int raise_status(int sig)
{
	int r = setjmp(exit_env);

	if (r)
		return r & 0xfff;
	ck_assert_int_eq(SYSCALL(tkill, 1, sig), 0);
	return -1;
}

/* What the handlers saw. */
static int calls, seen_sig, seen_code, seen_pid;
static uint64_t seen_mask, seen_ucmask;

static void handler(int sig)
{
	calls++;
	seen_sig = sig;
	seen_mask = get_mask();
}

static void info_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	calls++;
	seen_sig = sig;
	seen_code = si->si_code;
	seen_pid = si->si_pid;
	memcpy(&seen_ucmask, &uc->uc_sigmask, 8);
	seen_mask = get_mask();
}

START_TEST(sigaction_checks)
{
	struct uk_ksigaction ka = {handler, 0, NULL, 0}, old;

	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGUSR1, L(&ka), 0, 4), -EINVAL);
	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGUSR1, L(&ka), 0, 128),
			 -EINVAL);
	ck_assert_int_eq(SYSCALL(rt_sigaction, 0, L(&ka), 0, 8), -EINVAL);
	ck_assert_int_eq(SYSCALL(rt_sigaction, 65, L(&ka), 0, 8), -EINVAL);
	ck_assert_int_eq(SYSCALL(rt_sigaction, -1, 0, L(&old), 8), -EINVAL);
	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGKILL, L(&ka), 0, 8), -EINVAL);
	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGSTOP, L(&ka), 0, 8), -EINVAL);
	/* Asking about SIGKILL is fine. */
	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGKILL, 0, L(&old), 8), 0);
	ck_assert_ptr_eq(old.handler, SIG_DFL);
	ck_assert_int_eq(SYSCALL(rt_sigaction, 64, L(&ka), 0, 8), 0);
}
END_TEST

START_TEST(sigaction_round_trip)
{
	struct uk_ksigaction ka = {handler, SA_RESTART | SA_RESTORER | 0x400,
				   (void (*)(void))0x1234,
				   BIT(SIGUSR2) | BIT(SIGKILL) | BIT(SIGSTOP)},
			     old;

	memset(&old, 0x55, sizeof(old));
	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGUSR1, L(&ka), L(&old), 8), 0);
	ck_assert_ptr_eq(old.handler, SIG_DFL);
	ck_assert_uint_eq(old.flags, 0);
	ck_assert_uint_eq(old.mask, 0);

	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGUSR1, 0, L(&old), 8), 0);
	ck_assert_ptr_eq(old.handler, handler);
	/* Unknown flag bits are cleared, as Linux 5.11+ does. */
	ck_assert_uint_eq(old.flags, SA_RESTART | SA_RESTORER);
	ck_assert_ptr_eq(old.restorer, (void (*)(void))0x1234);
	ck_assert_uint_eq(old.mask, BIT(SIGUSR2));

	/* act and oact may be the same structure. */
	ka = (struct uk_ksigaction){SIG_IGN, 0, NULL, 0};
	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGUSR1, L(&ka), L(&ka), 8), 0);
	ck_assert_ptr_eq(ka.handler, handler);
	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGUSR1, 0, L(&old), 8), 0);
	ck_assert_ptr_eq(old.handler, SIG_IGN);
}
END_TEST

START_TEST(sigprocmask_checks)
{
	uint64_t m = BIT(SIGUSR1), old = 77;

	ck_assert_int_eq(get_mask(), 0);
	ck_assert_int_eq(SYSCALL(rt_sigprocmask, 3, L(&m), L(&old), 8),
			 -EINVAL);
	ck_assert_uint_eq(old, 77); /* untouched on error */
	ck_assert_int_eq(SYSCALL(rt_sigprocmask, -1, L(&m), 0, 8), -EINVAL);
	ck_assert_int_eq(SYSCALL(rt_sigprocmask, SIG_BLOCK, L(&m), 0, 4),
			 -EINVAL);
	/* 'how' does not matter without a new set. */
	ck_assert_int_eq(SYSCALL(rt_sigprocmask, 99, 0, L(&old), 8), 0);
	ck_assert_uint_eq(old, 0);

	ck_assert_int_eq(set_mask(SIG_BLOCK, BIT(SIGUSR1) | BIT(SIGINT)), 0);
	ck_assert_uint_eq(get_mask(), BIT(SIGUSR1) | BIT(SIGINT));
	ck_assert_int_eq(set_mask(SIG_UNBLOCK, BIT(SIGINT)), 0);
	ck_assert_uint_eq(get_mask(), BIT(SIGUSR1));
	ck_assert_int_eq(set_mask(SIG_SETMASK, BIT(SIGTERM) | BIT(40)), 0);
	ck_assert_uint_eq(get_mask(), BIT(SIGTERM) | BIT(40));
	/* SIGKILL and SIGSTOP cannot be blocked; no error either. */
	ck_assert_int_eq(set_mask(SIG_SETMASK, ~0ULL), 0);
	ck_assert_uint_eq(get_mask(), ~0ULL & ~BIT(SIGKILL) & ~BIT(SIGSTOP));
}
END_TEST

START_TEST(sigaltstack_checks)
{
	static char mem[16384];
	stack_t ss = {mem, 0, sizeof(mem)}, old;

	ck_assert_int_eq(SYSCALL(sigaltstack, 0, L(&old)), 0);
	ck_assert_int_eq(old.ss_flags, SS_DISABLE);
	ck_assert_ptr_eq(old.ss_sp, NULL);
	ck_assert_uint_eq(old.ss_size, 0);

	ss.ss_flags = 4;
	ck_assert_int_eq(SYSCALL(sigaltstack, L(&ss), 0), -EINVAL);
	ss.ss_flags = 0;
	ss.ss_size = 2047;
	ck_assert_int_eq(SYSCALL(sigaltstack, L(&ss), 0), -ENOMEM);

	ss.ss_size = sizeof(mem);
	ck_assert_int_eq(SYSCALL(sigaltstack, L(&ss), L(&old)), 0);
	ck_assert_int_eq(old.ss_flags, SS_DISABLE);
	ck_assert_int_eq(SYSCALL(sigaltstack, 0, L(&old)), 0);
	ck_assert_ptr_eq(old.ss_sp, mem);
	ck_assert_uint_eq(old.ss_size, sizeof(mem));
	ck_assert_int_eq(old.ss_flags, 0);

	/* SS_ONSTACK is accepted as a mode; SS_AUTODISARM is kept. */
	ss.ss_flags = SS_ONSTACK | (int)(1U << 31);
	ck_assert_int_eq(SYSCALL(sigaltstack, L(&ss), 0), 0);
	ck_assert_int_eq(SYSCALL(sigaltstack, 0, L(&old)), 0);
	ck_assert_int_eq(old.ss_flags, (int)(1U << 31));

	/* Disabling needs no size. */
	ss = (stack_t){NULL, SS_DISABLE, 0};
	ck_assert_int_eq(SYSCALL(sigaltstack, L(&ss), 0), 0);
	ck_assert_int_eq(SYSCALL(sigaltstack, 0, L(&old)), 0);
	ck_assert_int_eq(old.ss_flags, SS_DISABLE);
	ck_assert_uint_eq(old.ss_size, 0);
}
END_TEST

START_TEST(kill_targets)
{
	ck_assert_int_eq(SYSCALL(kill, 1, 0), 0);
	ck_assert_int_eq(SYSCALL(kill, 0, 0), 0);
	ck_assert_int_eq(SYSCALL(kill, 2, 0), -ESRCH);
	ck_assert_int_eq(SYSCALL(kill, -1, SIGTERM), -ESRCH);
	ck_assert_int_eq(SYSCALL(kill, -5, SIGTERM), -ESRCH);
	ck_assert_int_eq(SYSCALL(kill, 2, 65), -ESRCH);
	ck_assert_int_eq(SYSCALL(kill, 1, 65), -EINVAL);
	ck_assert_int_eq(SYSCALL(kill, 1, -1), -EINVAL);

	ck_assert_int_eq(SYSCALL(tkill, 1, 0), 0);
	ck_assert_int_eq(SYSCALL(tkill, 0, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(tkill, -1, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(tkill, 2, 0), -ESRCH);
	ck_assert_int_eq(SYSCALL(tkill, 3, 0), 0); /* another living thread */
	ck_assert_int_eq(SYSCALL(tkill, 1, 65), -EINVAL);

	ck_assert_int_eq(SYSCALL(tgkill, 1, 1, 0), 0);
	ck_assert_int_eq(SYSCALL(tgkill, 0, 1, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(tgkill, 1, 0, 0), -EINVAL);
	ck_assert_int_eq(SYSCALL(tgkill, 2, 1, 0), -ESRCH);
	ck_assert_int_eq(SYSCALL(tgkill, 1, 2, 0), -ESRCH);
	ck_assert_int_eq(SYSCALL(tgkill, 1, 3, 0), 0);
	ck_assert_int_eq(SYSCALL(tgkill, 3, 3, 0), -ESRCH); /* no process 3 */
}
END_TEST

START_TEST(handler_runs_with_mask)
{
	ck_assert_int_eq(set_action(SIGUSR1, handler, 0, BIT(SIGUSR2)), 0);
	ck_assert_int_eq(set_mask(SIG_SETMASK, BIT(SIGHUP)), 0);
	ck_assert_int_eq(SYSCALL(kill, 1, SIGUSR1), 0);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(seen_sig, SIGUSR1);
	ck_assert_uint_eq(seen_mask, BIT(SIGHUP) | BIT(SIGUSR1) | BIT(SIGUSR2));
	ck_assert_uint_eq(get_mask(), BIT(SIGHUP)); /* restored */
	/* The handler stays (no SA_RESETHAND). */
	ck_assert_int_eq(SYSCALL(tgkill, 1, 1, SIGUSR1), 0);
	ck_assert_int_eq(calls, 2);
}
END_TEST

START_TEST(handler_flags)
{
	struct uk_ksigaction old;

	ck_assert_int_eq(set_action(SIGUSR2, AS_HANDLER(info_handler),
				    SA_SIGINFO | SA_NODEFER | SA_RESETHAND, 0),
			 0);
	ck_assert_int_eq(SYSCALL(tkill, 1, SIGUSR2), 0);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(seen_sig, SIGUSR2);
	ck_assert_int_eq(seen_code, SI_TKILL);
	ck_assert_int_eq(seen_pid, 1);
	ck_assert_uint_eq(seen_mask, 0);   /* SA_NODEFER */
	ck_assert_uint_eq(seen_ucmask, 0); /* the mask to restore */
	ck_assert_int_eq(SYSCALL(rt_sigaction, SIGUSR2, 0, L(&old), 8), 0);
	ck_assert_ptr_eq(old.handler, SIG_DFL); /* SA_RESETHAND */

	ck_assert_int_eq(
	    set_action(SIGUSR2, AS_HANDLER(info_handler), SA_SIGINFO, 0), 0);
	ck_assert_int_eq(SYSCALL(kill, 0, SIGUSR2), 0);
	ck_assert_int_eq(seen_code, SI_USER);
	ck_assert_uint_eq(seen_mask, BIT(SIGUSR2));
}
END_TEST

/* A handler may change the mask restored after it, as with sigreturn. */
static void mask_changer(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uint64_t m = BIT(SIGINT);

	(void)sig;
	(void)si;
	memcpy(&uc->uc_sigmask, &m, 8);
}

START_TEST(handler_changes_mask)
{
	ck_assert_int_eq(
	    set_action(SIGUSR1, AS_HANDLER(mask_changer), SA_SIGINFO, 0), 0);
	ck_assert_int_eq(SYSCALL(tkill, 1, SIGUSR1), 0);
	ck_assert_uint_eq(get_mask(), BIT(SIGINT));
}
END_TEST

/* A handler that sends its own signal: it arrives after the handler. */
static int reraised;

static void reraiser(int sig)
{
	calls++;
	if (!reraised++) {
		ck_assert_int_eq(SYSCALL(tkill, 1, sig), 0);
		ck_assert_int_eq(calls, 1); /* blocked while we run */
	}
}

START_TEST(handler_reraises)
{
	ck_assert_int_eq(set_action(SIGUSR1, reraiser, 0, 0), 0);
	ck_assert_int_eq(SYSCALL(tkill, 1, SIGUSR1), 0);
	ck_assert_int_eq(calls, 2);
	ck_assert_uint_eq(get_mask(), 0);
}
END_TEST

START_TEST(ignored_signals)
{
	ck_assert_int_eq(set_action(SIGTERM, SIG_IGN, 0, 0), 0);
	ck_assert_int_eq(raise_status(SIGTERM), -1);
	/* Default "ignore" and "stop" actions: nothing happens. */
	ck_assert_int_eq(raise_status(SIGCHLD), -1);
	ck_assert_int_eq(raise_status(SIGWINCH), -1);
	ck_assert_int_eq(raise_status(SIGTSTP), -1);
	ck_assert_int_eq(raise_status(SIGSTOP), -1);
	ck_assert_str_eq(last_log, "SIGSTOP would stop the application; "
				   "ignored (nothing could continue it)");
}
END_TEST

START_TEST(default_terminates)
{
	ck_assert_int_eq(raise_status(SIGABRT), 134);
	ck_assert_str_eq(last_log, "application terminated by signal SIGABRT");
	ck_assert_int_eq(raise_status(SIGUSR1), 138);
	ck_assert_str_eq(last_log, "application terminated by signal SIGUSR1");
	ck_assert_int_eq(raise_status(SIGSEGV), 139);
	ck_assert_int_eq(raise_status(40), 168);
	ck_assert_str_eq(last_log, "application terminated by signal SIG40");
	ck_assert_int_eq(raise_status(64), 192);
}
END_TEST

START_TEST(sigkill_always_terminates)
{
	ck_assert_int_eq(set_mask(SIG_SETMASK, ~0ULL), 0);
	ck_assert_int_eq(raise_status(SIGKILL), 137);
	ck_assert_str_eq(last_log, "application terminated by signal SIGKILL");
}
END_TEST

START_TEST(pending_until_unblocked)
{
	ck_assert_int_eq(set_action(SIGUSR1, handler, 0, 0), 0);
	ck_assert_int_eq(set_mask(SIG_BLOCK, BIT(SIGUSR1)), 0);
	ck_assert_int_eq(SYSCALL(kill, 1, SIGUSR1), 0);
	ck_assert_int_eq(SYSCALL(kill, 1, SIGUSR1), 0);
	ck_assert_int_eq(calls, 0);
	ck_assert_int_eq(set_mask(SIG_BLOCK, BIT(SIGINT)), 0);
	ck_assert_int_eq(calls, 0);
	/* Standard signals do not queue: two sends, one delivery. */
	ck_assert_int_eq(set_mask(SIG_UNBLOCK, BIT(SIGUSR1)), 0);
	ck_assert_int_eq(calls, 1);
	ck_assert_uint_eq(seen_mask, BIT(SIGINT) | BIT(SIGUSR1));
	ck_assert_int_eq(set_mask(SIG_SETMASK, 0), 0);
	ck_assert_int_eq(calls, 1);
}
END_TEST

START_TEST(ignoring_discards_pending)
{
	ck_assert_int_eq(set_mask(SIG_BLOCK, BIT(SIGTERM)), 0);
	ck_assert_int_eq(SYSCALL(kill, 1, SIGTERM), 0);
	ck_assert_int_eq(set_action(SIGTERM, SIG_IGN, 0, 0), 0);
	ck_assert_int_eq(set_action(SIGTERM, SIG_DFL, 0, 0), 0);
	ck_assert_int_eq(set_mask(SIG_SETMASK, 0), 0); /* no termination */
}
END_TEST

/* musl's abort(): block, send, restore; the restore delivers SIGABRT. */
START_TEST(abort_sequence)
{
	uint64_t app = 0xfffffffc7fffffffULL, old = 0;
	int r = setjmp(exit_env);

	if (r) {
		ck_assert_int_eq(r & 0xfff, 134);
		ck_assert_str_eq(last_log,
				 "application terminated by signal SIGABRT");
		return;
	}
	ck_assert_int_eq(
	    SYSCALL(rt_sigprocmask, SIG_BLOCK, L(&app), L(&old), 8), 0);
	ck_assert_int_eq(SYSCALL(tkill, 1, SIGABRT), 0);
	SYSCALL(rt_sigprocmask, SIG_SETMASK, L(&old), 0, 8);
	ck_abort_msg("SIGABRT was not delivered when unblocked");
}
END_TEST

/* tkill to another thread: its handler runs there, not in the sender. */
START_TEST(other_thread_gets_handler)
{
	ck_assert_int_eq(set_action(SIGUSR1, handler, 0, 0), 0);
	ck_assert_int_eq(SYSCALL(tkill, 3, SIGUSR1), 0);
	ck_assert_int_eq(calls, 0);
	ck_assert_uint_eq(thread3_sig.pending, BIT(SIGUSR1));
	ck_assert_int_eq(thread3_sig.pending_code[SIGUSR1], SI_TKILL);
	ck_assert_uint_eq(thread_sig.pending, 0);
	ck_assert_int_eq(interrupts, 1);

	/* blocked in the target: pending there, nobody interrupted */
	thread3_sig.pending = 0;
	thread3_sig.blocked = BIT(SIGUSR2);
	ck_assert_int_eq(set_action(SIGUSR2, handler, 0, 0), 0);
	ck_assert_int_eq(SYSCALL(tgkill, 1, 3, SIGUSR2), 0);
	ck_assert_uint_eq(thread3_sig.pending, BIT(SIGUSR2));
	ck_assert_int_eq(interrupts, 1);
	ck_assert_int_eq(calls, 0);

	/* the process's actions are taken at once: ignore, terminate */
	thread3_sig.pending = 0;
	ck_assert_int_eq(SYSCALL(tkill, 3, SIGCHLD), 0);
	ck_assert_uint_eq(thread3_sig.pending, 0);
	ck_assert_int_eq(interrupts, 1);
	{
		int r = setjmp(exit_env);

		if (!r)
			SYSCALL(tkill, 3, SIGTERM);
		ck_assert_int_eq(r & 0xfff, 128 + SIGTERM);
	}
}
END_TEST

/* A handler that makes a system call: its exit hook runs inside. */
static int nested_rc = -1;

static void nested_handler(int sig)
{
	calls++;
	seen_sig = sig;
	nested_rc = exit_hook();
}

/* The exit hook delivers what became due for the running thread. */
START_TEST(exit_hook_delivers)
{
	ck_assert_int_eq(uk_initstep_uk_proc_sig_init.fn(), 0);
	ck_assert_ptr_nonnull(exit_hook);
	ck_assert_int_eq(set_action(SIGUSR1, handler, 0, 0), 0);
	exit_hook();
	ck_assert_int_eq(calls, 0);
	ck_assert_int_eq(interrupt_clears, 1);
	/* as another thread's tkill leaves it */
	thread_sig.pending = BIT(SIGUSR1);
	thread_sig.pending_code[SIGUSR1] = SI_TKILL;
	thread_sig.blocked = BIT(SIGUSR1);
	exit_hook();
	ck_assert_int_eq(calls, 0); /* still blocked */
	thread_sig.blocked = 0;
	/* A handler without SA_RESTART: an interrupted call fails (EINTR). */
	ck_assert_int_eq(exit_hook(), 1);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(seen_sig, SIGUSR1);
	ck_assert_uint_eq(thread_sig.pending, 0);
	ck_assert_int_eq(interrupt_clears, 3);
	/* Nothing delivered: the call may run again. */
	ck_assert_int_eq(exit_hook(), 0);
	/* With SA_RESTART it may too. */
	ck_assert_int_eq(set_action(SIGUSR1, handler, SA_RESTART, 0), 0);
	thread_sig.pending = BIT(SIGUSR1);
	ck_assert_int_eq(exit_hook(), 0);
	ck_assert_int_eq(calls, 2);
	/* A handler's own system call (its exit hook) does not change the
	 * interrupted call's answer. */
	ck_assert_int_eq(set_action(SIGUSR1, nested_handler, 0, 0), 0);
	thread_sig.pending = BIT(SIGUSR1);
	ck_assert_int_eq(exit_hook(), 1);
	ck_assert_int_eq(nested_rc, 0);
	ck_assert_int_eq(calls, 3);
}
END_TEST

static Suite *signal_suite(void)
{
	Suite *s = suite_create("signal");
	TCase *tc = tcase_create("state");

	tcase_add_test(tc, sigaction_checks);
	tcase_add_test(tc, sigaction_round_trip);
	tcase_add_test(tc, sigprocmask_checks);
	tcase_add_test(tc, sigaltstack_checks);
	tcase_add_test(tc, kill_targets);
	suite_add_tcase(s, tc);

	tc = tcase_create("delivery");
	tcase_add_test(tc, handler_runs_with_mask);
	tcase_add_test(tc, handler_flags);
	tcase_add_test(tc, handler_changes_mask);
	tcase_add_test(tc, handler_reraises);
	tcase_add_test(tc, ignored_signals);
	tcase_add_test(tc, default_terminates);
	tcase_add_test(tc, sigkill_always_terminates);
	tcase_add_test(tc, pending_until_unblocked);
	tcase_add_test(tc, ignoring_discards_pending);
	tcase_add_test(tc, abort_sequence);
	tcase_add_test(tc, other_thread_gets_handler);
	tcase_add_test(tc, exit_hook_delivers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(signal_suite());

	/* Each test in its own process: the signal state starts fresh. */
	return unit_run(sr, true);
}
