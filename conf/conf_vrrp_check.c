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

/* if_nametoindex() costs a socket each time: remember the answers. */
static bool
iface_exists(struct conf_names *cache, const char *name)
{
	void *v = conf_names_get(cache, name);

	if (v == NULL) {
		v = if_nametoindex(name) != 0 ? "yes" : "no";
		conf_names_put(cache, name, v);
	}
	return *(const char *)v == 'y';
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
	INHERIT("garp_extra_if", garp_extra_if, g->garp_extra_if);
	INHERIT("garp_extra_if", garp_extra_if_all, g->garp_extra_if_all);
	INHERIT("down_timer_adverts", down_timer_adverts,
	    g->down_timer_adverts);
	INHERIT("lower_prio_no_advert", lower_prio_no_advert,
	    g->lower_prio_no_advert || g->vrrp_strict);
	INHERIT("skip_check_adv_addr", skip_check_adv_addr,
	    g->skip_check_adv_addr);
	INHERIT("strict_mode", strict_mode, g->vrrp_strict);
	INHERIT("notify_priority_changes", notify_priority_changes,
	    g->notify_priority_changes);
	INHERIT("check_unicast_src", check_unicast_src, g->check_unicast_src);
	INHERIT("v3_checksum_as_v2", v3_checksum_as_v2, g->v3_checksum_as_v2);
	/* vigil: on unless strict mode (keepalived: off), so a master
	 * stepping down after a split brain tells the winner, whose GARPs
	 * then bring back the clients that followed this one. */
	INHERIT("higher_prio_send_advert", higher_prio_send_advert,
	    conf_kw_given(&conf_global_block, &g->obj,
	    "vrrp_higher_prio_send_advert") ? g->higher_prio_send_advert :
	    !vi->strict_mode);
#undef INHERIT
	/* keepalived: accept is the default, except in strict mode. */
	if (!vi->accept_given)
		vi->accept = !vi->strict_mode;
}

/*
 * Strict mode (vrrp_strict, strict_mode) holds an instance to RFC 5798;
 * keepalived drops what the RFC does not allow, and so do we, saying so.
 */
static void
check_strict(struct conf_ctx *ctx, struct conf_vrrp_instance *vi)
{
	if (!vi->strict_mode)
		return;
	if (vi->auth.type != CONF_AUTH_NONE) {
		conf_warning(ctx, &vi->auth.obj.loc, "vrrp_instance %s: strict "
		    "mode does not allow authentication; ignored", vi->name);
		vi->auth.type = CONF_AUTH_NONE;
	}
	if (vi->preempt_delay_cs != 0) {
		conf_warning(ctx, &vi->obj.loc, "vrrp_instance %s: strict mode "
		    "does not allow preempt_delay; ignored", vi->name);
		vi->preempt_delay_cs = 0;
	}
	if (!TAILQ_EMPTY(&vi->peers))
		conf_error(ctx, &TAILQ_FIRST(&vi->peers)->loc, "vrrp_instance "
		    "%s: strict mode does not allow unicast_peer", vi->name);
	if (TAILQ_EMPTY(&vi->vips) && !(vi->no_vips && vi->version == 3))
		conf_error(ctx, &vi->obj.loc, "vrrp_instance %s: strict mode "
		    "needs at least one virtual_ipaddress (or, with version 3, "
		    "no_virtual_ipaddress)", vi->name);
	if (!vi->accept_given)
		conf_note(ctx, &vi->obj.loc, "vrrp_instance %s: strict mode "
		    "implies no_accept: packets to its addresses are dropped "
		    "(write 'accept' to answer them)", vi->name);
	else if (vi->accept && vi->version == 2) {
		/* keepalived 2.2.7 does the same. */
		conf_warning(ctx, &vi->obj.loc, "vrrp_instance %s: VRRP "
		    "version 2 (RFC 3768) has no accept mode; strict mode "
		    "resets accept: packets to its addresses are dropped",
		    vi->name);
		vi->accept = false;
	}
	if (vi->state == CONF_STATE_MASTER && vi->priority != 255) {
		conf_warning(ctx, &vi->obj.loc, "vrrp_instance %s: strict mode "
		    "allows state MASTER only with priority 255; using BACKUP",
		    vi->name);
		vi->state = CONF_STATE_BACKUP;
	}
}

