/*
 * bfd_instance: its table, hooks, dump, and its part of the
 * cross-reference pass (track_bfd in vrrp_instance and vrrp_sync_group).
 * Ranges and defaults are keepalived 2.2.7's, except the IPv6 hop limit
 * sent (255, as RFC 5881 requires; keepalived sends 64).
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_priv.h"
#include "conf/conf_schema.h"

#define B(m)	CONF_OFF(struct conf_bfd, m)

/* weight N [reverse] */
static int
bfd_weight(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_bfd *b = (struct conf_bfd *)obj;
	int64_t w;

	if (conf_parse_int(ctx, &n->args[0], "weight", -253, 253, &w) < 0)
		return -1;
	if (n->nargs > 1 && strcmp(n->args[1].s, "reverse") != 0) {
		conf_error(ctx, &n->args[1].loc, "weight: '%s' is not "
		    "'reverse'", n->args[1].s);
		return -1;
	}
	b->weight.weight = (int)w;
	b->weight.reverse = n->nargs > 1;
	return 0;
}

static void
bfd_weight_dump(FILE *out, const struct conf_obj *obj,
    const struct conf_kw *kw, int depth)
{
	const struct conf_bfd *b = (const struct conf_bfd *)obj;

	conf_dump_indent(out, depth);
	fprintf(out, "weight %d%s\n", b->weight.weight,
	    b->weight.reverse ? " reverse" : "");
}

static const struct conf_kw bfd_kws[] = {
	{ "neighbor_ip", CONF_T_IP, B(neighbor), .flags = CONF_KW_DUMP_ALWAYS },
	/* keepalived's other spelling, a synonym there */
	{ "neighbour_ip", CONF_T_IP, B(neighbor), .flags = CONF_KW_NODUMP },
	{ "source_ip", CONF_T_IP, B(source) },
	{ "min_rx", CONF_T_DECIMAL, B(min_rx_us), .scale = 1000,
	  .min = 1000, .max = 4294967000LL, .def = "10" },
	{ "min_tx", CONF_T_DECIMAL, B(min_tx_us), .scale = 1000,
	  .min = 1000, .max = 4294967000LL, .def = "10" },
	{ "idle_tx", CONF_T_DECIMAL, B(idle_tx_us), .scale = 1000,
	  .min = 1000000, .max = 4294967000LL, .def = "1000" },
	{ "multiplier", CONF_T_INT, B(multiplier), .min = 1, .max = 255,
	  .def = "5" },
	{ "passive", CONF_T_FLAG, B(passive) },
	{ "ttl", CONF_T_INT, B(ttl), .min = 1, .max = 255, .def = "255" },
	{ "hoplimit", CONF_T_INT, B(hoplimit), .min = 1, .max = 255,
	  .def = "255" },
	{ "max_hops", CONF_T_INT, B(max_hops), .min = -1, .max = 255,
	  .def = "0" },
	{ "weight", CONF_T_NONE, .min_args = 1, .max_args = 2, .def = "0",
	  .handler = bfd_weight, .dump = bfd_weight_dump },
	{ "vrrp", CONF_T_FLAG, B(vrrp) },
	{ "checker", CONF_T_FLAG, B(checker) },
	{ NULL }
};

static struct conf_obj *
bfd_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_bfd *b = xcalloc(1, sizeof(*b));

	b->name = xstrdup(node->args[0].s);
	TAILQ_INSERT_TAIL(&conf->bfds, b, entry);
	return &b->obj;
}

static void
bfd_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_bfd *b = (struct conf_bfd *)obj;
	char buf[64], buf2[64];

	if (b->neighbor.family == AF_UNSPEC) {
		conf_error(ctx, &obj->loc, "bfd_instance %s has no "
		    "neighbor_ip", b->name);
		return;
	}
	if (b->neighbor.family == AF_INET6 &&
	    IN6_IS_ADDR_LINKLOCAL(&b->neighbor.u.v6))
		conf_warning(ctx, &obj->loc, "bfd_instance %s: a link-local "
		    "neighbor_ip is not supported yet (no interface to send "
		    "on): this session will not come up", b->name);
	if (b->source.family != AF_UNSPEC &&
	    b->source.family != b->neighbor.family)
		conf_error(ctx, &obj->loc, "bfd_instance %s: source_ip %s and "
		    "neighbor_ip %s are not of one address family", b->name,
		    conf_addr_str(&b->source, buf, sizeof(buf)),
		    conf_addr_str(&b->neighbor, buf2, sizeof(buf2)));
	if (b->max_hops > 0 && b->max_hops != 255 &&
	    b->max_hops > (b->neighbor.family == AF_INET6 ? b->hoplimit :
	    b->ttl)) {
		conf_warning(ctx, &obj->loc, "bfd_instance %s: max_hops %d "
		    "exceeds the TTL sent; %d is used", b->name, b->max_hops,
		    b->neighbor.family == AF_INET6 ? b->hoplimit : b->ttl);
		b->max_hops = b->neighbor.family == AF_INET6 ? b->hoplimit :
		    b->ttl;
	}
	if (b->vrrp && b->checker)
		conf_warning(ctx, &obj->loc, "bfd_instance %s: both vrrp and "
		    "checker; its state goes to both", b->name);
}

const struct conf_block conf_bfd_block = {
	.name = "bfd_instance",
	.kws = bfd_kws,
	.size = sizeof(struct conf_bfd),
	.open = bfd_open,
	.close = bfd_close,
};

void
conf_bfd_dump(const struct vigil_conf *conf, FILE *out)
{
	const struct conf_bfd *b;

	TAILQ_FOREACH(b, &conf->bfds, entry) {
		fputs("bfd_instance ", out);
		conf_dump_str(out, b->name);
		fputs(" {\n", out);
		conf_dump_fields(out, &conf_bfd_block, &b->obj, 1);
		fputs("}\n", out);
	}
}

