/*
 * What the state machine asks of an instance (struct vrrp_fsm_ops):
 * adverts on the shared socket, VIPs through libnl, GARP, libevent
 * timers in centiseconds, state reports to the check child. Also
 * starting an instance (interface, source address, stale VIPs) and
 * stopping it.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/rtnetlink.h>
#include <net/if.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/proc.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_ipvlan.h"
#include "vrrp/vrrp_link.h"
#include "vrrp/vrrp_nft.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/vrrp_track.h"
#include "vrrp/vrrp_txq.h"
#include "vrrp/vrrp_updown.h"
#include "vrrp/vrrp_vmac.h"

#define VRRP_RETRY_CS	20	/* look again for an interface / source */
#define VRRP_TIMER_SLACK_US 500	/* a lazy timer this early is on time */

uint64_t
vrrp_now_cs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 100 + (uint64_t)ts.tv_nsec / 10000000;
}

uint64_t
vrrp_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void
vrrp_ops_send_advert(void *ctx, uint8_t prio)
{
	struct vrrp_rt *rt = ctx;
	struct vrrp_params p = rt->params;
	struct vrrp_ipaddr group;
	uint8_t buf[VRRP_PKT_MAX];
	size_t len, i;

	if (rt->sock == NULL)
		return;
	p.csum_mode = vrrp_fsm_csum_mode(&rt->fsm);
	if (p.npeers == 0) {
		memset(&group, 0, sizeof(group));
		group.family = p.family;
		if (p.family == AF_INET)
			group.u.v4.s_addr = htonl(VRRP_MCAST4);
		else
			group.u.v6 = (struct in6_addr)VRRP_MCAST6_INIT;
		if ((len = vrrp_packet_build(&p, prio, &group, buf,
		    sizeof(buf))) > 0)
			vrrp_txq_send(rt->sock, &p.primary, NULL, buf, len);
		return;
	}
	for (i = 0; i < p.npeers; i++)
		if ((len = vrrp_packet_build(&p, prio, &p.peers[i], buf,
		    sizeof(buf))) > 0)
			vrrp_txq_send(rt->sock, &p.primary, &p.peers[i], buf,
			    len);
}

static void
vrrp_ops_add_vips(void *ctx)
{
	struct vrrp_rt *rt = ctx;
	size_t i;

	log_info("(%s) Setting VIPs.", rt->params.name);
	rt->vips_new = true;
	vrrp_nft_vips_up(rt);
	for (i = 0; i < rt->nvips; i++)
		if (rt->vips[i].ifindex != 0)
			vrrp_addr_add(vrrp_eng.nl, &rt->vips[i]);
	for (i = 0; i < rt->nroutes; i++)
		if (rt->routes[i].ifindex != 0)
			nlr_route_add(vrrp_eng.nl, &rt->routes[i]);
	vrrp_rules_add(rt);
}

static void
vrrp_ops_del_vips(void *ctx)
{
	struct vrrp_rt *rt = ctx;
	size_t i;

	vrrp_announce_stop(rt);
	vrrp_rules_del(rt);
	for (i = 0; i < rt->nroutes; i++)
		if (rt->routes[i].ifindex != 0)
			nlr_route_del(vrrp_eng.nl, &rt->routes[i]);
	for (i = 0; i < rt->nvips; i++)
		if (rt->vips[i].ifindex != 0)
			vrrp_addr_del(vrrp_eng.nl, &rt->vips[i]);
	vrrp_nft_vips_down(rt);
}

static void
vrrp_ops_send_garp(void *ctx)
{
	struct vrrp_rt *rt = ctx;

	/* Just became master: the full sequence; else a master answering
	 * a lower priority advert (garp_lower_prio_*). */
	if (rt->vips_new)
		vrrp_announce_master(rt);
	else
		vrrp_announce_lower(rt);
	rt->vips_new = false;
}

/*
 * Set the libevent timer id of rt to fire in us microseconds, at due.
 * The durations the state machine asks for (common: every instance of
 * one interval and priority has the same) go through libevent's common
 * timeouts: adding one is appending to a list instead of a walk in a
 * heap of 1,000 timers. The rest of a lazy timer (vrrp_timer_due) goes
 * in the heap.
 */
