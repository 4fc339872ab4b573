/*
 * lib/posix-user/umask.c - the file-creation mask, a credential of the
 * process: umask(2), and uk_user_umask for lib/vfscore, which applies it
 * when open, mkdir and mknod create names.
 */
#include <uk/syscall.h>
#include "posixuser.h"

mode_t uk_user_umask(void)
{
	return uk_user_cred.umask;
}

/* Linux keeps the permission bits only and returns the previous mask. */
UK_SYSCALL_DEFINE1(umask, mode_t, mask)
{
	mode_t old = uk_user_cred.umask;

	uk_user_cred.umask = mask & 0777;
	return old;
}
