/*
 * The VRRP cross-reference pass, run once the whole input is read, so that
 * the order of blocks does not matter (a vrrp_script may follow the
 * instance that tracks it). It also fills values that default to others
 * (version, garp settings from global_defs, accept mode) and checks what
 * depends on them (advert_int against the version).
 */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define MAX_NAMES	4096

static bool
iface_exists(const char *name)
{
	return if_nametoindex(name) != 0;
}

/* Values inherited from global_defs when the instance does not set them. */
static void
inherit_globals(const struct conf_global *g, struct conf_vrrp_instance *vi)
{
	const struct conf_block *b = &conf_vrrp_instance_block;
	const struct conf_obj *o = &vi->obj;

#define INHERIT(kw, field, val) \
	if (!conf_kw_given(b, o, kw)) vi->field = (val)
	INHERIT("garp_master_delay", garp_master_delay, g->garp_master_delay);
	INHERIT("garp_master_repeat", garp_master_repeat,
	    g->garp_master_repeat);
	INHERIT("garp_lower_prio_delay", garp_lower_prio_delay,
	    g->garp_lower_prio_delay);
	INHERIT("garp_lower_prio_repeat", garp_lower_prio_repeat,
	    g->garp_lower_prio_repeat);
	INHERIT("garp_master_refresh", garp_master_refresh,
	    g->garp_master_refresh);
	INHERIT("garp_master_refresh_repeat", garp_master_refresh_repeat,
	    g->garp_master_refresh_repeat);
	INHERIT("down_timer_adverts", down_timer_adverts,
	    g->down_timer_adverts);
	INHERIT("lower_prio_no_advert", lower_prio_no_advert,
	    g->lower_prio_no_advert || g->vrrp_strict);
	INHERIT("higher_prio_send_advert", higher_prio_send_advert,
	    g->higher_prio_send_advert);
	INHERIT("skip_check_adv_addr", skip_check_adv_addr,
	    g->skip_check_adv_addr);
	INHERIT("strict_mode", strict_mode, g->vrrp_strict);
	INHERIT("notify_priority_changes", notify_priority_changes,
	    g->notify_priority_changes);
	INHERIT("check_unicast_src", check_unicast_src, g->check_unicast_src);
#undef INHERIT
	/* keepalived: accept is the default, except in strict mode. */
	if (!vi->accept_given)
		vi->accept = !vi->strict_mode;
}

/* The version: given, else IPv6 addresses mean 3, else global_defs'. */
static void
check_version(struct conf_ctx *ctx, const struct conf_global *g,
    struct conf_vrrp_instance *vi)
{
	const struct conf_vip *v = TAILQ_FIRST(&vi->vips);
	const struct conf_loc *at = vi->advert_int_loc.file != NULL ?
	    &vi->advert_int_loc : &vi->obj.loc;
	char buf[48];

	if (!conf_kw_given(&conf_vrrp_instance_block, &vi->obj, "version")) {
		if (v != NULL && v->addr.family == AF_INET6)
			vi->version = 3;
		else
			vi->version = g->vrrp_version;
	}
	conf_decimal_str(vi->advert_int_cs, 100, buf, sizeof(buf));
	if (vi->version == 2 && vi->advert_int_cs % 100 != 0)
		conf_error(ctx, at, "advert_int %s: VRRP version 2 needs "
		    "whole seconds (1-255); fractions need version 3", buf);
	else if (vi->version == 3 && vi->advert_int_cs > 4095)
		conf_error(ctx, at, "advert_int %s is out of range for VRRP "
		    "version 3 (0.01-40.95)", buf);
}

static void
check_interfaces(struct conf_ctx *ctx, const struct conf_global *g,
    struct conf_vrrp_instance *vi)
{
	const struct conf_ref *r;
	const struct conf_vip *v;

	if (vi->interface == NULL) {
		conf_note(ctx, &vi->obj.loc, "vrrp_instance %s has no "
		    "interface; using default_interface %s", vi->name,
		    g->default_interface);
		vi->interface = xstrdup(g->default_interface);
		vi->interface_loc = vi->obj.loc;
	}
	if (ctx->opts == NULL || !ctx->opts->check_interfaces)
		return;
	if (!iface_exists(vi->interface))
		conf_warning(ctx, &vi->interface_loc, "interface %s not found "
		    "on this host; instance %s will wait in FAULT until it "
		    "appears", vi->interface, vi->name);
	TAILQ_FOREACH(r, &vi->track_ifs, entry)
		if (!iface_exists(r->name))
			conf_warning(ctx, &r->loc, "interface %s not found on "
			    "this host; instance %s will wait in FAULT until "
			    "it appears", r->name, vi->name);
	TAILQ_FOREACH(v, &vi->vips, entry)
		if (v->dev != NULL && !iface_exists(v->dev))
			conf_warning(ctx, &v->dev_loc, "interface %s not found "
			    "on this host", v->dev);
}

