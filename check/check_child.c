/*
 * The check child's frame: receives its configuration (scripts, notify
 * scripts, notify FIFOs, virtual servers), hands it to the script
 * runner's users (check_script.c: vrrp_script; check_notify.c: notify
 * scripts; check_fifo.c: notify FIFOs and their readers), passes the vrrp
 * child's reports on, answers dumps.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check/check_bfd.h"
#include "check/check_fifo.h"
#include "check/check_ipvs.h"
#include "check/check_lvs.h"
#include "check/check_notify.h"
#include "check/check_run.h"
#include "check/check_script.h"
#include "check/check_smtp.h"
#include "common/conf_rx.h"
#include "common/ctl.h"
#include "common/log.h"
#include "common/child.h"

static struct conf_rx	 check_rx;
static struct {
	unsigned long	 conf_applied;
	unsigned long	 state_changes;
	time_t		 started;
} check_stats;

static void
check_child_apply(const struct conf_set *old, const struct conf_set *new)
{
	check_script_apply(new);
	check_notify_apply(old, &check_rx.cur);
	check_smtp_apply(new);
	check_fifo_apply(old, new);
	check_vs_apply(old, new);
	check_lvs_sync_apply(new);
	check_stats.conf_applied++;
	log_info("configuration %u applied: %zu scripts, %zu virtual servers, "
	    "%zu notify scripts", new->gen, new->nscript, new->nvs,
	    new->nnotify);
}

static void
check_child_dump_script(void *arg, const char *name,
    const struct check_script_info *in)
{
	struct ipc_chan *c = ((void **)arg)[0];
	uint32_t id = *(uint32_t *)((void **)arg)[1];

	ipc_dump_printf(c, id, " VRRP Script = %s\n   Command = %s\n"
	    "   Interval = %u ms\n   Timeout = %u ms\n   Weight = %d\n"
	    "   Rise = %u\n   Fall = %u\n   User = %s\n   Status = %s%s\n"
	    "   Last run = %s\n", name, in->conf->command,
	    in->conf->interval_ms, in->conf->timeout_ms, in->conf->weight,
	    in->conf->rise, in->conf->fall, in->user,
	    !in->decided ? "no result yet" : in->ok ? "GOOD" : "BAD",
	    in->running ? " (running)" : "", in->last);
}

static void
check_child_dump_data(struct ipc_chan *c, uint32_t id)
{
	const struct conf_set *s = &check_rx.cur;
	void *arg[2] = { c, &id };
	size_t i;

	ipc_dump_printf(c, id, "------< Health checkers >------\n");
	check_script_foreach(check_child_dump_script, arg);
	for (i = 0; i < s->nnotify; i++)
		ipc_dump_printf(c, id, " Notify script (%s %s) = %s\n",
		    s->notify[i].flags & NOTIFY_F_GROUP ? "group" : "instance",
		    s->notify[i].object, s->notify[i].command);
	ipc_dump_printf(c, id, " Virtual servers = %zu\n", s->nvs);
	check_vs_dump_data(c, id);
	check_smtp_dump_data(c, id);
}

static void
check_child_stats_script(void *arg, const char *name,
    const struct check_script_info *in)
{
	struct ipc_chan *c = ((void **)arg)[0];
	uint32_t id = *(uint32_t *)((void **)arg)[1];

	ipc_dump_printf(c, id, " VRRP Script %s: runs = %llu, failed = %llu, "
	    "timed out = %llu, skipped (still running) = %llu\n", name,
	    (unsigned long long)in->stats.runs,
	    (unsigned long long)in->stats.failures,
	    (unsigned long long)in->stats.timeouts,
	    (unsigned long long)in->stats.skipped);
}

/* A vrrp_script's record for vigilctl (common/ctl.h). */
static void
check_child_status_script(void *arg, const char *name,
    const struct check_script_info *in)
{
	struct ipc_chan *c = ((void **)arg)[0];
	uint32_t id = *(uint32_t *)((void **)arg)[1];
	char last[sizeof(in->last)];
	size_t i;

	snprintf(last, sizeof(last), "%s", in->last);
	for (i = 0; last[i] != '\0'; i++)
		if (last[i] == '\t' || last[i] == '\n')
			last[i] = ' ';
	ipc_dump_printf(c, id, CTL_REC_SCRIPT "\tname=%s\tstate=%s"
	    "\trunning=%d\tweight=%d\tlast=%s\truns=%llu\tfailures=%llu"
	    "\ttimeouts=%llu\tskipped=%llu\n", name,
	    !in->decided ? "unknown" : in->ok ? "GOOD" : "BAD", in->running,
	    in->conf->weight, last, (unsigned long long)in->stats.runs,
	    (unsigned long long)in->stats.failures,
	    (unsigned long long)in->stats.timeouts,
	    (unsigned long long)in->stats.skipped);
}

