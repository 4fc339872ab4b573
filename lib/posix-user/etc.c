/*
 * lib/posix-user/etc.c - the default user database, written at boot.
 *
 * musl reads users and groups from /etc/passwd and /etc/group. In init
 * class LATE (after vfscore has mounted the root and unpacked the initrd,
 * both in class FS), each of the two files that does not exist yet is
 * created with the defaults of uk/user.h: user root (uid 0, gid 0, home
 * /, shell /bin/sh) and group root (gid 0). A name the initrd provides,
 * whatever it is, is left alone, so an initrd's database wins with all
 * its users and groups; the two files are decided one by one.
 *
 * A database that cannot be written (e.g. an initrd whose /etc is not a
 * directory) is named in a warning and the boot goes on: only the user
 * lookups are affected.
 */
#include <errno.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/vfs.h>
#include <ukbase/string.h>
#include "posixuser.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char passwd_text[] =
	UK_USER_ROOT_NAME ":x:" STR(UK_USER_ROOT_UID) ":" STR(UK_USER_ROOT_GID)
	":" UK_USER_ROOT_NAME ":" UK_USER_ROOT_HOME ":" UK_USER_ROOT_SHELL "\n";
static const char group_text[] =
	UK_USER_ROOT_GROUP ":x:" STR(UK_USER_ROOT_GID) ":\n";

static int uk_user_etc_init(void)
{
	static const struct {
		const char *path, *text;
	} files[] = {
		{ UK_USER_PASSWD_FILE, passwd_text },
		{ UK_USER_GROUP_FILE, group_text },
	};
	int rc = uk_vfs_kmkdir("/etc", 0755);

	if (rc < 0 && rc != -EEXIST) {
		uk_pr_warn("users: cannot create /etc (error %d): no default user database", -rc);
		return 0;
	}
	for (unsigned int i = 0; i < UK_ARRAY_SIZE(files); i++) {
		rc = uk_vfs_kcreate(files[i].path, 0644, files[i].text,
				    uk_strlen(files[i].text));
		if (rc < 0)
			uk_pr_warn("users: cannot write %s (error %d): its lookups find nobody",
				   files[i].path, -rc);
		else
			uk_pr_info("users: %s %s", files[i].path,
				   rc ? "holds the default entry" : "comes from the initrd");
	}
	return 0;
}
UK_INIT(uk_user_etc_init, UK_INIT_CLASS_LATE);
