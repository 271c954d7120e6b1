/*
 * The parent's event loop: signals (stop, reload, dumps, SIGCHLD), the
 * messages children send it, readiness.
 */
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/ctl.h"
#include "common/log.h"
#include "common/util.h"
#include "conf/conf.h"
#include "core/core.h"

#define CORE_DATA_FILE	"vigil.data"	/* in $TMPDIR, else /tmp */
#define CORE_STATS_FILE	"vigil.stats"
#define CORE_JSON_FILE	"vigil.json"	/* keepalived.json's structure */
#define CORE_DUMP_TIMEOUT	5	/* seconds for the children to answer */

struct core core;

static bool core_test_inject(void);

static void
core_diag(void *arg, enum conf_level level, const char *line)
{
	if (level == CONF_ERROR)
		log_warnx("%s", line);
	else
		log_info("%s", line);
	ctl_reload_diag(line);
	core_procs_diag(line);
}

static void
core_set_wanted(void)
{
	const struct core_opts *o = core.opts;
	bool restricted = o->only[PROC_VRRP] || o->only[PROC_CHECK];
	int i;

	for (i = PROC_VRRP; i < PROC_MAX; i++)
		core.child[i].wanted = conf_set_wants(&core.set[i], i) &&
		    (!restricted || o->only[i]);
}

/* Close the dump file: every child answered, or one did not in time. */
static void
core_dump_done(bool timeout)
{
	int i;

	if (timeout) {
		if (core.dump_type != MSG_DUMP_JSON)
			fprintf(core.dump, "(incomplete: no answer from a child within "
		    "%d s)\n", CORE_DUMP_TIMEOUT);
		log_warnx("%s incomplete: no answer from a child", core.dump_path);
		for (i = PROC_VRRP; i < PROC_MAX; i++)
			core.child[i].dumping = false;
	} else
		log_info("wrote %s", core.dump_path);
	evtimer_del(core.dump_ev);
	fclose(core.dump);
	core.dump = NULL;
}

static void
core_dump_timeout(evutil_socket_t fd, short ev, void *arg)
{
	if (core.dump != NULL)
		core_dump_done(true);
}

/* A child applied a configuration, or went away: send READY=1 once every
 * wanted child runs the current generation; finish a stop or a dump. */
void
core_child_ready(struct child *changed)
{
	struct child *c;
	bool all = true, dumping = false;
	int i;

	for (i = PROC_VRRP; i < PROC_MAX; i++) {
		c = &core.child[i];
		if (c->pid == 0)
			c->dumping = false;
		dumping |= c->dumping;
		if (c->wanted && (c->pid == 0 || c->applied != core.gen))
			all = false;
	}
	if (core.dump != NULL && !dumping)
		core_dump_done(false);
	ctl_children_changed();
	if (core.stopping) {
		if (!supervise_any_running())
			event_base_loopexit(core.base, core_snmp_grace());
		return;
	}
	if (!all || core.ready)
		return;
	core.ready = true;
	log_info("configuration %u running in every process", core.gen);
	sd_notifyf("READY=1\nSTATUS=running configuration %u", core.gen);
	core.reloading = false;
	ctl_children_changed();
}

void
core_dispatch(struct ipc_chan *chan, struct ipc_msg *m)
{
	struct child *c = chan->arg;
	const struct msg_conf_gen *g = m->data;
	const struct msg_dump *d = m->data;

	switch (m->hdr.type) {
	case MSG_CONF_APPLIED:
		c->applied = g->gen;
		log_debug("%s child applied configuration %u", c->proc->name,
		    g->gen);
		/* The stream's queued messages are all freed by now. */
		malloc_trim(0);
		core_child_ready(c);
		break;
	case MSG_DUMP_TEXT:
		if (ctl_owns(d->id))
			ctl_dump_text(d->id, d + 1, m->hdr.len - sizeof(*d));
		else if (core.dump != NULL && c->dumping &&
		    d->id == core.dump_id)
			fwrite(d + 1, 1, m->hdr.len - sizeof(*d), core.dump);
		break;
	case MSG_DUMP_END:
		if (ctl_owns(d->id))
			ctl_dump_end(d->id, c->proc->id);
		if (d->id != core.dump_id)
			break;
		c->dumping = false;
		core_child_ready(c);
		break;
	case MSG_FIFO_READER:
		core_fifo_reader(m->data);
		break;
	case MSG_EVENT:
		ctl_event_line(m->data, m->hdr.len);
		break;
	default:
		log_warnx("unexpected %s from %s child", msg_name(m->hdr.type),
		    c->proc->name);
		break;
	}
}

