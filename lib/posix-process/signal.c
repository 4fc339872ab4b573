/*
 * lib/posix-process/signal.c - signal state and synchronous delivery:
 * rt_sigaction (the process's actions), rt_sigprocmask and sigaltstack
 * (each thread's mask and alternate stack, kept in its struct
 * uk_thread_sig) record the state with Linux's checks and errors;
 * uk_proc_sig_generate (kill, tkill, tgkill in kill.c) delivers.
 *
 * Delivery happens on the way back from system calls: nothing interrupts
 * application code that makes none. A signal another thread aims at a
 * thread is pending there until that thread's next way out of a system
 * call (its interruptible waits end for it), see
 * uk_proc_sig_generate_thread. A call whose wait ended that way before it
 * did anything returns -UK_ERESTARTSYS and runs again after the handlers
 * when all of them have SA_RESTART, else fails with EINTR (the exit
 * hook's answer, uk/syscall.h), as on Linux. A signal the application sends itself is
 * handled like Linux handles it on the way out of the kill system call:
 * - blocked: it becomes pending (one instance per signal number, as for
 *   standard signals) and is delivered when rt_sigprocmask unblocks it,
 *   or when the handler whose mask blocked it returns;
 * - SIG_IGN, or SIG_DFL with a default action of "ignore": dropped;
 * - SIG_DFL with "terminate" (or "core"): the unikernel ends with
 *   128 + signo after one console line (sigdefault.c);
 * - SIG_DFL with "stop": ignored with a warning, since nothing could ever
 *   send the SIGCONT that resumes the only process;
 * - a handler: called right here, synchronously, on the caller's stack
 *   (SA_ONSTACK and the alternate stack are recorded but not used), with
 *   the signal mask widened by sa_mask and the signal itself (unless
 *   SA_NODEFER) and SA_RESETHAND honoured; the handler gets a siginfo_t
 *   (SA_SIGINFO) and a ucontext_t whose uc_sigmask is the mask to restore
 *   afterwards (a handler may change it, as with sigreturn) and whose
 *   machine context is empty.
 * This is a path on which the kernel calls application code. It is safe
 * because every way into it is a C function call in the application
 * (raise, kill, pthread_sigmask...), after which the SysV ABI already
 * treats the vector registers as clobbered; the kernel saves no FPU state
 * for it. The handler runs with interrupts masked (as the system call
 * does) and may make system calls; longjmp out of it skips the mask
 * restore, as on Linux without siglongjmp.
 *
 * musl's abort() relies on this: raise(SIGABRT) blocks the application's
 * signals, sends SIGABRT (now pending) and restores the mask, which
 * delivers it; with SIG_DFL the VM ends with status 134 and the message.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "posixprocess.h"

/* Neither may be caught, blocked or ignored. */
#define UNMASKABLE (UK_SIGBIT(SIGKILL) | UK_SIGBIT(SIGSTOP))

/*
 * The sa_flags Linux 6.1 keeps on x86_64 (UAPI_SA_FLAGS); it clears any
 * other bit, so that programs can probe for flag support.
 */
#define KNOWN_SA_FLAGS                                                       \
	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | \
	 SA_NODEFER | SA_RESETHAND | SA_RESTORER)

/* The kernel's sigset_t: 64 bits (rt_* calls pass sizeof = 8). */
#define KSIGSET_SIZE 8

static struct uk_ksigaction actions[UK_NSIG + 1];

static void deliver_pending(void);

/* The thread's alternate stack as sigaltstack reports it. */
static stack_t altstack_get(const struct uk_thread_sig *st)
{
	stack_t s = { .ss_sp = st->alt_sp, .ss_size = st->alt_size,
		      .ss_flags = st->alt_flags };

	if (!st->alt_size)
		s.ss_flags |= SS_DISABLE;
	return s;
}

