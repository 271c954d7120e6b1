/*
 * Notify scripts, in event order: each instance and each sync group has
 * a queue of the notifications its reports call for; the next starts
 * only once the one before it has exited, or has run for
 * CHECK_NOTIFY_WAIT_MS (it is then left running, not killed, and the
 * queue moves on). So a script never sees BACKUP after MASTER when the
 * instance went BACKUP then MASTER, however fast. Queues of different
 * instances run side by side.
 *
 * A report of state S runs notify_S (as written), then notify with
 * "INSTANCE|GROUP name S priority" appended (keepalived's arguments;
 * a group's priority is 0, as keepalived 2.2.7 passes it). STOP runs notify_stop and notify ... STOP.
 * An instance a reload removed (DELETED) runs notify ... FAULT, as
 * keepalived does, and neither notify_fault nor notify_stop; a sync
 * group a reload removed runs nothing (keepalived 2.2.7 neither); with
 * notify_deleted (of the instance or the group), notify_deleted's script
 * (if any), then notify ... DELETED. The vrrp child may report it after this child took the new
 * configuration, where the instance is gone: its notifications are
 * then looked up in those of the configuration before (check_notify_gone).
 * A lower priority advert heard as master runs notify_master_rx_lower_pri.
 */
#include "check/check_notify.h"

#include <sys/queue.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "check/check_run.h"
#include "check/check_user.h"
#include "common/log.h"
#include "common/util.h"

struct check_notify_job {
	TAILQ_ENTRY(check_notify_job) entry;
	char		 buf[IPC_CMD_LEN + 128];
	char		*argv[CHECK_RUN_ARGS_MAX + 4];
	char		 what[96];	/* for the log: "notify_master" */
	struct check_user user;
};

struct check_notify_queue {
	TAILQ_ENTRY(check_notify_queue) entry;
	char		 name[IPC_NAME_LEN];
	uint32_t	 group;		/* NOTIFY_F_GROUP or 0 */
	TAILQ_HEAD(, check_notify_job) jobs;
	struct check_run *run;		/* the head job's process */
	struct event	*wait;		/* CHECK_NOTIFY_WAIT_MS bound */
};

static TAILQ_HEAD(, check_notify_queue) check_notify_queues =
    TAILQ_HEAD_INITIALIZER(check_notify_queues);
static struct event_base *check_notify_base;
static const struct conf_set *check_notify_conf;
/* The notifications of the configuration before the current one. */
static struct msg_conf_notify *check_notify_gone;
static size_t check_notify_ngone;
static struct check_notify_stats check_notify_stats;

static const char *const check_notify_kw[NOTIFY_KIND_MAX] = {
	[NOTIFY_MASTER] = "notify_master", [NOTIFY_BACKUP] = "notify_backup",
	[NOTIFY_FAULT] = "notify_fault", [NOTIFY_STOP] = "notify_stop",
	[NOTIFY_ANY] = "notify",
	[NOTIFY_MASTER_RX_LOWER_PRI] = "notify_master_rx_lower_pri",
	[NOTIFY_DELETED] = "notify_deleted",
};

static const char *const check_notify_state[VREPORT_MAX] = {
	[VREPORT_INIT] = "INIT", [VREPORT_BACKUP] = "BACKUP",
	[VREPORT_MASTER] = "MASTER", [VREPORT_FAULT] = "FAULT",
	[VREPORT_STOP] = "STOP", [VREPORT_DELETED] = "DELETED",
	[VREPORT_MASTER_RX_LOWER_PRI] = "MASTER",
	[VREPORT_PRIORITY] = "PRIORITY",
};

const char *
check_notify_state_name(uint32_t state)
{
	return state < VREPORT_MAX ? check_notify_state[state] : "?";
}

static void check_notify_next(struct check_notify_queue *);
static void check_notify_wait_cb(int, short, void *);

void
check_notify_init(struct event_base *base)
{
	check_notify_base = base;
	check_run_init(base);
}

