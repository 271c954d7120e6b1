/*
 * garp_group { garp_interval T gna_interval T interface IF |
 * interfaces { IF ... } }: delays between gratuitous ARPs / unsolicited
 * NAs shared by every instance sending on those interfaces. Table,
 * hooks, check pass and dump; the vrrp child paces (vrrp_garp_group.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define GG(m)	CONF_OFF(struct conf_garp_group, m)

static const struct conf_kw ggroup_kws[] = {
	{ "garp_interval", CONF_T_DECIMAL, GG(garp_interval_us),
	  .scale = 1000000, .min = 0, .max = 1000000,
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "gna_interval", CONF_T_DECIMAL, GG(gna_interval_us),
	  .scale = 1000000, .min = 0, .max = 1000000,
	  .flags = CONF_KW_DUMP_ALWAYS },
	{ "interface", CONF_T_IFNAME, GG(interface) },
	{ "interfaces", CONF_T_LIST, GG(interfaces), .sub = &conf_name_block,
	  .flags = CONF_KW_MULTI, .dump = conf_ref_list_dump },
	{ NULL }
};

static struct conf_obj *
ggroup_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_garp_group *g;

	g = xcalloc(1, sizeof(*g));
	TAILQ_INIT(&g->interfaces);
	TAILQ_INSERT_TAIL(&conf->garp_groups, g, entry);
	return &g->obj;
}

static void
ggroup_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_garp_group *g = (struct conf_garp_group *)obj;

	if (g->interface == NULL && TAILQ_EMPTY(&g->interfaces))
		conf_warning(ctx, &obj->loc, "garp_group has no interface; "
		    "ignored (add 'interface IF' or 'interfaces { IF ... }')");
	else if (g->interface != NULL && !TAILQ_EMPTY(&g->interfaces))
		conf_warning(ctx, &obj->loc, "garp_group has both interface "
		    "and interfaces; all of them share the delays (use one)");
}

const struct conf_block conf_garp_group_block = {
	.name = "garp_group",
	.kws = ggroup_kws,
	.size = sizeof(struct conf_garp_group),
	.open = ggroup_open,
	.close = ggroup_close,
};

/* Call fn for each interface name of g. */
void
conf_garp_group_each(const struct conf_garp_group *g,
    void (*fn)(const char *ifname, const struct conf_loc *, void *), void *arg)
{
	const struct conf_ref *r;

	if (g->interface != NULL)
		fn(g->interface, &g->obj.loc, arg);
	TAILQ_FOREACH(r, &g->interfaces, entry)
		fn(r->name, &r->loc, arg);
}

struct ggroup_seen {
	struct conf_ctx		*ctx;
	struct conf_names	 names;
	size_t			 n;
};

static void
ggroup_check_if(const char *ifname, const struct conf_loc *loc, void *arg)
{
	struct ggroup_seen *s = arg;

	if (conf_names_put(&s->names, ifname, "x") != NULL)
		conf_error(s->ctx, loc, "garp_group: interface %s is already "
		    "in a garp_group (an interface has one set of delays)",
		    ifname);
	else if (++s->n > CONF_GARP_IF_MAX)
		conf_error(s->ctx, loc, "garp_group: more than %d interfaces "
		    "in garp_group blocks (vigil's limit)", CONF_GARP_IF_MAX);
}

void
conf_garp_group_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	const struct conf_garp_group *g;
	struct ggroup_seen s;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	TAILQ_FOREACH(g, &conf->garp_groups, entry)
		conf_garp_group_each(g, ggroup_check_if, &s);
	conf_names_free(&s.names);
}

void
conf_garp_group_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_garp_group *g;

	TAILQ_FOREACH(g, &conf->garp_groups, entry) {
		fputs("garp_group {\n", out);
		conf_dump_fields(out, &conf_garp_group_block, &g->obj, 1);
		fputs("}\n", out);
	}
}

void
conf_garp_group_free(struct vigil_conf *conf)
{
	struct conf_garp_group *g;

	while ((g = TAILQ_FIRST(&conf->garp_groups)) != NULL) {
		TAILQ_REMOVE(&conf->garp_groups, g, entry);
		conf_ref_list_free(&g->interfaces);
		conf_free_fields(&conf_garp_group_block, &g->obj);
		free(g);
	}
}