/* Start, stop or re-stream each child after a new configuration. */
static void
core_apply(bool restart_lvs)
{
	struct child *c;
	char ns[sizeof(c->ipvs_netns)];
	int i;

	core_set_wanted();
	core.ready = false;
	/* The check child first: the vrrp child then starts with its
	 * channel to it, so that the first state it reports (BACKUP at
	 * start, for notify scripts and e-mail) has somewhere to go. */
	for (i = PROC_MAX - 1; i >= PROC_VRRP; i--) {
		c = &core.child[i];
		if (c->pid > 0 && !c->wanted) {
			log_info("stopping %s child: nothing configured for it",
			    c->proc->name);
			kill(c->pid, SIGTERM);
		} else if (c->pid > 0 && restart_lvs && i == PROC_CHECK &&
		    c->lvs != conf_set_has_lvs(&core.set[i])) {
			log_info("restarting check child: LVS %s",
			    c->lvs ? "no longer configured" : "now configured");
			c->restarting = true;
			kill(c->pid, SIGTERM);
		} else if (c->pid > 0 && restart_lvs && i == PROC_CHECK &&
		    (core_ipvs_netns(c, ns, sizeof(ns)),
		    strcmp(ns, c->ipvs_netns) != 0)) {
			/* Its IPVS socket was opened in the old namespace. */
			log_info("restarting check child: net_namespace_ipvs "
			    "changed");
			c->restarting = true;
			kill(c->pid, SIGTERM);
		} else if (c->pid > 0 && c->chan != NULL)
			conf_stream(c, &core.set[i], false);
		else if (c->pid == 0 && c->wanted &&
		    (c->restart_ev == NULL || !evtimer_pending(c->restart_ev,
		    NULL)))
			supervise_start(c);
	}
	core_child_ready(NULL);
}

/* A new configuration may need what vigild was not given (LVS: the check
 * child's CAP_NET_ADMIN): refuse it then. */
static bool
core_reload_caps(const struct vigil_conf *conf, char *why, size_t len)
{
	struct conf_set set[PROC_MAX];
	const char *who = "";
	int cap, i;

	memset(set, 0, sizeof(set));
	conf_build_sets(conf, set, 0);
	cap = conf_missing_cap(set, core.opts, true, &who);
	for (i = 0; i < PROC_MAX; i++)
		conf_set_clear(&set[i]);
	if (cap == -1)
		return false;
	snprintf(why, len, "reload refused: missing capability %s (needed "
	    "by the %s process); keeping configuration %u", cap_name(cap), who,
	    core.gen);
	log_warnx("%s", why);
	return true;
}

/* SIGHUP, vigilctl reload: validate, then apply; on any error the old
 * one keeps running (false, why says so). */
