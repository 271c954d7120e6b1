/*
 * What the check child hears of instances and sync groups (notify
 * scripts, notify FIFOs, e-mail): one MSG_VRRP_STATE per state change,
 * stop, deletion or lower priority advert heard as master, sent in the
 * order they happened.
 *
 * A sync group's state is derived from its members, as keepalived
 * reports it: FAULT while any member is in FAULT, MASTER once every
 * member is MASTER, BACKUP once every member is BACKUP; a mix on the
 * way from one to the other keeps the group's last state. The group
 * STOPs when its last member stops, but for a group a reload removes:
 * its members leaving report nothing of it, and once the reload is taken
 * a group that had reported a state is reported DELETED (the check child
 * runs notify_deleted for it, or nothing, as keepalived 2.2.7).
 */
#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/proc.h"
#include "common/util.h"
#include "vrrp/vrrp_engine.h"

struct vrrp_group_state {
	TAILQ_ENTRY(vrrp_group_state) entry;
	char			 name[IPC_NAME_LEN];
	enum vrrp_report	 state;
	bool			 gone;	/* the reload being taken removes it */
};
static TAILQ_HEAD(, vrrp_group_state) vrrp_groups =
    TAILQ_HEAD_INITIALIZER(vrrp_groups);

static void
vrrp_report_send(struct msg_vrrp_state *m)
{
	struct proc_env *env = proc_env();
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	m->time_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	vrrp_event_report(m);
	if (env != NULL && env->peer != NULL)
		ipc_send(env->peer, MSG_VRRP_STATE, m, sizeof(*m));
}

static void
vrrp_report_fill(struct msg_vrrp_state *m, const struct vrrp_rt *rt,
    enum vrrp_report state, enum vrrp_report from)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", rt->params.name);
	m->state = state;
	m->from = from;
	m->priority = rt->fsm.priority;
	m->base_priority = rt->fsm.base_priority;
	if (state == VREPORT_MASTER)
		m->reason = rt->fsm.master_reason;
}

static struct vrrp_group_state *
vrrp_report_group_find(const char *name)
{
	struct vrrp_group_state *g;

	TAILQ_FOREACH(g, &vrrp_groups, entry)
		if (strcmp(g->name, name) == 0)
			return g;
	g = xcalloc(1, sizeof(*g));
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->state = VREPORT_INIT;
	TAILQ_INSERT_TAIL(&vrrp_groups, g, entry);
	return g;
}

/* The state rt's group is in now, from its running members. */
static enum vrrp_report
vrrp_report_group_now(const struct vrrp_rt *rt, enum vrrp_report last)
{
	const struct vrrp_rt *m;
	unsigned int n = 0, nmaster = 0, nbackup = 0;

	TAILQ_FOREACH(m, &vrrp_eng.insts, entry) {
		if (!m->started || strcmp(m->group, rt->group) != 0)
			continue;
		n++;
		if (m->fsm.state == VRRP_STATE_FAULT)
			return VREPORT_FAULT;
		if (m->fsm.state == VRRP_STATE_MASTER)
			nmaster++;
		else if (m->fsm.state == VRRP_STATE_BACKUP)
			nbackup++;
	}
	if (n == 0)
		return last == VREPORT_INIT ? VREPORT_INIT : VREPORT_STOP;
	if (nmaster == n)
		return VREPORT_MASTER;
	if (nbackup == n)
		return VREPORT_BACKUP;
	return last;
}

static void
vrrp_report_group(const struct vrrp_rt *rt)
{
	struct vrrp_group_state *g;
	struct msg_vrrp_state m;
	enum vrrp_report now;

	if (rt->group[0] == '\0')
		return;
	g = vrrp_report_group_find(rt->group);
	if (g->gone)
		return;
	now = vrrp_report_group_now(rt, g->state);
	if (now == g->state)
		return;
	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "%s", g->name);
	m.flags = VRRP_STATE_F_GROUP;
	m.state = now;
	m.from = g->state;
	g->state = now == VREPORT_STOP ? VREPORT_INIT : now;
	vrrp_report_send(&m);
}

