/*
 * Who a script runs as, and whether it is safe to run as root:
 * script_user, a script's own "user [group]", keepalived's default
 * user keepalived_script, and enable_script_security's path check.
 */
#include "check/check_user.h"

#include <sys/stat.h>

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The user's supplementary groups, with gid (its primary or the one
 * given), at most CHECK_USER_GROUPS of them. */
static void
check_user_groups(struct check_user *u)
{
	int n = CHECK_USER_GROUPS;

	if (getgrouplist(u->name, u->gid, u->groups, &n) == -1)
		n = CHECK_USER_GROUPS;	/* more: the first ones */
	u->ngroups = n;
}

int
check_user_lookup(const char *spec, struct check_user *u)
{
	char buf[256], *user, *group, *save = NULL;
	struct passwd *pw;
	struct group *gr;
	char *end;
	long n;

	memset(u, 0, sizeof(*u));
	if ((size_t)snprintf(buf, sizeof(buf), "%s", spec) >= sizeof(buf) ||
	    (user = strtok_r(buf, " \t", &save)) == NULL)
		return EINVAL;
	group = strtok_r(NULL, " \t", &save);
	if ((pw = getpwnam(user)) != NULL) {
		u->uid = pw->pw_uid;
		u->gid = pw->pw_gid;
		snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
	} else {
		n = strtol(user, &end, 10);
		if (*end != '\0' || end == user || n < 0 || n > INT_MAX ||
		    (pw = getpwuid((uid_t)n)) == NULL)
			return ENOENT;
		u->uid = pw->pw_uid;
		u->gid = pw->pw_gid;
		snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
	}
	if (group != NULL) {
		if ((gr = getgrnam(group)) != NULL)
			u->gid = gr->gr_gid;
		else {
			n = strtol(group, &end, 10);
			if (*end != '\0' || end == group || n < 0 ||
			    n > INT_MAX)
				return ESRCH;
			u->gid = (gid_t)n;
		}
	}
	check_user_groups(u);
	return 0;
}

void
check_user_default(const char *script_user, struct check_user *u,
    bool *warn_root)
{
	*warn_root = false;
	if (script_user != NULL && script_user[0] != '\0' &&
	    check_user_lookup(script_user, u) == 0)
		return;
	if (check_user_lookup(CHECK_USER_DEFAULT, u) == 0)
		return;
	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "root");
	check_user_groups(u);
	*warn_root = script_user == NULL || script_user[0] == '\0';
}

/* One component: may anyone but root change or replace it? */
static bool
check_user_writable(const struct stat *st)
{
	if (st->st_uid != 0)
		return true;
	if ((st->st_mode & S_IWGRP) && st->st_gid != 0)
		return true;
	/* A world-writable directory with the sticky bit lets others
	 * create entries, not replace root's: the next component, owned
	 * by root, is then checked on its own. */
	if (st->st_mode & S_IWOTH)
		return !(S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX));
	return false;
}

int
check_user_insecure(const char *path, char *bad, size_t badlen)
{
	char real[PATH_MAX], part[PATH_MAX];
	struct stat st;
	char *p;

	if (realpath(path, real) == NULL)
		return errno;
	/* "/", then "/usr", "/usr/bin", ..., the file itself. */
	for (p = real;; p = strchr(p + 1, '/')) {
		if (p == NULL)
			snprintf(part, sizeof(part), "%s", real);
		else if (p == real)
			snprintf(part, sizeof(part), "/");
		else
			snprintf(part, sizeof(part), "%.*s", (int)(p - real),
			    real);
		if (stat(part, &st) == -1)
			return errno;
		if (check_user_writable(&st)) {
			snprintf(bad, badlen, "%s", part);
			return -1;
		}
		if (p == NULL)
			return 0;
	}
}
