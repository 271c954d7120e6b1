/*
 * A reload taken in place by a running instance: what a new configuration
 * may change under it without a restart, and how.
 *
 * Identity (a change restarts the instance: it leaves as a removed one
 * does, priority 0 advert and VIPs down if master, and starts again):
 *	virtual_router_id, interface, family (its first VIP's), version,
 *	unicast or multicast (unicast_peer given or not), use_vmac and the
 *	VMAC's name, mcast_src_ip / unicast_src_ip, the sync group it is in
 *	(joining one or moving to another; leaving one is not), priority 255
 *	(address owner) set or unset.
 * In place (state, timers, counters and unchanged VIPs kept; no advert
 * gap, no GARP for what was there):
 *	priority: a new base priority; a master whose effective priority
 *	    changed advertises it at once (a backup above it preempts), a
 *	    backup now above the master preempts as on a tracker change;
 *	advert_int: a master advertises the new interval at once and goes
 *	    on at it (v3 backups learn it; v2 needs it on both sides);
 *	virtual_ipaddress, virtual_ipaddress_excluded, virtual_routes: a
 *	    master adds the new ones (announced garp_master_repeat times)
 *	    and removes the old ones, leaving the others alone;
 *	the unicast_peer list (still unicast), track_interface,
 *	    track_script, track_file, track_process (kept ones keep their
 *	    state; new ones count at once, a FAULT included);
 *	nopreempt, preempt_delay, state (used at start only), accept,
 *	    strict_mode, authentication, dont_track_primary, the garp_*
 *	    settings, vrrp_garp_interval, vrrp_gna_interval,
 *	    higher_prio_send_advert, lower_prio_no_advert,
 *	    vrrp_skip_check_adv_addr, vrrp_check_unicast_src,
 *	    old_unicast_checksum, v3_checksum_as_v2,
 *	    down_timer_adverts (from the next master-down interval),
 *	    timer_expired_backup, log_unknown_vrids, notify_priority_changes;
 *	leaving its sync group (the group or the instance's place in it
 *	    removed, as keepalived 2.2.7 keeps such an instance running):
 *	    the group's fault leaves it, its faults no longer hold the
 *	    group.
 * notify scripts belong to the check child and never touch the instance.
 * man/vigild.8 (SIGNALS) says the same for the administrator.
 */
#include <sys/socket.h>

#include <net/if.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_link.h"
#include "vrrp/vrrp_nft.h"
#include "vrrp/vrrp_track.h"
#include "vrrp/vrrp_updown.h"
#include "vrrp/vrrp_vmac.h"

