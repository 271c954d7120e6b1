/*
 * virtual_rules and static_ipaddress, static_routes, static_rules into the
 * vrrp child's conf_set: rules as MSG_CONF_ROUTE lines with ROUTE_F_RULE,
 * statics with instance "" and VIP_F_STATIC / ROUTE_F_STATIC.
 */
#include <stdio.h>
#include <string.h>

#include "conf/conf.h"
#include "core/core.h"

static void
conf_collect_lines(const char *instance, const struct conf_route_list *l,
    uint32_t flags, struct conf_set *vrrp)
{
	const struct conf_route *r;
	struct msg_conf_route m;

	TAILQ_FOREACH(r, l, entry) {
		memset(&m, 0, sizeof(m));
		snprintf(m.instance, sizeof(m.instance), "%s", instance);
		snprintf(m.route, sizeof(m.route), "%s", r->text);
		m.flags = flags;
		conf_set_add_route(vrrp, &m);
	}
}

void
conf_collect_vrules(const struct conf_vrrp_instance *ci,
    struct conf_set *vrrp)
{
	conf_collect_lines(ci->name, &ci->rules, ROUTE_F_RULE, vrrp);
}

void
conf_collect_statics(const struct vigil_conf *conf, struct conf_set *vrrp)
{
	const struct conf_vip *cv;
	struct msg_conf_vip v;
	const char *dev;

	TAILQ_FOREACH(cv, &conf->statics.addrs, entry) {
		dev = cv->dev != NULL ? cv->dev : conf->global.default_interface;
		memset(&v, 0, sizeof(v));
		snprintf(v.ifname, sizeof(v.ifname), "%s", dev != NULL ? dev :
		    "");
		v.family = cv->addr.family;
		v.plen = cv->addr.plen;
		memcpy(v.addr, &cv->addr.u, cv->addr.family == AF_INET ? 4 : 16);
		v.flags = VIP_F_STATIC;
		v.scope = conf_vip_scope(cv->scope);
		snprintf(v.label, sizeof(v.label), "%s", cv->label != NULL ?
		    cv->label : "");
		conf_set_add_vip(vrrp, &v);
	}
	conf_collect_lines("", &conf->statics.routes, ROUTE_F_STATIC, vrrp);
	conf_collect_lines("", &conf->statics.rules,
	    ROUTE_F_STATIC | ROUTE_F_RULE, vrrp);
}