void
check_notify_apply(const struct conf_set *old, const struct conf_set *cur)
{
	free(check_notify_gone);
	check_notify_gone = NULL;
	check_notify_ngone = 0;
	if (old != NULL && old->nnotify > 0) {
		check_notify_gone = xcalloc(old->nnotify,
		    sizeof(*check_notify_gone));
		memcpy(check_notify_gone, old->notify,
		    old->nnotify * sizeof(*check_notify_gone));
		check_notify_ngone = old->nnotify;
	}
	check_notify_conf = cur;
}

static struct check_notify_queue *
check_notify_queue(const char *name, uint32_t group)
{
	struct check_notify_queue *q;

	TAILQ_FOREACH(q, &check_notify_queues, entry)
		if (q->group == group && strcmp(q->name, name) == 0)
			return q;
	q = xcalloc(1, sizeof(*q));
	snprintf(q->name, sizeof(q->name), "%s", name);
	q->group = group;
	TAILQ_INIT(&q->jobs);
	q->wait = evtimer_new(check_notify_base, check_notify_wait_cb, q);
	if (q->wait == NULL)
		fatalx("cannot create a notify timer");
	TAILQ_INSERT_TAIL(&check_notify_queues, q, entry);
	return q;
}

static void
check_notify_pop(struct check_notify_queue *q)
{
	struct check_notify_job *j = TAILQ_FIRST(&q->jobs);

	TAILQ_REMOVE(&q->jobs, j, entry);
	free(j);
	q->run = NULL;
	evtimer_del(q->wait);
	check_notify_next(q);
}

static void
check_notify_done(void *arg, const struct check_run_result *res)
{
	struct check_notify_queue *q = arg;
	struct check_notify_job *j = TAILQ_FIRST(&q->jobs);

	if (res->output_len > 0)
		log_debug("(%s) %s output%s: %s", q->name, j->what,
		    res->output_dropped ? " (cut)" : "", res->output);
	if (res->end == CHECK_RUN_EXEC_FAILED) {
		check_notify_stats.failed++;
		log_warnx("(%s) %s %s: %s", q->name, j->what, j->argv[0],
		    res->status == ENOENT ? "not found" :
		    strerror(res->status));
	} else if (res->end != CHECK_RUN_EXITED || res->status != 0) {
		check_notify_stats.failed++;
		log_info("(%s) %s %s: %s %d", q->name, j->what, j->argv[0],
		    res->end == CHECK_RUN_EXITED ? "exited with status" :
		    "killed by signal", res->status);
	}
	check_notify_pop(q);
}

static void
check_notify_wait_cb(int fd, short what, void *arg)
{
	struct check_notify_queue *q = arg;
	struct check_notify_job *j = TAILQ_FIRST(&q->jobs);

	check_notify_stats.overran++;
	log_warnx("(%s) %s %s still running after %d s: starting the next "
	    "notification, this one runs on", q->name, j->what, j->argv[0],
	    CHECK_NOTIFY_WAIT_MS / 1000);
	check_run_detach(q->run);
	check_notify_pop(q);
}

/* Start the head job of q unless one runs. */
static void
check_notify_next(struct check_notify_queue *q)
{
	struct check_notify_job *j;
	struct check_run_cmd cmd;
	struct timeval tv = { CHECK_NOTIFY_WAIT_MS / 1000,
	    (CHECK_NOTIFY_WAIT_MS % 1000) * 1000 };
	char path[PATH_MAX];
	int e;

	while (q->run == NULL && (j = TAILQ_FIRST(&q->jobs)) != NULL) {
		if ((e = check_run_resolve(j->argv[0], path, sizeof(path))) ==
		    0) {
			memset(&cmd, 0, sizeof(cmd));
			cmd.path = path;
			cmd.argv = j->argv;
			cmd.user = &j->user;
			check_notify_stats.run++;
			q->run = check_run_start(&cmd, check_notify_done, q);
			if (q->run != NULL) {
				evtimer_add(q->wait, &tv);
				return;
			}
		} else
			log_warnx("(%s) %s %s: not found", q->name, j->what,
			    j->argv[0]);
		check_notify_stats.failed++;
		TAILQ_REMOVE(&q->jobs, j, entry);
		free(j);
	}
}

