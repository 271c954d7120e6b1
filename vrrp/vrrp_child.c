/*
 * The vrrp child's frame: receives its configuration, keeps it, answers
 * dumps. The VRRP engine (vrrp/) takes over the instances from here.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include <string.h>
#include <time.h>

#include "common/conf_rx.h"
#include "common/log.h"
#include "common/child.h"
#include "vrrp/bfd.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_updown.h"

static struct conf_rx	 vrrp_rx;
static struct {
	unsigned long	 conf_applied;
	unsigned long	 script_results;
	time_t		 started;
} vrrp_stats;

static const char *
vrrp_init_name(uint32_t s)
{
	return s == VRRP_INIT_MASTER ? "MASTER" : "BACKUP";
}

/* Merge: instances kept keep their state, removed ones go down, new ones
 * start (in BACKUP after a crash). */
static void
vrrp_child_apply(const struct conf_set *old, const struct conf_set *new)
{
	const struct msg_conf_instance *in;
	size_t i;

	for (i = 0; i < old->ninst; i++)
		if (conf_set_instance(new, old->inst[i].name) == NULL)
			log_info("(%s) removed", old->inst[i].name);
	for (i = 0; i < new->ninst; i++) {
		in = &new->inst[i];
		if (conf_set_instance(old, in->name) != NULL) {
			log_debug("(%s) kept", in->name);
			continue;
		}
		log_info("(%s) vrid %u on %s%s, initial state %s%s", in->name,
		    in->vrid, in->ifname[0] != '\0' ? "" : in->vrf[0] != '\0' ?
		    "vrf " : "no interface", in->ifname[0] != '\0' ? in->ifname :
		    in->vrf, vrrp_init_name(in->init_state),
		    new->flags & CONF_BEGIN_RESTART ?
		    " (restarted after a crash)" : "");
	}
	vrrp_garp_group_apply(new);
	vrrp_static_apply(old, new);
	vrrp_updown_apply(new);
	vrrp_engine_apply(old, new);
	vrrp_stats.conf_applied++;
	/* The results of scripts this configuration runs, kept or new. */
	vrrp_child_peer_up(proc_env());
	log_info("configuration %u applied: %zu instances, %zu VIPs, %zu "
	    "tracked objects, %zu sync group members", new->gen, new->ninst,
	    new->nvip, new->ntrack, new->nsync);
}

static void
vrrp_child_dump_data(struct ipc_chan *c, uint32_t id)
{
	const struct conf_set *s = &vrrp_rx.cur;
	const struct msg_conf_vip *v;
	char addr[INET6_ADDRSTRLEN];
	size_t i;

	ipc_dump_printf(c, id, "------< VRRP Topology >------\n");
	for (i = 0; i < s->ninst; i++) {
		ipc_dump_printf(c, id, " VRRP Instance = %s\n   Interface = %s\n",
		    s->inst[i].name, s->inst[i].ifname[0] != '\0' ?
		    s->inst[i].ifname : "(none: unicast)");
		if (s->inst[i].vrf[0] != '\0')
			ipc_dump_printf(c, id, "   VRF = %s\n", s->inst[i].vrf);
		ipc_dump_printf(c, id, "   Virtual Router ID = %u\n"
		    "   Priority = %u\n   Initial state = %s\n",
		    s->inst[i].vrid, s->inst[i].priority,
		    vrrp_init_name(s->inst[i].init_state));
	}
	for (i = 0; i < s->nvip; i++) {
		v = &s->vip[i];
		inet_ntop(v->family, v->addr, addr, sizeof(addr));
		if (v->flags & VIP_F_PEER)
			ipc_dump_printf(c, id, "   Unicast peer (%s) = %s\n",
			    v->instance, addr);
		else
			ipc_dump_printf(c, id, "   %s (%s) = %s/%u dev %s\n",
			    v->flags & VIP_F_STATIC ? "Static address" : "VIP",
			    v->instance, addr, v->plen, v->ifname);
	}
	for (i = 0; i < s->nroute; i++)
		ipc_dump_printf(c, id, "   %s%s (%s) = %s\n",
		    s->route[i].flags & ROUTE_F_STATIC ? "Static " : "",
		    s->route[i].flags & ROUTE_F_RULE ? "Rule" : "Route",
		    s->route[i].instance, s->route[i].route);
	for (i = 0; i < s->ntrack; i++)
		ipc_dump_printf(c, id, "   Tracked %s (%s) = %s weight %d\n",
		    vrrp_track_type_name((int)s->track[i].type),
		    s->track[i].owner, s->track[i].name, s->track[i].weight);
	for (i = 0; i < s->nsync; i++)
		ipc_dump_printf(c, id, " Sync group %s: %s\n", s->sync[i].group,
		    s->sync[i].instance);
	if (s->nbfd > 0) {
		ipc_dump_printf(c, id, "------< BFD Data >------\n");
		vrrp_bfd_dump(c, id);
	}
}

