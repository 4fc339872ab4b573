/*
 * lib/posix-process/ids.c - who the application is: process and thread
 * ids, credentials, and set_tid_address.
 *
 * The application is the only process: pid 1 with parent 0 (like init,
 * which the kernel itself starts), its main thread is tid 1 (a thread's
 * id equals its process's for the main thread), and it runs as root (all
 * user and group ids 0), which also matches the AT_UID..AT_EGID entries of
 * its auxiliary vector. The scheduler will hand out further thread ids.
 */
#include <uk/syscall.h>
#include "posixprocess.h"

/*
 * Where the thread's id is cleared (and a futex woken) when it exits, as
 * CLONE_CHILD_CLEARTID requests; kept for the scheduler. musl's start-up
 * sets it and takes the returned tid as its main thread's id.
 */
static int *clear_child_tid;

UK_SYSCALL_DEFINE1(set_tid_address, int *, tidptr)
{
	clear_child_tid = tidptr;
	return UK_PROC_TID;
}

UK_SYSCALL_DEFINE0(getpid)
{
	return UK_PROC_PID;
}

UK_SYSCALL_DEFINE0(getppid)
{
	return 0;
}

UK_SYSCALL_DEFINE0(gettid)
{
	return UK_PROC_TID;
}

UK_SYSCALL_DEFINE0(getuid)
{
	return 0;
}

UK_SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

UK_SYSCALL_DEFINE0(getgid)
{
	return 0;
}

UK_SYSCALL_DEFINE0(getegid)
{
	return 0;
}