static void
vrrp_timer_set(struct vrrp_rt *rt, enum vrrp_timer_id id, uint64_t us,
    uint64_t due, bool common)
{
	struct timeval tv = { us / 1000000, us % 1000000 };
	const struct timeval *tp = &tv;

	if (common && us != 0) {
		if (rt->timer_ctv_us[id] != us) {
			rt->timer_ctv[id] = event_base_init_common_timeout(
			    vrrp_eng.base, &tv);
			rt->timer_ctv_us[id] = us;
		}
		if (rt->timer_ctv[id] != NULL)
			tp = rt->timer_ctv[id];
	}
	evtimer_add(rt->timer[id], tp);
	rt->timer_set_us[id] = due;
}

/*
 * A backup pushes its master-down timer back at every advert: moving it
 * in libevent's heap each time costs more than the advert's own work at
 * 1,000 instances. When the timer is already set to fire no later than
 * the new time, only the new time is noted; the timer fires at the old
 * one, finds it early and is set again for the rest (vrrp_timer_due). A
 * sooner time (skew time on priority 0) is set at once. The state
 * machine sees the event at the time it asked for. (The advert timer is
 * set once per advert anyway.)
 */
static void
vrrp_ops_arm_timer(void *ctx, enum vrrp_timer_id id, uint32_t cs)
{
	struct vrrp_rt *rt = ctx;
	uint64_t us = (uint64_t)cs * 10000, due = vrrp_now_us() + us;

	if ((unsigned)id >= VRRP_TIMER_MAX || rt->timer[id] == NULL)
		return;
	rt->timer_due_us[id] = due;
	if (id == VRRP_TIMER_ADVER)
		rt->adver_due_us = due;
	if (id == VRRP_TIMER_MASTER_DOWN && rt->timer_set_us[id] != 0 &&
	    rt->timer_set_us[id] <= due)
		return;
	vrrp_timer_set(rt, id, us, due, true);
}

static void
vrrp_ops_cancel_timer(void *ctx, enum vrrp_timer_id id)
{
	struct vrrp_rt *rt = ctx;

	if ((unsigned)id < VRRP_TIMER_MAX && rt->timer[id] != NULL)
		evtimer_del(rt->timer[id]);
	if ((unsigned)id < VRRP_TIMER_MAX)
		rt->timer_due_us[id] = rt->timer_set_us[id] = 0;
	if (id == VRRP_TIMER_ADVER)
		rt->adver_due_us = 0;
}

/* The libevent timer id fired: whether the state machine's time has come
 * (within VRRP_TIMER_SLACK_US), else it is set again for the rest. */
static bool
vrrp_timer_due(struct vrrp_rt *rt, enum vrrp_timer_id id)
{
	uint64_t now = vrrp_now_us(), due = rt->timer_due_us[id];

	rt->timer_set_us[id] = 0;	/* libevent's is no longer pending */
	if (due > now + VRRP_TIMER_SLACK_US) {
		vrrp_timer_set(rt, id, due - now, due, false);
		return false;
	}
	rt->timer_due_us[id] = 0;
	return true;
}

/* A new state: the sync group follows, the check child hears of it. */
static void
vrrp_ops_notify(void *ctx, enum vrrp_state state)
{
	struct vrrp_rt *rt = ctx;
	enum vrrp_state from = rt->last_state;

	rt->last_state = state;
	/* A new state: the wait between adverts in BACKUP counts from the
	 * first advert of this spell (vrrp_rt_rx_timing). */
	rt->last_rx_us = 0;
	vrrp_sync_state(rt, from, state);
	vrrp_report_state(rt, from, state);
}

static void
vrrp_ops_rx_lower(void *ctx, const struct vrrp_ipaddr *src, uint8_t prio)
{
	vrrp_report_rx_lower(ctx, src, prio);
}

static bool
vrrp_ops_may_master(void *ctx)
{
	return vrrp_sync_may_master(ctx);
}

static const struct vrrp_fsm_ops vrrp_rt_ops = {
	.send_advert = vrrp_ops_send_advert,
	.add_vips = vrrp_ops_add_vips,
	.del_vips = vrrp_ops_del_vips,
	.send_garp = vrrp_ops_send_garp,
	.arm_timer = vrrp_ops_arm_timer,
	.cancel_timer = vrrp_ops_cancel_timer,
	.notify = vrrp_ops_notify,
	.may_master = vrrp_ops_may_master,
	.rx_lower = vrrp_ops_rx_lower,
};

