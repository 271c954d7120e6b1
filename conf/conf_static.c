/*
 * static_ipaddress, static_routes, static_rules: addresses, routes and
 * rules set at startup whatever the VRRP state. Their entries share the
 * parsers of the vrrp_instance lists (conf_vrrp_list.c).
 */
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

static struct conf_obj *
static_addrs_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	return (struct conf_obj *)&((struct vigil_conf *)parent)->statics.addrs;
}

static struct conf_obj *
static_routes_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	return (struct conf_obj *)&((struct vigil_conf *)parent)->statics.routes;
}

static struct conf_obj *
static_rules_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	return (struct conf_obj *)&((struct vigil_conf *)parent)->statics.rules;
}

static int
static_addr_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	return conf_vip_block.entry(ctx, obj, args, nargs);
}

static int
static_route_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	return conf_route_block.entry(ctx, obj, args, nargs);
}

const struct conf_block conf_static_ipaddress_block = {
	.name = "static_ipaddress",
	.kws = (const struct conf_kw[]){ { NULL } },
	.open = static_addrs_open,
	.entry = static_addr_entry,
};

const struct conf_block conf_static_routes_block = {
	.name = "static_routes",
	.kws = (const struct conf_kw[]){ { NULL } },
	.open = static_routes_open,
	.entry = static_route_entry,
};

const struct conf_block conf_static_rules_block = {
	.name = "static_rules",
	.kws = (const struct conf_kw[]){ { NULL } },
	.open = static_rules_open,
	.entry = static_route_entry,
};

/* The list dumps take the list at obj + kw->off. */
static const struct conf_kw static_dump_kws[] = {
	{ "static_ipaddress", CONF_T_LIST,
	  CONF_OFF(struct vigil_conf, statics.addrs) },
	{ "static_routes", CONF_T_LIST,
	  CONF_OFF(struct vigil_conf, statics.routes) },
	{ "static_rules", CONF_T_LIST,
	  CONF_OFF(struct vigil_conf, statics.rules) },
};

void
conf_static_dump(const struct vigil_conf *conf, FILE *out)
{
	conf_vip_list_dump(out, &conf->obj, &static_dump_kws[0], 0);
	conf_route_list_dump(out, &conf->obj, &static_dump_kws[1], 0);
	conf_route_list_dump(out, &conf->obj, &static_dump_kws[2], 0);
}

void
conf_static_free(struct vigil_conf *conf)
{
	conf_vip_list_free(&conf->statics.addrs);
	conf_route_list_free(&conf->statics.routes);
	conf_route_list_free(&conf->statics.rules);
}
