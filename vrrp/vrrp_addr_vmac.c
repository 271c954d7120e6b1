/* use_vmac_addr's VMACs and garp_extra_if's announcements. */
#include "vrrp/vrrp_addr_vmac.h"

#include <sys/time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/ipc.h"
#include "common/log.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_link.h"
#include "vrrp/vrrp_vmac.h"

const char *
vrrp_avmac_prefix(const struct msg_conf_instance *c)
{
	if (c->vmac_addr_prefix[0] != '\0')
		return c->vmac_addr_prefix;
	if (c->vmac_prefix[0] != '\0')
		return c->vmac_prefix;
	return "vrrp";
}

void
vrrp_avmac_name(const char *prefix, unsigned int n, unsigned int vrid,
    char name[IF_NAMESIZE])
{
	char buf[64];

	if (n == 0)
		snprintf(buf, sizeof(buf), "%s.%u", prefix, vrid);
	else
		snprintf(buf, sizeof(buf), "%s%u.%u", prefix, n, vrid);
	snprintf(name, IF_NAMESIZE, "%.*s", IF_NAMESIZE - 1, buf);
}

bool
vrrp_avmac_of(const struct vrrp_rt *rt, const char *name)
{
	size_t i;

	for (i = 0; i < rt->navmacs; i++)
		if (strcmp(rt->avmacs[i].name, name) == 0)
			return true;
	return false;
}

bool
vrrp_avmac_taken(const struct vrrp_rt *except, const char *name)
{
	const struct vrrp_rt *o;

	if (except != NULL && (strcmp(except->vmac, name) == 0 ||
	    vrrp_avmac_of(except, name)))
		return true;
	TAILQ_FOREACH(o, &vrrp_eng.insts, entry)
		if (o != except && o->started &&
		    (strcmp(o->vmac, name) == 0 || vrrp_avmac_of(o, name)))
			return true;
	return false;
}

/* The VMAC of rt for family on base, made if need be; NULL on failure. */
static struct vrrp_avmac *
vrrp_avmac_get(struct vrrp_rt *rt, unsigned int base, int family)
{
	struct vrrp_avmac *a;
	uint8_t mac[6];
	unsigned int n;
	size_t i;

	for (i = 0; i < rt->navmacs; i++)
		if (rt->avmacs[i].base == base &&
		    rt->avmacs[i].family == family)
			return &rt->avmacs[i];
	a = &rt->avmacs[rt->navmacs];
	memset(a, 0, sizeof(*a));
	for (n = 0; n < 100; n++) {
		vrrp_avmac_name(vrrp_avmac_prefix(&rt->conf), n,
		    rt->params.vrid, a->name);
		if (!vrrp_avmac_taken(rt, a->name))
			break;
	}
	if (n == 100) {
		log_warnx("(%s) no free VMAC name after %s", rt->params.name,
		    a->name);
		return NULL;
	}
	vrrp_vmac_conf_addr(&rt->conf, family, mac);
	if (vrrp_vmac_create(vrrp_eng.nl, base, a->name, mac,
	    VRRP_VMAC_MODE_PRIVATE, &a->ifindex) == -1 ||
	    vrrp_vmac_tune(vrrp_eng.nl, a->ifindex, base) == -1) {
		vrrp_vmac_delete(vrrp_eng.nl, a->name);
		return NULL;
	}
	a->base = base;
	a->family = family;
	rt->navmacs++;
	log_info("(%s) VMAC %s on interface %u for the VIPs there",
	    rt->params.name, a->name, base);
	return a;
}

int
vrrp_avmac_setup(struct vrrp_rt *rt)
{
	struct vrrp_avmac *a;
	struct vrrp_vip *v;
	size_t i;

	if (!rt->conf.use_vmac_addr)
		return 0;
	free(rt->avmacs);
	rt->navmacs = 0;
	if ((rt->avmacs = calloc(rt->nvips + 1, sizeof(*rt->avmacs))) == NULL)
		fatal("vrrp instance");
	for (i = 0; i < rt->nvips; i++) {
		v = &rt->vips[i];
		if (v->ifindex == 0 || v->ifindex == rt->ifindex ||
		    (v->ifindex == rt->base_ifindex &&
		    v->addr.family == rt->params.family))
			continue;
		if ((a = vrrp_avmac_get(rt, v->ifindex,
		    v->addr.family)) == NULL) {
			vrrp_avmac_delete(rt);
			return -1;
		}
		v->ifindex = a->ifindex;
		vrrp_vmac_conf_addr(&rt->conf, v->addr.family, rt->vmacs[i]);
	}
	return 0;
}

void
vrrp_avmac_delete(struct vrrp_rt *rt)
{
	size_t i;

	for (i = 0; i < rt->navmacs; i++)
		vrrp_vmac_delete(vrrp_eng.nl, rt->avmacs[i].name);
	rt->navmacs = 0;
}

bool
vrrp_garp_extra_wanted(const struct vrrp_rt *rt, size_t i)
{
	const struct vrrp_vip *v = &rt->vips[i];
	size_t j;

	if (v->ifindex == 0 || v->ifindex == rt->ifindex ||
	    v->ifindex == rt->base_ifindex)
		return false;
	if (rt->conf.garp_extra_if_all)
		return true;
	for (j = 0; j < rt->navmacs; j++)
		if (rt->avmacs[j].ifindex == v->ifindex)
			return true;
	return false;
}

static void
vrrp_garp_extra_arm(struct vrrp_rt *rt)
{
	struct timeval tv = { (time_t)rt->conf.garp_extra_if, 0 };

	if (rt->conf.garp_extra_if > 0)
		evtimer_add(rt->extra_ev, &tv);
}

static void
vrrp_garp_extra_cb(int fd, short what, void *arg)
{
	struct vrrp_rt *rt = arg;
	size_t i;

	if (rt->fsm.state != VRRP_STATE_MASTER)
		return;
	for (i = 0; i < rt->nvips; i++)
		if (vrrp_garp_extra_wanted(rt, i))
			vrrp_announce_one(rt, i);
	vrrp_garp_extra_arm(rt);
}

void
vrrp_garp_extra_start(struct vrrp_rt *rt)
{
	if (rt->conf.garp_extra_if == 0 || rt->fsm.state != VRRP_STATE_MASTER)
		return;
	if (rt->extra_ev == NULL && (rt->extra_ev = evtimer_new(vrrp_eng.base,
	    vrrp_garp_extra_cb, rt)) == NULL)
		fatalx("vrrp: evtimer_new");
	if (!evtimer_pending(rt->extra_ev, NULL))
		vrrp_garp_extra_arm(rt);
}

void
vrrp_garp_extra_stop(struct vrrp_rt *rt)
{
	if (rt->extra_ev != NULL)
		evtimer_del(rt->extra_ev);
}
