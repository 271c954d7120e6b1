/*
 * vigild -t -f a.conf -f b.conf: the files of the nodes of one cluster,
 * compared. Each file has been loaded and checked on its own; here the
 * instances the nodes share are paired up, and two mistakes that no single
 * file shows are reported:
 * - a tracked weight too small to carry the master's priority below its
 *   peer's (the commonest tutorial mistake: weight -2 with priorities 150
 *   and 100, so nothing ever fails over);
 * - settings the peers must agree on and do not (version, v2 advert_int
 *   and authentication, the addresses).
 * Instances pair up by virtual_router_id and address family, not by
 * interface (eth0 on one node is often ens3 on the other); by name as
 * well when a file has several instances with that VRID and family.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define PRIO_OWNER	255
#define WEIGHT_MAX	253	/* the largest |weight| a tracker takes */

/* A tracked object with a weight, as the VRRP engine counts it. */
struct peer_track {
	const char	*name;
	const struct conf_loc *loc;	/* of the reference */
	bool		 iface;		/* track_interface; else script/process */
	int		 weight;	/* never 0: 0 is a FAULT, always moves */
	bool		 reverse;
};

/* One node's instance in a group of peers. */
struct peer_node {
	const struct conf_vrrp_instance *vi;
	struct peer_track *tracks;
	size_t		 ntracks;
	int		 good;		/* sum of adjustments, all healthy */
	int		 prio;		/* effective priority, all healthy */
};

/* The adjustment of t while healthy (the higher of its two states). */
static int
track_good(const struct peer_track *t)
{
	int w = t->weight;

	if (t->reverse)
		return w < 0 ? -w : 0;
	return w > 0 ? w : 0;
}

static int
track_drop(const struct peer_track *t)
{
	return t->weight < 0 ? -t->weight : t->weight;
}

/* What the engine makes of a priority and the sum of adjustments:
 * 255 never changes, others stay within 1-254. */
static int
peer_prio(int base, int adjust)
{
	int p = base + adjust;

	if (base == PRIO_OWNER)
		return PRIO_OWNER;
	return p < 1 ? 1 : p > PRIO_OWNER - 1 ? PRIO_OWNER - 1 : p;
}

static void
track_add(struct peer_node *nd, const struct conf_ref *r, bool iface,
    int weight, bool reverse)
{
	struct peer_track *t;

	if (weight == 0)
		return;
	nd->tracks = xreallocarray(nd->tracks, nd->ntracks + 1,
	    sizeof(*nd->tracks));
	t = &nd->tracks[nd->ntracks++];
	t->name = r->name;
	t->loc = &r->loc;
	t->iface = iface;
	t->weight = weight;
	t->reverse = reverse;
}

/* A script's or process's weight and reverse hold unless the reference
 * gives a weight (then the definition's reverse holds unless noreverse). */
static void
track_add_list(struct peer_node *nd, const struct conf_ref_list *refs,
    bool script)
{
	const struct conf_ref *r;
	const struct conf_vrrp_script *s;
	const struct conf_track_process *p;
	int w;
	bool rev;

	TAILQ_FOREACH(r, refs, entry) {
		if (script) {
			s = r->target;
			w = s->weight;
			rev = s->weight_reverse;
		} else {
			p = r->target;
			w = p->weight.weight;
			rev = p->weight.reverse;
		}
		if (r->has_weight)
			w = r->weight;
		track_add(nd, r, false, w, r->reverse || (rev && !r->noreverse));
	}
}

/* The instance's weighted trackers, and its group's. A sync group member's
 * own weights count as 0 (FAULT) unless sync_group_tracking_weight.
 * track_file is left out: the number in the file scales its weight. */
static void
node_tracks(struct peer_node *nd)
{
	const struct conf_vrrp_instance *vi = nd->vi;
	const struct conf_sync_group *g = vi->sync_group;
	const struct conf_ref *r;
	size_t i;

	if (g == NULL || g->sync_group_tracking_weight) {
		track_add_list(nd, &vi->track_scripts, true);
		track_add_list(nd, &vi->track_processes, false);
		TAILQ_FOREACH(r, &vi->track_ifs, entry)
			track_add(nd, r, true, r->weight, r->reverse);
	}
	if (g != NULL) {
		track_add_list(nd, &g->track_scripts, true);
		track_add_list(nd, &g->track_processes, false);
		TAILQ_FOREACH(r, &g->track_ifs, entry)
			track_add(nd, r, true, r->weight, r->reverse);
	}
	nd->good = 0;
	for (i = 0; i < nd->ntracks; i++)
		nd->good += track_good(&nd->tracks[i]);
	nd->prio = peer_prio(vi->priority, nd->good);
}

