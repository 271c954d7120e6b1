/*
 * virtual_server_group, virtual_server and SSL: the top-level LVS blocks,
 * their keyword tables and hooks, and the life of the LVS part of the
 * configuration (init, free). The real servers are in conf_lvs_rs.c,
 * their checkers in conf_lvs_checker.c, the check pass in conf_lvs_check.c
 * and the dump in conf_lvs_dump.c.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "conf/conf.h"
#include "conf/conf_lvs_priv.h"
#include "conf/conf_priv.h"

#define VS(m)	CONF_OFF(struct conf_virtual_server, m)
#define SSLF(m)	CONF_OFF(struct conf_ssl, m)

#define PERSIST_MAX		(86400 * 31)

/* --- names --- */

static const struct conf_enum sched_enums[] = {
	{ "rr", CONF_SCHED_RR }, { "wrr", CONF_SCHED_WRR },
	{ "lc", CONF_SCHED_LC }, { "wlc", CONF_SCHED_WLC },
	{ "lblc", CONF_SCHED_LBLC }, { "lblcr", CONF_SCHED_LBLCR },
	{ "sh", CONF_SCHED_SH }, { "mh", CONF_SCHED_MH },
	{ "dh", CONF_SCHED_DH }, { "fo", CONF_SCHED_FO },
	{ "ovf", CONF_SCHED_OVF }, { "sed", CONF_SCHED_SED },
	{ "nq", CONF_SCHED_NQ }, { "twos", CONF_SCHED_TWOS },
	{ NULL, 0 }
};

static const struct conf_enum proto_enums[] = {
	{ "TCP", CONF_PROTO_TCP }, { "UDP", CONF_PROTO_UDP },
	{ "SCTP", CONF_PROTO_SCTP }, { NULL, 0 }
};

const struct conf_enum conf_lvs_family_enums[] = {
	{ "inet", AF_INET }, { "inet6", AF_INET6 }, { NULL, 0 }
};

const char *
conf_lvs_sched_name(int sched)
{
	return conf_lvs_enum_name(sched_enums, sched);
}

/* --- virtual_server_group --- */

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int
addr_cmp(const struct conf_addr *a, const struct conf_addr *b)
{
	if (a->family == AF_INET)
		return memcmp(&a->u.v4, &b->u.v4, sizeof(a->u.v4));
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6));
}

/* The end of a range: a whole address, or the last byte (IPv4) or group
 * (IPv6) of the first address ("192.0.2.1-10", "2001:db8::2-9"). */
static int
range_end(struct conf_ctx *ctx, const struct conf_arg *a, const char *s,
    const struct conf_addr *first, struct conf_addr *last)
{
	unsigned long v;
	char *end;

	*last = *first;
	if (strchr(s, '.') != NULL || strchr(s, ':') != NULL) {
		if (conf_addr_from_str(s, false, last) < 0 ||
		    last->family != first->family) {
			conf_error(ctx, &a->loc, "virtual_server_group: '%s' "
			    "is not an address range", a->s);
			return -1;
		}
	} else {
		v = strtoul(s, &end, first->family == AF_INET ? 10 : 16);
		if (*s == '\0' || *end != '\0' ||
		    v > (first->family == AF_INET ? 255UL : 0xffffUL)) {
			conf_error(ctx, &a->loc, "virtual_server_group: '%s' "
			    "is not an address range (the end is a byte of an "
			    "IPv4 or a group of an IPv6 address)", a->s);
			return -1;
		}
		if (first->family == AF_INET)
			((uint8_t *)&last->u.v4)[3] = (uint8_t)v;
		else {
			last->u.v6.s6_addr[14] = (uint8_t)(v >> 8);
			last->u.v6.s6_addr[15] = (uint8_t)v;
		}
	}
	if (addr_cmp(last, first) < 0) {
		conf_error(ctx, &a->loc, "virtual_server_group: range '%s' "
		    "ends before it starts", a->s);
		return -1;
	}
	return 0;
}

/* ADDR, ADDR-END or ADDR/LEN */
static int
vsg_addr(struct conf_ctx *ctx, const struct conf_arg *a,
    struct conf_vs_group_entry *e)
{
	char buf[INET6_ADDRSTRLEN + 48], *dash;

	if (strlen(a->s) >= sizeof(buf)) {
		conf_error(ctx, &a->loc, "virtual_server_group: '%s' is not "
		    "an address", a->s);
		return -1;
	}
	strcpy(buf, a->s);
	if ((dash = strchr(buf, '-')) != NULL)
		*dash++ = '\0';
	if (conf_addr_from_str(buf, dash == NULL, &e->first) < 0) {
		conf_error(ctx, &a->loc, "virtual_server_group: '%s' is not "
		    "an address, range or prefix", a->s);
		return -1;
	}
	if (dash != NULL)
		return range_end(ctx, a, dash, &e->first, &e->last);
	e->last = e->first;
	return 0;
}

