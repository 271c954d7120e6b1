/*
 * The LVS cross-reference pass, run once the whole input is read:
 * virtual_server_group references, what real servers and checkers
 * inherit, keepalived's defaults that depend on other values, quorum,
 * sorry server and duplicate services.
 *
 * What a checker does not set comes from its real server, then its
 * virtual server, then the checker type's own default, as in keepalived.
 * Since a virtual server's keywords may follow its real servers, that
 * inheritance is resolved here, once everything is read.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"
#include "conf/conf_priv.h"

static bool
given(const struct conf_block *blk, const void *obj, const char *name)
{
	return conf_kw_given(blk, (const struct conf_obj *)obj, name);
}

static void
resolve_group(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_virtual_server *vs)
{
	const char *names[256];
	struct conf_vs_group *g;
	size_t n = 0;

	TAILQ_FOREACH(g, &conf->lvs.groups, entry) {
		if (strcmp(g->name, vs->group) == 0) {
			vs->vsg = g;
			g->used = true;
			return;
		}
		if (n < ARRAY_SIZE(names))
			names[n++] = g->name;
	}
	conf_error(ctx, &vs->group_loc, "virtual_server_group %s is not "
	    "defined%s", vs->group, conf_did_you_mean(vs->group, names, n));
}

/* Whether the service has addresses (else it is made of fwmarks only). */
static bool
vs_has_addresses(const struct conf_virtual_server *vs)
{
	const struct conf_vs_group_entry *e;

	if (vs->kind != CONF_VS_GROUP)
		return vs->kind == CONF_VS_ADDR;
	if (vs->vsg == NULL)
		return true;
	TAILQ_FOREACH(e, &vs->vsg->entries, entry)
		if (!e->is_fwmark)
			return true;
	return false;
}

/* A service without a port must be persistent (keepalived sets it). */
static bool
vs_needs_persistence(const struct conf_virtual_server *vs)
{
	const struct conf_vs_group_entry *e;

	if (vs->kind == CONF_VS_ADDR)
		return vs->port == 0;
	if (vs->kind == CONF_VS_GROUP && vs->vsg != NULL)
		TAILQ_FOREACH(e, &vs->vsg->entries, entry)
			if (!e->is_fwmark && e->port == 0)
				return true;
	return false;
}

static void
vs_check_protocol(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	const struct conf_block *b = &conf_lvs_virtual_server_block;

	if (!vs_has_addresses(vs)) {
		if (given(b, vs, "protocol"))
			conf_warning(ctx, &vs->obj.loc, "protocol is not used "
			    "by a fwmark virtual_server; ignored");
		vs->protocol = 0;
		if (vs->ha_suspend) {
			conf_warning(ctx, &vs->obj.loc, "ha_suspend does not "
			    "apply to a fwmark virtual_server; ignored");
			vs->ha_suspend = false;
		}
		return;
	}
	if (!given(b, vs, "protocol") && vs->protocol == 0) {
		conf_warning(ctx, &vs->obj.loc, "virtual_server has no "
		    "protocol; using UDP as keepalived does (add 'protocol "
		    "TCP' for a TCP service)");
		vs->protocol = CONF_PROTO_UDP;
	}
	if (vs->ops && vs->protocol != CONF_PROTO_UDP) {
		conf_warning(ctx, &vs->obj.loc, "ops (one-packet scheduling) "
		    "needs protocol UDP; ignored");
		vs->ops = false;
	}
}

static void
vs_check_flags(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	bool sh = vs->sched == CONF_SCHED_SH, mh = vs->sched == CONF_SCHED_MH;

	if ((vs->sh_port || vs->sh_fallback) && !sh) {
		conf_warning(ctx, &vs->obj.loc, "sh-port and sh-fallback only "
		    "apply to lvs_sched sh; ignored");
		vs->sh_port = vs->sh_fallback = false;
	}
	if ((vs->mh_port || vs->mh_fallback) && !mh) {
		conf_warning(ctx, &vs->obj.loc, "mh-port and mh-fallback only "
		    "apply to lvs_sched mh; ignored");
		vs->mh_port = vs->mh_fallback = false;
	}
	if (vs_needs_persistence(vs) && vs->persistence_timeout == 0) {
		conf_warning(ctx, &vs->obj.loc, "a virtual_server without a "
		    "port must be persistent; using persistence_timeout %d",
		    PERSIST_DEFAULT);
		vs->persistence_timeout = PERSIST_DEFAULT;
	}
	if (vs->pgran_set && vs->persistence_timeout == 0)
		vs->persistence_timeout = PERSIST_DEFAULT;
	if (vs->pgran_set && vs->kind == CONF_VS_ADDR &&
	    vs->addr.family == AF_INET && vs->pgran_family == AF_INET6 &&
	    vs->pgran_plen > 32)
		conf_error(ctx, &vs->obj.loc, "persistence_granularity /%u is "
		    "too long for an IPv4 service (1-32, or a netmask)",
		    vs->pgran_plen);
	if (vs->pgran_set && vs->kind == CONF_VS_ADDR &&
	    vs->addr.family == AF_INET6 && vs->pgran_family == AF_INET)
		conf_error(ctx, &vs->obj.loc, "persistence_granularity of an "
		    "IPv6 service is a prefix length (1-128), not a netmask");
	if (vs->kind == CONF_VS_ADDR && vs->ip_family != AF_UNSPEC &&
	    vs->ip_family != vs->addr.family)
		conf_error(ctx, &vs->obj.loc, "ip_family %s does not match the "
		    "address of the virtual_server",
		    conf_lvs_enum_name(conf_lvs_family_enums, vs->ip_family));
}