/* The family an instance speaks: its source address's, else its first
 * address's, else IPv4. */
int
conf_vrrp_family(const struct conf_vrrp_instance *vi)
{
	if (vi->src_ip.family != AF_UNSPEC)
		return vi->src_ip.family;
	if (!TAILQ_EMPTY(&vi->vips))
		return TAILQ_FIRST(&vi->vips)->addr.family;
	return AF_INET;
}

/*
 * advert_int against the version: the advert carries whole seconds
 * (8 bits) in version 2, centiseconds (12 bits) in version 3.
 */
static void
check_advert_int(struct conf_ctx *ctx, struct conf_vrrp_instance *vi)
{
	const struct conf_loc *at = vi->advert_int_loc.file != NULL ?
	    &vi->advert_int_loc : &vi->obj.loc;
	const char *s = vi->advert_int_str;
	int64_t us = vi->advert_int_us;

	if (vi->version == 2 && us % 1000000 != 0)
		conf_error(ctx, at, "advert_int %s: VRRP version 2 takes whole "
		    "seconds (1-255); fractions (0.01-40.95) need version 3",
		    s);
	else if (vi->version == 2 && (us < 1000000 || us > 255000000))
		conf_error(ctx, at, "advert_int %s is out of range for VRRP "
		    "version 2 (1-255)", s);
	else if (vi->version == 3 && (us < 10000 || us > 40950000))
		conf_error(ctx, at, "advert_int %s is out of range for VRRP "
		    "version 3 (0.01-40.95)", s);
	else if (vi->version == 3 && us % 10000 != 0)
		conf_error(ctx, at, "advert_int %s: VRRP version 3 counts in "
		    "steps of 0.01 (0.01-40.95)", s);
	vi->advert_int_cs = us / 10000;
}

/* The version: given, else IPv6 addresses mean 3, else global_defs'. */
static void
check_version(struct conf_ctx *ctx, const struct conf_global *g,
    struct conf_vrrp_instance *vi)
{
	bool v6 = conf_vrrp_family(vi) == AF_INET6;

	if (!conf_kw_given(&conf_vrrp_instance_block, &vi->obj, "version"))
		vi->version = v6 ? 3 : g->vrrp_version;
	else if (v6 && vi->version == 2) {
		conf_warning(ctx, &vi->obj.loc, "vrrp_instance %s: IPv6 needs "
		    "VRRP version 3; using version 3", vi->name);
		vi->version = 3;
	}
	check_advert_int(ctx, vi);
}

/* No interface and not a unicast instance without one: default_interface. */
static void
check_default_interface(struct conf_ctx *ctx, const struct conf_global *g,
    struct conf_vrrp_instance *vi)
{
	char group[512];

	if (vi->interface != NULL)
		return;
	snprintf(group, sizeof(group), "vrrp_instances with no "
	    "interface use default_interface %s", g->default_interface);
	conf_note_many(ctx, &vi->obj.loc, "vrrp_instances", group,
	    "vrrp_instance %s has no interface; using "
	    "default_interface %s", vi->name, g->default_interface);
	vi->interface = xstrdup(g->default_interface);
	vi->interface_loc = vi->obj.loc;
}

static void
check_interfaces(struct conf_ctx *ctx, const struct conf_global *g,
    struct conf_vrrp_instance *vi, struct conf_names *cache)
{
	const struct conf_ref *r;
	const struct conf_vip *v;
	char group[512];

