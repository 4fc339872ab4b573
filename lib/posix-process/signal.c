/*
 * lib/posix-process/signal.c - the process's signal state and synchronous
 * delivery: rt_sigaction, rt_sigprocmask and sigaltstack record the state
 * with Linux's checks and errors; uk_proc_sig_generate (kill, tkill,
 * tgkill in kill.c) delivers.
 *
 * There is no asynchronous delivery yet (nothing interrupts the
 * application with a signal). A signal the application sends itself is
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
#include <uk/print.h>
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
static uint64_t blocked;
static uint64_t pending;
static int pending_code[UK_NSIG + 1];
static stack_t altstack = { .ss_flags = SS_DISABLE };

static void deliver_pending(void);

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
	siginfo_t info;
	ucontext_t uc;

	uk_memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_pid = UK_PROC_PID;
	info.si_uid = 0;
	uk_memset(&uc, 0, sizeof(uc));
	uc.uc_stack = altstack;
	uk_memcpy(&uc.uc_sigmask, &blocked, sizeof(blocked));

	if (ka.flags & SA_RESETHAND)
		actions[sig].handler = SIG_DFL;
	blocked |= ka.mask;
	if (!(ka.flags & SA_NODEFER))
		blocked |= UK_SIGBIT(sig);
	blocked &= ~UNMASKABLE;

	if (ka.flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))(void *)ka.handler)(
		    sig, &info, &uc);
	else
		ka.handler(sig);

	/* What sigreturn does: the mask comes back from the context. */
	uk_memcpy(&blocked, &uc.uc_sigmask, sizeof(blocked));
	blocked &= ~UNMASKABLE;
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
static void deliver_pending(void)
{
	uint64_t ready;

	while ((ready = pending & ~blocked) != 0) {
		int sig = __builtin_ctzll(ready) + 1;

		pending &= ~UK_SIGBIT(sig);
		deliver(sig, pending_code[sig]);
	}
}

void uk_proc_sig_generate(int sig, int code)
{
	/* SIGKILL cannot be blocked, caught or ignored. */
	if (sig == SIGKILL)
		uk_proc_sig_terminate(sig);
	if (blocked & UK_SIGBIT(sig)) {
		pending |= UK_SIGBIT(sig);
		pending_code[sig] = code;
		return;
	}
	deliver(sig, code);
}

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
			pending &= ~UK_SIGBIT(sig);
	}
	return 0;
}

UK_SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t *, set,
		   uint64_t *, oset, size_t, sigsetsize)
{
	uint64_t old = blocked;

	if (sigsetsize != KSIGSET_SIZE)
		return -EINVAL;
	if (set) {
		uint64_t s = *set & ~UNMASKABLE;

		switch (how) {
		case SIG_BLOCK:
			blocked |= s;
			break;
		case SIG_UNBLOCK:
			blocked &= ~s;
			break;
		case SIG_SETMASK:
			blocked = s;
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
	stack_t old = altstack;

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
		altstack.ss_sp = s.ss_sp;
		altstack.ss_size = s.ss_size;
		altstack.ss_flags = (s.ss_flags & (int)SS_FLAG_BITS) |
				    (mode == SS_DISABLE ? SS_DISABLE : 0);
	}
	if (oss)
		*oss = old;
	return 0;
}