bool
core_reload(char *why, size_t len)
{
	struct conf_load_opts lo = { .diag = core_diag,
	    .check_interfaces = true };
	struct vigil_conf *conf;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	sd_notifyf("RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
	log_info("reloading configuration %s", core.opts->conf_path);
	core_procs_reload_begin();
	lo.config_id = core.opts->config_id;
	core_rfile_reload_begin();
	conf = conf_load(core.opts->conf_path, &lo);
	core_rfile_reload_end(conf, core.opts);
	if (conf == NULL) {
		snprintf(why, len, "reload failed: keeping configuration %u",
		    core.gen);
		log_warnx("%s", why);
		core_procs_reload_end(why);
		sd_notifyf("READY=1\nSTATUS=reload failed, running "
		    "configuration %u", core.gen);
		return false;
	}
	if (core_netns_reload_refused(conf, why, len) ||
	    core_reload_caps(conf, why, len)) {
		core_procs_reload_end(why);
		conf_free(conf);
		sd_notifyf("READY=1\nSTATUS=reload refused, running "
		    "configuration %u", core.gen);
		return false;
	}
	core_procs_reload_end("configuration OK: reloading");
	core.gen++;
	core.reloading = true;
	conf_adopt(conf, core.gen);
	core_apply(true);
	return true;
}

/* The parent's lines at the top of a data or stats dump. */
char *
core_dump_header(void)
{
	char *h, *line;
	size_t i;

	xasprintf(&h, "------< vigild >------\n pid = %d\n"
	    " Configuration file = %s\n Configuration generation = %u\n",
	    (int)getpid(), core.opts->conf_path, core.gen);
	for (i = PROC_VRRP; i < PROC_MAX; i++) {
		line = h;
		xasprintf(&h, "%s %s child pid = %d\n", line, procs[i].name,
		    (int)core.child[i].pid);
		free(line);
	}
	return h;
}

/* Whether child i answers a dump of type: the JSON dump is the vrrp
 * child's alone (keepalived's holds the VRRP instances only). */
static bool
core_dump_asks(int i, enum msg_type type)
{
	return core.child[i].pid > 0 && core.child[i].chan != NULL &&
	    (type != MSG_DUMP_JSON || i == PROC_VRRP);
}

/*
 * SIGUSR1/SIGUSR2: the parent's lines, then each child's. The JSON
 * signal: the vrrp child's array of instances alone, "[]" without one.
 */
static void
core_dump(enum msg_type type, const char *path)
{
	struct timeval tv = { CORE_DUMP_TIMEOUT, 0 };
	struct msg_dump d;
	char *header;
	int fd, i;

	if (core.dump != NULL) {
		log_warnx("a dump to %s is in progress", core.dump_path);
		return;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || (core.dump = fdopen(fd, "w")) == NULL) {
		log_warn("%s", path);
		if (fd != -1)
			close(fd);
		return;
	}
	core.dump_path = path;
	core.dump_type = type;
	d.id = ++core.dump_id;
	evtimer_add(core.dump_ev, &tv);
	if (type != MSG_DUMP_JSON) {
		header = core_dump_header();
		fputs(header, core.dump);
		free(header);
	} else if (!core_dump_asks(PROC_VRRP, type))
		fputs("[]\n", core.dump);
	for (i = PROC_VRRP; i < PROC_MAX; i++) {
		if (core_dump_asks(i, type)) {
			ipc_send(core.child[i].chan, type, &d, sizeof(d));
			core.child[i].dumping = true;
		}
	}
	core_child_ready(NULL);
}

/*
 * The directory of the SIGUSR1/SIGUSR2 dumps: $TMPDIR when it names a
 * directory by an absolute path, as keepalived does, else /tmp. Read once:
 * two daemons on one host keep apart by starting with different TMPDIRs.
 */
static void
core_dump_paths(void)
{
	const char *dir = getenv("TMPDIR");
	size_t len;

	if (dir != NULL && dir[0] != '\0' && dir[0] != '/') {
		log_warnx("TMPDIR=%s is not an absolute path: dumps go to /tmp",
		    dir);
		dir = NULL;
	}
	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	xasprintf(&core.data_path, "%.*s/%s", (int)len, dir, CORE_DATA_FILE);
	xasprintf(&core.stats_path, "%.*s/%s", (int)len, dir,
	    CORE_STATS_FILE);
	xasprintf(&core.json_path, "%.*s/%s", (int)len, dir, CORE_JSON_FILE);
	if (strcmp(dir, "/tmp") != 0)
		log_info("SIGUSR1, SIGUSR2 and JSON dumps go to %s, %s and %s "
		    "(TMPDIR)", core.data_path, core.stats_path,
		    core.json_path);
}

/* The control socket: --control-socket, else global_defs control_socket,
 * else the default. Read at start only. */
static void
core_ctl_open(const struct vigil_conf *conf)
{
	const char *path = core.opts->ctl_path;

	if (path == NULL)
		path = conf->global.control_socket;
	if (path == NULL)
		path = core_procs_ctl_path(conf);
	if (path == NULL)
		path = CTL_SOCKET_DEFAULT;
	ctl_open(path, conf->global.control_socket_group);
}

static void
core_stop_timeout(evutil_socket_t fd, short ev, void *arg)
{
	supervise_kill_all();
}

void
core_stop(int exit_code)
{
	struct timeval tv = { 0, 0 };

	if (core.stopping)
		return;
	core.stopping = true;
	core.exit_code = exit_code;
	sd_notifyf("STOPPING=1");
	supervise_stop_all();
	if (!supervise_any_running()) {
		event_base_loopexit(core.base, core_snmp_grace());
		return;
	}
	tv.tv_sec = core.set[PROC_VRRP].global.child_wait_time;
	core.stop_ev = evtimer_new(core.base, core_stop_timeout, NULL);
	evtimer_add(core.stop_ev, &tv);
}

static void
core_signal(evutil_socket_t sig, short ev, void *arg)
{
	char why[128];

	switch (sig) {
	case SIGTERM:
	case SIGINT:
		log_info("stopping on %s", strsignal(sig));
		core_stop(VIGIL_EXIT_OK);
		break;
	case SIGHUP:
		if (!core.stopping)
			core_reload(why, sizeof(why));
		break;
	case SIGUSR1:
		if (!core_test_inject())
			core_dump(MSG_DUMP_DATA, core.data_path);
		break;
	case SIGUSR2:
		core_dump(MSG_DUMP_STATS, core.stats_path);
		break;
	case SIGCHLD:
		supervise_sigchld();
		break;
	default:
		if (sig == CORE_SIG_JSON)
			core_dump(MSG_DUMP_JSON, core.json_path);
		break;
	}
}

static void
core_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2,
	    SIGCHLD };
	struct event *ev;
	size_t i;
	int sig;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i <= sizeof(sigs) / sizeof(sigs[0]); i++) {
		sig = i < sizeof(sigs) / sizeof(sigs[0]) ? sigs[i] :
		    CORE_SIG_JSON;
		ev = evsignal_new(core.base, sig, core_signal, NULL);
		if (ev == NULL || event_add(ev, NULL) == -1)
			fatalx("cannot set up signal %d", sig);
	}
}