const char *
vrrp_rt_identity(const struct vrrp_rt *a, const struct vrrp_rt *b)
{
	const struct msg_conf_instance *x = &a->conf, *y = &b->conf;

	if (x->vrid != y->vrid)
		return "virtual_router_id";
	if (strcmp(x->ifname, y->ifname) != 0)
		return "interface";
	if (strcmp(x->vrf, y->vrf) != 0)
		return "vrf";
	if (a->params.family != b->params.family)
		return "family";
	if (a->params.version != b->params.version)
		return "version";
	if ((a->params.npeers == 0) != (b->params.npeers == 0))
		return "unicast or multicast";
	if (x->fault_no_peer != y->fault_no_peer)
		return "unicast_fault_no_peer";
	if (x->use_vmac != y->use_vmac ||
	    strcmp(x->vmac_name, y->vmac_name) != 0 ||
	    x->vmac_mac_set != y->vmac_mac_set ||
	    memcmp(x->vmac_mac, y->vmac_mac, 6) != 0 ||
	    x->vmac_xmit_base != y->vmac_xmit_base ||
	    (x->use_vmac && strcmp(x->vmac_prefix, y->vmac_prefix) != 0))
		return "use_vmac";
	/* use_vmac_addr's VMACs are made for the VIPs at start. */
	if (x->use_vmac_addr != y->use_vmac_addr || (x->use_vmac_addr &&
	    (strcmp(x->vmac_addr_prefix, y->vmac_addr_prefix) != 0 ||
	    strcmp(x->vmac_prefix, y->vmac_prefix) != 0 ||
	    a->ncvips != b->ncvips || memcmp(a->cvips, b->cvips,
	    a->ncvips * sizeof(*a->cvips)) != 0)))
		return "use_vmac_addr";
	if (x->use_ipvlan != y->use_ipvlan || (x->use_ipvlan &&
	    (strcmp(x->ipvlan_name, y->ipvlan_name) != 0 ||
	    x->ipvlan_family != y->ipvlan_family ||
	    x->ipvlan_plen != y->ipvlan_plen ||
	    memcmp(x->ipvlan_addr, y->ipvlan_addr, 16) != 0 ||
	    strcmp(x->vmac_prefix, y->vmac_prefix) != 0)))
		return "use_ipvlan";
	if (x->src_family != y->src_family ||
	    memcmp(x->src_addr, y->src_addr, sizeof(x->src_addr)) != 0)
		return "source address";
	/* Leaving a sync group is taken in place (vrrp_sync_leave). */
	if (strcmp(a->group, b->group) != 0 && b->group[0] != '\0')
		return "sync group";
	if ((x->priority == VRRP_PRIO_OWNER) !=
	    (y->priority == VRRP_PRIO_OWNER))
		return "priority 255 (address owner)";
	return NULL;
}

/* The configuration of each VIP (rt->vips[i]: the i-th non-peer entry). */
static const struct msg_conf_vip **
vrrp_reload_cvips(const struct vrrp_rt *rt)
{
	const struct msg_conf_vip **c;
	size_t i, j;

	if ((c = calloc(rt->nvips + 1, sizeof(*c))) == NULL)
		fatal("vrrp reload");
	for (i = 0, j = 0; j < rt->ncvips && i < rt->nvips; j++)
		if (!(rt->cvips[j].flags & VIP_F_PEER))
			c[i++] = &rt->cvips[j];
	return c;
}

/* The index of the VIP configured as c among rt's set up, or -1. */
static ssize_t
vrrp_reload_vip_find(const struct vrrp_rt *rt,
    const struct msg_conf_vip **oc, const struct msg_conf_vip *c)
{
	size_t j;

	for (j = 0; j < rt->nvips; j++)
		if (rt->vips[j].ifindex != 0 && c != NULL && oc[j] != NULL &&
		    memcmp(c, oc[j], sizeof(*c)) == 0)
			return (ssize_t)j;
	return -1;
}

/* A new VIP's interface and MAC, as vrrp_rt_start would set them: the
 * VMAC's for the instance's family on its interface. */
static void
vrrp_reload_vip_resolve(const struct vrrp_rt *rt, struct vrrp_rt *nrt,
    size_t i, const struct msg_conf_vip *cv)
{
	struct vrrp_ifinfo ii;

	if (cv == NULL ||
	    vrrp_link_lookup(vrrp_eng.nl, cv->ifname, 0, &ii) == -1) {
		log_warnx("(%s) VIP interface %s not found", rt->params.name,
		    cv != NULL ? cv->ifname : "?");
		return;
	}
	nrt->vips[i].ifindex = ii.ifindex;
	memcpy(nrt->vmacs[i], ii.mac, 6);
	if (rt->vmac[0] != '\0' && ii.ifindex == rt->base_ifindex &&
	    cv->family == rt->params.family) {
		nrt->vips[i].ifindex = rt->ifindex;
		vrrp_vmac_conf_addr(&rt->conf, rt->params.family,
		    nrt->vmacs[i]);
	}
}

static void
vrrp_reload_vip_log(const struct vrrp_rt *rt, const struct vrrp_vip *v,
    const char *what)
{
	char buf[INET6_ADDRSTRLEN];

	log_info("(%s) reload: %s VIP %s", rt->params.name, what,
	    vrrp_ipaddr_str(&v->addr, buf, sizeof(buf)));
}