static void
check_child_status(struct ipc_chan *c, uint32_t id)
{
	void *arg[2] = { c, &id };

	check_script_foreach(check_child_status_script, arg);
	check_vs_status(c, id);
}

static void
check_child_dump_stats(struct ipc_chan *c, uint32_t id)
{
	const struct check_notify_stats *n = check_notify_get_stats();
	void *arg[2] = { c, &id };

	ipc_dump_printf(c, id, "------< Checker Statistics >------\n"
	    " Uptime = %lld s\n Configurations applied = %lu\n"
	    " VRRP state changes received = %lu\n"
	    " Processes running = %zu\n"
	    " Notifications queued = %llu, run = %llu, failed = %llu, "
	    "overran = %llu, pending = %zu\n",
	    (long long)(time(NULL) - check_stats.started),
	    check_stats.conf_applied, check_stats.state_changes,
	    check_run_active(), (unsigned long long)n->queued,
	    (unsigned long long)n->run, (unsigned long long)n->failed,
	    (unsigned long long)n->overran, check_notify_pending());
	check_script_foreach(check_child_stats_script, arg);
	check_smtp_dump_stats(c, id);
	check_fifo_dump_stats(c, id);
	check_vs_dump_stats(c, id);
}

void
check_child_init(struct proc_env *env)
{
	check_rx.apply = check_child_apply;
	check_stats.started = time(NULL);
	check_script_init(env->base);
	check_notify_init(env->base);
	check_smtp_init(env->base);
	check_fifo_init(env->base);
	check_vs_init(env->base);
	/* Before the capabilities go: setns needs CAP_SYS_ADMIN. */
	if (env->lvs)
		check_ipvs_netns_open();
}

/*
 * The test hook of core/core.c: pass a script result on to the vrrp child
 * as the script runner does. The parent sends MSG_TEST_SCRIPT only when a
 * test asks for it (VIGIL_TEST_IPC).
 */
static void
check_child_test_script(struct ipc_chan *c, const struct msg_script_result *r)
{
	struct proc_env *env = c->arg;

	if (!ipc_str_ok(r->name, sizeof(r->name)))
		fatalx("ipc: MSG_TEST_SCRIPT: unterminated name");
	log_info("test hook: script %s status %d sent to the vrrp child",
	    r->name, r->status);
	if (env->peer != NULL)
		ipc_send(env->peer, MSG_SCRIPT_RESULT, r, sizeof(*r));
}

void
check_child_dispatch_core(struct ipc_chan *c, struct ipc_msg *m)
{
	if (child_dispatch_core(c, m, &check_rx, check_child_dump_data,
	    check_child_dump_stats, check_child_status))
		return;
	if (m->hdr.type == MSG_TEST_SCRIPT)
		check_child_test_script(c, m->data);
	else if (m->hdr.type == MSG_FIFO_FD)
		check_fifo_take_fd(m->data, m->fd);
	else
		fatalx("ipc: unexpected %s from core", msg_name(m->hdr.type));
}

void
check_child_dispatch_peer(struct ipc_chan *c, struct ipc_msg *m)
{
	const struct msg_vrrp_state *s = m->data;

	switch (m->hdr.type) {
	case MSG_VRRP_STATE:
		if (!ipc_str_ok(s->name, sizeof(s->name)) ||
		    s->state >= VREPORT_MAX || s->from >= VREPORT_MAX)
			fatalx("ipc: MSG_VRRP_STATE: bad name or state");
		if (s->flags & VRRP_STATE_F_REPLAY) {
			check_lvs_sync_report(s);
			break;
		}
		check_stats.state_changes++;
		log_debug("(%s) %s %s", s->name,
		    s->flags & VRRP_STATE_F_GROUP ? "group" : "instance",
		    check_notify_state_name(s->state));
		check_fifo_report(s);
		check_notify_report(s);
		check_smtp_state(s);
		check_lvs_sync_report(s);
		break;
	case MSG_SCRIPT_QUERY:
		check_script_resend();
		break;
	case MSG_BFD_STATE:
		check_bfd_state(m->data);
		break;
	default:
		fatalx("ipc: unexpected %s from vrrp", msg_name(m->hdr.type));
	}
}

/* After SIGTERM: read what the vrrp child reported as it left (a short
 * while for its channel to close), run the notifications queued. */
bool
check_child_draining(struct proc_env *env, unsigned int ms)
{
	return check_notify_pending() > 0 || check_smtp_pending() > 0 ||
	    (env->peer != NULL && ms < 300) || check_fifo_draining(ms);
}

void
check_child_shutdown(struct proc_env *env)
{
	log_debug("stopping %zu scripts", check_rx.cur.nscript);
	check_script_shutdown();
	check_vs_shutdown(check_rx.cur.global.flags & GLOBAL_F_KEEP_IPVS);
	check_lvs_sync_shutdown();
	check_smtp_shutdown();
}