static int ignores(int sig, const struct uk_ksigaction *ka)
{
	if (ka->handler == SIG_IGN)
		return 1;
	return ka->handler == SIG_DFL &&
	       uk_proc_sig_default(sig) == UK_SIGDFL_IGN;
}

static void call_handler(int sig, int code)
{
	struct uk_ksigaction ka = actions[sig];
	struct uk_thread_sig *st = uk_proc_sig_thread();
	siginfo_t info;
	ucontext_t uc;

	uk_memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_pid = UK_PROC_PID;
	info.si_uid = 0;
	uk_memset(&uc, 0, sizeof(uc));
	uc.uc_stack = altstack_get(st);
	uk_memcpy(&uc.uc_sigmask, &st->blocked, sizeof(st->blocked));

	if (!(ka.flags & SA_RESTART))
		st->no_restart = 1;
	if (ka.flags & SA_RESETHAND)
		actions[sig].handler = SIG_DFL;
	st->blocked |= ka.mask;
	if (!(ka.flags & SA_NODEFER))
		st->blocked |= UK_SIGBIT(sig);
	st->blocked &= ~UNMASKABLE;

	if (ka.flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))(void *)ka.handler)(
		    sig, &info, &uc);
	else
		ka.handler(sig);

	/* What sigreturn does: the mask comes back from the context. */
	uk_memcpy(&st->blocked, &uc.uc_sigmask, sizeof(st->blocked));
	st->blocked &= ~UNMASKABLE;
	/* Signals sent while the handler blocked them are due now. */
	deliver_pending();
}

/* Delivery of an unblocked signal, as described at the top. */
static void deliver(int sig, int code)
{
	const struct uk_ksigaction *ka = &actions[sig];
	char name[16];

	if (ka->handler == SIG_IGN)
		return;
	if (ka->handler != SIG_DFL) {
		call_handler(sig, code);
		return;
	}
	switch (uk_proc_sig_default(sig)) {
	case UK_SIGDFL_TERM:
		uk_proc_sig_terminate(sig);
	case UK_SIGDFL_STOP:
		uk_pr_warn("%s would stop the application; ignored (nothing "
			   "could continue it)",
			   uk_proc_sig_name(sig, name, sizeof(name)));
		return;
	case UK_SIGDFL_IGN:
		return;
	}
}

/* Deliver pending signals that are no longer blocked, lowest first. */
static int deliver_pending_count(void)
{
	struct uk_thread_sig *st = uk_proc_sig_thread();
	uint64_t ready;
	int n = 0;

	while ((ready = st->pending & ~st->blocked) != 0) {
		int sig = __builtin_ctzll(ready) + 1;

		st->pending &= ~UK_SIGBIT(sig);
		deliver(sig, st->pending_code[sig]);
		n++;
	}
	return n;
}

static void deliver_pending(void)
{
	deliver_pending_count();
}

int uk_proc_sig_deliver_unblocked(void)
{
	return deliver_pending_count();
}

void uk_proc_sig_generate(int sig, int code)
{
	struct uk_thread_sig *st = uk_proc_sig_thread();

	/* SIGKILL cannot be blocked, caught or ignored. */
	if (sig == SIGKILL)
		uk_proc_sig_terminate(sig);
	if (st->blocked & UK_SIGBIT(sig)) {
		st->pending |= UK_SIGBIT(sig);
		st->pending_code[sig] = code;
		return;
	}
	deliver(sig, code);
}

/*
 * A signal aimed at thread t by another thread (tkill, tgkill). Blocked
 * in t, it waits there for t to unblock it. Otherwise a handler must run
 * in t: the signal becomes pending in t, and t leaves an interruptible
 * wait (futex, sleep) with EINTR; the handler runs on t's way out of its
 * current or next system call (sig_exit_hook), as on Linux. Actions that
 * are the process's whatever the thread (ignore, terminate) are taken at
 * once.
 */
