/*
 * lib/posix-process/ids.c - who the application is: process and thread
 * ids, and set_tid_address. (Its credentials, user and group ids, are
 * lib/posix-user's.)
 *
 * The application is the only process: pid 1 with parent 0 (like init,
 * which the kernel itself starts). Its threads are the scheduler's, whose
 * ids are the thread ids (main is 1, equal to the pid as on Linux).
 */
#include <uk/sched.h>
#include <uk/syscall.h>
#include "posixprocess.h"

int uk_proc_tid(void)
{
	return uk_thread_id(uk_thread_current());
}

struct uk_thread_sig *uk_proc_sig_thread(void)
{
	return uk_thread_sig(uk_thread_current());
}

int uk_proc_tid_exists(int tid)
{
	return tid == uk_proc_tid() || uk_thread_find(tid) != NULL;
}

/*
 * Where the thread's id is cleared (and a futex woken) when it exits, as
 * CLONE_CHILD_CLEARTID requests (exit.c does it). musl's start-up sets it
 * and takes the returned tid as its main thread's id.
 */
UK_SYSCALL_DEFINE1(set_tid_address, int *, tidptr)
{
	uk_thread_set_clear_tid(uk_thread_current(), tidptr);
	return uk_proc_tid();
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
	return uk_proc_tid();
}
