/*
 * Telling the LAN where the VIPs are: gratuitous ARP (IPv4) and
 * unsolicited neighbour advertisements (IPv6), garp_master_repeat of
 * them on becoming master, the same again garp_master_delay seconds
 * later, then every garp_master_refresh seconds while master, as
 * keepalived does. vrrp_garp_interval / vrrp_gna_interval space an
 * instance's messages of each kind; 0 sends them back to back.
 */
#include <sys/time.h>

#include <stdbool.h>
#include <string.h>

#include <event2/event.h>

#include "common/log.h"
#include "vrrp/vrrp_arp.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_garp_group.h"
#include "vrrp/vrrp_ndisc.h"

/* One gratuitous ARP or unsolicited NA for VIP i. */
void
vrrp_announce_one(struct vrrp_rt *rt, size_t i)
{
	const struct vrrp_vip *v = &rt->vips[i];

	if (v->addr.family == AF_INET && vrrp_eng.arp_fd != -1) {
		if (vrrp_arp_send(vrrp_eng.arp_fd, v->ifindex, rt->vmacs[i],
		    v->addr.u.v4) == 0)
			rt->garp_sent++;
	} else if (v->addr.family == AF_INET6 && vrrp_eng.nd_fd != -1) {
		if (vrrp_ndisc_send(vrrp_eng.nd_fd, v->ifindex, rt->vmacs[i],
		    &v->addr.u.v6, NULL, false) == 0)
			rt->na_sent++;
	}
}

/* Queue 0 paces the ARPs (vrrp_garp_interval), queue 1 the NAs
 * (vrrp_gna_interval); 0 us: no pacing, all at once. */
static sa_family_t
vrrp_pace_family(int qi)
{
	return qi == 0 ? AF_INET : AF_INET6;
}

static uint32_t
vrrp_pace_us(const struct vrrp_rt *rt, int qi)
{
	return qi == 0 ? rt->conf.garp_interval_us : rt->conf.gna_interval_us;
}

/* Skip the queued messages that are not for a VIP of the queue's family
 * (or not set up); whether one remains. */
static bool
vrrp_pace_skip(struct vrrp_rt *rt, int qi)
{
	struct vrrp_pace *q = &rt->pace[qi];
	const struct vrrp_vip *v;

	for (; q->next < q->total; q->next++) {
		v = &rt->vips[q->next % rt->nvips];
		if (v->ifindex != 0 && v->addr.family == vrrp_pace_family(qi) &&
		    !vrrp_garp_group_grouped(rt, q->next % rt->nvips))
			return true;
	}
	return false;
}

/* Send the queue's next message; the one after it an interval later. */
static void
vrrp_pace_run(struct vrrp_rt *rt, int qi)
{
	struct vrrp_pace *q = &rt->pace[qi];
	uint32_t us = vrrp_pace_us(rt, qi);
	struct timeval tv = { us / 1000000, us % 1000000 };

	if (!vrrp_pace_skip(rt, qi))
		return;
	vrrp_announce_one(rt, q->next++ % rt->nvips);
	if (vrrp_pace_skip(rt, qi))
		evtimer_add(q->ev, &tv);
}

/* The next paced message, if still master. */
static void
vrrp_pace_next(struct vrrp_rt *rt, int qi)
{
	if (rt->fsm.state != VRRP_STATE_MASTER)
		rt->pace[qi].next = rt->pace[qi].total;
	else
		vrrp_pace_run(rt, qi);
}

static void
vrrp_pace_cb4(int fd, short what, void *arg)
{
	vrrp_pace_next(arg, 0);
}

static void
vrrp_pace_cb6(int fd, short what, void *arg)
{
	vrrp_pace_next(arg, 1);
}