/* One entry: "fwmark N [inet|inet6]" or "ADDRESS-SPEC [PORT]". */
static int
vsg_entry(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_arg *args, size_t nargs)
{
	struct conf_vs_group *g = (struct conf_vs_group *)obj;
	struct conf_vs_group_entry *e = xcalloc(1, sizeof(*e));
	int used = 1, port;
	int64_t v;

	e->loc = args[0].loc;
	if (strcmp(args[0].s, "fwmark") == 0) {
		if (nargs < 2) {
			conf_error(ctx, &args[0].loc, "fwmark needs a value");
			goto fail;
		}
		if (conf_parse_int(ctx, &args[1], "fwmark", 1, UINT32_MAX,
		    &v) < 0)
			goto fail;
		e->is_fwmark = true;
		e->fwmark = (uint32_t)v;
		used = 2;
		if (nargs > 2 && (strcmp(args[2].s, "inet") == 0 ||
		    strcmp(args[2].s, "inet6") == 0)) {
			e->fwmark_family = args[2].s[4] == '6' ? AF_INET6 :
			    AF_INET;
			used = 3;
		}
	} else {
		if (vsg_addr(ctx, &args[0], e) < 0)
			goto fail;
		if (nargs > 1 && all_digits(args[1].s)) {
			if (conf_lvs_parse_port(ctx, &args[1], "port", 0,
			    &port) < 0)
				goto fail;
			e->port = (uint16_t)port;
			used = 2;
		}
	}
	TAILQ_INSERT_TAIL(&g->entries, e, entry);
	g->nentries++;
	return used;
fail:
	free(e);
	return -1;
}

/* Entry lines read as statements (when the group is parsed as a block):
 * the "keyword" is the first word of the entry. */
static int
vsg_unknown(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_node *n)
{
	struct conf_arg *args = xreallocarray(NULL, n->nargs + 1,
	    sizeof(*args));
	size_t i, na = n->nargs + 1;
	int r = 0;

	args[0].s = n->kw;
	args[0].loc = n->loc;
	args[0].quoted = false;
	for (i = 0; i < n->nargs; i++)
		args[i + 1] = n->args[i];
	for (i = 0; i < na; i++)
		if (conf_check_placeholder(ctx, &args[i]) < 0)
			break;
	if (i == na)
		for (i = 0; i < na; i += (size_t)r)
			if ((r = vsg_entry(ctx, obj, &args[i], na - i)) <= 0)
				break;
	if (n->has_block)
		conf_error(ctx, &n->block_loc, "virtual_server_group entries "
		    "do not take a block");
	free(args);
	return 1;
}

static struct conf_obj *
vsg_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_vs_group *g;

	if (node->nargs != 1) {
		conf_error(ctx, &node->loc, "virtual_server_group needs a "
		    "name");
		return NULL;
	}
	/* A name defined twice: conf_wild_dups keeps the first. */
	g = xcalloc(1, sizeof(*g));
	g->obj.loc = node->loc;
	g->name = xstrdup(node->args[0].s);
	TAILQ_INIT(&g->entries);
	TAILQ_INSERT_TAIL(&conf->lvs.groups, g, entry);
	return &g->obj;
}

static void
vsg_close(struct conf_ctx *ctx, struct conf_obj *obj)
{
	struct conf_vs_group *g = (struct conf_vs_group *)obj;

	if (g->nentries == 0)
		conf_error(ctx, &g->obj.loc, "virtual_server_group %s has no "
		    "entries", g->name);
}

const struct conf_block conf_lvs_virtual_server_group_block = {
	.name = "virtual_server_group",
	.kws = (const struct conf_kw[]){ { NULL } },
	.size = sizeof(struct conf_vs_group),
	.open = vsg_open,
	.close = vsg_close,
	.entry = vsg_entry,
	.unknown = vsg_unknown,
};

/* --- virtual_server --- */

/* persistence_timeout [SECONDS] */
static int
persist_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)obj;
	int64_t v = PERSIST_DEFAULT;

	if (n->nargs > 0 && conf_parse_int(ctx, &n->args[0], kw->name, 1,
	    PERSIST_MAX, &v) < 0)
		return -1;
	vs->persistence_timeout = (uint32_t)v;
	return 0;
}

