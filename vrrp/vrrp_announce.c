/*
 * Telling the LAN where the VIPs are: gratuitous ARP (IPv4) and
 * unsolicited neighbour advertisements (IPv6), garp_master_repeat of
 * them on becoming master, the same again garp_master_delay seconds
 * later, then every garp_master_refresh seconds while master, as
 * keepalived does.
 */
#include <sys/time.h>

#include <string.h>

#include <event2/event.h>

#include "common/log.h"
#include "vrrp/vrrp_arp.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_ndisc.h"

/* rounds announcements of every VIP, at once. */
void
vrrp_announce(struct vrrp_rt *rt, int rounds)
{
	const struct vrrp_vip *v;
	char buf[INET6_ADDRSTRLEN];
	size_t i;
	int r;

	for (i = 0; i < rt->nvips; i++) {
		v = &rt->vips[i];
		if (v->ifindex == 0)
			continue;
		log_debug("(%s) Sending %d gratuitous %s for %s", rt->params.name,
		    rounds, v->addr.family == AF_INET ? "ARPs" : "NAs",
		    vrrp_ipaddr_str(&v->addr, buf, sizeof(buf)));
		for (r = 0; r < rounds; r++) {
			if (v->addr.family == AF_INET && vrrp_eng.arp_fd != -1)
				vrrp_arp_send(vrrp_eng.arp_fd, v->ifindex,
				    rt->vmacs[i], v->addr.u.v4);
			else if (v->addr.family == AF_INET6 &&
			    vrrp_eng.nd_fd != -1)
				vrrp_ndisc_send(vrrp_eng.nd_fd, v->ifindex,
				    rt->vmacs[i], &v->addr.u.v6, NULL, false);
		}
	}
}

static void
vrrp_announce_arm(struct vrrp_rt *rt, int seconds, bool refresh)
{
	struct timeval tv = { seconds, 0 };

	rt->garp_refresh = refresh;
	evtimer_add(rt->garp_ev, &tv);
}

static void
vrrp_announce_cb(int fd, short what, void *arg)
{
	struct vrrp_rt *rt = arg;
	int repeat;

	if (rt->fsm.state != VRRP_STATE_MASTER)
		return;
	repeat = rt->garp_refresh ? rt->conf.garp_master_refresh_repeat :
	    rt->conf.garp_master_repeat;
	vrrp_announce(rt, repeat > 0 ? repeat : 1);
	if (rt->conf.garp_master_refresh > 0)
		vrrp_announce_arm(rt, rt->conf.garp_master_refresh, true);
}

/* On becoming master. */
void
vrrp_announce_master(struct vrrp_rt *rt)
{
	int repeat = rt->conf.garp_master_repeat;

	vrrp_announce(rt, repeat > 0 ? repeat : 1);
	if (rt->garp_ev == NULL && (rt->garp_ev = evtimer_new(vrrp_eng.base,
	    vrrp_announce_cb, rt)) == NULL)
		fatalx("vrrp: evtimer_new");
	if (rt->conf.garp_master_delay > 0)
		vrrp_announce_arm(rt, rt->conf.garp_master_delay, false);
	else if (rt->conf.garp_master_refresh > 0)
		vrrp_announce_arm(rt, rt->conf.garp_master_refresh, true);
}

void
vrrp_announce_stop(struct vrrp_rt *rt)
{
	if (rt->garp_ev != NULL)
		evtimer_del(rt->garp_ev);
}
