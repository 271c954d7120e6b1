/*
 * vrrp_script: run each script every interval, count its results as
 * keepalived 2.2.7 does, and tell the vrrp child when a script turns
 * succeeded or failed.
 *
 * Counting (check_count): a script starts undecided (or failed with
 * init_fail); its first result decides. Then fall consecutive failures
 * turn a succeeded script failed and rise consecutive successes turn a
 * failed one succeeded; a result the other way starts the count over.
 * A run that
 * times out, cannot start, or is refused (enable_script_security) is a
 * failure; reverse does not change that, it is the weight's business
 * in the vrrp child.
 *
 * A run still going when the next is due is left alone: that tick is
 * skipped. Runs start at the configured interval from the previous start.
 */
#include "check/check_script.h"

#include <sys/queue.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "check/check_run.h"
#include "check/check_user.h"
#include "common/log.h"
#include "common/proc.h"
#include "common/util.h"

/* What a run came to, to log a script's outcome only when it changes. */
enum check_outcome {
	OUT_NONE, OUT_OK, OUT_STATUS, OUT_SIGNAL, OUT_TIMEOUT, OUT_NOTFOUND,
	OUT_EXEC, OUT_INSECURE, OUT_BADCMD, OUT_USER, OUT_NOSTART
};

struct check_script {
	TAILQ_ENTRY(check_script) entry;
	struct msg_conf_script conf;
	char		 buf[IPC_CMD_LEN];
	char		*argv[CHECK_RUN_ARGS_MAX];
	int		 argc;		/* -1: the command does not split */
	struct check_user user;
	bool		 user_ok;
	struct event	*tick;
	uint32_t	 spread_ms;	/* wait before the second run */
	struct check_run *run;
	struct check_count cnt;
	enum check_outcome last;
	int		 last_status;
	struct check_script_stats stats;
};

static TAILQ_HEAD(, check_script) check_scripts =
    TAILQ_HEAD_INITIALIZER(check_scripts);
static struct event_base *check_script_base;
static bool check_script_security;

static void check_script_tick(int, short, void *);

void
check_script_init(struct event_base *base)
{
	check_script_base = base;
	check_run_init(base);
}

static void
check_script_send(const struct check_script *s)
{
	struct proc_env *env = proc_env();
	struct msg_script_result r;

	if (env == NULL || env->peer == NULL || !s->cnt.decided)
		return;
	memset(&r, 0, sizeof(r));
	snprintf(r.name, sizeof(r.name), "%s", s->conf.name);
	r.status = s->cnt.ok ? 0 : 1;
	ipc_send(env->peer, MSG_SCRIPT_RESULT, &r, sizeof(r));
}

void
check_script_resend(void)
{
	struct check_script *s;

	TAILQ_FOREACH(s, &check_scripts, entry)
		check_script_send(s);
}

/* Describe a run's outcome for the log. */
static void
check_script_why(const struct check_script *s, char *buf, size_t len)
{
	switch (s->last) {
	case OUT_STATUS:
		snprintf(buf, len, "exited with status %d", s->last_status);
		break;
	case OUT_SIGNAL:
		snprintf(buf, len, "killed by signal %d (%s)", s->last_status,
		    strsignal(s->last_status));
		break;
	case OUT_TIMEOUT:
		snprintf(buf, len, "timed out after %u ms", s->conf.timeout_ms);
		break;
	case OUT_NOTFOUND:
		snprintf(buf, len, "not found");
		break;
	case OUT_EXEC:
		snprintf(buf, len, "cannot be run: %s", strerror(s->last_status));
		break;
	case OUT_INSECURE:
		snprintf(buf, len, "refused by enable_script_security");
		break;
	case OUT_BADCMD:
		snprintf(buf, len, "unbalanced quotes or over %d words",
		    CHECK_RUN_ARGS_MAX - 1);
		break;
	case OUT_USER:
		snprintf(buf, len, "no such user or group: %s", s->conf.user);
		break;
	case OUT_NOSTART:
		snprintf(buf, len, "could not be started");
		break;
	default:
		snprintf(buf, len, "succeeded");
		break;
	}
}