static void
dump_persist(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_virtual_server *vs =
	    (const struct conf_virtual_server *)obj;

	if (vs->persistence_timeout == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %" PRIu32 "\n", kw->name, vs->persistence_timeout);
}

/* persistence_granularity: an IPv4 netmask or an IPv6 prefix length */
static int
pgran_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)obj;
	const struct conf_arg *a = &n->args[0];
	struct in_addr m;
	uint32_t h;
	int64_t v;
	int plen;

	if (strchr(a->s, '.') == NULL) {
		if (conf_parse_int(ctx, a, kw->name, 1, 128, &v) < 0)
			return -1;
		vs->pgran_family = AF_INET6;
		vs->pgran_plen = (uint8_t)v;
		vs->pgran_set = true;
		return 0;
	}
	if (inet_pton(AF_INET, a->s, &m) != 1) {
		conf_error(ctx, &a->loc, "%s: '%s' is not a netmask", kw->name,
		    a->s);
		return -1;
	}
	h = ntohl(m.s_addr);
	for (plen = 0; plen < 32 && (h & (UINT32_C(1) << (31 - plen))); plen++)
		;
	if (plen == 0 || (plen < 32 && (h << plen) != 0)) {
		conf_error(ctx, &a->loc, "%s: '%s' is not a netmask (its ones "
		    "must be contiguous, at least one)", kw->name, a->s);
		return -1;
	}
	vs->pgran_family = AF_INET;
	vs->pgran_plen = (uint8_t)plen;
	vs->pgran_set = true;
	return 0;
}

static void
dump_pgran(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_virtual_server *vs =
	    (const struct conf_virtual_server *)obj;
	struct in_addr m;
	char buf[INET_ADDRSTRLEN];

	if (!vs->pgran_set)
		return;
	conf_dump_indent(out, depth);
	if (vs->pgran_family == AF_INET6) {
		fprintf(out, "%s %u\n", kw->name, vs->pgran_plen);
		return;
	}
	m.s_addr = htonl(vs->pgran_plen == 32 ? UINT32_MAX :
	    ~(UINT32_MAX >> vs->pgran_plen));
	inet_ntop(AF_INET, &m, buf, sizeof(buf));
	fprintf(out, "%s %s\n", kw->name, buf);
}

/* protocol: dumped once resolved, and never for fwmark services */
static void
dump_protocol(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_virtual_server *vs =
	    (const struct conf_virtual_server *)obj;

	if (vs->protocol == 0)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s %s\n", kw->name,
	    conf_lvs_enum_name(proto_enums, vs->protocol));
}

/* sorry_server ADDRESS [PORT] */
static int
sorry_handler(struct conf_ctx *ctx, struct conf_obj *obj,
    const struct conf_kw *kw, const struct conf_node *n)
{
	struct conf_virtual_server *vs = (struct conf_virtual_server *)obj;
	struct conf_addr addr;
	int port = 0;

	if (conf_parse_addr(ctx, &n->args[0], kw->name, false, &addr) < 0)
		return -1;
	if (n->nargs > 1 && conf_lvs_parse_port(ctx, &n->args[1],
	    "sorry_server port", 0, &port) < 0)
		return -1;
	vs->has_sorry = true;
	vs->sorry_addr = addr;
	vs->sorry_port = port;
	return 0;
}

static void
dump_sorry(FILE *out, const struct conf_obj *obj, const struct conf_kw *kw,
    int depth)
{
	const struct conf_virtual_server *vs =
	    (const struct conf_virtual_server *)obj;

	if (!vs->has_sorry)
		return;
	conf_dump_indent(out, depth);
	fprintf(out, "%s ", kw->name);
	conf_dump_addr(out, &vs->sorry_addr);
	if (vs->sorry_port != 0)
		fprintf(out, " %d", vs->sorry_port);
	fputc('\n', out);
	if (vs->sorry_inhibit) {
		conf_dump_indent(out, depth);
		fputs("sorry_server_inhibit\n", out);
	}
	conf_lvs_forward_print(out, "sorry_server_lvs_method", &vs->sorry_fwd,
	    depth);
}

