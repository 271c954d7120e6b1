/*
 * Two global_defs keywords the parent carries out around the
 * configuration it reads:
 * - disable_local_igmp: net.ipv4.igmp_link_local_mcast_reports set to 0
 *   in vigild's network namespace at start, the value found put back at
 *   exit (keepalived 2.2.7 does the same, VMAC or not); a reload does not
 *   change it (a warning says to restart, as keepalived's).
 * - reload_file [PATH]: made (or truncated) before a reload reads the
 *   files and removed once they are read, so that whoever writes them
 *   can wait for the reading to end; without PATH, vigil.reload next to
 *   the pid file. At start, a leftover file is removed once the files
 *   are read.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "conf/conf.h"
#include "conf/conf_global.h"
#include "core/core.h"

#define IGMP_SYSCTL	"/proc/sys/net/ipv4/igmp_link_local_mcast_reports"

static struct {
	bool	 igmp_set;	/* we wrote 0; igmp_old to put back */
	bool	 igmp_conf;	/* disable_local_igmp at start */
	char	 igmp_old[16];
	char	*reload_file;	/* of the running configuration, or NULL */
} rf;

static int
core_sysctl_write(const char *path, const char *v)
{
	int fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -1;
	if (write(fd, v, strlen(v)) != (ssize_t)strlen(v))
		rc = -1;
	close(fd);
	return rc;
}

static void
core_igmp_start(const struct vigil_conf *conf)
{
	FILE *f;

	rf.igmp_conf = conf->global.disable_local_igmp;
	if (!rf.igmp_conf)
		return;
	if ((f = fopen(IGMP_SYSCTL, "re")) == NULL ||
	    fgets(rf.igmp_old, sizeof(rf.igmp_old), f) == NULL) {
		log_warn("disable_local_igmp: cannot read %s", IGMP_SYSCTL);
		if (f != NULL)
			fclose(f);
		return;
	}
	fclose(f);
	rf.igmp_old[strcspn(rf.igmp_old, "\n")] = '\0';
	if (core_sysctl_write(IGMP_SYSCTL, "0") == -1) {
		log_warn("disable_local_igmp: cannot write %s", IGMP_SYSCTL);
		return;
	}
	rf.igmp_set = true;
	log_info("disable_local_igmp: igmp_link_local_mcast_reports 0 (was "
	    "%s) until vigild stops", rf.igmp_old);
}

/* The reload_file of conf, or NULL. */
static char *
core_reload_file_path(const struct vigil_conf *conf,
    const struct core_opts *opts)
{
	char *dir, *copy, *p;

	if (!conf->global.reload_file_set)
		return NULL;
	if (conf->global.reload_file != NULL)
		return strdup(conf->global.reload_file);
	if ((copy = strdup(opts->pidfile)) == NULL)
		return NULL;
	dir = dirname(copy);
	if (asprintf(&p, "%s/vigil.reload", dir) == -1)
		p = NULL;
	free(copy);
	return p;
}

static void
core_reload_file_remove(void)
{
	if (rf.reload_file != NULL && unlink(rf.reload_file) == -1 &&
	    errno != ENOENT)
		log_warn("reload_file: cannot remove %s", rf.reload_file);
}

/* At start, once the configuration is read. */
void
core_rfile_start(const struct vigil_conf *conf, const struct core_opts *opts)
{
	rf.reload_file = core_reload_file_path(conf, opts);
	core_reload_file_remove();
	core_igmp_start(conf);
}

/* Before a reload reads the files. */
void
core_rfile_reload_begin(void)
{
	int fd;

	if (rf.reload_file == NULL)
		return;
	if ((fd = open(rf.reload_file, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC | O_NOFOLLOW, 0644)) == -1) {
		log_warn("reload_file: cannot make %s", rf.reload_file);
		return;
	}
	close(fd);
}

/* Once a reload has read them: conf is the new configuration, or NULL
 * when it was refused (the running one stays). */
void
core_rfile_reload_end(const struct vigil_conf *conf,
    const struct core_opts *opts)
{
	core_reload_file_remove();
	if (conf == NULL)
		return;
	if (conf->global.disable_local_igmp != rf.igmp_conf)
		log_warnx("disable_local_igmp: a reload does not change it; "
		    "restart vigild to apply it");
	free(rf.reload_file);
	rf.reload_file = core_reload_file_path(conf, opts);
}

/* At exit: igmp_link_local_mcast_reports as found. */
void
core_rfile_stop(void)
{
	if (rf.igmp_set && core_sysctl_write(IGMP_SYSCTL, rf.igmp_old) == -1)
		log_warn("disable_local_igmp: cannot put %s back to %s",
		    IGMP_SYSCTL, rf.igmp_old);
	rf.igmp_set = false;
	free(rf.reload_file);
	rf.reload_file = NULL;
}
