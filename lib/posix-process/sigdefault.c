/*
 * lib/posix-process/sigdefault.c - what a signal does when nobody handles
 * it: the default actions of signal(7), signal names, and the ending of
 * the unikernel by a signal.
 *
 * "Core" signals (SIGABRT, SIGSEGV...) terminate like "Term" ones: there
 * is no core file to write. The exit status is 128 + the signal number,
 * what a shell reports for a process a signal killed (SIGABRT: 134).
 */
#include <signal.h>
#include <uk/exit.h>
#include <uk/print.h>
#include <ukbase/format.h>
#include "posixprocess.h"

static const char *const names[32] = {
	[SIGHUP] = "SIGHUP",	 [SIGINT] = "SIGINT",
	[SIGQUIT] = "SIGQUIT",	 [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP",	 [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",	 [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL",	 [SIGUSR1] = "SIGUSR1",
	[SIGSEGV] = "SIGSEGV",	 [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE",	 [SIGALRM] = "SIGALRM",
	[SIGTERM] = "SIGTERM",	 [SIGSTKFLT] = "SIGSTKFLT",
	[SIGCHLD] = "SIGCHLD",	 [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP",	 [SIGTSTP] = "SIGTSTP",
	[SIGTTIN] = "SIGTTIN",	 [SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG",	 [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ",	 [SIGVTALRM] = "SIGVTALRM",
	[SIGPROF] = "SIGPROF",	 [SIGWINCH] = "SIGWINCH",
	[SIGIO] = "SIGIO",	 [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

enum uk_sig_default uk_proc_sig_default(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGCONT:
	case SIGURG:
	case SIGWINCH:
		return UK_SIGDFL_IGN;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return UK_SIGDFL_STOP;
	default:
		/* Everything else, real-time signals included, terminates. */
		return UK_SIGDFL_TERM;
	}
}

const char *uk_proc_sig_name(int sig, char *buf, size_t size)
{
	if (sig > 0 && sig < 32 && names[sig])
		return names[sig];
	uk_snprintf(buf, size, "SIG%d", sig);
	return buf;
}

void uk_proc_sig_terminate(int sig)
{
	char buf[16];

	uk_pr_crit("application terminated by signal %s",
		   uk_proc_sig_name(sig, buf, sizeof(buf)));
	uk_exit_app(128 + sig);
}
