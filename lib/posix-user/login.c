/*
 * lib/posix-user/login.c - the login name the kernel knows.
 *
 * It is UK_USER_LOGIN_DEFAULT ("root") or the boot option uk.login=NAME:
 * 1 to UK_USER_LOGIN_MAX characters from A-Z a-z 0-9 . _ -, not starting
 * with '-' (POSIX's portable user names); anything else stops the boot
 * with the option named (status 114, UK_EXIT_CMDLINE). musl's getlogin
 * and getlogin_r report the environment variable LOGNAME, so an init step
 * adds LOGNAME=<name> to the application's environment, unless uk.env
 * already set LOGNAME (the application's own setting wins, as under a
 * login shell).
 */
#include <errno.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/print.h>
#include <ukbase/string.h>
#include "posixuser.h"

static const char *login = UK_USER_LOGIN_DEFAULT;

static int valid_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int login_set(const struct uk_param *p, const char *value)
{
	size_t len = uk_strlen(value);

	(void)p;
	if (len == 0 || len > UK_USER_LOGIN_MAX || value[0] == '-')
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (!valid_char(value[i]))
			return -EINVAL;
	}
	login = value;
	return 0;
}

UK_PARAM_DEFINE_(login, "uk.login", login_set, &login,
		 "a user name: 1-32 of A-Z a-z 0-9 . _ -, not starting with '-'", 0);

const char *uk_user_login(void)
{
	return login;
}

static int uk_user_login_init(void)
{
	static char logname[sizeof("LOGNAME=") + UK_USER_LOGIN_MAX];
	int rc;

	uk_strlcpy(logname, "LOGNAME=", sizeof(logname));
	uk_strlcpy(logname + 8, login, sizeof(logname) - 8);
	rc = uk_boot_env_default(logname);
	if (rc < 0)
		uk_pr_warn("users: LOGNAME not set (error %d): getlogin finds no name", -rc);
	return 0;
}
UK_INIT(uk_user_login_init, UK_INIT_CLASS_LATE);