/* One command to queue: what (for the log), the command line, its user
 * ("": the default), insecure ("": its path is safe). */
struct check_notify_cmd {
	const char	*what;
	const char	*command;
	const char	*user;
	const char	*insecure;
};

/* Queue one notify command; extra: arguments to append, or NULL. */
static void
check_notify_queue_cmd(struct check_notify_queue *q,
    const struct check_notify_cmd *n, char *const *extra)
{
	struct check_notify_job *j = xcalloc(1, sizeof(*j));
	const struct conf_set *c = check_notify_conf;
	bool root;
	int argc, k;
	size_t len;
	char *o;

	argc = check_run_split(n->command, j->buf, sizeof(j->buf), j->argv,
	    CHECK_RUN_ARGS_MAX);
	snprintf(j->what, sizeof(j->what), "%s", n->what);
	if (argc <= 0) {
		log_warnx("(%s) %s: cannot split \"%s\" into words",
		    q->name, j->what, n->command);
		check_notify_stats.failed++;
		free(j);
		return;
	}
	/* The extra words are copied after the command's: they point into
	 * a message and the caller's stack. */
	o = j->argv[argc - 1] + strlen(j->argv[argc - 1]) + 1;
	for (k = 0; extra != NULL && extra[k] != NULL; k++) {
		len = strlen(extra[k]) + 1;
		if (o + len > j->buf + sizeof(j->buf))
			fatalx("notify: arguments too long");
		memcpy(o, extra[k], len);
		j->argv[argc++] = o;
		o += len;
	}
	j->argv[argc] = NULL;
	if (n->insecure[0] != '\0') {
		if (c != NULL && c->global.script_security) {
			log_warnx("(%s) %s %s runs as root but %s can be "
			    "changed by a user other than root: not run "
			    "(enable_script_security)", q->name, j->what,
			    j->argv[0], n->insecure);
			check_notify_stats.failed++;
			free(j);
			return;
		}
		log_warnx("(%s) %s: SECURITY: %s runs as root and %s can be "
		    "changed by a user other than root; set "
		    "enable_script_security to refuse such scripts", q->name,
		    j->what, j->argv[0], n->insecure);
	}
	if (n->user[0] != '\0') {
		if (check_user_lookup(n->user, &j->user) != 0) {
			log_warnx("(%s) %s: user %s unknown: not run",
			    q->name, j->what, n->user);
			check_notify_stats.failed++;
			free(j);
			return;
		}
	} else
		check_user_default(c != NULL ? c->global.script_user : NULL,
		    &j->user, &root);
	check_notify_stats.queued++;
	TAILQ_INSERT_TAIL(&q->jobs, j, entry);
}

static void
check_notify_queue_conf(struct check_notify_queue *q,
    const struct msg_conf_notify *n, char *const *extra)
{
	struct check_notify_cmd cmd = {
		.what = check_notify_kw[n->kind], .command = n->command,
		.user = n->user,
		.insecure = n->flags & NOTIFY_F_INSECURE ? n->insecure : "",
	};

	check_notify_queue_cmd(q, &cmd, extra);
}

void
check_notify_lvs(const char *object, const char *what, const char *command,
    const char *user, const char *insecure, char *const *extra)
{
	struct check_notify_queue *q = check_notify_queue(object,
	    CHECK_NOTIFY_LVS);
	struct check_notify_cmd cmd = {
		.what = what, .command = command, .user = user,
		.insecure = insecure,
	};

	check_notify_queue_cmd(q, &cmd, extra);
	check_notify_next(q);
}

static const struct msg_conf_notify *
check_notify_in(const struct msg_conf_notify *v, size_t n, const char *name,
    uint32_t group, enum notify_kind kind)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].kind == kind &&
		    (v[i].flags & NOTIFY_F_GROUP) == group &&
		    strcmp(v[i].object, name) == 0)
			return &v[i];
	return NULL;
}

