/*
 * track_group NAME { group { INSTANCE ... } }: the instances that track
 * the static addresses, routes and rules written with "track_group
 * NAME". Table, hooks, check pass and dump; the parent turns each
 * member into interface trackers (core/conf_stream_static.c) and the
 * vrrp child puts such entries back (vrrp/vrrp_static.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define TG(m)	CONF_OFF(struct conf_track_group, m)

static const struct conf_kw tgroup_kws[] = {
	{ "group", CONF_T_LIST, TG(members), .sub = &conf_name_block,
	  .flags = CONF_KW_MULTI, .dump = conf_ref_list_dump },
	{ NULL }
};

static struct conf_obj *
tgroup_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_track_group *g;

	g = xcalloc(1, sizeof(*g));
	g->name = xstrdup(node->args[0].s);
	TAILQ_INIT(&g->members);
	TAILQ_INSERT_TAIL(&conf->track_groups, g, entry);
	return &g->obj;
}

const struct conf_block conf_track_group_block = {
	.name = "track_group",
	.kws = tgroup_kws,
	.size = sizeof(struct conf_track_group),
	.open = tgroup_open,
};

const struct conf_track_group *
conf_track_group_find(const struct vigil_conf *conf, const char *name)
{
	const struct conf_track_group *g;

	TAILQ_FOREACH(g, &conf->track_groups, entry)
		if (strcmp(g->name, name) == 0)
			return g;
	return NULL;
}

/* The NAME after "track_group" in an address's options or a route or
 * rule line, copied to buf; NULL if there is none. */
const char *
conf_track_group_of(const char *text, char *buf, size_t len)
{
	const char *p = text, *e;

	while (p != NULL && (p = strstr(p, "track_group")) != NULL) {
		if ((p == text || p[-1] == ' ' || p[-1] == '\t') &&
		    (p[11] == ' ' || p[11] == '\t')) {
			p += 11;
			p += strspn(p, " \t");
			e = p + strcspn(p, " \t");
			if (e == p)
				return NULL;
			snprintf(buf, len, "%.*s", (int)(e - p), p);
			return buf;
		}
		p += 11;
	}
	return NULL;
}

static void
tgroup_check_ref(struct conf_ctx *ctx, const struct vigil_conf *conf,
    const char *text, const struct conf_loc *loc, const char *what)
{
	char name[128];

	if (text == NULL || conf_track_group_of(text, name,
	    sizeof(name)) == NULL || conf_track_group_find(conf, name) != NULL)
		return;
	conf_warning(ctx, loc, "%s: track_group %s is not defined; nothing "
	    "tracks this entry (define 'track_group %s { group { INSTANCE "
	    "} }')", what, name, name);
}

static bool
tgroup_instance(const struct vigil_conf *conf, const char *name)
{
	const struct conf_vrrp_instance *vi;

	TAILQ_FOREACH(vi, &conf->instances, entry)
		if (strcmp(vi->name, name) == 0)
			return true;
	return false;
}

void
conf_track_group_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	const struct conf_track_group *g, *o;
	const struct conf_ref *r;
	const struct conf_vip *v;
	const struct conf_route *rt;

	TAILQ_FOREACH(g, &conf->track_groups, entry) {
		for (o = TAILQ_FIRST(&conf->track_groups); o != g;
		    o = TAILQ_NEXT(o, entry))
			if (strcmp(o->name, g->name) == 0) {
				conf_warning(ctx, &g->obj.loc, "track_group %s "
				    "is defined again; the instances of both "
				    "are used", g->name);
				break;
			}
		if (TAILQ_EMPTY(&g->members))
			conf_warning(ctx, &g->obj.loc, "track_group %s has no "
			    "instance (add 'group { INSTANCE }')", g->name);
		TAILQ_FOREACH(r, &g->members, entry)
			if (!tgroup_instance(conf, r->name))
				conf_warning(ctx, &r->loc, "track_group %s: no "
				    "vrrp_instance %s; ignored", g->name,
				    r->name);
	}
	TAILQ_FOREACH(v, &conf->statics.addrs, entry)
		tgroup_check_ref(ctx, conf, v->extra, &v->loc,
		    "static_ipaddress");
	TAILQ_FOREACH(rt, &conf->statics.routes, entry)
		tgroup_check_ref(ctx, conf, rt->text, &rt->loc,
		    "static_routes");
	TAILQ_FOREACH(rt, &conf->statics.rules, entry)
		tgroup_check_ref(ctx, conf, rt->text, &rt->loc,
		    "static_rules");
}

void
conf_track_group_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_track_group *g;

	TAILQ_FOREACH(g, &conf->track_groups, entry) {
		fputs("track_group ", out);
		conf_dump_str(out, g->name);
		fputs(" {\n", out);
		conf_dump_fields(out, &conf_track_group_block, &g->obj, 1);
		fputs("}\n", out);
	}
}

void
conf_track_group_free(struct vigil_conf *conf)
{
	struct conf_track_group *g;

	while ((g = TAILQ_FIRST(&conf->track_groups)) != NULL) {
		TAILQ_REMOVE(&conf->track_groups, g, entry);
		conf_ref_list_free(&g->members);
		free(g->name);
		free(g);
	}
}