static const struct conf_kw vs_kws[] = {
	{ "delay_loop", CONF_T_DECIMAL, VS(delay_loop_us), .scale = USEC,
	  .min = 1, .max = TIMER_MAX, .def = "60" },
	{ "lvs_sched", CONF_T_ENUM, VS(sched), .enums = sched_enums,
	  .fallback = CONF_SCHED_WLC, .def = "wlc" },
	{ "lb_algo", .alias_of = "lvs_sched" },
	{ "lvs_method", CONF_T_NONE, VS(fwd), .min_args = 1, .max_args = 7,
	  .handler = conf_lvs_forward_handler, .dump = conf_lvs_dump_forward,
	  .def = "NAT" },
	{ "lb_kind", .alias_of = "lvs_method" },
	{ "protocol", CONF_T_ENUM, VS(protocol), .enums = proto_enums,
	  .fallback = CONF_PROTO_UDP, .dump = dump_protocol },
	{ "persistence_timeout", CONF_T_NONE, .min_args = 0, .max_args = 1,
	  .handler = persist_handler, .dump = dump_persist },
	{ "persistence_granularity", CONF_T_NONE, .min_args = 1,
	  .max_args = 1, .handler = pgran_handler, .dump = dump_pgran },
	{ "persistence_engine", CONF_T_STRING, VS(persistence_engine) },
	{ "ip_family", CONF_T_ENUM, VS(ip_family),
	  .enums = conf_lvs_family_enums, .fallback = CONF_NO_FALLBACK },
	{ "connect_timeout", CONF_T_DECIMAL, VS(connect_timeout_us),
	  .scale = USEC, .min = 1, .max = UINT32_MAX, .def = "5" },
	{ "retry", CONF_T_U32, VS(retry), .min = 0, .max = UINT32_MAX },
	{ "nb_get_retry", .alias_of = "retry" },
	TIMER("delay_before_retry", VS(delay_before_retry_us), 0),
	TIMER("warmup", VS(warmup_us), 0),
	{ "inhibit_on_failure", CONF_T_BOOL, VS(inhibit_on_failure),
	  .dump = conf_lvs_dump_flag },
	{ "alpha", CONF_T_BOOL, VS(alpha), .dump = conf_lvs_dump_flag },
	{ "omega", CONF_T_BOOL, VS(omega), .dump = conf_lvs_dump_flag },
	{ "ha_suspend", CONF_T_BOOL, VS(ha_suspend),
	  .dump = conf_lvs_dump_flag },
	{ "quorum", CONF_T_U32, VS(quorum), .min = 1, .max = UINT32_MAX,
	  .def = "1" },
	{ "hysteresis", CONF_T_U32, VS(hysteresis), .min = 0,
	  .max = UINT32_MAX, .def = "0" },
	{ "quorum_up", CONF_T_CMD, VS(quorum_up) },
	{ "quorum_down", CONF_T_CMD, VS(quorum_down) },
	{ "weight", CONF_T_U32, VS(weight), .min = 1, .max = WEIGHT_MAX,
	  .def = "1" },
	{ "smtp_alert", CONF_T_BOOL, VS(smtp_alert),
	  .dump = conf_lvs_dump_bool_always },
	{ "virtualhost", CONF_T_STRING, VS(virtualhost) },
	{ "ops", CONF_T_FLAG, VS(ops) },
	{ "hashed", CONF_T_FLAG, VS(hashed) },
	{ "flag-1", CONF_T_FLAG, VS(flag1) },
	{ "flag-2", CONF_T_FLAG, VS(flag2) },
	{ "flag-3", CONF_T_FLAG, VS(flag3) },
	{ "sh-port", CONF_T_FLAG, VS(sh_port) },
	{ "sh-fallback", CONF_T_FLAG, VS(sh_fallback) },
	{ "mh-port", CONF_T_FLAG, VS(mh_port) },
	{ "mh-fallback", CONF_T_FLAG, VS(mh_fallback) },
	{ "sorry_server", CONF_T_NONE, .min_args = 1, .max_args = 2,
	  .handler = sorry_handler, .dump = dump_sorry },
	{ "sorry_server_inhibit", CONF_T_FLAG, VS(sorry_inhibit),
	  .flags = CONF_KW_NODUMP },
	{ "sorry_server_lvs_method", CONF_T_NONE, VS(sorry_fwd),
	  .min_args = 1, .max_args = 7, .handler = conf_lvs_forward_handler,
	  .flags = CONF_KW_NODUMP },
	{ "snmp_name", CONF_T_STRING, VS(snmp_name) },
	{ "nat_mask", CONF_T_NONE, .min_args = 1, .max_args = 1,
	  .handler = conf_lvs_nat_mask, .flags = CONF_KW_NODUMP },
	{ "real_server", CONF_T_BLOCK, .sub = &conf_lvs_rs_block,
	  .min_args = 1, .max_args = 2,
	  .flags = CONF_KW_MULTI | CONF_KW_NODUMP },
	{ NULL }
};

