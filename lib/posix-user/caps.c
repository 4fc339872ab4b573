/*
 * lib/posix-user/caps.c - capget and capset, Linux's interface to the
 * process's capability sets (what libcap and programs that drop
 * privileges use).
 *
 * The header's version selects the layout: version 1 (0x19980330) one
 * 32-bit data structure, versions 2 (0x20071026) and 3 (0x20080522) two.
 * An unknown version gets version 3 written back into the header and
 * EINVAL, except from capget with no data pointer, which is how programs
 * ask for the preferred version (answer 0). The pid is 0 or one of the
 * process's own thread ids; capget gives EINVAL for a negative pid and
 * ESRCH for another, capset EPERM for any other.
 *
 * capset enforces Linux's rules: permitted may only shrink, effective
 * must lie within the new permitted set, inheritable within the old
 * inheritable and permitted sets (unless CAP_SETPCAP is effective; the
 * bounding set is always full). Bits past UK_USER_CAP_LAST are dropped.
 */
#include <errno.h>
#include <uk/syscall.h>
#include "posixuser.h"

#define CAP_V1 0x19980330U
#define CAP_V2 0x20071026U
#define CAP_V3 0x20080522U
#define CAP_SETPCAP 8
#define PROC_PID 1

struct cap_header {
	uint32_t version;
	int pid;
};

struct cap_data {
	uint32_t effective, permitted, inheritable;
};
_Static_assert(sizeof(struct cap_header) == 8 && sizeof(struct cap_data) == 12,
	       "capability ABI");

/* lib/posix-process: whether a thread id exists; weak, we stand alone. */
int uk_proc_tid_exists(int tid) __attribute__((weak));

/* How many data structures the version uses, or -EINVAL (version set to 3). */
static int data_count(struct cap_header *h)
{
	switch (h->version) {
	case CAP_V1:
		return 1;
	case CAP_V2:
	case CAP_V3:
		return 2;
	default:
		h->version = CAP_V3;
		return -EINVAL;
	}
}

static int is_self(int pid)
{
	if (pid == 0 || pid == PROC_PID)
		return 1;
	return uk_proc_tid_exists && uk_proc_tid_exists(pid);
}

UK_SYSCALL_DEFINE2(capget, struct cap_header *, h, struct cap_data *, d)
{
	const struct uk_user_cred *c = &uk_user_cred;
	int n;

	if (!h)
		return -EFAULT;
	n = data_count(h);
	if (!d)
		return 0; /* a version probe, or no data wanted */
	if (n < 0)
		return n;
	if (h->pid < 0)
		return -EINVAL;
	if (!is_self(h->pid))
		return -ESRCH;
	for (int i = 0; i < n; i++) {
		d[i].effective = (uint32_t)(c->cap_effective >> (32 * i));
		d[i].permitted = (uint32_t)(c->cap_permitted >> (32 * i));
		d[i].inheritable = (uint32_t)(c->cap_inheritable >> (32 * i));
	}
	return 0;
}

static int subset(uint64_t a, uint64_t b)
{
	return (a & ~b) == 0;
}

UK_SYSCALL_DEFINE2(capset, struct cap_header *, h, const struct cap_data *, d)
{
	struct uk_user_cred *c = &uk_user_cred;
	uint64_t eff = 0, prm = 0, inh = 0;
	int n;

	if (!h)
		return -EFAULT;
	n = data_count(h);
	if (n < 0)
		return n;
	if (h->pid != 0 && h->pid != PROC_PID)
		return -EPERM;
	if (!d)
		return -EFAULT;
	for (int i = 0; i < n; i++) {
		eff |= (uint64_t)d[i].effective << (32 * i);
		prm |= (uint64_t)d[i].permitted << (32 * i);
		inh |= (uint64_t)d[i].inheritable << (32 * i);
	}
	eff &= UK_USER_CAP_FULL;
	prm &= UK_USER_CAP_FULL;
	inh &= UK_USER_CAP_FULL;
	if (!uk_user_capable(CAP_SETPCAP) &&
	    !subset(inh, c->cap_inheritable | c->cap_permitted))
		return -EPERM;
	if (!subset(prm, c->cap_permitted) || !subset(eff, prm))
		return -EPERM;
	c->cap_effective = eff;
	c->cap_permitted = prm;
	c->cap_inheritable = inh;
	return 0;
}
