/*
 * virtual_rules and static_ipaddress, static_routes, static_rules into the
 * vrrp child's conf_set: rules as MSG_CONF_ROUTE lines with ROUTE_F_RULE,
 * statics with instance "" and VIP_F_STATIC / ROUTE_F_STATIC.
 */
#include <stdio.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_priv.h"
#include "core/core.h"

/* Whether text names a track_group the configuration defines. */
static bool
conf_tracked(const struct vigil_conf *conf, const char *text)
{
	char name[128];

	return text != NULL &&
	    conf_track_group_of(text, name, sizeof(name)) != NULL &&
	    conf_track_group_find(conf, name) != NULL;
}

static void
conf_collect_lines(const struct vigil_conf *conf, const char *instance,
    const struct conf_route_list *l, uint32_t flags, struct conf_set *vrrp)
{
	const struct conf_route *r;
	struct msg_conf_route m;

	TAILQ_FOREACH(r, l, entry) {
		memset(&m, 0, sizeof(m));
		snprintf(m.instance, sizeof(m.instance), "%s", instance);
		snprintf(m.route, sizeof(m.route), "%s", r->text);
		m.flags = flags;
		if ((flags & ROUTE_F_STATIC) && conf != NULL &&
		    conf_tracked(conf, r->text))
			m.flags |= ROUTE_F_TRACKED;
		conf_set_add_route(vrrp, &m);
	}
}

void
conf_collect_vrules(const struct conf_vrrp_instance *ci,
    struct conf_set *vrrp)
{
	conf_collect_lines(NULL, ci->name, &ci->rules, ROUTE_F_RULE, vrrp);
}

/* The interface a static route or rule line names (dev, oif, iif). */
static const char *
conf_line_dev(const char *text, char *buf, size_t len)
{
	static const char *const words[] = { "dev", "oif", "iif" };
	const char *p, *e;
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		for (p = text; (p = strstr(p, words[i])) != NULL; p += n) {
			if ((p != text && p[-1] != ' ') || p[n] != ' ')
				continue;
			p += n + strspn(p + n, " ");
			e = p + strcspn(p, " \t");
			snprintf(buf, len, "%.*s", (int)(e - p), p);
			return buf;
		}
	}
	return NULL;
}

/* member tracks interface dev, FAULT while it is down (weight 0), once. */
static void
conf_track_add_if(struct conf_set *vrrp, const char *member, const char *dev)
{
	struct msg_conf_track t;
	size_t i;

	memset(&t, 0, sizeof(t));
	snprintf(t.owner, sizeof(t.owner), "%s", member);
	snprintf(t.name, sizeof(t.name), "%s", dev);
	t.type = TRACK_INTERFACE;
	t.flags = TRACK_F_WEIGHT;
	for (i = 0; i < vrrp->ntrack; i++)
		if (memcmp(&vrrp->track[i], &t, sizeof(t)) == 0)
			return;
	conf_set_add_track(vrrp, &t);
}

/* Each member of a track_group goes to FAULT while the interface of a
 * static entry of the group is down (its address or route is gone and
 * cannot be put back), as keepalived 2.2.7 was seen to do. */
static void
conf_track_group_lines(struct conf_set *vrrp, const char *member,
    const char *group, const struct conf_route_list *l)
{
	const struct conf_route *r;
	char name[128], dev[IF_NAMESIZE];

	TAILQ_FOREACH(r, l, entry)
		if (conf_track_group_of(r->text, name, sizeof(name)) != NULL &&
		    strcmp(name, group) == 0 &&
		    conf_line_dev(r->text, dev, sizeof(dev)) != NULL)
			conf_track_add_if(vrrp, member, dev);
}

static void
conf_collect_track_groups(const struct vigil_conf *conf, struct conf_set *vrrp)
{
	const struct conf_track_group *g;
	const struct conf_ref *m;
	const struct conf_vip *cv;
	char name[128];
	const char *dev;

	TAILQ_FOREACH(g, &conf->track_groups, entry)
		TAILQ_FOREACH(m, &g->members, entry) {
			if (conf_set_instance(vrrp, m->name) == NULL)
				continue;
			TAILQ_FOREACH(cv, &conf->statics.addrs, entry) {
				if (cv->extra == NULL ||
				    conf_track_group_of(cv->extra, name,
				    sizeof(name)) == NULL ||
				    strcmp(name, g->name) != 0)
					continue;
				dev = cv->dev != NULL ? cv->dev :
				    conf->global.default_interface;
				if (dev != NULL)
					conf_track_add_if(vrrp, m->name, dev);
			}
			conf_track_group_lines(vrrp, m->name, g->name,
			    &conf->statics.routes);
			conf_track_group_lines(vrrp, m->name, g->name,
			    &conf->statics.rules);
		}
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
		v.flags = VIP_F_STATIC |
		    (conf_tracked(conf, cv->extra) ? VIP_F_TRACKED : 0);
		v.scope = conf_vip_scope(cv->scope);
		snprintf(v.label, sizeof(v.label), "%s", cv->label != NULL ?
		    cv->label : "");
		conf_set_add_vip(vrrp, &v);
	}
	conf_collect_lines(conf, "", &conf->statics.routes, ROUTE_F_STATIC,
	    vrrp);
	conf_collect_lines(conf, "", &conf->statics.rules,
	    ROUTE_F_STATIC | ROUTE_F_RULE, vrrp);
	conf_collect_track_groups(conf, vrrp);
}

struct garp_collect {
	struct msg_conf_global	*g;
	uint32_t		 group;
};

static void
conf_garp_if(const char *ifname, const struct conf_loc *loc, void *arg)
{
	struct garp_collect *c = arg;
	struct msg_conf_global *g = c->g;

	/* The check pass refused more, and duplicates. */
	if (g->ngarp_if >= IPC_GARP_IF_MAX)
		return;
	snprintf(g->garp_ifname[g->ngarp_if], IF_NAMESIZE, "%s", ifname);
	g->garp_if_group[g->ngarp_if++] = c->group;
}

void
conf_collect_garp_groups(const struct vigil_conf *conf,
    struct msg_conf_global *g)
{
	const struct conf_garp_group *gg;
	struct garp_collect c = { g, 0 };

	_Static_assert(IPC_GARP_IF_MAX == CONF_GARP_IF_MAX, "garp groups");
	TAILQ_FOREACH(gg, &conf->garp_groups, entry) {
		if (c.group >= IPC_GARP_IF_MAX)
			break;
		g->garp_group_us[c.group][0] = (uint32_t)gg->garp_interval_us;
		g->garp_group_us[c.group][1] = (uint32_t)gg->gna_interval_us;
		conf_garp_group_each(gg, conf_garp_if, &c);
		c.group++;
	}
}
