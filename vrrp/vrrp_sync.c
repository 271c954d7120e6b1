/*
 * vrrp_sync_group: the members of a group move together, as in
 * keepalived (2.2.7 observed). While any member has a fault of its own
 * (a tracked interface or script down), every other member is in FAULT
 * for the group; they leave FAULT when no member has one any more.
 * A member goes MASTER only when the whole group can: its master-down
 * timer firing while another member still follows a master of its own
 * leaves it in BACKUP, wanting MASTER (vrrp_sync_may_master); once every
 * member is MASTER or wants it, the last one becomes MASTER and takes
 * the others along. A member leaving MASTER for BACKUP (a better advert)
 * takes the group's other masters to BACKUP; those then do not come back
 * on their own peer's silence, since that member follows its new master.
 * keepalived prefers BACKUP this way to avoid thrashing. An address
 * owner leaving FAULT goes MASTER at once and takes the group along.
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

/* Members that left FAULT for BACKUP while another member already went
 * MASTER (an address owner leaves FAULT straight for MASTER, before the
 * group's fault is lifted from the others) join it at once rather than
 * after their master-down interval. */
static void
vrrp_sync_join_master(const char *group)
{
	struct vrrp_event ev;
	struct vrrp_rt *m;
	bool master = false;

	TAILQ_FOREACH(m, &vrrp_eng.insts, entry)
		if (m->started && strcmp(m->group, group) == 0 &&
		    m->fsm.state == VRRP_STATE_MASTER)
			master = true;
	if (!master)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EVT_MASTER_DOWN;
	ev.now = vrrp_now_cs();
	ev.sync = true;
	ev.why = "sync group member became MASTER";
	TAILQ_FOREACH(m, &vrrp_eng.insts, entry)
		if (m->started && strcmp(m->group, group) == 0 &&
		    m->fsm.state == VRRP_STATE_BACKUP)
			vrrp_fsm_event(&m->fsm, &ev);
}

/* The faults of rt (a member) changed, or it started or stopped: give
 * each member of its group the group's fault, or take it back. */
void
vrrp_sync_faults(struct vrrp_rt *rt)
{
	struct vrrp_rt *m;
	bool fault, lifted = false;

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
			lifted = true;
			vrrp_sync_event(m, VRRP_EVT_UNFAULT,
			    "sync group members out of FAULT");
		}
	}
	if (lifted)
		vrrp_sync_join_master(rt->group);
	vrrp_sync_busy = false;
}

/* Whether m is MASTER or would be but for its group. */
static bool
vrrp_sync_wants_master(const struct vrrp_rt *m)
{
	return m->fsm.state == VRRP_STATE_MASTER ||
	    (m->fsm.state == VRRP_STATE_BACKUP && m->fsm.want_master);
}

bool
vrrp_sync_may_master(const struct vrrp_rt *rt)
{
	const struct vrrp_rt *m;

	if (rt->group[0] == '\0')
		return true;
	TAILQ_FOREACH(m, &vrrp_eng.insts, entry)
		if (vrrp_sync_peer(rt, m) && !vrrp_sync_wants_master(m))
			return false;
	return true;
}

/* rt went from one state to another: a new master takes its group's
 * backups along; a master stepping down to BACKUP takes the group's
 * masters along. */
void
vrrp_sync_state(struct vrrp_rt *rt, enum vrrp_state from,
    enum vrrp_state to)
{
	struct vrrp_event ev;
	struct vrrp_rt *m;

	if (rt->group[0] == '\0' || vrrp_sync_busy || from == to)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.now = vrrp_now_cs();
	ev.sync = true;
	if (to == VRRP_STATE_MASTER) {
		ev.type = VRRP_EVT_MASTER_DOWN;
		ev.why = "sync group member became MASTER";
	} else if (from == VRRP_STATE_MASTER && to == VRRP_STATE_BACKUP) {
		ev.type = VRRP_EVT_BACKUP;
		ev.why = "sync group member left MASTER for BACKUP";
	} else
		return;
	vrrp_sync_busy = true;
	TAILQ_FOREACH(m, &vrrp_eng.insts, entry)
		if (vrrp_sync_peer(rt, m) && m->fsm.state ==
		    (to == VRRP_STATE_MASTER ? VRRP_STATE_BACKUP :
		    VRRP_STATE_MASTER))
			vrrp_fsm_event(&m->fsm, &ev);
	vrrp_sync_busy = false;
}

/* A reload took rt out of its sync group, in place: the group's fault
 * leaves it, and its own faults no longer hold the other members. */
void
vrrp_sync_leave(struct vrrp_rt *rt)
{
	char group[sizeof(rt->group)];
	struct vrrp_rt *m;

	memcpy(group, rt->group, sizeof(group));
	log_info("(%s) reload: no longer in sync group %s", rt->params.name,
	    group);
	rt->group[0] = '\0';
	if (rt->sync_fault) {
		rt->sync_fault = false;
		vrrp_sync_event(rt, VRRP_EVT_UNFAULT, "left its sync group");
	}
	TAILQ_FOREACH(m, &vrrp_eng.insts, entry)
		if (m->started && strcmp(m->group, group) == 0) {
			vrrp_sync_faults(m);
			break;
		}
}
