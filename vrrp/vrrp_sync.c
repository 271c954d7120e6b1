/*
 * vrrp_sync_group: the members of a group move together, as in
 * keepalived. A member entering FAULT takes the others to FAULT (and
 * back out with it); a member becoming MASTER makes the others MASTER
 * too (their master-down timer is cut short). A member stepping down to
 * BACKUP on a better advert does not pull the others: their peers'
 * members preempt them the same way.
 */
#include <string.h>

#include "common/log.h"
#include "vrrp/vrrp_engine.h"

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

static void
vrrp_sync_member(struct vrrp_rt *m, enum vrrp_state from,
    enum vrrp_state to)
{
	if (to == VRRP_STATE_FAULT && !m->sync_fault) {
		m->sync_fault = true;
		vrrp_sync_event(m, VRRP_EVT_FAULT, "sync group member in "
		    "FAULT");
	} else if (from == VRRP_STATE_FAULT && m->sync_fault) {
		m->sync_fault = false;
		vrrp_sync_event(m, VRRP_EVT_UNFAULT, "sync group member "
		    "out of FAULT");
	}
	if (to == VRRP_STATE_MASTER && m->fsm.state == VRRP_STATE_BACKUP)
		vrrp_sync_event(m, VRRP_EVT_MASTER_DOWN, NULL);
}

/* rt went from one state to another: bring its group along. */
void
vrrp_sync_state(struct vrrp_rt *rt, enum vrrp_state from,
    enum vrrp_state to)
{
	static bool busy;
	struct vrrp_rt *m;

	if (rt->group[0] == '\0' || busy || from == to)
		return;
	busy = true;
	TAILQ_FOREACH(m, &vrrp_eng.insts, entry)
		if (m != rt && m->started && strcmp(m->group, rt->group) == 0)
			vrrp_sync_member(m, from, to);
	busy = false;
}