/* How many instances of conf have vi's VRID and family; *one is the last. */
static size_t
count_key(const struct vigil_conf *conf, const struct conf_vrrp_instance *vi,
    const struct conf_vrrp_instance **one)
{
	const struct conf_vrrp_instance *o;
	size_t n = 0;

	TAILQ_FOREACH(o, &conf->instances, entry)
		if (o->vrid == vi->vrid &&
		    conf_vrrp_family(o) == conf_vrrp_family(vi)) {
			*one = o;
			n++;
		}
	return n;
}

/* vi's peer in other: the one instance with its VRID and family when each
 * file has one, else the one of those with its name too. */
static const struct conf_vrrp_instance *
peer_of(const struct vigil_conf *own, const struct conf_vrrp_instance *vi,
    const struct vigil_conf *other)
{
	const struct conf_vrrp_instance *o, *x;

	if (count_key(own, vi, &x) == 1 && count_key(other, vi, &o) == 1)
		return o;
	TAILQ_FOREACH(o, &other->instances, entry)
		if (o->vrid == vi->vrid && strcmp(o->name, vi->name) == 0 &&
		    conf_vrrp_family(o) == conf_vrrp_family(vi))
			return o;
	return NULL;
}

/* "b.conf:9:1 (VI_1)" */
static const char *
where(const struct peer_node *nd, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%u:%u (%s)", nd->vi->obj.loc.file,
	    nd->vi->obj.loc.line, nd->vi->obj.loc.col, nd->vi->name);
	return buf;
}

/* "105 (100 +5 from tracking)", or "100" when tracking adds nothing */
static const char *
prio_str(const struct peer_node *nd, char *buf, size_t len)
{
	if (nd->prio == nd->vi->priority)
		snprintf(buf, len, "%d", nd->prio);
	else
		snprintf(buf, len, "%d (%d %+d from tracking)", nd->prio,
		    nd->vi->priority, nd->prio - nd->vi->priority);
	return buf;
}

/* "105 (100 +5 from tracking) of b.conf:9:1 (VI_1)" */
static const char *
peer_str(const struct peer_node *nd, char *buf, size_t len)
{
	char p[64], w[96];

	snprintf(buf, len, "%s of %s", prio_str(nd, p, sizeof(p)),
	    where(nd, w, sizeof(w)));
	return buf;
}

/* "chk_nginx failing", "interface eth1 down", "chk_x succeeding" */
static const char *
bad_state(const struct peer_track *t, char *buf, size_t len)
{
	if (t->iface)
		snprintf(buf, len, "interface %s %s", t->name,
		    t->reverse ? "up" : "down");
	else
		snprintf(buf, len, "%s %s", t->name,
		    t->reverse ? "succeeding" : "failing");
	return buf;
}

/* The weight that would carry m below prio when t fails, as advice. */
static const char *
advice(const struct peer_node *m, const struct peer_track *t, int prio,
    char *buf, size_t len)
{
	int rest = m->vi->priority + m->good - track_good(t);
	int n = rest - prio + 1;

	if (n > WEIGHT_MAX || peer_prio(m->vi->priority, rest - n -
	    m->vi->priority) >= prio)
		snprintf(buf, len, "use weight 0 (FAULT on failure)");
	else if (t->reverse)
		snprintf(buf, len, "use weight %d reverse or higher", n);
	else
		snprintf(buf, len, "use weight -%d or lower", n);
	return buf;
}