/*
 * The new VIPs: kept ones as they are, new ones resolved. A master
 * removes the VIPs that went, adds and announces the new ones; a backup
 * holds none and only takes the list.
 */
static void
vrrp_reload_vips(struct vrrp_rt *rt, struct vrrp_rt *nrt)
{
	const struct msg_conf_vip **oc = vrrp_reload_cvips(rt);
	const struct msg_conf_vip **nc = vrrp_reload_cvips(nrt);
	bool master = rt->fsm.state == VRRP_STATE_MASTER;
	bool *kept, *added;
	ssize_t j;
	size_t i;
	int r, rounds = nrt->conf.garp_master_repeat > 0 ?
	    nrt->conf.garp_master_repeat : 1;

	if ((kept = calloc(rt->nvips + 1, sizeof(*kept))) == NULL ||
	    (added = calloc(nrt->nvips + 1, sizeof(*added))) == NULL)
		fatal("vrrp reload");
	for (i = 0; i < nrt->nvips; i++) {
		if ((j = vrrp_reload_vip_find(rt, oc, nc[i])) >= 0) {
			kept[j] = true;
			nrt->vips[i].ifindex = rt->vips[j].ifindex;
			memcpy(nrt->vmacs[i], rt->vmacs[j], 6);
		} else {
			added[i] = true;
			vrrp_reload_vip_resolve(rt, nrt, i, nc[i]);
		}
	}
	for (i = 0; master && i < rt->nvips; i++)
		if (!kept[i] && rt->vips[i].ifindex != 0) {
			vrrp_reload_vip_log(rt, &rt->vips[i], "removing");
			vrrp_addr_del(vrrp_eng.nl, &rt->vips[i]);
		}
	if (master)	/* no_accept: in the sets before on the interface */
		vrrp_nft_vips_up(nrt);
	for (i = 0; master && i < nrt->nvips; i++)
		if (added[i] && nrt->vips[i].ifindex != 0) {
			vrrp_reload_vip_log(rt, &nrt->vips[i], "adding");
			vrrp_addr_add(vrrp_eng.nl, &nrt->vips[i]);
			for (r = 0; r < rounds; r++)
				vrrp_announce_one(nrt, i);
		}
	free(kept);
	free(added);
	free(oc);
	free(nc);
}

static bool
vrrp_reload_route_eq(const struct vrrp_rt *a, size_t i,
    const struct vrrp_rt *b, size_t j)
{
	return strcmp(a->rdevs[i], b->rdevs[j]) == 0 &&
	    nlr_route_eq(&a->routes[i], &b->routes[j]);
}

/* Whether route i of a is one of b's. */
static bool
vrrp_reload_route_in(const struct vrrp_rt *a, size_t i,
    const struct vrrp_rt *b)
{
	size_t j;

	for (j = 0; j < b->nroutes; j++)
		if (vrrp_reload_route_eq(a, i, b, j))
			return true;
	return false;
}

/* virtual_routes: as the VIPs, a master removes and adds the changes. */
static void
vrrp_reload_routes(struct vrrp_rt *rt, struct vrrp_rt *nrt)
{
	bool master = rt->fsm.state == VRRP_STATE_MASTER;
	size_t i;

	for (i = 0; i < nrt->nroutes; i++)
		nrt->routes[i].ifindex = if_nametoindex(nrt->rdevs[i][0] ?
		    nrt->rdevs[i] : nrt->conf.ifname);
	for (i = 0; master && i < rt->nroutes; i++)
		if (rt->routes[i].ifindex != 0 &&
		    !vrrp_reload_route_in(rt, i, nrt))
			nlr_route_del(vrrp_eng.nl, &rt->routes[i]);
	for (i = 0; master && i < nrt->nroutes; i++)
		if (nrt->routes[i].ifindex != 0 &&
		    !vrrp_reload_route_in(nrt, i, rt))
			nlr_route_add(vrrp_eng.nl, &nrt->routes[i]);
}

