/*
 * lib/posix-user/cred.c - user and group ids: getuid ... getresgid,
 * setuid, setgid, setreuid, setregid, setresuid, setresgid, setfsuid and
 * setfsgid, with Linux's rules.
 *
 * Each kind of id has a real, an effective, a saved and a file-system
 * value. A caller with CAP_SETUID (CAP_SETGID for group ids) in its
 * effective set may set any of them; anyone else may only move ids among
 * the values the process already has (EPERM otherwise). The id
 * (uid_t)-1 means "unchanged" where Linux accepts it and is refused with
 * EINVAL by setuid and setgid. Changing user ids adjusts the capability
 * sets as Linux does without SECURE_KEEP_CAPS: leaving uid 0 in all of
 * real, effective and saved clears the permitted and effective sets, an
 * effective uid leaving 0 clears the effective set and one coming back to
 * 0 restores it from the permitted set; a file-system uid leaving or
 * regaining 0 drops or restores the file-system capabilities.
 */
#include <errno.h>
#include <stddef.h>
#include <uk/syscall.h>
#include "posixuser.h"

#define NONE UK_USER_ID_NONE
#define CAP_SETGID 6
#define CAP_SETUID 7
/*
 * The file-system capabilities: CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH,
 * FOWNER, FSETID, LINUX_IMMUTABLE, MKNOD, MAC_OVERRIDE.
 */
#define CAP_FS_MASK (0x1fULL | 1ULL << 9 | 1ULL << 27 | 1ULL << 32)

struct uk_user_cred uk_user_cred = {
	.uid = { UK_USER_ROOT_UID, UK_USER_ROOT_UID, UK_USER_ROOT_UID, UK_USER_ROOT_UID },
	.gid = { UK_USER_ROOT_GID, UK_USER_ROOT_GID, UK_USER_ROOT_GID, UK_USER_ROOT_GID },
	.cap_effective = UK_USER_CAP_FULL,
	.cap_permitted = UK_USER_CAP_FULL,
	.cap_inheritable = 0,
	.ngroups = 0,
	.groups = NULL,
	.umask = UK_USER_UMASK_DEFAULT,
};

int uk_user_capable(unsigned int cap)
{
	return (uk_user_cred.cap_effective >> cap) & 1;
}

void uk_user_uids(struct uk_user_ids *out)
{
	*out = uk_user_cred.uid;
}

void uk_user_gids(struct uk_user_ids *out)
{
	*out = uk_user_cred.gid;
}

static int held(const struct uk_user_ids *ids, uint32_t id)
{
	return id == ids->real || id == ids->effective || id == ids->saved;
}

/* setuid/setgid: all ids when privileged, else the effective (and fs) id. */
static long set_one(struct uk_user_ids *ids, unsigned int cap, uint32_t id)
{
	if (id == NONE)
		return -EINVAL;
	if (uk_user_capable(cap))
		ids->real = ids->saved = id;
	else if (id != ids->real && id != ids->saved)
		return -EPERM;
	ids->effective = ids->fs = id;
	return 0;
}

/* setreuid/setregid: the saved id follows a changed effective id. */
static long set_re(struct uk_user_ids *ids, unsigned int cap, uint32_t r, uint32_t e)
{
	struct uk_user_ids n = *ids;
	int priv = uk_user_capable(cap);

	if (r != NONE) {
		if (!priv && r != ids->real && r != ids->effective)
			return -EPERM;
		n.real = r;
	}
	if (e != NONE) {
		if (!priv && !held(ids, e))
			return -EPERM;
		n.effective = e;
	}
	if (r != NONE || (e != NONE && e != ids->real))
		n.saved = n.effective;
	n.fs = n.effective;
	*ids = n;
	return 0;
}

/* setresuid/setresgid: unprivileged callers pick among the ids they hold. */
static long set_res(struct uk_user_ids *ids, unsigned int cap, uint32_t r,
		    uint32_t e, uint32_t s)
{
	struct uk_user_ids n = *ids;

	if (!uk_user_capable(cap) && ((r != NONE && !held(ids, r)) ||
				      (e != NONE && !held(ids, e)) ||
				      (s != NONE && !held(ids, s))))
		return -EPERM;
	if (r != NONE)
		n.real = r;
	if (e != NONE)
		n.effective = e;
	if (s != NONE)
		n.saved = s;
	n.fs = n.effective;
	*ids = n;
	return 0;
}