static void
vrrp_child_dump_stats(struct ipc_chan *c, uint32_t id)
{
	ipc_dump_printf(c, id, "------< VRRP Statistics >------\n"
	    " Uptime = %lld s\n Configurations applied = %lu\n"
	    " Script results received = %lu\n",
	    (long long)(time(NULL) - vrrp_stats.started),
	    vrrp_stats.conf_applied, vrrp_stats.script_results);
	vrrp_engine_dump(c, id);
}

/* Ask the check child for every script's current result: a restarted
 * vrrp child, or one with new scripts, starts from them. */
void
vrrp_child_peer_up(struct proc_env *env)
{
	if (env != NULL && env->peer != NULL && vrrp_rx.cur.nscript > 0)
		ipc_send(env->peer, MSG_SCRIPT_QUERY, NULL, 0);
	vrrp_engine_replay();
	vrrp_bfd_peer();
}

const struct conf_set *
vrrp_child_conf(void)
{
	return &vrrp_rx.cur;
}

void
vrrp_child_init(struct proc_env *env)
{
	vrrp_rx.apply = vrrp_child_apply;
	vrrp_stats.started = time(NULL);
	vrrp_engine_init(env->base);
}

void
vrrp_child_dispatch_core(struct ipc_chan *c, struct ipc_msg *m)
{
	const struct msg_dump *d = m->data;

	if (m->hdr.type == MSG_DUMP_JSON) {
		vrrp_json_dump(c, d->id, &vrrp_rx.cur);
		ipc_send(c, MSG_DUMP_END, d, sizeof(*d));
		return;
	}
	if (!child_dispatch_core(c, m, &vrrp_rx, vrrp_child_dump_data,
	    vrrp_child_dump_stats, vrrp_status))
		fatalx("ipc: unexpected %s from core", msg_name(m->hdr.type));
}

void
vrrp_child_dispatch_peer(struct ipc_chan *c, struct ipc_msg *m)
{
	const struct msg_script_result *r = m->data;

	switch (m->hdr.type) {
	case MSG_SCRIPT_RESULT:
		if (!ipc_str_ok(r->name, sizeof(r->name)))
			fatalx("ipc: MSG_SCRIPT_RESULT: unterminated name");
		vrrp_stats.script_results++;
		log_debug("script %s: %s", r->name,
		    r->status == 0 ? "success" : "failure");
		vrrp_engine_script(r->name, r->status);
		break;
	default:
		fatalx("ipc: unexpected %s from check", msg_name(m->hdr.type));
	}
}

void
vrrp_child_shutdown(struct proc_env *env)
{
	size_t i;

	for (i = 0; i < vrrp_rx.cur.ninst; i++)
		log_info("(%s) leaving", vrrp_rx.cur.inst[i].name);
	vrrp_engine_shutdown();
	vrrp_static_shutdown(&vrrp_rx.cur);
}
