/*
 * uk/user.h - users, groups and the application's credentials
 * (lib/posix-user).
 *
 * The user database is the ordinary pair of text files /etc/passwd and
 * /etc/group, which musl's getpwnam, getgrnam, getgrouplist ... read. At
 * boot (init class LATE, after the initrd has been unpacked) lib/posix-user
 * writes each file that does not exist yet with the default entries below:
 *
 *     /etc/passwd   root:x:0:0:root:/:/bin/sh
 *     /etc/group    root:x:0:
 *
 * A file the initrd provides is left exactly as it is, whatever it lists.
 *
 * The one process starts with all user and group ids UK_USER_ROOT_UID /
 * UK_USER_ROOT_GID, no supplementary groups, the full capability set
 * (effective and permitted; inheritable empty) and umask 022. The
 * credential system calls change that state with Linux's rules.
 *
 * The login name (what musl's getlogin reports) is UK_USER_LOGIN_DEFAULT
 * or the boot option uk.login=NAME; the boot code puts LOGNAME=<name> into
 * the application's environment unless uk.env already set LOGNAME.
 */
#ifndef UK_USER_H
#define UK_USER_H

#include <stdint.h>
#include <sys/types.h>
#include <uk/essentials.h>

/* The default user database. */
#define UK_USER_ROOT_UID        0
#define UK_USER_ROOT_GID        0
#define UK_USER_ROOT_NAME       "root"
#define UK_USER_ROOT_GROUP      "root"
#define UK_USER_ROOT_HOME       "/"
#define UK_USER_ROOT_SHELL      "/bin/sh"
#define UK_USER_PASSWD_FILE     "/etc/passwd"
#define UK_USER_GROUP_FILE      "/etc/group"

/* The login name: the default, and the longest uk.login accepts. */
#define UK_USER_LOGIN_DEFAULT   UK_USER_ROOT_NAME
#define UK_USER_LOGIN_MAX       32

/*
 * Ids are 32 bits wide; (uid_t)-1 / (gid_t)-1 is no id: it means
 * "unchanged" where Linux accepts that (setreuid, setresuid, setfsuid and
 * their gid forms) and gives EINVAL elsewhere (setuid, setgid, setgroups).
 */
#define UK_USER_ID_MAX          0xfffffffeU
#define UK_USER_ID_NONE         0xffffffffU

/* Supplementary groups: at most Linux's kernel limit (EINVAL past it). */
#define UK_USER_NGROUPS_MAX     65536

/* Capabilities: Linux 6.1's set, CAP_CHOWN (0) .. CAP_CHECKPOINT_RESTORE (40). */
#define UK_USER_CAP_LAST        40
#define UK_USER_CAP_FULL        ((1ULL << (UK_USER_CAP_LAST + 1)) - 1)

/* The default file-creation mask. */
#define UK_USER_UMASK_DEFAULT   022

#ifdef __cplusplus
extern "C" {
#endif

/* A snapshot of the process's user or group ids. */
struct uk_user_ids {
	uint32_t real, effective, saved, fs;
};

/* The process's user ids (uid) and group ids (gid), copied to 'out'. */
void uk_user_uids(struct uk_user_ids *out);
void uk_user_gids(struct uk_user_ids *out);

/* The login name (never NULL). */
const char *uk_user_login(void);

/* The file-creation mask that open, mkdir and mknod apply. */
mode_t uk_user_umask(void);

#ifdef __cplusplus
}
#endif

#endif /* UK_USER_H */