bool
check_count(struct check_count *c, unsigned int rise, unsigned int fall,
    bool success)
{
	bool was_decided = c->decided, was_ok = c->ok;

	if (success) {
		if (c->decided && !c->ok && c->count + 1 < rise)
			c->count++;
		else {
			c->count = rise + fall - 1;
			c->ok = true;
		}
	} else {
		if (c->decided && c->ok && c->count > rise)
			c->count--;
		else {
			c->count = 0;
			c->ok = false;
		}
	}
	c->decided = true;
	return !was_decided || was_ok != c->ok;
}

/* One result: keepalived's rise/fall counting; tell the vrrp child of
 * a turn. */
static void
check_script_result(struct check_script *s, enum check_outcome out,
    int status)
{
	bool success = out == OUT_OK;
	char why[160];

	s->stats.runs++;
	if (!success)
		s->stats.failures++;
	if (out == OUT_TIMEOUT)
		s->stats.timeouts++;
	if (out != s->last || (out == OUT_STATUS && status != s->last_status)) {
		s->last = out;
		s->last_status = status;
		if (!success) {
			check_script_why(s, why, sizeof(why));
			log_info("VRRP_Script(%s) %s: %s", s->conf.name, why,
			    s->conf.command);
		}
	}
	if (!check_count(&s->cnt, s->conf.rise, s->conf.fall, success))
		return;
	if (s->cnt.ok)
		log_info("VRRP_Script(%s) succeeded", s->conf.name);
	else {
		check_script_why(s, why, sizeof(why));
		log_info("VRRP_Script(%s) failed (%s)", s->conf.name, why);
	}
	check_script_send(s);
}

static void
check_script_done(void *arg, const struct check_run_result *res)
{
	struct check_script *s = arg;

	s->run = NULL;
	if (res->output_len > 0)
		log_debug("VRRP_Script(%s) output%s: %s", s->conf.name,
		    res->output_dropped ? " (cut)" : "", res->output);
	switch (res->end) {
	case CHECK_RUN_EXITED:
		check_script_result(s, res->status == 0 ? OUT_OK : OUT_STATUS,
		    res->status);
		break;
	case CHECK_RUN_SIGNALLED:
		check_script_result(s, OUT_SIGNAL, res->status);
		break;
	case CHECK_RUN_TIMEOUT:
		check_script_result(s, OUT_TIMEOUT, 0);
		break;
	case CHECK_RUN_EXEC_FAILED:
		check_script_result(s, res->status == ENOENT ? OUT_NOTFOUND :
		    OUT_EXEC, res->status);
		break;
	default:
		check_script_result(s, OUT_NOSTART, res->status);
		break;
	}
}

/* Start one run now, or count why it cannot start. */
static void
check_script_start(struct check_script *s)
{
	struct check_run_cmd cmd;
	char path[PATH_MAX];
	int e;

	if (s->run != NULL) {
		s->stats.skipped++;
		return;
	}
	if (s->argc <= 0) {
		check_script_result(s, OUT_BADCMD, 0);
		return;
	}
	if (!s->user_ok) {
		check_script_result(s, OUT_USER, 0);
		return;
	}
	if ((e = check_run_resolve(s->argv[0], path, sizeof(path))) != 0) {
		check_script_result(s, OUT_NOTFOUND, e);
		return;
	}
	if (check_script_security && (s->conf.flags & SCRIPT_F_INSECURE)) {
		if (s->last != OUT_INSECURE)
			log_warnx("VRRP_Script(%s): %s runs as root but %s "
			    "can be changed by a user other than root: not "
			    "run (enable_script_security)", s->conf.name,
			    path, s->conf.insecure);
		check_script_result(s, OUT_INSECURE, 0);
		return;
	}
	memset(&cmd, 0, sizeof(cmd));
	cmd.path = path;
	cmd.argv = s->argv;
	cmd.user = &s->user;
	cmd.timeout_ms = s->conf.timeout_ms;
	if ((s->run = check_run_start(&cmd, check_script_done, s)) == NULL)
		check_script_result(s, OUT_NOSTART, errno);
}

static void
check_script_tick(int fd, short what, void *arg)
{
	struct check_script *s = arg;
	uint32_t ms = s->spread_ms ? s->spread_ms : s->conf.interval_ms;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	s->spread_ms = 0;
	evtimer_add(s->tick, &tv);
	check_script_start(s);
}

static void
check_script_free(struct check_script *s)
{
	TAILQ_REMOVE(&check_scripts, s, entry);
	check_run_abandon(s->run);
	event_free(s->tick);
	free(s);
}