/* The master m loses against peer p only if a failure takes it below p. */
static void
check_weights(struct conf_ctx *ctx, const struct peer_node *m,
    const struct peer_node *p)
{
	const struct conf_vrrp_instance *vi = m->vi;
	char st[96], ps[192], adv[64], mp[64];
	int fail, all = 0;
	size_t i;

	for (i = 0; i < m->ntracks; i++) {
		const struct peer_track *t = &m->tracks[i];

		all += track_good(t) - track_drop(t);
		fail = peer_prio(vi->priority, m->good - track_drop(t));
		if (fail < p->prio)
			continue;
		conf_warning(ctx, t->loc, "%s: %s lowers priority %s by %d to "
		    "%d, %s %s: the VIP will not move; %s", vi->name,
		    bad_state(t, st, sizeof(st)), prio_str(m, mp, sizeof(mp)),
		    track_drop(t), fail,
		    fail == p->prio ? "not below" : "still above",
		    peer_str(p, ps, sizeof(ps)),
		    advice(m, t, p->prio, adv, sizeof(adv)));
	}
	fail = peer_prio(vi->priority, all);
	if (m->ntracks > 1 && fail >= p->prio)
		conf_warning(ctx, &vi->obj.loc, "%s: even with its %zu "
		    "weighted tracked objects all failing, priority %s falls "
		    "only to %d, %s %s: no tracked failure moves the VIP",
		    vi->name, m->ntracks, prio_str(m, mp, sizeof(mp)), fail,
		    fail == p->prio ? "not below" : "still above",
		    peer_str(p, ps, sizeof(ps)));
}

/* A weight cannot move an address owner's priority, nor make a peer
 * with nopreempt take over: only a FAULT (weight 0) or a stop does. */
static void
check_stuck(struct conf_ctx *ctx, const struct peer_node *m,
    const struct peer_node *p)
{
	char st[96], w[96], mp[64];
	size_t i;

	for (i = 0; i < m->ntracks; i++) {
		const struct peer_track *t = &m->tracks[i];

		if (m->vi->priority == PRIO_OWNER)
			conf_warning(ctx, t->loc, "%s: priority 255 (address "
			    "owner) never changes, so %s cannot move the VIP to "
			    "%s; use weight 0 (FAULT on failure)", m->vi->name,
			    bad_state(t, st, sizeof(st)), where(p, w, sizeof(w)));
		else
			conf_warning(ctx, t->loc, "%s: %s lowers priority %s by "
			    "%d, but %s has nopreempt: a BACKUP with nopreempt "
			    "never takes over from a running MASTER, so the VIP "
			    "will not move; use weight 0 (FAULT on failure)",
			    m->vi->name, bad_state(t, st, sizeof(st)),
			    prio_str(m, mp, sizeof(mp)),
			    track_drop(t), where(p, w, sizeof(w)));
	}
}

/* Which nodes would hold the VIP: the highest effective priority; of
 * equals, the one in state MASTER when exactly one is. Each is compared
 * with its best peer: the highest that preempts. */
static void
check_failover(struct conf_ctx *ctx, struct peer_node *nd, size_t n)
{
	const struct peer_node *best, *any;
	size_t i, j, nmaster = 0;
	int top = 0;

	for (i = 0; i < n; i++)
		top = nd[i].prio > top ? nd[i].prio : top;
	for (i = 0; i < n; i++)
		if (nd[i].prio == top && nd[i].vi->state == CONF_STATE_MASTER)
			nmaster++;
	for (i = 0; i < n; i++) {
		if (nd[i].prio != top || (nmaster == 1 &&
		    nd[i].vi->state != CONF_STATE_MASTER))
			continue;
		best = any = NULL;
		for (j = 0; j < n; j++) {
			if (j == i)
				continue;
			if (any == NULL || nd[j].prio > any->prio)
				any = &nd[j];
			if (!nd[j].vi->nopreempt &&
			    (best == NULL || nd[j].prio > best->prio))
				best = &nd[j];
		}
		if (nd[i].vi->priority == PRIO_OWNER || best == NULL)
			check_stuck(ctx, &nd[i], best != NULL ? best : any);
		else
			check_weights(ctx, &nd[i], best);
	}
}

/* A node in state MASTER below a peer that preempts gives the VIP up as
 * soon as that peer runs. */
