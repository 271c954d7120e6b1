/*
 * static_ipaddress, static_routes, static_rules: set by the vrrp child
 * when it takes a configuration, kept whatever the VRRP states, removed
 * when vigild stops. A reload adds the new entries and removes the
 * dropped ones only. After a vrrp child crash the parent leaves them in
 * place and the restarted child adds them again (already there: nothing
 * changes), so they never go away while vigild runs.
 *
 * Entries with a defined track_group (VIP_F_TRACKED, ROUTE_F_TRACKED)
 * are put back: an address when someone deletes it, the entries on an
 * interface when it comes back up (the kernel drops routes, and IPv6
 * addresses, with the link). While that interface is down the group's
 * instances are in FAULT (interface trackers the parent adds).
 */
#include <arpa/inet.h>
#include <net/if.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/nlroute.h"
#include "vrrp/vrrp_engine.h"
#include "vrrp/vrrp_link.h"

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

static const struct conf_set *vrrp_static_cur;	/* the applied set */

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

	vrrp_static_cur = new;
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
	vrrp_static_cur = NULL;
}

/* Interfaces of tracked entries seen down, to restore them once up. */
static char (*vrrp_static_down)[IF_NAMESIZE];
static size_t vrrp_static_ndown;

static bool
vrrp_static_was_down(const char *ifname, bool down)
{
	size_t i;

	for (i = 0; i < vrrp_static_ndown; i++)
		if (strcmp(vrrp_static_down[i], ifname) == 0) {
			if (!down)
				memmove(&vrrp_static_down[i],
				    &vrrp_static_down[i + 1],
				    (--vrrp_static_ndown - i) *
				    sizeof(*vrrp_static_down));
			return true;
		}
	if (down) {
		vrrp_static_down = reallocarray(vrrp_static_down,
		    vrrp_static_ndown + 1, sizeof(*vrrp_static_down));
		if (vrrp_static_down == NULL)
			fatal("static entries");
		snprintf(vrrp_static_down[vrrp_static_ndown++], IF_NAMESIZE,
		    "%s", ifname);
	}
	return false;
}

/* Whether a tracked route or rule line names ifname (dev, oif, iif). */
static bool
vrrp_static_line_on(const struct msg_conf_route *r, const char *ifname)
{
	static const char *const words[] = { "dev", "oif", "iif" };
	char buf[sizeof(r->route)], *tok, *save = NULL;
	bool want = false;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", r->route);
	for (tok = strtok_r(buf, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (want && strcmp(tok, ifname) == 0)
			return true;
		want = false;
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strcmp(tok, words[i]) == 0)
				want = true;
	}
	return false;
}

void
vrrp_static_link(const char *ifname, bool up)
{
	const struct conf_set *s = vrrp_static_cur;
	bool tracked = false;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nvip && !tracked; i++)
		tracked = (s->vip[i].flags & VIP_F_TRACKED) &&
		    strcmp(s->vip[i].ifname, ifname) == 0;
	for (i = 0; i < s->nroute && !tracked; i++)
		tracked = (s->route[i].flags & ROUTE_F_TRACKED) &&
		    vrrp_static_line_on(&s->route[i], ifname);
	if (!tracked || !vrrp_static_was_down(ifname, !up) || !up)
		return;
	log_info("interface %s up: putting back its tracked static entries",
	    ifname);
	for (i = 0; i < s->nvip; i++)
		if ((s->vip[i].flags & VIP_F_TRACKED) &&
		    strcmp(s->vip[i].ifname, ifname) == 0)
			vrrp_static_addr(&s->vip[i], true);
	for (i = 0; i < s->nroute; i++)
		if ((s->route[i].flags & ROUTE_F_TRACKED) &&
		    !(s->route[i].flags & ROUTE_F_RULE) &&
		    vrrp_static_line_on(&s->route[i], ifname))
			vrrp_static_line(&s->route[i], true);
	for (i = 0; i < s->nroute; i++)
		if ((s->route[i].flags & ROUTE_F_TRACKED) &&
		    (s->route[i].flags & ROUTE_F_RULE) &&
		    vrrp_static_line_on(&s->route[i], ifname))
			vrrp_static_line(&s->route[i], true);
}

void
vrrp_static_addr_event(const struct vrrp_link_addr_event *ev)
{
	const struct conf_set *s = vrrp_static_cur;
	const struct msg_conf_vip *cv;
	char name[IF_NAMESIZE], buf[INET6_ADDRSTRLEN];
	size_t i;

	if (s == NULL || !ev->deleted ||
	    if_indextoname(ev->ifindex, name) == NULL)
		return;
	for (i = 0; i < s->nvip; i++) {
		cv = &s->vip[i];
		if (!(cv->flags & VIP_F_TRACKED) ||
		    (int)cv->family != ev->addr.family ||
		    cv->plen != ev->prefixlen ||
		    strcmp(cv->ifname, name) != 0 ||
		    memcmp(cv->addr, &ev->addr.u, cv->family == AF_INET ?
		    4 : 16) != 0)
			continue;
		inet_ntop(cv->family, cv->addr, buf, sizeof(buf));
		log_info("static address %s/%u dev %s deleted: putting it "
		    "back (track_group)", buf, cv->plen, cv->ifname);
		vrrp_static_addr(cv, true);
	}
}