/* Resolve references to vrrp_script / track_file / vrrp_track_process. */
static void
check_script_refs(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_ref_list *refs)
{
	static const char *names[MAX_NAMES];
	struct conf_vrrp_script *s;
	struct conf_ref *r;
	size_t n;

	TAILQ_FOREACH(r, refs, entry) {
		n = 0;
		TAILQ_FOREACH(s, &conf->scripts, entry) {
			if (strcmp(s->name, r->name) == 0)
				break;
			if (n < MAX_NAMES)
				names[n++] = s->name;
		}
		if (s == NULL) {
			conf_ref_unknown(ctx, r, "vrrp_script", names, n);
			continue;
		}
		s->used = true;
		r->target = s;
	}
}

static void
check_file_refs(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_ref_list *refs)
{
	static const char *names[MAX_NAMES];
	struct conf_track_file *f;
	struct conf_ref *r;
	size_t n;

	TAILQ_FOREACH(r, refs, entry) {
		n = 0;
		TAILQ_FOREACH(f, &conf->track_files, entry) {
			if (strcmp(f->name, r->name) == 0)
				break;
			if (n < MAX_NAMES)
				names[n++] = f->name;
		}
		if (f == NULL)
			conf_ref_unknown(ctx, r, "track_file", names, n);
		else
			r->target = f;
	}
}

static void
check_process_refs(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_ref_list *refs)
{
	static const char *names[MAX_NAMES];
	struct conf_track_process *p;
	struct conf_ref *r;
	size_t n;

	TAILQ_FOREACH(r, refs, entry) {
		n = 0;
		TAILQ_FOREACH(p, &conf->track_processes, entry) {
			if (strcmp(p->name, r->name) == 0)
				break;
			if (n < MAX_NAMES)
				names[n++] = p->name;
		}
		if (p == NULL)
			conf_ref_unknown(ctx, r, "vrrp_track_process", names, n);
		else
			r->target = p;
	}
}

/* Two instances with one VRID on one interface and family collide. */
static void
check_vrid_unique(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_vrrp_instance *vi)
{
	struct conf_vrrp_instance *o;
	int fam = TAILQ_EMPTY(&vi->vips) ? AF_INET :
	    TAILQ_FIRST(&vi->vips)->addr.family, ofam;

	for (o = TAILQ_FIRST(&conf->instances); o != vi;
	    o = TAILQ_NEXT(o, entry)) {
		ofam = TAILQ_EMPTY(&o->vips) ? AF_INET :
		    TAILQ_FIRST(&o->vips)->addr.family;
		if (o->vrid == vi->vrid && ofam == fam &&
		    o->interface != NULL && vi->interface != NULL &&
		    strcmp(o->interface, vi->interface) == 0) {
			conf_error(ctx, &vi->obj.loc, "vrrp_instance %s uses "
			    "virtual_router_id %d on %s, as %s does", vi->name,
			    vi->vrid, vi->interface, o->name);
			return;
		}
	}
}

void
conf_vrrp_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_vrrp_instance *vi;
	unsigned n = 0;

	TAILQ_FOREACH(vi, &conf->instances, entry) {
		inherit_globals(&conf->global, vi);
		check_version(ctx, &conf->global, vi);
		check_interfaces(ctx, &conf->global, vi);
		check_script_refs(ctx, conf, &vi->track_scripts);
		check_file_refs(ctx, conf, &vi->track_files);
		check_process_refs(ctx, conf, &vi->track_processes);
		/* Quadratic: bounded so that huge configs stay fast. */
		if (n++ < 4096)
			check_vrid_unique(ctx, conf, vi);
	}
	conf_sync_check(ctx, conf);
}

/* Sync group members must exist and belong to one group only. */
void
conf_sync_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	static const char *names[MAX_NAMES];
	struct conf_sync_group *g;
	struct conf_vrrp_instance *vi;
	struct conf_ref *r;
	size_t n;

	TAILQ_FOREACH(g, &conf->sync_groups, entry) {
		TAILQ_FOREACH(r, &g->members, entry) {
			n = 0;
			TAILQ_FOREACH(vi, &conf->instances, entry) {
				if (strcmp(vi->name, r->name) == 0)
					break;
				if (n < MAX_NAMES)
					names[n++] = vi->name;
			}
			if (vi == NULL) {
				conf_ref_unknown(ctx, r, "vrrp_instance",
				    names, n);
				continue;
			}
			if (vi->sync_group != NULL && vi->sync_group != g) {
				conf_error(ctx, &r->loc, "vrrp_instance %s is "
				    "already in vrrp_sync_group %s", vi->name,
				    vi->sync_group->name);
				continue;
			}
			vi->sync_group = g;
			r->target = vi;
		}
		check_script_refs(ctx, conf, &g->track_scripts);
		check_file_refs(ctx, conf, &g->track_files);
		check_process_refs(ctx, conf, &g->track_processes);
	}
}
