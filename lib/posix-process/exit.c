/*
 * lib/posix-process/exit.c - exit and exit_group: the application's exit
 * status becomes the virtual machine's (uk_exit, which keeps the low 8
 * bits as Linux's wait status does).
 *
 * With one thread, ending the thread (exit) ends the process as
 * exit_group does; musl's exit() uses exit_group. Once the scheduler runs
 * several threads, exit must end only the calling one.
 */
#include <uk/exit.h>
#include <uk/syscall.h>

UK_SYSCALL_DEFINE1(exit_group, int, status)
{
	uk_exit(status & 0xff);
}

UK_SYSCALL_DEFINE1(exit, int, status)
{
	uk_exit(status & 0xff);
}