static bool
global_alert(const struct vigil_conf *conf, bool def)
{
	const struct conf_obj *g = &conf->global.obj;

	if (conf_kw_given(&conf_global_block, g, "smtp_alert_checker"))
		return conf->global.smtp_alert_checker;
	if (conf_kw_given(&conf_global_block, g, "smtp_alert"))
		return conf->global.smtp_alert;
	return def;
}

/* The port of a real (or sorry) server: the service's unless NAT may
 * translate it. */
static int
server_port(struct conf_ctx *ctx, const struct conf_virtual_server *vs,
    int method, int port, const struct conf_loc *loc, const char *what)
{
	if (vs->kind == CONF_VS_ADDR && vs->port != 0) {
		if (port == 0)
			return vs->port;
		if (method != CONF_LVS_NAT && port != vs->port) {
			conf_warning(ctx, loc, "%s port %d differs from the "
			    "virtual_server port %d, which %s forwarding "
			    "keeps; using %d", what, port, vs->port,
			    conf_lvs_method_name(method), vs->port);
			return vs->port;
		}
	} else if (vs->kind != CONF_VS_GROUP && method != CONF_LVS_NAT &&
	    port != 0) {
		conf_warning(ctx, loc, "%s port %d is not used by a virtual_"
		    "server without a port and %s forwarding; ignored", what,
		    port, conf_lvs_method_name(method));
		return 0;
	}
	return port;
}

static const char *
family_name(sa_family_t af)
{
	return af == AF_INET ? "IPv4" : "IPv6";
}

/* The family of the service's addresses, AF_UNSPEC for marks only. */
static sa_family_t
vs_family(const struct conf_virtual_server *vs, const struct conf_loc **loc)
{
	const struct conf_vs_group_entry *e;

	*loc = &vs->obj.loc;
	if (vs->kind == CONF_VS_ADDR)
		return vs->addr.family;
	if (vs->kind == CONF_VS_GROUP && vs->vsg != NULL)
		TAILQ_FOREACH(e, &vs->vsg->entries, entry)
			if (!e->is_fwmark) {
				*loc = &e->loc;
				return e->first.family;
			}
	return AF_UNSPEC;
}

static void
server_family(struct conf_ctx *ctx, const struct conf_virtual_server *vs,
    const struct conf_addr *a, int method, const struct conf_loc *loc,
    const char *what)
{
	const struct conf_vs_group_entry *e;
	const struct conf_loc *at;
	sa_family_t af = vs_family(vs, &at);

	if (method == CONF_LVS_TUN || af == AF_UNSPEC)
		return;
	if (vs->kind == CONF_VS_GROUP)
		TAILQ_FOREACH(e, &vs->vsg->entries, entry)
			if (!e->is_fwmark && e->first.family != a->family) {
				af = e->first.family;
				at = &e->loc;
				break;
			}
	if (a->family == af)
		return;
	conf_error(ctx, loc, "%s is %s but the virtual_server is %s (line %u; "
	    "only TUN forwarding can mix them)", what, family_name(a->family),
	    family_name(af), at->line);
}

static void
rs_inherit(struct conf_ctx *ctx, const struct vigil_conf *conf,
    const struct conf_virtual_server *vs, struct conf_real_server *rs)
{
	if (!given(&conf_lvs_rs_block, rs, "weight"))
		rs->weight = vs->weight;
	if (!given(&conf_lvs_rs_block, rs, "lvs_method"))
		rs->fwd = vs->fwd;
	if (!given(&conf_lvs_rs_block, rs, "inhibit_on_failure"))
		rs->inhibit_on_failure = vs->inhibit_on_failure;
	if (!given(&conf_lvs_rs_block, rs, "alpha"))
		rs->alpha = vs->alpha;
	if (!given(&conf_lvs_rs_block, rs, "smtp_alert"))
		rs->smtp_alert = global_alert(conf, true);
	if (!given(&conf_lvs_rs_block, rs, "connect_timeout"))
		rs->connect_timeout_us = vs->connect_timeout_us;
	if (!given(&conf_lvs_rs_block, rs, "delay_loop"))
		rs->delay_loop_us = vs->delay_loop_us;
	server_family(ctx, vs, &rs->addr, rs->fwd.method, &rs->obj.loc,
	    "real_server");
	rs->port = server_port(ctx, vs, rs->fwd.method, rs->port,
	    &rs->obj.loc, "real_server");
}

