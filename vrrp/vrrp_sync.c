/*
 * vrrp_sync_group: the members of a group move together, as in
 * keepalived. While any member has a fault of its own (a tracked
 * interface or script down), every other member is in FAULT for the
 * group; they leave FAULT when no member has one any more. A member
 * becoming MASTER makes the others MASTER too (their master-down timer
 * is cut short). A member stepping down to BACKUP on a better advert
 * does not pull the others: their peers' members preempt them the same
 * way.
 */
#include <string.h>

#include "common/log.h"
#include "vrrp/vrrp_engine.h"

static bool vrrp_sync_busy;

static void
vrrp_sync_event(struct vrrp_rt *rt, enum vrrp_event_type type,
    const char *why)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.now = vrrp_now_cs();
	ev.why = why;
	vrrp_fsm_event(&rt->fsm, &ev);
}

/* b is another running member of a's group. */
static bool
vrrp_sync_peer(const struct vrrp_rt *a, const struct vrrp_rt *b)
{
	return a != b && b->started && strcmp(a->group, b->group) == 0;
}

/* m's faults of its own, not the one its group gave it. */
static unsigned int
vrrp_sync_own_faults(const struct vrrp_rt *m)
{
	return m->fsm.faults - (m->sync_fault ? 1 : 0);
}

/* Whether another member of m's group has a fault of its own. */
static bool
vrrp_sync_group_fault(const struct vrrp_rt *m)
{
	const struct vrrp_rt *o;

	TAILQ_FOREACH(o, &vrrp_eng.insts, entry)
		if (vrrp_sync_peer(m, o) && vrrp_sync_own_faults(o) > 0)
			return true;
	return false;
}

/* The faults of rt (a member) changed, or it started or stopped: give
 * each member of its group the group's fault, or take it back. */
void
vrrp_sync_faults(struct vrrp_rt *rt)
{
	struct vrrp_rt *m;
	bool fault;

	if (rt->group[0] == '\0' || vrrp_sync_busy)
		return;
	vrrp_sync_busy = true;
	TAILQ_FOREACH(m, &vrrp_eng.insts, entry) {
		if (!m->started || strcmp(m->group, rt->group) != 0)
			continue;
		fault = vrrp_sync_group_fault(m);
		if (fault && !m->sync_fault) {
			m->sync_fault = true;
			vrrp_sync_event(m, VRRP_EVT_FAULT,
			    "sync group member in FAULT");
		} else if (!fault && m->sync_fault) {
			m->sync_fault = false;
			vrrp_sync_event(m, VRRP_EVT_UNFAULT,
			    "sync group members out of FAULT");
		}
	}
	vrrp_sync_busy = false;
}

/* rt went from one state to another: a new master takes its group's
 * backups along. */
void
vrrp_sync_state(struct vrrp_rt *rt, enum vrrp_state from,
    enum vrrp_state to)
{
	struct vrrp_rt *m;

	if (rt->group[0] == '\0' || vrrp_sync_busy || from == to ||
	    to != VRRP_STATE_MASTER)
		return;
	vrrp_sync_busy = true;
	TAILQ_FOREACH(m, &vrrp_eng.insts, entry)
		if (vrrp_sync_peer(rt, m) && m->fsm.state == VRRP_STATE_BACKUP)
			vrrp_sync_event(m, VRRP_EVT_MASTER_DOWN,
			    "sync group member became MASTER");
	vrrp_sync_busy = false;
}