void
conf_bfd_free(struct vigil_conf *conf)
{
	struct conf_bfd *b;

	while ((b = TAILQ_FIRST(&conf->bfds)) != NULL) {
		TAILQ_REMOVE(&conf->bfds, b, entry);
		conf_free_fields(&conf_bfd_block, &b->obj);
		free(b->name);
		free(b);
	}
}

const struct conf_bfd *
conf_bfd_find(const struct vigil_conf *conf, const char *name)
{
	const struct conf_bfd *b;

	TAILQ_FOREACH(b, &conf->bfds, entry)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

/* Each track_bfd names a bfd_instance: error with a suggestion if not. */
static void
bfd_resolve(struct conf_ctx *ctx, const struct conf_names *ix,
    struct conf_ref_list *refs)
{
	struct conf_ref *r;
	struct conf_bfd *b;
	const char **keys;
	size_t n;

	TAILQ_FOREACH(r, refs, entry) {
		if ((r->target = conf_names_get(ix, r->name)) != NULL) {
			b = r->target;
			b->used = true;
			if (b->checker && !b->vrrp)
				conf_warning(ctx, &r->loc, "bfd_instance %s says "
				    "checker: its state goes to the check "
				    "process only, so this track_bfd never "
				    "changes (remove checker)", r->name);
			continue;
		}
		keys = conf_names_keys(ix, &n);
		conf_ref_unknown(ctx, r, "bfd_instance", keys, n);
		free(keys);
	}
}

/* Two sessions to one neighbour from one source, both single hop or
 * both multi hop (one port), cannot be told apart (the neighbour's
 * first packets carry no discriminator of ours). */
static void
bfd_check_unique(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_bfd *b, *o;
	char buf[64];

	TAILQ_FOREACH(b, &conf->bfds, entry)
		for (o = TAILQ_FIRST(&conf->bfds); o != b;
		    o = TAILQ_NEXT(o, entry))
			if (memcmp(&o->neighbor, &b->neighbor,
			    sizeof(b->neighbor)) == 0 &&
			    memcmp(&o->source, &b->source,
			    sizeof(b->source)) == 0 &&
			    (o->max_hops > 0) == (b->max_hops > 0)) {
				conf_error(ctx, &b->obj.loc, "bfd_instance %s "
				    "has the neighbor_ip %s, source_ip and "
				    "kind (single or multi hop) of "
				    "bfd_instance %s", b->name,
				    conf_addr_str(&b->neighbor, buf,
				    sizeof(buf)), o->name);
				break;
			}
}

static bool
bfd_sched_given(const struct conf_proc_sched *b)
{
	size_t i;

	for (i = 0; i < CONF_CPUS_MAX / 64; i++)
		if (b->cpus[i] != 0)
			return true;
	return b->nice != 0 || b->rt_priority != 0 || b->rlimit_rttime != 0 ||
	    b->no_swap || b->name != NULL;
}

/* keepalived's bfd_* keywords tune its BFD process; vigil runs the
 * sessions in the vrrp process, which takes them (core/procs_conf.c). */
static void
bfd_procs_note(struct conf_ctx *ctx, const struct vigil_conf *conf)
{
	const struct conf_procs *p = &conf->global.procs;
	const struct conf_loc *loc = &conf->global.obj.loc;
	int rt;

	if (!bfd_sched_given(&p->bfd))
		return;
	if (TAILQ_EMPTY(&conf->bfds)) {
		conf_note(ctx, loc, "bfd_* process keywords: there is no "
		    "bfd_instance, so they have no effect");
		return;
	}
	rt = p->bfd.rt_priority > p->vrrp.rt_priority ? p->bfd.rt_priority :
	    p->vrrp.rt_priority;
	conf_note(ctx, loc, "vigil has no BFD process: the VRRP process runs "
	    "the bfd_instance sessions and takes the stronger of each bfd_* "
	    "and vrrp_* setting (SCHED_RR priority %d%s%s)", rt ? rt : 1,
	    p->bfd.no_swap || p->vrrp.no_swap ? ", no_swap" : "",
	    p->bfd.name != NULL ? "; bfd_process_name is not used, the VRRP "
	    "process keeps its own name" : "");
	if (p->bfd.nice != 0)
		conf_warning(ctx, loc, "bfd_priority: the VRRP process, which "
		    "runs the BFD sessions, runs SCHED_RR, where a nice value "
		    "has no effect; ignored");
}

void
conf_bfd_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_names ix = { 0 };
	struct conf_bfd *b;
	struct conf_obj *first;
	struct conf_vrrp_instance *vi;
	struct conf_sync_group *g;

	TAILQ_FOREACH(b, &conf->bfds, entry) {
		if (strlen(b->name) > CONF_NAME_MAX)
			conf_error(ctx, &b->obj.loc, "the bfd_instance name is "
			    "%zu characters long; vigil takes at most %d "
			    "(shorten it)", strlen(b->name), CONF_NAME_MAX);
		if ((first = conf_names_put(&ix, b->name, b)) != NULL)
			conf_error(ctx, &b->obj.loc, "bfd_instance %s is "
			    "already defined at %s:%u", b->name,
			    first->loc.file ? first->loc.file : "?",
			    first->loc.line);
	}
	bfd_check_unique(ctx, conf);
	bfd_procs_note(ctx, conf);
	TAILQ_FOREACH(vi, &conf->instances, entry)
		bfd_resolve(ctx, &ix, &vi->track_bfds);
	TAILQ_FOREACH(g, &conf->sync_groups, entry)
		bfd_resolve(ctx, &ix, &g->track_bfds);
	conf_names_free(&ix);
}