/* virtual_server ADDRESS [PORT] | fwmark N | group NAME */
static struct conf_obj *
vs_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;
	struct conf_virtual_server vs0, *vs;
	const char *a0 = node->args[0].s;
	int64_t v;

	memset(&vs0, 0, sizeof(vs0));
	if (strcmp(a0, "fwmark") == 0 || strcmp(a0, "group") == 0) {
		if (node->nargs != 2) {
			conf_error(ctx, &node->args[0].loc, "virtual_server "
			    "%s needs a %s", a0, a0[0] == 'f' ? "mark" :
			    "group name");
			return NULL;
		}
		if (a0[0] == 'g') {
			vs0.kind = CONF_VS_GROUP;
			vs0.group_loc = node->args[1].loc;
		} else {
			if (conf_parse_int(ctx, &node->args[1], "fwmark", 1,
			    UINT32_MAX, &v) < 0)
				return NULL;
			vs0.kind = CONF_VS_FWMARK;
			vs0.fwmark = (uint32_t)v;
		}
	} else {
		if (conf_parse_addr(ctx, &node->args[0], "virtual_server",
		    false, &vs0.addr) < 0)
			return NULL;
		if (node->nargs > 1 && conf_lvs_parse_port(ctx, &node->args[1],
		    "virtual_server port", 0, &vs0.port) < 0)
			return NULL;
		vs0.kind = CONF_VS_ADDR;
	}
	vs = xcalloc(1, sizeof(*vs));
	*vs = vs0;
	if (vs->kind == CONF_VS_GROUP)
		vs->group = xstrdup(node->args[1].s);
	TAILQ_INIT(&vs->real_servers);
	TAILQ_INSERT_TAIL(&conf->lvs.vss, vs, entry);
	return &vs->obj;
}

const struct conf_block conf_lvs_virtual_server_block = {
	.name = "virtual_server",
	.kws = vs_kws,
	.size = sizeof(struct conf_virtual_server),
	.open = vs_open,
};

/* --- SSL --- */

static const struct conf_kw ssl_kws[] = {
	{ "password", CONF_T_STRING, SSLF(password) },
	{ "ca", CONF_T_PATH, SSLF(ca) },
	{ "certificate", CONF_T_PATH, SSLF(certificate) },
	{ "key", CONF_T_PATH, SSLF(key) },
	{ NULL }
};

static struct conf_obj *
ssl_open(struct conf_ctx *ctx, struct conf_obj *parent,
    const struct conf_node *node)
{
	struct vigil_conf *conf = (struct vigil_conf *)parent;

	if (conf->lvs.ssl != NULL) {
		conf_warning(ctx, &node->loc, "SSL given twice; the last one "
		    "is used");
		conf_free_fields(&conf_lvs_ssl_block, &conf->lvs.ssl->obj);
		free(conf->lvs.ssl);
	}
	conf->lvs.ssl = xcalloc(1, sizeof(*conf->lvs.ssl));
	return &conf->lvs.ssl->obj;
}

const struct conf_block conf_lvs_ssl_block = {
	.name = "SSL",
	.kws = ssl_kws,
	.size = sizeof(struct conf_ssl),
	.open = ssl_open,
};

/* --- init and free --- */

void
conf_lvs_init(struct vigil_conf *conf)
{
	TAILQ_INIT(&conf->lvs.vss);
	TAILQ_INIT(&conf->lvs.groups);
	conf->lvs.ssl = NULL;
}

void
conf_lvs_group_free(struct conf_vs_group *g)
{
	struct conf_vs_group_entry *e;

	while ((e = TAILQ_FIRST(&g->entries)) != NULL) {
		TAILQ_REMOVE(&g->entries, e, entry);
		free(e);
	}
	free(g->name);
	free(g);
}

void
conf_lvs_free(struct vigil_conf *conf)
{
	struct conf_virtual_server *vs;
	struct conf_real_server *rs;
	struct conf_vs_group *g;

	while ((vs = TAILQ_FIRST(&conf->lvs.vss)) != NULL) {
		TAILQ_REMOVE(&conf->lvs.vss, vs, entry);
		while ((rs = TAILQ_FIRST(&vs->real_servers)) != NULL) {
			TAILQ_REMOVE(&vs->real_servers, rs, entry);
			conf_lvs_free_rs(rs);
		}
		conf_free_fields(&conf_lvs_virtual_server_block, &vs->obj);
		free(vs->group);
		free(vs);
	}
	while ((g = TAILQ_FIRST(&conf->lvs.groups)) != NULL) {
		TAILQ_REMOVE(&conf->lvs.groups, g, entry);
		conf_lvs_group_free(g);
	}
	if (conf->lvs.ssl != NULL) {
		conf_free_fields(&conf_lvs_ssl_block, &conf->lvs.ssl->obj);
		free(conf->lvs.ssl);
		conf->lvs.ssl = NULL;
	}
}
