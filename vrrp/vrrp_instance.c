/*
 * One VRRP instance at run time: built from its configuration messages,
 * started once its interface and source address are known, and the
 * actions the state machine asks for (vrrp_fsm_ops) carried out with
 * libevent timers, the shared raw socket and libnl.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <net/if.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/proc.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_link.h"
#include "vrrp/vrrp_packet.h"
#include "vrrp/bfd.h"
#include "vrrp/vrrp_track.h"

void
vrrp_ipaddr_set(struct vrrp_ipaddr *a, sa_family_t family, const uint8_t *b)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(&a->u, b, family == AF_INET ? 4 : 16);
}

/* The instance's family: its first advertised VIP's, else its peers' or
 * source's, else IPv4. */
static sa_family_t
vrrp_rt_family(const struct msg_conf_instance *in,
    const struct msg_conf_vip *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(v[i].flags & (VIP_F_EXCLUDED | VIP_F_PEER)))
			return v[i].family;
	for (i = 0; i < n; i++)
		if (v[i].flags & VIP_F_PEER)
			return v[i].family;
	if (in->src_family != 0)
		return in->src_family;
	return AF_INET;
}

/* Its own trackers and its sync group's. */
static bool
vrrp_rt_owns(const struct vrrp_rt *rt, const struct msg_conf_track *t)
{
	if (t->flags & TRACK_F_GROUP)
		return rt->group[0] != '\0' && strcmp(t->owner, rt->group) == 0;
	return strcmp(t->owner, rt->conf.name) == 0;
}

/* n elements of size, zeroed; NULL for none (most instances have no
 * route, peer or tracker: 1,000 empty arrays would cost 300 KB). */
static void *
vrrp_rt_calloc(size_t n, size_t size)
{
	void *p;

	if (n == 0)
		return NULL;
	if ((p = calloc(n, size)) == NULL)
		fatal("vrrp instance");
	return p;
}

/* Whether n bytes at a and b are equal; either may be NULL when n is 0. */
static bool
vrrp_rt_same_bytes(const void *a, const void *b, size_t n)
{
	return n == 0 || memcmp(a, b, n) == 0;
}

/* A tracker as the instance keeps it: a track_script, track_file or
 * track_process without a weight of its own takes its object's weight and
 * reverse; a script's init_fail comes along. (A reload that changes them
 * then changes the instance.) */
static void
vrrp_rt_track_conf(struct msg_conf_track *ct, const struct msg_conf_track *t,
    const struct conf_set *s)
{
	const struct msg_conf_script *sc;
	const struct msg_conf_track_file *tf;
	const struct msg_conf_track_process *tp;
	const struct msg_conf_bfd *bf;
	int32_t weight = 0;
	bool reverse = false, found = false;

	*ct = *t;
	if (t->type == TRACK_SCRIPT &&
	    (sc = conf_set_script(s, t->name)) != NULL) {
		found = true;
		weight = sc->weight;
		reverse = sc->flags & SCRIPT_F_REVERSE;
		if (sc->flags & SCRIPT_F_INIT_FAIL)
			ct->flags |= TRACK_F_INIT_FAIL;
	} else if (t->type == TRACK_FILE &&
	    (tf = conf_set_tfile(s, t->name)) != NULL) {
		found = true;
		weight = tf->weight;
		reverse = tf->flags & TFILE_F_REVERSE;
	} else if (t->type == TRACK_PROCESS &&
	    (tp = conf_set_tproc(s, t->name)) != NULL) {
		found = true;
		weight = tp->weight;
		reverse = tp->flags & TPROC_F_REVERSE;
	} else if (t->type == TRACK_BFD &&
	    (bf = conf_set_bfd(s, t->name)) != NULL) {
		found = true;
		weight = bf->weight;
		reverse = bf->flags & BFD_F_REVERSE;
	}
	if (!found || (t->flags & TRACK_F_WEIGHT))
		return;
	ct->flags |= TRACK_F_WEIGHT;
	ct->weight = weight;
	if (reverse)
		ct->flags |= TRACK_F_REVERSE;
}

