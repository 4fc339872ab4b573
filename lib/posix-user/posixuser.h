/*
 * lib/posix-user/posixuser.h - internal interface of posix-user.
 *
 * The process's credentials are one structure (there is one process; its
 * threads share it, so a change made in one thread holds in all of them).
 * System calls run without preemption and none of these blocks, so the
 * structure needs no lock.
 */
#ifndef POSIXUSER_H
#define POSIXUSER_H

#include <stdint.h>
#include <uk/user.h>

struct uk_user_cred {
	struct uk_user_ids uid, gid;
	uint64_t cap_effective, cap_permitted, cap_inheritable;
	unsigned int ngroups;
	uint32_t *groups; /* sorted, as Linux keeps them */
	mode_t umask;
};

/* cred.c */
extern struct uk_user_cred uk_user_cred;
/* Whether capability 'cap' is in the effective set. */
int uk_user_capable(unsigned int cap);

#endif /* POSIXUSER_H */
