/*
 * tests/guest/abort.c - ways a musl program ends, chosen by argv[1]; the
 * exit status and console lines are checked from outside by abort.sh:
 *   abort     abort() with SIGABRT's default action: status 134
 *   handler   abort() with a SIGABRT handler that returns: the handler
 *             runs, then abort() still ends the program (134)
 *   term      kill(getpid(), SIGTERM), default action: status 143
 *   ignore    SIGTERM ignored, then raised: the program goes on (0)
 *   exit      exit(300): status 300 & 0xff = 44
 *   _exit     _exit(7) (exit_group): 7
 *   thread    the exit system call of the only thread: 9
 * stdout is unbuffered: abort() and _exit() do not flush stdio.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void on_abort(int sig)
{
	printf("abort: handler ran for signal %d\n", sig);
}

int main(int argc, char *argv[])
{
	const char *mode = argc > 1 ? argv[1] : "abort";

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("abort: mode %s\n", mode);
	if (!strcmp(mode, "abort")) {
		abort();
	} else if (!strcmp(mode, "handler")) {
		signal(SIGABRT, on_abort);
		abort();
	} else if (!strcmp(mode, "term")) {
		kill(getpid(), SIGTERM);
	} else if (!strcmp(mode, "ignore")) {
		signal(SIGTERM, SIG_IGN);
		raise(SIGTERM);
		printf("abort: survived an ignored SIGTERM\n");
		return 0;
	} else if (!strcmp(mode, "exit")) {
		exit(300);
	} else if (!strcmp(mode, "_exit")) {
		_exit(7);
	} else if (!strcmp(mode, "thread")) {
		syscall(SYS_exit, 9);
	}
	printf("abort: still running after mode %s\n", mode);
	return 99;
}