void uk_proc_sig_generate_thread(struct uk_thread *t, int sig, int code)
{
	struct uk_thread_sig *st;

	if (t == uk_thread_current()) {
		uk_proc_sig_generate(sig, code);
		return;
	}
	if (sig == SIGKILL)
		uk_proc_sig_terminate(sig);
	st = uk_thread_sig(t);
	if (!(st->blocked & UK_SIGBIT(sig)) &&
	    (actions[sig].handler == SIG_DFL || actions[sig].handler == SIG_IGN)) {
		deliver(sig, code);
		return;
	}
	st->pending |= UK_SIGBIT(sig);
	st->pending_code[sig] = code;
	if (!(st->blocked & UK_SIGBIT(sig)))
		uk_thread_interrupt(t);
}

/* On every way back to the application: the signals now due. Returns
 * whether a handler without SA_RESTART ran (uk/syscall.h). */
static int sig_exit_hook(void)
{
	struct uk_thread_sig *st = uk_proc_sig_thread();
	/* A handler's own system calls come back through here: theirs is
	 * not the interrupted call's answer. */
	int outer = st->no_restart, rc;

	st->no_restart = 0;
	if (st->pending & ~st->blocked)
		deliver_pending_count();
	uk_thread_interrupt_clear();
	rc = st->no_restart;
	st->no_restart = outer;
	return rc;
}

static int uk_proc_sig_init(void)
{
	uk_syscall_set_exit_hook(sig_exit_hook);
	return 0;
}

UK_INIT(uk_proc_sig_init, UK_INIT_CLASS_EARLY);

UK_SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct uk_ksigaction *, act,
		   struct uk_ksigaction *, oact, size_t, sigsetsize)
{
	struct uk_ksigaction new;

	if (sigsetsize != KSIGSET_SIZE || sig < 1 || sig > UK_NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	/* Read before writing: act and oact may be the same structure. */
	if (act) {
		new = *act;
		new.flags &= KNOWN_SA_FLAGS;
		new.mask &= ~UNMASKABLE;
	}
	if (oact)
		*oact = actions[sig];
	if (act) {
		actions[sig] = new;
		/* POSIX: setting a disposition to ignore discards pending. */
		if (ignores(sig, &new))
			uk_proc_sig_thread()->pending &= ~UK_SIGBIT(sig);
	}
	return 0;
}

UK_SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t *, set,
		   uint64_t *, oset, size_t, sigsetsize)
{
	struct uk_thread_sig *st = uk_proc_sig_thread();
	uint64_t old = st->blocked;

	if (sigsetsize != KSIGSET_SIZE)
		return -EINVAL;
	if (set) {
		uint64_t s = *set & ~UNMASKABLE;

		switch (how) {
		case SIG_BLOCK:
			st->blocked |= s;
			break;
		case SIG_UNBLOCK:
			st->blocked &= ~s;
			break;
		case SIG_SETMASK:
			st->blocked = s;
			break;
		default:
			return -EINVAL;
		}
	}
	if (oset)
		*oset = old;
	/* Linux delivers what became unblocked on the way out. */
	deliver_pending();
	return 0;
}

UK_SYSCALL_DEFINE2(sigaltstack, const stack_t *, ss, stack_t *, oss)
{
	struct uk_thread_sig *st = uk_proc_sig_thread();
	stack_t old = altstack_get(st);

	if (ss) {
		stack_t s = *ss;
		int mode = s.ss_flags & ~(int)SS_FLAG_BITS;

		/* Handlers never run on it, so we are never "on" it (EPERM). */
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			s.ss_sp = NULL;
			s.ss_size = 0;
		} else if (s.ss_size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		/* Linux keeps only SS_AUTODISARM; the mode is derived. */
		st->alt_sp = s.ss_sp;
		st->alt_size = s.ss_size;
		st->alt_flags = s.ss_flags & (int)SS_FLAG_BITS;
	}
	if (oss)
		*oss = old;
	return 0;
}