/* Copy this instance's VIPs, routes and tracked objects out of the set. */
static void
vrrp_rt_collect(struct vrrp_rt *rt, const struct conf_set *s)
{
	size_t i, nv = 0, nr = 0, nt = 0;

	for (i = 0; i < s->nsync; i++)
		if (strcmp(s->sync[i].instance, rt->conf.name) == 0)
			snprintf(rt->group, sizeof(rt->group), "%s",
			    s->sync[i].group);
	for (i = 0; i < s->nvip; i++)
		if (strcmp(s->vip[i].instance, rt->conf.name) == 0)
			nv++;
	for (i = 0; i < s->nroute; i++)
		if (strcmp(s->route[i].instance, rt->conf.name) == 0)
			nr++;
	for (i = 0; i < s->ntrack; i++)
		if (vrrp_rt_owns(rt, &s->track[i]))
			nt++;
	rt->cvips = vrrp_rt_calloc(nv, sizeof(*rt->cvips));
	rt->croutes = vrrp_rt_calloc(nr, sizeof(*rt->croutes));
	rt->ctracks = vrrp_rt_calloc(nt, sizeof(*rt->ctracks));
	for (i = 0; i < s->nvip; i++)
		if (strcmp(s->vip[i].instance, rt->conf.name) == 0)
			rt->cvips[rt->ncvips++] = s->vip[i];
	for (i = 0; i < s->nroute; i++)
		if (strcmp(s->route[i].instance, rt->conf.name) == 0)
			rt->croutes[rt->ncroutes++] = s->route[i];
	for (i = 0; i < s->ntrack; i++)
		if (vrrp_rt_owns(rt, &s->track[i]))
			vrrp_rt_track_conf(&rt->ctracks[rt->nctracks++],
			    &s->track[i], s);
}

const char *
vrrp_track_type_name(int type)
{
	switch (type) {
	case TRACK_SCRIPT:
		return "script";
	case TRACK_FILE:
		return "file";
	case TRACK_PROCESS:
		return "process";
	case TRACK_BFD:
		return "bfd";
	case VRRP_TRACK_SRC_IP:
		return "source address";
	default:
		return "interface";
	}
}

/* A file's value times its weight, negated by reverse, within
 * +-VRRP_TRACK_FILE_MAX (a weight may be as large as 2^31 - 1). */
static int64_t
vrrp_track_file_product(const struct vrrp_track_if *t)
{
	int64_t p = t->value * (int64_t)t->weight;

	if (t->reverse)
		p = -p;
	if (p > VRRP_TRACK_FILE_MAX)
		return VRRP_TRACK_FILE_MAX;
	if (p < -VRRP_TRACK_FILE_MAX)
		return -VRRP_TRACK_FILE_MAX;
	return p;
}

int
vrrp_track_adjust(const struct vrrp_track_if *t)
{
	int w = t->weight;
	int64_t p;

	if (t->type == TRACK_FILE) {
		if (!t->known || w == 0 ||
		    (p = vrrp_track_file_product(t)) < VRRP_TRACK_FILE_FAULT)
			return 0;
		return (int)p;
	}
	if (t->type == TRACK_SCRIPT && !t->known)
		return 0;
	if (!(w > 0 && t->up) && !(w < 0 && !t->up))
		return 0;
	return t->reverse ? -w : w;
}

bool
vrrp_track_fault(const struct vrrp_track_if *t)
{
	if (t->type == TRACK_FILE) {
		if (!t->known)
			return false;
		if (t->weight == 0)
			return t->value != 0;
		return vrrp_track_file_product(t) < VRRP_TRACK_FILE_FAULT;
	}
	return t->weight == 0 && t->up == t->reverse;
}

/* VIPs: the advertised ones (instance family, not excluded) first in
 * advips; every address, excluded and other family too, in vips; the
 * unicast peers in peers. Each array has its own count's size (1,000
 * instances each hold these). */
