/*
 * notify_fifo, vrrp_notify_fifo and lvs_notify_fifo, check child side:
 * a line for each report of the vrrp child (to notify_fifo and
 * vrrp_notify_fifo) and for each virtual or real server state change (to
 * notify_fifo and lvs_notify_fifo), in keepalived's format, to the FIFOs
 * the parent opened and passed on (MSG_FIFO_FD):
 *
 *	INSTANCE "VI_1" MASTER 100	state and effective priority
 *	GROUP "G1" BACKUP 0		a sync group (no priority: 0)
 *
 * States: MASTER, BACKUP, FAULT, STOP (vigild stopping), FAULT for an
 * instance a reload removed (keepalived's word without notify_deleted;
 * DELETED with it; a sync group a reload removed has a line, DELETED,
 * only with notify_deleted),
 * MASTER_RX_LOWER_PRI (a master heard a lower priority advert),
 * MASTER_PRIORITY and BACKUP_PRIORITY (its effective priority changed,
 * with notify_priority_changes).
 *
 * Reports that come before the check child has its first configuration
 * (the vrrp child's first BACKUP may) wait for it, up to
 * CHECK_FIFO_EARLY_MAX lines.
 *
 * A write never blocks: the FIFO is non-blocking and a line is shorter
 * than PIPE_BUF, so it goes in whole or not at all. A full FIFO (its
 * reader slow, stopped or gone) drops lines: counted, logged once, and
 * once more when a line goes in again.
 *
 * A FIFO's script is started with the FIFO's path appended to its
 * arguments, as its user (script_user's rule without one), and started
 * again whenever it exits: after 1 s, doubling up to
 * CHECK_FIFO_BACKOFF_MAX while it keeps exiting within
 * CHECK_FIFO_STABLE_S. It gets SIGTERM when its FIFO or its command
 * changes at a reload, and when the check child exits: from the check
 * child itself, from the kernel (PR_SET_PDEATHSIG) if it dies, or else
 * from the parent, which knows the readers' pids (MSG_FIFO_READER); the
 * kernel forgets PR_SET_PDEATHSIG when a reader running as root gains
 * root's capabilities at exec.
 */
#include "check/check_fifo.h"

#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "check/check_notify.h"
#include "check/check_run.h"
#include "check/check_user.h"
#include "common/log.h"
#include "common/proc.h"
#include "common/util.h"

struct check_fifo {
	struct msg_conf_fifo conf;
	bool		 configured;
	int		 fd;		/* -1: none */
	int		 pending;	/* from MSG_FIFO_FD, for the apply */
	struct check_run *reader;
	struct event	*restart;
	unsigned int	 backoff;	/* s, before the next start */
	time_t		 started;	/* the reader's, monotonic */
	bool		 dropping;	/* full: the next drop is not logged */
	uint64_t	 lines;
	uint64_t	 dropped;
	uint64_t	 dropped_now;	/* since the FIFO was found full */
	uint64_t	 full;		/* times it was found full */
	uint64_t	 starts;	/* of the reader */
};

/* The last state of each instance and group, for
 * fifo_write_vrrp_states_on_reload. */
struct check_fifo_state {
	TAILQ_ENTRY(check_fifo_state) entry;
	char		 name[IPC_NAME_LEN];
	uint32_t	 flags;		/* VRRP_STATE_F_GROUP */
	uint32_t	 state;		/* VREPORT_BACKUP, _MASTER, _FAULT */
	uint32_t	 priority;
};

/* A line reported before the first configuration. */
struct check_fifo_early {
	TAILQ_ENTRY(check_fifo_early) entry;
	size_t		 len;
	char		 line[IPC_NAME_LEN + 64];
};
#define CHECK_FIFO_EARLY_MAX	256

static struct check_fifo check_fifos[FIFO_KIND_MAX];
static TAILQ_HEAD(, check_fifo_early) check_fifo_early =
    TAILQ_HEAD_INITIALIZER(check_fifo_early);
static size_t check_fifo_early_len;
static TAILQ_HEAD(, check_fifo_state) check_fifo_states =
    TAILQ_HEAD_INITIALIZER(check_fifo_states);
static const struct conf_set *check_fifo_conf;

static const char *const check_fifo_kw[FIFO_KIND_MAX] = {
	[FIFO_NOTIFY] = "notify_fifo", [FIFO_VRRP] = "vrrp_notify_fifo",
	[FIFO_LVS] = "lvs_notify_fifo",
};