int
core_run(const struct core_opts *opts, struct vigil_conf *conf)
{
	int i;

	core.opts = opts;
	core.gen = 1;
	if ((core.base = event_base_new()) == NULL)
		fatalx("cannot create the event base");
	for (i = PROC_VRRP; i < PROC_MAX; i++) {
		core.child[i].proc = &procs[i];
		core.child[i].backoff = 1;
	}
	core_dump_paths();
	core_signals();
	core_ctl_open(conf);
	core.dump_ev = evtimer_new(core.base, core_dump_timeout, NULL);
	core_rfile_start(conf, opts);	/* before conf_adopt frees conf */
	conf_adopt(conf, core.gen);
	caps_limit(procs[PROC_CORE].caps);
	core_apply(false);
	for (i = PROC_VRRP; i < PROC_MAX; i++)
		if (!core.child[i].wanted)
			log_info("%s child not started: %s", procs[i].name,
			    conf_set_wants(&core.set[i], i) ?
			    "disabled by -P/-C" : "nothing configured for it");
	event_base_dispatch(core.base);
	core_rfile_stop();
	core_snmp_stop();	/* after the children's last events */
	ctl_close();
	core_fifo_close_all();
	log_info("stopped");
	return core.exit_code;
}

/*
 * Test hook, for the integration tests only: when vigild was started with
 * VIGIL_TEST_IPC=FILE in its environment and FILE exists, SIGUSR1 does
 * what FILE says instead of asking for a data dump, and removes FILE:
 *   "vrrp truncated", "check unknown", "vrrp badsize": send that malformed
 *	message to that child (t_proc_ipc.sh);
 *   "check script NAME STATUS": have the check child send the vrrp child
 *	MSG_SCRIPT_RESULT(NAME, STATUS) over their channel, as the script
 *	runner will (t_vrrp_track_script.sh).
 * Setting a daemon's environment and signalling it both take root, so
 * normal operation cannot reach this.
 */
static bool
core_test_inject(void)
{
	const char *path = getenv("VIGIL_TEST_IPC");
	struct ipc_hdr h = { .type = MSG_MAX + 7, .len = 0 };
	unsigned char buf[sizeof(h) + 1] = { 0 };
	struct msg_script_result r;
	char who[16], what[16];
	const struct proc *p;
	FILE *f;
	int n;

	if (path == NULL || (f = fopen(path, "re")) == NULL)
		return false;
	memset(&r, 0, sizeof(r));
	n = fscanf(f, "%15s %15s %63s %d", who, what, r.name, &r.status);
	fclose(f);
	unlink(path);
	if (n < 2 || (p = proc_by_name(who)) == NULL || p->id == PROC_CORE ||
	    core.child[p->id].chan == NULL)
		return false;
	if (strcmp(what, "script") == 0) {
		if (n != 4 || p->id != PROC_CHECK)
			return false;
		log_warnx("test hook: script %s status %d through the check "
		    "child", r.name, r.status);
		ipc_send(core.child[p->id].chan, MSG_TEST_SCRIPT, &r,
		    sizeof(r));
		return true;
	}
	log_warnx("test hook: sending a %s message to the %s child", what,
	    who);
	if (strcmp(what, "truncated") == 0)
		ipc_send_raw(core.child[p->id].chan, buf, 3);
	else if (strcmp(what, "badsize") == 0) {
		h.type = MSG_CONF_END;
		h.len = 1;
		memcpy(buf, &h, sizeof(h));
		ipc_send_raw(core.child[p->id].chan, buf, sizeof(buf));
	} else
		ipc_send_raw(core.child[p->id].chan, &h, sizeof(h));
	return true;
}