static void
vrrp_rt_vips(struct vrrp_rt *rt)
{
	const struct msg_conf_vip *cv;
	struct vrrp_vip *v;
	size_t i, n = rt->ncvips, naddr = 0, nroute = rt->ncroutes, npeer = 0;

	for (i = 0; i < n; i++) {
		if (rt->cvips[i].flags & VIP_F_PEER)
			npeer++;
		else
			naddr++;
	}
	rt->advips = vrrp_rt_calloc(naddr, sizeof(*rt->advips));
	rt->vips = vrrp_rt_calloc(naddr, sizeof(*rt->vips));
	rt->vmacs = vrrp_rt_calloc(naddr, sizeof(*rt->vmacs));
	rt->routes = vrrp_rt_calloc(nroute, sizeof(*rt->routes));
	rt->rdevs = vrrp_rt_calloc(nroute, sizeof(*rt->rdevs));
	rt->peers = vrrp_rt_calloc(npeer, sizeof(*rt->peers));
	for (i = 0; i < n; i++) {
		cv = &rt->cvips[i];
		if (cv->flags & VIP_F_PEER) {
			vrrp_ipaddr_set(&rt->peers[rt->params.npeers++],
			    cv->family, cv->addr);
			continue;
		}
		if (!(cv->flags & VIP_F_EXCLUDED) &&
		    cv->family == rt->params.family)
			vrrp_ipaddr_set(&rt->advips[rt->params.nvips++],
			    cv->family, cv->addr);
		v = &rt->vips[rt->nvips++];
		vrrp_ipaddr_set(&v->addr, cv->family, cv->addr);
		v->prefixlen = cv->plen;
		v->scope = cv->scope;
		snprintf(v->label, sizeof(v->label), "%s", cv->label);
	}
	for (i = 0; i < nroute; i++)
		if (!(rt->croutes[i].flags & ROUTE_F_RULE) &&
		    nlr_route_parse(rt->conf.name, rt->croutes[i].route,
		    &rt->routes[rt->nroutes], rt->rdevs[rt->nroutes]) == 0)
			rt->nroutes++;
	vrrp_rules_build(rt);
	rt->params.vips = rt->advips;
	rt->params.peers = rt->peers;
}

/* Trackers: the instance's own interface first (FAULT when down), unless
 * dont_track_primary; then track_interface, track_script, track_file and
 * track_process, its own and its sync group's. */
static void
vrrp_rt_tracks(struct vrrp_rt *rt)
{
	const struct msg_conf_track *ct;
	struct vrrp_track_if *t;
	size_t i;

	rt->tifs = calloc(rt->nctracks + 2, sizeof(*rt->tifs));
	if (rt->tifs == NULL)
		fatal("vrrp instance");
	/* Without interface: the VRF's device, or nothing. */
	if (!rt->conf.dont_track_primary && vrrp_rt_link(rt)[0] != '\0') {
		t = &rt->tifs[rt->ntifs++];
		snprintf(t->name, sizeof(t->name), "%s", vrrp_rt_link(rt));
		t->type = TRACK_INTERFACE;
		t->up = true;
	}
	t = &rt->tifs[rt->ntifs];
	if (vrrp_tsrc_name(rt, t->name, sizeof(t->name))) {
		t->type = VRRP_TRACK_SRC_IP;
		t->up = t->known = true;	/* looked at when it starts */
		rt->ntifs++;
	}
	for (i = 0; i < rt->nctracks; i++) {
		ct = &rt->ctracks[i];
		t = &rt->tifs[rt->ntifs++];
		t->type = ct->type;
		memcpy(t->name, ct->name, sizeof(t->name) - 1);
		t->weight = ct->weight;
		t->reverse = ct->flags & TRACK_F_REVERSE;
		/* Scripts: until the first result (struct vrrp_track_if);
		 * the last one if the script reported before this instance
		 * was made (a reload). Files and processes: as they are now
		 * (read and counted before the instances are made). */
		t->up = !(ct->flags & TRACK_F_INIT_FAIL);
		if (t->type == TRACK_SCRIPT)
			t->known = vrrp_engine_script_result(t->name, &t->up);
		else if (t->type == TRACK_FILE)
			t->known = vrrp_tfile_value(t->name, &t->value);
		else if (t->type == TRACK_PROCESS)
			t->known = vrrp_tproc_up(t->name, &t->up);
		else if (t->type == TRACK_BFD)
			t->known = vrrp_bfd_up(t->name, &t->up);
	}
}

