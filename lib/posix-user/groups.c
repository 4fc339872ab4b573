/*
 * lib/posix-user/groups.c - the supplementary groups: getgroups and
 * setgroups (what musl's initgroups ends in), with Linux's answers:
 * - getgroups(0, _) returns the count; a smaller non-zero size: EINVAL;
 *   a negative size: EINVAL;
 * - setgroups needs CAP_SETGID (EPERM), takes at most
 *   UK_USER_NGROUPS_MAX groups (EINVAL past it, or for a negative size)
 *   and refuses the id (gid_t)-1 (EINVAL); the list is kept sorted, so
 *   getgroups returns it in ascending order, as Linux does.
 */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <ukbase/string.h>
#include "posixuser.h"

#define CAP_SETGID 6

/* Shell sort: up to 65536 ids, no recursion, no extra memory. */
static void sort_ids(uint32_t *v, unsigned int n)
{
	unsigned int gap = 1;

	while (gap < n / 3)
		gap = gap * 3 + 1;
	for (; gap > 0; gap /= 3) {
		for (unsigned int i = gap; i < n; i++) {
			uint32_t x = v[i];
			unsigned int j = i;

			for (; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
	}
}

UK_SYSCALL_DEFINE2(getgroups, int, size, uint32_t *, list)
{
	unsigned int n = uk_user_cred.ngroups;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return n;
	if ((unsigned int)size < n)
		return -EINVAL;
	if (n && !list)
		return -EFAULT;
	if (n)
		uk_memcpy(list, uk_user_cred.groups, n * sizeof(*list));
	return n;
}

UK_SYSCALL_DEFINE2(setgroups, int, size, const uint32_t *, list)
{
	uint32_t *v = NULL;

	if (!uk_user_capable(CAP_SETGID))
		return -EPERM;
	if ((unsigned int)size > UK_USER_NGROUPS_MAX)
		return -EINVAL;
	if (size > 0) {
		if (!list)
			return -EFAULT;
		v = uk_malloc((size_t)size * sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (int i = 0; i < size; i++) {
			if (list[i] == UK_USER_ID_NONE) {
				uk_free(v);
				return -EINVAL;
			}
			v[i] = list[i];
		}
		sort_ids(v, (unsigned int)size);
	}
	uk_free(uk_user_cred.groups);
	uk_user_cred.groups = v;
	uk_user_cred.ngroups = (unsigned int)size;
	return 0;
}