/* A value of a checker: its own, else the real server's, else the virtual
 * server's, else the checker type's default. */
#define INHERIT(c, rs, vs, kw, f, def) do {				\
	if (given(conf_lvs_check_types[(c)->type].blk, (c), kw))	\
		break;							\
	if (given(&conf_lvs_rs_block, (rs), kw))			\
		(c)->f = (rs)->f;					\
	else if (given(&conf_lvs_virtual_server_block, (vs), kw))	\
		(c)->f = (vs)->f;					\
	else								\
		(c)->f = (def);						\
} while (0)

static void
check_inherit(struct conf_ctx *ctx, const struct vigil_conf *conf,
    const struct conf_virtual_server *vs, const struct conf_real_server *rs,
    struct conf_check *c)
{
	const struct conf_lvs_check_type *t = &conf_lvs_check_types[c->type];

	if (c->type == CONF_CHECK_FILE) {
		conf_lvs_file_resolve(ctx, (struct vigil_conf *)conf, c);
		return;
	}
	if (c->type == CONF_CHECK_BFD) {
		conf_lvs_bfd_resolve(ctx, conf, rs, c);
		return;
	}
	if (!given(t->blk, c, "delay_loop"))
		c->delay_loop_us = rs->delay_loop_us;
	if (!given(t->blk, c, "connect_timeout"))
		c->connect_timeout_us = rs->connect_timeout_us;
	INHERIT(c, rs, vs, "retry", retry, t->retry);
	INHERIT(c, rs, vs, "delay_before_retry", delay_before_retry_us,
	    t->delay_before_retry_us < 0 ? c->delay_loop_us :
	    t->delay_before_retry_us);
	INHERIT(c, rs, vs, "warmup", warmup_us, c->delay_loop_us);
	if (!given(t->blk, c, "alpha"))
		c->alpha = rs->alpha;
	if (!given(t->blk, c, "log_all_failures"))
		c->log_all_failures = conf->global.checker_log_all_failures;
	if (c->type == CONF_CHECK_MISC && c->misc_timeout_us == 0)
		c->misc_timeout_us = c->delay_loop_us;
	if (c->bindto.family != AF_UNSPEC && c->bindto.family !=
	    (c->connect_ip.family != AF_UNSPEC ? c->connect_ip.family :
	    rs->addr.family))
		conf_error(ctx, &c->obj.loc, "%s: bindto is %s but the address "
		    "checked is not", t->name, family_name(c->bindto.family));
	if (t->default_port == 0 && c->connect_port == 0 && rs->port == 0)
		conf_error(ctx, &c->obj.loc, "%s has no port to connect to: "
		    "the real_server has none; add connect_port", t->name);
}

static void
rs_remove_duplicates(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	struct conf_real_server *rs, *prev, *next;

	for (rs = TAILQ_FIRST(&vs->real_servers); rs != NULL; rs = next) {
		next = TAILQ_NEXT(rs, entry);
		TAILQ_FOREACH(prev, &vs->real_servers, entry) {
			if (prev == rs)
				break;
			if (prev->port == rs->port &&
			    conf_lvs_addr_equal(&prev->addr, &rs->addr))
				break;
		}
		if (prev == rs)
			continue;
		conf_warning(ctx, &rs->obj.loc, "real_server given twice in "
		    "this virtual_server (first at line %u); the second one "
		    "is ignored", prev->obj.loc.line);
		TAILQ_REMOVE(&vs->real_servers, rs, entry);
		vs->nrs--;
		conf_lvs_free_rs(rs);
	}
}

static void
vs_check_quorum(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	const struct conf_real_server *rs;
	uint64_t sum = 0;

	TAILQ_FOREACH(rs, &vs->real_servers, entry)
		sum += rs->weight;
	if (vs->nrs > 0 && sum > 0 && vs->quorum > sum) {
		conf_warning(ctx, &vs->obj.loc, "quorum %" PRIu32 " is above "
		    "the total weight of the real servers (%" PRIu64 "); "
		    "using %" PRIu64, vs->quorum, sum, sum);
		vs->quorum = (uint32_t)sum;
	}
	if (vs->hysteresis >= vs->quorum) {
		conf_warning(ctx, &vs->obj.loc, "hysteresis %" PRIu32 " must "
		    "be below the quorum %" PRIu32 "; using %" PRIu32,
		    vs->hysteresis, vs->quorum, vs->quorum - 1);
		vs->hysteresis = vs->quorum - 1;
	}
}

