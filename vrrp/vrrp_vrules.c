/*
 * virtual_rules: policy routing rules an instance holds while it is
 * master, as its virtual_routes; added on becoming master, removed on
 * leaving, a reload's changes taken by a master in place.
 */
#include <string.h>

#include "common/log.h"
#include "common/nlroute.h"
#include "common/util.h"
#include "vrrp/vrrp_engine.h"

void
vrrp_rules_build(struct vrrp_rt *rt)
{
	size_t i;

	rt->nrules = 0;
	rt->rules = NULL;
	for (i = 0; i < rt->ncroutes; i++)
		if (rt->croutes[i].flags & ROUTE_F_RULE)
			rt->nrules++;
	if (rt->nrules == 0)
		return;
	rt->rules = xcalloc(rt->nrules, sizeof(*rt->rules));
	rt->nrules = 0;
	for (i = 0; i < rt->ncroutes; i++)
		if ((rt->croutes[i].flags & ROUTE_F_RULE) &&
		    nlr_rule_parse(rt->conf.name, rt->croutes[i].route,
		    &rt->rules[rt->nrules]) == 0) {
			if (rt->rules[rt->nrules].prio_default)
				log_warnx("(%s) rule \"%s\": no preference given: "
				    "%u, as keepalived", rt->conf.name,
				    rt->croutes[i].route, NLR_RULE_PRIO);
			rt->nrules++;
		}
}

void
vrrp_rules_add(struct vrrp_rt *rt)
{
	size_t i;

	for (i = 0; i < rt->nrules; i++)
		nlr_rule_add(vrrp_eng.nl, &rt->rules[i]);
}

void
vrrp_rules_del(struct vrrp_rt *rt)
{
	size_t i;

	for (i = 0; i < rt->nrules; i++)
		nlr_rule_del(vrrp_eng.nl, &rt->rules[i]);
}

static bool
vrrp_rules_in(const struct nlr_rule *r, const struct vrrp_rt *rt)
{
	size_t i;

	for (i = 0; i < rt->nrules; i++)
		if (nlr_rule_eq(r, &rt->rules[i]))
			return true;
	return false;
}

/* A master removes the rules the reload dropped and adds the new ones. */
void
vrrp_rules_reload(struct vrrp_rt *rt, struct vrrp_rt *nrt)
{
	size_t i;

	if (rt->fsm.state != VRRP_STATE_MASTER)
		return;
	for (i = 0; i < rt->nrules; i++)
		if (!vrrp_rules_in(&rt->rules[i], nrt))
			nlr_rule_del(vrrp_eng.nl, &rt->rules[i]);
	for (i = 0; i < nrt->nrules; i++)
		if (!vrrp_rules_in(&nrt->rules[i], rt))
			nlr_rule_add(vrrp_eng.nl, &nrt->rules[i]);
}
