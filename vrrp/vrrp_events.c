/*
 * The vrrp child's events for `vigilctl events` (common/event.h): each
 * state report of an instance or a sync group (as notify scripts and
 * FIFOs get them), each change of an instance's effective priority with
 * what caused it, each new result of a vrrp_script.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "common/event.h"
#include "vrrp/vrrp_engine.h"

static const char *const vrrp_event_states[VREPORT_MAX] = {
	[VREPORT_INIT] = "INIT", [VREPORT_BACKUP] = "BACKUP",
	[VREPORT_MASTER] = "MASTER", [VREPORT_FAULT] = "FAULT",
	[VREPORT_STOP] = "STOP", [VREPORT_DELETED] = "DELETED",
	[VREPORT_MASTER_RX_LOWER_PRI] = "MASTER_RX_LOWER_PRI",
	[VREPORT_PRIORITY] = "PRIORITY",
};

static const char *
vrrp_event_state(uint32_t s)
{
	return s < VREPORT_MAX ? vrrp_event_states[s] : "?";
}

/* A state report (not a replay, not a priority report: vrrp_event_priority
 * says more). */
void
vrrp_event_report(const struct msg_vrrp_state *m)
{
	char a[INET6_ADDRSTRLEN];
	json_t *e;

	if ((m->flags & VRRP_STATE_F_REPLAY) || m->state == VREPORT_PRIORITY)
		return;
	if (m->state == VREPORT_MASTER_RX_LOWER_PRI) {
		e = evt_new("master_rx_lower_pri");
		evt_set_str(e, "instance", m->name);
		if (inet_ntop((int)m->family, m->addr, a, sizeof(a)) == NULL)
			a[0] = '\0';
		evt_set_str(e, "peer", a);
		evt_set_int(e, "peer_priority", m->peer_priority);
		evt_set_int(e, "priority", m->priority);
		evt_send(e);
		return;
	}
	e = evt_new("state");
	evt_set_str(e, m->flags & VRRP_STATE_F_GROUP ? "group" : "instance",
	    m->name);
	evt_set_str(e, "state", vrrp_event_state(m->state));
	evt_set_str(e, "from", vrrp_event_state(m->from));
	if (!(m->flags & VRRP_STATE_F_GROUP)) {
		evt_set_int(e, "priority", m->priority);
		evt_set_int(e, "base_priority", m->base_priority);
	}
	if (m->reason >= VRRP_REASON_PRIORITY &&
	    m->reason <= VRRP_REASON_NO_RESPONSE)
		evt_set_str(e, "reason", m->reason == VRRP_REASON_PRIORITY ?
		    "priority" : m->reason == VRRP_REASON_PREEMPTED ?
		    "preempted" : "master_no_response");
	evt_send(e);
}

/* rt's effective priority went from old to its priority now, for why
 * ("chk_nginx failed", "interface eth1 down"). */
void
vrrp_event_priority(const struct vrrp_rt *rt, unsigned int old,
    const char *why)
{
	json_t *e;

	if (rt->fsm.priority == old)
		return;
	e = evt_new("priority");
	evt_set_str(e, "instance", rt->params.name);
	evt_set_int(e, "priority", rt->fsm.priority);
	evt_set_int(e, "from", old);
	evt_set_int(e, "base_priority", rt->fsm.base_priority);
	evt_set_str(e, "reason", why != NULL ? why : "reload");
	evt_send(e);
}

/* A vrrp_script's first result, or one that differs from the last. */
void
vrrp_event_script(const char *name, bool ok)
{
	json_t *e = evt_new("script");

	evt_set_str(e, "script", name);
	evt_set_str(e, "result", ok ? "success" : "failure");
	evt_send(e);
}