	if (vi->interface == NULL && conf_vrf_no_interface(ctx, vi))
		conf_vrf_check(ctx, g, vi, ctx->opts != NULL &&
		    ctx->opts->check_interfaces);
	else {
		conf_vrf_check(ctx, g, vi, false);
		check_default_interface(ctx, g, vi);
	}
	if (ctx->opts == NULL || !ctx->opts->check_interfaces)
		return;
	if (vi->interface != NULL && !iface_exists(cache, vi->interface)) {
		snprintf(group, sizeof(group), "interface %s not found on "
		    "this host; the instances on it will wait in FAULT until "
		    "it appears", vi->interface);
		conf_warning_many(ctx, &vi->interface_loc, "vrrp_instances",
		    group, "interface %s not found on this host; instance %s "
		    "will wait in FAULT until it appears", vi->interface,
		    vi->name);
	}
	TAILQ_FOREACH(r, &vi->track_ifs, entry) {
		if (iface_exists(cache, r->name))
			continue;
		snprintf(group, sizeof(group), "interface %s not found on "
		    "this host; the instances tracking it will wait in FAULT "
		    "until it appears", r->name);
		conf_warning_many(ctx, &r->loc, "vrrp_instances", group,
		    "interface %s not found on this host; instance %s will "
		    "wait in FAULT until it appears", r->name, vi->name);
	}
	TAILQ_FOREACH(v, &vi->vips, entry)
		if (v->dev != NULL && !iface_exists(cache, v->dev))
			conf_warning_many(ctx, &v->dev_loc, "uses", NULL,
			    "interface %s not found on this host", v->dev);
}

/* Name indexes of what can be referred to, built once per check pass. */
struct vrrp_index {
	struct conf_names scripts;
	struct conf_names files;
	struct conf_names processes;
	struct conf_names instances;
	struct conf_names groups;
	struct conf_names ifaces;	/* interface name -> "yes"/"no" */
	unsigned	 unresolved;	/* references to nothing */
};

/* Add name to t; a name defined twice is an error at the second one. */
static void
index_add(struct conf_ctx *ctx, struct conf_names *t, const char *what,
    const char *name, struct conf_obj *obj)
{
	struct conf_obj *first = conf_names_put(t, name, obj);

	if (first != NULL)
		conf_error(ctx, &obj->loc, "%s %s is already defined at %s:%u",
		    what, name, first->loc.file ? first->loc.file : "?",
		    first->loc.line);
}

static void
index_build(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct vrrp_index *ix)
{
	struct conf_vrrp_script *s;
	struct conf_track_file *f;
	struct conf_track_process *p;
	struct conf_vrrp_instance *vi;
	struct conf_sync_group *g;

	memset(ix, 0, sizeof(*ix));
	TAILQ_FOREACH(s, &conf->scripts, entry)
		index_add(ctx, &ix->scripts, "vrrp_script", s->name, &s->obj);
	TAILQ_FOREACH(f, &conf->track_files, entry)
		index_add(ctx, &ix->files, "track_file", f->name, &f->obj);
	TAILQ_FOREACH(p, &conf->track_processes, entry)
		index_add(ctx, &ix->processes, "vrrp_track_process", p->name,
		    &p->obj);
	TAILQ_FOREACH(vi, &conf->instances, entry)
		index_add(ctx, &ix->instances, "vrrp_instance", vi->name,
		    &vi->obj);
	TAILQ_FOREACH(g, &conf->sync_groups, entry)
		index_add(ctx, &ix->groups, "vrrp_sync_group", g->name, &g->obj);
}

static void
index_free(struct vrrp_index *ix)
{
	conf_names_free(&ix->scripts);
	conf_names_free(&ix->files);
	conf_names_free(&ix->processes);
	conf_names_free(&ix->instances);
	conf_names_free(&ix->groups);
	conf_names_free(&ix->ifaces);
}

/* Resolve each reference of refs in t; error with a suggestion if not. */
static void
resolve_refs(struct conf_ctx *ctx, struct vrrp_index *ix,
    const struct conf_names *t, const char *what, struct conf_ref_list *refs)
{
	struct conf_ref *r;
	const char **keys;
	size_t n;

	TAILQ_FOREACH(r, refs, entry) {
		if ((r->target = conf_names_get(t, r->name)) != NULL) {
			conf_wild_forward(ctx, r, what);
			continue;
		}
		keys = conf_names_keys(t, &n);
		conf_ref_unknown(ctx, r, what, keys, n);
		free(keys);
		ix->unresolved++;
	}
}