static void
vs_check_sorry(struct conf_ctx *ctx, struct conf_virtual_server *vs)
{
	const struct conf_block *b = &conf_lvs_virtual_server_block;

	if (!vs->has_sorry) {
		if (given(b, vs, "sorry_server_inhibit") ||
		    given(b, vs, "sorry_server_lvs_method"))
			conf_warning(ctx, &vs->obj.loc, "sorry_server_inhibit "
			    "and sorry_server_lvs_method need a sorry_server; "
			    "ignored");
		vs->sorry_inhibit = false;
		return;
	}
	if (!given(b, vs, "sorry_server_lvs_method"))
		vs->sorry_fwd = vs->fwd;
	server_family(ctx, vs, &vs->sorry_addr, vs->sorry_fwd.method,
	    &vs->obj.loc, "sorry_server");
	vs->sorry_port = server_port(ctx, vs, vs->sorry_fwd.method,
	    vs->sorry_port, &vs->obj.loc, "sorry_server");
}

static void
vs_check(struct conf_ctx *ctx, struct vigil_conf *conf,
    struct conf_virtual_server *vs)
{
	struct conf_real_server *rs;
	struct conf_check *c;

	if (vs->kind == CONF_VS_GROUP)
		resolve_group(ctx, conf, vs);
	if (!given(&conf_lvs_virtual_server_block, vs, "smtp_alert"))
		vs->smtp_alert = global_alert(conf, false);
	vs_check_protocol(ctx, vs);
	vs_check_flags(ctx, vs);
	vs_check_sorry(ctx, vs);
	if (vs->nrs == 0)
		conf_warning(ctx, &vs->obj.loc, "virtual_server has no "
		    "real_server; ignored, as keepalived does");
	TAILQ_FOREACH(rs, &vs->real_servers, entry) {
		rs_inherit(ctx, conf, vs, rs);
		TAILQ_FOREACH(c, &rs->checks, entry)
			check_inherit(ctx, conf, vs, rs, c);
	}
	rs_remove_duplicates(ctx, vs);
	vs_check_quorum(ctx, vs);
}

/* Order of services, to find duplicates by sorting; ties broken by the
 * order of definition so that the later one is reported. */
struct vs_ref {
	const struct conf_virtual_server *vs;
	size_t			 idx;
};

static int
vs_cmp_service(const struct conf_virtual_server *a,
    const struct conf_virtual_server *b)
{
	size_t len;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	switch (a->kind) {
	case CONF_VS_FWMARK:
		if (a->fwmark != b->fwmark)
			return a->fwmark < b->fwmark ? -1 : 1;
		return a->ip_family - b->ip_family;
	case CONF_VS_GROUP:
		if ((c = strcmp(a->group, b->group)) != 0)
			return c;
		return a->protocol - b->protocol;
	default:
		if (a->addr.family != b->addr.family)
			return a->addr.family - b->addr.family;
		len = a->addr.family == AF_INET ? 4 : 16;
		if ((c = memcmp(&a->addr.u, &b->addr.u, len)) != 0)
			return c;
		if (a->port != b->port)
			return a->port - b->port;
		return a->protocol - b->protocol;
	}
}

static int
vs_ref_cmp(const void *pa, const void *pb)
{
	const struct vs_ref *a = pa, *b = pb;
	int c = vs_cmp_service(a->vs, b->vs);

	if (c != 0)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void
vs_check_duplicates(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_virtual_server *vs;
	struct vs_ref *v;
	size_t i, n = 0;

	TAILQ_FOREACH(vs, &conf->lvs.vss, entry)
		n++;
	if (n < 2)
		return;
	v = xreallocarray(NULL, n, sizeof(*v));
	n = 0;
	TAILQ_FOREACH(vs, &conf->lvs.vss, entry) {
		v[n].vs = vs;
		v[n].idx = n;
		n++;
	}
	qsort(v, n, sizeof(*v), vs_ref_cmp);
	for (i = 1; i < n; i++)
		if (vs_cmp_service(v[i - 1].vs, v[i].vs) == 0)
			conf_error(ctx, &v[i].vs->obj.loc, "this virtual_server "
			    "is the same service as the one at line %u",
			    v[i - 1].vs->obj.loc.line);
	free(v);
}

void
conf_lvs_check(struct conf_ctx *ctx, struct vigil_conf *conf)
{
	struct conf_virtual_server *vs;

	TAILQ_FOREACH(vs, &conf->lvs.vss, entry)
		vs_check(ctx, conf, vs);
	vs_check_duplicates(ctx, conf);
}