/* setfsuid/setfsgid: always the old value; a change only when allowed. */
static uint32_t set_fs(struct uk_user_ids *ids, unsigned int cap, uint32_t fs)
{
	uint32_t old = ids->fs;

	if (fs != NONE && (uk_user_capable(cap) || held(ids, fs) || fs == ids->fs))
		ids->fs = fs;
	return old;
}

/* Linux's capability fix-ups after the user ids changed. */
static void fix_caps(const struct uk_user_ids *old)
{
	const struct uk_user_ids *n = &uk_user_cred.uid;
	struct uk_user_cred *c = &uk_user_cred;

	if ((old->real == 0 || old->effective == 0 || old->saved == 0) &&
	    n->real != 0 && n->effective != 0 && n->saved != 0) {
		c->cap_permitted = 0;
		c->cap_effective = 0;
	}
	if (old->effective == 0 && n->effective != 0)
		c->cap_effective = 0;
	if (old->effective != 0 && n->effective == 0)
		c->cap_effective = c->cap_permitted;
	if (old->fs == 0 && n->fs != 0)
		c->cap_effective &= ~CAP_FS_MASK;
	if (old->fs != 0 && n->fs == 0)
		c->cap_effective |= c->cap_permitted & CAP_FS_MASK;
}

static long uid_result(long rc, const struct uk_user_ids *old)
{
	if (rc == 0)
		fix_caps(old);
	return rc;
}

UK_SYSCALL_DEFINE0(getuid)
{
	return uk_user_cred.uid.real;
}

UK_SYSCALL_DEFINE0(geteuid)
{
	return uk_user_cred.uid.effective;
}

UK_SYSCALL_DEFINE0(getgid)
{
	return uk_user_cred.gid.real;
}

UK_SYSCALL_DEFINE0(getegid)
{
	return uk_user_cred.gid.effective;
}

static long get_res(const struct uk_user_ids *ids, uint32_t *r, uint32_t *e, uint32_t *s)
{
	if (!r || !e || !s)
		return -EFAULT;
	*r = ids->real;
	*e = ids->effective;
	*s = ids->saved;
	return 0;
}

UK_SYSCALL_DEFINE3(getresuid, uint32_t *, r, uint32_t *, e, uint32_t *, s)
{
	return get_res(&uk_user_cred.uid, r, e, s);
}

UK_SYSCALL_DEFINE3(getresgid, uint32_t *, r, uint32_t *, e, uint32_t *, s)
{
	return get_res(&uk_user_cred.gid, r, e, s);
}

UK_SYSCALL_DEFINE1(setuid, uint32_t, uid)
{
	struct uk_user_ids old = uk_user_cred.uid;

	return uid_result(set_one(&uk_user_cred.uid, CAP_SETUID, uid), &old);
}

UK_SYSCALL_DEFINE1(setgid, uint32_t, gid)
{
	return set_one(&uk_user_cred.gid, CAP_SETGID, gid);
}

UK_SYSCALL_DEFINE2(setreuid, uint32_t, r, uint32_t, e)
{
	struct uk_user_ids old = uk_user_cred.uid;

	return uid_result(set_re(&uk_user_cred.uid, CAP_SETUID, r, e), &old);
}

UK_SYSCALL_DEFINE2(setregid, uint32_t, r, uint32_t, e)
{
	return set_re(&uk_user_cred.gid, CAP_SETGID, r, e);
}

UK_SYSCALL_DEFINE3(setresuid, uint32_t, r, uint32_t, e, uint32_t, s)
{
	struct uk_user_ids old = uk_user_cred.uid;

	return uid_result(set_res(&uk_user_cred.uid, CAP_SETUID, r, e, s), &old);
}

UK_SYSCALL_DEFINE3(setresgid, uint32_t, r, uint32_t, e, uint32_t, s)
{
	return set_res(&uk_user_cred.gid, CAP_SETGID, r, e, s);
}

UK_SYSCALL_DEFINE1(setfsuid, uint32_t, fsuid)
{
	struct uk_user_ids old = uk_user_cred.uid;
	uint32_t prev = set_fs(&uk_user_cred.uid, CAP_SETUID, fsuid);

	fix_caps(&old);
	return prev;
}

UK_SYSCALL_DEFINE1(setfsgid, uint32_t, fsgid)
{
	return set_fs(&uk_user_cred.gid, CAP_SETGID, fsgid);
}
