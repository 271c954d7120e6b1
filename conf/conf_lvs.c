/*
 * virtual_server, real_server, virtual_server_group: keyword tables.
 *
 * (Initial stub by the conf/ engine work, to be completed by the LVS work:
 * a few keywords only, enough to show the engine API in use.)
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_schema.h"

#define VS(m)	CONF_OFF(struct conf_virtual_server, m)
#define RS(m)	CONF_OFF(struct conf_real_server, m)

static const struct conf_enum lvs_methods[] = {
	{ "NAT", CONF_LVS_NAT }, { "DR", CONF_LVS_DR }, { "TUN", CONF_LVS_TUN },
	{ NULL, 0 }
};

static const struct conf_enum lvs_protocols[] = {
	{ "TCP", IPPROTO_TCP }, { "UDP", IPPROTO_UDP },
	{ "SCTP", IPPROTO_SCTP }, { NULL, 0 }
};

static const struct conf_kw rs_kws[] = {
	{ "weight", CONF_T_INT, RS(weight), .min = 0, .max = 65535,
	  .def = "1" },
	{ NULL }
};

/* real_server IP [PORT] */
static struct conf_obj *
rs_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)parent;
	struct conf_real_server *rs;
	struct conf_addr addr;
	int64_t port = 0;

	if (conf_parse_addr(ctx, &node->args[0], "real_server", false,
	    &addr) < 0)
		return NULL;
	if (node->nargs > 1 && conf_parse_int(ctx, &node->args[1],
	    "real_server port", 0, 65535, &port) < 0)
		return NULL;
	rs = xcalloc(1, sizeof(*rs));
	rs->addr = addr;
	rs->port = (int)port;
	TAILQ_INSERT_TAIL(&vs->real_servers, rs, entry);
	return &rs->obj;
}

static const struct conf_block rs_block = {
	.name = "real_server",
	.kws = rs_kws,
	.size = sizeof(struct conf_real_server),
	.open = rs_open,
};

static const struct conf_kw vs_kws[] = {
	{ "delay_loop", CONF_T_INT, VS(delay_loop), .min = 1, .max = 86400,
	  .def = "60" },
	{ "lvs_sched", CONF_T_STRING, VS(lvs_sched), .def = "wlc" },
	{ "lb_algo", .alias_of = "lvs_sched" },
	{ "lvs_method", CONF_T_ENUM, VS(lvs_method), .enums = lvs_methods,
	  .fallback = CONF_NO_FALLBACK, .def = "NAT" },
	{ "lb_kind", .alias_of = "lvs_method" },
	{ "protocol", CONF_T_ENUM, VS(protocol), .enums = lvs_protocols,
	  .fallback = CONF_NO_FALLBACK, .def = "TCP" },
	{ "real_server", CONF_T_BLOCK, .sub = &rs_block, .min_args = 1,
	  .max_args = 2, .flags = CONF_KW_MULTI, .dump = NULL },
	{ NULL }
};

/* virtual_server IP PORT | fwmark N | group NAME */
static struct conf_obj *
vs_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_virtual_server *vs;
	struct conf_addr addr = { 0 };
	int64_t v = 0;

	if (node->nargs != 2) {
		conf_error(ctx, &node->loc, "virtual_server needs an address "
		    "and a port, 'fwmark N' or 'group NAME'");
		return NULL;
	}
	if (strcmp(node->args[0].s, "fwmark") == 0) {
		if (conf_parse_int(ctx, &node->args[1], "fwmark", 1,
		    UINT32_MAX, &v) < 0)
			return NULL;
	} else if (strcmp(node->args[0].s, "group") != 0) {
		if (conf_parse_addr(ctx, &node->args[0], "virtual_server",
		    false, &addr) < 0 || conf_parse_int(ctx, &node->args[1],
		    "virtual_server port", 0, 65535, &v) < 0)
			return NULL;
	}
	vs = xcalloc(1, sizeof(*vs));
	TAILQ_INIT(&vs->real_servers);
	if (strcmp(node->args[0].s, "fwmark") == 0)
		vs->fwmark = (uint32_t)v;
	else if (strcmp(node->args[0].s, "group") == 0)
		vs->group = xstrdup(node->args[1].s);
	else {
		vs->addr = addr;
		vs->port = (int)v;
	}
	TAILQ_INSERT_TAIL(&conf->lvs.vss, vs, entry);
	return &vs->obj;
}

const struct conf_block conf_lvs_virtual_server_block = {
	.name = "virtual_server",
	.kws = vs_kws,
	.size = sizeof(struct conf_virtual_server),
	.open = vs_open,
};