static void
mark_used_scripts(struct conf_ref_list *refs)
{
	struct conf_ref *r;

	TAILQ_FOREACH(r, refs, entry)
		if (r->target != NULL)
			((struct conf_vrrp_script *)r->target)->used = true;
}

static const char *
family_name(int af)
{
	return af == AF_INET6 ? "IPv6" : "IPv4";
}

/*
 * An instance speaks one address family: that of its source address if
 * given, else of its first address. keepalived drops the addresses of the
 * other family with a message; a VIP that never comes up is worse than a
 * refused configuration, so here it is an error.
 */
static void
check_families(struct conf_ctx *ctx, struct conf_vrrp_instance *vi)
{
	const struct conf_vip *v, *first = TAILQ_FIRST(&vi->vips);
	char buf[64];
	int af;

	if (first == NULL && !vi->no_vips)
		conf_warning(ctx, &vi->obj.loc, "vrrp_instance %s has no "
		    "virtual_ipaddress (write no_virtual_ipaddress if that is "
		    "meant)", vi->name);
	else if (first != NULL && vi->no_vips)
		conf_warning(ctx, &vi->obj.loc, "vrrp_instance %s: "
		    "no_virtual_ipaddress but virtual_ipaddress is given; the "
		    "addresses are used", vi->name);
	if (vi->src_ip.family != AF_UNSPEC)
		af = vi->src_ip.family;
	else if (first != NULL)
		af = first->addr.family;
	else
		return;
	TAILQ_FOREACH(v, &vi->vips, entry)
		if (v->addr.family != af)
			conf_error(ctx, &v->loc, "address %s is %s but "
			    "vrrp_instance %s is %s; put it in "
			    "virtual_ipaddress_excluded or in another instance",
			    conf_addr_str(&v->addr, buf, sizeof(buf)),
			    family_name(v->addr.family), vi->name,
			    family_name(af));
	TAILQ_FOREACH(v, &vi->peers, entry)
		if (v->addr.family != af)
			conf_error(ctx, &v->loc, "unicast_peer %s is %s but "
			    "vrrp_instance %s is %s",
			    conf_addr_str(&v->addr, buf, sizeof(buf)),
			    family_name(v->addr.family), vi->name,
			    family_name(af));
}

/* The address owner (priority 255) always takes over: keepalived clears
 * nopreempt then, and so do we, saying so. keepalived 2.2.7 clears it
 * with state MASTER too (observed: "nopreempt will not work with initial
 * state MASTER - clearing"; the instance takes over from a lower master
 * at start and after a FAULT), and so do we. */
static void
check_preempt(struct conf_ctx *ctx, struct conf_vrrp_instance *vi)
{
	if (vi->nopreempt && vi->priority == 255) {
		conf_warning(ctx, &vi->obj.loc, "vrrp_instance %s: nopreempt "
		    "has no effect with priority 255; ignored", vi->name);
		vi->nopreempt = false;
	}
	if (vi->nopreempt && vi->state == CONF_STATE_MASTER) {
		conf_warning(ctx, &vi->nopreempt_loc, "vrrp_instance %s: "
		    "nopreempt has no effect with state MASTER (keepalived "
		    "clears it too): ignored, the instance takes over from a "
		    "lower priority master; write state BACKUP for nopreempt "
		    "to hold", vi->name);
		vi->nopreempt = false;
	}
}

/* Two instances with one VRID on one interface and family collide. */
static void
check_vrid_unique(struct conf_ctx *ctx, struct conf_names *seen,
    struct conf_vrrp_instance *vi, char **key)
{
	struct conf_vrrp_instance *o;

	/* Without interface: one socket per VRF (or none) reads them. */
	const char *on = vi->interface != NULL ? vi->interface :
	    vi->vrf != NULL ? vi->vrf : "no interface";

