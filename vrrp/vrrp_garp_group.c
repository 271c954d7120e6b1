/* garp_group: shared pacing of GARPs / NAs per group of interfaces. */
#include "vrrp/vrrp_garp_group.h"

#include <sys/time.h>

#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/conf_rx.h"
#include "common/ipc.h"
#include "common/log.h"
#include "vrrp/vrrp_engine.h"

struct vrrp_gq_item {
	struct vrrp_rt	*rt;
	size_t		 vip;
};

/* One queue per group and family (0 ARP, 1 NA). */
struct vrrp_gq {
	struct event		*ev;
	uint64_t		 last_us;	/* 0: nothing sent yet */
	struct vrrp_gq_item	*q;
	size_t			 head, n, cap;
};

static struct msg_conf_global vrrp_gg;		/* the groups in force */
static struct vrrp_gq vrrp_gqs[IPC_GARP_IF_MAX][2];

void
vrrp_garp_group_apply(const struct conf_set *s)
{
	vrrp_gg = s->global;
}

int
vrrp_garp_group_find(const struct msg_conf_global *g, const char *ifname)
{
	uint32_t i;

	for (i = 0; i < g->ngarp_if && i < IPC_GARP_IF_MAX; i++)
		if (strcmp(g->garp_ifname[i], ifname) == 0)
			return (int)g->garp_if_group[i];
	return -1;
}

uint64_t
vrrp_garp_group_wait(uint64_t last_us, uint64_t now_us, uint32_t interval_us)
{
	if (last_us == 0 || now_us >= last_us + interval_us)
		return 0;
	return last_us + interval_us - now_us;
}

/* The physical interface VIP i is sent on: the instance's for its VMAC,
 * the base of a use_vmac_addr VMAC, else the VIP's own. */
static const char *
vrrp_gg_ifname(const struct vrrp_rt *rt, size_t i, char buf[IF_NAMESIZE])
{
	unsigned int ifindex = rt->vips[i].ifindex;
	size_t j;

	if (ifindex == rt->ifindex || ifindex == rt->base_ifindex)
		return rt->conf.ifname;
	for (j = 0; j < rt->navmacs; j++)
		if (rt->avmacs[j].ifindex == ifindex)
			ifindex = rt->avmacs[j].base;
	return if_indextoname(ifindex, buf);
}

static struct vrrp_gq *
vrrp_gg_queue(const struct vrrp_rt *rt, size_t i, uint32_t *us)
{
	char buf[IF_NAMESIZE];
	const char *name;
	int g, fam;

	if (vrrp_gg.ngarp_if == 0 || i >= rt->nvips ||
	    rt->vips[i].ifindex == 0 ||
	    (name = vrrp_gg_ifname(rt, i, buf)) == NULL ||
	    (g = vrrp_garp_group_find(&vrrp_gg, name)) < 0 ||
	    g >= IPC_GARP_IF_MAX)
		return NULL;
	fam = rt->vips[i].addr.family == AF_INET ? 0 : 1;
	if ((*us = vrrp_gg.garp_group_us[g][fam]) == 0)
		return NULL;
	return &vrrp_gqs[g][fam];
}

bool
vrrp_garp_group_grouped(const struct vrrp_rt *rt, size_t i)
{
	uint32_t us;

	return vrrp_gg_queue(rt, i, &us) != NULL;
}

static void vrrp_gq_run(struct vrrp_gq *);

static void
vrrp_gq_cb(int fd, short what, void *arg)
{
	vrrp_gq_run(arg);
}

static void
vrrp_gq_arm(struct vrrp_gq *q, uint64_t us)
{
	struct timeval tv = { (time_t)(us / 1000000),
	    (suseconds_t)(us % 1000000) };

	evtimer_add(q->ev, &tv);
}

/* Send what is due, then wait for the next. */
static void
vrrp_gq_run(struct vrrp_gq *q)
{
	struct vrrp_gq_item it;
	uint64_t now, wait;
	uint32_t us = 0;

	while (q->n > 0) {
		it = q->q[q->head];
		now = vrrp_now_us();
		if (vrrp_gg_queue(it.rt, it.vip, &us) != q ||
		    it.rt->fsm.state != VRRP_STATE_MASTER) {
			q->head = (q->head + 1) % q->cap;	/* stale */
			q->n--;
			continue;
		}
		if ((wait = vrrp_garp_group_wait(q->last_us, now, us)) > 0) {
			vrrp_gq_arm(q, wait);
			return;
		}
		q->head = (q->head + 1) % q->cap;
		q->n--;
		vrrp_announce_one(it.rt, it.vip);
		q->last_us = now;
	}
}

void
vrrp_garp_group_queue(struct vrrp_rt *rt, size_t i, int rounds)
{
	struct vrrp_gq_item *nq;
	struct vrrp_gq *q;
	uint32_t us;
	size_t k;

	if ((q = vrrp_gg_queue(rt, i, &us)) == NULL)
		return;
	if (q->ev == NULL && (q->ev = evtimer_new(vrrp_eng.base, vrrp_gq_cb,
	    q)) == NULL)
		fatalx("vrrp: evtimer_new");
	for (; rounds > 0; rounds--) {
		if (q->n == q->cap) {
			if ((nq = calloc(q->cap * 2 + 8, sizeof(*nq))) == NULL)
				fatal("garp_group");
			for (k = 0; k < q->n; k++)
				nq[k] = q->q[(q->head + k) % q->cap];
			free(q->q);
			q->q = nq;
			q->head = 0;
			q->cap = q->cap * 2 + 8;
		}
		q->q[(q->head + q->n++) % q->cap] =
		    (struct vrrp_gq_item){ rt, i };
	}
	if (!evtimer_pending(q->ev, NULL))
		vrrp_gq_run(q);
}

void
vrrp_garp_group_purge(const struct vrrp_rt *rt)
{
	struct vrrp_gq *q;
	size_t g, f, k, n;

	for (g = 0; g < IPC_GARP_IF_MAX; g++)
		for (f = 0; f < 2; f++) {
			q = &vrrp_gqs[g][f];
			for (k = n = 0; k < q->n; k++)
				if (q->q[(q->head + k) % q->cap].rt != rt)
					q->q[(q->head + n++) % q->cap] =
					    q->q[(q->head + k) % q->cap];
			q->n = n;
		}
}