static struct check_script *
check_script_find(const char *name)
{
	struct check_script *s;

	TAILQ_FOREACH(s, &check_scripts, entry)
		if (strcmp(s->conf.name, name) == 0)
			return s;
	return NULL;
}

/* Security warnings that do not stop a script: root without a choice,
 * a root script others can change while enable_script_security is
 * off (keepalived runs them and warns alike). */
static void
check_script_warn(const struct check_script *s)
{
	if (s->argc <= 0)
		log_warnx("VRRP_Script(%s): cannot split \"%s\" into words "
		    "(unbalanced quotes?): every run counts as failed",
		    s->conf.name, s->conf.command);
	if (!s->user_ok)
		log_warnx("VRRP_Script(%s): user %s unknown: every run "
		    "counts as failed", s->conf.name, s->conf.user);
	if ((s->conf.flags & SCRIPT_F_INSECURE) && !check_script_security)
		log_warnx("VRRP_Script(%s): SECURITY: %s runs as root and %s "
		    "can be changed by a user other than root; set "
		    "enable_script_security to refuse such scripts",
		    s->conf.name, s->argv[0], s->conf.insecure);
}

static struct check_script *
check_script_new(const struct msg_conf_script *c, const char *script_user,
    bool *warned_root)
{
	struct check_script *s = xcalloc(1, sizeof(*s));
	bool root = false;

	s->conf = *c;
	s->argc = check_run_split(c->command, s->buf, sizeof(s->buf), s->argv,
	    CHECK_RUN_ARGS_MAX);
	if (c->user[0] != '\0')
		s->user_ok = check_user_lookup(c->user, &s->user) == 0;
	else {
		check_user_default(script_user, &s->user, &root);
		s->user_ok = true;
		if (root && !*warned_root) {
			*warned_root = true;
			log_warnx("scripts run as root: no script_user is set "
			    "and user %s does not exist", CHECK_USER_DEFAULT);
		}
	}
	if (c->flags & SCRIPT_F_INIT_FAIL)
		s->cnt.decided = true;	/* failed, count 0 */
	s->tick = evtimer_new(check_script_base, check_script_tick, s);
	if (s->tick == NULL)
		fatalx("cannot create a script timer");
	check_script_warn(s);
	TAILQ_INSERT_TAIL(&check_scripts, s, entry);
	return s;
}

void
check_script_apply(const struct conf_set *new)
{
	struct check_script *s, *next;
	const struct msg_conf_script *c;
	static bool warned_root;	/* once per process */
	size_t i;

	check_script_security = new->global.script_security != 0;
	for (s = TAILQ_FIRST(&check_scripts); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		c = conf_set_script(new, s->conf.name);
		if (c == NULL || memcmp(c, &s->conf, sizeof(*c)) != 0) {
			log_info("VRRP_Script(%s) %s", s->conf.name,
			    c == NULL ? "removed" : "changed: starting over");
			check_script_free(s);
		}
	}
	for (i = 0; i < new->nscript; i++) {
		if (check_script_find(new->script[i].name) != NULL)
			continue;
		s = check_script_new(&new->script[i],
		    new->global.script_user, &warned_root);
		/* The first run now; the second between half an interval
		 * and one and a half after it, spread over the scripts, so
		 * that scripts of one interval do not all fork at the same
		 * moment ever after; then every interval. */
		if (new->nscript > 1)
			s->spread_ms = s->conf.interval_ms / 2 + (uint32_t)
			    ((uint64_t)s->conf.interval_ms * i / new->nscript);
		event_active(s->tick, EV_TIMEOUT, 0);
	}
}

void
check_script_shutdown(void)
{
	while (!TAILQ_EMPTY(&check_scripts))
		check_script_free(TAILQ_FIRST(&check_scripts));
}

void
check_script_foreach(void (*fn)(void *, const char *name,
    const struct check_script_info *), void *arg)
{
	const struct check_script *s;
	struct check_script_info info;

	TAILQ_FOREACH(s, &check_scripts, entry) {
		memset(&info, 0, sizeof(info));
		info.conf = &s->conf;
		info.decided = s->cnt.decided;
		info.ok = s->cnt.ok;
		info.running = s->run != NULL;
		info.user = s->user.name;
		info.stats = s->stats;
		check_script_why(s, info.last, sizeof(info.last));
		fn(arg, s->conf.name, &info);
	}
}