/* How many of the trackers hold the instance in FAULT. */
static unsigned int
vrrp_reload_faults(const struct vrrp_track_if *t, size_t n)
{
	unsigned int f = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (vrrp_track_fault(&t[i]))
			f++;
	return f;
}

/* The new trackers: kept ones keep what they saw, but scripts, which
 * take the last result the engine holds (none for a script the reload
 * changed: it starts over, init_fail included); a new interface is
 * looked at now (scripts, files and processes came with vrrp_rt_new). */
static void
vrrp_reload_tracks(const struct vrrp_rt *rt, struct vrrp_rt *nrt)
{
	struct vrrp_track_if *t;
	struct vrrp_ifinfo ii;
	size_t i, j;

	for (i = 0; i < nrt->ntifs; i++) {
		t = &nrt->tifs[i];
		for (j = 0; j < rt->ntifs; j++)
			if (rt->tifs[j].type == t->type &&
			    strcmp(rt->tifs[j].name, t->name) == 0)
				break;
		if (j < rt->ntifs && t->type == TRACK_SCRIPT)
			continue;
		if (j < rt->ntifs) {
			t->up = rt->tifs[j].up;
			t->known = rt->tifs[j].known;
			t->value = rt->tifs[j].value;
			continue;
		}
		log_info("(%s) reload: tracking %s %s", rt->params.name,
		    vrrp_track_type_name(t->type), t->name);
		if (t->type == VRRP_TRACK_SRC_IP)
			vrrp_tsrc_refresh(nrt, t);
		if (t->type != TRACK_INTERFACE)
			continue;
		if (vrrp_link_lookup(vrrp_eng.nl, t->name, 0, &ii) == -1)
			ii.flags = 0;
		t->up = (ii.flags & IFF_UP) && (ii.flags & IFF_RUNNING);
		(void)vrrp_updown_held(t->name, &t->up);
	}
}

#define VRRP_SWAP(a, b) do {						\
	__typeof__(a) vrrp_swap_tmp = (a);				\
	(a) = (b);							\
	(b) = vrrp_swap_tmp;						\
} while (0)

/* rt takes nrt's configuration and arrays; nrt keeps rt's old ones. */
static void
vrrp_reload_swap(struct vrrp_rt *rt, struct vrrp_rt *nrt)
{
	struct vrrp_ipaddr primary = rt->params.primary;

	rt->conf = nrt->conf;
	VRRP_SWAP(rt->cvips, nrt->cvips);
	VRRP_SWAP(rt->ncvips, nrt->ncvips);
	VRRP_SWAP(rt->croutes, nrt->croutes);
	VRRP_SWAP(rt->ncroutes, nrt->ncroutes);
	VRRP_SWAP(rt->ctracks, nrt->ctracks);
	VRRP_SWAP(rt->nctracks, nrt->nctracks);
	VRRP_SWAP(rt->advips, nrt->advips);
	VRRP_SWAP(rt->peers, nrt->peers);
	VRRP_SWAP(rt->vips, nrt->vips);
	VRRP_SWAP(rt->vmacs, nrt->vmacs);
	VRRP_SWAP(rt->nvips, nrt->nvips);
	VRRP_SWAP(rt->routes, nrt->routes);
	VRRP_SWAP(rt->rdevs, nrt->rdevs);
	VRRP_SWAP(rt->nroutes, nrt->nroutes);
	VRRP_SWAP(rt->rules, nrt->rules);
	VRRP_SWAP(rt->nrules, nrt->nrules);
	VRRP_SWAP(rt->tifs, nrt->tifs);
	VRRP_SWAP(rt->ntifs, nrt->ntifs);
	rt->params = nrt->params;
	rt->params.primary = primary;
	/* The next master-down interval counts the new number of adverts. */
	rt->fsm.timers.down_adverts = rt->params.down_timer_adverts;
	rt->params.vips = rt->advips;
	rt->params.peers = rt->peers;
	/* A paced announcement still running goes on over the new list;
	 * with no VIP left it ends. */
	if (rt->nvips == 0)
		vrrp_announce_stop(rt);
}

