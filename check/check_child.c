/*
 * The check child's frame: receives its configuration (scripts, virtual
 * servers), keeps it, answers dumps. The checkers (scripts, probes, IPVS)
 * will live next to it in check/.
 */
#include <string.h>
#include <time.h>

#include "common/conf_rx.h"
#include "common/log.h"
#include "core/child.h"

static struct conf_rx	 check_rx;
static struct {
	unsigned long	 conf_applied;
	unsigned long	 state_changes;
	time_t		 started;
} check_stats;

static void
check_child_apply(const struct conf_set *old, const struct conf_set *new)
{
	size_t i;

	for (i = 0; i < old->nscript; i++)
		if (conf_set_script(new, old->script[i].name) == NULL)
			log_info("script %s removed", old->script[i].name);
	for (i = 0; i < new->nscript; i++)
		if (conf_set_script(old, new->script[i].name) == NULL)
			log_info("script %s: \"%s\" every %u ms",
			    new->script[i].name, new->script[i].command,
			    new->script[i].interval_ms);
	check_stats.conf_applied++;
	log_info("configuration %u applied: %zu scripts, %zu virtual servers, "
	    "%zu notify scripts", new->gen, new->nscript, new->nvs,
	    new->nnotify);
}

static void
check_child_dump_data(struct ipc_chan *c, uint32_t id)
{
	const struct conf_set *s = &check_rx.cur;
	size_t i;

	ipc_dump_printf(c, id, "------< Health checkers >------\n");
	for (i = 0; i < s->nscript; i++)
		ipc_dump_printf(c, id, " VRRP Script = %s\n   Command = %s\n"
		    "   Interval = %u ms\n   Timeout = %u ms\n   Weight = %d\n"
		    "   User = %s\n", s->script[i].name, s->script[i].command,
		    s->script[i].interval_ms, s->script[i].timeout_ms,
		    s->script[i].weight,
		    s->script[i].user[0] ? s->script[i].user : "(default)");
	for (i = 0; i < s->nnotify; i++)
		ipc_dump_printf(c, id, " Notify script (%s %s) = %s\n",
		    s->notify[i].flags & NOTIFY_F_GROUP ? "group" : "instance",
		    s->notify[i].object, s->notify[i].command);
	ipc_dump_printf(c, id, " Virtual servers = %zu\n", s->nvs);
}

static void
check_child_dump_stats(struct ipc_chan *c, uint32_t id)
{
	ipc_dump_printf(c, id, "------< Checker Statistics >------\n"
	    " Uptime = %lld s\n Configurations applied = %lu\n"
	    " VRRP state changes received = %lu\n",
	    (long long)(time(NULL) - check_stats.started),
	    check_stats.conf_applied, check_stats.state_changes);
}

void
check_child_init(struct proc_env *env)
{
	check_rx.apply = check_child_apply;
	check_stats.started = time(NULL);
}

/*
 * The test hook of core/core.c: pass a script result on to the vrrp child
 * as the script runner will. The parent sends MSG_TEST_SCRIPT only when a
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
	    check_child_dump_stats))
		return;
	if (m->hdr.type == MSG_TEST_SCRIPT)
		check_child_test_script(c, m->data);
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
		check_stats.state_changes++;
		log_debug("(%s) state %u", s->name, s->state);
		break;
	default:
		fatalx("ipc: unexpected %s from vrrp", msg_name(m->hdr.type));
	}
}

void
check_child_shutdown(struct proc_env *env)
{
	log_debug("stopping %zu scripts", check_rx.cur.nscript);
}
