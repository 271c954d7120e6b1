/* Script users and enable_script_security (check_user.c). */
#ifndef VIGIL_CHECK_USER_H
#define VIGIL_CHECK_USER_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

/* keepalived's default script user, used when it exists. */
#define CHECK_USER_DEFAULT	"keepalived_script"

#define CHECK_USER_GROUPS	32	/* supplementary groups kept */

/* A script's user, looked up once (name service calls) so that the
 * forked child switches to it with plain system calls. */
struct check_user {
	uid_t	 uid;
	gid_t	 gid;
	char	 name[64];
	int	 ngroups;		/* supplementary groups */
	gid_t	 groups[CHECK_USER_GROUPS];
};

/* "user [group]" (names or numbers): 0, or ENOENT (no such user),
 * ESRCH (no such group), EINVAL (empty). */
int check_user_lookup(const char *spec, struct check_user *);
/* The user of a script without its own: script_user if set and known,
 * else keepalived_script if it exists, else root; warn_root is set when
 * root is used because neither was given. */
void check_user_default(const char *script_user, struct check_user *,
    bool *warn_root);
/* enable_script_security: 0 when no path component of path (symbolic
 * links resolved) can be changed or replaced by anyone but root; -1
 * with the first such component in bad; or an errno (stat failed). */
int check_user_insecure(const char *path, char *bad, size_t badlen);

#endif