	xasprintf(key, "%s%s/%d/%d", vi->interface != NULL ? "" : "-", on,
	    conf_vrrp_family(vi), vi->vrid);
	if ((o = conf_names_put(seen, *key, vi)) != NULL)
		conf_error(ctx, &vi->obj.loc, "vrrp_instance %s uses "
		    "virtual_router_id %d on %s%s, as %s does", vi->name,
		    vi->vrid, vi->interface == NULL && vi->vrf != NULL ?
		    "vrf " : "", on, o->name);
}

static void
check_instances(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct vrrp_index *ix)
{
	struct conf_vrrp_instance *vi;
	struct conf_names vrids = { 0 };
	char **keys;
	size_t n = 0, i;

	TAILQ_FOREACH(vi, &conf->instances, entry)
		n++;
	keys = xcalloc(n + 1, sizeof(*keys));
	n = 0;
	TAILQ_FOREACH(vi, &conf->instances, entry) {
		inherit_globals(&conf->global, vi);
		check_version(ctx, &conf->global, vi);
		check_interfaces(ctx, &conf->global, vi, &ix->ifaces);
		check_families(ctx, vi);
		check_preempt(ctx, vi);
		conf_timer_expired_check(ctx, vi);
		check_strict(ctx, vi);
		conf_ipvlan_check(ctx, vi, conf_vrrp_family(vi));
		resolve_refs(ctx, ix, &ix->scripts, "vrrp_script",
		    &vi->track_scripts);
		mark_used_scripts(&vi->track_scripts);
		resolve_refs(ctx, ix, &ix->files, "track_file", &vi->track_files);
		resolve_refs(ctx, ix, &ix->processes, "vrrp_track_process",
		    &vi->track_processes);
		if (vi->interface != NULL || vi->no_interface)
			check_vrid_unique(ctx, &vrids, vi, &keys[n++]);
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	conf_names_free(&vrids);
}

static void
check_group_interfaces(struct conf_ctx *ctx, const struct conf_sync_group *g,
    struct conf_names *cache)
{
	const struct conf_ref *r;

	if (ctx->opts == NULL || !ctx->opts->check_interfaces)
		return;
	TAILQ_FOREACH(r, &g->track_ifs, entry)
		if (!iface_exists(cache, r->name))
			conf_warning(ctx, &r->loc, "interface %s not found on "
			    "this host; sync group %s will wait in FAULT until "
			    "it appears", r->name, g->name);
}

/*
 * In a sync group, members' tracking weights count as 0 unless the group
 * says sync_group_tracking_weight (keepalived logs it when it starts): a
 * failing check then means FAULT for the group, not a lower priority.
 */
static void
check_member_weights(struct conf_ctx *ctx, const struct conf_sync_group *g,
    const struct conf_vrrp_instance *vi)
{
	const struct conf_vrrp_script *s;
	const struct conf_ref *r;
	int w;

	if (g->sync_group_tracking_weight)
		return;
	TAILQ_FOREACH(r, &vi->track_scripts, entry) {
		s = r->target;
		w = r->has_weight ? r->weight : s != NULL ? s->weight : 0;
		if (w == 0)
			continue;
		conf_warning(ctx, &r->loc, "weight %d of track_script %s is "
		    "ignored: %s is in vrrp_sync_group %s (write "
		    "sync_group_tracking_weight there to use it)", w, r->name,
		    vi->name, g->name);
	}
	TAILQ_FOREACH(r, &vi->track_ifs, entry)
		if (r->weight != 0)
			conf_warning(ctx, &r->loc, "weight %d of "
			    "track_interface %s is ignored: %s is in "
			    "vrrp_sync_group %s (write sync_group_tracking_weight "
			    "there to use it)", r->weight, r->name, vi->name,
			    g->name);
	TAILQ_FOREACH(r, &vi->track_files, entry) {
		w = r->has_weight ? r->weight : r->target != NULL ?
		    ((const struct conf_track_file *)r->target)->weight.weight :
		    0;
		if (w != 0)
			conf_warning(ctx, &r->loc, "weight %d of track_file %s "
			    "is ignored (a non-zero value is a FAULT): %s is in "
			    "vrrp_sync_group %s (write sync_group_tracking_weight "
			    "there to use it)", w, r->name, vi->name, g->name);
	}
	TAILQ_FOREACH(r, &vi->track_processes, entry) {
		w = r->has_weight ? r->weight : r->target != NULL ?
		    ((const struct conf_track_process *)r->target)->weight.weight :
		    0;
		if (w != 0)
			conf_warning(ctx, &r->loc, "weight %d of track_process "
			    "%s is ignored: %s is in vrrp_sync_group %s (write "
			    "sync_group_tracking_weight there to use it)", w,
			    r->name, vi->name, g->name);
	}
}

/* Sync group members must exist and belong to one group only. */
static void
check_sync_groups(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct vrrp_index *ix)
{
	struct conf_sync_group *g;
	struct conf_vrrp_instance *vi;
	struct conf_ref *r;

	TAILQ_FOREACH(g, &conf->sync_groups, entry) {
		resolve_refs(ctx, ix, &ix->instances, "vrrp_instance", &g->members);
		if (TAILQ_FIRST(&g->members) != NULL &&
		    TAILQ_NEXT(TAILQ_FIRST(&g->members), entry) == NULL)
			conf_warning(ctx, &g->obj.loc, "vrrp_sync_group %s has "
			    "only one member; a group syncs two or more",
			    g->name);
		TAILQ_FOREACH(r, &g->members, entry) {
			if ((vi = r->target) == NULL)
				continue;
			if (vi->sync_group != NULL && vi->sync_group != g)
				conf_error(ctx, &r->loc, "vrrp_instance %s is "
				    "already in vrrp_sync_group %s", vi->name,
				    vi->sync_group->name);
			else {
				vi->sync_group = g;
				check_member_weights(ctx, g, vi);
			}
		}
		resolve_refs(ctx, ix, &ix->scripts, "vrrp_script",
		    &g->track_scripts);
		mark_used_scripts(&g->track_scripts);
		check_group_interfaces(ctx, g, &ix->ifaces);
		resolve_refs(ctx, ix, &ix->files, "track_file", &g->track_files);
		resolve_refs(ctx, ix, &ix->processes, "vrrp_track_process",
		    &g->track_processes);
	}
}

/* A script nobody tracks never runs: a tutorial copied without its
 * track_script block leaves the instance unchecked. */
static void
check_unused_scripts(struct conf_ctx *ctx, struct vigil_conf *conf,
    const struct vrrp_index *ix)
{
	const struct conf_vrrp_script *s;

	/* After a reference to nothing, "unused" would only echo it. */
	if (ix->unresolved > 0)
		return;
	TAILQ_FOREACH(s, &conf->scripts, entry)
		if (!s->used)
			conf_warning(ctx, &s->obj.loc, "vrrp_script %s is not "
			    "in any track_script block; it will not run",
			    s->name);
}

/* Longer than the processes exchange: an error, never cut silently (two
 * long names cut alike would become one). */
static void
check_len(struct conf_ctx *ctx, const struct conf_loc *loc, const char *what,
    const char *s, size_t max)
{
	if (s != NULL && strlen(s) > max)
		conf_error(ctx, loc, "%s is %zu characters long; vigil takes "
		    "at most %zu (shorten it)", what, strlen(s), max);
}

static void
check_notify_len(struct conf_ctx *ctx, const struct conf_loc *loc,
    const char *const *cmds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_len(ctx, loc, "a notify command", cmds[i], CONF_CMD_MAX);
}

/* The words of a process line travel NUL-separated in one array. */
static void
check_process_len(struct conf_ctx *ctx, const struct conf_track_process *p)
{
	size_t i, len = 0;

	for (i = 0; i < p->nprocess; i++)
		len += strlen(p->process[i]) + 1;
	if (len > CONF_CMD_MAX)
		conf_error(ctx, &p->obj.loc, "the process line of %s is %zu "
		    "characters long; vigil takes at most %d (shorten it)",
		    p->name, len - 1, CONF_CMD_MAX - 1);
}

static void
check_track_lengths(struct conf_ctx *ctx, const struct vigil_conf *conf)
{
	const struct conf_track_file *f;
	const struct conf_track_process *p;

	TAILQ_FOREACH(f, &conf->track_files, entry) {
		check_len(ctx, &f->obj.loc, "the track_file name", f->name,
		    CONF_NAME_MAX);
		check_len(ctx, &f->obj.loc, "the file path", f->file,
		    CONF_CMD_MAX);
	}
	TAILQ_FOREACH(p, &conf->track_processes, entry) {
		check_len(ctx, &p->obj.loc, "the vrrp_track_process name",
		    p->name, CONF_NAME_MAX);
		check_process_len(ctx, p);
	}
}

static void
check_lengths(struct conf_ctx *ctx, const struct vigil_conf *conf)
{
	const struct conf_vrrp_script *s;
	const struct conf_vrrp_instance *vi;
	const struct conf_sync_group *g;
	const struct conf_route *r;

	check_track_lengths(ctx, conf);
	TAILQ_FOREACH(s, &conf->scripts, entry) {
		check_len(ctx, &s->obj.loc, "the vrrp_script name", s->name,
		    CONF_NAME_MAX);
		check_len(ctx, &s->obj.loc, "the script command", s->script,
		    CONF_CMD_MAX);
	}
	TAILQ_FOREACH(vi, &conf->instances, entry) {
		const char *cmds[] = { vi->notify_master, vi->notify_backup,
		    vi->notify_fault, vi->notify_stop, vi->notify,
		    vi->notify_master_rx_lower_pri };

		check_len(ctx, &vi->obj.loc, "the vrrp_instance name",
		    vi->name, CONF_NAME_MAX);
		check_notify_len(ctx, &vi->obj.loc, cmds,
		    sizeof(cmds) / sizeof(cmds[0]));
		TAILQ_FOREACH(r, &vi->routes, entry)
			check_len(ctx, &r->loc, "this virtual_routes line",
			    r->text, CONF_ROUTE_MAX);
		TAILQ_FOREACH(r, &vi->rules, entry)
			check_len(ctx, &r->loc, "this virtual_rules line",
			    r->text, CONF_ROUTE_MAX);
	}
	TAILQ_FOREACH(r, &conf->statics.routes, entry)
		check_len(ctx, &r->loc, "this static_routes line", r->text,
		    CONF_ROUTE_MAX);
	TAILQ_FOREACH(r, &conf->statics.rules, entry)
		check_len(ctx, &r->loc, "this static_rules line", r->text,
		    CONF_ROUTE_MAX);
	TAILQ_FOREACH(g, &conf->sync_groups, entry) {
		const char *cmds[] = { g->notify_master, g->notify_backup,
		    g->notify_fault, g->notify_stop, g->notify };

		check_len(ctx, &g->obj.loc, "the vrrp_sync_group name",
		    g->name, CONF_NAME_MAX);
		check_notify_len(ctx, &g->obj.loc, cmds,
		    sizeof(cmds) / sizeof(cmds[0]));
	}
}

/* static_ipaddress entries name their device, or use default_interface. */
static void
check_static_interfaces(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_names *cache)
{
	const struct conf_vip *v;
	const char *dev;

	if (ctx->opts == NULL || !ctx->opts->check_interfaces)
		return;
	TAILQ_FOREACH(v, &conf->statics.addrs, entry) {
		dev = v->dev != NULL ? v->dev : conf->global.default_interface;
		if (!iface_exists(cache, dev))
			conf_warning_many(ctx, v->dev != NULL ? &v->dev_loc :
			    &v->loc, "uses", NULL,
			    "interface %s not found on this host", dev);
	}
}

void
conf_vrrp_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct vrrp_index ix;

	index_build(ctx, conf, &ix);
	check_lengths(ctx, conf);
	check_instances(ctx, conf, &ix);
	check_sync_groups(ctx, conf, &ix);
	check_static_interfaces(ctx, conf, &ix.ifaces);
	conf_track_group_check(ctx, conf);
	conf_garp_group_check(ctx, conf);
	check_unused_scripts(ctx, conf, &ix);
	index_free(&ix);
}
