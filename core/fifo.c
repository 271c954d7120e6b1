/*
 * notify_fifo and vrrp_notify_fifo, parent side. The check child runs
 * as an unprivileged user, so the parent (root) creates each FIFO, opens
 * it and passes it along inside every configuration stream to the check
 * child (MSG_FIFO_FD), which writes the lines.
 *
 * A missing FIFO is created with mode 0600 and given to its owner ("user
 * [group]", root without one), as keepalived does; one that exists is
 * used as it is, and anything else at that path is left alone and not
 * used. The FIFO is opened read-write and non-blocking: with no reader
 * a write neither blocks nor fails with ENXIO or SIGPIPE, it fills the
 * pipe, which the check child notices. A reload keeps the open FIFO when
 * its path and owner are the same (nothing written is lost); a FIFO the
 * parent created is removed once no configuration names it and when
 * vigild stops.
 *
 * The check child tells the parent its readers' pids (MSG_FIFO_READER),
 * so that the readers of a check child that died get SIGTERM instead of
 * competing with the next check child's for the lines.
 */
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "core/core.h"

struct core_fifo {
	char		 path[IPC_CMD_LEN];
	char		 owner[IPC_NAME_LEN];
	int		 fd;		/* -1: none */
	bool		 created;	/* by vigild: removed when done */
	dev_t		 dev;
	ino_t		 ino;
};

static pid_t core_fifo_readers[FIFO_KIND_MAX];

static struct core_fifo core_fifos[FIFO_KIND_MAX] = {
	[FIFO_NOTIFY] = { .fd = -1 }, [FIFO_VRRP] = { .fd = -1 },
	[FIFO_LVS] = { .fd = -1 },
};

static const char *const core_fifo_kw[FIFO_KIND_MAX] = {
	[FIFO_NOTIFY] = "notify_fifo", [FIFO_VRRP] = "vrrp_notify_fifo",
	[FIFO_LVS] = "lvs_notify_fifo",
};

/* A name or a number. */
static int
core_fifo_id(const char *s, bool group, unsigned long *id)
{
	struct passwd *pw;
	struct group *gr;
	char *end;

	if (!group && (pw = getpwnam(s)) != NULL) {
		*id = pw->pw_uid;
		return 0;
	}
	if (group && (gr = getgrnam(s)) != NULL) {
		*id = gr->gr_gid;
		return 0;
	}
	errno = 0;
	*id = strtoul(s, &end, 10);
	return *s == '\0' || *end != '\0' || errno != 0 || *id > INT_MAX ?
	    -1 : 0;
}

/*
 * "user [group]" to ids, in a short-lived child: the name service modules
 * a lookup loads stay out of the parent, as for the children's user
 * (supervise.c). Without a group, the user's own. -1 if unknown.
 */
