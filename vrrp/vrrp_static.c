/*
 * static_ipaddress, static_routes, static_rules: set by the vrrp child
 * when it takes a configuration, kept whatever the VRRP states, removed
 * when vigild stops. A reload adds the new entries and removes the
 * dropped ones only. After a vrrp child crash the parent leaves them in
 * place and the restarted child adds them again (already there: nothing
 * changes), so they never go away while vigild runs.
 */
#include <arpa/inet.h>
#include <net/if.h>

#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/nlroute.h"
#include "vrrp/vrrp_engine.h"

static bool
vrrp_static_vip_in(const struct msg_conf_vip *v, const struct conf_set *s)
{
	size_t i;

	for (i = 0; i < s->nvip; i++)
		if ((s->vip[i].flags & VIP_F_STATIC) &&
		    memcmp(&s->vip[i], v, sizeof(*v)) == 0)
			return true;
	return false;
}

static bool
vrrp_static_line_in(const struct msg_conf_route *r, const struct conf_set *s)
{
	size_t i;

	for (i = 0; i < s->nroute; i++)
		if (s->route[i].flags == r->flags &&
		    strcmp(s->route[i].route, r->route) == 0)
			return true;
	return false;
}

static void
vrrp_static_addr(const struct msg_conf_vip *cv, bool add)
{
	char buf[INET6_ADDRSTRLEN];
	struct vrrp_vip v;

	memset(&v, 0, sizeof(v));
	vrrp_ipaddr_set(&v.addr, (sa_family_t)cv->family, cv->addr);
	v.prefixlen = (uint8_t)cv->plen;
	v.scope = (uint8_t)cv->scope;
	snprintf(v.label, sizeof(v.label), "%s", cv->label);
	inet_ntop(cv->family, cv->addr, buf, sizeof(buf));
	if ((v.ifindex = if_nametoindex(cv->ifname)) == 0) {
		log_warnx("static address %s: interface %s not found", buf,
		    cv->ifname);
		return;
	}
	if ((add ? vrrp_addr_add : vrrp_addr_del)(vrrp_eng.nl, &v) == 0)
		log_info("static address %s/%u dev %s %s", buf, cv->plen,
		    cv->ifname, add ? "set" : "removed");
}

static void
vrrp_static_line(const struct msg_conf_route *r, bool add)
{
	struct nlr_route rt;
	struct nlr_rule ru;
	char dev[IF_NAMESIZE];
	int rc;

	if (r->flags & ROUTE_F_RULE) {
		if (nlr_rule_parse("static", r->route, &ru) == -1)
			return;
		if (add && ru.prio_default)
			log_warnx("static rule \"%s\": no preference given: %u, "
			    "as keepalived", r->route, NLR_RULE_PRIO);
		rc = add ? nlr_rule_add(vrrp_eng.nl, &ru) :
		    nlr_rule_del(vrrp_eng.nl, &ru);
	} else {
		if (nlr_route_parse("static", r->route, &rt, dev) == -1)
			return;
		if (dev[0] != '\0' && (rt.ifindex = if_nametoindex(dev)) == 0) {
			log_warnx("static route \"%s\": interface %s not found",
			    r->route, dev);
			return;
		}
		rc = add ? nlr_route_add(vrrp_eng.nl, &rt) :
		    nlr_route_del(vrrp_eng.nl, &rt);
	}
	if (rc == 0)
		log_info("static %s \"%s\" %s", r->flags & ROUTE_F_RULE ?
		    "rule" : "route", r->route, add ? "set" : "removed");
}

/* Remove the statics of from that to does not hold (all: to empty). */
static void
vrrp_static_remove(const struct conf_set *from, const struct conf_set *to)
{
	size_t i;

	for (i = from->nroute; i-- > 0;)
		if ((from->route[i].flags & ROUTE_F_STATIC) &&
		    (from->route[i].flags & ROUTE_F_RULE) &&
		    !vrrp_static_line_in(&from->route[i], to))
			vrrp_static_line(&from->route[i], false);
	for (i = from->nroute; i-- > 0;)
		if ((from->route[i].flags & ROUTE_F_STATIC) &&
		    !(from->route[i].flags & ROUTE_F_RULE) &&
		    !vrrp_static_line_in(&from->route[i], to))
			vrrp_static_line(&from->route[i], false);
	for (i = from->nvip; i-- > 0;)
		if ((from->vip[i].flags & VIP_F_STATIC) &&
		    !vrrp_static_vip_in(&from->vip[i], to))
			vrrp_static_addr(&from->vip[i], false);
}

/* Addresses first (routes may name them as their source), rules last. */
void
vrrp_static_apply(const struct conf_set *old, const struct conf_set *new)
{
	size_t i;

	vrrp_static_remove(old, new);
	for (i = 0; i < new->nvip; i++)
		if ((new->vip[i].flags & VIP_F_STATIC) &&
		    !vrrp_static_vip_in(&new->vip[i], old))
			vrrp_static_addr(&new->vip[i], true);
	for (i = 0; i < new->nroute; i++)
		if ((new->route[i].flags & ROUTE_F_STATIC) &&
		    !(new->route[i].flags & ROUTE_F_RULE) &&
		    !vrrp_static_line_in(&new->route[i], old))
			vrrp_static_line(&new->route[i], true);
	for (i = 0; i < new->nroute; i++)
		if ((new->route[i].flags & ROUTE_F_STATIC) &&
		    (new->route[i].flags & ROUTE_F_RULE) &&
		    !vrrp_static_line_in(&new->route[i], old))
			vrrp_static_line(&new->route[i], true);
}

void
vrrp_static_shutdown(const struct conf_set *cur)
{
	struct conf_set none;

	memset(&none, 0, sizeof(none));
	vrrp_static_remove(cur, &none);
}
