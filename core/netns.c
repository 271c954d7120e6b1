/*
 * net_namespace NAME: the parent joins /run/netns/NAME (as `ip netns add`
 * makes it) right after reading the configuration, before it opens
 * anything or starts a child, so every process and socket of vigild lives
 * there. Files (pid files, control socket, dumps) stay in the file system
 * everyone shares. The namespace is fixed for the daemon's life: a reload
 * that names another one is refused.
 */
#include <sched.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_global.h"
#include "core/core.h"

#define NETNS_DIR	"/run/netns"

static char *joined;		/* the namespace vigild runs in, or NULL */

static void
netns_quiet(void *arg, enum conf_level level, const char *line)
{
	(void)arg;
	(void)level;
	(void)line;
}

/* The net_namespace of path, read without a word said (the load that
 * follows, inside the namespace, gives the diagnostics). */
char *
core_netns_peek(const char *path, const char *config_id)
{
	struct conf_load_opts lo = { .diag = netns_quiet,
	    .config_id = config_id };
	struct vigil_conf *conf;
	char *name = NULL;

	if ((conf = conf_load(path, &lo)) == NULL)
		return NULL;
	if (conf->global.net_namespace != NULL)
		name = xstrdup(conf->global.net_namespace);
	conf_free(conf);
	return name;
}

/* Join NAME: 0, or -1 with why (vigild never creates a namespace). */
int
core_netns_join(const char *name, char *why, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", NETNS_DIR, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(why, len, "net_namespace %s: %s: %s%s", name, path,
		    strerror(errno), errno == ENOENT ? " (vigild does not "
		    "create it: `ip netns add NAME` first)" : "");
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) == -1) {
		snprintf(why, len, "net_namespace %s: setns: %s", name,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	free(joined);
	joined = xstrdup(name);
	return 0;
}

/* Logged once the log is set up (the join comes first). */
void
core_netns_log(void)
{
	if (joined != NULL)
		log_info("running in network namespace %s (%s/%s)", joined,
		    NETNS_DIR, joined);
}

/* Whether conf names the namespace vigild is in (none: none joined). */
bool
core_netns_same(const struct vigil_conf *conf)
{
	const char *want = conf->global.net_namespace;

	return (want == NULL) == (joined == NULL) &&
	    (want == NULL || strcmp(want, joined) == 0);
}

/* A reload cannot move a running daemon to another namespace. */
bool
core_netns_reload_refused(const struct vigil_conf *conf, char *why,
    size_t len)
{
	const char *want = conf->global.net_namespace;

	if (core_netns_same(conf))
		return false;
	snprintf(why, len, "reload refused: net_namespace changed (running "
	    "in %s, the configuration names %s); it changes only at a "
	    "restart; keeping configuration %u",
	    joined != NULL ? joined : "the namespace vigild was started in",
	    want != NULL ? want : "none", core.gen);
	log_warnx("%s", why);
	return true;
}