/* The state machine hears of the changes: faults first, then the
 * interval, then one priority event with the new base and weights. */
static void
vrrp_reload_fsm(struct vrrp_rt *rt, unsigned int oldf, unsigned int newf,
    uint8_t oldbase)
{
	struct vrrp_event ev;
	int w = 0;
	size_t i;

	memset(&ev, 0, sizeof(ev));
	ev.now = vrrp_now_cs();
	for (; newf > oldf; oldf++) {
		ev.type = VRRP_EVT_FAULT;
		ev.why = "tracked object down (reload)";
		vrrp_fsm_event(&rt->fsm, &ev);
	}
	for (; oldf > newf; oldf--) {
		ev.type = VRRP_EVT_UNFAULT;
		ev.why = "tracked objects up (reload)";
		vrrp_fsm_event(&rt->fsm, &ev);
	}
	vrrp_sync_faults(rt);
	if (rt->fsm.timers.adver_int != rt->params.advert_int_cs) {
		log_info("(%s) advert_int %u.%02u -> %u.%02u s",
		    rt->params.name, rt->fsm.timers.adver_int / 100,
		    rt->fsm.timers.adver_int % 100,
		    rt->params.advert_int_cs / 100,
		    rt->params.advert_int_cs % 100);
		/* The advert it sends now is stamped now: timer_expired_backup
		 * measures the next one's gap from it. */
		rt->fsm.ev_now = ev.now;
		vrrp_fsm_set_adver_int(&rt->fsm, rt->params.advert_int_cs);
	}
	if (oldbase != rt->params.priority)
		log_info("(%s) priority %u -> %u", rt->params.name, oldbase,
		    rt->params.priority);
	rt->fsm.base_priority = rt->params.priority;
	for (i = 0; i < rt->ntifs; i++)
		w += vrrp_track_adjust(&rt->tifs[i]);
	ev.type = VRRP_EVT_PRIORITY;
	ev.why = NULL;
	ev.weight = w;
	vrrp_rt_priority_event(rt, &ev);
}

/*
 * Take the configuration in (and its objects in s) in place. False, with
 * what changed in *why, when its identity changed or it does not run yet
 * (the caller restarts it).
 */
bool
vrrp_rt_update(struct vrrp_rt *rt, const struct conf_set *s,
    const struct msg_conf_instance *in, const char **why)
{
	struct vrrp_rt *nrt;
	unsigned int oldf;
	uint8_t oldbase = rt->fsm.base_priority;

	*why = "not running yet";
	if (!rt->started)
		return false;
	*why = "cannot run";
	if ((nrt = vrrp_rt_new(s, in)) == NULL)
		return false;
	if ((*why = vrrp_rt_identity(rt, nrt)) != NULL) {
		vrrp_rt_free(nrt);
		return false;
	}
	vrrp_reload_vips(rt, nrt);
	vrrp_reload_routes(rt, nrt);
	vrrp_rules_reload(rt, nrt);
	vrrp_reload_tracks(rt, nrt);
	oldf = vrrp_reload_faults(rt->tifs, rt->ntifs);
	vrrp_reload_swap(rt, nrt);
	if (strcmp(rt->group, nrt->group) != 0)
		vrrp_sync_leave(rt);
	vrrp_rt_free(nrt);
	vrrp_reload_fsm(rt, oldf, vrrp_reload_faults(rt->tifs, rt->ntifs),
	    oldbase);
	vrrp_garp_extra_stop(rt);
	vrrp_garp_extra_start(rt);
	log_info("(%s) reload: configuration taken in place (%s)",
	    rt->params.name, vrrp_state_name(rt->fsm.state));
	return true;
}