static struct conf_obj *
vsg_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_vs_group *g = xcalloc(1, sizeof(*g));

	g->name = xstrdup(node->args[0].s);
	TAILQ_INIT(&g->entries);
	TAILQ_INSERT_TAIL(&conf->lvs.groups, g, entry);
	return &g->obj;
}

static int
vsg_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_vs_group *g = (struct conf_vs_group *)obj;
	struct conf_vs_group_entry *e = xcalloc(1, sizeof(*e));

	e->loc = args[0].loc;
	e->text = conf_join_args(args, nargs);
	TAILQ_INSERT_TAIL(&g->entries, e, entry);
	return (int)nargs;
}

const struct conf_block conf_lvs_virtual_server_group_block = {
	.name = "virtual_server_group",
	.kws = (const struct conf_kw[]){ { NULL } },
	.size = sizeof(struct conf_vs_group),
	.open = vsg_open,
	.entry = vsg_entry,
};

void
conf_lvs_init(struct vigil_conf *conf)
{
	TAILQ_INIT(&conf->lvs.vss);
	TAILQ_INIT(&conf->lvs.groups);
}

void
conf_lvs_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_virtual_server *vs;
	struct conf_vs_group *g;

	TAILQ_FOREACH(vs, &conf->lvs.vss, entry) {
		if (vs->group == NULL)
			continue;
		TAILQ_FOREACH(g, &conf->lvs.groups, entry)
			if (strcmp(g->name, vs->group) == 0)
				break;
		if (g == NULL)
			conf_error(ctx, &vs->obj.loc, "virtual_server_group %s "
			    "is not defined", vs->group);
	}
}

static void
vs_dump(const struct conf_virtual_server *vs, FILE *out)
{
	const struct conf_real_server *rs;

	fputs("virtual_server ", out);
	if (vs->group != NULL) {
		fputs("group ", out);
		conf_dump_str(out, vs->group);
	} else if (vs->fwmark != 0)
		fprintf(out, "fwmark %u", vs->fwmark);
	else {
		conf_dump_addr(out, &vs->addr);
		fprintf(out, " %d", vs->port);
	}
	fputs(" {\n", out);
	conf_dump_fields(out, &conf_lvs_virtual_server_block, &vs->obj, 1);
	TAILQ_FOREACH(rs, &vs->real_servers, entry) {
		conf_dump_indent(out, 1);
		fputs("real_server ", out);
		conf_dump_addr(out, &rs->addr);
		fprintf(out, " %d {\n", rs->port);
		conf_dump_fields(out, &rs_block, &rs->obj, 2);
		conf_dump_indent(out, 1);
		fputs("}\n", out);
	}
	fputs("}\n", out);
}

void
conf_lvs_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_virtual_server *vs;
	const struct conf_vs_group *g;
	const struct conf_vs_group_entry *e;

	TAILQ_FOREACH(g, &conf->lvs.groups, entry) {
		fputs("virtual_server_group ", out);
		conf_dump_str(out, g->name);
		fputs(" {\n", out);
		TAILQ_FOREACH(e, &g->entries, entry)
			fprintf(out, "    %s\n", e->text);
		fputs("}\n", out);
	}
	TAILQ_FOREACH(vs, &conf->lvs.vss, entry)
		vs_dump(vs, out);
}

void
conf_lvs_free(struct vigil_conf *conf)
{
	struct conf_virtual_server *vs;
	struct conf_real_server *rs;
	struct conf_vs_group *g;
	struct conf_vs_group_entry *e;

	while ((vs = TAILQ_FIRST(&conf->lvs.vss)) != NULL) {
		TAILQ_REMOVE(&conf->lvs.vss, vs, entry);
		while ((rs = TAILQ_FIRST(&vs->real_servers)) != NULL) {
			TAILQ_REMOVE(&vs->real_servers, rs, entry);
			conf_free_fields(&rs_block, &rs->obj);
			free(rs);
		}
		conf_free_fields(&conf_lvs_virtual_server_block, &vs->obj);
		free(vs->group);
		free(vs);
	}
	while ((g = TAILQ_FIRST(&conf->lvs.groups)) != NULL) {
		TAILQ_REMOVE(&conf->lvs.groups, g, entry);
		while ((e = TAILQ_FIRST(&g->entries)) != NULL) {
			TAILQ_REMOVE(&g->entries, e, entry);
			free(e->text);
			free(e);
		}
		free(g->name);
		free(g);
	}
}