static void check_fifo_restart_cb(int, short, void *);

static time_t
check_fifo_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void
check_fifo_init(struct event_base *base)
{
	struct check_fifo *f;
	int k;

	for (k = 0; k < FIFO_KIND_MAX; k++) {
		f = &check_fifos[k];
		f->fd = f->pending = -1;
		f->backoff = 1;
		f->restart = evtimer_new(base, check_fifo_restart_cb, f);
		if (f->restart == NULL)
			fatalx("cannot create a FIFO reader timer");
	}
}

void
check_fifo_take_fd(const struct msg_fifo_fd *m, int fd)
{
	struct check_fifo *f;

	if (m->kind >= FIFO_KIND_MAX)
		fatalx("ipc: MSG_FIFO_FD: FIFO kind %u", m->kind);
	f = &check_fifos[m->kind];
	if (f->pending != -1)
		close(f->pending);
	f->pending = fd;
	/* The parent opened it non-blocking; a write must never block. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
		log_warn("%s: fcntl", check_fifo_kw[m->kind]);
}

static const char *
check_fifo_name(const struct check_fifo *f)
{
	return check_fifo_kw[f - check_fifos];
}

/* Tell the parent whose process group to stop if we die. */
static void
check_fifo_tell(const struct check_fifo *f, pid_t pid)
{
	struct msg_fifo_reader m = { .kind = (uint32_t)(f - check_fifos),
	    .pid = (int32_t)pid };
	struct proc_env *env = proc_env();

	if (env != NULL && env->core != NULL)
		ipc_send(env->core, MSG_FIFO_READER, &m, sizeof(m));
}

static void
check_fifo_reader_done(void *arg, const struct check_run_result *res)
{
	struct check_fifo *f = arg;
	struct timeval tv = { f->backoff, 0 };
	char how[64];

	f->reader = NULL;
	check_fifo_tell(f, 0);
	if (check_fifo_now() - f->started >= CHECK_FIFO_STABLE_S)
		f->backoff = 1;
	tv.tv_sec = f->backoff;
	if (res->output_len > 0)
		log_debug("%s_script output%s: %s", check_fifo_name(f),
		    res->output_dropped ? " (cut)" : "", res->output);
	switch (res->end) {
	case CHECK_RUN_EXITED:
		snprintf(how, sizeof(how), "exited with status %d",
		    res->status);
		break;
	case CHECK_RUN_SIGNALLED:
		snprintf(how, sizeof(how), "killed by signal %d", res->status);
		break;
	default:
		snprintf(how, sizeof(how), "could not run: %s",
		    strerror(res->status));
		break;
	}
	log_warnx("%s_script %s %s: starting it again in %lld s",
	    check_fifo_name(f), f->conf.script, how, (long long)tv.tv_sec);
	evtimer_add(f->restart, &tv);
	f->backoff = f->backoff * 2 > CHECK_FIFO_BACKOFF_MAX ?
	    CHECK_FIFO_BACKOFF_MAX : f->backoff * 2;
}

/* The reader's user; false (logged) when it is not to run. The parent
 * checked, as root, whether its program is safe to run as root. */
static bool
check_fifo_user(struct check_fifo *f, struct check_user *u)
{
	const struct conf_set *c = check_fifo_conf;
	bool root;

	if (f->conf.script_user[0] != '\0') {
		if (check_user_lookup(f->conf.script_user, u) != 0) {
			log_warnx("%s_script: user %s unknown: not started",
			    check_fifo_name(f), f->conf.script_user);
			return false;
		}
	} else
		check_user_default(c != NULL ? c->global.script_user : NULL,
		    u, &root);
	if (!(f->conf.flags & FIFO_F_INSECURE))
		return true;
	if (c != NULL && c->global.script_security) {
		log_warnx("%s_script %s runs as root but %s can be changed by "
		    "a user other than root: not started "
		    "(enable_script_security)", check_fifo_name(f),
		    f->conf.script, f->conf.insecure);
		return false;
	}
	log_warnx("%s_script: SECURITY: %s runs as root and %s can be changed "
	    "by a user other than root; set enable_script_security to "
	    "refuse such scripts", check_fifo_name(f), f->conf.script,
	    f->conf.insecure);
	return true;
}

static void
check_fifo_reader_start(struct check_fifo *f)
{
	char buf[IPC_CMD_LEN], path[PATH_MAX];
	char *argv[CHECK_RUN_ARGS_MAX];
	struct check_run_cmd cmd;
	struct check_user u;
	struct timeval tv;
	int argc, e;

	if (f->reader != NULL || f->fd == -1 || f->conf.script[0] == '\0')
		return;
	argc = check_run_split(f->conf.script, buf, sizeof(buf), argv,
	    CHECK_RUN_ARGS_MAX - 1);
	if (argc <= 0) {
		log_warnx("%s_script: cannot split \"%s\" into words",
		    check_fifo_name(f), f->conf.script);
		return;
	}
	argv[argc++] = f->conf.path;
	argv[argc] = NULL;
	if ((e = check_run_resolve(argv[0], path, sizeof(path))) != 0) {
		tv.tv_sec = f->backoff;
		tv.tv_usec = 0;
		log_warnx("%s_script %s: %s: trying again in %lld s",
		    check_fifo_name(f), argv[0], e == ENOENT ? "not found" :
		    strerror(e), (long long)tv.tv_sec);
		evtimer_add(f->restart, &tv);
		f->backoff = f->backoff * 2 > CHECK_FIFO_BACKOFF_MAX ?
		    CHECK_FIFO_BACKOFF_MAX : f->backoff * 2;
		return;
	}
	if (!check_fifo_user(f, &u))
		return;
	memset(&cmd, 0, sizeof(cmd));
	cmd.path = path;
	cmd.argv = argv;
	cmd.user = &u;
	cmd.term_with_parent = true;
	if ((f->reader = check_run_start(&cmd, check_fifo_reader_done, f)) ==
	    NULL)
		return;
	f->started = check_fifo_now();
	f->starts++;
	check_fifo_tell(f, check_run_pid(f->reader));
	log_info("%s_script %s started (pid %d, user %s) to read %s",
	    check_fifo_name(f), f->conf.script, (int)check_run_pid(f->reader),
	    u.name, f->conf.path);
}

static void
check_fifo_restart_cb(int fd, short what, void *arg)
{
	check_fifo_reader_start(arg);
}

static void
check_fifo_reader_stop(struct check_fifo *f)
{
	evtimer_del(f->restart);
	f->backoff = 1;
	if (f->reader == NULL)
		return;
	log_info("%s_script (pid %d) stopped", check_fifo_name(f),
	    (int)check_run_pid(f->reader));
	kill(-check_run_pid(f->reader), SIGTERM);
	check_run_detach(f->reader);
	f->reader = NULL;
	check_fifo_tell(f, 0);
}

/* Whether fd is the FIFO f has open. */
static bool
check_fifo_same(const struct check_fifo *f, int fd)
{
	struct stat a, b;

	return f->fd != -1 && fd != -1 && fstat(f->fd, &a) == 0 &&
	    fstat(fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void
check_fifo_close(struct check_fifo *f)
{
	if (f->fd != -1)
		close(f->fd);
	f->fd = -1;
	f->dropping = false;
}

/* One kind: the new FIFO (or the same), its reader. */
static void
check_fifo_apply_one(struct check_fifo *f, const struct msg_conf_fifo *c)
{
	int fd = f->pending;
	bool changed;

	f->pending = -1;
	if (c == NULL) {
		check_fifo_reader_stop(f);
		check_fifo_close(f);
		if (fd != -1)
			close(fd);
		f->configured = false;
		return;
	}
	if (check_fifo_same(f, fd)) {
		close(fd);
		changed = false;
	} else {
		check_fifo_close(f);
		f->fd = fd;
		changed = true;
	}
	changed |= !f->configured || strcmp(f->conf.script, c->script) != 0 ||
	    strcmp(f->conf.script_user, c->script_user) != 0 ||
	    strcmp(f->conf.path, c->path) != 0;
	f->conf = *c;
	f->configured = true;
	if (f->fd == -1)
		log_warnx("%s %s: not opened (see the parent's log): nothing "
		    "is written to it", check_fifo_name(f), c->path);
	if (changed)
		check_fifo_reader_stop(f);
	if (f->reader == NULL && !evtimer_pending(f->restart, NULL))
		check_fifo_reader_start(f);
}

static void
check_fifo_write(struct check_fifo *f, const char *line, size_t len)
{
	ssize_t n;

	if (f->fd == -1)
		return;
	if ((n = write(f->fd, line, len)) == (ssize_t)len) {
		f->lines++;
		if (f->dropping)
			log_info("%s %s: writing again; %llu lines were "
			    "dropped while it was full", check_fifo_name(f),
			    f->conf.path, (unsigned long long)f->dropped_now);
		f->dropping = false;
		return;
	}
	f->dropped++;
	if (f->dropping) {
		f->dropped_now++;
		return;
	}
	f->dropping = true;
	f->dropped_now = 1;
	f->full++;
	if (n == -1 && errno == EAGAIN)
		log_warnx("%s %s is full (its reader is slow, stopped or "
		    "gone): dropping lines until it drains",
		    check_fifo_name(f), f->conf.path);
	else
		log_warnx("%s %s: cannot write (%s): dropping lines",
		    check_fifo_name(f), f->conf.path,
		    n == -1 ? strerror(errno) : "short write");
}

/* A VRRP line: notify_fifo and vrrp_notify_fifo. */
static void
check_fifo_write_all(const char *line, size_t len)
{
	check_fifo_write(&check_fifos[FIFO_NOTIFY], line, len);
	check_fifo_write(&check_fifos[FIFO_VRRP], line, len);
}

void
check_fifo_lvs(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n <= 0 || (size_t)n >= sizeof(line))
		return;
	check_fifo_write(&check_fifos[FIFO_NOTIFY], line, (size_t)n);
	check_fifo_write(&check_fifos[FIFO_LVS], line, (size_t)n);
}

/* keepalived's line for a report; 0 when there is none (INIT). from:
 * the state a PRIORITY report was made in. */
static size_t
check_fifo_line(const char *name, uint32_t flags, uint32_t state,
    uint32_t from, uint32_t priority, char *buf, size_t len)
{
	static const char *const word[VREPORT_MAX] = {
		[VREPORT_BACKUP] = "BACKUP", [VREPORT_MASTER] = "MASTER",
		[VREPORT_FAULT] = "FAULT", [VREPORT_STOP] = "STOP",
		[VREPORT_DELETED] = "FAULT",	/* DELETED: notify_deleted */
		[VREPORT_MASTER_RX_LOWER_PRI] = "MASTER_RX_LOWER_PRI",
	};
	bool group = (flags & VRRP_STATE_F_GROUP) != 0;
	const char *w;
	int n;

	if (state == VREPORT_PRIORITY)
		w = from == VREPORT_MASTER ? "MASTER_PRIORITY" :
		    from == VREPORT_BACKUP ? "BACKUP_PRIORITY" : NULL;
	else if (state == VREPORT_DELETED &&
	    check_notify_deleted_set(name, group))
		w = "DELETED";
	else if (state == VREPORT_DELETED && group)
		w = NULL;	/* a removed group: no line (keepalived's) */
	else
		w = state < VREPORT_MAX ? word[state] : NULL;
	if (w == NULL)
		return 0;
	n = snprintf(buf, len, "%s \"%s\" %s %u\n", group ? "GROUP" :
	    "INSTANCE", name, w, group ? 0 : priority);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

static struct check_fifo_state *
check_fifo_state_find(const char *name, uint32_t flags)
{
	struct check_fifo_state *s;

	TAILQ_FOREACH(s, &check_fifo_states, entry)
		if (s->flags == flags && strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* Remember what fifo_write_vrrp_states_on_reload would write. */
static void
check_fifo_state_note(const struct msg_vrrp_state *m)
{
	uint32_t flags = m->flags & VRRP_STATE_F_GROUP;
	struct check_fifo_state *s = check_fifo_state_find(m->name, flags);

	switch (m->state) {
	case VREPORT_BACKUP:
	case VREPORT_MASTER:
	case VREPORT_FAULT:
		if (s == NULL) {
			s = xcalloc(1, sizeof(*s));
			snprintf(s->name, sizeof(s->name), "%s", m->name);
			s->flags = flags;
			TAILQ_INSERT_TAIL(&check_fifo_states, s, entry);
		}
		s->state = m->state;
		s->priority = m->priority;
		break;
	case VREPORT_PRIORITY:
		if (s != NULL)
			s->priority = m->priority;
		break;
	case VREPORT_STOP:
	case VREPORT_DELETED:
		if (s != NULL) {
			TAILQ_REMOVE(&check_fifo_states, s, entry);
			free(s);
		}
		break;
	default:
		break;
	}
}

/* Before the first configuration: keep the line for it. */
static void
check_fifo_early_add(const char *line, size_t len)
{
	struct check_fifo_early *e;

	if (check_fifo_early_len >= CHECK_FIFO_EARLY_MAX)
		return;
	e = xcalloc(1, sizeof(*e));
	memcpy(e->line, line, len);
	e->len = len;
	TAILQ_INSERT_TAIL(&check_fifo_early, e, entry);
	check_fifo_early_len++;
}

static void
check_fifo_early_flush(void)
{
	struct check_fifo_early *e;

	while ((e = TAILQ_FIRST(&check_fifo_early)) != NULL) {
		TAILQ_REMOVE(&check_fifo_early, e, entry);
		check_fifo_write_all(e->line, e->len);
		free(e);
	}
	check_fifo_early_len = 0;
}

void
check_fifo_report(const struct msg_vrrp_state *m)
{
	char line[IPC_NAME_LEN + 64];
	size_t len;

	check_fifo_state_note(m);
	if ((len = check_fifo_line(m->name, m->flags, m->state, m->from,
	    m->priority, line, sizeof(line))) == 0)
		return;
	if (check_fifo_conf == NULL)
		check_fifo_early_add(line, len);
	else
		check_fifo_write_all(line, len);
}

/* fifo_write_vrrp_states_on_reload: every instance's, then every
 * group's state as last reported. */
static void
check_fifo_write_states(void)
{
	const struct check_fifo_state *s;
	char line[IPC_NAME_LEN + 64];
	size_t len;
	int pass;

	for (pass = 0; pass < 2; pass++)
		TAILQ_FOREACH(s, &check_fifo_states, entry) {
			if ((s->flags != 0) != (pass == 1))
				continue;
			if ((len = check_fifo_line(s->name, s->flags,
			    s->state, s->state, s->priority, line,
			    sizeof(line))) > 0)
				check_fifo_write_all(line, len);
		}
}

void
check_fifo_apply(const struct conf_set *old, const struct conf_set *cur)
{
	const struct msg_conf_fifo *c;
	bool states = false;
	int k;

	check_fifo_conf = cur;
	for (k = 0; k < FIFO_KIND_MAX; k++) {
		c = conf_set_fifo(cur, (uint32_t)k);
		check_fifo_apply_one(&check_fifos[k], c);
		states |= c != NULL && (c->flags & FIFO_F_STATES_ON_RELOAD);
	}
	check_fifo_early_flush();
	/* A reload: not the first configuration of this process. */
	if (states && old->gen != 0)
		check_fifo_write_states();
}

bool
check_fifo_draining(unsigned int ms)
{
	const struct check_fifo *f;
	int k, unread;

	for (k = 0; k < FIFO_KIND_MAX && ms < CHECK_FIFO_DRAIN_MS; k++) {
		f = &check_fifos[k];
		if (f->reader != NULL && f->fd != -1 &&
		    ioctl(f->fd, FIONREAD, &unread) == 0 && unread > 0)
			return true;
	}
	/* Read, or out of time: the check child exits now. */
	for (k = 0; k < FIFO_KIND_MAX; k++)
		check_fifo_reader_stop(&check_fifos[k]);
	return false;
}

void
check_fifo_dump_stats(struct ipc_chan *c, uint32_t id)
{
	const struct check_fifo *f;
	char pid[32];
	int k;

	for (k = 0; k < FIFO_KIND_MAX; k++) {
		f = &check_fifos[k];
		if (!f->configured)
			continue;
		if (f->reader != NULL)
			snprintf(pid, sizeof(pid), "%d",
			    (int)check_run_pid(f->reader));
		else
			snprintf(pid, sizeof(pid), "none");
		ipc_dump_printf(c, id, " Notify FIFO %s %s: %s, lines written "
		    "= %llu, dropped = %llu, found full = %llu, reader pid = "
		    "%s, reader starts = %llu\n", check_fifo_kw[k],
		    f->conf.path, f->fd == -1 ? "not open" : f->dropping ?
		    "full" : "open", (unsigned long long)f->lines,
		    (unsigned long long)f->dropped,
		    (unsigned long long)f->full, pid,
		    (unsigned long long)f->starts);
	}
}