static void
vrrp_rt_timer_event(struct vrrp_rt *rt, enum vrrp_event_type type)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.now = vrrp_now_cs();
	vrrp_fsm_event(&rt->fsm, &ev);
}

static void
vrrp_rt_adver_cb(int fd, short what, void *arg)
{
	struct vrrp_rt *rt = arg;
	uint64_t now = vrrp_now_us();

	rt->timer_set_us[VRRP_TIMER_ADVER] = 0;
	if (rt->adver_due_us != 0 && now > rt->adver_due_us &&
	    now - rt->adver_due_us > rt->adver_late_max_us)
		rt->adver_late_max_us = now - rt->adver_due_us;
	rt->adver_due_us = 0;
	vrrp_txq_batch(true);
	vrrp_rt_timer_event(rt, VRRP_EVT_ADVER_TIMER);
	vrrp_txq_batch(false);
}

static void
vrrp_rt_master_down_cb(int fd, short what, void *arg)
{
	if (vrrp_timer_due(arg, VRRP_TIMER_MASTER_DOWN))
		vrrp_rt_timer_event(arg, VRRP_EVT_MASTER_DOWN);
}

/* The instance running on VMAC name, if any but rt. */
static const struct vrrp_rt *
vrrp_rt_vmac_user(const struct vrrp_rt *rt, const char *name)
{
	const struct vrrp_rt *o;

	TAILQ_FOREACH(o, &vrrp_eng.insts, entry)
		if (o != rt && o->started && (strcmp(o->vmac, name) == 0 ||
		    vrrp_avmac_of(o, name)))
			return o;
	return NULL;
}

/*
 * The VMAC's name: use_vmac's, else "PREFIX.VRID" (vmac_prefix, default
 * vrrp; cut at 15 characters), or (as keepalived) "PREFIXN.VRID" with the
 * first N free when
 * another instance here (the other family's, same VRID) has that. -1
 * when the configured name is another instance's.
 */
static int
vrrp_rt_vmac_pick(struct vrrp_rt *rt)
{
	const struct vrrp_rt *o;
	char buf[64];
	const char *p;
	unsigned int n;
	int len;

	if (rt->conf.vmac_name[0] != '\0') {
		snprintf(rt->vmac, sizeof(rt->vmac), "%s", rt->conf.vmac_name);
		if ((o = vrrp_rt_vmac_user(rt, rt->vmac)) == NULL)
			return 0;
		log_warnx("(%s) VMAC %s is already (%s)'s", rt->params.name,
		    rt->vmac, o->params.name);
		return -1;
	}
	p = rt->conf.vmac_prefix[0] != '\0' ? rt->conf.vmac_prefix : "vrrp";
	for (n = 0; n < 100; n++) {
		if (n == 0)
			len = snprintf(buf, sizeof(buf), "%s.%u", p,
			    rt->params.vrid);
		else
			len = snprintf(buf, sizeof(buf), "%s%u.%u", p, n,
			    rt->params.vrid);
		if (len < 0)
			break;
		/* Cut at 15 characters, as keepalived does. */
		snprintf(rt->vmac, sizeof(rt->vmac), "%.*s",
		    (int)sizeof(rt->vmac) - 1, buf);
		if (vrrp_rt_vmac_user(rt, rt->vmac) == NULL)
			return 0;
	}
	log_warnx("(%s) no free VMAC name after %s", rt->params.name,
	    rt->vmac);
	return -1;
}

/* IPv6: the VMAC makes no link-local address of its own (both routers
 * carry its MAC); it gets the base's, the adverts' source (keepalived). */
static int
vrrp_rt_vmac_ll6(struct vrrp_rt *rt, unsigned int ifindex)
{
	struct vrrp_vip ll;

	memset(&ll, 0, sizeof(ll));
	ll.addr = rt->params.primary;
	ll.prefixlen = 64;
	ll.scope = RT_SCOPE_LINK;
	ll.ifindex = ifindex;
	return vrrp_addr_add(vrrp_eng.nl, &ll);
}

/*
 * use_vmac: a macvlan (vrrp_rt_vmac_pick) with the virtual router MAC
 * on the base interface carries the adverts, the VIPs of the base
 * interface and their GARPs / NAs, so the VIP's MAC does not change on
 * failover.
 */