static void
check_state(struct conf_ctx *ctx, const struct peer_node *nd, size_t n)
{
	char ps[192], mp[64];
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (nd[i].vi->state != CONF_STATE_MASTER)
			continue;
		for (j = 0; j < n; j++)
			if (!nd[j].vi->nopreempt && nd[j].prio > nd[i].prio)
				break;
		if (j == n)
			continue;
		conf_warning(ctx, &nd[i].vi->obj.loc, "%s: state MASTER with "
		    "priority %s, below %s: that node takes the VIP whenever it "
		    "runs", nd[i].vi->name, prio_str(&nd[i], mp, sizeof(mp)),
		    peer_str(&nd[j], ps, sizeof(ps)));
	}
}

static bool
vip_in(const struct conf_vip_list *l, const struct conf_addr *a)
{
	const struct conf_vip *v;
	size_t len = a->family == AF_INET6 ? 16 : 4;

	TAILQ_FOREACH(v, l, entry)
		if (v->addr.family == a->family &&
		    memcmp(&v->addr.u, &a->u, len) == 0)
			return true;
	return false;
}

/* The first address a advertises that b does not; NULL if none. */
static const struct conf_vip *
vip_missing(const struct conf_vrrp_instance *a,
    const struct conf_vrrp_instance *b)
{
	const struct conf_vip *v;
	int af = conf_vrrp_family(a);

	TAILQ_FOREACH(v, &a->vips, entry)
		if (v->addr.family == af && !vip_in(&b->vips, &v->addr))
			return v;
	return NULL;
}

/* "192.0.2.10": adverts carry addresses without their prefix lengths. */
static const char *
vip_str(const struct conf_vip *v, char *buf, size_t len)
{
	struct conf_addr a = v->addr;

	a.has_plen = false;
	return conf_addr_str(&a, buf, len);
}

/* The advertised addresses (virtual_ipaddress of the instance's family). */
static void
check_vips(struct conf_ctx *ctx, const struct peer_node *a,
    const struct peer_node *b)
{
	const struct conf_vip *here = vip_missing(b->vi, a->vi);
	const struct conf_vip *there = vip_missing(a->vi, b->vi);
	char w[96], diff[160], x[64], y[64];

	if (here == NULL && there == NULL)
		return;
	if (here != NULL && there != NULL)
		snprintf(diff, sizeof(diff), "%s only here, %s only there",
		    vip_str(here, x, sizeof(x)), vip_str(there, y, sizeof(y)));
	else
		snprintf(diff, sizeof(diff), "%s only %s",
		    vip_str(here != NULL ? here : there, x, sizeof(x)),
		    here != NULL ? "here" : "there");
	conf_warning(ctx, here != NULL ? &here->loc : &b->vi->obj.loc,
	    "%s: virtual_ipaddress differs from %s: %s; the node that "
	    "takes over holds other addresses, and each advert is logged as "
	    "a mismatch (dropped in strict mode)", b->vi->name,
	    where(a, w, sizeof(w)), diff);
}

static const char *
auth_name(int type)
{
	return type == CONF_AUTH_PASS ? "PASS" : type == CONF_AUTH_AH ? "AH" :
	    "none";
}

/* What makes a node drop its peer's adverts, so that both are MASTER. */
static void
check_agree(struct conf_ctx *ctx, const struct peer_node *a,
    const struct peer_node *b)
{
	const struct conf_vrrp_instance *x = a->vi, *y = b->vi;
	const char *dropped = "each node drops the other's adverts and both "
	    "become MASTER";
	char w[96], i1[24], i2[24];

	if (x->version != y->version)
		conf_warning(ctx, &y->obj.loc, "%s: VRRP version %d here, %d "
		    "in %s: %s", y->name, y->version, x->version,
		    where(a, w, sizeof(w)), dropped);
	else if (y->version == 2 && x->advert_int_cs != y->advert_int_cs)
		conf_warning(ctx, y->advert_int_loc.file != NULL ?
		    &y->advert_int_loc : &y->obj.loc, "%s: advert_int %s here, "
		    "%s in %s: VRRP version 2 requires the same interval, so %s",
		    y->name, conf_decimal_str(y->advert_int_cs, 100, i1,
		    sizeof(i1)), conf_decimal_str(x->advert_int_cs, 100, i2,
		    sizeof(i2)), where(a, w, sizeof(w)), dropped);
	else if (y->version == 2 && x->auth.type != y->auth.type)
		conf_warning(ctx, &y->obj.loc, "%s: authentication %s here, "
		    "%s in %s: %s", y->name, auth_name(y->auth.type),
		    auth_name(x->auth.type), where(a, w, sizeof(w)), dropped);
	else if (y->version == 2 && y->auth.type == CONF_AUTH_PASS &&
	    strncmp(x->auth.pass ? x->auth.pass : "", y->auth.pass ?
	    y->auth.pass : "", 8) != 0)
		conf_warning(ctx, &y->auth.obj.loc, "%s: auth_pass differs "
		    "from that of %s in its first 8 characters, the ones sent: "
		    "%s", y->name, where(a, w, sizeof(w)), dropped);
	if (x->priority == PRIO_OWNER && y->priority == PRIO_OWNER)
		conf_warning(ctx, &y->obj.loc, "%s: priority 255 here and in "
		    "%s: only one node can own the addresses; both claim the "
		    "VIP", y->name, where(a, w, sizeof(w)));
	check_vips(ctx, a, b);
}