static int
core_fifo_owner(const char *spec, uid_t *uid, gid_t *gid)
{
	struct { int ok; uid_t uid; gid_t gid; } r = { 0, 0, 0 };
	char buf[IPC_NAME_LEN], *user, *group, *save = NULL;
	struct passwd *pw;
	unsigned long id;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) == -1 || (pid = fork()) == -1) {
		log_warn("cannot look up %s", spec);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		snprintf(buf, sizeof(buf), "%s", spec);
		user = strtok_r(buf, " \t", &save);
		group = strtok_r(NULL, " \t", &save);
		if (user != NULL && core_fifo_id(user, false, &id) == 0) {
			r.uid = (uid_t)id;
			pw = getpwuid(r.uid);
			r.gid = pw != NULL ? pw->pw_gid : (gid_t)id;
			r.ok = group == NULL ||
			    core_fifo_id(group, true, &id) == 0;
			if (group != NULL)
				r.gid = (gid_t)id;
		}
		_exit(write(p[1], &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1);
	}
	close(p[1]);
	if (read(p[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r.ok = 0;
	close(p[0]);
	/* The SIGCHLD handler may reap it first: then ECHILD, no matter. */
	waitpid(pid, NULL, 0);
	*uid = r.uid;
	*gid = r.gid;
	return r.ok ? 0 : -1;
}

static void
core_fifo_close(struct core_fifo *f, const char *kw)
{
	struct stat st;

	if (f->fd == -1)
		return;
	close(f->fd);
	f->fd = -1;
	/* Only the FIFO vigild made, and only if it is still that one. */
	if (f->created && lstat(f->path, &st) == 0 && st.st_dev == f->dev &&
	    st.st_ino == f->ino) {
		if (unlink(f->path) == 0)
			log_info("%s %s removed", kw, f->path);
		else
			log_warn("%s %s: cannot remove it", kw, f->path);
	}
	f->created = false;
}

/* Create if missing, then open; f->fd is -1 on failure (logged). */
static void
core_fifo_open(struct core_fifo *f, const char *kw)
{
	struct stat st;
	uid_t uid = 0;
	gid_t gid = 0;

	if (f->owner[0] != '\0' && core_fifo_owner(f->owner, &uid, &gid)) {
		log_warnx("%s %s: unknown user or group '%s': FIFO not used",
		    kw, f->path, f->owner);
		return;
	}
	f->created = false;
	if (lstat(f->path, &st) == -1) {
		if (errno != ENOENT || mkfifo(f->path, 0600) == -1) {
			log_warn("%s %s: cannot create it", kw, f->path);
			return;
		}
		f->created = true;
	} else if (!S_ISFIFO(st.st_mode)) {
		log_warnx("%s %s exists and is not a FIFO: not used", kw,
		    f->path);
		return;
	}
	f->fd = open(f->path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (f->fd == -1 || fstat(f->fd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
		log_warn("%s %s: cannot open it", kw, f->path);
		if (f->fd != -1)
			close(f->fd);
		f->fd = -1;
		return;
	}
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	if (f->created && (uid != 0 || gid != 0) &&
	    fchown(f->fd, uid, gid) == -1)
		log_warn("%s %s: cannot give it to %s", kw, f->path, f->owner);
	if (f->created)
		log_info("%s %s created (mode 0600, owner %s)", kw, f->path,
		    f->owner[0] != '\0' ? f->owner : "root");
	else
		log_info("%s %s opened as it is", kw, f->path);
}

/* Still the FIFO at its path (not removed or replaced meanwhile). */
static bool
core_fifo_same(const struct core_fifo *f, const struct msg_conf_fifo *c)
{
	struct stat st;

	return f->fd != -1 && strcmp(f->path, c->path) == 0 &&
	    strcmp(f->owner, c->owner) == 0 && stat(f->path, &st) == 0 &&
	    st.st_dev == f->dev && st.st_ino == f->ino;
}

void
core_fifo_adopt(const struct conf_set *check)
{
	const struct msg_conf_fifo *c;
	struct core_fifo *f;
	int k;

	for (k = 0; k < FIFO_KIND_MAX; k++) {
		f = &core_fifos[k];
		c = conf_set_fifo(check, k);
		if (c != NULL && core_fifo_same(f, c))
			continue;
		core_fifo_close(f, core_fifo_kw[k]);
		if (c == NULL)
			continue;
		snprintf(f->path, sizeof(f->path), "%s", c->path);
		snprintf(f->owner, sizeof(f->owner), "%s", c->owner);
		core_fifo_open(f, core_fifo_kw[k]);
	}
}

void
core_fifo_send(struct ipc_chan *c)
{
	struct msg_fifo_fd m;
	int k, fd;

	for (k = 0; k < FIFO_KIND_MAX; k++) {
		if (core_fifos[k].fd == -1)
			continue;
		if ((fd = fcntl(core_fifos[k].fd, F_DUPFD_CLOEXEC, 0)) == -1) {
			log_warn("%s: cannot pass it on", core_fifo_kw[k]);
			continue;
		}
		m.kind = (uint32_t)k;
		ipc_send_with_fd(c, MSG_FIFO_FD, &m, sizeof(m), fd);
	}
}

void
core_fifo_reader(const struct msg_fifo_reader *m)
{
	if (m->kind >= FIFO_KIND_MAX || m->pid < 0) {
		log_warnx("MSG_FIFO_READER: FIFO kind %u, pid %d", m->kind,
		    (int)m->pid);
		return;
	}
	core_fifo_readers[m->kind] = (pid_t)m->pid;
}

void
core_fifo_readers_stop(void)
{
	int k;

	for (k = 0; k < FIFO_KIND_MAX; k++) {
		if (core_fifo_readers[k] <= 0)
			continue;
		log_info("%s: stopping the reader (pid %d) of the check child "
		    "that died", core_fifo_kw[k], (int)core_fifo_readers[k]);
		kill(-core_fifo_readers[k], SIGTERM);
		core_fifo_readers[k] = 0;
	}
}

void
core_fifo_close_all(void)
{
	int k;

	for (k = 0; k < FIFO_KIND_MAX; k++)
		core_fifo_close(&core_fifos[k], core_fifo_kw[k]);
}