/* A new check child hears each instance's current state (for
 * lvs_sync_daemon), marked as a replay: no notify script, mail or FIFO
 * line comes of it. */
void
vrrp_report_replay(struct vrrp_rt *rt)
{
	struct msg_vrrp_state m;
	enum vrrp_report now = (enum vrrp_report)rt->fsm.state;

	if (rt->fsm.state == VRRP_STATE_INIT)
		return;
	vrrp_report_fill(&m, rt, now, now);
	m.flags = VRRP_STATE_F_REPLAY;
	vrrp_report_send(&m);
}

void
vrrp_report_state(struct vrrp_rt *rt, enum vrrp_state from,
    enum vrrp_state to)
{
	struct msg_vrrp_state m;

	if (to == VRRP_STATE_INIT || from == to)
		return;	/* stopping: vrrp_report_stop says how */
	vrrp_report_fill(&m, rt, (enum vrrp_report)to, (enum vrrp_report)from);
	vrrp_report_send(&m);
	vrrp_report_group(rt);
}

void
vrrp_report_stop(struct vrrp_rt *rt, enum vrrp_state from, bool deleted)
{
	struct msg_vrrp_state m;

	vrrp_report_fill(&m, rt, deleted ? VREPORT_DELETED : VREPORT_STOP,
	    (enum vrrp_report)from);
	vrrp_report_send(&m);
	vrrp_report_group(rt);
}

/* notify_priority_changes: a MASTER's or BACKUP's new priority. */
void
vrrp_report_priority(struct vrrp_rt *rt, uint8_t old)
{
	struct msg_vrrp_state m;
	enum vrrp_state s = rt->fsm.state;

	if (!rt->conf.notify_priority_changes || rt->fsm.priority == old ||
	    (s != VRRP_STATE_MASTER && s != VRRP_STATE_BACKUP))
		return;
	vrrp_report_fill(&m, rt, VREPORT_PRIORITY, (enum vrrp_report)s);
	vrrp_report_send(&m);
}

void
vrrp_report_rx_lower(struct vrrp_rt *rt, const struct vrrp_ipaddr *src,
    uint8_t prio)
{
	struct msg_vrrp_state m;

	vrrp_report_fill(&m, rt, VREPORT_MASTER_RX_LOWER_PRI, VREPORT_MASTER);
	m.family = src->family;
	memcpy(m.addr, &src->u, src->family == AF_INET ? 4 : 16);
	m.peer_priority = prio;
	vrrp_report_send(&m);
}

/* A reload begins: mark the groups the new configuration lacks. */
void
vrrp_report_groups_mark(const struct conf_set *new)
{
	struct vrrp_group_state *g;
	size_t i;

	TAILQ_FOREACH(g, &vrrp_groups, entry) {
		g->gone = true;
		for (i = 0; i < new->nsync && g->gone; i++)
			if (strcmp(new->sync[i].group, g->name) == 0)
				g->gone = false;
	}
}

/* The reload is taken: the groups it removed that had reported a state
 * are reported DELETED, and forgotten. */
void
vrrp_report_groups_sweep(void)
{
	struct vrrp_group_state *g, *next;
	struct msg_vrrp_state m;

	for (g = TAILQ_FIRST(&vrrp_groups); g != NULL; g = next) {
		next = TAILQ_NEXT(g, entry);
		if (!g->gone)
			continue;
		if (g->state != VREPORT_INIT) {
			memset(&m, 0, sizeof(m));
			snprintf(m.name, sizeof(m.name), "%s", g->name);
			m.flags = VRRP_STATE_F_GROUP;
			m.state = VREPORT_DELETED;
			m.from = g->state;
			vrrp_report_send(&m);
		}
		TAILQ_REMOVE(&vrrp_groups, g, entry);
		free(g);
	}
}
