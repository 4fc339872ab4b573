/*
 * lib/posix-process/kill.c - kill, tkill and tgkill: sending a signal to a
 * process or thread, which here can only be the application itself (pid
 * 1) or one of its threads. Anything else does not exist (ESRCH), with
 * Linux's EINVAL cases checked in Linux's order. Signal 0 only checks that
 * the target exists. Delivery is signal.c's business.
 *
 * A thread signalling itself gets the signal synchronously, as Linux
 * delivers it on the way out of the call. A signal aimed at another
 * thread (tkill, tgkill: pthread_kill, musl's synchronised id changes)
 * runs its handler in that thread (signal.c). kill() aims at the process,
 * which POSIX lets any thread take: the sender takes it.
 *
 * Our pid 1 is not given the protection Linux grants init (signals it has
 * no handler for are dropped there): the application is an ordinary
 * process that happens to have pid 1, and abort() must end it.
 */
#include <errno.h>
#include <signal.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include "posixprocess.h"

static int valid_signal(int sig)
{
	return sig >= 0 && sig <= UK_NSIG;
}

static long send_self(int sig, int code)
{
	if (!valid_signal(sig))
		return -EINVAL;
	if (sig)
		uk_proc_sig_generate(sig, code);
	return 0;
}

UK_SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	/*
	 * pid 0 is our own process group, which is us. pid -1 means every
	 * process but init and the caller, and pid < -1 a process group:
	 * there are none of those, so nothing is signalled (ESRCH). As on
	 * Linux, a missing target is reported before a bad signal number.
	 */
	if (pid != UK_PROC_PID && pid != 0)
		return -ESRCH;
	return send_self(sig, SI_USER);
}

/* A signal for thread tid, which exists. */
static long send_thread(int tid, int sig)
{
	struct uk_thread *t;

	if (!valid_signal(sig))
		return -EINVAL;
	t = tid == uk_proc_tid() ? NULL : uk_thread_find(tid);
	if (sig && t)
		uk_proc_sig_generate_thread(t, sig, SI_TKILL);
	else if (sig)
		uk_proc_sig_generate(sig, SI_TKILL);
	return 0;
}

UK_SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	if (!uk_proc_tid_exists(tid))
		return -ESRCH;
	return send_thread(tid, sig);
}

UK_SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != UK_PROC_PID || !uk_proc_tid_exists(tid))
		return -ESRCH;
	return send_thread(tid, sig);
}
