/*
 * lib/posix-process/exit.c - exit and exit_group.
 *
 * exit_group ends the application: its status becomes the virtual
 * machine's (uk_exit_app: the libraries' exit hooks, then uk_exit, which
 * keeps the low 8 bits as Linux's wait status does). exit ends the calling thread only: its clear_child_tid word (set
 * by clone or set_tid_address) is zeroed and one futex waiter on it woken,
 * which is how musl learns that a thread is gone. The last thread's exit
 * ends the application with its status, as the last thread of a Linux
 * process leaving makes the process exit.
 */
#include <stdint.h>
#include <uk/exit.h>
#include <uk/futex.h>
#include <uk/sched.h>
#include <uk/syscall.h>

UK_SYSCALL_DEFINE1(exit_group, int, status)
{
	uk_exit_app(status & 0xff);
}

UK_SYSCALL_DEFINE1(exit, int, status)
{
	struct uk_thread *self = uk_thread_current();
	int *tidp = uk_thread_clear_tid(self);

	if (uk_thread_count() == 1)
		uk_exit_app(status & 0xff);
	if (tidp) {
		__atomic_store_n(tidp, 0, __ATOMIC_SEQ_CST);
		uk_futex_wake((const uint32_t *)tidp, 1);
	}
	uk_thread_exit();
}