static void
check_group(struct conf_ctx *ctx, struct peer_node *nd, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		node_tracks(&nd[i]);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			check_agree(ctx, &nd[i], &nd[j]);
	check_state(ctx, nd, n);
	check_failover(ctx, nd, n);
	for (i = 0; i < n; i++)
		free(nd[i].tracks);
}

/* Whether vi, of file i, has a peer in none of the other files. */
static bool
alone(const struct vigil_conf *const *confs, size_t n, size_t i,
    const struct conf_vrrp_instance *vi)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (j != i && peer_of(confs[i], vi, confs[j]) != NULL)
			return false;
	return true;
}

/* An instance with no peer: a VRID that differs from that of the instance
 * of the same name elsewhere is the likely mistake (two masters). */
static void
check_alone(struct conf_ctx *ctx, const struct vigil_conf *const *confs,
    size_t n, size_t i, const struct conf_vrrp_instance *vi)
{
	const struct conf_vrrp_instance *o;
	size_t j;

	for (j = 0; j < n; j++) {
		if (j == i)
			continue;
		TAILQ_FOREACH(o, &confs[j]->instances, entry) {
			if (strcmp(o->name, vi->name) != 0 ||
			    conf_vrrp_family(o) != conf_vrrp_family(vi))
				continue;
			/* Two alone: reported once, at the first. */
			if (j < i && alone(confs, n, j, o))
				return;
			conf_warning(ctx, &vi->obj.loc, "%s: virtual_router_id "
			    "%d here, %d in %s:%u:%u (%s): they are not peers, "
			    "so each is MASTER", vi->name, vi->vrid, o->vrid,
			    o->obj.loc.file, o->obj.loc.line, o->obj.loc.col,
			    o->name);
			return;
		}
	}
	conf_note(ctx, &vi->obj.loc, "%s: no instance of the other files has "
	    "virtual_router_id %d (%s); not compared", vi->name, vi->vrid,
	    conf_vrrp_family(vi) == AF_INET6 ? "IPv6" : "IPv4");
}

/* Whether vi already is in a group (as a peer of an earlier file's). */
static bool
grouped(const struct vigil_conf *const *confs, size_t i,
    const struct conf_vrrp_instance *vi)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (peer_of(confs[i], vi, confs[j]) != NULL)
			return true;
	return false;
}

unsigned
conf_compare_nodes(const struct vigil_conf *const *confs, size_t n,
    const struct conf_load_opts *opts)
{
	struct conf_ctx ctx = { .opts = opts };
	const struct conf_vrrp_instance *vi, *o;
	struct peer_node *nd = xcalloc(n, sizeof(*nd));
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		TAILQ_FOREACH(vi, &confs[i]->instances, entry) {
			if (grouped(confs, i, vi))
				continue;
			memset(nd, 0, n * sizeof(*nd));
			nd[0].vi = vi;
			for (j = 0, k = 1; j < n; j++)
				if (j != i &&
				    (o = peer_of(confs[i], vi, confs[j])) != NULL)
					nd[k++].vi = o;
			if (k > 1)
				check_group(&ctx, nd, k);
			else
				check_alone(&ctx, confs, n, i, vi);
		}
	}
	free(nd);
	return ctx.warnings;
}
