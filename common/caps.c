/* Capabilities: checking what we have, dropping what we do not need. */
#include "proc.h"

#include <sys/prctl.h>

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cap-ng.h>

#include "log.h"

#define CAP_LAST_KNOWN	63

/* Failing to drop privileges is permanent: restarting would not help. */
#define caps_fail(...) do {					\
	log_warn(__VA_ARGS__);					\
	exit(VIGIL_EXIT_PERM);					\
} while (0)

const char *
cap_name(int cap)
{
	static char buf[64];
	const char *n = capng_capability_to_name(cap);
	size_t i;

	if (n == NULL) {
		snprintf(buf, sizeof(buf), "CAP_%d", cap);
		return buf;
	}
	snprintf(buf, sizeof(buf), "CAP_%s", n);
	for (i = 0; buf[i] != '\0'; i++)
		buf[i] = toupper((unsigned char)buf[i]);
	return buf;
}

int
caps_missing(const int *caps)
{
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_get_caps_process() == -1)
		fatal("capng_get_caps_process");
	for (; *caps != -1; caps++) {
		if (capng_have_capability(CAPNG_EFFECTIVE, *caps) != 1 ||
		    capng_have_capability(CAPNG_BOUNDING_SET, *caps) != 1)
			return *caps;
	}
	return -1;
}

int
caps_missing_bounding(const int *caps)
{
	for (; *caps != -1; caps++)
		if (prctl(PR_CAPBSET_READ, *caps, 0, 0, 0) != 1)
			return *caps;
	return -1;
}

static bool
caps_in(const int *caps, int cap)
{
	for (; *caps != -1; caps++)
		if (*caps == cap)
			return true;
	return false;
}

/* Drop every capability not in caps from the bounding set: needs
 * CAP_SETPCAP, so it comes first. */
static void
caps_bound(const int *caps)
{
	int cap;

	for (cap = 0; cap <= CAP_LAST_KNOWN; cap++) {
		if (caps_in(caps, cap))
			continue;
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 1)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1)
			caps_fail("cannot drop %s from the bounding set",
			    cap_name(cap));
	}
}

void
caps_limit(const int *caps)
{
	capng_clear(CAPNG_SELECT_CAPS);
	for (; *caps != -1; caps++)
		if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
		    *caps) == -1)
			caps_fail("capng_update %s", cap_name(*caps));
	if (capng_apply(CAPNG_SELECT_CAPS) == -1)
		caps_fail("cannot set the capability sets");
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

void
caps_drop(uid_t uid, gid_t gid, const int *caps, bool limit_bounding)
{
	if (limit_bounding)
		caps_bound(caps);
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == -1)
		caps_fail("prctl(PR_SET_KEEPCAPS)");
	if (setgroups(0, NULL) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1)
		caps_fail("cannot switch to uid %u gid %u", (unsigned)uid,
		    (unsigned)gid);
	caps_limit(caps);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == -1)
		caps_fail("prctl(PR_SET_KEEPCAPS)");
}

void
proc_user(uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	if ((pw = getpwnam("vigil")) == NULL)
		pw = getpwnam("nobody");
	if (pw != NULL) {
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
	} else {
		*uid = 65534;
		*gid = 65534;
	}
}