/* rounds announcements of every VIP: at once, or paced (see above). */
void
vrrp_announce(struct vrrp_rt *rt, int rounds)
{
	char buf[INET6_ADDRSTRLEN];
	struct vrrp_pace *q;
	size_t i;
	int r, qi;

	for (i = 0; i < rt->nvips; i++)
		if (rt->vips[i].ifindex != 0)
			log_debug("(%s) Sending %d gratuitous %s for %s",
			    rt->params.name, rounds, rt->vips[i].addr.family ==
			    AF_INET ? "ARPs" : "NAs", vrrp_ipaddr_str(
			    &rt->vips[i].addr, buf, sizeof(buf)));
	/* garp_group: those VIPs wait in their group's queue. */
	for (i = 0; i < rt->nvips; i++)
		if (vrrp_garp_group_grouped(rt, i))
			vrrp_garp_group_queue(rt, i, rounds);
	for (qi = 0; qi < 2 && rt->nvips > 0; qi++) {
		q = &rt->pace[qi];
		if (vrrp_pace_us(rt, qi) == 0) {
			for (i = 0; i < rt->nvips; i++)
				if (rt->vips[i].ifindex != 0 &&
				    rt->vips[i].addr.family ==
				    vrrp_pace_family(qi) &&
				    !vrrp_garp_group_grouped(rt, i))
					for (r = 0; r < rounds; r++)
						vrrp_announce_one(rt, i);
			continue;
		}
		if (q->ev == NULL && (q->ev = evtimer_new(vrrp_eng.base,
		    qi == 0 ? vrrp_pace_cb4 : vrrp_pace_cb6, rt)) == NULL)
			fatalx("vrrp: evtimer_new");
		/* A queue still running takes the new rounds at its end. */
		if (q->next < q->total) {
			q->total += (size_t)rounds * rt->nvips;
			continue;
		}
		q->next = 0;
		q->total = (size_t)rounds * rt->nvips;
		vrrp_pace_run(rt, qi);
	}
}

static void
vrrp_announce_arm(struct vrrp_rt *rt, int seconds, enum vrrp_garp_mode mode)
{
	struct timeval tv = { seconds, 0 };

	rt->garp_mode = mode;
	evtimer_add(rt->garp_ev, &tv);
}

static void
vrrp_announce_cb(int fd, short what, void *arg)
{
	struct vrrp_rt *rt = arg;
	int repeat;

	if (rt->fsm.state != VRRP_STATE_MASTER)
		return;
	switch (rt->garp_mode) {
	case VRRP_GARP_REFRESH:
		repeat = rt->conf.garp_master_refresh_repeat;
		break;
	case VRRP_GARP_LOWER:
		repeat = rt->conf.garp_lower_prio_repeat;
		break;
	default:
		repeat = rt->conf.garp_master_repeat;
		break;
	}
	vrrp_announce(rt, repeat > 0 ? repeat : 1);
	if (rt->conf.garp_master_refresh > 0)
		vrrp_announce_arm(rt, rt->conf.garp_master_refresh,
		    VRRP_GARP_REFRESH);
}

/* A master heard a lower priority advert: a burst now, and another one
 * garp_lower_prio_delay later (keepalived's second set). */
void
vrrp_announce_lower(struct vrrp_rt *rt)
{
	int n = rt->conf.garp_lower_prio_repeat;

	vrrp_announce(rt, n > 0 ? n : 1);
	if (rt->garp_ev != NULL && rt->conf.garp_lower_prio_delay > 0)
		vrrp_announce_arm(rt, rt->conf.garp_lower_prio_delay,
		    VRRP_GARP_LOWER);
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
	vrrp_garp_extra_start(rt);
	if (rt->conf.garp_master_delay > 0)
		vrrp_announce_arm(rt, rt->conf.garp_master_delay,
		    VRRP_GARP_DELAYED);
	else if (rt->conf.garp_master_refresh > 0)
		vrrp_announce_arm(rt, rt->conf.garp_master_refresh,
		    VRRP_GARP_REFRESH);
}

void
vrrp_announce_stop(struct vrrp_rt *rt)
{
	int qi;

	if (rt->garp_ev != NULL)
		evtimer_del(rt->garp_ev);
	vrrp_garp_extra_stop(rt);
	vrrp_garp_group_purge(rt);
	for (qi = 0; qi < 2; qi++) {
		if (rt->pace[qi].ev != NULL)
			evtimer_del(rt->pace[qi].ev);
		rt->pace[qi].next = rt->pace[qi].total;
	}
}