static int
vrrp_rt_vmac(struct vrrp_rt *rt, const struct vrrp_ifinfo *base)
{
	uint8_t mac[6];
	unsigned int ifindex;
	size_t i;

	if (vrrp_rt_vmac_pick(rt) == -1) {
		rt->vmac[0] = '\0';
		return -1;
	}
	vrrp_vmac_conf_addr(&rt->conf, rt->params.family, mac);
	if (vrrp_vmac_create(vrrp_eng.nl, base->ifindex, rt->vmac, mac,
	    VRRP_VMAC_MODE_PRIVATE, &ifindex) == -1 ||
	    vrrp_vmac_tune(vrrp_eng.nl, ifindex, base->ifindex) == -1 ||
	    (rt->params.family == AF_INET6 &&
	    vrrp_rt_vmac_ll6(rt, ifindex) == -1)) {
		rt->vmac[0] = '\0';
		return -1;
	}
	rt->ifindex = ifindex;
	/* The other family's (excluded) addresses stay on the base: the
	 * VMAC's MAC is not theirs. */
	for (i = 0; i < rt->nvips; i++)
		if (rt->vips[i].ifindex == base->ifindex &&
		    rt->vips[i].addr.family == rt->params.family) {
			rt->vips[i].ifindex = ifindex;
			memcpy(rt->vmacs[i], mac, 6);
		}
	return 0;
}

/*
 * use_ipvlan: an L2 ipvlan (named as a VMAC would be, or use_ipvlan's
 * name) with use_ipvlan's address (IPv6 without one: the base's
 * link-local) carries the adverts, from that address, and the VIPs of
 * the instance's family on the base. It shares the base's MAC.
 */
static int
vrrp_rt_ipvlan(struct vrrp_rt *rt, const struct vrrp_ifinfo *base)
{
	struct vrrp_vip a;
	unsigned int ifindex;
	size_t i;

	if (rt->conf.ipvlan_name[0] != '\0')
		snprintf(rt->vmac, sizeof(rt->vmac), "%s",
		    rt->conf.ipvlan_name);
	else if (vrrp_rt_vmac_pick(rt) == -1) {
		rt->vmac[0] = '\0';
		return -1;
	}
	if (vrrp_ipvlan_create(vrrp_eng.nl, base->ifindex, rt->vmac,
	    &ifindex) == -1) {
		rt->vmac[0] = '\0';
		return -1;
	}
	if (rt->conf.ipvlan_family == (uint32_t)rt->params.family) {
		memset(&a, 0, sizeof(a));
		vrrp_ipaddr_set(&a.addr, rt->params.family,
		    rt->conf.ipvlan_addr);
		a.prefixlen = (uint8_t)rt->conf.ipvlan_plen;
		a.ifindex = ifindex;
		if (vrrp_addr_add(vrrp_eng.nl, &a) == -1) {
			vrrp_vmac_delete(vrrp_eng.nl, rt->vmac);
			rt->vmac[0] = '\0';
			return -1;
		}
		rt->params.primary = a.addr;
	} else if (rt->params.family == AF_INET6 &&
	    vrrp_rt_vmac_ll6(rt, ifindex) == -1) {
		vrrp_vmac_delete(vrrp_eng.nl, rt->vmac);
		rt->vmac[0] = '\0';
		return -1;
	}
	log_info("(%s) ipvlan %s on %s", rt->params.name, rt->vmac,
	    base->name);
	rt->ifindex = ifindex;
	for (i = 0; i < rt->nvips; i++)
		if (rt->vips[i].ifindex == base->ifindex &&
		    rt->vips[i].addr.family == rt->params.family)
			rt->vips[i].ifindex = ifindex;
	return 0;
}

/* Interface index, MAC of each VIP's link, the source address. -1 while
 * the interface or (IPv6) a usable link-local address is missing. */