/* Whether name has notifications in v (of any kind). */
static bool
check_notify_known(const struct msg_conf_notify *v, size_t n,
    const char *name, uint32_t group)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((v[i].flags & NOTIFY_F_GROUP) == group &&
		    strcmp(v[i].object, name) == 0)
			return true;
	return false;
}

/* deleted: of an instance a reload removed; the configuration before
 * the current one answers when the current one knows nothing of it. */
static const struct msg_conf_notify *
check_notify_find(const char *name, uint32_t group, enum notify_kind kind,
    bool deleted)
{
	const struct conf_set *c = check_notify_conf;

	if (c != NULL && (!deleted ||
	    check_notify_known(c->notify, c->nnotify, name, group)))
		return check_notify_in(c->notify, c->nnotify, name, group,
		    kind);
	if (!deleted)
		return NULL;
	return check_notify_in(check_notify_gone, check_notify_ngone, name,
	    group, kind);
}

bool
check_notify_deleted_set(const char *name, bool group)
{
	return check_notify_find(name, group ? NOTIFY_F_GROUP : 0,
	    NOTIFY_DELETED, true) != NULL;
}

void
check_notify_report(const struct msg_vrrp_state *m)
{
	static const enum notify_kind kinds[VREPORT_MAX] = {
		[VREPORT_INIT] = NOTIFY_KIND_MAX,
		[VREPORT_BACKUP] = NOTIFY_BACKUP,
		[VREPORT_MASTER] = NOTIFY_MASTER,
		[VREPORT_FAULT] = NOTIFY_FAULT,
		[VREPORT_STOP] = NOTIFY_STOP,
		[VREPORT_DELETED] = NOTIFY_DELETED,
		[VREPORT_MASTER_RX_LOWER_PRI] = NOTIFY_MASTER_RX_LOWER_PRI,
		[VREPORT_PRIORITY] = NOTIFY_KIND_MAX,	/* FIFOs only */
	};
	uint32_t group = m->flags & VRRP_STATE_F_GROUP ? NOTIFY_F_GROUP : 0;
	const struct msg_conf_notify *specific, *any;
	struct check_notify_queue *q;
	enum notify_kind kind = kinds[m->state];
	bool deleted = m->state == VREPORT_DELETED;
	const char *word = check_notify_state_name(m->state);
	char prio[16], *extra[5];

	if (kind == NOTIFY_KIND_MAX)
		return;
	specific = check_notify_find(m->name, group, kind, deleted);
	any = kind == NOTIFY_MASTER_RX_LOWER_PRI ? NULL :
	    check_notify_find(m->name, group, NOTIFY_ANY, deleted);
	if (deleted && specific == NULL && group)
		return;			/* no notify_deleted: a removed group
					 * runs nothing (keepalived 2.2.7) */
	if (deleted && specific == NULL)
		word = "FAULT";		/* no notify_deleted */
	else if (deleted && specific->command[0] == '\0')
		specific = NULL;	/* notify_deleted without a script */
	if (specific == NULL && any == NULL)
		return;
	q = check_notify_queue(m->name, group);
	if (specific != NULL)
		check_notify_queue_conf(q, specific, NULL);
	if (any != NULL) {
		snprintf(prio, sizeof(prio), "%u", m->priority);
		extra[0] = group ? "GROUP" : "INSTANCE";
		extra[1] = (char *)m->name;
		extra[2] = (char *)word;
		extra[3] = prio;	/* a group's: 0, as keepalived's */
		extra[4] = NULL;
		check_notify_queue_conf(q, any, extra);
	}
	check_notify_next(q);
}

size_t
check_notify_pending(void)
{
	const struct check_notify_queue *q;
	const struct check_notify_job *j;
	size_t n = 0;

	TAILQ_FOREACH(q, &check_notify_queues, entry)
		TAILQ_FOREACH(j, &q->jobs, entry)
			n++;
	return n;
}

const struct check_notify_stats *
check_notify_get_stats(void)
{
	return &check_notify_stats;
}