static void
vrrp_rt_params(struct vrrp_rt *rt)
{
	const struct msg_conf_instance *in = &rt->conf;
	struct vrrp_params *p = &rt->params;

	snprintf(p->name, sizeof(p->name), "%s", in->name);
	p->vrid = in->vrid;
	p->family = vrrp_rt_family(in, rt->cvips, rt->ncvips);
	p->version = p->family == AF_INET6 ? VRRP_VERSION_3 : in->version;
	p->priority = in->priority;
	p->advert_int_cs = in->advert_cs;
	p->init_master = in->init_state == VRRP_INIT_MASTER;
	p->preempt = !in->nopreempt;
	p->preempt_delay_cs = in->preempt_delay_cs;
	p->accept = in->accept;
	p->strict = in->strict;
	p->auth_type = in->auth_type;
	memcpy(p->auth_pass, in->auth_pass, VRRP_AUTH_LEN);
	p->primary.family = p->family;
	p->check_unicast_src = in->check_unicast_src;
	p->skip_check_adv_addr = in->skip_check_adv_addr;
	p->higher_prio_send_advert = in->higher_prio_send_advert;
	p->lower_prio_no_advert = in->lower_prio_no_advert;
	p->garp_lower_prio_repeat = in->garp_lower_prio_repeat > 0;
	/* IPC_CSUM_* and enum vrrp_csum_mode are in the same order. */
	p->csum_mode = (enum vrrp_csum_mode)in->csum_mode;
	p->timer_expired_backup = in->timer_expired_backup <= 255 ?
	    (uint8_t)in->timer_expired_backup : 0;
	p->down_timer_adverts = in->down_timer_adverts <= 100 ?
	    (uint8_t)in->down_timer_adverts : 0;
}

struct vrrp_rt *
vrrp_rt_new(const struct conf_set *s, const struct msg_conf_instance *in)
{
	struct vrrp_rt *rt;
	const char *err;

	if ((rt = calloc(1, sizeof(*rt))) == NULL)
		fatal("vrrp instance");
	rt->conf = *in;
	vrrp_rt_collect(rt, s);
	vrrp_rt_params(rt);
	vrrp_rt_vips(rt);
	vrrp_rt_tracks(rt);
	if ((err = vrrp_params_check(&rt->params)) != NULL) {
		log_warnx("(%s) cannot run: %s", in->name, err);
		vrrp_rt_free(rt);
		return NULL;
	}
	return rt;
}

void
vrrp_rt_free(struct vrrp_rt *rt)
{
	int i;

	if (rt == NULL)
		return;
	for (i = 0; i < VRRP_TIMER_MAX; i++)
		if (rt->timer[i] != NULL)
			event_free(rt->timer[i]);
	if (rt->retry_ev != NULL)
		event_free(rt->retry_ev);
	if (rt->garp_ev != NULL)
		event_free(rt->garp_ev);
	if (rt->extra_ev != NULL)
		event_free(rt->extra_ev);
	vrrp_garp_group_purge(rt);
	free(rt->avmacs);
	for (i = 0; i < 2; i++)
		if (rt->pace[i].ev != NULL)
			event_free(rt->pace[i].ev);
	free(rt->cvips);
	free(rt->croutes);
	free(rt->ctracks);
	free(rt->advips);
	free(rt->vips);
	free(rt->vmacs);
	free(rt->routes);
	free(rt->rules);
	free(rt->rdevs);
	free(rt->peers);
	free(rt->tifs);
	free(rt);
}

/* Whether the configuration of rt is exactly in and its objects in s. */
bool
vrrp_rt_same(const struct vrrp_rt *rt, const struct conf_set *s,
    const struct msg_conf_instance *in)
{
	struct vrrp_rt tmp;
	bool same;

	if (memcmp(&rt->conf, in, sizeof(*in)) != 0)
		return false;
	memset(&tmp, 0, sizeof(tmp));
	tmp.conf = *in;
	vrrp_rt_collect(&tmp, s);
	same = tmp.ncvips == rt->ncvips && tmp.ncroutes == rt->ncroutes &&
	    tmp.nctracks == rt->nctracks &&
	    strcmp(tmp.group, rt->group) == 0 &&
	    vrrp_rt_same_bytes(tmp.cvips, rt->cvips, rt->ncvips *
	    sizeof(*rt->cvips)) && vrrp_rt_same_bytes(tmp.croutes,
	    rt->croutes, rt->ncroutes * sizeof(*rt->croutes)) &&
	    vrrp_rt_same_bytes(tmp.ctracks, rt->ctracks, rt->nctracks *
	    sizeof(*rt->ctracks));
	free(tmp.cvips);
	free(tmp.croutes);
	free(tmp.ctracks);
	return same;
}