static int
vrrp_rt_resolve(struct vrrp_rt *rt)
{
	struct vrrp_ifinfo ii, vi;
	struct vrrp_params *p = &rt->params;
	const struct msg_conf_vip *cv;
	size_t i, j;

	if (rt->conf.ifname[0] == '\0') {
		if (vrrp_noif_lookup(rt, &ii) == -1)
			return -1;
	} else if (vrrp_link_lookup(vrrp_eng.nl, rt->conf.ifname, 0,
	    &ii) == -1)
		return -1;
	rt->ifindex = rt->base_ifindex = ii.ifindex;
	if (rt->conf.src_family == p->family)
		vrrp_ipaddr_set(&p->primary, p->family,
		    rt->conf.src_addr);
	else if (p->family == AF_INET && ii.has_v4)
		p->primary = ii.v4;
	else if (p->family == AF_INET6 && ii.has_ll6)
		p->primary = ii.ll6;
	else
		return -1;
	for (i = 0, j = 0; i < rt->nvips && j < rt->ncvips; j++) {
		cv = &rt->cvips[j];
		if (cv->flags & VIP_F_PEER)
			continue;
		i++;
		if (strcmp(cv->ifname, ii.name) == 0)
			vi = ii;
		else if (vrrp_link_lookup(vrrp_eng.nl, cv->ifname, 0,
		    &vi) == -1) {
			log_warnx("(%s) VIP interface %s not found",
			    p->name, cv->ifname);
			continue;
		}
		rt->vips[i - 1].ifindex = vi.ifindex;
		memcpy(rt->vmacs[i - 1], vi.mac, 6);
	}
	for (i = 0; i < rt->nroutes; i++)
		rt->routes[i].ifindex = if_nametoindex(rt->rdevs[i][0] ?
		    rt->rdevs[i] : rt->conf.ifname);
	if (rt->conf.use_vmac && vrrp_rt_vmac(rt, &ii) == -1)
		return -1;
	if (rt->conf.use_ipvlan && vrrp_rt_ipvlan(rt, &ii) == -1)
		return -1;
	return vrrp_avmac_setup(rt);
}

/* At start: VIPs of ours still up from an earlier run go first. */
static void
vrrp_rt_remove_stale(struct vrrp_rt *rt)
{
	bool *present;
	size_t i;

	if (rt->nvips == 0 || rt->params.priority == VRRP_PRIO_OWNER)
		return;
	if ((present = calloc(rt->nvips, sizeof(*present))) == NULL)
		fatal("vrrp instance");
	if (vrrp_addr_present(vrrp_eng.nl, rt->vips, rt->nvips,
	    present) == 0)
		for (i = 0; i < rt->nvips; i++)
			if (present[i] && rt->vips[i].ifindex != 0) {
				log_info("(%s) removing stale VIP left from "
				    "an earlier run", rt->params.name);
				vrrp_addr_del(vrrp_eng.nl, &rt->vips[i]);
			}
	free(present);
}

static void
vrrp_rt_retry_cb(int fd, short what, void *arg)
{
	vrrp_rt_start(arg);
}

static void
vrrp_rt_wait(struct vrrp_rt *rt)
{
	struct timeval tv = { 0, VRRP_RETRY_CS * 10000 };

	if (!rt->waiting_logged && rt->conf.ifname[0] == '\0')
		log_info("(%s) waiting for vrf %s", rt->params.name,
		    rt->conf.vrf);
	else if (!rt->waiting_logged)
		log_info("(%s) waiting for interface %s and its %s address",
		    rt->params.name, rt->conf.ifname, rt->params.family ==
		    AF_INET ? "IPv4" : "link-local IPv6");
	rt->waiting_logged = true;
	if (rt->retry_ev == NULL &&
	    (rt->retry_ev = evtimer_new(vrrp_eng.base, vrrp_rt_retry_cb,
	    rt)) == NULL)
		fatalx("vrrp: evtimer_new");
	evtimer_add(rt->retry_ev, &tv);
}

/* The sum of the trackers' adjustments (vrrp_track_adjust). */
static int
vrrp_rt_weight(const struct vrrp_rt *rt)
{
	int w = 0;
	size_t i;

	for (i = 0; i < rt->ntifs; i++)
		w += vrrp_track_adjust(&rt->tifs[i]);
	return w;
}

/* What a tracker in FAULT is, for the log. */
static const char *
vrrp_track_fault_why(const struct vrrp_track_if *t, char *buf, size_t len)
{
	switch (t->type) {
	case TRACK_SCRIPT:
		return t->up ? "succeeding (reverse)" : "failed (init_fail)";
	case TRACK_PROCESS:
		return t->up ? "up (reverse)" : "down";
	case TRACK_FILE:
		snprintf(buf, len, "value %lld", (long long)t->value);
		return buf;
	default:
		return t->up ? "up (reverse)" : "down";
	}
}

/* Feed the tracked interfaces' state before STARTUP. */
static void
vrrp_rt_initial_tracks(struct vrrp_rt *rt)
{
	struct vrrp_ifinfo ii;
	struct vrrp_event ev;
	struct vrrp_track_if *t;
	char buf[32];
	size_t i;

	memset(&ev, 0, sizeof(ev));
	ev.now = vrrp_now_cs();
	for (i = 0; i < rt->ntifs; i++) {
		t = &rt->tifs[i];
		if (t->type == TRACK_INTERFACE) {
			if (vrrp_link_lookup(vrrp_eng.nl, t->name, 0,
			    &ii) == -1)
				ii.flags = 0;
			t->up = (ii.flags & IFF_UP) && (ii.flags & IFF_RUNNING);
			(void)vrrp_updown_held(t->name, &t->up);
		} else if (t->type == VRRP_TRACK_SRC_IP)
			vrrp_tsrc_refresh(rt, t);
		if (vrrp_track_fault(t)) {
			log_info("(%s) tracked %s %s %s at start-up",
			    rt->params.name, vrrp_track_type_name(t->type),
			    t->name, vrrp_track_fault_why(t, buf, sizeof(buf)));
			ev.type = VRRP_EVT_FAULT;
			vrrp_fsm_event(&rt->fsm, &ev);
		}
	}
	/* A fault no tracker clears: the instance restarts on a reload that
	 * gives it peers (unicast and multicast differ). */
	if (rt->conf.fault_no_peer && rt->params.npeers == 0) {
		log_warnx("(%s) no unicast_peer and unicast_fault_no_peer: "
		    "staying in FAULT", rt->params.name);
		ev.type = VRRP_EVT_FAULT;
		vrrp_fsm_event(&rt->fsm, &ev);
	}
	vrrp_sync_faults(rt);
	ev.type = VRRP_EVT_PRIORITY;
	ev.weight = vrrp_rt_weight(rt);
	vrrp_fsm_event(&rt->fsm, &ev);
}

void
vrrp_rt_start(struct vrrp_rt *rt)
{
	struct vrrp_event ev;
	const struct vrrp_params *p = &rt->params;

	if (vrrp_rt_resolve(rt) == -1) {
		vrrp_rt_wait(rt);
		return;
	}
	/* vmac_xmit_base: the adverts on the base, from its MAC. */
	if (rt->vmac[0] != '\0' && !rt->conf.vmac_xmit_base)
		rt->sock = vrrp_ifsock_get(p->family, rt->ifindex, rt->vmac);
	else
		rt->sock = vrrp_ifsock_get(p->family, rt->base_ifindex,
		    vrrp_rt_sockname(rt));
	if (rt->sock == NULL) {
		vrrp_rt_wait(rt);
		return;
	}
	if (p->npeers == 0 && vrrp_sock_join(&rt->sock->sock) == 0)
		rt->joined = true;
	if (rt->timer[VRRP_TIMER_ADVER] == NULL &&
	    ((rt->timer[VRRP_TIMER_ADVER] = evtimer_new(vrrp_eng.base,
	    vrrp_rt_adver_cb, rt)) == NULL ||
	    (rt->timer[VRRP_TIMER_MASTER_DOWN] = evtimer_new(vrrp_eng.base,
	    vrrp_rt_master_down_cb, rt)) == NULL))
		fatalx("vrrp: evtimer_new");
	/* Removing the subnet's primary address (a VIP can be it) would
	 * take the subnet's other addresses along; the flag is left set. */
	if (rt->conf.promote_secondaries && p->family == AF_INET &&
	    rt->conf.ifname[0] != '\0' &&
	    vrrp_addr_promote_secondaries(vrrp_eng.nl, rt->base_ifindex) == -1)
		log_warnx("(%s) %s: cannot set promote_secondaries", p->name,
		    rt->conf.ifname);
	if (p->strict && vrrp_nft_wanted(rt))
		log_warnx("(%s) strict mode: traffic to the VIPs is dropped "
		    "unless accept is set", p->name);
	vrrp_rt_remove_stale(rt);
	vrrp_fsm_init(&rt->fsm, p, &vrrp_rt_ops, rt);
	rt->sync_fault = false;
	rt->started = true;
	vrrp_ifsock_index(rt, NULL);
	vrrp_ifsock_rxbuf(rt->sock);
	vrrp_rt_initial_tracks(rt);
	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EVT_STARTUP;
	ev.now = vrrp_now_cs();
	vrrp_fsm_event(&rt->fsm, &ev);
}

/* Leave: priority 0 advert and VIPs removed if master; socket released. */
void
vrrp_rt_stop(struct vrrp_rt *rt)
{
	struct vrrp_ifsock *is;
	struct vrrp_event ev;

	if (rt->retry_ev != NULL)
		evtimer_del(rt->retry_ev);
	if (!rt->started)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.type = VRRP_EVT_SHUTDOWN;
	ev.now = vrrp_now_cs();
	vrrp_fsm_event(&rt->fsm, &ev);
	vrrp_announce_stop(rt);
	if (rt->joined)
		vrrp_sock_leave(&rt->sock->sock);
	rt->joined = false;
	is = rt->sock;
	rt->sock = NULL;
	rt->started = false;
	vrrp_ifsock_index(rt, is);
	vrrp_ifsock_rxbuf(is);
	vrrp_ifsock_put(is);
	vrrp_sync_faults(rt);	/* its faults no longer hold the group */
	if (rt->vmac[0] != '\0')
		vrrp_vmac_delete(vrrp_eng.nl, rt->vmac);
	vrrp_avmac_delete(rt);
}

/* What a tracker now is, for the log. */
static const char *
vrrp_track_state_name(const struct vrrp_track_if *t, char *buf, size_t len)
{
	switch (t->type) {
	case TRACK_SCRIPT:
		return t->up ? "succeeded" : "failed";
	case TRACK_FILE:
		snprintf(buf, len, "value %lld, adjusts %d%s",
		    (long long)t->value, vrrp_track_adjust(t),
		    vrrp_track_fault(t) ? ", FAULT" : "");
		return buf;
	default:
		return t->up ? "up" : "down";
	}
}

/* A tracked object changed: FAULT / UNFAULT when its fault changed, a new
 * sum of weights when its adjustment did, with the change for the state
 * machine's priority line ("chk_nginx failed", "interface eth1 down"). */
void
vrrp_rt_track(struct vrrp_rt *rt, int type, const char *name, bool up,
    int64_t value)
{
	struct vrrp_event ev;
	struct vrrp_track_if *t;
	bool weights = false, fault;
	char buf[64], why[IPC_NAME_LEN + 96];
	const char *state = "";
	int adj;
	size_t i;

	memset(&ev, 0, sizeof(ev));
	ev.now = vrrp_now_cs();
	for (i = 0; i < rt->ntifs; i++) {
		t = &rt->tifs[i];
		if (t->type != type || strcmp(t->name, name) != 0 ||
		    ((t->known || type == TRACK_INTERFACE) &&
		    (type == TRACK_FILE ? t->value == value : t->up == up)))
			continue;
		fault = vrrp_track_fault(t);
		adj = vrrp_track_adjust(t);
		t->up = up;
		t->value = value;
		t->known = true;
		state = vrrp_track_state_name(t, buf, sizeof(buf));
		if (rt->started)
			log_info("(%s) tracked %s %s %s", rt->params.name,
			    vrrp_track_type_name(type), name, state);
		if (vrrp_track_adjust(t) != adj)
			weights = true;
		if (!rt->started || vrrp_track_fault(t) == fault)
			continue;
		ev.type = fault ? VRRP_EVT_UNFAULT : VRRP_EVT_FAULT;
		ev.why = fault ? "tracked object up" : "tracked object down";
		vrrp_fsm_event(&rt->fsm, &ev);
		vrrp_sync_faults(rt);
	}
	if (!weights || !rt->started)
		return;
	snprintf(why, sizeof(why), "%s%s%s %s", type == TRACK_SCRIPT ? "" :
	    vrrp_track_type_name(type), type == TRACK_SCRIPT ? "" : " ",
	    name, state);
	ev.type = VRRP_EVT_PRIORITY;
	ev.weight = vrrp_rt_weight(rt);
	ev.why = why;
	vrrp_rt_priority_event(rt, &ev);
}

void
vrrp_rt_priority_event(struct vrrp_rt *rt, const struct vrrp_event *ev)
{
	uint8_t old = rt->fsm.priority;

	vrrp_fsm_event(&rt->fsm, ev);
	vrrp_event_priority(rt, old, ev->why);
	vrrp_report_priority(rt, old);
}
